"""The two OCR engines: RapidOCR with the real models of its wheel on a generated fax, reading by
the agreement of both engines (and its effect on confidence), which engine read each field, the
pool sized by memory, and the set-up installing only the headless OpenCV."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from testkit.capture_fax import render_fax_tiff
from extractors.capture import rapid_engine
from extractors.capture.agreement import AGREED_MAX, DISAGREE, SINGLE, combine, merge_page
from extractors.base import ExtractHints
from extractors.capture.image_prep import open_image_pages, prepare_for_ocr
from extractors.locale_values import locale_for, parse_date
from extractors.capture.ocr import OcrExtractor, rapid_page_words
from extractors.capture.words import PageWords, Word
from gateway.model import Box, DocType, ExtractedLine, ExtractedOrder, Extraction
from gateway.workers import WORKER_MEMORY_NEED, pool_size

REPO = Path(__file__).resolve().parents[1]
HINTS = ExtractHints(languages=("fra",), locale="fr_FR", mappings_dir=REPO / "mappings")


def _order_pdf() -> bytes:
    """A short French order (one page, little text: RapidOCR's cost grows with the text)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    import io

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Helvetica-Bold", 16)
    c.drawString(60, 780, "BON DE COMMANDE")
    c.setFont("Helvetica", 11)
    c.drawString(330, 750, "N° de commande :")
    c.drawString(450, 750, "BC-26-41235")
    c.drawString(330, 732, "Date :")
    c.drawString(450, 732, "05/09/2026")
    y = 660
    for x, text in ((60, "Réf."), (140, "Désignation"), (330, "Qté"), (370, "Unité"), (430, "P.U. HT"),
                    (500, "Montant HT")):
        c.drawString(x, y, text)
    rows = (("KD-1059", "Cheville nylon noir", "12", "PCE", "8,15", "97,80"),
            ("HZ-9813", "Colle contact zinguée", "3", "PCE", "183,05", "549,15"))
    for code, desc, qty, unit, price, amount in rows:
        y -= 22
        for x, text in ((60, code), (140, desc), (345, qty), (370, unit)):
            c.drawString(x, y, text)
        c.drawRightString(470, y, price)
        c.drawRightString(555, y, amount)
    c.drawString(400, y - 34, "Total HT")
    c.drawRightString(555, y - 34, "646,95")
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def fine_fax() -> bytes:
    return render_fax_tiff(_order_pdf(), "fine", seed=3, skew_deg=0.6, speckles=200)


@pytest.fixture(scope="module")
def both_reading(fine_fax: bytes) -> Extraction:
    return OcrExtractor("both").extract(fine_fax, HINTS)


# --- the real engines -----------------------------------------------------------------------


def test_rapidocr_models_come_from_the_installed_wheel() -> None:
    engine = rapid_engine.engine()
    assert engine is rapid_engine.engine()  # loaded once per process
    path = Path(engine.text_rec.session.session._model_path) if hasattr(
        engine.text_rec.session.session, "_model_path") else None
    import rapidocr_onnxruntime
    models = Path(rapidocr_onnxruntime.__file__).parent / "models"
    assert (models / "ch_PP-OCRv4_rec_infer.onnx").is_file()
    assert path is None or models in path.parents
    options = engine.text_rec.session.session.get_session_options()
    assert options.intra_op_num_threads == 1


def test_rapidocr_reads_codes_and_prices_of_a_fine_fax(fine_fax: bytes) -> None:
    prep = prepare_for_ocr(open_image_pages(fine_fax, HINTS.limits)[0])
    words = rapid_page_words(prep, pdf_frame=False, page=1)
    texts = [w.text for w in words]
    assert "KD-1059" in texts and "HZ-9813" in texts
    assert "183,05" in texts and "BC-26-41235" in texts
    qty = next(w for w in words if w.text == "12")
    unit = next(w for w in words if w.text == "PCE" and abs(w.cy - qty.cy) < 10)
    assert unit.x0 - qty.x1 > (qty.y1 - qty.y0)  # a quantity and its unit in one line box: cut apart
    assert all(0 < w.x0 < w.x1 <= 1400 and w.page == 1 for w in words)  # frame pixels


def test_both_engines_read_the_fax_and_agree_on_its_order(both_reading: Extraction) -> None:
    assert both_reading.doc_type == DocType.ORDER and both_reading.metadata["engines"] == "both"
    order = both_reading.orders[0]
    assert order.po_number == "BC-26-41235"
    assert [(ln.supplier_item or ln.customer_item, ln.quantity, ln.amount) for ln in order.lines] == [
        ("KD-1059", Decimal("12"), Decimal("97.80")), ("HZ-9813", Decimal("3"), Decimal("549.15"))]
    agreement = both_reading.metadata["agreement"]["1"]
    assert agreement["agreed"] > agreement["disagreed"]


def test_extraction_says_which_engine_read_each_field(both_reading: Extraction) -> None:
    engines = both_reading.metadata["field_engines"]
    assert engines["po_number"] == "both"
    assert len(engines["lines"]) == 2 and engines["lines"][0]["amount"] == "both"
    codes = [row.get("supplier_item") or row.get("customer_item") for row in engines["lines"]]
    assert codes[0] == "both"
    assert codes[1] == "both" or codes[1].startswith("rapidocr (tesseract read ")  # "H2-9813" at times
    json.dumps(both_reading.model_dump(mode="json"))  # all of it serialisable for the journal


def test_rapidocr_reads_only_the_lines_that_matter(both_reading: Extraction) -> None:
    read, found = (int(n) for n in both_reading.metadata["rapid_lines"]["1"].split("/"))
    assert 0 < read < found  # the title, the labels and the descriptions are tesseract's alone
    rapid_texts = {w for w in both_reading.metadata["field_engines"]["lines"][0].values()}
    assert "both" in rapid_texts


def test_a_field_rapidocr_did_not_read_is_not_agreed_on() -> None:
    from extractors.capture.agreement import RapidReading

    ours = _reading("BC-26-41235", 0.8, ("KD-1059", "12", "8.15", "97.80", 150.0))
    theirs = _reading("BC-26-41235", 0.8, ("KD-1059", "12", "8.15", "97.80", 150.0))
    theirs.orders[0].boxes["po_number"] = Box(page=1, x=900, y=50, w=120, h=20)  # tesseract's words there
    reading = RapidReading({1: []}, {1: [(0.0, 140.0, 1400.0, 170.0)]}, {"1": "1/5"})  # the row only
    result, engines = combine(ours, reading.unread_dropped(theirs))
    assert engines["po_number"] == "tesseract only" and result.orders[0].confidence["po_number"] < 0.8
    assert engines["lines"][0]["amount"] == "both"


def test_agreement_raises_the_po_number_above_either_engine_alone(fine_fax: bytes,
                                                                  both_reading: Extraction) -> None:
    alone = OcrExtractor("tesseract").extract(fine_fax, HINTS)
    both = both_reading.orders[0]
    assert alone.orders[0].po_number == both.po_number
    assert both.confidence["po_number"] >= alone.orders[0].confidence["po_number"]


def test_gateway_extract_prints_the_engines(fine_fax: bytes, tmp_path: Path) -> None:
    fax = tmp_path / "fax.tif"
    fax.write_bytes(fine_fax)
    config = tmp_path / "gateway.toml"
    text = (REPO / "config" / "gateway.toml").read_text()
    config.write_text(text.replace('"var', f'"{tmp_path}/var').replace('"mappings', f'"{REPO}/mappings'))
    out = subprocess.run([sys.executable, "-m", "gateway.cli", "--config", str(config), "extract", str(fax)],
                         capture_output=True, text=True, cwd=tmp_path, env={"PYTHONPATH": str(REPO),
                                                                             "PATH": "/usr/bin:/bin"})
    result = json.loads(out.stdout)
    assert result["ocr"]["engines"] == "both"
    assert result["ocr"]["field_engines"]["po_number"] == "both"


# --- agreement on synthetic words -------------------------------------------------------------


def _w(text: str, x0: float, conf: float = 0.9, y0: float = 100.0, width: float | None = None) -> Word:
    return Word(text, x0, y0, x0 + (width or 12.0 * len(text)), y0 + 20.0, conf, 1)


def _page(*words: Word) -> PageWords:
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def test_words_both_engines_read_alike_are_surer() -> None:
    merged = merge_page(_page(_w("KD-1059", 100, 0.8)), _page(_w("KD-1059", 102, 0.9)))
    (word,) = merged.primary.words
    assert word.text == "KD-1059" and 0.9 < word.conf <= AGREED_MAX
    assert (merged.agreed, merged.disagreed, merged.single) == (1, 0, 0)


def test_words_the_engines_read_differently_are_less_sure_and_keep_the_other_reading() -> None:
    merged = merge_page(_page(_w("0347526", 100, 0.95)), _page(_w("03A7526", 101, 0.9)))
    (word,) = merged.primary.words
    assert word.text == "03A7526" and word.conf == pytest.approx(0.9 * DISAGREE)
    assert [w.text for w in merged.alternative.words] == ["0347526"]
    assert merged.readings[0].other == "0347526"


def test_accents_come_from_tesseract_when_the_letters_agree() -> None:
    merged = merge_page(_page(_w("Désignation", 100, 0.7)), _page(_w("Designation", 100, 0.95)))
    (word,) = merged.primary.words
    assert word.text == "Désignation" and word.conf > 0.95


def test_a_split_number_agrees_with_the_joined_one() -> None:
    merged = merge_page(_page(_w("1", 100, width=10), _w("742", 114, width=36)), _page(_w("1742", 101, width=48)))
    assert merged.agreed == 1 and [w.text for w in merged.primary.words] == ["1742"]


def test_a_word_only_one_engine_saw_is_kept_less_sure() -> None:
    merged = merge_page(_page(_w("EUR", 600, 0.9)), _page(_w("Total", 100, 0.9, y0=300)))
    assert sorted(w.text for w in merged.primary.words) == ["EUR", "Total"]
    assert all(w.conf == pytest.approx(0.9 * SINGLE) for w in merged.primary.words)


def _reading(po: str, po_conf: float, *lines: tuple[str, str, str, str, float]) -> Extraction:
    rows = [ExtractedLine(supplier_item=code, quantity=Decimal(q), unit_price=Decimal(p), amount=Decimal(a),
                          confidence={"supplier_item": 0.9, "quantity": 0.9, "unit_price": 0.9, "amount": 0.9},
                          boxes={"amount": Box(page=1, x=900, y=y, w=80, h=20)})
            for code, q, p, a, y in lines]
    order = ExtractedOrder(po_number=po, confidence={"po_number": po_conf}, lines=rows,
                           total=sum((ln.amount for ln in rows), Decimal(0)))
    return Extraction(format="ocr", doc_type=DocType.ORDER, orders=[order])


def test_a_value_both_engines_read_is_surer_and_one_they_differ_on_less_sure() -> None:
    agreed, engines = combine(_reading("BC-26-1", 0.85, ("KD-1059", "10", "8.15", "81.50", 500)),
                              _reading("BC-26-1", 0.95, ("KD-1059", "10", "8.15", "81.50", 502)))
    order = agreed.orders[0]
    assert 0.95 < order.confidence["po_number"] <= AGREED_MAX and engines["po_number"] == "both"
    assert order.lines[0].confidence["supplier_item"] > 0.9 and engines["lines"][0]["supplier_item"] == "both"
    differ, engines = combine(_reading("BC-26-1", 0.85), _reading("BC-26-7", 0.95))
    assert differ.orders[0].po_number == "BC-26-1"
    assert differ.orders[0].confidence["po_number"] == pytest.approx(0.85 * DISAGREE)
    assert engines["po_number"] == "tesseract (rapidocr read BC-26-7)"
    dots, engines = combine(_reading("BC-26-1", 0.85), _reading("BC.26.1", 0.95))
    assert dots.orders[0].po_number == "BC-26-1" and dots.orders[0].confidence["po_number"] == 0.85
    assert engines["po_number"].startswith("both but separators")


def test_item_codes_the_engines_read_differently_are_rapidocrs_and_doubtful() -> None:
    result, engines = combine(_reading("P1", 0.9, ("0347526", "2", "5.00", "10.00", 500)),
                              _reading("P1", 0.9, ("03A7526", "2", "5.00", "10.00", 500)))
    line = result.orders[0].lines[0]
    assert line.supplier_item == "03A7526" and line.confidence["supplier_item"] == pytest.approx(0.9 * DISAGREE)
    assert engines["lines"][0]["supplier_item"] == "rapidocr (tesseract read 0347526)"
    assert line.other_readings == {"supplier_item": "0347526"}  # for master data to weigh (ocr_confirm)
    differ, _ = combine(_reading("BC-26-1", 0.85), _reading("BC-26-7", 0.95))
    assert differ.orders[0].other_readings == {"po_number": "BC-26-7"}


def test_the_row_that_adds_up_is_taken_from_the_other_reading() -> None:
    result, engines = combine(_reading("P1", 0.9, ("KD-1059", "10", "8.75", "81.50", 500)),
                              _reading("P1", 0.9, ("KD-1059", "10", "8.15", "81.50", 500)))
    line = result.orders[0].lines[0]
    assert line.unit_price == Decimal("8.15") and engines["lines"][0]["unit_price"].startswith("rapidocr")
    kept, _ = combine(_reading("P1", 0.9, ("KD-1059", "10", "8.75", "81.50", 500)),
                      _reading("P1", 0.9, ("KD-1059", "10", "8.76", "81.50", 500)))
    assert kept.orders[0].lines[0].unit_price == Decimal("8.75")  # neither adds up: tesseract's stays


def test_the_reading_that_adds_up_to_the_cent_and_gives_the_total_is_taken() -> None:
    # 206.5 x 112.41 = 23212.665: 23212.87 is within the relative tolerance, 23212.67 is right
    tess = _reading("B-1", 0.9, ("KD-1059", "206.5", "112.41", "23212.87", 100.0))
    rapid = _reading("B-1", 0.9, ("KD-1059", "206.5", "112.41", "23212.67", 100.0))
    tess.orders[0].total = Decimal("23214.87")  # a digit misread in the total too
    result, engines = combine(tess, rapid)
    order = result.orders[0]
    assert order.lines[0].amount == Decimal("23212.67") and engines["lines"][0]["amount"].startswith("rapidocr")
    assert order.total == Decimal("23212.67") and engines["total"].startswith("rapidocr")
    assert order.confidence["total"] < 0.9


def test_a_row_only_rapidocr_read_is_added_when_the_total_then_matches() -> None:
    tess = _reading("P1", 0.9, ("A-1", "1", "2.00", "2.00", 500))
    tess.orders[0].total = Decimal("5.00")
    rapid = _reading("P1", 0.9, ("A-1", "1", "2.00", "2.00", 500), ("B-2", "1", "3.00", "3.00", 540))
    result, engines = combine(tess, rapid)
    assert [ln.supplier_item for ln in result.orders[0].lines] == ["A-1", "B-2"]
    assert result.orders[0].lines[1].confidence["amount"] == pytest.approx(0.9 * SINGLE)
    assert engines["lines"][1]["amount"] == "rapidocr only"
    alone = _reading("P1", 0.9, ("A-1", "1", "2.00", "2.00", 500))
    alone.orders[0].total = Decimal("9.00")
    result, _ = combine(alone, _reading("P1", 0.9, ("A-1", "1", "2.00", "2.00", 500),
                                        ("B-2", "1", "3.00", "3.00", 540)))
    assert len(result.orders[0].lines) == 1  # the total does not vouch for it: not added


def test_month_names_without_accents_are_read() -> None:
    french = locale_for("fr_FR")  # RapidOCR's model has no accents: "décembre" comes as "decembre"
    assert str(parse_date("5 decembre 2026", french)[0]) == "2026-12-05"
    assert str(parse_date("12 fevrier 2026", french)[0]) == "2026-02-12"
    assert str(parse_date("3. Marz 2026", locale_for("de_DE"))[0]) == "2026-03-03"


# --- pool and set-up ----------------------------------------------------------------------------


def test_pool_is_sized_by_cores_and_memory() -> None:
    assert pool_size(4, cores=8, available=10 * WORKER_MEMORY_NEED) == 4
    assert pool_size(4, cores=2, available=10 * WORKER_MEMORY_NEED) == 2
    assert pool_size(4, cores=8, available=int(2.5 * WORKER_MEMORY_NEED)) == 2
    assert pool_size(4, cores=8, available=WORKER_MEMORY_NEED // 2) == 1


def test_setup_installs_rapidocr_without_the_gui_opencv() -> None:
    installed = json.loads(subprocess.run([sys.executable, "-m", "pip", "list", "--format=json"],
                                          capture_output=True, text=True, check=True).stdout)
    names = {p["name"].lower() for p in installed}
    assert "opencv-python-headless" in names and "rapidocr-onnxruntime" in names
    assert not names & {"opencv-python", "opencv-contrib-python"}
    assert subprocess.run([sys.executable, str(REPO / "scripts" / "check_headless.py")]).returncode == 0
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    assert not any(d.startswith("rapidocr") for d in deps)  # its requirements would pull in opencv-python
    nodeps = (REPO / "requirements-nodeps.txt").read_text()
    assert "rapidocr-onnxruntime==" in nodeps
    assert "--no-deps -c constraints.txt -r requirements-nodeps.txt" in (REPO / "Makefile").read_text()


def test_the_engines_can_be_chosen_by_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractors.capture.ocr import default_engines
    from gateway.errors import ExtractionError

    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "tesseract")
    assert default_engines() == "tesseract"
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "paddle")
    with pytest.raises(ExtractionError) as err:
        default_engines()
    assert err.value.code == "OCR-ENGINES"
    monkeypatch.delenv("GATEWAY_OCR_ENGINES")
    assert default_engines() == "both"


