"""The own-pack carton weighed against the rest of the order (review revunits, issues 17/18/23): copy paper sold in
BX ("Copy paper A4 80g (box of 5 reams)", 24.50; CT = 5 BX) ordered as "carton de 5 rames" at the box's money goes
out as boxes only when nothing else the order says makes its cartons real ones:

- the word used for real cartons on another line, in any spelling the unit table reads as the same unit
  (carton / cartons / Cartons / Ctn / Karton / Kartons / CT): review item 1;
- the order's notes or another line's description saying what its cartons hold ("Conditionnement : cartons de 5
  boîtes"): review item 2. The counter-examples beside it (a note with no carton count, the own pack said again)
  still go out;
- on a fax, an amount the OCR repair mended (an empty cell filled in by the arithmetic included) is no printed
  amount, whatever confidence and box it ends with: review item 3;
- the info note names the conversion table's carton as the other reading, or none: review item 5.

End-to-end text-PDF and fax tests run the real readers (review item 6)."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from gateway.model import Box, ExtractedLine
from gateway.stages import mapping, own_pack, pack_words, typed_packs
from gateway.stages.mapping import amount_printed
from gateway.stages.own_pack import OrderWords, money_as_printed
from testkit.capture_fax import render_fax_tiff
from testkit.drawn_pdf import drawn_pdf
from testkit.harness import REPO, write_config

SHEET = """"N° de commande","DF-{po}",,,,
"Date",{ordered:%d/%m/%Y},,,,
"Livraison",{due:%d/%m/%Y},,,,
,,,,,
"Référence","Désignation","Qté","Unité","P.U. HT","Montant HT"
{rows}
{total}{notes}"""
SENDER = "commandes@dupont-fournitures.example"
FAX = "+33 1 45 67 89 10"
OWN = ("SKU-1001", "Papier A4 (carton de 5 rames)", "40", "carton", "24.50", "980.00")
PEN = ("SKU-1002", "Stylo bille bleu", "3", "PK", "3.90", "11.70")


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("gw"))


def _config_with(tmp: Path, carton: str | None) -> Path:
    """A config whose SKU-1001 carton line in unit_conversions.toml is ``carton`` (None: no carton conversion)."""
    maps = tmp / "maps"
    shutil.copytree(REPO / "mappings", maps)
    conv = maps / "unit_conversions.toml"
    text = conv.read_text().replace("CT = { BX = 5 }", carton or "")
    conv.write_text(text)
    path = write_config(tmp / "gw")
    path.write_text(path.read_text().replace(f'mappings_dir = "{REPO / "mappings"}"', f'mappings_dir = "{maps}"'))
    assert str(maps) in path.read_text()
    return path


def _extract(config: Path, doc: Path, channel: str = "email", sender: str = SENDER) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    (entry,) = extract_file(load_config(config), doc, channel=channel, sender=sender)["orders"]
    return entry["order"]


def _sheet(config: Path, tmp_path: Path, rows: list[tuple[str, ...]], total: str | None = None,
           notes: tuple[str, ...] = ()) -> dict:
    doc = tmp_path / "commande.csv"
    doc.write_text(SHEET.format(po=abs(hash(tuple(rows))) % 10000, ordered=date.today(),
                                due=date.today() + timedelta(days=14),
                                rows="\n".join(",".join(f'"{c}"' for c in r) for r in rows),
                                total=f'"","","","","Total HT","{total}"\n' if total else "",
                                notes="".join(f'"{n}",,,,,\n' for n in notes)), encoding="utf-8")
    return _extract(config, doc)


def _page(rows: list[tuple[str, ...]], total: str, extra: tuple[tuple[float, float, str], ...] = ()) -> bytes:
    """A printed order page (as the reviewer's p1/p2.pdf): columns Réf./Désignation/Qté/Unité/P.U. HT/Montant HT."""
    placed = [(60, 55, "Dupont Fournitures SARL"), (75, 55, "12 rue de la Paix, 75002 Paris"),
              (110, 380, "BON DE COMMANDE"), (140, 55, "N° de commande : DF-7781"),
              (155, 55, f"Date : {date.today():%d/%m/%Y}"),
              (170, 55, f"Livraison souhaitée : {date.today() + timedelta(days=14):%d/%m/%Y}"),
              (210, 40, "Réf."), (210, 110, "Désignation"), (210, 330, "Qté"), (210, 370, "Unité"),
              (210, 430, "P.U. HT"), (210, 500, "Montant HT")]
    y = 228
    for row in rows:
        placed += [(y, x, text) for x, text in zip((40, 110, 330, 370, 430, 500), row) if text]
        y += 18
    placed += [(y + 10, 430, "Total HT"), (y + 10, 500, total), *extra]
    return drawn_pdf(placed)


PAGE_OWN = ("SKU-1001", "Papier A4 (carton de 5 rames)", "20", "carton", "24,50", "490,00")
PAGE_PEN = ("SKU-1002", "Stylo bille bleu", "3", "PK", "3,90", "11,70")


def _codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"]}


def _held(order: dict, quantity: str = "40") -> None:
    assert order["status"] != "ready", (order["lines"], order["issues"])
    assert "UOM-PACK-UNSURE" in _codes(order), order["issues"]
    assert (order["lines"][0]["quantity"], order["lines"][0]["uom"]) == (quantity, "CT"), order["lines"]


def _out(order: dict, quantity: str = "40") -> str:
    assert order["status"] == "ready", (order["lines"], order["issues"])
    assert (order["lines"][0]["quantity"], order["lines"][0]["uom"]) == (quantity, "BX"), order["lines"]
    (note,) = [i["message"] for i in order["issues"] if i["code"] == "UOM-CONVERTED" and "line 1" in i["message"]]
    return note


# --- item 1: real cartons on another line, whatever the spelling ---------------------------------------------------

@pytest.mark.parametrize("word", ["carton", "cartons", "Cartons", "Ctn", "CT", "Karton", "Kartons"])
def test_real_cartons_on_another_line_hold_in_any_spelling(config, tmp_path, word):
    order = _sheet(config, tmp_path, [OWN, ("SKU-1001", "Papier A4 recyclé", "2", word, "122.50", "245.00")],
                   "1225.00")
    _held(order)


def test_another_line_in_another_unit_at_its_own_price_lets_the_own_pack_out(config, tmp_path):
    # counter-example kept: the pens' "PK" is no carton, priced as the pens' own unit
    _out(_sheet(config, tmp_path, [OWN, PEN], "991.70"))


def test_the_same_unit_word_is_read_by_the_unit_table():
    from types import SimpleNamespace

    from extractors.units import TABLE as UNIT_TABLE
    from gateway.reference.units import UnitCodes

    ctx = SimpleNamespace(units=UnitCodes.load(REPO / "mappings" / "units.toml", UNIT_TABLE))
    same = lambda a, b: mapping.same_unit_word(ctx, a, b)  # noqa: E731
    assert all(same(w, "carton") for w in ("cartons", "Cartons", "Ctn", "CT", "Karton", "Kartons"))
    assert not same("PK", "carton") and not same("boîte", "carton")
    assert same("Foo", "foo") and not same("Foo", "carton")


# --- item 2: what the order says its cartons hold, beyond the line -----------------------------------------------

def test_a_page_note_stating_the_cartons_content_holds_the_printed_line(config, tmp_path):
    doc = tmp_path / "p2.pdf"
    doc.write_bytes(_page([PAGE_OWN, PAGE_PEN], "501,70", ((300, 110, "Conditionnement : cartons de 5 boîtes"),)))
    _held(_extract(config, doc), "20")


def test_the_printed_page_without_such_a_note_goes_out_as_boxes(config, tmp_path):
    doc = tmp_path / "p1.pdf"
    doc.write_bytes(_page([PAGE_OWN, PAGE_PEN], "501,70", ((300, 110, "Livraison le matin, quai nord"),)))
    note = _out(_extract(config, doc), "20")
    assert "not 100 BX (5 BX to one CT by unit_conversions.toml)" in note


@pytest.mark.parametrize("notes", [
    ("Conditionnement : cartons de 5 boîtes",),
    ("Hinweis: Karton = 5 Boxen",),
    ("Merci de livrer 5 boîtes par carton",),
])
def test_a_note_stating_what_the_cartons_hold_keeps_the_line_waiting(notes):
    product = _paper()
    assert own_pack.content_said_elsewhere(notes, "carton", product, _same)


@pytest.mark.parametrize("notes", [
    ("Livraison avant 10h, quai 3",),  # no carton word
    ("Cartons étiquetés au nom du service achats",),  # a carton word, no count
    ("Conditionnement : cartons de 5 rames",),  # the product's own pack said again
    ("Livraison le 21/12/2026 au 2e étage, merci de ne pas empiler les cartons",),  # a date far from the word
])
def test_notes_that_state_no_other_carton_content_leave_it_alone(notes):
    assert not own_pack.content_said_elsewhere(notes, "carton", _paper(), _same)


def test_another_lines_description_stating_a_carton_content_holds(config, tmp_path):
    # "Enveloppes, carton de 250" under the same word: this customer's cartons are real cartons
    order = _sheet(config, tmp_path, [OWN, ("SKU-1002", "Stylos bleus, carton de 40 paquets", "3", "PK", "3.90",
                                            "11.70")], "991.70")
    _held(order)


def test_a_sheet_note_holds_the_plain_carton_at_the_box_price_too(config, tmp_path):
    # the plain own-unit rule ("40 carton" at 24.50, no content stated) weighs the same notes
    plain = ("SKU-1001", "Papier A4 80g", "40", "carton", "24.50", "980.00")
    assert _sheet(config, tmp_path, [plain, PEN], "991.70")["status"] == "ready"
    order = _sheet(config, tmp_path, [plain, PEN], "991.70", notes=("Conditionnement : cartons de 5 boîtes",))
    assert order["status"] != "ready" and "UOM-PACK-UNSURE" in _codes(order), order["issues"]


# --- item 3: an OCR-mended amount is no printed amount ------------------------------------------------------------

def test_a_fax_whose_amount_cell_is_blank_holds_the_unit_question(config, tmp_path):
    doc = tmp_path / "f2.tif"
    doc.write_bytes(render_fax_tiff(_page([PAGE_OWN[:5] + ("",), PAGE_PEN], "501,70")))
    order = _extract(config, doc, channel="fax", sender=FAX)
    _held(order, "20")
    assert "OCR-REPAIRED" in _codes(order)


def test_a_fax_whose_amount_is_printed_goes_out_as_boxes(config, tmp_path):
    doc = tmp_path / "f1.tif"
    doc.write_bytes(render_fax_tiff(_page([PAGE_OWN, PAGE_PEN], "501,70")))
    _out(_extract(config, doc, channel="fax", sender=FAX), "20")


def _line(**update) -> ExtractedLine:
    box = Box(page=1, x=10, y=10, w=10, h=10)
    line = ExtractedLine(quantity=20, unit_price="24.50", amount="490.00", uom="carton",
                         boxes={"quantity": box, "unit_price": box, "amount": box},
                         confidence={"quantity": 0.995, "unit_price": 0.995, "amount": 0.995})
    return line.model_copy(update=update)


def test_a_mended_amount_is_not_printed_whatever_its_confidence():
    # the real pipeline: two engines agreeing on the repair give 0.995 and a borrowed box
    assert money_as_printed(_line()) and amount_printed(_line())
    assert not money_as_printed(_line(), frozenset({"amount"}))
    assert not money_as_printed(_line(), frozenset({"quantity"}))
    assert not amount_printed(_line(), frozenset({"amount"}))
    assert amount_printed(_line(), frozenset({"unit_price"}))


def test_order_words_take_the_repairs_of_one_line():
    from gateway.model import ExtractedOrder, Problem

    order = ExtractedOrder(notes=["n"], problems=[
        Problem(code="OCR-REPAIRED", severity="warning", segment_position=2, element="amount", message="m")])
    words = OrderWords.of(order)
    assert words.for_line(1).mended == {"amount"} and not words.for_line(0).mended
    assert words.for_line(0).notes == ("n",)


# --- item 5: the note names the table's carton, or none ------------------------------------------------------------

def test_the_note_names_the_tables_carton_not_the_stated_count(tmp_path):
    note = _out(_sheet(_config_with(tmp_path, "CT = { BX = 10 }"), tmp_path, [OWN, PEN], "991.70"))
    assert "not 400 BX (10 BX to one CT by unit_conversions.toml)" in note
    assert "200" not in note and "to a carton" not in note


def test_without_a_table_carton_the_note_names_no_box_figure(tmp_path):
    note = _out(_sheet(_config_with(tmp_path, None), tmp_path, [OWN, PEN], "991.70"))
    assert "read as 40 BX" in note and "not " not in note


def test_the_note_pastes_no_plural_word(config, tmp_path):
    row = ("SKU-1001", "Papier A4 (carton de 5 rames)", "40", "cartons", "24.50", "980.00")
    note = _out(_sheet(config, tmp_path, [row, PEN], "991.70"))
    assert "to a cartons" not in note and "5 BX to one CT" in note


# --- item 7: one table of pack words -------------------------------------------------------------------------------

def test_one_table_of_content_nouns_and_package_words():
    assert mapping._CONTENT_NOUNS is pack_words.REAM_WORDS
    assert typed_packs.content_kind is pack_words.content_kind and own_pack.content_kind is pack_words.content_kind
    assert pack_words.PACKAGE_NOUNS in own_pack._OTHER_PACK.pattern
    assert pack_words.PACKAGE_NOUNS in typed_packs._OTHER_PACKS.pattern
    assert pack_words.SALES_PACK in mapping._PACK_CONTENTS.pattern and pack_words.SALES_PACK in \
        own_pack._CATALOGUE_PACK.pattern
    for word in pack_words.LINE_PACKAGE_WORDS:
        assert re.search(rf"\b{word}\b", mapping._LINE_CONTENT.pattern)
    assert set(pack_words.CARTON_WORDS) <= set(pack_words.LINE_PACKAGE_WORDS)


def _paper():
    from gateway.reference.masterdata import ProductRecord

    return ProductRecord(sku="SKU-1001", description="Copy paper A4 80g (box of 5 reams)", uom="BX",
                         unit_price="24.50")


def _same(a: str, b: str) -> bool:
    carton = {"carton", "cartons", "karton", "kartons", "ctn", "ct"}
    return a.casefold() == b.casefold() or (a.casefold() in carton and b.casefold() in carton)


# --- item 4: what describes the paper counts nothing; the near misses beside it still hold --------------------------

@pytest.mark.parametrize("description", [
    "Papier A4 80g 500 feuilles, carton de 5 rames",  # a ream's own sheets, before the phrase
    "Papier A4 210 x 297 mm, carton de 5 rames",  # the sheet size
    "Réf. fournisseur 4000862141404 - carton de 5 rames",  # the product's own GTIN
    "Papier A4 80g (carton de 5 rames / 2500 feuilles)",  # the same content restated in sheets
    "Papier A4 80g, carton de 5 ramettes de 500 f.",  # feuilles abbreviated
])
def test_a_description_of_the_paper_itself_lets_the_own_pack_out(config, tmp_path, description):
    _out(_sheet(config, tmp_path, [("SKU-1001", description, "40", "carton", "24.50", "980.00"), PEN], "991.70"))


@pytest.mark.parametrize("description", [
    "Papier A4 250 feuilles, carton de 5 rames",  # not a ream's sheets
    "Papier A4 80g (carton de 5 rames / 5000 feuilles)",  # not the pack's sheets: ten reams
    "Papier A4 80g, carton de 5 ramettes de 250 f.",
    "Réf. fournisseur 5412345678908 - carton de 5 rames",  # another product's GTIN
    "Papier A4 210 x 297 mm x 4, carton de 5 rames",  # the size, then a second count
    "Papier A4 210 x 5, carton de 5 rames",  # no measure: a count
    "Ramette Clairefontaine 1979 A4 80 g, carton de 5 rames",  # a range number reads as a count: left waiting
])
def test_a_count_beside_the_paper_words_still_holds(config, tmp_path, description):
    _held(_sheet(config, tmp_path, [("SKU-1001", description, "40", "carton", "24.50", "980.00"), PEN], "991.70"))


TYPED = "Réf. | Désignation | Qté | Unité | P.U. HT | Montant HT\n"


@pytest.mark.parametrize("rows, out", [
    ("SKU-1001 | Papier A4 (carton de 5 ramettes) | 8 | cartons | 24,50 | 196,00\n"
     "SKU-1001 | Papier A4 recyclé | 2 | Ctn | 122,50 | 245,00", False),  # review m05
    ("SKU-1001 | Papier A4 (carton de 5 ramettes) | 8 | cartons | 24,50 | 196,00\n"
     "SKU-1001 | Papier A4 recyclé | 2 | Kartons | 122,50 | 245,00", False),
    ("SKU-1001 | Papier A4 80g 500 feuilles (carton de 5 ramettes) | 8 | cartons | 24,50 | 196,00", True),  # m13
    ("SKU-1001 | Papier A4 80g 250 feuilles (carton de 5 ramettes) | 8 | cartons | 24,50 | 196,00", False),
])
def test_a_typed_email_weighs_the_same_words(config, tmp_path, rows, out):
    from email.message import EmailMessage

    from tests.test_trust import in_process_extract, orders_in

    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = SENDER, "orders@gateway.example", "Commande 8805"
    msg["Date"] = "Mon, 07 Dec 2026 08:00:00 +0000"
    msg.set_content("Bonjour,\n\nMerci de livrer :\n" + TYPED + rows + "\n\nLivraison le 30/12/2026.\n"
                    "Commande n° 8805\n\nCordialement\nDupont Fournitures SARL\n12 rue de la Paix\n75002 Paris\n")
    (got,) = orders_in(in_process_extract(config, msg.as_bytes(), "order.eml", tmp_path, channel="smtp",
                                          sender=SENDER))
    line = got["lines"][0]
    if out:
        assert (line["quantity"], line["uom"]) == ("8", "BX") and got["status"] == "ready", got["issues"]
    else:
        assert got["status"] != "ready" and line["uom"] != "BX", (got["lines"], got["issues"])
