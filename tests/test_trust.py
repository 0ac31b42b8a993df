"""What goes to the ERP untouched is right: units, the completeness gate, hard checks on EDI, dates,
orders typed in e-mails and templates, through ``gateway extract`` and through the running server.

The documents come from ``testkit/trust_corpus.py`` (four customers in FR/IE/US/DE, six products sold in
EA, C62, BX with a pack size of 10, MTR, CT and PK) or are written here for one case each.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import aiohttp
import pytest

from testkit.trust_corpus import trust_config
from testkit.trust_corpus import CUSTOMERS, PRODUCTS, WRITTEN, TrustLine, TrustOrder, judge, render
from gateway.config import parse_config
from gateway.errors import ConfigError
from gateway.store.intake import IntakeMeta
from gateway.reference.unit_conversions import parse_conversions
from testkit.harness import API_KEY, REPO, merge, running_gateway, wait_until

TODAY = date.today()
FR, IE, US, DE = CUSTOMERS
PRODUCT = {p.sku: p for p in PRODUCTS}


@pytest.fixture(scope="module")
def config_path(tmp_path_factory) -> Path:
    return trust_config(tmp_path_factory.mktemp("trust"))


def cli_extract(config: Path, data: bytes, name: str, tmp: Path, **how: str) -> dict:
    """Run ``gateway extract`` on ``data`` as a subprocess; its JSON answer."""
    path = tmp / name
    path.write_bytes(data)
    args = [sys.executable, "-m", "gateway.cli", "--config", str(config), "extract", str(path)]
    for key in ("channel", "sender", "partner"):
        if how.get(key):
            args += [f"--{key}", how[key]]
    out = subprocess.run(args, capture_output=True, text=True, cwd=REPO, timeout=120,
                         env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",  # and the partners' cXML secrets
                              **{k: v for k, v in os.environ.items() if k.startswith("TRUST_CXML_SECRET_")}})
    return json.loads(out.stdout)


_CONTEXTS: dict[Path, object] = {}


def in_process_extract(config: Path, data: bytes, name: str, _tmp: Path, **how: str) -> dict:
    """The same as ``gateway extract`` (``gateway.oneshot``), in this process: for the many small cases."""
    import hashlib

    from gateway.app import build_context
    from gateway.store.journal import DocumentRecord, new_id, utcnow
    from gateway.oneshot import extract_bytes
    from testkit.harness import load_test_config
    if config not in _CONTEXTS:
        _CONTEXTS[config] = build_context(load_test_config(config))
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                         channel=how.get("channel", "cli"), received_at=utcnow(), sender=how.get("sender"),
                         partner=how.get("partner"), filename=name)
    return extract_bytes(_CONTEXTS[config], data, doc)


def orders_in(result: dict) -> list[dict]:
    found = [o["order"] for o in result.get("orders", [])]
    for part in result.get("parts", []):
        found += orders_in(part)
    return found


def extract_order(config: Path, order: TrustOrder, tmp: Path, cli: bool = False) -> dict:
    data, name, how = render(order)
    (got,) = orders_in((cli_extract if cli else in_process_extract)(config, data, name, tmp, **how))
    return got


def line(sku: str, qty: int | str, written: str, priced: bool = False) -> TrustLine:
    factor = next((f for w, _words, f in WRITTEN[sku] if w == written), Decimal(1))
    return TrustLine(PRODUCT[sku], Decimal(qty), written, written, factor, priced)


def trust_order(fmt: str, lines: list[TrustLine], customer=FR, **fields) -> TrustOrder:
    base = dict(fmt=fmt, customer=customer, po=f"PO-{fmt}-1", order_date=TODAY - timedelta(days=3),
                requested=TODAY + timedelta(days=9), line_dates=False, lines=lines, currency=customer.currency)
    return TrustOrder(**{**base, **fields})


def codes(order: dict) -> dict[str, str]:
    return {i["code"]: i["severity"] for i in order["issues"]}


# --- units (class 1) ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["edifact", "x12", "ubl", "cxml", "opentrans"])
def test_ea_line_for_a_product_sold_in_ea_reaches_the_erp_as_ea(config_path, tmp_path, fmt):
    customer = US if fmt in ("x12", "cxml") else FR
    got = extract_order(config_path, trust_order(fmt, [line("TP-1001", 4, "EA"), line("TP-1002", 2, "EA")],
                                                 customer), tmp_path, cli=True)
    assert [(ln["sku"], ln["quantity"], ln["uom"]) for ln in got["lines"]] == [("TP-1001", "4", "EA"),
                                                                               ("TP-1002", "2", "C62")]
    assert got["status"] == "ready"


def test_x12_mr_is_metre_and_goes_out_in_the_products_unit(config_path, tmp_path):
    got = extract_order(config_path, trust_order("x12", [line("TP-1004", 25, "MR")], US), tmp_path, cli=True)
    assert (got["lines"][0]["uom"], got["lines"][0]["quantity"], got["status"]) == ("MTR", "25", "ready")


def test_french_car_is_a_carton(config_path, tmp_path):
    got = extract_order(config_path, trust_order("edifact", [line("TP-1005", 3, "CAR")]), tmp_path)
    assert (got["lines"][0]["uom"], got["status"]) == ("CT", "ready")


def test_a_carton_of_a_product_sold_in_boxes_is_converted_with_its_price(config_path, tmp_path):
    order = trust_order("ubl", [line("TP-1003", 2, "CAR", priced=True)])
    got = extract_order(config_path, order, tmp_path)
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"], got["lines"][0]["unit_price"]) == ("8", "BX", "6.5")
    assert "2 CAR ordered = 8 BX" in next(i["message"] for i in got["issues"] if i["code"] == "UOM-CONVERTED")
    assert judge(order, got) == [] and got["status"] == "ready"


def test_pieces_of_a_product_sold_in_boxes_use_its_pack_size(config_path, tmp_path):
    got = extract_order(config_path, trust_order("cxml", [line("TP-1003", 30, "PCE")], US), tmp_path)
    assert (got["lines"][0]["quantity"], got["lines"][0]["uom"], got["status"]) == ("3", "BX", "ready")


def test_a_fraction_of_a_box_is_held(config_path, tmp_path):
    got = extract_order(config_path, trust_order("edifact", [line("TP-1003", 15, "PCE")]), tmp_path)
    assert codes(got)["QTY-NOT-WHOLE"] == "error" and got["status"] == "review"


def test_german_pkg_for_a_product_sold_in_boxes_is_held_naming_both_units(config_path, tmp_path):
    got = extract_order(config_path, trust_order("opentrans", [line("TP-1003", 3, "Pkg")], DE), tmp_path, cli=True)
    issue = next(i for i in got["issues"] if i["code"] == "UOM-NO-CONVERSION")
    assert issue["severity"] == "error" and "PK" in issue["message"] and "BX" in issue["message"]
    assert got["status"] == "review"


def test_german_pkg_for_a_product_sold_in_packs_is_a_pack(config_path, tmp_path):
    got = extract_order(config_path, trust_order("opentrans", [line("TP-1006", 3, "Pkg")], DE), tmp_path)
    assert (got["lines"][0]["uom"], got["status"]) == ("PK", "ready")


def test_a_customers_own_conversion_comes_first(tmp_path):
    table = parse_conversions({"sku": {"TP-1003": {"CT": {"BX": 4}}},
                               "customer": {"T1": {"TP-1003": {"CT": {"BX": 6}}}}}, tmp_path / "u.toml")
    assert table.factor("TP-1003", "CT", "BX", "T1") == 6
    assert table.factor("TP-1003", "CT", "BX", "T2") == 4
    assert table.is_customer_specific("TP-1003", "CT", "BX", "T1")
    with pytest.raises(ConfigError) as err:
        parse_conversions({"customer": {"T1": {"TP-1003": {"CT": {"BX": 0}}}}}, tmp_path / "u.toml")
    assert "customer.T1.TP-1003.CT.BX" in err.value.message


# --- EDI is not automatically right (class 6) -------------------------------------------------------


def test_bare_orders_with_a_weak_key_old_date_price_gap_past_delivery_and_gbp_is_held_for_each(config_path, tmp_path):
    order = trust_order("edifact", [line("TP-1002", 10, "EA", priced=True)], hostile="weak_id",
                        order_date=date(2002, 1, 15), requested=TODAY - timedelta(days=5), currency="GBP",
                        extra={"price_gap": Decimal("1.4")})
    got = extract_order(config_path, order, tmp_path, cli=True)
    assert got["status"] == "review"
    assert {"CUSTOMER-WEAK-ID", "ORDER-DATE-IMPLAUSIBLE", "PRICE-MISMATCH", "DATE-PAST",
            "CURRENCY-MISMATCH"} <= {c for c, s in codes(got).items() if s == "error"}


def test_the_same_order_with_its_envelope_and_right_values_goes_out(config_path, tmp_path):
    order = trust_order("edifact", [line("TP-1002", 10, "EA", priced=True)])
    got = extract_order(config_path, order, tmp_path)
    assert got["status"] == "ready" and judge(order, got) == []
    assert got["customer"]["corroborated"] is True


# --- the completeness gate ---------------------------------------------------------------------------


def gate_config(tmp_path: Path, completeness: dict) -> Path:
    from testkit.harness import dump_toml
    import tomllib
    base = trust_config(tmp_path / "c")
    data = merge(tomllib.loads(base.read_text()), {"decide": {"completeness": completeness}})
    base.write_text(dump_toml(data))
    return base


def test_a_line_without_a_price_is_held_when_the_customer_requires_prices(tmp_path):
    config = gate_config(tmp_path, {"customers": [{"customer": "T1", "prices": "required"}]})
    got = extract_order(config, trust_order("ubl", [line("TP-1001", 1, "EA")]), tmp_path)
    assert codes(got)["PRICE-MISSING"] == "error" and got["status"] == "review"


def test_a_line_without_a_price_goes_out_saying_so_when_the_erp_prices_it(config_path, tmp_path):
    got = extract_order(config_path, trust_order("ubl", [line("TP-1001", 1, "EA")]), tmp_path)
    assert codes(got)["PRICE-ABSENT"] == "info" and got["status"] == "ready"


def test_no_requested_date_is_held_unless_the_customer_declared_a_default(config_path, tmp_path):
    order = trust_order("cxml", [line("TP-1001", 1, "EA")], US, line_dates=True)
    data, name, how = render(order)
    data = data.replace(f' requestedDeliveryDate="{order.requested}"'.encode(), b"")
    (held,) = orders_in(in_process_extract(config_path, data, name, tmp_path, **how))
    assert codes(held)["DELIVERY-DATE-MISSING"] == "error"
    relaxed = gate_config(tmp_path, {"customers": [{"customer": "T3", "requested_date": "customer_default"}]})
    (out,) = orders_in(in_process_extract(relaxed, data, name, tmp_path, **how))
    assert codes(out)["DELIVERY-DATE-DEFAULT"] == "info" and out["status"] == "ready"


def test_per_customer_price_tolerance(tmp_path):
    order = trust_order("ubl", [line("TP-1002", 1, "EA", priced=True)], extra={"price_gap": Decimal("1.05")})
    strict = extract_order(gate_config(tmp_path / "a", {}), order, tmp_path)
    loose = extract_order(gate_config(tmp_path / "b", {"customers": [{"customer": "T1", "price_tolerance_pct": 10}]}),
                          order, tmp_path)
    assert codes(strict)["PRICE-MISMATCH"] == "error" and "PRICE-MISMATCH" not in codes(loose)


@pytest.mark.parametrize(("section", "key"), [
    ({"customers": [{"customer": "T1", "prices": "sometimes"}]}, "prices"),
    ({"customers": [{"customer": "T1", "price_tolerence_pct": 3}]}, "price_tolerence_pct"),
    ({"customers": [{"customer": "T1"}, {"customer": "T1"}]}, "T1"),
    ({"order_date": "maybe"}, "order_date"),
])
def test_customer_policy_is_validated_strictly(section, key):
    with pytest.raises(ConfigError) as err:
        parse_config({"decide": {"completeness": section}})
    assert "completeness" in err.value.message and key in err.value.message


# --- dates (class 5) ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("hint", "text", "expected", "strength"), [
    ("fr_FR", "04/12/2026", date(2026, 12, 4), 1.0),
    ("en_IE", "01/12/2026", date(2026, 12, 1), 1.0),
    ("en_GB", "04/12/2026", date(2026, 12, 4), 1.0),
    ("en_US", "04/12/2026", date(2026, 4, 12), 1.0),
    ("de_DE", "04.12.2026", date(2026, 12, 4), 1.0),
    ("en_GB@mdy", "04/12/2026", date(2026, 4, 12), 1.0),
    (None, "04/12/2026", date(2026, 4, 12), 0.7),  # nothing settles it: ambiguous
])
def test_day_month_order_is_settled_by_the_customers_country(hint, text, expected, strength):
    from extractors.locale_values import locale_for, parse_date
    assert parse_date(text, locale_for(hint, "eng")) == (expected, strength)


@pytest.mark.parametrize("text", ["December 4, 2026", "4. Dezember 2026", "4 décembre 2026",
                                  "Order placed December 4, 2026", "4th December 2026", "Dec. 4th, 2026"])
def test_dates_in_words_parse(text):
    from extractors.locale_values import locale_for, parse_date
    assert parse_date(text, locale_for(None, "eng")) == (date(2026, 12, 4), 1.0)


def test_an_unambiguous_date_in_the_text_settles_the_others():
    from extractors.locale_values import locale_for, parse_date, settle_date_order
    loc = settle_date_order("ordered 13/11/2026, deliver 04/12/2026", locale_for(None, "eng"))
    assert parse_date("04/12/2026", loc) == (date(2026, 12, 4), 1.0)


def email_order(customer, lines, requested: date, **fields) -> TrustOrder:
    return trust_order("email", lines, customer, requested=requested, **fields)


def test_irish_typed_order_reads_01_12_as_the_first_of_december(config_path, tmp_path):
    wanted = date(TODAY.year + 1, 12, 1)
    got = extract_order(config_path, email_order(IE, [line("TP-1001", 2, "EA")], wanted), tmp_path, cli=True)
    assert got["requested_delivery_date"] == wanted.isoformat()
    assert got["field_confidence"]["requested_delivery_date"] == 1.0


def test_french_typed_order_reads_04_12_as_the_fourth_of_december(config_path, tmp_path):
    wanted = date(TODAY.year + 1, 12, 4)
    got = extract_order(config_path, email_order(FR, [line("TP-1001", 2, "EA")], wanted), tmp_path)
    assert got["requested_delivery_date"] == wanted.isoformat()
    assert got["field_confidence"]["requested_delivery_date"] == 1.0 and got["status"] == "ready"


def test_us_typed_order_reads_month_first(config_path, tmp_path):
    wanted = date(TODAY.year + 1, 4, 12)
    got = extract_order(config_path, email_order(US, [line("TP-1001", 2, "EA")], wanted), tmp_path)
    assert got["requested_delivery_date"] == wanted.isoformat()


# --- orders typed in an e-mail (class 3) ---------------------------------------------------------------


def test_the_mails_date_header_is_the_order_date(config_path, tmp_path):
    order = email_order(DE, [line("TP-1006", 2, "Pkg")], TODAY + timedelta(days=5))
    got = extract_order(config_path, order, tmp_path)
    assert got["order_date"] == order.order_date.isoformat() and got["status"] == "ready"


def test_a_date_typed_in_words_is_the_order_date(config_path, tmp_path):
    order = email_order(US, [line("TP-1001", 1, "EA")], TODAY + timedelta(days=5), words=True)
    got = extract_order(config_path, order, tmp_path)
    assert got["order_date"] == order.order_date.isoformat()


def test_car_lines_are_read_and_a_line_that_cannot_be_read_holds_the_order(config_path, tmp_path):
    order = email_order(FR, [line("TP-1005", 2, "CAR")], TODAY + timedelta(days=5))
    data, name, how = render(order)
    data = data.replace(b"- 2 CAR de TP-1005", b"- 2 CAR de TP-1005\n- 3 fardeaux TP-1002")
    (got,) = orders_in(cli_extract(config_path, data, name, tmp_path, **how))  # through `gateway extract`
    assert [(ln["sku"], ln["quantity"], ln["uom"]) for ln in got["lines"]] == [("TP-1005", "2", "CT")]
    issue = next(i for i in got["issues"] if i["code"] == "LINE-UNREAD")
    assert issue["severity"] == "error" and "fardeaux TP-1002" in issue["message"]
    assert got["status"] == "review"


def test_a_line_in_words_holds_the_order_and_a_typed_foreign_currency_is_checked(config_path, tmp_path):
    order = email_order(FR, [line("TP-1005", 2, "CAR")], TODAY + timedelta(days=5))
    data, name, how = render(order)
    data = data.replace(b"- 2 CAR de TP-1005", b"- 2 CAR de TP-1005 \xc3\xa0 9,00 USD\net aussi deux cartons des classeurs")
    (got,) = orders_in(cli_extract(config_path, data, name, tmp_path, **how))
    assert [(ln["sku"], ln["unit_price"]) for ln in got["lines"]] == [("TP-1005", "9.00")]
    assert got["currency"] == "USD" and "CURRENCY-MISMATCH" in codes(got)
    issue = next(i for i in got["issues"] if i["code"] == "LINE-UNREAD")
    assert "deux cartons" in issue["message"] and got["status"] == "review"


def test_notre_reference_de_commande_is_the_po(config_path, tmp_path):
    order = email_order(FR, [line("TP-1001", 1, "EA")], TODAY + timedelta(days=5), po="CMD-2026-114")
    assert extract_order(config_path, order, tmp_path)["po_number"] == "CMD-2026-114"


def test_a_typed_order_without_prices_says_so(config_path, tmp_path):
    got = extract_order(config_path, email_order(FR, [line("TP-1001", 1, "EA")], TODAY + timedelta(days=5)),
                        tmp_path)
    assert codes(got)["PRICE-ABSENT"] == "info" and got["lines"][0]["unit_price"] is None


def typed_mail(customer, body: str) -> tuple[bytes, str, dict]:
    from email.message import EmailMessage
    from email.utils import format_datetime
    from datetime import datetime
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = customer.email, "orders@gateway.example", "Order"
    msg["Date"] = format_datetime(datetime(TODAY.year, TODAY.month, TODAY.day, 9, 0) - timedelta(days=2))
    msg.set_content(body)
    return msg.as_bytes(), "order.eml", {"channel": "smtp", "sender": customer.email}


def typed(config: Path, customer, body: str, tmp: Path, cli: bool = False) -> list[dict]:
    data, name, how = typed_mail(customer, body)
    return orders_in((cli_extract if cli else in_process_extract)(config, data, name, tmp, **how))


DUE = (TODAY + timedelta(days=10)).strftime("%d.%m.%Y")


def test_a_free_text_line_after_the_last_item_holds_the_typed_order(config_path, tmp_path):
    body = f"Bestellnummer: QA-301\nLiefertermin {DUE}\n\n- 4 Stk TP-1002\nAuch 2 Lampen wie letztes Mal.\n\nDanke\n"
    (got,) = typed(config_path, DE, body, tmp_path, cli=True)  # through `gateway extract`
    assert got["status"] == "review" and codes(got)["LINE-UNREAD"] == "error"
    assert [ln["sku"] for ln in got["lines"]] == ["TP-1002"]


@pytest.mark.parametrize("price, status, code", [("6,00", "review", "PRICE-MISMATCH"), ("12,00", "ready", None)])
def test_a_price_column_is_checked_as_a_price(config_path, tmp_path, price, status, code):
    body = (f"Bestellnummer: QA-302\nLiefertermin {DUE}\n\nMenge  ME   Artikel    Bezeichnung     Preis\n"
            f"4      Stk  TP-1002    Hefter          {price}\n\nMit freundlichen Grüßen\nJ. Weber\n")
    (got,) = typed(config_path, DE, body, tmp_path, cli=code is None)
    assert got["status"] == status and got["lines"][0]["unit_price"] == price.replace(",", ".")
    assert "PRICE-ABSENT" not in codes(got) and (code is None or codes(got)[code] == "error")


def test_a_known_customers_order_like_body_is_held_not_dropped(config_path, tmp_path):
    body = f"Bestellung QA-303 vom {(TODAY - timedelta(days=2)).strftime('%d.%m.%Y')}:\n\nHefter TP-1002, wie immer\n"
    (got,) = typed(config_path, DE, body, tmp_path)
    assert got["status"] == "review" and got["lines"] == []
    assert {"LINES-MISSING", "LINE-UNREAD"} <= set(codes(got)) and got["po_number"] == "QA-303"


def test_code_first_and_number_word_lines_go_out_untouched(config_path, tmp_path):
    body = (f"Bestellung QA-304 vom {(TODAY - timedelta(days=2)).strftime('%d.%m.%Y')}, Liefertermin {DUE}:\n\n"
            "TP-1002 - Hefter - 4 Stück\nzwei Pkg TP-1006\n\nMit freundlichen Grüßen\nJ. Weber\nTel. 089 1234\n")
    (got,) = typed(config_path, DE, body, tmp_path)
    assert [(ln["sku"], ln["quantity"], ln["uom"]) for ln in got["lines"]] == [("TP-1002", "4", "C62"),
                                                                                ("TP-1006", "2", "PK")]
    assert got["status"] == "ready" and got["po_number"] == "QA-304"


# --- templates (class 4) --------------------------------------------------------------------------------


def test_the_default_configuration_reads_no_sample_template():
    from extractors.capture.templates import load_templates
    assert load_templates(REPO / "mappings" / "templates") == []
    assert len(load_templates(REPO / "mappings" / "templates" / "samples")) == 4


def test_a_template_without_senders_is_chosen_only_when_a_partner_names_it(tmp_path):
    from extractors.capture.templates import choose_template, load_template
    path = tmp_path / "any.toml"
    path.write_text('[match]\nall = ["Purchase", "Order"]\n', encoding="utf-8")
    template = load_template(path)
    assert choose_template([template], "Purchase Order 4711", "someone@x.example", None) is None
    assert choose_template([template], "Purchase Order 4711", None, "any") is template


def test_a_template_that_reads_less_gives_way_to_the_generic_reader(tmp_path):
    from testkit.capture_corpus import CUSTOMERS as LAYOUTS, make_master, make_order
    from testkit.capture_layouts import render_order_pdf
    from extractors.base import ExtractHints
    from extractors.capture.pdf_text import EXTRACTOR
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "greedy.toml").write_text(
        '[match]\nall = ["Bricomax"]\nsenders = ["achats@bricomax.fr"]\n\n'
        '[fields.po_number]\nlabels = ["Nothing like this"]\nwhere = ["right"]\npattern = "ZZ-\\\\d{9}"\n\n'
        '[table]\nmin_kinds = 3\n[[table.columns]]\nkind = "quantity"\nheaders = ["Nowhere"]\n', encoding="utf-8")
    spec = make_master(7)
    pdf = render_order_pdf(make_order(7, 0, spec))
    hints = ExtractHints(languages=("fra",), mappings_dir=REPO / "mappings", templates_dir=folder,
                         sender="achats@bricomax.fr", locale="fr_FR")
    extraction = EXTRACTOR.extract(pdf, hints)
    assert extraction.detail == "generic (template greedy read less)"
    assert extraction.orders[0].po_number and extraction.orders[0].lines
    assert LAYOUTS[0].email == "achats@bricomax.fr"


# --- through the running server ---------------------------------------------------------------------------


async def post(gw, body: bytes, **headers: str) -> str:
    url = f"http://127.0.0.1:{gw.ports['http']}/v1/documents"
    async with aiohttp.ClientSession() as session:
        async with session.post(url, data=body, headers={"X-API-Key": API_KEY, **headers}) as resp:
            assert resp.status == 202
            return (await resp.json())["document_id"]


async def test_server_delivers_ea_as_ea_and_holds_the_hostile_orders_with_named_reasons(tmp_path):
    clean = trust_order("x12", [line("TP-1001", 4, "EA"), line("TP-1004", 12, "MR")], US)
    hostile = trust_order("edifact", [line("TP-1002", 10, "EA", priced=True)], hostile="weak_id",
                          order_date=date(2002, 1, 15), currency="GBP", po="PO-BAD-1")
    typed = replace(email_order(FR, [line("TP-1005", 2, "CAR")], TODAY + timedelta(days=4)), po="CMD-77")
    async with running_gateway(trust_config(tmp_path)) as gw:
        ids = {o.po: await post(gw, render(o)[0], **{"X-Filename": render(o)[1]}) for o in (clean, hostile)}
        await gw.ctx.intake.accept(render(typed)[0], "smtp", IntakeMeta(sender=FR.email, filename="order.eml"))
        outbox = gw.ctx.config.delivery.file.path

        def delivered() -> list[dict]:
            return [json.loads(p.read_text()) for p in outbox.glob("*.json")]
        await wait_until(lambda: len(delivered()) == 2, timeout=60)
        by_po = {o["po_number"]: o for o in delivered()}
        assert [(ln["uom"], ln["quantity"]) for ln in by_po[clean.po]["lines"]] == [("EA", "4"), ("MTR", "12")]
        assert [(ln["uom"], ln["quantity"]) for ln in by_po["CMD-77"]["lines"]] == [("CT", "2")]
        assert by_po["CMD-77"]["order_date"] == typed.order_date.isoformat()
        (held,) = await wait_until(lambda: gw.ctx.journal.orders_for_document(ids[hostile.po]), timeout=30)
        assert held.status.value == "review"
        assert {"CUSTOMER-WEAK-ID", "ORDER-DATE-IMPLAUSIBLE", "CURRENCY-MISMATCH"} <= {i.code for i in held.issues}


@pytest.mark.parametrize("fmt, test_mark", [
    ("edifact", lambda d: d.replace(b"'UNH", b"++++++1'UNH", 1)),  # UNB 0035 test indicator
    ("x12", lambda d: d.replace(b"*0*P*>~", b"*0*T*>~")),  # ISA15 usage indicator T
])
def test_an_edi_test_interchange_is_no_production_order(config_path, tmp_path, fmt, test_mark):
    customer = US if fmt == "x12" else FR
    data, name, how = render(trust_order(fmt, [line("TP-1001", 4, "EA")], customer, po=f"PO-{fmt}-T"))
    marked = test_mark(data)
    assert marked != data
    (got,) = orders_in(in_process_extract(config_path, marked, name, tmp_path, **how))
    assert got["status"] == "review" and codes(got)["ORDER-TEST-MODE"] == "error"
    (prod,) = orders_in(in_process_extract(config_path, data, name, tmp_path, **how))
    assert "ORDER-TEST-MODE" not in codes(prod)


@pytest.mark.parametrize("nad, held", [
    (b"NAD+DP+++Hansa Werk 2+Billbrookdeich 110+Hamburg++22113+DE'", False),
    (b"NAD+DP++++Hansa Werk 2:Tor 4+Billbrookdeich 110+Hamburg++22113+DE'", True),  # an element too many
    (b"NAD+DP+++Hansa Werk 2+Billbrookdeich 110+Hamburg+++DE'", True),  # no postcode
    (b"NAD+DP+++Hansa Werk 2+Billbrookdeich 110+Hamburg++2211+DE'", True),  # not a German postcode
])
def test_an_edi_delivery_address_a_truck_cannot_use_holds(config_path, tmp_path, nad, held):
    data, name, how = render(trust_order("edifact", [line("TP-1001", 4, "EA")], DE, po="PO-NAD-1"))
    data = data.replace(b"CUX+", nad + b"CUX+", 1).replace(b"UNT+12+", b"UNT+13+")
    (got,) = orders_in(in_process_extract(config_path, data, name, tmp_path, **how))
    assert got["ship_to"]["street"] and ("SHIP-TO-UNSURE" in codes(got)) == held, got["issues"]
    assert got["status"] == ("review" if held else "ready"), got["issues"]
