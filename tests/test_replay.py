"""``gateway replay``: a store filled through the running gateway, replayed with changed configurations.

The store is filled once per module over the HTTP API: UBL orders (one delivered, a resent copy with
other bytes, the same bytes again), a UBL order with a unit word nobody knows (a person sets the unit
through ``PATCH /v1/orders/{id}`` and approves it), a Northwind PDF read through its template and
delivered, a PDF held for its date confidences whose quantity a person corrected, and an order of
an unknown item a person rejected. Then the configuration is changed: a unit word added (the corrected
order now comes out right by itself), the Northwind template broken (its order is newly held, exit
code 0), the review threshold lowered (the corrected PDF would go out with the wrong quantity: exit
code 1), the unknown item added to the master data (the rejected order would go out: named). Every
replay leaves the journal's rows, the archive and the ERP outbox as they were.
"""

from __future__ import annotations

from decimal import Decimal

import asyncio
import contextlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from testkit.capture_corpus import MasterSpec, make_master, make_order
from testkit.capture_layouts import render_order_pdf
from gateway.cli import check_report_path
from gateway.config import load_config
from gateway.errors import ConfigError
from gateway.store.journal import Event
from gateway.replay.run import Selection, close_replay, match_documents, replay as replay_store, select_documents
from gateway.replay.compare import undo_corrections
from gateway.replay.report import render_json
from gateway.replay.snapshot import ReadOnlySqliteJournal, bounded_sql
from testkit.daytraffic import gln_with_check, layout_customers, write_day_master
from testkit.harness import API_KEY, REPO, dump_toml, running_gateway, wait_until, write_config
from testkit.samples import ubl_order

SEED = 7
NORTHWIND, MARTIN = 1005, 1000  # make_order indexes: C3001 (template, delivered), C1002 (held: dates)
MARTIN_CUSTOMER = "C1002"


def _without_country(path: Path, customer_id: str) -> None:
    """The customer's country (and language) left blank: nothing on file settles how it writes dates, so its
    PDF's dates that read either way keep the order held by their confidence."""
    import csv
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        if row["customer_id"] == customer_id:
            row["country"] = ""
            if "language" in row:
                row["language"] = ""
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
UNKNOWN_GTIN = gln_with_check("400000000001")  # in no master data until a change adds it
TABLES = ("documents", "events", "orders", "deliveries", "acks", "interchanges")


@dataclass
class Store:
    root: Path
    config: Path
    docs: dict[str, str] = field(default_factory=dict)  # role -> document id
    live: dict[str, str] = field(default_factory=dict)  # outcomes replayed while the gateway ran


async def _post(session: aiohttp.ClientSession, url: str, data: bytes, filename: str, partner: str = "") -> str:
    headers = {"X-API-Key": API_KEY, "X-Filename": filename, **({"X-Partner": partner} if partner else {})}
    async with session.post(f"{url}/v1/documents", data=data, headers=headers) as resp:
        assert resp.status == 202, await resp.text()
        return (await resp.json())["document_id"]


async def _order(gw, document_id: str):
    async def decided():
        orders = await gw.ctx.journal.orders_for_document(document_id)
        return orders[0] if orders else None
    return await wait_until(decided, timeout=60)


async def _settled(gw, document_id: str) -> str:
    async def status():
        doc = await gw.ctx.journal.get_document(document_id)
        return doc.status if doc and doc.status not in ("received", "processing", "retry") else None
    return await wait_until(status, timeout=60)


async def _review(session, url: str, order_id: str, patch: dict) -> None:
    headers = {"X-API-Key": API_KEY, "Content-Type": "application/json"}
    async with session.patch(f"{url}/v1/orders/{order_id}", data=json.dumps(patch), headers=headers) as resp:
        assert resp.status == 200, await resp.text()
    async with session.post(f"{url}/v1/orders/{order_id}/approve", headers=headers) as resp:
        assert resp.status == 200, await resp.text()


