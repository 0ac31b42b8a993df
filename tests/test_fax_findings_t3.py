"""Outside tester's wave 1 (findings t3), fax classes of issue 23: an unruled table whose amount column is
titled "Ext." alone (F7). Word layouts as OCR gives them, read by the layout step."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word

REPO = Path(__file__).resolve().parents[1]
EN = ExtractHints(mappings_dir=REPO / "mappings")


def _page(words: list[tuple[str, float, float]]) -> PageWords:
    return PageWords(1, 1400.0, 1980.0, tuple(Word(t, x, y, x + 11 * len(t), y + 20, 0.95, 1) for t, x, y in words))


def test_an_unruled_table_whose_amount_is_titled_ext_reads_its_rows() -> None:
    """'#  Part No.  Description  Qty  Unit  Price  Ext.': the rows were read letter-perfect and all held
    LAYOUT-ROW-UNREAD: "Ext." (extension, the line's amount) was no column title."""
    head = [("PO", 180, 300), ("#:", 215, 300), ("KJ-5120", 250, 300), ("Order", 180, 330), ("date:", 245, 330),
            ("01/12/2026", 310, 330),
            ("#", 180, 600), ("Part", 230, 600), ("No.", 285, 600), ("Description", 420, 600), ("Qty", 760, 600),
            ("Unit", 840, 600), ("Price", 930, 600), ("Ext.", 1080, 600)]
    rows = [("1", 180, 650), ("MK-3315", 230, 650), ("Marker", 420, 650), ("rot", 500, 650), ("30", 770, 650),
            ("EA", 845, 650), ("1.15", 940, 650), ("34.50", 1075, 650),
            ("2", 180, 690), ("ST-7720", 230, 690), ("Heftgeraet", 420, 690), ("4", 775, 690), ("EA", 845, 690),
            ("12.40", 930, 690), ("49.60", 1075, 690), ("Total", 930, 740), ("84.10", 1075, 740)]
    order = read_order_document([_page(head + rows)], EN, "ocr", ocr=True).orders[0]
    got = [(ln.customer_item or ln.supplier_item, ln.quantity, ln.unit_price, ln.amount) for ln in order.lines]
    assert got == [("MK-3315", Decimal(30), Decimal("1.15"), Decimal("34.50")),
                   ("ST-7720", Decimal(4), Decimal("12.40"), Decimal("49.60"))]
    assert not [p for p in order.problems if p.code == "LAYOUT-ROW-UNREAD"]


def test_a_subject_whose_number_sign_ocr_read_as_a_question_mark_asks_nothing() -> None:
    """F8: a typed letter's "Objet : notre commande n° RB-55120" read "n? RB-55120" held QUESTION-TYPED."""
    from extractors.typed_remarks import page_question, question

    for text in ("Objet : notre commande n? RB-55120", "Objet: commande N?BC-2026-1210", "Bestellung No? 4500177302"):
        assert question(text) is None and page_question(text) is None, text
    for text in ("Pouvez-vous confirmer le délai ?", "Avez-vous le n? 5 en stock ?", "Is the stapler in stock?"):
        assert question(text) is not None, text


def test_the_po_in_a_title_line_after_the_senders_name_is_found() -> None:
    """F10: each page's title line "Dupont Fournitures SARL - Commande BC-2026-1210", no other PO label: held
    PO-MISSING."""
    words = [("Dupont", 180, 200), ("Fournitures", 254, 200), ("SARL", 383, 200), ("-", 435, 200),
             ("Commande", 454, 200), ("BC-2026-1210", 550, 200), ("Date", 180, 260), (":", 230, 260),
             ("03/12/2026", 250, 260),
             ("Référence", 180, 600), ("Désignation", 330, 600), ("Qté", 760, 600), ("P.U.", 930, 600),
             ("Montant", 1080, 600), ("MK-3315", 180, 650), ("Marker", 330, 650), ("30", 770, 650),
             ("1,15", 940, 650), ("34,50", 1075, 650)]
    order = read_order_document([_page(words)], ExtractHints(mappings_dir=REPO / "mappings", languages=("fra",)),
                                "ocr", ocr=True).orders[0]
    assert order.po_number == "BC-2026-1210"


def test_a_dotted_date_with_a_colon_read_for_one_dot_is_read() -> None:
    """F6/F16: 'Liefertermin: 11.12.2026' read '11:12.2026' held DELIVERY-DATE-MISSING ("could not be read as a
    date"). Read as the date, below a date read whole (one engine's reading alone stays under review)."""
    from datetime import date

    from extractors.locale_values import locale_for, parse_date

    loc = locale_for("DE", "de")
    colon, dotted = parse_date("15:12.2026", loc), parse_date("15.12.2026", loc)
    assert colon[0] == dotted[0] == date(2026, 12, 15) and colon[1] < dotted[1]
    assert parse_date("15.12:2026", loc)[0] == date(2026, 12, 15)
    assert parse_date("Anlieferung um 10:30 Uhr", loc) is None and parse_date("11:12:2026", loc) is None
    words = [("Bestellnr.:", 180, 200), ("4500177302", 300, 200), ("Datum:", 180, 240), ("03.12.2026", 260, 240),
             ("Liefertermin:", 180, 280), ("15:12.2026", 340, 280),
             ("Material", 180, 600), ("Kurztext", 330, 600), ("Menge", 760, 600), ("Preis", 930, 600),
             ("Wert", 1080, 600), ("MK-3315", 180, 650), ("Marker", 330, 650), ("30", 770, 650),
             ("1,15", 940, 650), ("34,50", 1075, 650)]
    order = read_order_document([_page(words)], ExtractHints(mappings_dir=REPO / "mappings", languages=("deu",)),
                                "ocr", ocr=True).orders[0]
    assert order.requested_delivery_date == date(2026, 12, 15)


def test_the_last_word_of_a_wrapped_closing_sentence_is_no_delivery_label() -> None:
    """F9: "Merci de rappeler notre numéro de commande sur le bon de" / "livraison." held SHIP-TO-UNSURE
    "nothing readable under the delivery address label 'livraison.'"."""
    from extractors.capture.ship_to import find_ship_to

    sentence = "Merci de rappeler notre numéro de commande sur le bon de".split()
    words, x = [], 180.0
    for w in sentence:
        words.append(Word(w, x, 900, x + 11 * len(w), 920, 0.95, 1))
        x += 11 * len(w) + 7
    words.append(Word("livraison.", 180, 926, 290, 946, 0.95, 1))
    words.append(Word("Cordialement,", 180, 990, 323, 1010, 0.95, 1))
    for fuzzy in (False, True):  # a fax's words are matched fuzzily
        found = find_ship_to(PageWords(1, 1400.0, 1980.0, tuple(words)), fuzzy)
        assert found is None or (found.party is None and not found.doubt), found
    label = PageWords(1, 1400.0, 1980.0, (Word("Adresse", 180, 900, 257, 920, 0.95, 1),
                                         Word("de", 264, 900, 286, 920, 0.95, 1),
                                         Word("livraison:", 293, 900, 403, 920, 0.95, 1)))
    held = find_ship_to(label, True)
    assert held is not None and held.doubt  # a label with nothing under it still holds
