"""Outside tester t3's fax classes of issue 23 (wave 1) owned by this round: a French form's "N° de commande"
label read "N? de commande" (class 1), two rows of the table read as one item cell (class 8)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from extractors.typed_remarks import number_sign, page_question, question
from gateway.model import ExtractedLine, ExtractedOrder
from gateway.reference.masterdata import load_master_data
from gateway.stages.item_matching import score_order

REPO = Path(__file__).resolve().parents[1]
MD = load_master_data(REPO / "mappings" / "masterdata")


def test_a_number_label_whose_degree_sign_ocr_read_as_a_question_mark_asks_nothing() -> None:
    """Class 1: "N° de commande: RB945967" read "N? de commande: RB945967" held QUESTION-TYPED on clean French
    forms. A form's label with "n°" before its noun is no question, whatever value follows."""
    for text in ("N? de commande: RB945967", "N? de commande : RB945967", "n? client : 4711", "N? TVA: FR12345678901",
                 "N?de bon de commande : BC-77", "No? de commande 4711", "N? cde : A-1", "N? fournisseur: 55"):
        assert question(text) is None and page_question(text) is None, text
    assert number_sign("N? de commande: RB945967") == "N° de commande: RB945967"


def test_a_question_beside_a_number_label_still_asks() -> None:
    """Counter-examples: the label's "?" put back as "°" leaves every other question standing."""
    for text in ("N? de commande: RB945967 - pouvez-vous livrer avant le 12 ?", "Avez-vous le n? 5 en stock ?",
                 "Is it in stock, no? Please call", "No? Can you deliver earlier?", "Le n° de commande est-il correct ?"):
        assert question(text) is not None, text


def _order(codes: list[str]) -> ExtractedOrder:
    lines = [ExtractedLine(line_no=n, customer_item=code, description="x", quantity=Decimal(2), uom="BX",
                           unit_price=Decimal("24.50"), amount=Decimal("49.00"))
             for n, code in enumerate(codes, 1)]
    return ExtractedOrder(po_number="PO-8812", order_date=date(2026, 12, 7), lines=lines, total=Decimal("49.00"))


def test_an_item_cell_read_as_two_catalogue_codes_holds_the_line() -> None:
    """Class 8: line 1's code read 'SKU-1005SKU-1001' (rows 1 and 2 joined), row 2's numbers unread: the line
    vanished and only the printed total held the order. Two codes in one item cell are an issue on the line."""
    for glued in ("SKU-1005SKU-1001", "SKU-1005 SKU-1001", "SKU-1005|SKU-1001", "SKU-1005-SKU-1001",
                  "SKU-1005.SKU-1001"):
        scored = score_order(_order([glued]), MD, "C1004", today=date(2026, 12, 7))
        unread = [p for p in scored.problems if p.code == "LINE-UNREAD"]
        assert unread and unread[0].segment_position == 1 and glued in unread[0].message, glued


def test_one_code_per_cell_is_no_joined_row() -> None:
    """Counter-examples: one code, a code with its position glued, a near miss, two lines each with its code."""
    for codes in (["SKU-1005"], ["1SKU-1002"], ["SKU-10051"], ["SKU-1005", "SKU-1001"], ["SKU-1005-"], ["SKU-1005-2"],
                  ["SKU-1005."]):
        scored = score_order(_order(codes), MD, "C1004", today=date(2026, 12, 7))
        assert not [p for p in scored.problems if p.code == "LINE-UNREAD" and "item codes" in p.message], codes


def _line(text: str, x: float, y: float) -> list[tuple[str, float, float]]:
    out = []
    for word in text.split():
        out.append((word, x, y))
        x += 11 * len(word) + 9
    return out


def _ship_to(lines: list[tuple[str, float, float]]):
    from extractors.capture.ship_to import find_ship_to
    from extractors.capture.words import PageWords, Word

    words = [w for text, x, y in lines for w in _line(text, x, y)]
    page = PageWords(1, 1400.0, 1980.0, tuple(Word(t, x, y, x + 11 * len(t), y + 22, 0.95, 1) for t, x, y in words))
    return find_ship_to(page)


def test_a_one_line_delivery_address_wrapped_in_its_cell_is_read_whole() -> None:
    """Class 2: "Adresse de livraison: Dupont Fournitures SARL, 12 rue de la" / "Paix, 75002 Paris" (the value's
    cell wrapped, its second line under the value, not under the label) was read without its place; "Ship to:
    Acme Industrial Supply Inc, 100" / "Main St, Chicago, IL 60601" too; "Lieferanschrift: Müller Bürobedarf GmbH,"
    / "Hauptstraße 5, 80331 München" took the lines under it down into the table."""
    read = _ship_to([("Adresse de livraison: Dupont Fournitures SARL, 12 rue de la", 132, 475),
                     ("Paix, 75002 Paris", 368, 507), ("Pos. Référence Désignation", 140, 620)])
    assert read is not None and read.party is not None and not read.doubt
    assert (read.party.street, read.party.postcode, read.party.city) == ("12 rue de la Paix", "75002", "Paris")
    read = _ship_to([("Ship to:", 128, 480), ("Acme Industrial Supply Inc, 100", 314, 480),
                     ("Main St, Chicago, IL 60601", 316, 513)])
    assert read is not None and read.party is not None and not read.doubt
    assert (read.party.street, read.party.postcode, read.party.city) == ("100 Main St", "60601", "Chicago")
    read = _ship_to([("Lieferanschrift: Müller Bürobedarf GmbH,", 130, 499), ("Hauptstraße 5, 80331 München", 315, 531),
                     ("Pos. Artikel Bezeichnung Menge", 128, 620), ("1 SKU-1005 Toner 5", 128, 660)])
    assert read is not None and read.party is not None and not read.doubt
    assert (read.party.name, read.party.street, read.party.city) == ("Müller Bürobedarf GmbH", "Hauptstraße 5", "München")