async def _fill(store: Store, master: MasterSpec) -> None:
    customer = layout_customers()[0]  # C1001 by its GLN
    product = master.products[0]
    ordinary = ubl_order("PO-R-1", [(product.gtin, 3)], buyer_gln=customer.gln)
    async with running_gateway(store.config) as gw, aiohttp.ClientSession() as session:
        url = f"http://127.0.0.1:{gw.ports['http']}"
        docs = store.docs
        docs["ordinary"] = await _post(session, url, ordinary, "po-r-1.xml")
        assert (await _order(gw, docs["ordinary"])).status.value in ("ready", "delivered")
        docs["resent"] = await _post(session, url, ubl_order("PO-R-1", [(product.gtin, 3)], note="resent",
                                                             buyer_gln=customer.gln), "po-r-1-again.xml")
        docs["same_bytes"] = await _post(session, url, ordinary, "po-r-1-copy.xml")
        docs["unit"] = await _post(session, url, ubl_order("PO-R-2", [(product.gtin, 2, "KISTCHEN")],
                                                           buyer_gln=customer.gln), "po-r-2.xml")
        docs["rejected"] = await _post(session, url, ubl_order("PO-R-3", [(UNKNOWN_GTIN, 1)], buyer_gln=customer.gln),
                                       "po-r-3.xml")
        northwind, martin = make_order(SEED, NORTHWIND, master, 2), make_order(SEED, MARTIN, master, 2)
        docs["northwind"] = await _post(session, url, render_order_pdf(northwind), "northwind.pdf", "northwind")
        docs["martin"] = await _post(session, url, render_order_pdf(martin), "martin.pdf")
        for doc_id in docs.values():
            await _settled(gw, doc_id)
        unit = await _order(gw, docs["unit"])
        assert unit.status.value == "review" and any(i.code == "UOM-UNKNOWN" for i in unit.issues)
        await _review(session, url, unit.order_id, {"lines": [{"line_no": 1, "uom": product.uom}]})
        held = await _order(gw, docs["martin"])
        assert held.status.value == "review" and held.confidence < 0.9
        fix: dict = {"lines": [{"line_no": 1, "quantity": str(held.lines[0].quantity + 1)}]}
        if held.total is not None and held.lines[0].unit_price is not None:  # the line's amount is computed again
            fix["total"] = str((held.total + held.lines[0].unit_price).quantize(Decimal("0.01")))
        await _review(session, url, held.order_id, fix)
        assert (await _order(gw, docs["northwind"])).status.value in ("ready", "delivered")
        unknown = await _order(gw, docs["rejected"])
        async with session.post(f"{url}/v1/orders/{unknown.order_id}/reject", data=json.dumps(
                {"reason": "not ours"}), headers={"X-API-Key": API_KEY}) as resp:
            assert resp.status == 200, await resp.text()
        config = load_config(store.config)  # replayed while the gateway runs and holds the journal
        results, _, ctx = await replay_store(config, config, Selection(documents=[docs["ordinary"], docs["resent"]]))
        await close_replay(ctx)
        store.live = {r.document_id: r.after.outcome for r in results}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("replay")
    md = root / "masterdata"
    md.mkdir()
    master = make_master(SEED)
    write_day_master(master, layout_customers(), md)
    _without_country(md / "customers.csv", MARTIN_CUSTOMER)  # its dates stay unsettled after reading (date_country)
    # The Northwind template belongs to its partner (templates are never picked by two words of text);
    # the capture corpus's orders are dated spring 2026 and priced off the list on purpose, doubts that
    # travel as warnings here, as does the Martin PDF's customer named only by the ids printed on it
    # (posted without a partner), and its dates, whose day and month read either way while its customer is known only
    # after reading (DATE-AMBIGUOUS, a hold by default): this test is about replaying, not about the completeness gate.
    store = Store(root, write_config(root / "gw", {
        "gateway": {"templates_dir": REPO / "mappings" / "templates" / "samples"},
        "partners": [{"id": "northwind", "customer_id": "C3001", "template": "northwind"}],
        "decide": {"actions": {"DATE-PAST": "flag", "ORDER-DATE-IMPLAUSIBLE": "flag", "PRICE-MISMATCH": "flag",
                               "CUSTOMER-WEAK-ID": "flag", "DATE-AMBIGUOUS": "flag"}},
    }, master_data=md))
    asyncio.run(_fill(store, master))
    return store


