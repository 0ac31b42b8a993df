"""Issue 23, review revA of the fax work: orders that went out wrong, and needless holds.

* a note limiting a quantity went out with the printed quantity when its words were in another order ("Send 10
  only please"), its count had a thousands dot ("nur 1.000 Blatt"), a verb stood between ("Please only send 10
  units"), it said more ("invoice accordingly"), it named its item or stood in the item's row ("nur 20!" beside the
  description): it holds ``CHANGE-TYPED`` wherever it stands; a delivery-access rule ("only 1 truck at a time",
  "LKW max. 12 m") holds nothing;
* a dotted month-first date was read day first because the page's words looked French; a fax's own date with a
  day over 12 did not settle the others; a country on file with no locale here (IT, ES, PL...) settled nothing;
* writing beside "Kind regards," at the closing's height but across the page was taken for a signature; a
  signature with no label, or a line-art logo in the letterhead, held the fax; a letterhead's "Urgent Parts Ltd"
  made every order urgent;
* "Men's 1/2 zip" and "drawing 4711, sheet 1 of 3" were page counters; a page sent twice, or a cover sheet, stood in
  for the missing page 2.

Generated orders (reportlab) rendered as real fax TIFFs, the mark drawn on at fax resolution, read with the real
OCR (tesseract), as in ``tests/test_fax_notes_urgency_pages.py``."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from extractors.capture.page_notes import note_problems, page_notes
from extractors.capture.table_end import missing_pages
from extractors.locale_values import locale_for
from gateway.model import ExtractedOrder, ExtractedLine
from tests.test_fax_notes_urgency_pages import (_codes, _counter_page, _handwriting, _page, _read, _text, _tiff,  # noqa: F401
                                                masterdata)


def _signature(gray: np.ndarray, at: tuple[float, float], width: float = 0.2, tall: float = 0.035,
               seed: int = 5) -> np.ndarray:
    """A pen signature: one continuous line of loops of varying height, then an underline flourish."""
    rng = np.random.default_rng(seed)
    h, w = gray.shape
    x0, y0 = at[0] * w, at[1] * h
    t = np.linspace(0, 1, 600)
    env = 0.5 + 0.5 * np.abs(np.sin(np.pi * t * 3 + rng.random()))
    xs = x0 + t * width * w + 0.018 * w * np.cos(2 * np.pi * 9 * t)
    ys = y0 - tall * w * env * (0.5 + 0.5 * np.sin(2 * np.pi * 9 * t + 0.4))
    cv2.polylines(gray, [np.stack([xs, ys], 1).astype(np.int32)], False, 0, 3, cv2.LINE_AA)
    fx = np.linspace(x0 - 0.01 * w, x0 + width * w * 1.05, 100)
    fy = y0 + 0.006 * w + 0.004 * w * np.sin(np.linspace(0, 3, 100))
    cv2.polylines(gray, [np.stack([fx, fy], 1).astype(np.int32)], False, 0, 3, cv2.LINE_AA)
    return gray


def _signed(at: tuple[float, float]):
    def mark(tiff: bytes) -> bytes:
        gray, dpi = _page(tiff)
        return _tiff(_signature(gray, at), dpi)
    return mark


def _ring_logo(tiff: bytes) -> bytes:
    gray, dpi = _page(tiff)
    h, w = gray.shape
    cv2.ellipse(gray, (int(0.15 * w), int(0.07 * h)), (int(0.048 * w), int(0.018 * w * dpi[1] / dpi[0])), -10, 20, 340,
                0, 3, cv2.LINE_AA)
    return _tiff(gray, dpi)


# -- quantity notes (D1, D9, D13) ------------------------------------------------------------------------------

@pytest.mark.parametrize("note", [
    "Bitte nur 1.000 Blatt liefern", "Please only send 10 units", "Only 10 please, invoice accordingly",
    "Bitte nur 5 kg liefern", "Bitte nur 25.", "Please send only 10.", "only 1,000 sheets please",
    "Merci de ne livrer que 5, confirmation par retour", "Only 10 please, the rest may follow next month",
    "Bitte nur 3 Paletten liefern", "Ne livrer que 10 colis", "Please deliver 10 instead of 20",
    "Menge bitte auf 25 reduzieren", "Quantité : 10 au lieu de 20", "Send 10 only please", "Qty 10 only",
    "5 pièces seulement svp", "Merci de livrer 5 au lieu de 10", "Bitte statt 50 Stück 25 Stück",
    "Menge ändern auf 25 Stück", "25 Stück genügen", "only half the binders please",
    "Cutting disc black: only 10 please", "Hinge stainless 5x60 - nur 20 Stuck"])
def test_a_note_limiting_a_quantity_holds_whatever_its_words(note: str) -> None:
    codes = [p.code for p in note_problems([note], ExtractedOrder(po_number="B-1"), printed=True)]
    assert "CHANGE-TYPED" in codes, codes


@pytest.mark.parametrize("note", [
    "Delivery: our dock takes only 1 truck at a time", "Anlieferung nur mit LKW max. 12 m", "Zufahrt max 40 t",
    "Lieferung nur 2 x pro Woche", "Warenannahme: Tor 3, max. 2 Lieferungen pro Tag", "Hauteur max 2 m sous porche",
    "Livraison par camion de 19 t maximum", "Lieferung nur 8-16 Uhr", "Preise gelten nur 30 Tage", "max 3 Paletten"])
def test_a_delivery_access_rule_limits_no_quantity(note: str) -> None:
    codes = [p.code for p in note_problems([note], ExtractedOrder(po_number="B-1"), printed=True)]
    assert "CHANGE-TYPED" not in codes, codes


def test_a_limit_in_an_items_row_or_typed_into_its_description_holds() -> None:
    order = ExtractedOrder(po_number="B-1", lines=[ExtractedLine(line_no=1, description="Electric cable zinc plated 25m nur 20!")])
    assert [p.code for p in page_notes([], order)] == ["CHANGE-TYPED"]
    plain = ExtractedOrder(po_number="B-1", lines=[ExtractedLine(line_no=1, description="Electric cable zinc plated 25m")])
    assert page_notes([], plain) == []


def test_a_quantity_note_with_a_verb_between_drawn_on_the_fax_holds(masterdata) -> None:
    extraction = _read(masterdata, 7, "fine", lambda t: _text(t, "Please only send 10 units", (0.55, 0.6), 46,
                                                              "DejaVuSans-Oblique.ttf"))
    assert "CHANGE-TYPED" in _codes(extraction), _codes(extraction)


def test_a_limit_written_in_the_items_row_holds(masterdata) -> None:
    extraction = _read(masterdata, 7, "fine", lambda t: _text(t, "nur 20!", (0.51, 0.309), 30, "DejaVuSans-Oblique.ttf"))
    assert "CHANGE-TYPED" in _codes(extraction), _codes(extraction)


def test_a_printed_dock_rule_holds_nothing(masterdata) -> None:
    extraction = _read(masterdata, 7, "fine", lambda t: _text(t, "Delivery: our dock takes only 1 truck at a time",
                                                              (0.4, 0.56), 26, "DejaVuSans.ttf"))
    assert "CHANGE-TYPED" not in _codes(extraction), _codes(extraction)


# -- handwriting, signatures, letterheads (D11, D2, D3, D12) ------------------------------------------------------

def test_writing_across_the_page_at_the_closings_height_is_a_note_not_a_signature(masterdata) -> None:
    def mark(tiff: bytes) -> bytes:
        gray, dpi = _page(_text(tiff, "Kind regards,", (0.14, 0.62), 26, "DejaVuSans.ttf"))
        return _tiff(_handwriting(gray, dpi[1] / dpi[0], (0.45, 0.62), (5, 3, 6), seed=7), dpi)
    assert "MARKING-UNREAD" in _codes(_read(masterdata, 7, "fine", mark))


@pytest.mark.parametrize("customer", [7, 3])
def test_a_signature_under_the_total_with_no_label_holds_nothing(masterdata, customer: int) -> None:
    extraction = _read(masterdata, customer, "fine", _signed((0.60, 0.62)))
    assert "MARKING-UNREAD" not in _codes(extraction), _codes(extraction)


def test_a_line_art_logo_in_the_letterhead_holds_nothing(masterdata) -> None:
    extraction = _read(masterdata, 7, "fine", _ring_logo)
    assert "MARKING-UNREAD" not in _codes(extraction), _codes(extraction)


def test_a_company_name_with_an_urgency_word_in_the_letterhead_makes_nothing_urgent(masterdata) -> None:
    extraction = _read(masterdata, 7, "fine", lambda t: _text(t, "Urgent Parts Ltd", (0.22, 0.045), 50,
                                                              "DejaVuSans-Bold.ttf"))
    order = extraction.orders[0]
    assert not _codes(extraction) and not any("URGENT" in n.upper() for n in order.notes), (_codes(extraction), order.notes)


# -- dates (D8) and pages (D5, D10) -------------------------------------------------------------------------------

@pytest.mark.parametrize("hint", ["it_IT", "es_ES", "pl_PL", "pt_PT", "sv_SE", "cs_CZ", "da_DK", "it_CH", "es_MX"])
def test_a_country_on_file_settles_the_day_month_order(hint: str) -> None:
    loc = locale_for(hint, "eng")
    assert loc.date_order == "dmy" and not loc.guessed


@pytest.mark.parametrize("text", ["Embroidery on Men's 1/2 zip fleece", "Made to drawing 4711, sheet 1 of 3",
                                  "Zeichnung 4711 Blatt 1/3", "Kugelhahn S 1/2 Zoll", "s 3/4 inch"])
def test_a_size_or_a_drawings_sheet_is_no_page_counter(text: str) -> None:
    assert missing_pages([_counter_page(1, "26/07/2026 09:41 FROM: +1 312 555 0199 P.001/001", text)]) == []


def test_a_page_sent_twice_or_a_cover_sheet_stands_in_for_no_missing_page() -> None:
    head = "07/12/2026 09:41 FROM: +49 711 1234 P.001/002"
    assert missing_pages([_counter_page(1, head), _counter_page(2, head)]) == [2]
    assert missing_pages([_counter_page(1, "FAX To: Outils Pro"), _counter_page(2, head)], covers=(1,)) == [2]
    assert missing_pages([_counter_page(1, "-AX To: Outils Pro"), _counter_page(2, head)]) == [2]  # cover unrecognised
    # a page whose counter was not read may be the page not named
    assert missing_pages([_counter_page(1, head), _counter_page(2, "Bitte bestätigen")]) == []


# -- dates on a faxed letter (D4, D7, D8): both engines, the whole pipeline's reading ---------------------------

def _letter_config(tmp_path, country: str, language: str, fax: str):
    from gateway.config import load_config
    from testkit.harness import write_config
    md = tmp_path / "md"
    md.mkdir()
    (md / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        f"language\nU7,Acme Industrial Inc.,{country},USD,,,,,,{fax},500 Commerce Dr,Chicago,60601,{language}\n",
        encoding="utf-8")
    (md / "products.csv").write_text("sku,gtin,description,uom,unit_price\nAB-1001,,Agrafeuse,C62,9.50\n"
                                     "AB-1003,,Classeur,C62,2.10\n", encoding="utf-8")
    (md / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    return load_config(write_config(tmp_path / "cfg", master_data=md))


def _letter_order(tmp_path, monkeypatch, texts: list[str], country: str = "", language: str = "") -> dict:
    from gateway.oneshot import extract_file
    from tests.test_fax_letter_totals import _letter
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")
    fax = "+1 312 555 0199"
    config = _letter_config(tmp_path, country, language, fax)
    path = tmp_path / "letter.tif"
    path.write_bytes(_letter(texts))
    (order,) = [o["order"] for o in extract_file(config, path, channel="fax", sender=fax)["orders"]]
    return order


_ITEMS = ["2 x AB-1001 Agrafeuse de bureau pour la classe et le bureau at 9.50 each = 19.00",
          "10 x AB-1003 Classeur a levier de la gamme des dossiers at 2.10 each = 21.00", "Total: 40.00", "",
          "Yours faithfully,", "J. Smith"]


@pytest.mark.parametrize("dated", ["Order date: 11.30.2026", "Order date: 30 November 2026"])
def test_a_dotted_date_is_not_read_day_first_for_french_item_names(tmp_path, monkeypatch, dated: str) -> None:
    """The page's own 11.30.2026 says month first; with no such date, a language guessed from item names settles
    nothing: the date waits (``DATE-AMBIGUOUS``)."""
    head = ["Acme Industrial Inc.", "500 Commerce Dr", "Chicago, IL 60601", "", dated, "",
            "Order AC-7710", "", "Dear Sir or Madam,", "please supply the following by 02.03.2027:", ""]
    order = _letter_order(tmp_path, monkeypatch, head + _ITEMS)
    codes = [i["code"] for i in order["issues"]]
    if "11.30" in dated:
        assert order["requested_delivery_date"] == "2027-02-03", (order, codes)
    else:
        assert order["requested_delivery_date"] == "2027-02-03" or "DATE-AMBIGUOUS" in codes, (order, codes)


@pytest.mark.parametrize("country, language", [("", ""), ("IT", "it")])
def test_a_faxs_own_day_first_date_or_the_country_on_file_settles_the_order(tmp_path, monkeypatch, country,
                                                                             language) -> None:
    head = ["Acme Industrial Inc.", "500 Commerce Dr", "Chicago, IL 60601", "", "Order date: 12/11/2026", "",
            "Order AC-7710", "", "Dear Sir or Madam,", "please supply the following by 18/12/2026:", ""]
    order = _letter_order(tmp_path, monkeypatch, head + _ITEMS, country, language)
    assert order["order_date"] == "2026-11-12", order
    assert "DATE-AMBIGUOUS" not in [i["code"] for i in order["issues"]], order["issues"]