def test_a_line_under_a_cut_address_that_ends_in_no_place_is_not_joined() -> None:
    """Counter-examples: the line under the value is joined only when it ends the address in a place; a sentence
    or another field's line there leaves the address as read, held."""
    read = _ship_to([("Ship to:", 128, 480), ("Acme Industrial Supply Inc, 100", 314, 480),
                     ("Please call the buyer before delivery today", 316, 513)])
    assert read is None or read.party is None or read.doubt or "call" not in (read.party.street or "")
    read = _ship_to([("Lieferanschrift: Müller Bürobedarf GmbH,", 130, 499), ("Kontakt: Herr Weber, Tel. 089 1234", 315, 531)])
    assert read is None or read.party is None or read.doubt


def test_the_fax_header_line_alone_is_no_upright_page() -> None:
    """Class 7: a sideways standard-resolution fax whose sending machine printed its header line upright at the
    top: tesseract read that line alone, a dozen sure words, and the page passed as upright (FAX-NO-ORDER). The
    words under the banner decide; the page's own first lines further down still count."""
    from extractors.capture.ocr import below_banner
    from extractors.capture.orientation import reads_upright
    from extractors.capture.words import Word

    header = [Word(t, 30 + 80 * n, 10, 100 + 80 * n, 38, 0.95, 1) for n, t in enumerate(
        "03/07/2026 16:28 FROM: +33 2 40 50 60 71 OUTILLAGE LEFEVRE P.001/001".split())]
    assert len(header) >= 12 and reads_upright(header)
    assert below_banner(header, 2490) == [] and not reads_upright(below_banner(header, 2490))
    body = [Word(f"w{n}", 100 + 60 * (n % 20), 300 + 40 * (n // 20), 150 + 60 * (n % 20), 330 + 40 * (n // 20), 0.9, 1)
            for n in range(40)]
    assert reads_upright(below_banner(header + body, 2490))


def test_a_tag_question_before_a_label_noun_stays_a_question() -> None:
    """Review rfax 1: "..., no? Fax us if ..." was rewritten "no° Fax" and the question vanished. A "no?" that
    ends a clause (after a comma or "or") or is not a label at a line's start followed by a value stays a question."""
    for text in ("Are these the same staplers as last time, no? Fax us if they are not.",
                 "Is the stapler in stock or no? Fax us back today.", "Still in stock, no? Article 4 is urgent.",
                 "Still in stock or no? Ref. our quote 2211.", "Prix inchangé, no? de la commande précédente",
                 "Tout est bon, no? Bon de commande ci-joint.", "Same as last time, no? 4 boxes will do."):
        assert number_sign(text) == text, text
        assert question(text) is not None and page_question(text) is not None, text
    # labels at a line's or cell's start with their value stay labels
    for text in ("No? client: 4711", "Datum: 07.12.2026   N? de commande : RB945967", "N? fax 089 1234"):
        assert question(text) is None, text


def test_a_sentence_naming_another_address_under_a_one_line_ship_to_is_not_joined() -> None:
    """Review rfax 2: the line under a one-line delivery address that is a sentence naming an address (an invoice
    instruction, "nicht mehr an ...", "bisher ...") was glued on and its place became the delivery place: the
    address stays as read, without a place, held."""
    for second in ("Rechnung wie immer an Hauptstraße 5, 80331 München", "nicht mehr an Hauptstraße 5, 80331 München",
                   "Invoice to our head office, 1 Main St, 80331 München"):
        for first in ("Lieferanschrift: Müller Bürobedarf GmbH, Industriestraße 7, Garching",
                      "Lieferanschrift: Müller Bürobedarf GmbH, Industriestraße 7"):
            read = _ship_to([(first, 130, 499), (second, 315, 531), ("Pos. Artikel Bezeichnung Menge", 128, 620)])
            assert read is not None and read.party is not None, (first, second)
            assert read.party.city != "München" and "Hauptstraße" not in (read.party.street or ""), (first, second)
    read = _ship_to([("Lieferanschrift: Müller Bürobedarf GmbH,", 130, 499), ("bisher Hauptstraße 5, 80331 München", 315, 531),
                     ("Pos. Artikel Bezeichnung Menge", 128, 620)])
    assert read is None or read.party is None or read.party.city != "München"
    # an address's own "an der" stays a place: "Neustadt an der Weinstraße"
    read = _ship_to([("Lieferanschrift: Müller Bürobedarf GmbH,", 130, 499),
                     ("Hauptstraße 5, 67433 Neustadt an der Weinstraße", 315, 531), ("Pos. Artikel Bezeichnung Menge", 128, 620)])
    assert read is not None and read.party is not None and read.party.postcode == "67433"