def new_config(store: Store, name: str, edit_mappings=None, edit_master=None, **pipeline) -> Path:
    """The store's config with its own copy of the mappings and master data (edited) and pipeline settings."""
    data = tomllib.loads(store.config.read_text())
    folder = store.root / name
    shutil.copytree(REPO / "mappings", folder / "mappings")
    shutil.copytree(data["master_data"]["path"], folder / "masterdata")
    for edit, where in ((edit_mappings, "mappings"), (edit_master, "masterdata")):
        if edit:
            edit(folder / where)
    data["gateway"]["mappings_dir"] = str(folder / "mappings")
    data["gateway"]["templates_dir"] = str(folder / "mappings" / "templates" / "samples")
    data["master_data"]["path"] = str(folder / "masterdata")
    data["pipeline"].update(pipeline)
    path = folder / "gateway.toml"
    path.write_text(dump_toml(data))
    return path


def snapshot(store: Store) -> dict:
    """Row counts of the journal's tables, the archive's files and the ERP outbox."""
    var = store.root / "gw" / "var"
    with contextlib.closing(sqlite3.connect(f"file:{var / 'journal.sqlite3'}?mode=ro", uri=True)) as conn:
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    files = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in (var / "archive").rglob("*"))
    outbox = sorted(p.name for p in (store.root / "gw" / "erp").glob("*"))
    return {"rows": counts, "archive": files, "outbox": outbox}


def replay(store: Store, config: Path, *args: str) -> tuple[int, dict, str]:
    before = snapshot(store)
    proc = subprocess.run([sys.executable, "-m", "gateway.cli", "replay", "--config", str(config), *args],
                          cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True,
                          text=True, timeout=240)
    assert snapshot(store) == before, "replay wrote to the store"
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout) if "--json" in args else {}
    return proc.returncode, report, proc.stdout + proc.stderr


async def replay_here(store: Store, config: Path) -> dict:
    """The JSON report of a replay run in this process (the command line's own functions)."""
    before = snapshot(store)
    new = load_config(config)
    results, totals, ctx = await replay_store(new, load_config(store.config), Selection())
    await close_replay(ctx)
    assert snapshot(store) == before, "replay wrote to the store"
    return json.loads(render_json(results, totals))


def by_doc(report: dict, document_id: str) -> dict:
    return next(d for d in report["documents"] if d["document_id"] == document_id)


async def test_same_config_replays_to_the_same_outcomes(store: Store) -> None:
    report = await replay_here(store, new_config(store, "same"))
    totals = report["totals"]
    assert totals["untouched_but_corrected_or_rejected"] == []
    assert totals["documents"] == 7
    assert totals["newly_untouched"] == totals["newly_held"] == totals["fields_changed"] == []
    assert totals["touchless_before"] == totals["touchless_after"] == 2
    outcomes = {role: by_doc(report, doc)["after"]["outcome"] for role, doc in store.docs.items()}
    # the journal as it stood: the first copy is no duplicate of the later ones, they are of it
    assert outcomes == {"ordinary": "delivered", "resent": "duplicate", "same_bytes": "duplicate",
                        "unit": "review", "rejected": "review", "northwind": "delivered", "martin": "review"}
    assert totals["corrected"] == 2 and len(totals["corrected_still_wrong"]) == 2
    # corrected or rejected by a person is listed, but nothing the replay gives differs from the record
    assert totals["documents_changed"] == 0
    assert {d["document_id"] for d in report["documents"] if d["listed"]} == {
        store.docs[r] for r in ("unit", "rejected", "martin")}
    (held,) = by_doc(report, store.docs["martin"])["orders"]
    assert held["before"]["reasons"] == held["after"]["reasons"] and any(
        r.startswith("confidence 0.") for r in held["after"]["reasons"])


def test_a_running_gateway_is_replayed_without_waiting_for_its_journal(store: Store) -> None:
    assert store.live == {store.docs["ordinary"]: "delivered", store.docs["resent"]: "duplicate"}


async def test_a_unit_word_added_gets_the_corrected_order_right(store: Store) -> None:
    def add_word(mappings: Path) -> None:
        units = mappings / "units.toml"
        units.write_text(units.read_text().replace("[units]\n", '[units]\nBX = ["KISTCHEN"]\n'))
    report = await replay_here(store, new_config(store, "unit-word", add_word))
    (order,) = by_doc(report, store.docs["unit"])["orders"]
    assert report["totals"]["untouched_but_corrected_or_rejected"] == []
    assert order["before"]["outcome"] == "review" and "UOM-UNKNOWN" in order["before"]["reasons"]
    assert order["after"]["outcome"] == "delivered"
    assert order["diffs"] == [{"field": "lines[1].uom", "before": "KISTCHEN", "after": "BX"}]
    assert order["person"] == "corrected" and order["verdict"] == "now_right" and not order["risky"]
    assert report["totals"]["newly_untouched"] == [order["order_id"]]
    assert report["totals"]["corrected_now_right"] == [order["order_id"]]