def test_a_field_only_tesseracts_layout_found_agrees_when_rapidocr_read_the_same_words_there() -> None:
    from extractors.capture.agreement import confirm_by_words

    order = ExtractedOrder(po_number="CMD407804", confidence={"po_number": round(0.9 * SINGLE, 4)},
                           boxes={"po_number": Box(page=1, x=300, y=100, w=110, h=20)})
    engines: dict[str, object] = {"po_number": "tesseract only", "lines": []}
    tess = [_page(_w("n?", 260), _w("CMD407804", 300, 0.9))]
    assert confirm_by_words(order, engines, tess, [_page(_w("CMD4O7804", 301, 0.95))]) == 0
    assert confirm_by_words(order, engines, tess, [_page(_w("CMD407804", 302, 0.95))]) == 1
    assert order.confidence["po_number"] > 0.95 and engines["po_number"].startswith("both")


def test_a_date_one_engine_found_is_agreed_when_the_other_read_its_digits_in_the_same_runs() -> None:
    from datetime import date

    from extractors.capture.agreement import RAPID, confirm_by_words

    def order_and_engines() -> tuple[ExtractedOrder, dict[str, object]]:
        return (ExtractedOrder(order_date=date(2026, 9, 30), confidence={"order_date": round(0.9 * SINGLE, 4)},
                               boxes={"order_date": Box(page=1, x=300, y=100, w=110, h=20)}),
                {"order_date": "rapidocr only", "lines": []})
    rapid = [_page(_w("30.09.2026", 301, 0.95))]
    order, engines = order_and_engines()
    assert confirm_by_words(order, engines, rapid, [_page(_w("30,09.2026", 300, 0.9))], only=RAPID) == 1
    assert order.confidence["order_date"] > 0.95 and engines["order_date"].startswith("both")
    order, engines = order_and_engines()  # the same digits in other runs: another date
    assert confirm_by_words(order, engines, rapid, [_page(_w("3009.20.26", 300, 0.9))], only=RAPID) == 0


