"""Instructions typed on office orders (issue 18, office part): a cancellation asked of the supplier, conditional
or not, in French, German or English, wherever it sits on the sheet or the Word form (a cell alone under the items,
a cell beside an item row past the table's columns, a merged cell, a Word paragraph or footer), holds the order as
CANCEL-TYPED; a seller's or buyer's general term ("Buyer may cancel ...") does not."""

from __future__ import annotations

import io

import openpyxl
import pytest

from extractors.base import ExtractHints
from extractors.capture.page_notes import cancel_asked
from extractors.locale_values import fold
from extractors.sheet.sheet import EXTRACTOR
from testkit.harness import REPO

HINTS = ExtractHints(mappings_dir=REPO / "mappings")


@pytest.mark.parametrize("text", [
    "Au cas où les classeurs seraient en rupture, merci de les supprimer de la commande.",
    "Si vous ne pouvez pas livrer le papier cette semaine, annulez cette ligne.",
    "Faute de stock sur les enveloppes, veuillez annuler l'article.",
    "Sollten die Ordner nicht lieferbar sein, bitte die Position stornieren.",
    "Wenn der Toner nicht vorrätig ist, streichen Sie ihn.",
    "Falls Lieferung erst nach dem 18.12.: Position streichen.",
    "Should the staples be back-ordered, please remove them and ship the rest.",
    "If you cannot supply the folders by Friday then cancel that item.",
    "Out of stock items: do not back-order, cancel them.",
])
def test_a_cancellation_asked_of_the_supplier_is_read_in_three_languages(text: str) -> None:
    assert cancel_asked(fold(text).replace("ß", "ss"))


@pytest.mark.parametrize("text", [
    "The buyer may cancel this order if delivery is not made by the date specified.",
    "Nous nous réservons le droit d'annuler toute commande livrée en retard.",
    "Wir behalten uns vor, bei Lieferverzug vom Vertrag zurückzutreten.",
    "Orders not confirmed within two working days are cancelled automatically.",
    "Please deliver to goods-in between 8 and 16 h.",
    "Merci de livrer à l'accueil, quai 3.",
    "Bitte Lieferschein beilegen.",
])
def test_a_term_or_a_plain_instruction_is_no_cancellation(text: str) -> None:
    assert not cancel_asked(fold(text).replace("ß", "ss"))


