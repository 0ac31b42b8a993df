"""The table-reading classes outside testers found on ERP-style purchase orders printed to PDF (issue 18: no lines
or wrong lines read, each held needlessly): a Business Central title wrapped over three lines at the foot of its
cell, SAP positions with text rows under them, "Artikel | Art.-Nr." (the name before the code), "Article /
Désignation" (the code on a line of its own over the name), a Calc sheet's labels, a two-tier header.

The checked-in prints (``tests/fixtures/real_producers`` families ``*_t18f``, ``make_t18f.py``) are read field for
field by ``tests/test_real_producers.py``; the particular rules are checked here on word geometry as a text layer
gives it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.layout_spec import GENERIC_SPEC
from extractors.capture.pdf_text import _completed_labels
from extractors.capture.table_cells import table_context
from extractors.capture.table_header import header_columns
from extractors.capture.words import PageWords, Row, Word
from extractors.locale_values import DocLocale

H = 14.0  # word height


def _page(lines: list[tuple[float, list[tuple[str, float]]]]) -> PageWords:
    """Words at (x, y): each line its top and its words."""
    words = [Word(text, x, y, x + 8 * len(text), y + H, 1.0, 1) for y, line in lines for text, x in line]
    return PageWords(1, 1400.0, 1980.0, tuple(words))


def _order(lines: list[tuple[float, list[tuple[str, float]]]], locale: str = "en_GB"):
    (order,) = read_order_document([_page(lines)], ExtractHints(locale=locale), "pdf_text", ocr=False).orders
    return order


HEAD = [(60, [("Purchase", 60), ("Order", 150), ("Order", 700), ("No.", 760), ("106120", 900)]),
        (90, [("Order", 700), ("Date", 760), ("04/12/2026", 900)])]


def test_a_title_wrapped_over_three_lines_at_the_foot_of_its_cell_is_read_whole() -> None:
    """Business Central: "Unit of" / "Measure" / "Code" and "Direct Unit Cost" / "Excl. VAT" bottom-aligned beside
    one-line titles: the unit column, not an item-code column named "Code" (whose units were read as the codes and
    the item numbers under "No." as positions)."""
    order = _order([*HEAD,
                    (150, [("Unit", 700), ("of", 736)]),
                    (165, [("Measure", 700), ("Direct", 850), ("Unit", 902), ("Cost", 938), ("Line", 1100), ("Amount", 1136)]),
                    (180, [("No.", 60), ("Description", 200), ("Quantity", 560), ("Code", 700), ("Excl.", 850), ("VAT", 894),
                           ("Excl.", 1100), ("VAT", 1144)]),
                    (220, [("TK-12106", 60), ("Punched", 200), ("pockets", 270), ("1", 620), ("BX", 700), ("5.60", 880),
                           ("5.60", 1160)]),
                    (250, [("TK-12078", 60), ("Notepad", 200), ("A5", 270), ("5", 620), ("EA", 700), ("1.85", 880),
                           ("9.25", 1160)])])
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("TK-12106", Decimal("1"), "BX", Decimal("5.60"), Decimal("5.60")),
        ("TK-12078", Decimal("5"), "EA", Decimal("1.85"), Decimal("9.25"))]


SAP = [(150, [("Pos.", 60), ("Material", 140), ("Kurztext", 300), ("Menge", 800), ("ME", 900), ("Nettopreis", 1000),
              ("Nettowert", 1150)]),
       (190, [("00010", 60), ("HT.12055", 140), ("Bürostuhl", 300), ("ergonomisch", 390), ("2", 840), ("Stk", 900),
              ("1.249,00", 1000), ("2.498,00", 1150)]),
       (212, [("Armlehnen", 300)]),
       (240, [("Liefertermin:", 140), ("13.12.2026", 260)]),
       (280, [("00020", 60), ("HT.12083", 140), ("Notizblock", 300), ("A5", 390), ("40", 830), ("Stk", 900), ("1,85", 1000),
              ("74,00", 1150)]),
       (315, [("Liefertermin:", 140), ("13.12.2026", 260)]),
       (340, [("Positionstext:", 140), ("bitte", 265), ("auf", 310), ("Paletten", 345), ("liefern", 420)]),
       (365, [("Infosatznotiz:", 140), ("Preis", 265), ("gemäß", 310), ("Rahmenvertrag", 365), ("2026", 480)]),
       (420, [("Summe", 900), ("netto", 950), ("2.572,00", 1150)])]


def test_an_sap_positions_text_rows_are_its_notes_not_words_of_its_code_nor_lines() -> None:
    """Text rows under a position from its Material column on (the delivery date, an item text, an info record's
    note): the position's date and notes ("line 20: Positionstext: ..."), the code stays whole, no text row is a
    line, and the wrapped short text still joins the description."""
    order = _order([(60, [("Bestellung", 60), ("Bestellnummer", 700), ("4500012400", 900)]),
                    (90, [("Datum:", 700), ("06.12.2026", 900)]), *SAP], "de_DE")
    assert [(ln.line_no, ln.customer_item, ln.quantity) for ln in order.lines] == [
        (10, "HT.12055", Decimal("2")), (20, "HT.12083", Decimal("40"))]
    assert order.lines[0].description == "Bürostuhl ergonomisch Armlehnen"
    assert [ln.requested_date for ln in order.lines] == [date(2026, 12, 13)] * 2  # "Liefertermin: ..." dates its position
    assert order.notes == ["line 20: Positionstext: bitte auf Paletten liefern",
                           "line 20: Infosatznotiz: Preis gemäß Rahmenvertrag 2026"]
    assert order.total == Decimal("2572.00")


def _columns(titles: list[tuple[str, float]]) -> list[tuple[str, float]]:
    ctx = table_context(GENERIC_SPEC, DocLocale(), False)
    row = Row(1, tuple(Word(t, x, 100, x + 8 * len(t), 100 + H, 1.0, 1) for t, x in titles))
    return [(c.kind, c.x0) for c in header_columns(row, ctx) or []]


def test_the_articles_name_before_its_number_is_the_description_then_the_code() -> None:
    """"Artikel | Art.-Nr." ("Article | Item No.", and the other way round): the title naming a number is the code's,
    the other the description's, not a second code column dropped with the codes in it."""
    assert _columns([("Artikel", 60), ("Art.-Nr.", 500), ("Menge", 700), ("Preis", 900), ("Betrag", 1100)]) == [
        ("description", 60), ("code", 500), ("quantity", 700), ("unit_price", 900), ("amount", 1100)]
    assert _columns([("Article", 60), ("Item", 500), ("No.", 540), ("Qty", 700), ("Price", 900), ("Amount", 1100)])[:2] == [
        ("description", 60), ("code", 500)]
    assert _columns([("Art.-Nr.", 60), ("Artikel", 200), ("Menge", 700), ("Preis", 900), ("Betrag", 1100)])[:2] == [
        ("code", 60), ("description", 200)]
    assert _columns([("Artikel", 60), ("Bezeichnung", 200), ("Menge", 700), ("Preis", 900)])[:2] == [
        ("code", 60), ("description", 200)]  # a description named: "Artikel" is the code's as before


