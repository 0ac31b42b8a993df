"""Watched folders: a fax spool and a partner drop, with the gateway in-process or as a subprocess.

The fax is a real multi-page CCITT G4 TIFF made with Pillow and written slowly, in chunks, into the
folder the way a fax server writes it; restarts use ``GatewayProcess`` (stop, SIGKILL) and check the
journal through the HTTP API.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont
from pydantic import ValidationError

from connectors.fax_metadata import clean_number, parse_received
from gateway.config import FolderSection
from gateway.store.journal import OPEN_STATUSES
from testkit.harness import API_KEY, GatewayProcess, running_gateway, wait_until, write_config

FAX_PATTERN = r"^fax_(?P<sender>\+?\d+)_(?P<received>\d{8}T\d{6})(?:_(?P<pages>\d+)p)?"
DUPONT_FAX = "+33145678910"  # C1002's fax number (+33 1 45 67 89 10) in customers.csv
FAX_NAME = f"fax_{DUPONT_FAX}_20261123T101500.tif"

ORDER_PAGES = [
    ["Dupont Fournitures SARL", "12 rue de la Paix, 75002 Paris", "Fax +33 1 45 67 89 10", "",
     "BON DE COMMANDE", "N° de commande: FX-2026-118", "Date: 23/11/2026"],
    ["Article        Désignation           Qté    Prix unit.", "SKU-1001       Agrafeuse            10     12,50",
     "SKU-1002       Classeur A4          25      3,20"],
    ["Livraison souhaitée: 01/12/2026", "Merci, Service Achats"],
]


NOTE_PAGES = [["Fax cover: 2 pages"], ["Please call us back"]]  # small: cheap to OCR
# The same short note (the same bytes) in every test that only needs a fax to arrive: the gateway still
# reads each one in full, and the suite's tesseract (tests/conftest.py) reads the page once per run.
NOTE_HEIGHT = 300


def fax_tiff(pages: list[list[str]], height: int = 2200) -> bytes:
    """A multi-page CCITT G4 TIFF at fax resolution with the given lines of text per page."""
    font = ImageFont.load_default(size=36)
    images = []
    for lines in pages:
        page = Image.new("1", (1728, height), 1)
        draw = ImageDraw.Draw(page)
        for n, line in enumerate(lines):
            draw.text((120, 150 + 70 * n), line, fill=0, font=font)
        images.append(page)
    buf = io.BytesIO()
    images[0].save(buf, format="TIFF", compression="group4", save_all=True,
                   append_images=images[1:], dpi=(204, 196))
    return buf.getvalue()


def folder_config(tmp_path: Path, extra: dict | None = None, **fax: object) -> Path:
    root = tmp_path / "gw"
    return write_config(root, {**(extra or {}), "folders": [
        {"name": "fax", "path": root / "spool" / "fax", "filename_pattern": FAX_PATTERN,
         "stable_seconds": 3.0, "poll_seconds": 0.5, **fax},
        {"name": "drop", "channel": "partner_drop", "path": root / "spool" / "drop",
         "stable_seconds": 0.3, "poll_seconds": 0.3, "partner": "C1003"},
    ]})


async def documents(gw, channel: str) -> list:
    return await gw.ctx.journal.list_documents(channel=channel, limit=1000)


def folder(gw, name: str) -> Path:
    return next(Path(f.path) for f in gw.ctx.config.folders if f.name == name)


# --- in-process ----------------------------------------------------------------------------


async def test_fax_written_slowly_is_taken_once_complete_with_its_number(tmp_path):
    data = fax_tiff(NOTE_PAGES, height=NOTE_HEIGHT)
    async with running_gateway(folder_config(tmp_path)) as gw:
        spool = folder(gw, "fax")
        chunks = [data[i:i + len(data) // 8 + 1] for i in range(0, len(data), len(data) // 8 + 1)]
        with (spool / FAX_NAME).open("wb") as fh:
            for chunk in chunks:
                assert await documents(gw, "fax") == []  # nothing is taken before the last chunk
                fh.write(chunk)
                fh.flush()
                await asyncio.sleep(0.15)
        [doc] = await wait_until(lambda: documents(gw, "fax"), timeout=30)
        assert gw.ctx.archive.get(doc.sha256) == data
        assert doc.sender == DUPONT_FAX and doc.content_type == "image/tiff"
        assert doc.metadata["fax_number"] == DUPONT_FAX
        assert doc.metadata["fax_received_at"].startswith("2026-11-23T10:15:00")
        # moved once the journal row is committed, a moment after the document is seen
        await wait_until(lambda: not (spool / FAX_NAME).exists(), timeout=30)
        assert (spool / ".processed" / FAX_NAME).read_bytes() == data
        await asyncio.sleep(1.0)  # a rescan after the move must not take it again
        assert len(await documents(gw, "fax")) == 1


async def test_fax_order_is_attributed_to_the_customer_with_that_fax_number(tmp_path):
    async with running_gateway(folder_config(tmp_path)) as gw:
        (folder(gw, "fax") / FAX_NAME).write_bytes(fax_tiff(ORDER_PAGES))

        async def finished():
            docs = await documents(gw, "fax")
            return docs if docs and docs[0].status not in OPEN_STATUSES else None

        [doc] = await wait_until(finished, timeout=80)
        orders = await gw.ctx.journal.orders_for_document(doc.id)
        if not orders:
            pytest.skip(f"the OCR extractor read no order from the fax (status {doc.status})")
        assert orders[0].customer.id == "C1002"


async def test_a_fax_that_reads_as_no_order_waits_for_a_person(tmp_path):
    """A fax to the order desk is never filed away unseen: a page that reads as no order (upside down, a
    cover sheet, a note) waits in review with FAX-NO-ORDER."""
    async with running_gateway(folder_config(tmp_path)) as gw:
        (folder(gw, "fax") / FAX_NAME).write_bytes(fax_tiff(NOTE_PAGES, height=NOTE_HEIGHT))

        async def finished():
            docs = await documents(gw, "fax")
            return docs if docs and docs[0].status not in OPEN_STATUSES else None

        [doc] = await wait_until(finished, timeout=80)
        assert doc.status == "review" and doc.error_code == "FAX-NO-ORDER"


async def test_hylafax_sidecar_gives_number_time_and_pages(tmp_path):
    config = folder_config(tmp_path, sidecar="hylafax", filename_pattern="")
    async with running_gateway(config) as gw:
        spool = folder(gw, "fax")
        (spool / "fax000123.info").write_text(
            "hostname: fax1\ncidnumber: +33 1 45 67 89 10\nreceived: 2026:11:23 10:15:00\npages: 3\n")
        (spool / "fax000123.tif").write_bytes(fax_tiff(NOTE_PAGES, height=NOTE_HEIGHT))
        [doc] = await wait_until(lambda: documents(gw, "fax"), timeout=30)
        assert doc.sender == DUPONT_FAX
        assert (doc.metadata["fax_number"], doc.metadata["fax_pages"]) == (DUPONT_FAX, 3)
        assert doc.metadata["fax_received_at"].startswith("2026-11-23T10:15:00")
        def processed() -> list[str] | None:  # moved once the journal row is committed, a moment after it is seen
            names = sorted(p.name for p in (spool / ".processed").iterdir())
            return names if len(names) >= 2 else None

        assert await wait_until(processed, timeout=30) == ["fax000123.info", "fax000123.tif"]


async def test_json_sidecar_written_after_the_image_is_waited_for(tmp_path):
    config = folder_config(tmp_path, sidecar="json", filename_pattern="", stable_seconds=0.2,
                           sidecar_wait_seconds=30.0)
    async with running_gateway(config) as gw:
        spool = folder(gw, "fax")
        (spool / "scan7.tif").write_bytes(fax_tiff(NOTE_PAGES[:1], height=300))
        await asyncio.sleep(1.0)
        assert await documents(gw, "fax") == []  # complete, but its sidecar is not there yet
        (spool / "scan7.json").write_text(json.dumps({"fax_number": DUPONT_FAX, "pages": 1,
                                                       "received_at": "2026-11-23T10:15:00+01:00"}))
        [doc] = await wait_until(lambda: documents(gw, "fax"), timeout=30)
        assert doc.metadata == {**doc.metadata, "fax_number": DUPONT_FAX, "fax_pages": 1,
                                "fax_received_at": "2026-11-23T10:15:00+01:00"}


async def test_drop_folder_ignores_partial_and_hidden_names_and_keeps_subfolders(tmp_path):
    async with running_gateway(folder_config(tmp_path)) as gw:
        drop = folder(gw, "drop")
        (drop / "order.xml.part").write_bytes(b"<Order/>")
        (drop / ".hidden.xml").write_bytes(b"<Order/>")
        (drop / "2026" / "11").mkdir(parents=True)
        (drop / "2026" / "11" / "order.xml").write_bytes(b"<Order>nested</Order>")
        [doc] = await wait_until(lambda: documents(gw, "partner_drop"), timeout=30)
        assert (doc.filename, doc.partner, doc.metadata["path"]) == ("order.xml", "C1003", "2026/11/order.xml")
        # moved a moment after the document is seen
        await wait_until((drop / ".processed" / "2026" / "11" / "order.xml").exists, timeout=30)
        (drop / "order.xml.part").rename(drop / "order.xml")  # renamed into place: taken now
        await wait_until(lambda: (drop / ".processed" / "order.xml").exists(), timeout=30)
        assert len(await documents(gw, "partner_drop")) == 2 and (drop / ".hidden.xml").exists()


async def test_oversize_file_goes_to_failed_with_a_reason(tmp_path):
    config = folder_config(tmp_path, {"limits": {"max_document_bytes": 1000}})
    async with running_gateway(config) as gw:
        drop = folder(gw, "drop")
        (drop / "big.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 5000)
        reason = drop / ".failed" / "big.pdf.reason.txt"
        await wait_until(reason.exists, timeout=30)
        assert "INTAKE-SIZE" in reason.read_text() and (drop / ".failed" / "big.pdf").exists()
        assert await documents(gw, "partner_drop") == []


def test_fax_metadata_reads_the_usual_time_and_number_spellings():
    from zoneinfo import ZoneInfo
    paris = ZoneInfo("Europe/Paris")
    for text in ("20261123T101500", "20261123101500", "2026:11:23 10:15:00", "2026-11-23 10:15:00"):
        assert parse_received(text, paris) == "2026-11-23T10:15:00+01:00", text
    assert parse_received("1795425300") == "2026-11-23T09:15:00+00:00"
    assert parse_received("yesterday") is None
    assert clean_number("+33 1 45 67 89 10") == DUPONT_FAX and clean_number("anonymous") is None


def test_filename_pattern_must_compile_with_known_groups():
    with pytest.raises(ValidationError, match="unknown named group"):
        FolderSection(name="fax", path=Path("spool"), filename_pattern=r"fax_(?P<caller>\d+)")
    with pytest.raises(ValidationError, match="not a regular expression"):
        FolderSection(name="fax", path=Path("spool"), filename_pattern=r"fax_(")


# --- restarts with a real process ----------------------------------------------------------


def api_documents(proc: GatewayProcess, channel: str) -> list[dict]:
    req = urllib.request.Request(f"{proc.http_url}/v1/documents?channel={channel}&limit=1000",
                                 headers={"X-API-Key": API_KEY})
    with urllib.request.urlopen(req, timeout=60) as resp:  # a loaded machine answers late, not never
        return json.loads(resp.read())["documents"]


def drop_files(folder: Path, names: list[str], size: int = 2000) -> None:
    for name in names:
        (folder / name).write_bytes(f"document {name}\n".encode() + b"." * size)


def wait_for(predicate, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.02)
    return result


def wait_while_moving(remaining, stall: float = 120.0) -> None:
    """Wait until ``remaining()`` is 0. A loaded machine makes the gateway slow, not stuck: the wait
    fails only when the count has not moved for ``stall`` seconds."""
    last, moved_at = remaining(), time.monotonic()
    while last:
        time.sleep(0.05)
        now = remaining()
        if now != last:
            last, moved_at = now, time.monotonic()
        elif time.monotonic() - moved_at > stall:
            raise TimeoutError(f"{now} files still waiting, none taken for {stall:.0f} s")


def taken_once(proc: GatewayProcess, drop: Path, names: list[str]) -> None:
    wait_while_moving(lambda: sum((drop / n).exists() for n in names))
    docs = api_documents(proc, "partner_drop")
    assert sorted(d["filename"] for d in docs) == sorted(names)
    assert sorted(p.name for p in (drop / ".processed").iterdir()) == sorted(names)


def test_files_dropped_while_stopped_are_each_taken_once_after_start(tmp_path):
    proc = GatewayProcess(folder_config(tmp_path), env={"TEST_GATEWAY_API_KEY": API_KEY})
    drop = Path(proc.config["folders"][1]["path"])
    proc.start()
    try:
        proc.stop()
        names = [f"waiting-{n}.txt" for n in range(5)]
        drop_files(drop, names)
        proc.start()
        taken_once(proc, drop, names)
    finally:
        proc.stop()


def test_kill_during_a_batch_then_restart_takes_each_file_once(tmp_path):
    """SIGKILL while a batch is being taken: the process group is frozen (SIGSTOP) the moment the first
    file of the batch is seen moved, the files still waiting are noted, then it is killed. Should the
    whole batch have been taken before the freeze (a loaded machine may let the gateway run on), it is
    resumed and another batch dropped, until one is caught half taken."""
    proc = GatewayProcess(folder_config(tmp_path), env={"TEST_GATEWAY_API_KEY": API_KEY})
    drop = Path(proc.config["folders"][1]["path"])
    processed = drop / ".processed"
    names: list[str] = []
    proc.start()
    try:
        for batch in range(5):
            batch_names = [f"batch{batch}-{n:02d}.txt" for n in range(40)]
            names += batch_names
            drop_files(drop, batch_names, size=200_000)
            wait_for(lambda: processed.exists() and any((processed / n).exists() for n in batch_names),
                     timeout=180)
            proc.pause()
            left = [n for n in names if (drop / n).exists()]
            if left:
                break
            proc.resume()
        proc.kill()
        assert left, "five batches were each taken whole before the gateway could be frozen"
        proc.start()
        taken_once(proc, drop, names)
    finally:
        proc.stop()