async def test_an_order_a_person_rejected_that_would_now_go_out_is_named(store: Store) -> None:
    def add_product(master: Path) -> None:
        with (master / "products.csv").open("a", encoding="utf-8") as fh:
            fh.write(f"ZZ-0001,{UNKNOWN_GTIN},Item nobody sells,C62,1.00\n")
    report = await replay_here(store, new_config(store, "product", edit_master=add_product))
    (order,) = by_doc(report, store.docs["rejected"])["orders"]
    assert order["before"]["outcome"] == "review" and "ITEM-UNKNOWN" in order["before"]["reasons"]
    assert order["after"]["outcome"] == "delivered" and order["person"] == "rejected" and order["risky"]
    assert report["totals"]["untouched_but_corrected_or_rejected"] == [order["order_id"]]


def test_a_broken_template_gives_way_to_the_generic_reader_exit_0(store: Store) -> None:
    def break_template(mappings: Path) -> None:
        template = mappings / "templates" / "samples" / "northwind.toml"
        template.write_text(template.read_text().replace('pattern = "PO-\\\\d{6}"', 'pattern = "PN-\\\\d{9}"'))
    code, report, _ = replay(store, new_config(store, "template", break_template), "--json")
    (order,) = by_doc(report, store.docs["northwind"])["orders"]
    assert code == 0 and report["totals"]["untouched_but_corrected_or_rejected"] == []
    # the template now reads no PO number: the generic reader, which does, is used instead
    assert order["before"]["outcome"] == "delivered" and order["after"]["outcome"] == "delivered"
    assert order["diffs"] == [] and report["totals"]["newly_held"] == []


def test_a_stricter_rule_newly_holds_its_orders_exit_0(store: Store) -> None:
    path = new_config(store, "strict")
    data = tomllib.loads(path.read_text())
    data["decide"]["actions"]["PRICE-MISMATCH"] = "hold"  # the Northwind order is priced off the list
    path.write_text(dump_toml(data))
    code, report, _ = replay(store, path, "--json")
    (order,) = by_doc(report, store.docs["northwind"])["orders"]
    assert code == 0 and report["totals"]["untouched_but_corrected_or_rejected"] == []
    assert order["before"]["outcome"] == "delivered" and order["after"]["outcome"] == "review"
    assert "PRICE-MISMATCH" in order["after"]["reasons"] and order["diffs"] == []
    assert order["order_id"] in report["totals"]["newly_held"]


def test_a_lowered_threshold_would_send_a_corrected_order_untouched_exit_1(store: Store) -> None:
    code, _, text = replay(store, new_config(store, "threshold", review_threshold=0.8),
                           "--html", str(store.root / "report.html"))
    assert code == 1
    order_id = f"{store.docs['martin']}-001"
    assert f"would go out untouched although a person corrected or rejected it: 1 ({order_id})" in text
    assert "lines[1].quantity is" in text and "still wrong" in text
    page = (store.root / "report.html").read_text()
    assert order_id in page and "data:image/png;base64," in page  # the PDF's page beside its fields


async def test_selection_by_channel_customer_time_and_document_list(store: Store) -> None:
    journal = ReadOnlySqliteJournal(store.root / "gw" / "var" / "journal.sqlite3")
    await journal.open()
    docs = store.docs
    try:
        wanted = [docs["unit"], docs["martin"], "01NOTINTHESTORE0000000000"]
        assert await select_documents(journal, Selection(documents=wanted)) == [docs["unit"], docs["martin"]]
        assert await select_documents(journal, Selection(channel="fax")) == []
        since = datetime.now(UTC) - timedelta(days=1)
        assert await select_documents(journal, Selection(customer="C3001", since=since)) == [docs["northwind"]]
        assert await select_documents(journal, Selection(since=datetime.now(UTC))) == []
        assert len(await select_documents(journal, Selection())) == len(docs)
    finally:
        await journal.close()