def test_a_code_title_and_a_description_title_joined_by_a_slash_are_one_cell() -> None:
    assert _columns([("Pos.", 60), ("Article", 140), ("/", 200), ("Désignation", 215), ("Quantité", 700),
                     ("Prix", 900), ("Total", 1100)])[:2] == [("line_no", 60), ("description", 140)]


def test_the_code_on_a_line_of_its_own_over_the_name_is_the_items_code() -> None:
    """Lexware / Sage: "Article / Désignation", the cell's first line the code alone ("DF-CORDE-114"), the name
    under it; a name whose first line is a word (no code's shape) stays the name."""
    order = _order([(60, [("Bon", 60), ("de", 100), ("commande", 130), ("Commande", 700), ("n°", 790), ("BC-26-0913", 900)]),
                    (90, [("Date", 700), (":", 740), ("03/12/2026", 900)]),
                    (150, [("Pos.", 60), ("Article", 140), ("/", 200), ("Désignation", 215), ("Quantité", 700),
                           ("Unité", 800), ("Prix", 900), ("Total", 1100)]),
                    (190, [("1", 60), ("DF-CORDE-114", 140), ("1", 740), ("m", 800), ("0,78", 900), ("0,78", 1100)]),
                    (212, [("Corde", 140), ("polypropylène", 190), ("tressée", 310)]),
                    (250, [("2", 60), ("Enveloppes", 140), ("C5", 230), ("10", 740), ("PAQ", 800), ("6,20", 900),
                           ("62,00", 1100)]),
                    (272, [("blanches", 140), ("fenêtre", 220)])], "fr_FR")
    assert [(ln.customer_item, ln.description) for ln in order.lines] == [
        ("DF-CORDE-114", "Corde polypropylène tressée"), (None, "Enveloppes C5 blanches fenêtre")]


