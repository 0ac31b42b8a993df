"""Faxed business letters with an unruled item list (findings-t3 G) and a ruled row whose description wraps
in its cell (findings-t3 J): the letter's closing sentences, its signature, a request to quote our order number
on the papers and "delivery to our usual address" are no lines and no other site, as in a typed e-mail; the
price at an item row's end is read (and checked against the catalogue downstream); the other engine's one
unread row that is a line read right does not hold the order. Fresh letters (not the tester's), rendered as
fax TIFFs at 204x196 and 204x98 dpi and read with the real engines."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from extractors.base import ExtractHints
from extractors.capture.agreement import keep_problems
from extractors.capture.ocr import OcrExtractor
from extractors.capture.typed_rows import priced_row, rejoined, typed_lines
from extractors.capture.words import Row, Word
from extractors.typed_remarks import as_usual, formal_closing, paperwork_remark
from gateway.model import DocType, ExtractedLine, ExtractedOrder, Extraction, Problem
from testkit.capture_fax import render_fax_tiff
from tests.test_fax_letters import letter_rows

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text", [
    "Veuillez agréer, Madame, Monsieur, l'expression de nos sentiments distingués.",
    "Nous vous prions de croire à nos sincères salutations.", "Avec nos remerciements anticipés,",
    "Hochachtungsvoll", "Mit freundlichen Grüßen aus Köln", "Vielen Dank im Voraus.",
    "Yours faithfully,", "Thank you for your kind cooperation.", "Looking forward to your delivery."])
def test_a_letters_formal_closing_is_read_as_its_closing(text: str) -> None:
    assert formal_closing(text)


@pytest.mark.parametrize("text", [
    "Pouvez-vous confirmer le délai ? Salutations.", "Mit freundlichen Grüßen: 2 Stk MB-4711 noch dazu",
    "Thank you, please also send 4 staplers", "Veuillez nous livrer 3 classeurs"])
def test_a_question_or_an_item_is_no_closing(text: str) -> None:
    assert not formal_closing(text)


@pytest.mark.parametrize("text", [
    "Prière de rappeler notre numéro de commande sur toutes les factures.",
    "Merci de mentionner notre référence de commande sur le bon de livraison.",
    "Unsere Bestellnummer bitte auf Rechnung und Lieferschein angeben.",
    "Bitte vermerken Sie unsere Auftragsnummer auf allen Versandpapieren.",
    "Please show our purchase order number on every invoice and delivery note."])
def test_our_order_number_asked_for_on_the_papers_is_a_remark(text: str) -> None:
    assert paperwork_remark(text)


@pytest.mark.parametrize("text", [
    "Please quote our PO number: can you deliver by Friday?", "Merci d'indiquer le prix de 3 classeurs sur la facture.",
    "Invoice to our head office, please."])
def test_a_question_a_count_or_a_billing_address_is_no_paperwork_remark(text: str) -> None:
    assert not paperwork_remark(text)


@pytest.mark.parametrize("rest, usual", [
    ("à notre adresse habituelle.", True), ("an unsere bekannte Anschrift", True), ("to our usual address", True),
    ("comme d'habitude", True), ("à notre dépôt de Lyon", False), ("an Lager Nord, Industriestraße 12", False)])
def test_the_usual_address_after_a_delivery_label(rest: str, usual: bool) -> None:
    assert as_usual(rest) is usual


@pytest.mark.parametrize("row, priced", [
    ("12 Stück MB-4711 Ordner breit 2,75", "12 Stück MB-4711 Ordner breit @ 2,75"),
    ("30 ea SKU-1003 Lever arch file 2.75 82.50", "30 ea SKU-1003 Lever arch file @ 2.75 = 82.50"),
    ("6 boîtes DF-PAP-A4 Papier à 24,50", "6 boîtes DF-PAP-A4 Papier à 24,50"),  # marked already
    ("Paris, le 4 décembre 2026 12,50", "Paris, le 4 décembre 2026 12,50"),  # names no item
    ("Total HT 123,00", "Total HT 123,00")])
def test_money_at_an_item_rows_end_is_its_price(row: str, priced: str) -> None:
    assert priced_row(row) == priced


def test_a_letters_rows_read_with_prices_and_no_unread_closing() -> None:
    letter = ["Commande n° DF-55120", "Madame, Monsieur,", "nous vous prions de nous livrer :",
              "12 pièces SKU-1004 Agrafeuse 18,00", "40 pièces SKU-1003 Classeur dos 80 mm 2,75 110,00",
              "Prière de rappeler notre numéro de commande sur la facture.",
              "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.", "Luc Morel, Achats"]
    lines, problems = typed_lines(letter_rows(letter), ExtractHints(locale="fr_FR"))
    assert [(ln.customer_item, ln.quantity, ln.unit_price) for ln in lines] == [
        ("SKU-1004", Decimal(12), Decimal("18.00")), ("SKU-1003", Decimal(40), Decimal("2.75"))]
    assert problems == []
    wrong = [t.replace("110,00", "120,00") for t in letter]  # quantity x price does not give the amount: shown
    lines, problems = typed_lines(letter_rows(wrong), ExtractHints(locale="fr_FR"))
    assert len(lines) == 1 and [p.code for p in problems] == ["LINE-UNREAD"]


def test_a_word_boxed_apart_from_its_row_is_put_back() -> None:
    row = Row(1, (Word("4", 50, 100, 60, 120), Word("Classeur", 100, 100, 180, 120), Word("levier", 220, 100, 280, 120),
                  Word("2,75", 400, 100, 440, 120)))
    stray = Row(1, (Word("à", 190, 95, 205, 128),))
    assert [r.text for r in rejoined([row, stray])] == ["4 Classeur à levier 2,75"]
    apart = Row(1, (Word("Note", 50, 300, 90, 320),))
    assert len(rejoined([row, apart])) == 2


def _unread(row: str, count: int = 1) -> Problem:
    return Problem(code="LAYOUT-ROW-UNREAD", severity="warning",
                   message=f"{count} row(s) of the line table could not be read as items: {row!r}")


def _extraction(lines: list[tuple[str, str, str]], problems: list[Problem] = ()) -> Extraction:
    order = ExtractedOrder(lines=[ExtractedLine(quantity=Decimal(q), unit_price=Decimal(p), amount=Decimal(a))
                                  for q, p, a in lines], problems=list(problems))
    return Extraction(format="ocr", doc_type=DocType.ORDER, orders=[order])


def test_the_other_engines_unread_row_that_is_a_line_read_right_does_not_hold() -> None:
    kept = _extraction([("2", "79.00", "158.00"), ("10", "2.75", "27.50")])
    other = _extraction([("10", "2.75", "27.50")], [_unread("2 pièce 79,00 158,00")])
    keep_problems(kept, other)
    assert not [p for p in kept.orders[0].problems if p.code == "LAYOUT-ROW-UNREAD"]


@pytest.mark.parametrize("their_lines, unread", [
    ([("10", "2.75", "27.50")], _unread("3 pièce 79,00 237,00")),  # numbers of no line read
    ([("10", "2.75", "27.50"), ("2", "79.00", "158.00")], _unread("2 pièce 79,00 158,00")),  # a second such item
    ([("10", "2.75", "27.50")], _unread("2 pièce 79,00 158,00", count=2))])
def test_an_unread_row_not_accounted_for_still_holds(their_lines, unread: Problem) -> None:
    kept = _extraction([("2", "79.00", "158.00"), ("10", "2.75", "27.50")])
    keep_problems(kept, _extraction(their_lines, [unread]))
    assert [p for p in kept.orders[0].problems if p.code == "LAYOUT-ROW-UNREAD"]


def _letter(lang: str) -> bytes:
    head, rows, tail = {
        "fr": (["Dupont Fournitures SARL", "12 rue de la Paix, 75002 Paris", "", "Paris, le 1er décembre 2026", "",
                "Commande n° DF-66031", "Livraison souhaitée le 16/12/2026", "", "Madame, Monsieur,",
                "nous vous remercions de nous faire parvenir :", ""],
               ["8  pièces  SKU-1004  Agrafeuse grand modèle  18,00", "60  pièces  SKU-1003  Classeur dos 80 mm  2,75"],
               ["", "Livraison à notre adresse habituelle.", "Prière de rappeler notre numéro de commande sur la facture.",
                "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées.", "", "Luc Morel, Achats"]),
        "de": (["Müller Bürobedarf GmbH", "Hauptstraße 5, 80331 München", "", "München, 1. Dezember 2026", "",
                "Bestellung Nr. MB-66032", "Liefertermin: 16.12.2026", "", "Sehr geehrte Damen und Herren,",
                "bitte liefern Sie uns:", ""],
               ["8  Stück  SKU-1004  Heftgerät groß  18,00", "60  Stück  MB-4711  Ordner 80 mm  2,75"],
               ["", "Unsere Bestellnummer bitte auf Rechnung und Lieferschein angeben.", "Hochachtungsvoll", "",
                "Eva Brandt, Einkauf"])}[lang]
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setFont("Times-Roman", 12)
    y = 780
    for line in head + rows + tail:
        c.drawString(70, y, line)
        y -= 17
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize("lang, resolution", [("fr", "fine"), ("de", "standard")])
def test_a_faxed_letters_item_list_reads_prices_and_its_closing_is_no_line(lang: str, resolution: str) -> None:
    hints = ExtractHints(languages=({"fr": "fra", "de": "deu"}[lang],), locale={"fr": "fr_FR", "de": "de_DE"}[lang],
                         mappings_dir=REPO / "mappings", channel="fax")
    extraction = OcrExtractor("tesseract").extract(render_fax_tiff(_letter(lang), resolution, seed=4), hints)
    order = extraction.orders[0]
    assert [(ln.quantity, ln.unit_price) for ln in order.lines] == [(Decimal(8), Decimal("18.00")),
                                                                     (Decimal(60), Decimal("2.75"))]
    assert not [p for p in order.problems if p.code in ("LINE-UNREAD", "SHIP-TO-UNSURE")]