def test_a_price_the_engines_read_apart_is_not_vouched_for_by_its_own_arithmetic() -> None:
    from gateway.stages.item_matching import CHECKED, score_order
    from gateway.reference.masterdata import MasterData, ProductRecord

    md = MasterData(customers={}, products={"KD-1059": ProductRecord("KD-1059", "", "Disc", "C62",
                                                                     Decimal("12.50"))}, xref={})
    # quantity 1: a price and an amount misread alike (5 as 6) still multiply out
    tess = _reading("P1", 0.9, ("KD-1059", "1", "12.60", "12.60", 500))
    tess.orders[0].total = Decimal("99.00")  # the total does not vouch either
    result, engines = combine(tess, _reading("P1", 0.9, ("KD-1059", "1", "12.80", "12.80", 500)))
    order = result.orders[0]
    assert {(p.code, p.segment_position, p.element) for p in order.problems} == {
        ("OCR-ENGINES-DISAGREE", 1, "unit_price"), ("OCR-ENGINES-DISAGREE", 1, "amount")}
    scored = score_order(order, md, None)
    assert scored.lines[0].confidence["unit_price"] < 0.5 and scored.lines[0].confidence["amount"] < 0.5
    # the stated total confirms it
    tess = _reading("P1", 0.9, ("KD-1059", "1", "12.60", "12.60", 500))
    result, _ = combine(tess, _reading("P1", 0.9, ("KD-1059", "1", "12.80", "12.80", 500)))
    assert score_order(result.orders[0], md, None).lines[0].confidence["unit_price"] == CHECKED
    # and so does the list price to the cent
    tess = _reading("P1", 0.9, ("KD-1059", "1", "12.50", "12.50", 500))
    tess.orders[0].total = Decimal("99.00")
    result, _ = combine(tess, _reading("P1", 0.9, ("KD-1059", "1", "12.80", "12.80", 500)))
    assert score_order(result.orders[0], md, None).lines[0].confidence["unit_price"] == CHECKED
    # the arithmetic picking one reading over the other (quantity not 1) confirms it
    result, _ = combine(_reading("P1", 0.9, ("KD-1059", "10", "8.75", "81.50", 500)),
                        _reading("P1", 0.9, ("KD-1059", "10", "8.15", "81.50", 500)))
    assert not result.orders[0].problems
    # both numbers lost their decimal mark; RapidOCR read only the amount: nothing picks tesseract's
    tess = _reading("P1", 0.9, ("KD-1059", "100", "7432", "743200", 500))
    tess.orders[0].total = None
    rapid = _reading("P1", 0.9, ("KD-1059", "100", "74.32", "7432.00", 500))
    rapid.orders[0].lines[0].quantity = rapid.orders[0].lines[0].unit_price = None
    result, _ = combine(tess, rapid)
    assert [p.element for p in result.orders[0].problems] == ["amount"]
    assert score_order(result.orders[0], md, None).lines[0].confidence["amount"] < 0.5