def _calc(text: str, x0: float, x1: float, spaced: bool) -> dict:
    return {"text": text, "x0": x0, "x1": x1, "top": 100.0, "bottom": 110.0, "chars": [], "spaced": spaced}


def test_a_calc_labels_words_with_a_blank_between_them_are_not_a_clipped_label() -> None:
    """"Order No." over "Order date:" (their second words start at one x): "Order" is followed by a blank, nothing
    is clipped, it is not completed to "Ordered"; "Bestellnumme" clipped at its value completes to the word its
    candidate labels share ("Bestellnummer", "Bestellnummer/Datum")."""
    words = [_calc("Order", 10, 38, True), _calc("No.", 40, 55, True), _calc("NG-26-0420", 70, 120, False),
             {**_calc("Order", 10, 38, True), "top": 120.0, "bottom": 130.0},
             {**_calc("date:", 40, 62, True), "top": 120.0, "bottom": 130.0}]
    assert [w["text"] for w in _completed_labels(words)] == ["Order", "No.", "NG-26-0420", "Order", "date:"]
    clipped = [_calc("Bestellnumme", 10, 70, False), _calc("BH-26-0421", 70, 120, False),
               {**_calc("Datum:", 10, 40, True), "top": 120.0, "bottom": 130.0},
               {**_calc("24.12.2026", 70, 120, False), "top": 120.0, "bottom": 130.0}]
    assert _completed_labels(clipped)[0]["text"] == "Bestellnummer"


