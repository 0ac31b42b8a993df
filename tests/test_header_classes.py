"""Header fields, classification and the gate on the classes an outside trial of issue 18 found: labels of
letters and sheets, dates wrapped or beside a wrapped label, a word after a label that is no title, a
document both quote and order, a price printed but not read, line completeness without a total.

Documents made by real producers are in ``tests/fixtures/real_producers`` (families ``shop_totals_en``,
``letter_ref_en``, ``sheet_side_fr``); the generic
reading of each is checked field for field by ``tests/test_real_producers.py``, the particular
behaviours here. Word layouts built in the test are page geometry as a text layer gives it.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.layout import read_order_document
from extractors.capture.words import PageWords, Word
from gateway.model import DocType

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"


def _truth(name: str) -> dict:
    return json.loads((FIXTURES / "docs" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from testkit.harness import write_config

    return write_config(tmp_path_factory.mktemp("gw"), master_data=FIXTURES / "masterdata")


def _order(config: Path, name: str, suffix: str) -> dict:
    """The order as the pipeline decides it, the document received by e-mail on its order date."""
    import hashlib
    from datetime import datetime, timezone

    from gateway.app import build_context
    from gateway.config import load_config
    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id

    truth, data = _truth(name), (FIXTURES / "docs" / f"{name}{suffix}").read_bytes()
    received = datetime.fromisoformat(truth["order_date"]).replace(hour=10, tzinfo=timezone.utc)
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data), channel="email",
                         received_at=received, sender=truth["sender"], filename=f"{name}{suffix}")
    (entry,) = extract_bytes(build_context(load_config(config)), data, doc)["orders"]
    return entry["order"]


def test_a_letter_names_its_po_and_positions_vouch_for_lines_without_a_total(config: Path) -> None:
    order = _order(config, "letter_ref_en_1", ".pdf")
    assert order["po_number"] == _truth("letter_ref_en_1")["po_number"]
    assert order["total"] is None and all(ln["amount"] is None for ln in order["lines"])
    assert order["status"] == "ready", order["issues"]


def test_the_subtotal_the_lines_give_is_the_total_of_a_block_with_shipping_and_tax(config: Path) -> None:
    truth = _truth("shop_totals_en_2")
    order = _order(config, "shop_totals_en_2", ".pdf")
    assert Decimal(order["total"]) == Decimal(truth["total"])  # not the order total with shipping and tax
    assert order["requested_delivery_date"] == truth["requested_delivery_date"]  # label broken at a line end
    assert order["status"] == "ready", order["issues"]


def test_a_sheets_side_header_cells_and_codes_inside_its_article_cells_are_read(config: Path) -> None:
    truth = _truth("sheet_side_fr_2")
    order = _order(config, "sheet_side_fr_2", ".ods")
    assert (order["po_number"], order["order_date"], order["requested_delivery_date"]) == (
        truth["po_number"], truth["order_date"], truth["requested_delivery_date"])  # Notre référence, À livrer le
    assert [ln["customer_item"] for ln in order["lines"]] == [ln["customer_item"] for ln in truth["lines"]]
    assert all(", Réf." not in (ln["description"] or "") for ln in order["lines"])
    assert order["status"] == "ready", order["issues"]


# --- geometry made in the test ------------------------------------------------------------------


def _page(n: int, lines: list[list[tuple[str, float]]], size: float = 14.0) -> PageWords:
    words = []
    for row, line in enumerate(lines):
        y = 60 + row * 26
        for text, x in line:
            words.append(Word(text, x, y, x + 8 * len(text), y + size, 1.0, n))
    return PageWords(n, 1400.0, 1980.0, tuple(words))


def _recap(free_delivery_word: str) -> PageWords:
    return _page(1, [
        [("Récapitulatif", 60), ("de", 190), ("votre", 215), ("commande", 265)],
        [("Votre", 60), ("commande", 106), ("n°", 176), ("MV27026", 198)],
        [("Commande", 60), ("passée", 150), ("le", 210), ("3", 235), ("décembre", 250), ("2026", 330)],
        [("Réf.", 60), ("Désignation", 200), ("Quantité", 700), ("Unité", 820), ("Prix", 920), ("Montant", 1100)],
        [("OF-20410", 60), ("Stylo", 200), ("gel", 250), ("15", 730), ("pièce", 820), ("1,35", 920), ("20,25", 1100)],
        [("Sous-total", 920), ("20,25", 1100)],
        [("Livraison", 920), (free_delivery_word, 1100)],
    ])


def test_a_word_after_a_label_is_no_title_free_delivery_is_not_a_dutch_offer() -> None:
    extraction = read_order_document([_recap("offerte")], ExtractHints(locale="fr_BE"), "pdf_text", ocr=False)
    assert extraction.doc_type == DocType.ORDER
    assert extraction.orders[0].po_number == "MV27026"


def test_a_document_read_both_as_a_quote_and_as_an_order_is_held_not_dropped() -> None:
    page = _page(1, [
        [("DEVIS", 600)],
        [("BON", 600), ("DE", 640), ("COMMANDE", 670)],
        [("N°", 60), ("de", 85), ("commande", 110), (":", 190), ("BC-7781", 210)],
        [("Date", 60), (":", 100), ("03/12/2026", 120)],
        [("Réf.", 60), ("Désignation", 200), ("Quantité", 700), ("Unité", 820), ("Prix", 920), ("Montant", 1100)],
        [("OF-20410", 60), ("Stylo", 200), ("gel", 250), ("15", 730), ("pièce", 820), ("1,35", 920), ("20,25", 1100)],
    ])
    large = tuple(Word(w.text, w.x0, w.y0 - 30, w.x1 + 40, w.y1, 1.0, 1) if w.text == "DEVIS" else w
                  for w in page.words)  # the quote's title printed large, the order's in body type
    extraction = read_order_document([PageWords(1, page.width, page.height, large)], ExtractHints(locale="fr_FR"),
                                     "pdf_text", ocr=False)
    assert extraction.doc_type == DocType.ORDER
    (doubt,) = [p for p in extraction.orders[0].problems if p.code == "CLASSIFY-DOUBT"]
    assert doubt.severity == "error" and "BC-7781" in doubt.message


def test_a_line_table_header_row_gives_no_header_date() -> None:
    page = _page(1, [
        [("BESTELLUNG", 600)],
        [("Bestellnummer", 60), ("VG-14000", 260)],
        [("Bestelldatum", 60), ("07.11.2026", 260)],
        [("Pos.", 60), ("Art.-Nr.", 120), ("Bezeichnung", 260), ("Menge", 700), ("Einheit", 800), ("Einzelpreis", 900),
         ("Liefertermin", 1100)],
        [("1", 60), ("OF-20410", 120), ("Gelschreiber", 260), ("24", 720), ("Stück", 800), ("1,35", 920),
         ("09.12.2026", 1100)],
        [("2", 60), ("OF-80400", 120), ("Handseife", 260), ("7", 720), ("Liter", 800), ("2,40", 920),
         ("05.01.2027", 1100)],
    ])
    (order,) = read_order_document([page], ExtractHints(locale="de_DE"), "pdf_text", ocr=False).orders
    assert order.requested_delivery_date is None  # not the first line's date, sent as the order's
    assert [str(ln.requested_date) for ln in order.lines] == ["2026-12-09", "2027-01-05"]


def test_a_meta_table_value_wrapped_around_its_label_is_read() -> None:
    def word(text: str, x: float, y: float) -> Word:
        return Word(text, x, y, x + 8 * len(text), y + 14, 1.0, 1)

    # a centred label cell between its value cell's two lines ("5. November" / "2026"), as a browser prints it
    words = (word("Bestellung", 60, 40), word("Bestellnummer:", 60, 80), word("RO-2026-1219", 300, 80),
             word("5.", 300, 120), word("November", 322, 120), word("Bestelldatum:", 60, 136), word("2026", 300, 152))
    extraction = read_order_document([PageWords(1, 1400.0, 1980.0, words)], ExtractHints(locale="de_DE"),
                                     "pdf_text", ocr=False)
    assert str(extraction.orders[0].order_date) == "2026-11-05"


def test_a_label_beside_the_next_cells_label_takes_the_value_under_it_not_the_next_cells() -> None:
    # boxed header cells "Bestelldatum | Wunschtermin" over their values, as tesseract placed them on a fine fax
    # (the next cell's label, joined to the date under it, was read as the order date and sent untouched)
    cells = [("BESTELLUNG", 113, 250, 345, 274), ("Bestell-Nr.", 125, 360, 205, 373),
             ("Bestelldatum", 420, 356, 521, 381), ("Wunschtermin", 716, 356, 829, 381), ("Währung", 1012, 360, 1082, 378),
             ("BE2026-0491", 124, 393, 265, 411), ("29.07.2026", 420, 393, 533, 411), ("12.08.2026", 717, 393, 829, 411),
             ("EUR", 1012, 394, 1064, 412), ("Pos.", 120, 450, 160, 466), ("Artikel", 200, 450, 270, 466),
             ("Beschreibung", 360, 450, 480, 466), ("Anzahl", 860, 450, 920, 466), ("ME", 940, 450, 965, 466),
             ("Preis", 1080, 450, 1130, 466), ("Gesamt", 1220, 450, 1290, 466), ("1", 120, 480, 128, 496),
             ("142032", 200, 480, 262, 496), ("Scharnier", 360, 480, 450, 496), ("120", 880, 480, 910, 496),
             ("Kart", 940, 480, 975, 496), ("150,84", 1080, 480, 1140, 496), ("18.100,80", 1210, 480, 1290, 496)]
    page = PageWords(1, 1400.0, 1980.0, tuple(Word(t, x0, y0, x1, y1, 0.95, 1) for t, x0, y0, x1, y1 in cells))
    (order,) = read_order_document([page], ExtractHints(locale="de_DE"), "ocr", ocr=True).orders
    assert (str(order.order_date), str(order.requested_delivery_date)) == ("2026-07-29", "2026-08-12")


# --- the gate -----------------------------------------------------------------------------------------


def test_a_price_printed_but_not_read_holds_even_when_the_erp_prices() -> None:
    from gateway.config_decide import EffectivePolicy
    from gateway.model import OrderLine
    from gateway.stages.completeness import check_line_price

    policy = EffectivePolicy(prices="erp", price_tolerance_pct=2.0, order_date="required", requested_date="required")
    unread = OrderLine(line_no=1, sku="OF-1", quantity=Decimal(2), uom="C62", field_confidence={"unit_price": 0.0})
    unpriced = OrderLine(line_no=2, sku="OF-1", quantity=Decimal(2), uom="C62")
    assert [code for code, _f, _m in check_line_price(unread, policy)] == ["PRICE-UNREAD"]
    assert [code for code, _f, _m in check_line_price(unpriced, policy)] == ["PRICE-ABSENT"]


def test_a_delivery_block_naming_no_one_is_the_customers_own_site() -> None:
    from gateway.model import ExtractedOrder, Party
    from gateway.stages.mapping import map_ship_to

    order = ExtractedOrder(parties=[Party(role="ship_to", street="720 N Water St", city="Milwaukee", postcode="53202")])
    assert map_ship_to(order, customer_name="Lakeshore Office Supply LLC").name == "Lakeshore Office Supply LLC"
    named = ExtractedOrder(parties=[Party(role="ship_to", name="Depot 4", city="Milwaukee")])
    assert map_ship_to(named, customer_name="Lakeshore Office Supply LLC").name == "Depot 4"
