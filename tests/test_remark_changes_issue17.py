"""Issue 17: a note or remark that conditions or changes an order never goes out unread. A remark that also asks for
a change (a share of the quantity, another day, a day of the month not the order's, more goods with no count or
counted in packs in any language) holds ``CHANGE-TYPED`` wherever it is read (``extractors.remark_changes``), and a
typed one is kept as the order's note; delivery only when complete, said any way, holds ``QUESTION-TYPED``; a
structured note asking about a day or a time holds ``QUESTION-TYPED``; a release number printed on a page is read.
Every rule has its harmless counter-examples, which pass."""

from __future__ import annotations

from datetime import date

import pytest

from extractors.base import ExtractHints
from extractors.capture.page_notes import note_problems
from extractors.mail.body_text import EXTRACTOR as BODY
from extractors.remark_changes import remark_change
from gateway.model import ExtractedOrder
from gateway.stages.mapping import with_note_problems

MAILS = {"de": "Bestellung 5512, Liefertermin 16.12.2026\n\n- 15 x MB-4711 Ordner\n- 5 x MB-4712\n\n{note}\n\nGruß\nAnna\n",
         "fr": "Commande 2026-552, livraison le 16/12/2026\n\n- 8 x DF-PAP-A4\n- 2 x DF-AGR-1\n\n{note}\n\nBien à vous\nClaire\n",
         "en": "PO 55120, ship by Dec 16, 2026\n\n- 4 x AIS-STP-01\n\n{note}\n\nBest\nTom\n"}
WEDNESDAY = date(2026, 12, 16)  # the mails' requested date


def typed(lang: str, note: str):
    [order] = BODY.extract(MAILS[lang].format(note=note).encode(), ExtractHints(content_type="text/plain")).orders
    return order


def errors(order) -> list[tuple[str, str | None]]:
    return [(p.code, p.element) for p in order.problems if p.severity == "error"]


@pytest.mark.parametrize("lang, note, element", [
    ("de", "Warenannahme bis 15 Uhr, bitte nur die Hälfte", "lines"),
    ("en", "Deliveries accepted 8am-4pm only; deliver Monday, not Friday", "requested_delivery_date"),
    ("fr", "livrer avant 10 h le 12", "requested_delivery_date"),
    ("de", "Bitte noch Druckerpatronen mitliefern", "lines"),
    ("fr", "Réception de 8h à 12h, merci de n'envoyer que la moitié", "lines"),
    ("de", "Anlieferung Tor 2, bitte Montag statt Freitag", "requested_delivery_date"),
    ("en", "Goods-in closes at 3pm; bring it on the 9th please", "requested_delivery_date"),
])
def test_a_remark_that_also_asks_a_change_holds_and_stays_a_note(lang, note, element):
    order = typed(lang, note)
    assert ("CHANGE-TYPED", element) in errors(order), order.problems
    assert note in order.notes  # never dropped


@pytest.mark.parametrize("lang, note", [
    ("en", "Deliveries accepted 8am-4pm only"), ("de", "Warenannahme bis 15 Uhr"), ("de", "Anlieferung Mo-Fr 7-15 Uhr"),
    ("en", "No deliveries on Fridays"), ("de", "Keine Anlieferung am Freitag"), ("fr", "Pas de livraison le lundi"),
    ("en", "Please call half an hour before arrival"), ("fr", "Livraison le 16 avant 10h"), ("en", "Deliver Wednesday please"),
    ("de", "Bitte auch den Lieferschein beilegen"), ("en", "Please also send the invoice by e-mail"),
    ("fr", "Merci de livrer à l'accueil"),
])
def test_harmless_remarks_still_pass(lang, note):
    assert errors(typed(lang, note)) == []


@pytest.mark.parametrize("lang, note", [
    ("en", "Deliver only when everything is available"), ("en", "Ship complete only - call before partial"),
    ("fr", "N'expédier que lorsque tout est disponible"), ("fr", "Livraison uniquement si complète"),
    ("de", "Erst liefern, wenn alles da ist"), ("en", "spedire solo quando tutto è disponibile"),
    ("en", "enviar solamente cuando todo esté disponible"),
])
def test_delivery_only_when_complete_holds_as_a_question(lang, note):
    assert ("QUESTION-TYPED", "lines") in errors(typed(lang, note))


