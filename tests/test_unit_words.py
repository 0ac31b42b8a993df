"""Unit words typed in orders: one table (``extractors.units``) that the readers and the gateway's code
list (``gateway.reference.units``, plus a deployment's own words in ``mappings/units.toml``) share,
plurals included."""

from __future__ import annotations

import pickle
import shutil
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from extractors.units import TABLE, UNIT_CODES, UNITS, unit_code
from gateway.errors import ConfigError
from gateway.reference.units import UnitCodes
from testkit.harness import REPO
from testkit.trust_corpus import CUSTOMERS, trust_config


@pytest.mark.parametrize("word, code", [
    ("Pakete", "PK"), ("Schachteln", "BX"), ("Dutzend", "DZN"), ("Rollen", "RO"), ("rolls", "RO"),
    ("dozens", "DZN"), ("douzaines", "DZN"), ("packets", "PK"), ("rames", "RM"), ("rame", "RM"),
    ("bundles", "BE"), ("Bündel", "BE"),
])
def test_german_and_english_plurals_are_known_to_both_lists(word, code):
    codes = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    assert codes.normalize(word, "text") == code
    assert UNIT_CODES.get(word.lower(), code) == code


def test_a_typed_order_with_plural_unit_words_reads_every_line():
    from tests.test_body_text import only_order
    order = only_order("Guten Tag,\n\nBestellung 88123, Lieferung bis 13.11.2026:\n\n"
                       "- 2 Pakete SKU-2002 Kabelbinder\n- 4 Schachteln SKU-1001 Papier\n"
                       "- 3 Dutzend SKU-2005 Stifte\n- 5 Rollen SKU-2001 Klebeband\n\nDanke\n")
    assert [(ln.customer_item, str(ln.quantity)) for ln in order.lines] == [
        ("SKU-2002", "2"), ("SKU-1001", "4"), ("SKU-2005", "3"), ("SKU-2001", "5")]
    assert order.problems == []


# --- one table: the readers' words are the gateway's code list --------------------------------------


def _codes(mappings: Path | None = None) -> UnitCodes:
    return UnitCodes.load((mappings or REPO / "mappings") / "units.toml", TABLE)


@pytest.mark.parametrize("word", sorted({w for words in UNITS.values() for w in words}))
def test_every_word_a_reader_knows_maps_to_the_same_code_in_the_gateway(word):
    assert _codes().normalize(word, "text") == unit_code(word) is not None


@pytest.mark.parametrize("word, code", [
    ("cs", "CS"), ("case", "CS"), ("Cases", "CS"), ("doz", "DZN"), ("colis", "CT"), ("krt", "CT"), ("ctns", "CT"),
    ("doos", "BX"), ("Stck", "C62"), ("Stück", "C62"), ("pc(s)", "C62"), ("qm", "MTK"), ("unit(s)", "C62"),
    ("Beutel", "BG"), ("bouteilles", "BO"), ("Fass", "DR"), ("kgs", "KGM"),
])
def test_words_once_known_to_one_list_only_read_alike_in_text_and_in_the_code_list(word, code):
    assert unit_code(word) == code
    assert _codes().normalize(word, "text") == code


def test_bare_codes_are_units_in_a_field_but_not_words_in_free_text():
    assert _codes().normalize("MON") == "MON" and unit_code("Mon") is None
    assert _codes().normalize("CA", "x12") == "CS" and _codes().normalize("CA") == "CA" and unit_code("ca.") is None


def test_a_plural_of_a_code_is_no_unit():
    assert _codes().normalize("MRS") is None and unit_code("mrs") is None


def test_the_table_handed_to_a_worker_survives_pickling():
    table = TABLE.with_words({"CT": ["Gebinde"]})
    again = pickle.loads(pickle.dumps(table))
    assert again == table and again.code("Gebinde", "text") == "CT" and hash(again) == hash(table)


def test_a_bad_deployment_file_is_named(tmp_path):
    (tmp_path / "units.toml").write_text('[units]\nCT = "Gebinde"\n')
    with pytest.raises(ConfigError, match="units.CT"):
        _codes(tmp_path)
    (tmp_path / "units.toml").write_text('[metric]\nCT = ["Gebinde"]\n')
    with pytest.raises(ConfigError, match="metric: unknown key"):
        _codes(tmp_path)


def _mail(body: str) -> tuple[bytes, str, dict]:
    customer = CUSTOMERS[3]  # DE, products in trust_corpus
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = customer.email, "orders@gateway.example", "Bestellung"
    msg["Date"] = format_datetime(datetime.now(UTC) - timedelta(days=1))
    msg.set_content(body)
    return msg.as_bytes(), "order.eml", {"channel": "smtp", "sender": customer.email}


def test_a_word_a_deployment_adds_is_read_in_a_typed_order_and_mapped_alike(tmp_path):
    from tests.test_trust import in_process_extract, orders_in
    due = (date.today() + timedelta(days=9)).strftime("%d.%m.%Y")
    body = f"Bestellnummer: UW-77\nLiefertermin {due}\n\n- 2 Gebinde TP-1005 Kopierpapier\n\nDanke\n"
    data, name, how = _mail(body)
    plain = trust_config(tmp_path / "plain")
    (held,) = orders_in(in_process_extract(plain, data, name, tmp_path, **how))
    assert held["status"] == "review"  # an unknown word: never a silent guess

    mappings = tmp_path / "mappings"
    shutil.copytree(REPO / "mappings", mappings)
    (mappings / "units.toml").write_text('[units]\nCT = ["Gebinde"]\n')
    own = trust_config(tmp_path / "own")
    own.write_text(own.read_text().replace(str(REPO / "mappings"), str(mappings)))
    (got,) = orders_in(in_process_extract(own, data, name, tmp_path, **how))
    assert [(ln["sku"], ln["quantity"], ln["uom"]) for ln in got["lines"]] == [("TP-1005", "2", "CT")]
    assert got["status"] == "ready"


def test_a_printed_kt_is_a_german_karton_and_pck_a_packung_while_an_edi_kt_stays_a_kit():
    assert (unit_code("Kt"), unit_code("Ktn"), unit_code("Pck")) == ("CT", "CT", "PK")
    assert TABLE.code("KT", "edifact") == "KT"


def test_a_deployment_whose_cases_are_its_cartons_says_so_in_units_toml(tmp_path):
    from gateway.reference.units import UnitCodes
    path = tmp_path / "units.toml"
    path.write_text('[units]\nCT = ["CASE", "CASES", "CS", "XCS"]\n[x12]\nCT = ["CA"]\n')
    codes = UnitCodes.load(path, TABLE)
    assert codes.normalize("cases", "text") == "CT" and codes.normalize("CA", "x12") == "CT"


def test_the_bare_bundle_code_is_no_word_of_typed_text():
    """Rec 20 "BE" (bundle) is a code in a structured field, never the English "be" in a sentence."""
    codes = UnitCodes.load(REPO / "mappings" / "units.toml", TABLE)
    assert UNIT_CODES.get("be") is None
    assert codes.normalize("BE", "edifact") == "BE"