# --- RapidOCR's whole reading as the base (extractors.capture.arbiter) --------------------------


def test_a_reading_checks_out_when_every_row_and_the_total_add_up_to_the_cent() -> None:
    from extractors.capture.arbiter import checks_out

    good = _reading("P1", 0.9, ("A-1", "12", "8.15", "97.80", 500), ("B-2", "3", "183.05", "549.15", 540))
    assert checks_out(good)
    no_mark = _reading("P1", 0.9, ("A-1", "12", "815", "97.80", 500))  # a price that lost its decimal mark
    assert not checks_out(no_mark)
    short = _reading("P1", 0.9, ("A-1", "12", "8.15", "97.80", 500))
    short.orders[0].total = Decimal("646.95")  # a row missed
    assert not checks_out(short)
    short.orders[0].total = None
    assert not checks_out(short)


def test_rapidocrs_reading_as_the_base_is_weighed_against_tesseracts() -> None:
    rapid = _reading("BC-26-63737", 0.95, ("KD-1059", "6", "210.95", "1265.70", 500),
                     ("HZ-9813", "120", "12.25", "1470.00", 540))
    tess = _reading("BC-26-63737", 0.9, ("KD-1059", "6", "210.95", "1265.70", 500),
                    ("HZ-9813", "120", "1225", "1470.00", 540))
    result, engines = combine(rapid, tess, first="rapidocr")
    order = result.orders[0]
    assert result is rapid and order.lines[1].unit_price == Decimal("12.25")
    assert engines["po_number"] == "both" and order.confidence["po_number"] > 0.95
    assert engines["lines"][1]["unit_price"] == "rapidocr (tesseract read 1225)"
    assert order.lines[1].confidence["unit_price"] == pytest.approx(0.9 * DISAGREE)
    assert not order.problems  # the arithmetic picked RapidOCR's row over tesseract's complete one
    other, engines = combine(_reading("BC-26-1", 0.95), _reading("BC-26-7", 0.9), first="rapidocr")
    assert other.orders[0].po_number == "BC-26-1" and other.orders[0].confidence["po_number"] < 0.5
    assert engines["po_number"] == "rapidocr (tesseract read BC-26-7)"