def test_a_two_tier_header_names_the_sub_columns_of_its_groups() -> None:
    """"Quantité" over "commandée | unité", "Prix HT" over "unitaire | total", "Référence" and "Désignation" alone:
    the quantity, unit, price and amount columns where the sub-titles stand (no line was read before)."""
    order = _order([(60, [("Bon", 60), ("de", 100), ("commande", 130), ("Commande", 700), ("n°", 790), ("CMD-26-5120", 900)]),
                    (90, [("Date", 700), (":", 740), ("22/12/2026", 900)]),
                    (150, [("Référence", 60), ("Désignation", 220), ("Quantité", 700), ("Prix", 950), ("HT", 990)]),
                    (180, [("commandée", 700), ("unité", 820), ("unitaire", 950), ("total", 1120)]),
                    (220, [("DF-GRANUL-058", 60), ("Granulés", 220), ("absorbants", 300), ("2,5", 740), ("kg", 820),
                           ("3,48", 950), ("8,70", 1120)]),
                    (250, [("DF-ROULEA-093", 60), ("Rouleau", 220), ("adhésif", 290), ("12", 740), ("PCE", 820),
                           ("1,15", 950), ("13,80", 1120)])], "fr_FR")
    assert [(ln.customer_item, ln.quantity, ln.uom, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("DF-GRANUL-058", Decimal("2.5"), "kg", Decimal("3.48"), Decimal("8.70")),
        ("DF-ROULEA-093", Decimal("12"), "PCE", Decimal("1.15"), Decimal("13.80"))]


def _card(x: float, name: list[str], code: str, qty: str, unit: str, price: str, amount: str) -> list[list[tuple[str, float]]]:
    """A portal's card's lines: the name, "Art.-Nr. X", "Menge: Q U", "Einzelpreis: P", "Positionssumme: A"."""
    words = []
    for k, w in enumerate(name):
        words.append((w, x + sum(8 * len(v) + 5 for v in name[:k])))
    return [words, [("Art.-Nr.", x), (code, x + 70)], [("Menge:", x), (qty, x + 55), (unit, x + 60 + 8 * len(qty))],
            [("Einzelpreis:", x), (price, x + 105)], [("Positionssumme:", x), (amount, x + 130)]]


def test_cards_side_by_side_are_read_card_by_card() -> None:
    """A portal's product grid, two cards to a band: each card's rows on their own (left card, right card, then the
    next band), not "Menge: 100 Stk ... Menge: 3 Pack" as one card's row mixing two products."""
    bands = [(_card(60, ["Tischrechner", "12-stellig"], "SV12130", "100", "Stk", "14,90", "1.490,00"),
              _card(720, ["Briefumschläge", "C5"], "SV12081", "3", "Pack", "6,20", "18,60")),
             (_card(60, ["Seil", "Polypropylen"], "SV12123", "3", "m", "0,78", "2,34"),
              _card(720, ["Heftklammern", "24/6"], "SV12039", "10", "Pkg", "2,10", "21,00"))]
    lines = [(60.0, [("Bestelldetails", 60)]), (90.0, [("Bestellnummer:", 60), ("SV-26-20413", 200)]),
             (120.0, [("Bestellt", 60), ("am:", 130), ("02.12.2026", 170)])]
    y = 180.0
    for left, right in bands:
        for a, b in zip(left, right):
            lines.append((y, a + b))
            y += 22
        y += 40
    lines.append((y, [("Summe", 900), ("netto:", 960), ("1.531,94", 1030)]))
    order = _order(lines, "de_DE")
    assert [(ln.customer_item, ln.quantity, ln.unit_price, ln.amount) for ln in order.lines] == [
        ("SV12130", Decimal("100"), Decimal("14.90"), Decimal("1490.00")),
        ("SV12081", Decimal("3"), Decimal("6.20"), Decimal("18.60")),
        ("SV12123", Decimal("3"), Decimal("0.78"), Decimal("2.34")),
        ("SV12039", Decimal("10"), Decimal("2.10"), Decimal("21.00"))]


def test_a_word_header_grid_gives_each_title_the_value_under_it() -> None:
    """Outside tester t2, P8 (went wrong): "Date de commande | Date de livraison | Interlocuteur" over "07/12/2026 |
    08/01/2027 | Julie Moreau" in a .docx: the delivery date is the one under its title, not the order date's (the
    contact's title, no label of ours, made the row no grid and each label took the cell right of it)."""
    import io

    import docx

    from extractors.office.word import EXTRACTOR

    doc = docx.Document()
    doc.add_paragraph("BON DE COMMANDE")
    doc.add_paragraph("Commande n° : CMD-88120")
    grid = doc.add_table(rows=2, cols=3)
    for cell, text in zip(grid.rows[0].cells, ("Date de commande", "Date de livraison", "Interlocuteur")):
        cell.text = text
    for cell, text in zip(grid.rows[1].cells, ("07/12/2026", "08/01/2027", "Julie Moreau")):
        cell.text = text
    items = doc.add_table(rows=2, cols=5)
    for row, texts in zip(items.rows, (("Réf.", "Désignation", "Qté", "P.U. HT", "Montant HT"),
                                       ("DF-PAPIER-001", "Papier copieur A4", "10", "24,50", "245,00"))):
        for cell, text in zip(row.cells, texts):
            cell.text = text
    data = io.BytesIO()
    doc.save(data)
    (order,) = EXTRACTOR.extract(data.getvalue(), ExtractHints(filename="commande.docx", locale="fr_FR")).orders
    assert (order.order_date, order.requested_delivery_date) == (date(2026, 12, 7), date(2027, 1, 8))
