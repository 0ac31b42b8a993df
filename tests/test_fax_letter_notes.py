"""Review revR on faxed letters that state no total (Chromium prints, checked in: ``tests/printed.py``; faxed by
``testkit.capture_fax``; read by both OCR engines through ``gateway.oneshot.extract_file``):
- D1: a sentence under the items that gives the delivery date and also cancels or changes a line ("Lieferung am
  18.12.2026, Locher entfällt.", "À livrer le 18/12/2026, sauf les classeurs.") says something of the rows: the
  letter waits; the date alone ("Lieferung am 18.12.2026.") does not stop it;
- D0: rows a little under their list price (a discount) with positions 1..n vouch for nothing: a faint last row
  both engines miss leaves no gap in the numbers;
- D2: a bulleted line naming the supplier's quote and its date is no place-and-date line: the letter's order date
  is never the quote's."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from testkit.capture_fax import render_fax_tiff
from testkit.harness import write_config
from tests.printed import printed_pdf

FAX_DE, FAX_FR = "+49 711 5550 2301", "+33 4 72 55 01 90"
CSS = ("<style>@page{size:A4;margin:18mm 20mm}body{font-family:'Liberation Serif',serif;font-size:12pt}"
       "table{border-collapse:collapse;margin-top:5mm}td,th{padding:4px 8px;text-align:left}.n{text-align:right}"
       "</style>")
DE_ROWS = [("1", "BX-2040", "Locher 2-fach", "4", "Stk", "6,40", "25,60"),
           ("2", "BX-3110", "Klemmbrett A4", "6", "Stk", "3,85", "23,10"),
           ("3", "BX-5200", "Stempelkissen blau", "2", "Stk", "4,20", "8,40")]
FR_ROWS = [("1", "BX-2040", "Perforateur 2 trous", "4", "pce", "6,40", "25,60"),
           ("2", "BX-3110", "Porte-bloc A4", "6", "pce", "3,85", "23,10"),
           ("3", "BX-5200", "Tampon encreur bleu", "2", "pce", "4,20", "8,40")]


@pytest.fixture(autouse=True)
def both_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_OCR_ENGINES", "both")


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory):
    from gateway.config import load_config
    root = tmp_path_factory.mktemp("letternotes")
    md = root / "md"
    md.mkdir()
    (md / "customers.csv").write_text(
        "customer_id,name,country,currency,gln,duns,x12_id,email_domain,sender_emails,fax,street,city,postcode,"
        f"language\nK7,Kanzlei Brandt,DE,EUR,,,,,,{FAX_DE},Königstraße 28,Stuttgart,70173,de\n"
        f"R3,Cabinet Rivière,FR,EUR,,,,,,{FAX_FR},8 quai Saint-Antoine,Lyon,69002,fr\n", encoding="utf-8")
    (md / "products.csv").write_text("sku,gtin,description,uom,unit_price\nBX-2040,,Locher,C62,6.40\n"
                                     "BX-3110,,Klemmbrett,C62,3.85\nBX-5200,,Stempelkissen,C62,4.20\n",
                                     encoding="utf-8")
    (md / "item_xref.csv").write_text("customer_id,customer_item,sku\n", encoding="utf-8")
    return load_config(write_config(root / "cfg", master_data=md))


def _html(lang: str, rows, note: str, refs: str = "", dated: bool = True, faint_last: bool = False) -> str:
    if lang == "de":
        head = ("<p><b>Kanzlei Brandt</b><br>Königstraße 28<br>70173 Stuttgart<br>Fax +49 711 5550 2301</p>"
                + ("<p style='margin-left:95mm'>Stuttgart, 09.12.2026</p>" if dated else "")
                + refs + "<p>Bestellung Nr. KB-26-117</p><p>Sehr geehrte Damen und Herren,<br>"
                "wir bestellen hiermit:</p>")
        titles = ("Pos.", "Art.-Nr.", "Bezeichnung", "Menge", "Einheit", "Preis", "Betrag")
        bye = "<p>Mit freundlichen Grüßen<br>Kanzlei Brandt</p>"
    else:
        head = ("<p><b>Cabinet Rivière</b><br>8 quai Saint-Antoine<br>69002 Lyon<br>Fax +33 4 72 55 01 90</p>"
                + ("<p style='margin-left:95mm'>Lyon, le 09/12/2026</p>" if dated else "")
                + refs + "<p>Commande n° CR-26-117</p><p>Madame, Monsieur,<br>merci de nous livrer :</p>")
        titles = ("Pos.", "Réf.", "Désignation", "Qté", "Unité", "Prix", "Montant")
        bye = "<p>Salutations distinguées,<br>Cabinet Rivière</p>"
    cells = "".join(f"<th>{t}</th>" for t in titles)
    body = ""
    for n, row in enumerate(rows):
        style = " style='color:#a4a4a4'" if faint_last and n == len(rows) - 1 else ""
        body += f"<tr{style}>" + "".join(f"<td class=n>{html.escape(v)}</td>" if k in (0, 3, 5, 6)
                                         else f"<td>{html.escape(v)}</td>" for k, v in enumerate(row)) + "</tr>"
    return (f"<html><head><meta charset=utf-8>{CSS}</head><body>{head}<table><tr>{cells}</tr>{body}</table>"
            f"<p>{html.escape(note)}</p>{bye}</body></html>")


def _order(config, tmp_path: Path, name: str, page: str, fax: str, seed: int = 3) -> dict:
    from gateway.oneshot import extract_file
    path = tmp_path / f"{name}.tif"
    path.write_bytes(render_fax_tiff(printed_pdf(f"letter_notes_{name}", page).read_bytes(), "fine", seed=seed))
    (order,) = [o["order"] for o in extract_file(config, path, channel="fax", sender=fax)["orders"]]
    return order


@pytest.mark.parametrize("name, lang, note", [
    ("de_cancel", "de", "Lieferung am 18.12.2026, Locher entfällt."),
    ("de_twice", "de", "Liefertermin 18.12.2026, Klemmbretter bitte doppelt."),
    ("fr_sauf", "fr", "À livrer le 18/12/2026, sauf les porte-blocs."),
])
def test_a_date_note_that_changes_a_line_keeps_the_letter_held(config, tmp_path, name, lang, note) -> None:
    order = _order(config, tmp_path, name, _html(lang, DE_ROWS if lang == "de" else FR_ROWS, note),
                   FAX_DE if lang == "de" else FAX_FR)
    assert order["status"] != "ready", order


def test_numbered_rows_near_the_list_price_with_a_faint_last_row_wait(config, tmp_path) -> None:
    rows = [(*r[:5], p, a) for r, p, a in zip(DE_ROWS, ("6,30", "3,80", "4,20"), ("25,20", "22,80", "8,40"))]
    order = _order(config, tmp_path, "de_near_faint", _html("de", rows, "Liefertermin 18.12.2026", faint_last=True),
                   FAX_DE)
    assert order["status"] != "ready", order


def test_a_bulleted_quote_line_is_not_the_letters_date(config, tmp_path) -> None:
    refs = "<p>Betreff: Ihr Schreiben<br>– Ihr Angebot AN-4471, 26.11.2026</p>"
    order = _order(config, tmp_path, "de_bullet_quote", _html("de", DE_ROWS, "Liefertermin 18.12.2026", refs,
                                                                dated=False), FAX_DE)
    assert order.get("order_date") != "2026-11-26", order


def test_a_note_giving_only_the_delivery_date_lets_the_letter_at_list_price_out(config, tmp_path) -> None:
    order = _order(config, tmp_path, "de_date_only", _html("de", DE_ROWS, "Lieferung am 18.12.2026."), FAX_DE,
                   seed=5)  # a seed whose fax both engines read alike, every code as printed
    assert order["status"] == "ready", order["issues"]
    assert [ln["sku"] for ln in order["lines"]] == ["BX-2040", "BX-3110", "BX-5200"]