@pytest.mark.parametrize("lang, note", [
    ("en", "Please deliver to the rear entrance"), ("fr", "Livraison le matin svp"), ("de", "Nur werktags anliefern"),
])
def test_only_and_a_place_or_time_is_no_completeness_condition(lang, note):
    assert not [e for e in errors(typed(lang, note)) if e[0] == "QUESTION-TYPED"]


@pytest.mark.parametrize("note", ["3 BOITES DE TROMBONES", "POR FAVOR 2 CAJAS DE GRAPAS", "ANCHE 3 SCATOLE DI PUNTI",
                                  "OOK 4 DOZEN NIETJES", "Bitte noch Druckerpatronen mitliefern"])
def test_goods_in_a_structured_or_printed_note_hold(note):
    order = ExtractedOrder(po_number="PO-17-1", lines=[], requested_delivery_date=WEDNESDAY)
    for printed in (False, True):
        assert [p.code for p in note_problems([note], order, printed=printed)] == ["CHANGE-TYPED"]


@pytest.mark.parametrize("note", ["PACK IN 2 BOXES", "20 Kartons pro Palette",
                                  "DELIVER TO DOCK 4", "Please send 2 copies of the invoice", "Bitte auch den Lieferschein beilegen"])
def test_handling_and_paper_notes_pass(note):
    order = ExtractedOrder(po_number="PO-17-1", lines=[], requested_delivery_date=WEDNESDAY)
    assert note_problems([note], order) == []


@pytest.mark.parametrize("note, held", [
    ("COULD YOU SHIP ON 16/12 BEFORE 10 AM?", True), ("KOENNEN SIE AM MITTWOCH VORMITTAG LIEFERN?", True),
    ("QUESTIONS? CALL 555 0100", False), ("PLEASE CALL BEFORE DELIVERY", False),
])
def test_a_structured_note_asking_about_a_day_holds(note, held):
    order = ExtractedOrder(po_number="PO-17-2", lines=[], requested_delivery_date=WEDNESDAY, notes=[note])
    assert ("QUESTION-TYPED" in [p.code for p in with_note_problems(order).problems]) is held


def test_remark_change_names_nothing_for_windows_and_refusals():
    for text in ("Receiving Monday to Friday 8-16", "Deliveries Mon.-Thu. only", "Freitags geschlossen",
                 "Transporteur tiers accepté", "DELIVER TUESDAYS ONLY", "Lieferung Do. bis 12 Uhr",
                 "Bitte an Fr. Müller liefern", "Please also deliver before noon", "Please also deliver to the rear entrance",
                 "Please ship on half pallets", "Bitte auch neutral verpacken", "Please send 2 copies of the invoice",
                 "Bitte auch an Herrn Müller liefern", "Please also send it to Mr Smith"):
        assert remark_change(text, WEDNESDAY) is None, text


def test_a_release_number_printed_on_a_page_is_read():
    from tests.test_page_notes import HINTS, PDF, order_pdf

    (order,) = PDF.extract(order_pdf("Bestellung", notes=("Abruf-Nr. 7 zum Rahmenvertrag",)), HINTS).orders
    assert order.references.get("release") == "7"
    (order,) = PDF.extract(order_pdf("Bestellung", notes=("Abruf Nr. 4 ist bereits geliefert.", "Abruf Nr. 5")), HINTS).orders
    assert "release" not in order.references and "RELEASE-UNSURE" in [p.code for p in order.problems]