def _xlsx(build) -> bytes:
    book = openpyxl.Workbook()
    build(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _codes(data: bytes) -> list[str]:
    (order,) = EXTRACTOR.extract(data, HINTS).orders
    assert len(order.lines) == 2
    return [p.code for p in order.problems if p.severity == "error"]


def _order(ws, lang: str) -> None:
    titles = {"fr": ["Réf.", "Désignation", "Qté", "Prix unitaire", "Montant"],
              "de": ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"],
              "en": ["Code", "Description", "Qty", "Unit price", "Amount"]}[lang]
    ws.append([{"fr": "Commande n°", "de": "Bestellnummer", "en": "PO number"}[lang], "ZX-55120"])
    ws.append([])
    ws.append(titles)
    ws.append(["DF-PAP-A4", "Papier A4", 4, 24.5, 98.0])
    ws.append(["DF-STYLO-B", "Stylo bleu", 10, 3.9, 39.0])


@pytest.mark.parametrize("lang, note", [
    ("fr", "Au cas où le papier serait en rupture, merci de l'annuler."),
    ("de", "Bei Lieferengpass bitte Position 2 ersatzlos stornieren."),
    ("en", "If the pens are out of stock please cancel them."),
])
def test_a_cancellation_under_the_items_holds_the_sheet(lang: str, note: str) -> None:
    def build(ws):
        _order(ws, lang)
        ws.append([])
        ws.append([None, None, note])  # any column, alone on its row

    assert "CANCEL-TYPED" in _codes(_xlsx(build))


def test_a_cancellation_beside_an_item_row_past_the_table_holds_the_sheet() -> None:
    def build(ws):
        _order(ws, "de")
        ws["I5"] = "Wenn nicht rechtzeitig lieferbar, diese Zeile bitte streichen"

    assert "CANCEL-TYPED" in _codes(_xlsx(build))


def test_a_cancellation_in_a_merged_cell_holds_the_sheet() -> None:
    def build(ws):
        _order(ws, "en")
        ws["A8"] = "Important - if the paper cannot ship before Christmas, cancel the line and send the pens."
        ws.merge_cells("A8:E8")

    assert "CANCEL-TYPED" in _codes(_xlsx(build))


def test_a_short_remark_beside_the_items_does_not_hold_the_sheet() -> None:
    def build(ws):
        _order(ws, "fr")
        ws["H4"] = "déjà commandé en octobre"  # a buyer's aside, no request
        ws["H5"] = "ok"

    assert "CANCEL-TYPED" not in _codes(_xlsx(build))


@pytest.mark.parametrize("where", ["footer", "body"])
def test_a_cancellation_in_a_word_form_footer_or_paragraph_holds_it(where: str) -> None:
    import docx

    from extractors.office.word import EXTRACTOR as WORD

    d = docx.Document()
    d.add_paragraph("Bestellnummer: ZX-55121")
    t = d.add_table(rows=1, cols=5)
    for cell, title in zip(t.rows[0].cells, ["Art.-Nr.", "Bezeichnung", "Menge", "Preis", "Betrag"]):
        cell.text = title
    for row in (["DF-PAP-A4", "Papier A4", "4", "24,50", "98,00"], ["DF-STYLO-B", "Stylo bleu", "10", "3,90", "39,00"]):
        for cell, value in zip(t.add_row().cells, row):
            cell.text = value
    note = "Sofern die Kugelschreiber ausverkauft sind, bitte ersatzlos aus der Bestellung entfernen."
    (d.sections[0].footer.paragraphs[0] if where == "footer" else d.add_paragraph()).text = note
    out = io.BytesIO()
    d.save(out)
    (order,) = WORD.extract(out.getvalue(), HINTS).orders
    assert "CANCEL-TYPED" in [p.code for p in order.problems]


@pytest.mark.parametrize("row", [
    ["*", "please cancel the pens if not available"],
    ["NB", "Stylos : si pas dispo, supprimer"],
    ["Hinweis", "Papier: wenn nicht da, streichen"],
])
def test_a_marked_or_labelled_cancellation_row_holds_the_sheet(row: list) -> None:
    def build(ws):
        _order(ws, "en")
        ws.append([])
        ws.append(row)

    assert "CANCEL-TYPED" in _codes(_xlsx(build))


@pytest.mark.parametrize("remark, held", [("sonst stornieren", True), ("bitte streichen", True),
                                          ("Lager 3", False)])
def test_a_short_cancellation_in_an_item_rows_remark_column(remark: str, held: bool) -> None:
    def build(ws):
        _order(ws, "de")
        ws["F3"] = "Bemerkung"
        ws["F4"] = remark

    assert ("CANCEL-TYPED" in _codes(_xlsx(build))) is held


@pytest.mark.parametrize("note, held", [
    ("Si le papier est en rupture, remplacez-le par le modèle recyclé.", True),
    ("Sollten die Stifte nicht lieferbar sein, bitte gleichwertigen Ersatz schicken.", True),
    ("If the paper is unavailable, substitute a similar ream please.", True),
    ("Merci de nous prévenir avant toute substitution d'article.", True),
    ("Please deliver the paper only after 14/12 (stock room closed).", True),
    ("No substitutions without written approval.", False),
    ("The supplier may substitute equivalent products if out of stock.", False),
    ("Ersatzteile bitte separat verpacken.", False),
])
def test_a_substitute_asked_for_missing_goods_or_a_late_date_holds_the_sheet(note: str, held: bool) -> None:
    def build(ws):
        _order(ws, "en")
        ws.append([])
        ws.append([note])

    assert ("QUESTION-TYPED" in _codes(_xlsx(build))) is held


@pytest.mark.parametrize("text", [
    "Strictly private. If this form reached you by mistake, please delete it and tell us.",
    "Notre transporteur viendra la retirer mardi à votre entrepôt.",
    "Nous passerons les retirer nous-mêmes au comptoir.",
    "Please drop the cartons off at receiving, door 5.",
    "Kindly remove the shrink film before storing the reams.",
    "Anlieferung Tor 4, Umverpackung bitte entfernen.",
    "Merci de supprimer l'ancienne adresse de facturation de vos fichiers.",
    "Storno-Set bitte beilegen.",
])
def test_a_word_that_removes_no_goods_of_the_order_is_no_cancellation(text: str) -> None:
    assert not cancel_asked(fold(text).replace("ß", "ss").lower())


@pytest.mark.parametrize("text", [
    "Si le toner est en rupture, merci de le retirer de la commande.",
    "If the folders are late, please remove them from the order.",
    "Falls nicht lieferbar, bitte die Position entfernen.",
    "Please cancel the stapler line, thank you.",
])
def test_a_removal_of_goods_or_a_line_is_still_a_cancellation(text: str) -> None:
    assert cancel_asked(fold(text).replace("ß", "ss").lower())


@pytest.mark.parametrize("note", [
    "Ersatzminen bitte vor 9 Uhr an der Pforte abgeben.",
    "As with our previous order, similar packing please, deliver before 11 am.",
    "Zustellung alternativ über Tor 5, bitte vor 13 Uhr.",
    "Remplacement des fournitures du bureau 2 : merci de livrer avant 9h.",
])
def test_a_substitute_like_word_beside_a_time_asks_no_substitute(note: str) -> None:
    def build(ws):
        _order(ws, "en")
        ws.append([])
        ws.append([note])

    codes = _codes(_xlsx(build))
    assert "QUESTION-TYPED" not in codes and "CANCEL-TYPED" not in codes


@pytest.mark.parametrize("text", [
    "Ne nous envoyez plus les classeurs, merci.",
    "Si les enveloppes manquent, ne les envoyez pas.",
    "Die Ordner bitte nicht mehr liefern.",
    "Please don't send the folders, we have plenty.",
    "Zeile 3 entfällt.",
    "Delete item 2, it is discontinued.",
    "If the folders are back-ordered, forget them.",
])
def test_goods_or_a_line_stopped_in_other_words_is_a_cancellation(text: str) -> None:
    assert cancel_asked(fold(text).replace("ß", "ss").lower())


@pytest.mark.parametrize("text", [
    "N'envoyez pas la facture par courrier, merci.",
    "Bitte Rechnungen nicht mehr per Post senden.",
    "Do not ship the order before 15/12, please.",
    "Please don't send the invoice with the goods.",
])
def test_stopping_paperwork_or_a_timed_condition_is_no_cancellation(text: str) -> None:
    assert not cancel_asked(fold(text).replace("ß", "ss").lower())


@pytest.mark.parametrize("note, code", [
    ("If the folders are unavailable, ship the larger ones instead.", "QUESTION-TYPED"),
    ("Sollte der Toner nicht lieferbar sein, bitte Nachfolgemodell senden.", "QUESTION-TYPED"),
    ("Nothing after 16/12 please, the site closes.", "QUESTION-TYPED"),
    ("Livraison au plus tard le 15/12, merci.", "QUESTION-TYPED"),
    ("Pos. 1 entfällt.", "CANCEL-TYPED"),
    ("Please do not ship the staplers.", "CANCEL-TYPED"),
])
def test_a_substitute_a_latest_date_or_a_stopped_line_in_other_words_holds_the_sheet(note: str, code: str) -> None:
    def build(ws):
        _order(ws, "en")
        ws.append([])
        ws.append([note])

    assert code in _codes(_xlsx(build))


@pytest.mark.parametrize("note", [
    "Instead of the usual courier, please use DHL.",
    "Please deliver to the new warehouse from now on.",
])
def test_an_instruction_with_no_missing_goods_or_date_limit_does_not_hold_the_sheet(note: str) -> None:
    def build(ws):
        _order(ws, "en")
        ws.append([])
        ws.append([note])

    codes = _codes(_xlsx(build))
    assert "QUESTION-TYPED" not in codes and "CANCEL-TYPED" not in codes