def test_a_code_rapidocr_read_with_the_description_after_it_is_tesseracts() -> None:
    rapid = _reading("P1", 0.9, ("5454-4642Unterlegscheibeverzinkt5x60", "2330", "230.35", "536715.50", 500))
    result, engines = combine(rapid, _reading("P1", 0.9, ("5454-4642", "2330", "230.35", "536715.50", 500)),
                              first="rapidocr")
    assert result.orders[0].lines[0].supplier_item == "5454-4642"
    assert engines["lines"][0]["supplier_item"].startswith("tesseract (rapidocr read 5454")


def test_a_code_left_in_rapidocrs_description_is_not_filled_from_tesseracts_column() -> None:
    rapid = _reading("P1", 0.9, (None, "120", "12.25", "1470.00", 500))
    rapid.orders[0].lines[0].description = "JO-6196 Gants de protection zingué"
    tess = _reading("P1", 0.9, ("-JO-6198KG-2827", "120", "1225", "1470.00", 500))  # two rows' codes merged
    result, engines = combine(rapid, tess, first="rapidocr")
    assert result.orders[0].lines[0].supplier_item is None  # item matching finds JO-6196 in the description
    assert engines["lines"][0]["supplier_item"] == "rapidocr only"
    plain = _reading("P1", 0.9, (None, "120", "12.25", "1470.00", 500))
    plain.orders[0].lines[0].description = "Gants de protection"
    result, _ = combine(plain, _reading("P1", 0.9, ("JO-6196", "120", "12.25", "1470.00", 500)), first="rapidocr")
    assert result.orders[0].lines[0].supplier_item == "JO-6196"


