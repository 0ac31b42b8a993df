"""Fields that could leave untouched and wrong: each class read right or held with a named reason.

- a delivery name over a line that may be its end or a site line ("Keller Bürobedarf GmbH" /
  "Filiale Salzburg", "Mairie de Villeneuve" / "Services techniques", "Ashdown Print" / "Works"):
  joined only on evidence, else kept apart and held (``SHIP-TO-UNSURE`` on ``ship_to.name``) unless
  the customer's name on file settles it;
- Dutch postcodes ("1012 LM Amsterdam"): the letters are the postcode's, not the city's;
- a requested delivery written as a span of two dates ("du 14/12/2026 au 18/12/2026", "14.12.2026 -
  18.12.2026", "December 14 to December 18, 2026"): held ``DELIVERY-WINDOW-WIDE``.

The end-to-end cases print HTML with Debian's Chromium in the test and read the PDF as ``gateway
extract`` does.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest

from extractors.capture.header_fields import FieldValue
from extractors.capture.layout import _delivery_window
from extractors.capture.ship_to import NAME_ELEMENT, find_ship_to, parse_address
from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder, Party, Problem
from gateway.stages.ship_to_name import settle_name_line
from tests.printed import CHROMIUM, chromium_print, printed_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers" / "masterdata"


def _page(rows: list[list[tuple[str, float]]]) -> PageWords:
    words = [Word(text, x, 100 + n * 14, x + 6 * len(text), 110 + n * 14, 1.0, 1)
             for n, row in enumerate(rows) for text, x in row]
    return PageWords(1, 600.0, 800.0, tuple(words))


def _block(label: str, lines: list[str]) -> PageWords:
    rows = [[(label, 40), ("Page", 500)]]  # the page's text reaches further right than the block
    for text in lines:
        row, x = [], 40.0
        for word in text.split():
            row.append((word, x))
            x += 6 * len(word) + 4
        rows.append(row)
    return _page(rows)


@pytest.mark.parametrize("label, lines, name, street", [
    ("Lieferanschrift", ["Keller Bürobedarf GmbH", "Filiale Salzburg", "Linzer Gasse 22", "5020 Salzburg"],
     "Keller Bürobedarf GmbH", "Filiale Salzburg, Linzer Gasse 22"),
    ("Adresse de livraison", ["Outillage Lefèvre SAS", "Entrepôt Nord", "12 rue de la Chézine", "44100 Nantes"],
     "Outillage Lefèvre SAS", "Entrepôt Nord, 12 rue de la Chézine"),
    ("Ship To", ["Pinecrest Facilities LLC", "Maintenance Yard", "1820 NW Front Ave", "Portland, OR 97209"],
     "Pinecrest Facilities LLC", "Maintenance Yard, 1820 NW Front Ave"),
])
def test_a_name_ending_in_its_legal_form_is_followed_by_a_site_line(label, lines, name, street) -> None:
    found = find_ship_to(_block(label, lines))
    assert found is not None and found.doubt is None
    assert (found.party.name, found.party.street) == (name, street)


@pytest.mark.parametrize("label, lines", [
    ("Adresse de livraison", ["Mairie de Villeneuve", "Services techniques", "Place de la Mairie",
                              "47300 Villeneuve-sur-Lot"]),
    ("Lieferanschrift", ["Brandt Haustechnik", "Lager Süd", "Am Hafen 3", "28307 Bremen"]),
    ("Deliver to", ["Lakeside Schools District", "Central Warehouse", "3 Fish Hatchery Rd", "Madison, WI 53713"]),
])
def test_a_name_that_may_go_on_on_the_next_line_is_a_named_doubt(label, lines) -> None:
    found = find_ship_to(_block(label, lines))
    assert found is not None and found.element == NAME_ELEMENT
    assert found.party.name == lines[0] and found.party.street.startswith(lines[1])
    assert f"«{lines[1]}»" in found.doubt


def test_a_name_ending_open_still_goes_on() -> None:
    found = find_ship_to(_block("Adresse de livraison", ["Papeterie Lyonnaise -", "Entrepôt Vénissieux",
                                                         "8 avenue Jaurès", "69200 Vénissieux"]))
    assert found.doubt is None and found.party.name == "Papeterie Lyonnaise - Entrepôt Vénissieux"


class _Customer:
    def __init__(self, name: str) -> None:
        self.name = name


def _doubtful(name: str, street: str, nxt: str) -> ExtractedOrder:
    order = ExtractedOrder()
    order.parties.append(Party(role="ship_to", name=name, street=street, postcode="28307", city="Bremen"))
    order.problems.append(Problem(code="SHIP-TO-UNSURE", severity="warning", element=NAME_ELEMENT,
                                  message=f"its name {name!r} may go on in «{nxt}» (a name wrapped in its box)"))
    return order


@pytest.mark.parametrize("on_file, name, street", [
    ("Mairie de Villeneuve", "Mairie de Villeneuve", "Services techniques, Place de la Mairie"),  # a site line
    ("Ashdown Print Works Ltd", "Ashdown Print Works", "Unit 9 Bellbrook Industrial Estate"),  # a wrapped name
    ("Lagerhaus Nord GmbH", "Lagerhaus Nord", "Am Hafen 3"),
])
def test_the_name_on_file_settles_the_doubt(on_file, name, street) -> None:
    first, nxt = (name, street.split(",")[0]) if name == on_file else (name.rsplit(" ", 1)[0], name.rsplit(" ", 1)[1])
    whole = street if name == on_file else f"{nxt}, {street}"
    settled = settle_name_line(_doubtful(first, whole, nxt), _Customer(on_file))
    party = settled.party("ship_to")
    assert not settled.problems and (party.name, party.street) == (name, street)


def test_a_name_going_on_over_two_short_lines_stays_in_doubt() -> None:
    order = _doubtful("Brandt", "Haustechnik, Lager, Gewerbepark Am Kreuzeck 14", "Haustechnik")
    assert settle_name_line(order, _Customer("Brandt Haustechnik GmbH")).problems  # "Lager": name or site?
    assert settle_name_line(order, _Customer("Sommer & Partner")).problems  # another name: no help


@pytest.mark.parametrize("line, postcode, city", [
    ("1012 LM Amsterdam", "1012 LM", "Amsterdam"), ("NL-3011 AB Rotterdam", "3011 AB", "Rotterdam"),
    ("2511CV Den Haag", "2511 CV", "Den Haag"), ("5611 AZ Eindhoven, Nederland", "5611 AZ", "Eindhoven"),
])
def test_a_dutch_postcode_keeps_its_letters(line, postcode, city) -> None:
    party, doubt = parse_address(["Grachten Kantoor BV", "Damrak 70", line])
    assert doubt is None and (party.postcode, party.city, party.country) == (postcode, city, "NL")


@pytest.mark.parametrize("line", ["4000 Liège", "1010 Wien", "8001 Zürich", "69003 Lyon"])
def test_other_four_and_five_digit_postcodes_are_unchanged(line) -> None:
    party, _ = parse_address(["X SA", "1 rue Haute", line])
    assert party.postcode == line.split()[0] and party.city == line.split(" ", 1)[1]


def _found(text: str, value: date) -> FieldValue:
    return FieldValue(value, 0.9, tuple(Word(t, 10 * i, 0, 10 * i + 8, 10) for i, t in enumerate(text.split())))


@pytest.mark.parametrize("text, first", [
    ("du 14/12/2026 au 18/12/2026", date(2026, 12, 14)), ("14.12.2026 - 18.12.2026", date(2026, 12, 14)),
    ("December 14 to December 18, 2026", date(2026, 12, 14)), ("vom 14. Dezember bis 18. Dezember 2026",
                                                               date(2026, 12, 14)),
])
def test_a_span_of_two_dates_is_a_window(text, first) -> None:
    order = ExtractedOrder()
    got = _delivery_window(order, _found(text, first))
    assert got.value == first and [p.code for p in order.problems] == ["DELIVERY-WINDOW-WIDE"]


@pytest.mark.parametrize("text", ["16/12/2026", "16.12.2026 (Mittwoch)", "December 16, 2026", "16/12/2026 - 10:00"])
def test_one_day_is_no_window(text) -> None:
    order = ExtractedOrder()
    _delivery_window(order, _found(text, date(2026, 12, 16)))
    assert not order.problems


# --- end to end: Chromium prints, read as `gateway extract` does ---------------------------------

HTML = """<html><head><meta charset='utf-8'><style>body{{font-family:'DejaVu Sans';font-size:10pt}}
td,th{{padding:3px 6px;text-align:left}}.n{{text-align:right}}</style></head><body>
<div style='font-size:14pt'><b>{company}</b></div><h1>{title}</h1><table>{header}</table>
<div style='margin-top:10px;width:45%'><b>{ship_label}</b><br>{ship}</div>
<table border='1' style='width:100%;margin-top:12px'><tr>{titles}</tr>{rows}</table></body></html>"""


def _print(tmp: Path, name: str, **parts: str) -> Path:
    """Chromium's print of the page, checked in (``tests/printed.py``: ``python
    tests/fixtures/printed/print_all.py`` prints it again)."""
    return printed_pdf(f"guard_{name}", HTML.format(**parts))


def _print_live(tmp: Path, name: str, **parts: str) -> Path:
    """The page printed by Chromium now (the real-peer check: the printer of today, a page dated today)."""
    src = tmp / f"{name}.html"
    src.write_text(HTML.format(**parts), encoding="utf-8")
    return chromium_print(src, tmp / f"{name}.pdf")


@pytest.fixture(scope="module")
def extract():
    from gateway.config import load_config
    from gateway.oneshot import extract_file
    from testkit.harness import write_config

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "md"
        shutil.copytree(FIXTURES, data)
        with (data / "customers.csv").open("a", encoding="utf-8") as fh:
            fh.write("C7701,Grachten Kantoor BV,NL,EUR,,,,grachten.example,inkoop@grachten.example,,"
                     "Herengracht 100,Amsterdam,1015 BS,en\n")
        config = load_config(write_config(Path(tmp) / "gw", master_data=data))
        yield lambda path, sender: extract_file(config, path, channel="email", sender=sender)["orders"][0]["order"]


def test_a_dutch_delivery_address_goes_out_right(tmp_path: Path, extract) -> None:
    pdf = _print(tmp_path, "nl", company="Grachten Kantoor BV", title="Purchase Order",
                 header="<tr><td>PO Number:</td><td>GK-2026-117</td></tr><tr><td>Order Date:</td><td>04-12-2026</td>"
                        "</tr><tr><td>Requested Delivery Date:</td><td>11-12-2026</td></tr>",
                 ship_label="Ship To", ship="Grachten Kantoor BV<br>Damrak 70<br>1012 LM Amsterdam<br>Netherlands",
                 titles="<th>Item</th><th>Description</th><th>Qty</th><th>Unit</th><th>Unit Price</th><th>Amount</th>",
                 rows="<tr><td>PR-1002</td><td>Ballpoint pen blue</td><td class=n>40</td><td>pack</td>"
                      "<td class=n>3.90</td><td class=n>156.00</td></tr><tr><td colspan=5>Total</td>"
                      "<td class=n>156.00</td></tr>")
    order = extract(pdf, "inkoop@grachten.example")
    ship = order["ship_to"]
    assert (ship["postcode"], ship["city"], ship["country"]) == ("1012 LM", "Amsterdam", "NL")


@pytest.mark.parametrize("lang, sender, labels, span", [
    ("fr", "achats@papeterie-durand.example", ("Bon de commande", "N° de commande", "Date de commande",
                                                "Date de livraison souhaitée", "Adresse de livraison"),
     "du 14/12/2026 au 18/12/2026"),
    ("de", "einkauf@keller-buero.example", ("Bestellung", "Bestellnummer", "Bestelldatum", "Liefertermin",
                                             "Lieferanschrift"), "14.12.2026 - 18.12.2026"),
])
def test_a_delivery_span_waits_for_a_person(tmp_path: Path, extract, lang, sender, labels, span) -> None:
    title, po, dated, wanted, ship_label = labels
    pdf = _print(tmp_path, lang, company="Kunde", title=title,
                 header=f"<tr><td>{po}:</td><td>SP-7781</td></tr><tr><td>{dated}:</td><td>03/12/2026</td></tr>"
                        f"<tr><td>{wanted}:</td><td>{span}</td></tr>",
                 ship_label=ship_label, ship="", titles="<th>Réf.</th><th>Désignation</th><th>Qté</th>"
                 "<th>P.U. HT</th><th>Montant HT</th>",
                 rows="<tr><td>PR-1005</td><td>Classeur 80 mm</td><td class=n>20</td><td class=n>4,35</td>"
                      "<td class=n>87,00</td></tr>")
    order = extract(pdf, sender)
    assert order["status"] != "ready"
    assert "DELIVERY-WINDOW-WIDE" in {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("lines, name, street, contact", [
    (["Attn: Dr. Karen Miller", "Redwood Dental - Arcata Clinic", "1580 G St, Suite 200", "Arcata, CA 95521"],
     "Redwood Dental - Arcata Clinic", "1580 G St, Suite 200", "Dr. Karen Miller"),
    (["À l'attention de M. Dupuis", "Boulangerie Marchal - Atelier", "22 rue Serpenoise", "57000 Metz"],
     "Boulangerie Marchal - Atelier", "22 rue Serpenoise", "M. Dupuis"),
    (["Kessler Werkzeugbau GmbH Werk 2", "z. Hd. Frau Weber", "Robert-Bosch-Straße 3", "71254 Ditzingen"],
     "Kessler Werkzeugbau GmbH Werk 2", "Robert-Bosch-Straße 3", "Frau Weber"),
    (["Attn: Receiving", "1 Main St", "Boston, MA 02110"], None, "1 Main St", "Receiving"),  # no name: on file
    (["Contact Lenses Direct Ltd", "1 Main St", "Leeds LS1 4AB"], "Contact Lenses Direct Ltd", "1 Main St", None),
])
def test_an_attention_line_is_the_contact_not_the_name_nor_the_street(lines, name, street, contact) -> None:
    party, doubt = parse_address(lines)
    assert doubt is None and (party.name, party.street, party.contact) == (name, street, contact)


@pytest.mark.parametrize("locale, qty, unit, label, price, amount, want_unit", [
    ("en_GB", "24", "ea", ("Unit", "price:"), "£0.92", "£22.08", "ea"),
    ("en_US", "5", "kg", ("Unit", "cost:"), "$3.48", "$17.40", "kg"),
    ("fr_FR", "12", "pièce", ("Prix", "unitaire", ":"), "1,85", "22,20", "pièce"),
])
def test_a_cards_unit_word_stops_at_the_price_label_beside_it(locale, qty, unit, label, price, amount,
                                                              want_unit) -> None:
    from decimal import Decimal

    from extractors.base import ExtractHints
    from extractors.capture.layout import read_order_document
    from tests.test_layout import placed

    x = 790
    words = [("Qty:", 700), (qty, 745), (unit, 770)]
    for part in label:
        words.append((part, x))
        x += 8 * len(part) + 8
    words.append((price, x))
    page = placed([
        (40, [("Order", 40), ("#CP-88120", 100)]),
        (200, [("Notepad", 40), ("A5", 110), ("squared", 140)]),
        (222, [("SKU:", 40), ("PR-1011", 85)]),
        (244, words + [(amount, 1150)]),
        (300, [("Highlighter", 40), ("yellow", 140)]),
        (322, [("SKU:", 40), ("PR-1012", 85)]),
        (344, [("Qty:", 700), ("10", 745), (unit, 770)] + [(w, x0) for w, x0 in words[3:-1]] + [(price, x)]
         + [(amount, 1150)]),
    ])
    order = read_order_document([page], ExtractHints(locale=locale), "pdf_text", ocr=False).orders[0]
    assert [(ln.quantity, ln.uom) for ln in order.lines][:1] == [(Decimal(qty), want_unit)]
    assert all(ln.uom == want_unit for ln in order.lines)


def _grouped_page(sub: str, total: str, loc_rows):
    from tests.test_layout import placed
    rows = [(40, [("ORDER", 40)]), (80, [("PO", 40), ("Number:", 70), ("GR-4410", 150)])]
    rows += [(200, loc_rows[0])]
    y = 240
    for r in loc_rows[1:]:
        rows.append((y, r))
        y += 30
    return placed(rows)


@pytest.mark.parametrize("locale, header, groups, sub, total", [
    ("fr_FR", [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("P.U.", 900), ("Montant", 1100)],
     [("Hygiène", [("PR-1013", "Ruban", "96", "1,15", "110,40"), ("PR-1008", "Absorbant", "24", "3,48", "83,52")]),
      ("Bureau", [("PR-1011", "Bloc-notes", "5", "1,85", "9,25")])], "Sous-total", ("Total", "HT", "203,17")),
    ("en_GB", [("Item", 40), ("Description", 200), ("Qty", 700), ("Price", 900), ("Amount", 1100)],
     [("Packaging", [("PR-1004", "Staples", "10", "2.10", "21.00")]),
      ("Stationery", [("PR-1002", "Pens", "8", "3.90", "31.20"), ("PR-1012", "Highlighter", "30", "0.95", "28.50")])],
     "Subtotal", ("Total", "net", "80.70")),
    ("de_DE", [("Art.-Nr.", 40), ("Bezeichnung", 200), ("Menge", 700), ("Preis", 900), ("Betrag", 1100)],
     [("Arbeitsschutz", [("PR-1008", "Granulat", "20", "3,48", "69,60")]),
      ("Verpackung", [("PR-1016", "Seil", "100", "0,78", "78,00"), ("PR-1004", "Klammern", "5", "2,10", "10,50")])],
     "Zwischensumme", ("Gesamtsumme", "netto", "158,10")),
])
def test_a_groups_subtotal_does_not_end_the_table(locale, header, groups, sub, total) -> None:
    from extractors.base import ExtractHints
    from extractors.capture.layout import read_order_document
    from extractors.locale_values import parse_number  # noqa: F401
    rows = [header]
    for title, items in groups:
        rows.append([(title, 40)])
        amount = 0
        for code, desc, qty, price, amt in items:
            rows.append([(code, 40), (desc, 200), (qty, 700), (price, 900), (amt, 1100)])
            amount += float(amt.replace(",", "."))
        rows.append([(sub, 40), (title, 140), (f"{amount:.2f}".replace(".", "," if locale != "en_GB" else "."), 1100)])
    rows.append([(total[0], 900), (total[1], 990), (total[2], 1100)])
    order = read_order_document([_grouped_page(sub, total, rows)], ExtractHints(locale=locale), "pdf_text",
                                ocr=False).orders[0]
    want = [code for _, items in groups for code, *_ in items]
    assert [ln.customer_item for ln in order.lines] == want
    assert str(order.total).replace(".", ",") == total[2].replace(".", ",")


@pytest.mark.parametrize("locale, header, item, total, after", [
    ("fr_FR", [("Réf.", 40), ("Désignation", 200), ("Qté", 700), ("P.U.", 900), ("Montant", 1100)],
     ("PR-1013", "Ruban", "96", "1,15", "110,40"), ("Total", "HT", "110,40"), ("PR-1011", "Bloc", "5", "1,85", "9,25")),
    ("en_US", [("Item", 40), ("Description", 200), ("Qty", 700), ("Price", 900), ("Amount", 1100)],
     ("PR-1004", "Staples", "10", "2.10", "21.00"), ("Total", "", "21.00"), ("PR-1002", "Pens", "8", "3.90", "31.20")),
    ("de_DE", [("Art.-Nr.", 40), ("Bezeichnung", 200), ("Menge", 700), ("Preis", 900), ("Betrag", 1100)],
     ("PR-1008", "Granulat", "20", "3,48", "69,60"), ("Summe", "netto", "69,60"), ("PR-1016", "Seil", "100", "0,78", "78,00")),
])
def test_an_item_under_the_total_that_ended_the_table_is_never_dropped(locale, header, item, total, after) -> None:
    from extractors.base import ExtractHints
    from extractors.capture.layout import read_order_document
    rows = [header, [(item[0], 40), (item[1], 200), (item[2], 700), (item[3], 900), (item[4], 1100)],
            [(w, x) for w, x in ((total[0], 900), (total[1], 990), (total[2], 1100)) if w],
            [(after[0], 40), (after[1], 200), (after[2], 700), (after[3], 900), (after[4], 1100)]]
    order = read_order_document([_grouped_page("", total, rows)], ExtractHints(locale=locale), "pdf_text",
                                ocr=False).orders[0]
    assert "LAYOUT-ROW-UNREAD" in {p.code for p in order.problems}


@pytest.mark.parametrize("text, filled", [
    ("Liffey Print Services Ltd - Finishing, Unit 22 Ballymount Industrial Estate, Dublin 12", True),
    ("Boulangerie Marchal, 22 rue Serpenoise, 57000 Metz", False),
    ("Keller Bürobedarf GmbH, Industriestr. 5, 70565 Stuttgart", False),
])
def test_a_line_filling_its_field_is_cut_at_its_edge(text, filled) -> None:
    from extractors.capture.filled_boxes import filled_boxes
    words, x = [], 280.0
    for part in text.split():
        words.append(Word(part, x, 360, x + 8 * len(part), 378, 1.0, 1))
        x += 8 * len(part) + 8
    right = x - 8 + 4 if filled else x + 300  # the field ends right after the text, or well after it
    got = filled_boxes(words, [(274.0, 355.0, right, 384.0)])
    assert [w.text for w in got] == ([text.split()[-1]] if filled else [])


@pytest.mark.parametrize("width, held", [(430, True), (900, False)])
def test_a_delivery_address_cut_by_its_form_field_waits(tmp_path: Path, extract, width, held) -> None:
    field = (f"<div>Delivery address <input style='width:{width}px' value='Grachten Kantoor BV - Magazijn, "
             f"Damrak 70, 1012 LM Amsterdam, Netherlands'></div>")
    pdf = _print(tmp_path, "field", company="Grachten Kantoor BV", title="Purchase Order",
                 header="<tr><td>PO Number:</td><td>GK-2026-131</td></tr><tr><td>Order Date:</td><td>04-12-2026</td>"
                        "</tr><tr><td>Requested Delivery Date:</td><td>11-12-2026</td></tr>",
                 ship_label="", ship=field,
                 titles="<th>Item</th><th>Description</th><th>Qty</th><th>Unit</th><th>Unit Price</th><th>Amount</th>",
                 rows="<tr><td>PR-1002</td><td>Ballpoint pen blue</td><td class=n>40</td><td>pack</td>"
                      "<td class=n>3.90</td><td class=n>156.00</td></tr><tr><td colspan=5>Total</td>"
                      "<td class=n>156.00</td></tr>")
    order = extract(pdf, "inkoop@grachten.example")
    codes = {i["code"] for i in order["issues"] if i["severity"] == "error"}
    assert ("SHIP-TO-UNSURE" in codes) == held
    if not held:
        assert (order["ship_to"]["postcode"], order["ship_to"]["country"]) == ("1012 LM", "NL")


@pytest.mark.parametrize("label, lines, after, place", [
    ("Lieferanschrift", ["Brandt & Söhne KG Lager Süd", "Triester Straße 201", "1230 Wien", "Österreich"],
     ["Sehr geehrte Damen und Herren,", "wir bestellen zu den vereinbarten Konditionen:"], ("1230", "Wien", "AT")),
    ("Adresse de livraison", ["Atelier Léman SA", "Route des Jeunes 9", "1227 Carouge", "Suisse"],
     ["Madame, Monsieur,", "veuillez nous livrer :"], ("1227", "Carouge", "CH")),
    ("Deliver to", ["Northgate Supplies Ltd", "14 Mill Lane", "Leeds LS1 4AB", "United Kingdom"],
     ["Dear Sirs,", "please supply the following:"], ("LS1 4AB", "Leeds", "GB")),
])
def test_a_country_line_after_the_place_ends_the_address(label, lines, after, place) -> None:
    found = find_ship_to(_block(label, lines + after))
    assert found is not None and found.doubt is None
    assert (found.party.name, found.party.street) == tuple(lines[:2])
    assert (found.party.postcode, found.party.city, found.party.country) == place


@pytest.mark.parametrize("word, stroke_y, struck", [
    ("Druckerpatrone", 255.0, True),   # through the middle: struck
    ("Cartouche", 253.0, True),
    ("Toner", 261.0, False),           # under the word: an underline
    ("Toner", 247.0, False),           # above it: the cell's rule
])
def test_a_stroke_through_a_words_middle_strikes_it(word, stroke_y, struck) -> None:
    from extractors.capture.struck import struck_words
    w = Word(word, 100, 249.6, 100 + 7 * len(word), 261.6, 1.0, 1)
    assert bool(struck_words([w], [(95.0, 110.0 + 7 * len(word), stroke_y)])) == struck


@pytest.mark.parametrize("lang, sender, titles, rows", [
    ("en", "buying@northgate.example",
     "<th>Item</th><th>Description</th><th>Qty</th><th>Unit</th><th>Unit Price</th><th>Amount</th>",
     [("PR-1002", "Ballpoint pen blue", "10", "pack", "3.90", "39.00"),
      ("PR-1014", "27 inch monitor", "1", "EA", "2,189.00", "2,189.00"),
      ("PR-1018", "Permanent marker", "20", "EA", "1.45", "29.00")]),
    ("de", "einkauf@keller-buero.example",
     "<th>Art.-Nr.</th><th>Bezeichnung</th><th>Menge</th><th>ME</th><th>Einzelpreis</th><th>Gesamtpreis</th>",
     [("PR-1002", "Kugelschreiber blau", "10", "Pack", "3,90", "39,00"),
      ("PR-1014", "Monitor 27 Zoll", "1", "Stk", "2.189,00", "2.189,00"),
      ("PR-1018", "Permanentmarker", "20", "Stk", "1,45", "29,00")]),
])
def test_a_struck_line_waits_for_a_person(tmp_path: Path, extract, lang, sender, titles, rows) -> None:
    body = "".join(f"<tr{' style=text-decoration:line-through' if n == 1 else ''}>"
                   + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for n, r in enumerate(rows))
    pdf = _print(tmp_path, f"struck_{lang}", company="Kunde", title="Purchase Order" if lang == "en" else "Bestellung",
                 header="<tr><td>PO Number:</td><td>ST-5510</td></tr><tr><td>Order Date:</td><td>03/12/2026</td></tr>"
                        "<tr><td>Requested Delivery Date:</td><td>10/12/2026</td></tr>",
                 ship_label="", ship="", titles=titles, rows=body)
    order = extract(pdf, sender)
    struck = [i for i in order["issues"] if i["code"] == "LINE-STRUCK"]
    assert order["status"] != "ready" and len(struck) == 1 and struck[0]["severity"] == "error"
    assert "line 2" in struck[0]["message"]


def _sheet(path: Path, titles, groups, sub, total_label, tail=None):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"], ws["A3"], ws["B3"] = "Order", "PO", "SG-3301"
    ws["A4"], ws["B4"] = "Order date", date(2026, 12, 3)
    ws["A5"], ws["B5"] = "Delivery date", date(2026, 12, 10)
    r = 8
    for c, t in enumerate(titles, 1):
        ws.cell(row=r, column=c, value=t)
    total = 0.0
    for title, items in groups:
        r += 1
        ws.cell(row=r, column=1, value=title)
        for item in items:
            r += 1
            for c, v in enumerate(item, 1):
                ws.cell(row=r, column=c, value=v)
        r += 1
        ws.cell(row=r, column=1, value=f"{sub} {title}")
        ws.cell(row=r, column=6, value=round(sum(i[5] for i in items), 2))
        total += sum(i[5] for i in items)
    r += 2
    ws.cell(row=r, column=5, value=total_label)
    ws.cell(row=r, column=6, value=round(total, 2))
    for item in tail or ():
        r += 1
        for c, v in enumerate(item, 1):
            ws.cell(row=r, column=c, value=v)
    wb.save(path)
    return path


SHEET_CASES = [
    ("achats@pharmacie-centre.example", ("Réf.", "Désignation", "Qté", "Unité", "P.U. HT", "Montant HT"),
     [("Hygiène", [("PR-1013", "Ruban adhésif", 20, "pièce", 1.15, 23.0), ("PR-1008", "Absorbant", 10, "kg", 3.48, 34.8)]),
      ("Bureau", [("PR-1011", "Bloc-notes A5", 5, "pièce", 1.85, 9.25)])], "Sous-total", "Total HT"),
    ("supplies@coastal-clinics.example", ("Item", "Description", "Qty", "Unit", "Unit Price", "Amount"),
     [("Clinic A", [("PR-1009", "Toner black", 2, "EA", 89.9, 179.8)]),
      ("Clinic B", [("PR-1012", "Highlighter", 40, "EA", 0.95, 38.0), ("PR-1002", "Pens", 5, "pack", 3.9, 19.5)])],
     "Subtotal", "Total"),
    ("einkauf@keller-buero.example", ("Art.-Nr.", "Bezeichnung", "Menge", "ME", "Einzelpreis", "Gesamtpreis"),
     [("Lager", [("PR-1004", "Heftklammern", 10, "Karton", 2.1, 21.0)]),
      ("Büro", [("PR-1018", "Marker", 20, "Stk", 1.45, 29.0)])], "Zwischensumme", "Gesamtsumme netto"),
]


@pytest.mark.parametrize("sender, titles, groups, sub, total_label", SHEET_CASES)
def test_a_sheets_group_subtotals_do_not_end_its_table(tmp_path: Path, extract, sender, titles, groups, sub,
                                                       total_label) -> None:
    order = extract(_sheet(tmp_path / "groups.xlsx", titles, groups, sub, total_label), sender)
    assert [ln["customer_item"] or ln["sku"] for ln in order["lines"]] == [i[0] for _, its in groups for i in its]
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("sender, titles, groups, sub, total_label", SHEET_CASES)
def test_a_sheets_items_under_its_total_are_never_dropped(tmp_path: Path, extract, sender, titles, groups, sub,
                                                          total_label) -> None:
    tail = [(), ("PR-1024", "Labels", 3, "BX", 16.8, 50.4)]
    order = extract(_sheet(tmp_path / "tail.xlsx", titles, groups[:1], sub, total_label, tail), sender)
    assert order["status"] != "ready" and "LINE-UNREAD" in {i["code"] for i in order["issues"]}


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("sender, labels, wish", [
    ("einkauf@keller-buero.example", ("Bestellnummer", "Bestelldatum", "Liefertermin"), "nach Vereinbarung"),
    ("achats@papeterie-durand.example", ("N° de commande", "Date", "Livraison"), "dès que possible"),
    ("buying@northgate.example", ("PO Number", "Date", "Delivery"), "to be agreed"),
])
def test_a_delivery_label_without_a_date_borrows_none(tmp_path: Path, extract, sender, labels, wish) -> None:
    po, dated, wanted = labels
    today = date.today().strftime("%d.%m.%Y")
    pdf = _print_live(tmp_path, "wish", company="Kunde", title="Bestellung",
                 header=f"<tr><td>{po}:</td><td>WB-4488</td></tr><tr><td>{dated}:</td><td>{today}</td></tr>"
                        f"<tr><td>{wanted}:</td><td>{wish}</td></tr>",
                 ship_label="", ship="", titles="<th>Art.-Nr.</th><th>Bezeichnung</th><th>Menge</th>"
                 "<th>Einzelpreis</th><th>Gesamtpreis</th>",
                 rows="<tr><td>PR-1005</td><td>Ordner 80 mm</td><td class=n>20</td><td class=n>4,35</td>"
                      "<td class=n>87,00</td></tr>")
    order = extract(pdf, sender)
    assert order["requested_delivery_date"] is None and order["status"] != "ready"


@pytest.mark.parametrize("label, lines, place", [
    ("Warenempfänger:", ["Kessler Werkzeugbau GmbH", "Robert-Bosch-Straße 3", "71254 Ditzingen"], ("71254", "Ditzingen")),
    ("Consignee:", ["Northgate Supplies Ltd", "Unit 5 Thornes Park", "Leeds LS12 6LW"], ("LS12 6LW", "Leeds")),
    ("Ship-to party", ["Atelier Léman SA", "Route des Jeunes 9", "CH-1227 Carouge"], ("1227", "Carouge")),
])
def test_more_delivery_labels_head_their_block(label, lines, place) -> None:
    found = find_ship_to(_block(label, lines))
    assert found is not None and found.doubt is None
    assert (found.party.name, found.party.postcode, found.party.city) == (lines[0], *place)


@pytest.mark.parametrize("lines, street, city", [
    (["Liffey Print Services Ltd", "Unit 3 Millennium Park", "Naas", "Co. Kildare", "W91 K2P8"],
     "Unit 3 Millennium Park", "Naas, Co. Kildare"),
    (["ACME Ltd", "Unit 12 Greenogue Business Park", "Rathcoole", "Co. Dublin", "D24 K2W8"],
     "Unit 12 Greenogue Business Park", "Rathcoole, Co. Dublin"),
    (["Kilbride Veterinary Ltd", "14 Quay Street", "Galway", "County Galway", "H91 X2Y3"],
     "14 Quay Street", "Galway, County Galway"),
])
def test_a_town_over_its_county_line_is_no_end_of_the_street(lines, street, city) -> None:
    found = find_ship_to(_block("Ship To", lines))
    assert found.doubt is None and (found.party.street, found.party.city, found.party.postcode) == (
        street, city, lines[-1])


@pytest.mark.parametrize("label, lines", [
    ("Adresse de livraison :", ["Fournitures Garonne SARL", "Entrepôt de Fenouillet", "12 chemin de la Glacière",
                                "31150 Fenouillet"]),
    ("Lieferanschrift:", ["Hofmann Technik KG", "Lager Ost", "Feldkirchener Str. 20", "85630 Grasbrunn"]),
    ("Deliver to:", ["Northgate Supplies Ltd", "Unit 5 Thornes Park", "Leeds LS12 6LW"]),
])
def test_a_label_with_its_value_beside_it_in_a_paragraph_goes_on_at_the_margin(label, lines) -> None:
    rows, x = [], 40.0
    for word in label.split():
        rows.append((word, x))
        x += 6 * len(word) + 4
    first = [(w, x + sum(6 * len(v) + 4 for v in lines[0].split()[:n])) for n, w in enumerate(lines[0].split())]
    page_rows = [[("Page", 500)], rows + first]
    for text in lines[1:]:
        row, x = [], 40.0
        for word in text.split():
            row.append((word, x))
            x += 6 * len(word) + 4
        page_rows.append(row)
    found = find_ship_to(_page(page_rows))
    party, _ = parse_address(lines)
    assert found is not None and found.doubt is None
    assert (found.party.name, found.party.street, found.party.postcode) == (party.name, party.street, party.postcode)
