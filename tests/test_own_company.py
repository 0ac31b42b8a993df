"""Our own company (``[own_company]``): the config section, its checks, and the readers that use it:
our address blocks are never the delivery address, our fax/e-mail/VAT never the buyer's; and a delivery
box saying "Same as Bill To" means no separate delivery address. Documents made by real producers
(Chromium, LibreOffice: ``tests/fixtures/real_producers/producers_ownco.py``) run through the gateway."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

from extractors.base import ExtractHints
from extractors.capture.address_blocks import AddressBlock, shown_blocks, unlabelled_doubt
from extractors.capture.pdf_text import PdfTextExtractor
from extractors.capture.same_address import says_same_as_billing
from extractors.own_company import OwnAddress, OwnCompany
from gateway.config import parse_config
from gateway.config_own import OwnCompanySection
from gateway.errors import ConfigError
from testkit.harness import write_config

FIXTURES = Path(__file__).parent / "fixtures" / "real_producers"
sys.path.insert(0, str(FIXTURES))
from producers_ownco import OWN  # noqa: E402

US = OwnCompany(names=("Meridian Office Supply Ltd",), addresses=(OwnAddress("Unit 4 Kestrel Park", "RG2 0QF"),),
                faxes=("+44 118 496 0123",), email_domains=("meridian-supply.example",), vat_ids=("GB123456789",))
SENDERS = {"en": "orders@thornbury-dental.example", "de": "einkauf@stadtbibliothek-kiel.example",
           "fr": "achats@atelier-fontaine.example"}


def test_the_section_is_read_into_plain_tuples_the_readers_can_pickle() -> None:
    own = parse_config({"own_company": OWN}).own_company.for_readers()
    assert own.names == tuple(OWN["names"]) and own.vat_ids == ("GB123456789", "DE298765432")
    assert pickle.loads(pickle.dumps(ExtractHints(own=own))).own == own
    assert not parse_config({}).own_company.for_readers()  # not configured: empty and false


@pytest.mark.parametrize("section, reason", [
    ({"faxes": ["fax us"]}, "a fax number is digits"),
    ({"faxes": ["12 34"]}, "7 or more"),
    ({"email_domains": ["sales@meridian.example"]}, "bare domain"),
    ({"vat_ids": ["123456789"]}, "country letters"),
    ({"names": ["AB"]}, "three letters"),
    ({"addresses": [{"street": "Unit 4"}]}, "postcode"),
    ({"addresses": [{"street": "Unit 4", "postcode": "RG2 0QF", "country": "England"}]}, "country"),
    ({"name": ["Meridian"]}, "unknown key"),
])
def test_a_wrong_value_stops_start_up_naming_the_key(section: dict, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason) as err:
        parse_config({"own_company": section})
    assert "own_company." in str(err.value)


def test_our_numbers_addresses_and_ids_are_told_from_others() -> None:
    assert US.is_our_fax("0118 496 0123") and US.is_our_fax("0044 118 4960123") and not US.is_our_fax("01454 410 222")
    assert US.is_our_email("sales@meridian-supply.example") and US.is_our_email("a@eu.meridian-supply.example")
    assert not US.is_our_email("buyer@not-meridian-supply.example")
    assert US.is_our_vat("GB 123 4567 89") and not US.is_our_vat("GB987654321")
    assert US.is_our_block(("MERIDIAN OFFICE SUPPLY LTD", "Reading RG2 0QF"))
    assert US.is_our_block(("Accounts Payable", "Unit 4, Kestrel Park", "Reading RG20QF"))
    assert not US.is_our_block(("Thornbury Dental Group", "14 Castle Street", "Thornbury BS35 1HA"))


def test_a_german_street_word_written_or_scanned_otherwise_is_still_our_street() -> None:
    """Configured "Spaldingstrasse 110": printed "Spaldingstraße", "Spaldingstr." or scanned "SpaldingstraBe"
    (ß read as B) it is ours (outside trial: our own address held a fax SHIP-TO-UNSURE)."""
    own = OwnCompany(addresses=(OwnAddress("Spaldingstrasse 110", "20097"),))
    for street in ("Spaldingstraße 110", "Spaldingstr. 110", "SPALDINGSTRASSE 110"):
        assert own.is_our_block((street, "20097 Hamburg"))
    assert own.is_our_block(("SpaldingstraBe 110", "20097 Hamburg"), scanned=True)
    assert not own.is_our_block(("Hafenstraße 110", "20097 Hamburg"), scanned=True)


def test_a_block_in_a_box_headed_vendor_or_supplier_is_that_party_not_a_site() -> None:
    from extractors.capture.address_blocks import _named_party
    lines = ("Northwind Traders", "5 Mill Lane", "Leeds LS1 4AP")
    for heading in ("Vendor", "Fournisseur :", "Supplier", "Lieferant"):
        assert _named_party(AddressBlock(1, lines, heading))
    assert not _named_party(AddressBlock(1, lines, "Deliver to")) and not _named_party(AddressBlock(1, lines))


def _block(*lines: str) -> AddressBlock:
    return AddressBlock(1, lines)


def test_our_block_is_left_out_and_two_others_of_two_names_hold_when_we_are_configured() -> None:
    head = _block("Thornbury Dental Group", "14 Castle Street", "Thornbury BS35 1HA")
    ours = _block("Meridian Office Supply Ltd", "Unit 4 Kestrel Park", "Reading RG2 0QF")
    site = _block("Severn Vale Health Centre", "2 Rock Street", "Thornbury BS35 2AA")
    assert unlabelled_doubt([head, ours], 1, US) is None  # letterhead and our address: a letter to us
    assert unlabelled_doubt([head, ours, site], 1, US)  # three blocks, ours left out: two remain
    doubt = unlabelled_doubt([head, site], 1, US)
    assert doubt and shown_blocks(doubt) == ["Thornbury Dental Group / 14 Castle Street / Thornbury BS35 1HA",
                                             "Severn Vale Health Centre / 2 Rock Street / Thornbury BS35 2AA"]
    assert unlabelled_doubt([head, site], 1) is None  # we are not configured: as before, sender and addressee
    assert unlabelled_doubt([head, AddressBlock(2, ours.lines)], 1, US) is None  # ours on page 2 is no site


@pytest.mark.parametrize("text", ["Same as Bill To", "SAME AS BILLING ADDRESS", "same as invoice address",
                                  "As billing address", "Identical to billing address", "Same as above",
                                  "wie Rechnungsanschrift", "Wie Rechnungsadresse", "gleich Rechnungsanschrift",
                                  "identisch mit der Rechnungsadresse", "siehe oben",
                                  "identique à la facturation", "Identique à l'adresse de facturation",
                                  "Même adresse que la facturation", "idem facturation",
                                  "la même adresse que la facturation", "As per invoice address",
                                  "see billing address"])
def test_a_delivery_box_saying_same_as_billing_is_no_address(text: str) -> None:
    assert says_same_as_billing(text)


@pytest.mark.parametrize("text", ["Same day delivery", "Thornbury Dental Group", "Wie besprochen",
                                  "Identique au devis n° 4411", "as soon as possible", "Rechnungsanschrift"])
def test_other_lines_are_not_read_as_same_as_billing(text: str) -> None:
    assert not says_same_as_billing(text)


def _hints(name: str, own: OwnCompany) -> dict[str, str]:
    data = (FIXTURES / "ownco" / f"{name}.pdf").read_bytes()
    return PdfTextExtractor().extract(data, ExtractHints(own=own)).sender_hints


@pytest.mark.parametrize("name, fax, email", [
    ("t_fax_en", "01454 410 222", "orders@thornbury-dental.example"),
    ("h_fax_fr", "04 72 40 19 88", "achats@atelier-fontaine.example"),
])
def test_a_fax_form_to_us_gives_the_buyers_fax_and_email_not_ours(name: str, fax: str, email: str) -> None:
    own = parse_config({"own_company": OWN}).own_company.for_readers()
    hints = _hints(name, own)
    assert hints["fax"] == fax and hints["email"] == email
    assert own.is_our_fax(_hints(name, OwnCompany())["fax"])  # unconfigured: the first fax, ours, as before
    if name == "h_fax_fr":
        assert hints["vat"] == "FR41512345678"


@pytest.fixture(scope="module")
def configs(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    masterdata = FIXTURES / "ownco" / "masterdata"
    return {own: write_config(tmp_path_factory.mktemp("own" if own else "plain"), master_data=masterdata,
                              extra={"own_company": OWN} if own else None) for own in (False, True)}


def _order(config: Path, name: str) -> dict:
    from gateway.config import load_config
    from gateway.oneshot import extract_file

    result = extract_file(load_config(config), FIXTURES / "ownco" / f"{name}.pdf", channel="email",
                          sender=SENDERS[name[-2:]])
    (order,) = [r["order"] for r in result["orders"]]
    return order


def _ship_to_doubts(order: dict) -> list[str]:
    return [i["message"] for i in order["issues"] if i["code"] == "SHIP-TO-UNSURE"]


# name: (held for SHIP-TO-UNSURE without [own_company], with it, a word the doubt names)
DOCUMENTS = {
    "t_letter_ours_en": (False, False, None),  # letterhead and our address as addressee
    "t_letter_site_en": (False, True, "Severn Vale Health Centre"),  # letterhead and a third party's site
    "t_sameas_en": (False, False, None),  # "Ship To: Same as Bill To", the billing box the address on file
    "t_sameas_de": (True, True, "Fleethörn 9"),  # "wie Rechnungsanschrift", another billing address
    "h_letter_ours_de": (False, False, None),
    "h_letter_site_fr": (False, True, "Théâtre des Célestins"),
    "h_sameas_fr": (False, False, None),
    "h2_sameas_de": (True, True, "Landeshauptstadt Kiel"),  # "Identisch mit Rechnungsadresse", another one
    "h2_sameas_en": (False, False, None),  # "Delivery Address: As per invoice address"
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_a_real_producers_document_is_held_only_when_the_delivery_address_is_in_doubt(
        configs: dict[bool, Path], name: str) -> None:
    plain, configured, named = DOCUMENTS[name]
    for own, held in ((False, plain), (True, configured)):
        order = _order(configs[own], name)
        doubts = _ship_to_doubts(order)
        assert bool(doubts) == held, (own, doubts)
        assert order["ship_to"] is None  # no separate delivery address is read from any of them
        if held and named:
            assert named in doubts[0]