def test_a_standard_fax_tesseract_reads_poorly_is_read_right_by_rapidocr_whole(tmp_path: Path) -> None:
    """A held-out generated standard fax (seed 23, the first order: classic layout, 18 rows) where
    tesseract loses decimal marks and merges two rows' codes: RapidOCR's whole reading adds up,
    becomes the base, and the order is right and touchless."""
    from gateway.reference.masterdata import load_master_data
    from testkit.capture_corpus import generate_corpus, past_po_numbers
    from testkit.capture_truth import capture, compare, fully_correct, hints_for

    path = generate_corpus(tmp_path, 23, 0, 0, 1)["fax_standard"][0]
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    md = load_master_data(tmp_path / "masterdata")
    hints = hints_for(truth, "fax_standard", md, REPO / "mappings")
    extraction = OcrExtractor("both").extract(path.read_bytes(), hints)
    assert extraction.metadata["field_engines"]["order"].startswith("rapidocr whole page")
    got = capture(extraction, md, hints.sender, past_po_numbers(truth["customer_id"]))
    assert fully_correct(compare(truth, got)) and got.confidence >= 0.9


def test_the_one_number_the_other_engine_read_that_makes_a_row_add_up_is_taken() -> None:
    tess = _reading("P1", 0.9, ("KD-1059", "12", "43.02", "156.24", 500))
    rapid = _reading("P1", 0.9, ("KD-1059", "12", "13.02", "156.24", 500))
    rapid.orders[0].lines[0].quantity = None  # RapidOCR's layout missed the quantity: its row is not whole
    result, engines = combine(tess, rapid)
    line = result.orders[0].lines[0]
    assert line.unit_price == Decimal("13.02") and line.confidence["unit_price"] == pytest.approx(0.9 * DISAGREE)
    assert engines["lines"][0]["unit_price"] == "rapidocr (tesseract read 43.02)"
    assert [(p.code, p.element) for p in result.orders[0].problems] == [("OCR-ENGINES-DISAGREE", "unit_price")]
    two = _reading("P1", 0.9, ("KD-1059", "4", "3.00", "24.00", 500))
    other = _reading("P1", 0.9, ("KD-1059", "8", "6.00", "24.00", 500))  # 8 x 3.00 and 4 x 6.00: neither taken
    other.orders[0].lines[0].amount = None
    result, _ = combine(two, other)
    assert (result.orders[0].lines[0].quantity, result.orders[0].lines[0].unit_price) == (4, Decimal("3.00"))