def test_usage_and_config_errors_exit_2(store: Store, tmp_path: Path) -> None:
    run = [sys.executable, "-m", "gateway.cli", "replay", "--config", str(store.config)]
    assert subprocess.run([*run, "--since", "soon"], cwd=REPO, capture_output=True).returncode == 2
    assert subprocess.run([*run, "--since", "0d"], cwd=REPO, capture_output=True).returncode == 2
    usage = run_cli("replay", "--help").stdout
    assert "--config" in usage and "exit codes:" in usage and "--accept-unreplayed" in usage
    missing = tmp_path / "other.toml"
    missing.write_text(store.config.read_text().replace("journal.sqlite3", "nothing.sqlite3"))
    proc = subprocess.run([*run, "--store", str(missing)], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 2 and "no journal there" in proc.stderr


def test_bounded_sql_shows_each_committed_table_up_to_the_moment() -> None:
    moment = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    stamp = "2026-12-01T09:30:00.000000+00:00"
    sql = bounded_sql("SELECT o.body FROM orders o JOIN documents AS d ON d.id = o.document_id "
                      "WHERE o.po_number IN (SELECT po_number FROM orders WHERE customer_id = ?)", moment)
    assert sql == (f"SELECT o.body FROM (SELECT * FROM orders WHERE created_at < '{stamp}') AS o "
                   f"JOIN (SELECT * FROM documents WHERE received_at < '{stamp}') AS d ON d.id = o.document_id "
                   f"WHERE o.po_number IN (SELECT po_number FROM (SELECT * FROM orders WHERE created_at < "
                   f"'{stamp}') AS orders WHERE customer_id = ?)")
    assert bounded_sql("SELECT * FROM deliveries", moment) == "SELECT * FROM deliveries"
    assert bounded_sql("SELECT * FROM orders", None) == "SELECT * FROM orders"


async def test_the_replay_journal_refuses_every_write(store: Store) -> None:
    journal = ReadOnlySqliteJournal(store.root / "gw" / "var" / "journal.sqlite3")
    await journal.open()
    try:
        doc = await journal.get_document(store.docs["ordinary"])
        with pytest.raises(sqlite3.OperationalError, match="readonly|read-only"):
            await journal.reset_document(doc.id, Event(stage="test", outcome="reset"))
        with pytest.raises(PermissionError):
            await journal.add_events([Event(stage="test", outcome="x", document_id=doc.id)])
    finally:
        await journal.close()


def test_corrections_are_undone_to_what_the_pipeline_read() -> None:
    corrected = {"customer": "C1002", "po_number": "4500049582", "lines[1].sku": "AB-1", "lines[1].quantity": "5",
                 "lines[3].sku": "CD-2", "lines[3].quantity": "1"}
    changes = [{"field": "customer.id", "from": "C1001", "to": "C1002"},
               {"field": "lines[1].quantity", "from": "4.0", "to": "5"},
               {"field": "lines[2]", "from": "EF-3", "to": None},
               {"field": "lines[3]", "from": None, "to": "added"},
               {"field": "lines[3].sku", "from": None, "to": "CD-2"},
               {"field": "lines[1].description", "from": "x", "to": "y"}]
    read, deleted = undo_corrections(corrected, changes)
    assert read == {"customer": "C1001", "po_number": "4500049582", "lines[1].sku": "AB-1", "lines[1].quantity": "4"}
    assert deleted == {"lines[2]."}


def copy_store(store: Store, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the stopped store (its config and var folder); returns the config and the var folder."""
    # a stopped gateway leaves no WAL files (these tests' own readers of the original may have)
    shutil.copytree(store.root / "gw", tmp_path / "gw", ignore=shutil.ignore_patterns("erp", "*.log", "*-wal", "*-shm"))
    config = tmp_path / "gw" / "gateway.toml"
    config.write_text(store.config.read_text().replace(str(store.root / "gw"), str(tmp_path / "gw")))
    return config, tmp_path / "gw" / "var"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gateway.cli", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=240)


def test_a_missing_archive_is_refused_and_missing_files_are_not_replayed(store: Store, tmp_path: Path) -> None:
    config, var = copy_store(store, tmp_path)
    (var / "archive").rename(var / "archive-moved")
    proc = run_cli("replay", "--config", str(config))
    assert proc.returncode == 2 and f"no archive at {var / 'archive'}" in proc.stderr
    (var / "archive-moved").rename(var / "archive")
    journal = sqlite3.connect(var / "journal.sqlite3")
    sha = journal.execute("SELECT sha256 FROM documents WHERE id = ?", (store.docs["northwind"],)).fetchone()[0]
    journal.close()
    (var / "archive" / sha[:2] / sha[2:4] / sha).unlink()
    proc = run_cli("replay", "--config", str(config))
    assert proc.returncode == 2, proc.stderr
    assert "ARCHIVE-MISSING" in proc.stdout and "newly held: 0" in proc.stdout
    assert f"could not replay: 1 ({store.docs['northwind']})" in proc.stdout
    assert "--accept-unreplayed" in proc.stderr
    proc = run_cli("replay", "--config", str(config), "--json", "--accept-unreplayed")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["totals"]["could_not_replay"] == [store.docs["northwind"]]
    assert report["totals"]["newly_held"] == [] and report["totals"]["touchless_after"] == 1
    assert by_doc(report, store.docs["northwind"])["after"]["outcome"] == "could not replay"


def test_a_journal_of_a_newer_or_older_gateway_is_refused(store: Store, tmp_path: Path) -> None:
    config, var = copy_store(store, tmp_path)
    with sqlite3.connect(var / "journal.sqlite3") as journal:
        (version,) = journal.execute("SELECT max(version) FROM schema_migrations").fetchone()
        journal.execute("INSERT INTO schema_migrations VALUES (?, ?)", (version + 1, "2026-12-01T00:00:00+00:00"))
    proc = run_cli("replay", "--config", str(config))
    assert proc.returncode == 2 and f"schema is version {version + 1}, newer than this gateway" in proc.stderr
    with sqlite3.connect(var / "journal.sqlite3") as journal:
        journal.execute("DELETE FROM schema_migrations WHERE version >= ?", (version,))
    proc = run_cli("replay", "--config", str(config))
    assert proc.returncode == 2 and "start the gateway on it once to migrate it" in proc.stderr


def test_a_stopped_store_is_replayed_without_files_beside_its_journal(store: Store, tmp_path: Path) -> None:
    config, var = copy_store(store, tmp_path)
    before = sorted(p.name for p in var.iterdir())
    proc = run_cli("replay", "--config", str(config), "--documents", "/dev/null")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in var.iterdir()) == before and not list(var.glob("*-wal")) + list(var.glob("*-shm"))


READ_ONLY_MOUNT = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def read_only(root: Path, command: list[str]) -> list[str]:
    """``command`` run where ``root`` cannot be written: a read-only bind mount of its own when the tests
    run as root (whom file modes do not stop), else the folders' modes."""
    if os.geteuid() != 0:
        for path in [root, *root.rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
        return command
    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("running as root without mount namespaces: no way to make a folder read-only")
    return ["unshare", "-m", "sh", "-c", READ_ONLY_MOUNT, str(root), *command]


def test_a_read_only_store_is_replayed(store: Store, tmp_path: Path) -> None:
    """Stopped (no WAL file: opened immutable) and crashed (a WAL file left: copied first)."""
    config, var = copy_store(store, tmp_path / "ro")
    command = read_only(tmp_path / "ro", [sys.executable, "-m", "gateway.cli", "replay", "--config", str(config),
                                          "--json"])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    try:
        proc = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=240, env=env)
        assert proc.returncode == 0, proc.stderr
        report = json.loads(proc.stdout)
        assert len(report["documents"]) == len(store.docs) and report["totals"]["could_not_replay"] == []
        listing = tmp_path / "documents.txt"
        listing.write_text(store.docs["ordinary"])
        writer = sqlite3.connect(var / "journal.sqlite3", isolation_level=None)  # a crashed gateway's WAL
        writer.execute("PRAGMA wal_autocheckpoint=0")
        writer.execute("UPDATE documents SET filename = 'renamed.xml' WHERE id = ?", (store.docs["ordinary"],))
        proc = subprocess.run([*command, "--documents", str(listing)], cwd=REPO, capture_output=True, text=True,
                              timeout=240, env=env)
        writer.close()
        assert proc.returncode == 0, proc.stderr
        assert [d["filename"] for d in json.loads(proc.stdout)["documents"]] == ["renamed.xml"]
    finally:
        for path in [tmp_path / "ro", *(tmp_path / "ro").rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)


def test_invalid_master_data_fails_replay_and_check_config(store: Store) -> None:
    def rename_header(master: Path) -> None:
        customers = master / "customers.csv"
        customers.write_text(customers.read_text().replace("customer_id,", "cust_id,", 1))
    config = new_config(store, "bad-master", edit_master=rename_header)
    problem = f"{config.parent / 'masterdata' / 'customers.csv'}: missing column(s) customer_id"
    for command in (["replay", "--config", str(config)], ["--config", str(config), "check-config"]):
        proc = run_cli(*command)
        assert proc.returncode == 2 and problem in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr and "replay [" not in proc.stderr
        assert "\x1b[" not in proc.stderr  # no colour codes when stderr is no terminal


def test_a_selection_that_matches_nothing_says_so(store: Store, tmp_path: Path) -> None:
    proc = run_cli("replay", "--config", str(store.config), "--channel", "email")
    assert proc.returncode == 2 and "--channel email: no such channel; known channels: http, sftp, smtp" in proc.stderr
    proc = run_cli("replay", "--config", str(store.config), "--customer", "c3001")
    assert proc.returncode == 0 and "0 documents matched the selection" in proc.stdout + proc.stderr
    assert "did you mean C3001?" in proc.stderr
    listing = tmp_path / "ids.txt"
    listing.write_text(f"{store.docs['ordinary']}\n01NOTINTHESTORE0000000000\n")
    proc = run_cli("replay", "--config", str(store.config), "--documents", str(listing), "--json")
    assert proc.returncode == 0 and "01NOTINTHESTORE0000000000: not in the store" in proc.stderr
    assert [d["document_id"] for d in json.loads(proc.stdout)["documents"]] == [store.docs["ordinary"]]


async def test_a_container_named_in_the_document_list_replays_its_parts(store: Store, tmp_path: Path) -> None:
    _, var = copy_store(store, tmp_path)
    with sqlite3.connect(var / "journal.sqlite3") as db:
        db.row_factory = sqlite3.Row
        row = dict(db.execute("SELECT * FROM documents WHERE id = ?", (store.docs["ordinary"],)).fetchone())
        row.update(id="01CONTAINER000000000000000", status="split")
        db.execute(f"INSERT INTO documents ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                   tuple(row.values()))
        db.execute("UPDATE documents SET parent_id = ? WHERE id IN (?, ?)",
                   (row["id"], store.docs["ordinary"], store.docs["unit"]))
    journal = ReadOnlySqliteJournal(var / "journal.sqlite3")
    await journal.open()
    try:
        matched = await match_documents(journal, Selection(documents=[row["id"]]))
    finally:
        await journal.close()
    assert matched.ids == [store.docs["ordinary"], store.docs["unit"]]
    assert matched.notes == [f"{row['id']} is a container: its 2 part(s) are replayed "
                             f"({store.docs['ordinary']}, {store.docs['unit']})"]


def test_the_html_report_path_is_checked_before_replaying(store: Store, tmp_path: Path) -> None:
    var = store.root / "gw" / "var"
    journal = var / "journal.sqlite3"
    before = journal.read_bytes()
    proc = run_cli("replay", "--config", str(store.config), "--html", str(journal))
    assert proc.returncode == 2 and f"inside the store's folder {var}" in proc.stderr and "replay [" not in proc.stderr
    assert journal.read_bytes() == before
    config = load_config(store.config)
    with pytest.raises(ConfigError, match="inside the store's folder"):
        check_report_path(var / "archive" / "report.html", config)
    with pytest.raises(ConfigError, match="no folder"):
        check_report_path(tmp_path / "missing" / "report.html", config)
    with pytest.raises(ConfigError, match="is a folder"):
        check_report_path(tmp_path, config)
    check_report_path(tmp_path / "report.html", config)


def test_a_broken_unit_list_names_its_file_and_line(store: Store) -> None:
    def break_units(mappings: Path) -> None:
        units = mappings / "units.toml"
        units.write_text(units.read_text().replace("[units]\n", '[units]\nBX = ["KISTE"\nCT = ["KARTONAGE"]\n'))  # unclosed
    config = new_config(store, "bad-units", break_units)
    units = config.parent / "mappings" / "units.toml"
    for command in (["replay", "--config", str(config)], ["--config", str(config), "check-config"]):
        proc = run_cli(*command)
        assert proc.returncode == 2 and f"{units}: not valid TOML:" in proc.stderr and "line" in proc.stderr
        assert "Traceback" not in proc.stderr