def _line_noted(fmt: str, note: str):
    """A cXML, UBL or openTRANS order with ``note`` on its first line (ItemOut/Comments, LineItem/Note,
    ORDER_ITEM/REMARKS), read and its notes judged as the mapping stage does."""
    from xml.sax.saxutils import escape

    from extractors.xml.cxml import EXTRACTOR as CXML
    from extractors.xml.opentrans import EXTRACTOR as OPENTRANS
    from extractors.xml.ubl import EXTRACTOR as UBL
    from tests.test_structured_note_dates import _cxml, _opentrans, _ubl

    text = escape(note).encode()
    if fmt == "cxml":
        data, reader = _cxml([]).replace(b"</ItemDetail>", b"</ItemDetail><Comments>" + text + b"</Comments>"), CXML
    elif fmt == "ubl":
        data, reader = _ubl([]).replace(b"</cac:LineItem>", b"</cac:LineItem><cbc:Note>" + text + b"</cbc:Note>", 1), UBL
    else:
        data, reader = _opentrans([]).replace(b"</ORDER_ITEM>", b"<REMARKS>" + text + b"</REMARKS></ORDER_ITEM>", 1), OPENTRANS
    (order,) = reader.extract(data, ExtractHints()).orders
    return with_note_problems(order)


@pytest.mark.parametrize("fmt", ["cxml", "ubl", "opentrans"])
@pytest.mark.parametrize("note, code", [
    ("Please send 20 instead of 10 - quantity doubled", "CHANGE-TYPED"),
    ("Bitte zusaetzlich 3 Toner schwarz mitliefern", "CHANGE-TYPED"),
    ("Merci de n'envoyer que la moitié", "CHANGE-TYPED"),
    ("Livraison quai 3", None),
])
def test_a_line_note_of_an_xml_order_is_read_never_dropped(fmt, note, code):
    order = _line_noted(fmt, note)
    assert f"line 1: {note}" in order.notes
    assert [p.code for p in order.problems if p.severity == "error"] == ([code] if code else [])


def _sheet(note_row: list) -> bytes:
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in [["Lager Süd GmbH"], ["Bestellung"], ["Bestellnummer", "LS-20771"], ["Datum", "02.12.2026"],
                ["Liefertermin", "16.12.2026"], [], ["Artikel", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"],
                ["SKU-1003", "Hefter", 12, "EA", 2.75, 33.00], [], [None, None, None, None, "Summe", 33.00], note_row]:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx(note: str) -> bytes:
    import io

    import docx

    d = docx.Document()
    d.add_heading("Bestellung", 1)
    for text in ("Lager Süd GmbH, Hafenstraße 9, 28217 Bremen", "Bestellnummer: LS-20772", "Datum: 02.12.2026",
                 "Liefertermin: 16.12.2026"):
        d.add_paragraph(text)
    table = d.add_table(rows=2, cols=5)
    for r, row in enumerate([["Artikel", "Bezeichnung", "Menge", "Preis", "Betrag"], ["SKU-1003", "Hefter", "12", "2,75", "33,00"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_paragraph(note)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize("row, release, unsure", [
    (["Abruf-Nr.", 7], "7", False), (["Release No. 12 against blanket order BO-1190"], "12", False),
    (["Abruf Nr. 4 ist bereits geliefert, dies ist Abruf Nr. 5"], None, True), (["Anlieferung über Rampe 3"], None, False),
])
def test_a_release_number_in_a_sheet_is_read(row, release, unsure):
    from extractors.sheet.sheet import EXTRACTOR as SHEET

    (order,) = SHEET.extract(_sheet(row), ExtractHints(filename="po.xlsx")).orders
    assert order.references.get("release") == release
    assert ("RELEASE-UNSURE" in [p.code for p in order.problems]) is unsure


@pytest.mark.parametrize("note, release", [("Abruf-Nr. 7", "7"), ("Release No.: 03.12.2026", None), ("Tor 3", None)])
def test_a_release_number_in_a_word_form_is_read(note, release):
    from extractors.office.word import EXTRACTOR as WORD

    (order,) = WORD.extract(_docx(note), ExtractHints(filename="po.docx")).orders
    assert order.references.get("release") == release


@pytest.mark.parametrize("note, held", [
    ("No changes to order line", False), ("Unchanged", False), ("keine Änderung", False),
    ("No changes to order line, but send 20 instead of 10", True), ("Change quantity to 20", True),
])
def test_a_line_note_saying_nothing_changes_passes(note, held):
    order = _line_noted("ubl", note)
    assert bool([p for p in order.problems if p.severity == "error"]) is held
