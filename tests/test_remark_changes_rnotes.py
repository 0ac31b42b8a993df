"""Review rnotes: remarks that change an order, read the same way in a typed e-mail, a structured order's note and a
sheet or Word form. Goods named after a person ("auch an Herrn Müller Toner liefern"), a count after "the" the
order's lines do not hold or beside a word of adding ("include the 3 boxes of pens"), short weekdays ("Do. statt
Mi."), the order's weekday or day in another week or month, a share as a percentage or a half quantity, delivery
only when complete said other ways: each holds. A release number printed on a sheet or a form is read whole, never
cut; a date or a count of goods under a release label is no release. Harmless remarks still pass: "Fr. Müller", a
person present to sign, a "?" that is a letter lost in transcoding."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from extractors.base import ExtractHints
from extractors.mail.body_text import EXTRACTOR as BODY
from extractors.office.word import EXTRACTOR as WORD
from extractors.remark_changes import remark_change
from extractors.sheet.sheet import EXTRACTOR as SHEET
from gateway.model import ExtractedLine, ExtractedOrder
from gateway.stages.mapping import with_note_problems

REPO = Path(__file__).resolve().parents[1]
MAILS = {"de": "Bestellung 5512, Liefertermin 16.12.2026\n\n- 15 x MB-4711 Ordner\n- 5 x MB-4712\n\n{note}\n\nGruß\nAnna\n",
         "fr": "Commande 2026-552, livraison le 16/12/2026\n\n- 8 x DF-PAP-A4\n- 2 x DF-AGR-1\n\n{note}\n\nBien à vous\nClaire\n",
         "en": "PO 55120, ship by Dec 16, 2026\n\n- 4 x AIS-STP-01\n\n{note}\n\nBest\nTom\n"}
WEDNESDAY = date(2026, 12, 16)
STAPLERS = [ExtractedLine(line_no=1, supplier_item="SKU-1004", description="Stapler", quantity=3, uom="C62")]


def typed(lang: str, note: str) -> ExtractedOrder:
    [order] = BODY.extract(MAILS[lang].format(note=note).encode(), ExtractHints(content_type="text/plain")).orders
    return order


def structured(note: str, wanted: date = WEDNESDAY) -> ExtractedOrder:
    return with_note_problems(ExtractedOrder(po_number="PO-1", lines=STAPLERS, requested_delivery_date=wanted,
                                             notes=[note]))


def errors(order: ExtractedOrder) -> set[tuple[str, str | None]]:
    return {(p.code, p.element) for p in order.problems if p.severity == "error"}


def codes(order: ExtractedOrder) -> set[str]:
    return {p.code for p in order.problems if p.severity == "error"}


def sheet(row: list[object]) -> ExtractedOrder:
    book = openpyxl.Workbook()
    for cells in [["Müller Bürobedarf GmbH"], ["Bestellung"], ["Bestellnummer", "LS-20771"], ["Datum", "02.12.2026"],
                  ["Liefertermin", "16.12.2026"], [], ["Artikel", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag"],
                  ["SKU-1003", "Ordner A4 80mm", 12, "C62", 2.75, 33.00], [], [None, None, None, None, "Summe", 33.00],
                  row]:
        book.active.append(cells)
    out = io.BytesIO()
    book.save(out)
    [order] = SHEET.extract(out.getvalue(), ExtractHints(mappings_dir=REPO / "mappings")).orders
    return order


def form(note: str) -> ExtractedOrder:
    import docx
    document = docx.Document()
    document.add_heading("Bestellung", 1)
    for text in ("Müller Bürobedarf GmbH, Hauptstraße 5, 80331 München", "Bestellnummer: LS-20772",
                 "Datum: 02.12.2026", "Liefertermin: 16.12.2026"):
        document.add_paragraph(text)
    table = document.add_table(rows=2, cols=5)
    for r, row in enumerate([["Artikel", "Bezeichnung", "Menge", "Preis", "Betrag"],
                             ["SKU-1003", "Ordner A4 80mm", "12", "2,75", "33,00"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(note)
    out = io.BytesIO()
    document.save(out)
    [order] = WORD.extract(out.getvalue(), ExtractHints(filename="order.docx")).orders
    return order


# 1. goods after a person's name; 2. a count after "the" with a word of adding or not on the order's lines;
# 4. a share as a percentage, a half quantity, half pallets and the rest later
@pytest.mark.parametrize("lang, note", [
    ("de", "Bitte auch an Herrn Müller Toner liefern"),
    ("de", "Bitte auch an Herrn Schmidt noch Druckerpatronen und Toner liefern"),
    ("en", "Please also send to Mr Smith some toner"),
    ("fr", "Merci d'envoyer aussi à Mme Petit du papier"),
    ("fr", "Merci de livrer aussi chez M. Durand des enveloppes"),  # own variant
    ("en", "Please include the 3 boxes of pens"),
    ("fr", "Merci d'ajouter les 3 boîtes de trombones"),
    ("de", "Bitte die 5 Kartons Kopierpapier beilegen"),
    ("en", "Please deliver the 10 reams to floor 2, the other 10 next week"),
    ("en", "Por favor añadir las 2 cajas de grapas"),  # own variant (es)
    ("de", "Bitte nur 50 % liefern"),
    ("de", "Bitte nur halbe Menge liefern"),
    ("en", "Please ship 50% now"),
    ("en", "Please ship half-quantity"),
    ("fr", "Merci de livrer une demi-quantité"),
    ("en", "Please deliver half pallets only, the rest in January"),
    ("fr", "Livrer seulement 30 pour cent pour le moment"),  # own variant
])
def test_a_remark_that_changes_the_lines_holds(lang, note):
    assert ("CHANGE-TYPED", "lines") in errors(structured(note))
    assert remark_change(note, WEDNESDAY, ["Stapler C62"]) is not None


@pytest.mark.parametrize("lang, note", [
    ("de", "Bitte auch an Herrn Müller Toner liefern"), ("en", "Please include the 3 boxes of pens"),
    ("fr", "Merci d'ajouter les 3 boîtes de trombones"), ("de", "Bitte nur 50 % liefern"),
    ("de", "Bitte nur halbe Menge liefern"),
])
def test_a_typed_remark_that_changes_the_lines_holds_and_stays_a_note(lang, note):
    order = typed(lang, note)
    assert ("CHANGE-TYPED", "lines") in errors(order), order.problems
    assert note in order.notes


def test_a_count_after_the_names_the_orders_own_goods_only_when_a_line_names_them():
    note = "Please deliver the 10 reams to floor 2"
    assert remark_change(note, WEDNESDAY, ["Copy paper A4 80g ream"]) is None  # counter-example: the order's reams
    assert remark_change(note, WEDNESDAY, ["Stapler"]) is not None
    assert remark_change("Please include the 10 reams", WEDNESDAY, ["Copy paper A4 80g ream"]) is not None


# 3. short weekdays; 3b. the order's weekday or day in another week or month
@pytest.mark.parametrize("note, wanted", [
    ("Bitte Do. liefern statt Mi.", WEDNESDAY), ("Please deliver Fri, not Wed", WEDNESDAY),
    ("Deliver Thu please", WEDNESDAY), ("Bitte am Fr. liefern", WEDNESDAY),
    ("Lieferung bitte Fr. statt Mi.", WEDNESDAY), ("Please also deliver before noon Fri.", WEDNESDAY),
    ("Please also deliver before noon, Fri", WEDNESDAY),
    ("Livrer ven. plutôt que mer.", WEDNESDAY),  # own variant (fr)
    ("Bitte Mittwoch in einer Woche liefern", WEDNESDAY), ("Please deliver Thursday next week", date(2026, 12, 31)),
    ("Please deliver on the 16th, in January", WEDNESDAY),
    ("Livrer mercredi de la semaine prochaine", WEDNESDAY),  # own variant (fr)
])
def test_another_delivery_day_holds(note, wanted):
    assert ("CHANGE-TYPED", "requested_delivery_date") in errors(structured(note, wanted))


@pytest.mark.parametrize("lang, note", [("de", "Bitte Do. liefern statt Mi."), ("de", "Bitte Mittwoch in einer Woche liefern"),
                                        ("en", "Please deliver on the 16th, in January")])
def test_a_typed_day_change_holds(lang, note):
    assert ("CHANGE-TYPED", "requested_delivery_date") in errors(typed(lang, note))


@pytest.mark.parametrize("note", [
    "Fr. Müller nimmt die Ware an", "Bitte bei Fr. Weber abgeben", "Do not deliver before 8", "Deliver Wednesday please",
    "Anlieferung Mo-Fr 7-15 Uhr", "Livrer mon colis à l'accueil", "Keine Anlieferung am Freitag",
    "Please deliver Wednesday, gate 2",
])
def test_a_short_word_that_is_no_day_passes(note):
    assert ("CHANGE-TYPED", "requested_delivery_date") not in errors(structured(note))


# 5. delivery only when complete; 8. a person present is no completeness
@pytest.mark.parametrize("note", [
    "Ne livrer qu'une fois la commande complète", "Deliver once the full order is ready",
    "N'expédier qu'une fois tout disponible", "Ship when complete", "Complete delivery required",
    "Erst liefern, sobald die Bestellung vollständig ist", "Komplettlieferung erforderlich",  # own variants (de)
])
def test_delivery_only_when_complete_holds(note):
    assert "QUESTION-TYPED" in codes(structured(note))


@pytest.mark.parametrize("note", [
    "Deliver only when someone is available to sign", "Nur liefern, wenn jemand da ist, alle Lieferungen an Tor 2",
    "Please deliver only when reception is staffed, all goods to reception",
    "Livrer uniquement quand l'accueil est ouvert, toute livraison par le quai 2",
    "Solo consegnare quando qualcuno è disponibile",  # own variant (it)
])
def test_a_person_present_is_no_condition_of_completeness(note):
    assert errors(structured(note)) == set()


# 9. a "?" that stands for a lost letter
@pytest.mark.parametrize("note", ["ANLIEFERUNG BIS 15 UHR, FRAU M?LLER", "LIVRAISON AVANT 10H, M. FRAN?OIS"])
def test_a_lost_letter_is_no_question(note):
    assert errors(structured(note)) == set()


def test_a_real_question_about_a_time_still_holds():
    assert "QUESTION-TYPED" in codes(structured("Können Sie bis 15 Uhr liefern?"))


# 2 and 1 on a sheet and a Word form
@pytest.mark.parametrize("make, note", [
    (lambda n: sheet(["Remarque :", n]), "Merci d'ajouter les 3 boîtes de trombones"),
    (lambda n: sheet(["Bemerkung:", n]), "Bitte auch an Herrn Müller Toner liefern"),
    (lambda n: sheet(["Bemerkung:", n]), "Please deliver half pallets only, the rest in January"),
    (form, "Bemerkung: Bitte die 5 Kartons Kopierpapier beilegen"),
    (form, "Remark: please also add the 2 boxes of staples"),  # own variant (en)
])
def test_a_sheet_or_form_remark_that_changes_the_lines_holds(make, note):
    assert ("CHANGE-TYPED", "lines") in errors(make(note))


def test_a_plain_sheet_remark_passes():
    assert errors(sheet(["Anlieferung Tor 2"])) == set()


# 7. release numbers on sheets and forms
@pytest.mark.parametrize("row, release", [
    (["Release No.", "4500-12"], "4500-12"), (["Abruf-Nr.", "17"], "17"), (["N° d'appel de livraison", "4500/3"], None),
])
def test_a_release_number_on_a_sheet_is_read_whole(row, release):
    order = sheet(row)
    if release:
        assert order.references.get("release") == release
        assert "RELEASE-UNSURE" not in codes(order)


@pytest.mark.parametrize("make", [
    lambda: sheet(["Abruf-Nr.", "2026-07"]), lambda: sheet(["Abruf-Nr.", "7.5"]), lambda: form("Abruf-Nr.: 05.12."),
    lambda: form("Release no.: 12/01"),  # own variant (en)
])
def test_a_date_or_a_cut_number_under_a_release_label_holds(make):
    order = make()
    assert not order.references.get("release")
    assert "RELEASE-UNSURE" in codes(order)


@pytest.mark.parametrize("row", [["Call-off 2 pallets per week"], ["Abruf 3 Paletten pro Woche"]])
def test_a_count_of_goods_after_call_off_is_no_release(row):
    assert not sheet(row).references.get("release")
