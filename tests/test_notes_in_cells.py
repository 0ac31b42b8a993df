"""Free text on a sheet or a Word form read wherever the customer types it: a label and its text in two cells
("Remarque : | Merci de livrer à ..."), a line table's remark column, a short condition ("Keine
Teillieferungen!", "Ne pas livrer avant le 15/12/2026") and a question whose words look like a term ("Können
Sie ...?"): each holds the order as the same words alone in a cell do (review revD D1, D2, D6). Sheets are made
with openpyxl, forms with python-docx, as customers' tools write them."""
from __future__ import annotations

import io

import pytest

from extractors.base import ExtractHints
from extractors.capture.page_notes import note_cells, note_problems
from gateway.model import ExtractedOrder

HOLDS = {"QUESTION-TYPED", "CHANGE-TYPED", "PRICE-REQUEST", "SHIP-TO-UNSURE", "CANCEL-TYPED"}


def _sheet(notes: list[list], remark: tuple[str, str] | None = None, lang: str = "fr") -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    if lang == "fr":
        head = ["Réf", "Désignation", "Qté", "Unité", "P.U. HT", "Montant HT"] + ([remark[0]] if remark else [])
        rows = [["Fournitures Lebrun SA"], ["Bon de commande"], ["N° commande", "BC-7710"], ["Date", "02/12/2026"],
                ["Livraison", "09/12/2026"], [], head,
                ["SKU-1003", "Agrafeuse", 12, "EA", 2.75, 33.00] + ([remark[1]] if remark else []),
                ["SKU-1002", "Stylos bleus", 20, "EA", 0.85, 17.00], [], [None, None, None, None, "Total HT", 50.00]]
    else:
        rows = [["Bürohandel Krause KG"], ["Bestellung"], ["Bestellnummer", "4500077101"], ["Datum", "02.12.2026"],
                ["Liefertermin", "09.12.2026"], [], ["Artikel", "Bezeichnung", "Menge", "Einheit", "Einzelpreis", "Betrag"],
                ["SKU-1003", "Hefter", 12, "EA", 2.75, 33.00], [], [None, None, None, None, "Summe", 33.00]]
    for row in rows + notes:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _codes(data: bytes, name: str = "po.xlsx") -> set[str]:
    from extractors.sheet.sheet import EXTRACTOR

    (order,) = EXTRACTOR.extract(data, ExtractHints(filename=name)).orders
    return {p.code for p in order.problems if p.severity == "error"}


@pytest.mark.parametrize("notes,lang,code", [
    ([["Remarque :", "Merci de livrer à notre entrepôt, 4 rue du Port, 44000 Nantes"]], "fr", "CHANGE-TYPED"),
    ([["Commentaire", "Pouvez-vous confirmer le délai de livraison ?"]], "fr", "QUESTION-TYPED"),
    ([["Keine Teillieferungen!"]], "de", "QUESTION-TYPED"),
    ([["Bitte nicht vor dem 16.12. liefern."]], "de", "QUESTION-TYPED"),
    ([["Können Sie den Preis vor der Lieferung bestätigen?"]], "de", "PRICE-REQUEST"),
    ([["Ne pas livrer avant le 16/12/2026"]], "fr", "QUESTION-TYPED"),
    ([["Livraison : agence de Nantes, 4 rue du Port, 44000 Nantes"]], "fr", "SHIP-TO-UNSURE")])
def test_a_note_in_a_sheets_cells_holds_the_order(notes: list, lang: str, code: str) -> None:
    assert code in _codes(_sheet(notes, lang=lang))
    assert not _codes(_sheet([], lang=lang)) & HOLDS


@pytest.mark.parametrize("title", ["Remarque", "Commentaire", "Bemerkung", "Notes"])
def test_a_question_in_a_line_tables_remark_column_holds_the_order(title: str) -> None:
    assert {"QUESTION-TYPED", "PRICE-REQUEST"} & _codes(_sheet([], remark=(title, "Pouvez-vous confirmer le prix avant expédition ?")))
    assert not _codes(_sheet([], remark=(title, None))) & HOLDS


def test_header_label_value_rows_are_no_notes() -> None:
    rows = [["N° commande", "BC-7710"], ["Date", "02/12/2026"], ["Contact :", "Jean Martin"], ["Total HT", 50.0]]
    assert note_cells(rows, 2) == ["Contact : Jean Martin"]
    assert not note_problems(note_cells(rows, 2), ExtractedOrder(), printed=True)


def test_a_labelled_delivery_place_with_no_address_read_waits_unless_it_is_on_file() -> None:
    (problem,) = note_problems(["Adresse de livraison : 12 rue de la Paix, 75002 Paris"], ExtractedOrder(), printed=True)
    assert problem.code == "SHIP-TO-UNSURE" and problem.element == "ship_to.blocks"  # lifted for the address on file


def _docx(pairs: list[tuple[str, str]], para: str | None = None) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Purchase Order", 1)
    d.add_paragraph("PO Number: PO-88413\nOrder date: 12/02/2026\nDelivery date: 12/14/2026")
    t = d.add_table(rows=1, cols=5)
    for c, title in enumerate(("Item", "Description", "Qty", "Unit price", "Amount")):
        t.rows[0].cells[c].text = title
    cells = t.add_row().cells
    for c, v in enumerate(("SKU-1005", "Toner cartridge black", "3", "89.90", "269.70")):
        cells[c].text = v
    d.add_paragraph("Total: 269.70")
    if para:
        d.add_paragraph(para)
    if pairs:
        t2 = d.add_table(rows=0, cols=2)
        for a, b in pairs:
            row = t2.add_row().cells
            row[0].text, row[1].text = a, b
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


@pytest.mark.parametrize("pairs,para,code", [
    ([("Note:", "Can you confirm the toner is the high-yield version before shipping?")], None, "QUESTION-TYPED"),
    ([("Comments:", "Please deliver to our depot at 40 Harbor Rd, Toledo, OH 43604")], None, "CHANGE-TYPED"),
    ([], "Wichtig: Keine Teillieferungen!", "QUESTION-TYPED"),
    ([], "Please do not deliver before 12/16/2026.", "QUESTION-TYPED")])
def test_a_word_forms_note_in_two_cells_or_short_holds_the_order(pairs: list, para: str | None, code: str) -> None:
    from extractors.office.word import EXTRACTOR as WORD

    (order,) = WORD.extract(_docx(pairs, para), ExtractHints(filename="po.docx")).orders
    assert code in {p.code for p in order.problems}
    (plain,) = WORD.extract(_docx([("Contact:", "Mary Jones")]), ExtractHints(filename="po.docx")).orders
    assert not {p.code for p in plain.problems} & HOLDS


def test_descriptions_under_a_header_cell_merged_over_two_columns_are_no_notes() -> None:
    from extractors.capture.page_notes import note_cells
    rows = [["Pos", "Artikel", None, "Menge", "Preis", "Betrag"],
            [1, "KX-100", "Tintenroller schwarz mit Ersatzpatrone, vor Gebrauch schütteln", 5, 2.4, 12.0],
            [2, "KX-200", "Kopierpapier A4 weiß 80 g Karton zu fünf Pack", 2, 21.0, 42.0]]
    assert note_cells(rows) == []
    beside = [*rows, [3, "KX-300", "Ordner", 4, 3.0, 12.0, None, "Falls nicht lieferbar, bitte die Ordner streichen."]]
    assert note_cells(beside) == ["Falls nicht lieferbar, bitte die Ordner streichen."]