def _disputed_po(kept: str, other: str, where: str) -> tuple[ExtractedOrder, dict[str, object]]:
    order = ExtractedOrder(po_number=kept, confidence={"po_number": round(0.9 * DISAGREE, 4)},
                           boxes={"po_number": Box(page=1, x=400, y=100, w=160, h=20)}, other_readings={"po_number": other})
    return order, {"po_number": where}


@pytest.mark.parametrize("third, taken", [("BC-26-91098", True), ("BC-26-91088", False), ("BC-26-91099", False)])
def test_a_po_number_the_engines_read_apart_takes_rapidocrs_reading_only_when_a_third_reading_agrees(
        monkeypatch: pytest.MonkeyPatch, third: str, taken: bool) -> None:
    """Tesseract reads the disputed PO number again, enlarged: RapidOCR's reading confirmed by it is
    taken as agreed; tesseract's own first reading again, or a third text, leaves it held."""
    from extractors.capture import tiebreak

    monkeypatch.setattr(tiebreak, "reread", lambda regions, ocr, read, view: {1: [Word(third, 410, 102, 550, 118, 0.9, 1)]})
    for kept, other, where in (("BC-26-91098", "BC-26-91088", "rapidocr (tesseract read BC-26-91088)"),
                               ("BC-26-91088", "BC-26-91098", "tesseract (rapidocr read BC-26-91098)")):
        order, engines = _disputed_po(kept, other, where)
        assert tiebreak.break_ties(order, engines, {1: object()}, lambda *a: []) == int(taken)
        if taken:
            assert order.po_number == "BC-26-91098" and order.confidence["po_number"] >= 0.9
            assert engines["po_number"].startswith("both") and "po_number" not in order.other_readings
        else:
            assert order.po_number == kept and order.confidence["po_number"] < 0.5


def test_a_po_number_tesseract_misread_on_a_standard_fax_is_read_by_its_third_reading_and_doubted(tmp_path: Path) -> None:
    """A generated standard fax (seed 47, the first order, a tuning seed): tesseract reads
    BC-26-91088, RapidOCR BC-26-91098; tesseract's third reading, enlarged, reads RapidOCR's."""
    from gateway.reference.masterdata import load_master_data
    from testkit.capture_corpus import generate_corpus, past_po_numbers
    from testkit.capture_truth import capture, compare, fully_correct, hints_for

    path = generate_corpus(tmp_path, 47, 0, 0, 1)["fax_standard"][0]
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    md = load_master_data(tmp_path / "masterdata")
    hints = hints_for(truth, "fax_standard", md, REPO / "mappings")
    extraction = OcrExtractor("both").extract(path.read_bytes(), hints)
    assert "third reading" in extraction.metadata["field_engines"]["po_number"]
    got = capture(extraction, md, hints.sender, past_po_numbers(truth["customer_id"]))
    # read right, but two engines that read a digit of the PO differently hold it, even when a third reading
    # sides with one of them (review rfax 3: a digit misread within the customer's range must not pass)
    assert fully_correct(compare(truth, got)) and got.confidence < 0.9


def test_a_page_rapidocr_read_nothing_of_gives_no_second_reading() -> None:
    """A fax whose PO went out "both" at 0.98 though RapidOCR had no words where it stood: the layout of a
    page RapidOCR read nothing of sees tesseract's words, and their PO must not count as RapidOCR's."""
    from extractors.capture.agreement import RapidReading

    ours = _reading("4590188001", 0.9, ("KD-1059", "12", "8.15", "97.80", 150.0))
    theirs = _reading("4590188001", 0.9, ("KD-1059", "12", "8.15", "97.80", 150.0))
    theirs.orders[0].boxes["po_number"] = Box(page=2, x=300, y=260, w=130, h=17)  # page 2: tesseract's words
    reading = RapidReading({1: []}, {1: [(0.0, 0.0, 1400.0, 2000.0)]}, {"1": "9/9"}, whole=True)
    result, engines = combine(ours, reading.unread_dropped(theirs))
    assert engines["po_number"] == "tesseract only" and result.orders[0].confidence["po_number"] < 0.9
    page = PageWords(2, 1400.0, 2000.0, (Word("4590188001", 300, 260, 430, 277, 0.9, 2),))
    assert reading.only_rapid(page).words == ()  # confirm_by_words never compares tesseract's words with themselves
