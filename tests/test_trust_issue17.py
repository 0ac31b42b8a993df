"""Issue 17: what goes to the ERP untouched is right on documents we did not design.

Each class has its own examples here (written for these tests, never the outside testers' files):
interchanges addressed to another recipient, totals blocks with a subtotal and charges, dates written
in words, a foreign delivery address on a customer's order, typed delivery windows and quoted replies.
"""

from __future__ import annotations

from datetime import date, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest

from gateway.config import parse_config
from gateway.errors import ConfigError
from testkit.harness import write_config
from testkit.trust_corpus import CUSTOMERS, CXML_SECRETS, PRODUCTS, trust_partners, write_master
from tests.test_trust import in_process_extract, orders_in

FR, IE, US, DE = CUSTOMERS
PRODUCT = {p.sku: p for p in PRODUCTS}
TODAY = date.today()
SOON = TODAY + timedelta(days=5)


def _config(root: Path, interchange_ids: list[str] | None, more_customers: str = "") -> Path:
    master = root / "master"
    write_master(master)
    if more_customers:
        with (master / "customers.csv").open("a", encoding="utf-8") as fh:
            fh.write(more_customers)
    extra: dict = {"partners": trust_partners(),
                   "decide": {"rules": {"conversions_file": master / "unit_conversions.toml"},
                              "anomalies": {"enabled": False}}}
    if interchange_ids is not None:
        extra["own_company"] = {"interchange_ids": interchange_ids}
    return write_config(root / "gw", extra, master_data=master)


@pytest.fixture(scope="module")
def ours(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("ours"), ["SUPPLIERHUB", "4012345500004"])


@pytest.fixture(scope="module")
def unset(tmp_path_factory) -> Path:
    return _config(tmp_path_factory.mktemp("unset"), None)


def only_order(result: dict) -> dict:
    orders = orders_in(result)
    assert len(orders) == 1, result
    return orders[0]


def codes(order: dict) -> set[str]:
    return {i["code"] for i in order["issues"] if i["severity"] == "error"}


# --- 1. an interchange addressed to another recipient -----------------------------------------------


def edifact(recipient: str, po: str = "ICH-4471") -> bytes:
    lamp = PRODUCT["TP-1001"]
    seg = ["UNH+77+ORDERS:D:01B:UN:EAN010", f"BGM+220+{po}+9", f"DTM+137:{TODAY:%Y%m%d}:102",
           f"DTM+2:{SOON:%Y%m%d}:102", f"NAD+BY+{DE.gln}::9", "NAD+SU+4012345500004::9", "CUX+2:EUR:9",
           f"LIN+1++{lamp.gtin}:SRS", "QTY+21:3:PCE", f"PRI+AAA:{lamp.price}", "UNS+S", "CNT+2:1"]
    seg.append(f"UNT+{len(seg) + 1}+77")
    return ("UNA:+.? '" + "'".join([f"UNB+UNOC:3+{DE.gln}:14+{recipient}+{TODAY:%y%m%d}:0800+5501", *seg,
                                    "UNZ+1+5501"]) + "'").encode("latin-1")


def x12(receiver: str, po: str = "ICH-X850") -> bytes:
    body = ["ST*850*0042", f"BEG*00*SA*{po}**{TODAY:%Y%m%d}", "CUR*BY*USD", f"DTM*002*{SOON:%Y%m%d}",
            f"N1*BY*{US.name}*92*KEYSTONE", "PO1*1*4*EA*12.00**VP*TP-1002", "CTT*1"]
    body.append(f"SE*{len(body) + 1}*0042")
    isa = (f"ISA*00*          *00*          *ZZ*{'KEYSTONE':<15}*12*{receiver:<15}*{TODAY:%y%m%d}*0800*U*00401*"
           "000004242*0*P*>")
    seg = [isa, f"GS*PO*KEYSTONE*{receiver}*{TODAY:%Y%m%d}*0800*4242*X*004010", *body, "GE*1*4242",
           "IEA*1*000004242"]
    return ("~\n".join(seg) + "~\n").encode()


def cxml(to: str, po: str = "ICH-CX1") -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.045/cXML.dtd">
<cXML payloadID="{po}@keystone.example" timestamp="{TODAY}T08:00:00-05:00">
<Header><From><Credential domain="DUNS"><Identity>{US.duns}</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>{to}</Identity></Credential></To>
<Sender><Credential domain="NetworkID"><Identity>AN01000000777</Identity><SharedSecret>{CXML_SECRETS["T3"]}</SharedSecret>
</Credential><UserAgent>Ariba</UserAgent></Sender></Header>
<Request deploymentMode="production"><OrderRequest>
<OrderRequestHeader orderID="{po}" orderDate="{TODAY}T08:00:00-05:00" type="new" requestedDeliveryDate="{SOON}"/>
<ItemOut quantity="2" lineNumber="1"><ItemID><SupplierPartID>TP-1002</SupplierPartID></ItemID><ItemDetail>
<UnitPrice><Money currency="USD">12.00</Money></UnitPrice><Description xml:lang="en">Stapler</Description>
<UnitOfMeasure>EA</UnitOfMeasure></ItemDetail></ItemOut></OrderRequest></Request></cXML>""".encode()


@pytest.mark.parametrize("data, name, theirs", [
    (edifact("4099999000001:14"), "o.edi", "4099999000001"),
    (x12("OTHERVENDOR"), "o.x12", "OTHERVENDOR"),
    (cxml("AN01999999999"), "o.cxml", "AN01999999999"),
])
def test_interchange_for_another_recipient_holds(ours, tmp_path, data, name, theirs):
    order = only_order(in_process_extract(ours, data, name, tmp_path, channel="http"))
    assert order["status"] != "ready"
    issue = next(i for i in order["issues"] if i["code"] == "INTERCHANGE-NOT-OURS")
    assert theirs in issue["message"] and issue["severity"] == "error"


@pytest.mark.parametrize("data, name", [
    (edifact("4012345500004:14"), "o.edi"), (x12("supplierhub"), "o.x12"), (cxml("SupplierHub"), "o.cxml"),
])
def test_interchange_addressed_to_one_of_ours_goes(ours, tmp_path, data, name):
    order = only_order(in_process_extract(ours, data, name, tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" not in {i["code"] for i in order["issues"]}
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("data, name", [
    (edifact("4099999000001:14"), "o.edi"), (x12("OTHERVENDOR"), "o.x12"), (cxml("AN01999999999"), "o.cxml"),
])
def test_without_interchange_ids_the_recipient_is_not_checked(unset, tmp_path, data, name):
    order = only_order(in_process_extract(unset, data, name, tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" not in {i["code"] for i in order["issues"]}
    assert order["status"] == "ready", order["issues"]


@pytest.mark.parametrize("ids, reason", [
    (["GATE WAY"], "no spaces"), ([""], "at least 1"), (["SUPPLIERHUB", "supplierhub"], "listed twice"),
    (["ZZ:SUPPLIERHUB"], "letters, digits"), ("SUPPLIERHUB", "list"),
])
def test_interchange_ids_are_validated_strictly(tmp_path, ids, reason):
    with pytest.raises(ConfigError) as err:
        parse_config({"own_company": {"interchange_ids": ids}}, tmp_path / "gateway.toml")
    assert "interchange_ids" in str(err.value)


# --- 3. a date written with a month name is never ambiguous ------------------------------------------


def typed(customer, body: str, received: date | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = customer.email, "orders@gateway.example", "Order"
    msg["Date"] = "Mon, 07 Dec 2026 09:15:00 +0000"
    msg.set_content(body)
    return msg.as_bytes()


def extract_typed(config: Path, tmp: Path, customer, body: str, received: date | None = None) -> dict:
    """A typed e-mail through the gateway, received on ``received`` (today when None)."""
    import hashlib
    from datetime import datetime, timezone

    from gateway.oneshot import extract_bytes
    from gateway.store.journal import DocumentRecord, new_id, utcnow
    from tests.test_trust import _CONTEXTS, in_process_extract as _warm
    data = typed(customer, body)
    _warm(config, data, "warm.eml", tmp, channel="smtp", sender=customer.email)
    when = datetime(received.year, received.month, received.day, 10, tzinfo=timezone.utc) if received else utcnow()
    doc = DocumentRecord(id=new_id(), sha256=hashlib.sha256(data + b"x").hexdigest(), size=len(data),
                         channel="smtp", received_at=when, sender=customer.email, partner=None, filename="t.eml")
    return only_order(extract_bytes(_CONTEXTS[config], data, doc))


@pytest.mark.parametrize("customer, body", [
    (IE, "Hello,\n\nPlease ship:\n- 3 pcs TP-1001\n\nPO number: WD-301\nOrder date: 11 June 2026\n"
         "Deliver by 9 December 2026.\n\nRegards,\nNiamh\n"),
    (IE, "Hello,\n\nPlease ship:\n- 3 pcs TP-1001\n\nPO number: WD-302\nOrder date: 11-Jun-2026\n"
         "Deliver by 9 December 2026.\n\nRegards,\nNiamh\n"),
    (DE, "Guten Tag,\n\nbitte liefern Sie:\n- 3 Stk TP-1001\n\nBestellnummer: WD-303\nBestelldatum: 11. Juni 2026\n"
         "Liefertermin 9. Dezember 2026\n\nMit freundlichen Grüßen\nUte\n"),
    (FR, "Bonjour,\n\nMerci de nous livrer :\n- 3 pièces de TP-1001\n\nNotre référence de commande : WD-304\n"
         "Date de commande : 11 juin 2026\nLivraison le 9 décembre 2026.\n\nCordialement,\nLéa\n"),
])
def test_an_order_date_in_words_is_never_ambiguous(unset, tmp_path, customer, body):
    order = extract_typed(unset, tmp_path, customer, body, received=date(2026, 11, 20))
    assert order["order_date"] == "2026-06-11"
    assert "DATE-AMBIGUOUS" not in codes(order)
    assert order["dates_in_words"] == ["order_date", "requested_delivery_date"]  # "Deliver by 9 December 2026"


def test_the_same_order_date_in_figures_still_waits(unset, tmp_path):
    body = ("Hello,\n\nPlease ship:\n- 3 pcs TP-1001\n\nPO number: WD-305\nOrder date: 11/06/2026\n"
            "Deliver by 9 December 2026.\n\nRegards,\nNiamh\n")
    order = extract_typed(unset, tmp_path, IE, body, received=date(2026, 11, 20))
    assert "DATE-AMBIGUOUS" in codes(order) and order["dates_in_words"] == ["requested_delivery_date"]


def test_written_in_words_needs_a_month_name():
    from extractors.locale_values import written_in_words
    assert all(map(written_in_words, ["4 December 2026", "4. Dezember 2026", "11-Jun-2026", "4 déc. 2026",
                                      "Fri, 04 Dec 2026 09:15:00 +0000"]))
    assert not any(map(written_in_words, ["Date: 04/12/2026", "Datum 11.06.2026", "Date du 03/12/2026"]))


# --- 2. a totals block: a total the lines do not give, where a subtotal, charges or tax do ---------------

PRICED_EN = ("Hello,\n\nPlease supply:\n\nQty  Unit  Item  Description  Unit price\n6  each  TP-1002  Stapler  12.00\n"
             "3  pcs  TP-1001  Desk lamp  19.90\n\n{block}\n\nPO number: {po}\nDeliver by {when}.\n\nThanks,\nAoife\n")
PRICED_DE = ("Guten Tag,\n\nbitte liefern Sie:\n\nMenge  ME  Artikel  Bezeichnung  Preis\n6  Stk  TP-1002  Hefter  12,00\n"
             "3  Stk  TP-1001  Lampe  19,90\n\n{block}\n\nBestellnummer: {po}\nLiefertermin {when}\n\nMfG\nUte\n")
PRICED_FR = ("Bonjour,\n\nMerci de livrer :\n\nQuantité  Unité  Référence  Désignation  Prix unitaire\n"
             "6  pièces  TP-1002  Agrafeuse  12,00\n3  pièces  TP-1001  Lampe  19,90\n\n{block}\n\n"
             "Notre référence de commande : {po}\nLivraison le {when}.\n\nCordialement,\nLéa\n")
LATER = TODAY + timedelta(days=9)


def priced(template: str, block: str, po: str) -> tuple:
    customer = {PRICED_EN: IE, PRICED_DE: DE, PRICED_FR: FR}[template]
    when = LATER.strftime("%d.%m.%Y" if customer is DE else "%d/%m/%Y")
    return customer, template.format(block=block, po=po, when=when)


@pytest.mark.parametrize("template, block, total", [  # the lines come to 131.70
    (PRICED_EN, "Sub-total 131.70\nDelivery 8.50\nGrand total 140.20", "140.20"),
    (PRICED_EN, "Subtotal: EUR 131.70\nShipping: EUR 8.50\nOrder total: EUR 140.20", "140.20"),
    (PRICED_EN, "Net amount: 131.70\nVAT 23%: 30.29\nTotal: 161.99", "161.99"),
    (PRICED_EN, "Total excl. VAT 131.70\nVAT 30.29\nTotal incl. VAT 161.99", "161.99"),
    (PRICED_EN, "Net amount 131.70\nShipping 8.50\nVAT 23% 32.25\nTotal 172.45", "172.45"),
    (PRICED_DE, "Warenwert 131,70\nFracht 8,50\nEndbetrag 140,20", "140.20"),
    (PRICED_DE, "Nettobetrag 131,70\nMwSt. 19 % 25,02\nBruttobetrag 156,72", "156.72"),
    (PRICED_DE, "Summe 156,72 inkl. MwSt.", "156.72"),
    (PRICED_FR, "Montant HT 131,70\nTVA 20 % 26,34\nMontant TTC 158,04", "158.04"),
])
def test_a_totals_block_that_adds_up_goes(unset, tmp_path, template, block, total):
    customer, body = priced(template, block, "TB-1")
    order = only_order(in_process_extract(unset, typed(customer, body), "t.eml", tmp_path, channel="smtp",
                                          sender=customer.email))
    assert order["status"] == "ready", order["issues"]
    assert order["total"] == total


@pytest.mark.parametrize("template, block", [
    (PRICED_EN, "Total 140.20"),  # no sub-total, no charge: the lines do not give it
    (PRICED_EN, "Subtotal 131.70\nFreight 8.50\nTotal 150.00"),
    (PRICED_EN, "Net amount: 131.70\nVAT 23%: 30.29\nTotal: 171.99"),
    (PRICED_EN, "Total excl. VAT 131.70\nVAT 30.29\nTotal incl. VAT 165.00"),
    (PRICED_EN, "Total excl. VAT 125.00\nVAT 30.29\nTotal incl. VAT 155.29"),
    (PRICED_EN, "Total: 150.00 incl. VAT"),  # no VAT rate gives it
    (PRICED_DE, "Warenwert 131,70\nFracht 8,50\nEndbetrag 150,20"),
    (PRICED_DE, "Nettobetrag 131,70\nMwSt. 19 % 25,02\nBruttobetrag 166,72"),
    (PRICED_FR, "Montant HT 131,70\nTVA 20 % 26,34\nMontant TTC 168,04"),
])
def test_a_total_that_matches_nothing_still_holds(unset, tmp_path, template, block):
    customer, body = priced(template, block, "TB-2")
    order = only_order(in_process_extract(unset, typed(customer, body), "t.eml", tmp_path, channel="smtp",
                                          sender=customer.email))
    assert order["status"] != "ready"
    assert "TOTAL-MISMATCH" in codes(order)


# --- 4. a delivery address's country: from its words, never guessed ------------------------------------


@pytest.fixture(scope="module")
def neighbours(tmp_path_factory) -> Path:
    """The trust customers plus an Austrian, a Swiss and a Belgian one (four-digit postcodes all three)."""
    return _config(tmp_path_factory.mktemp("neighbours"), None,
                   "T5,Alpen Büro GmbH,AT,EUR,,,,alpen.example,einkauf@alpen.example,,,,,de\n"
                   "T6,Bureau Léman SA,CH,CHF,,,,leman.example,achats@leman.example,,,,,fr\n"
                   "T7,Kantoor Vlaanderen NV,BE,EUR,,,,vlaanderen.example,orders@vlaanderen.example,,,,,en\n")


class _Sender:
    def __init__(self, email: str) -> None:
        self.email = email


AT, CH, BE = _Sender("einkauf@alpen.example"), _Sender("achats@leman.example"), _Sender("orders@vlaanderen.example")


def delivered_to(config: Path, tmp: Path, sender, address: str, po: str) -> dict:
    body = (f"Guten Tag,\n\nbitte liefern Sie:\n- 3 Stk TP-1001\n\nBestellnummer: {po}\n"
            f"Liefertermin {LATER:%d.%m.%Y}\n\nLieferadresse:\n{address}\n\nMit freundlichen Grüßen\nUte\n")
    return only_order(in_process_extract(config, typed(sender, body), "t.eml", tmp, channel="smtp", sender=sender.email))


@pytest.mark.parametrize("sender, address, country", [
    (DE, "Hansa Depot\nAvenue Louise 54\n1050 Ixelles", "BE"),  # a 4-digit postcode is no German one
    (DE, "Hansa Filiale\nLinzer Straße 3\n5020 Salzburg", "AT"),
    (DE, "Hansa Filiale\nRue du Marché 2\n1204 Genève", "CH"),
    (DE, "Hansa Lager\nStationsstraat 7\n3000 Leuven", "BE"),
    (DE, "Hansa Lager\nIndustriestr. 7\n4600 Olten\nSchweiz", "CH"),
    (DE, "Hansa Depot\nKorenmarkt 3\nB-9000 Gent", "BE"),
    (AT, "Alpen Depot\nRue de la Loi 16\n1040 Etterbeek", "BE"),  # fits AT too: the city settles it
    (AT, "Alpen Lager\nDorfstraße 3\n3492 Etsdorf", "AT"),  # the customer's country, its language
    (CH, "Léman Dépôt\nVia Nassa 5\n6900 Lugano", "CH"),
    (BE, "Vlaanderen Depot\nMarktstraat 4\n9700 Oudenaarde", "BE"),
    (BE, "Vlaanderen Depot\nGraben 1\nA-1010 Wien", "AT"),
])
def test_a_delivery_address_takes_its_country_from_its_words(neighbours, tmp_path, sender, address, country):
    order = delivered_to(neighbours, tmp_path, sender, address, "SC-1")
    assert order["ship_to"]["country"] == country
    # the country is no doubt; the place, typed and not on file, waits for a person to confirm it (issue 17)
    assert [i["field"] for i in order["issues"] if i["code"] == "SHIP-TO-UNSURE"] == ["ship_to.typed"]


@pytest.mark.parametrize("sender, address", [
    (AT, "Alpen Depot\nDorfstraße 3\n9918 Strassen"),  # Strassen, East Tyrol; also a town in Luxembourg
    (CH, "Léman Dépôt\nRue du Lac 3\n2075 Wavre"),  # Wavre, Neuchâtel; also a town in Brabant
    (AT, "Alpen Depot\nBahnhofstrasse 10\n8001 Zürich"),  # 8001 fits Austria too, the street its language
    (CH, "Léman Dépôt\nKärntner Straße 5\n1010 Wien"),
])
def test_a_table_city_whose_postcode_fits_the_customers_country_too_waits(neighbours, tmp_path, sender, address):
    """Review R2: the city table names a neighbour's town, but the postcode has the customer's own shape and the
    street its language: a town of the customer's country may bear that name. A person says which country."""
    order = delivered_to(neighbours, tmp_path, sender, address, "SC-2")
    assert "SHIP-TO-UNSURE" in codes(order)


@pytest.mark.parametrize("sender, address", [
    (DE, "Hansa Lager\nWerkstr. 7\n1234 Irgendwo"),  # a 4-digit postcode, no country, an unknown town
    (AT, "Alpen Depot\nRue des Champs 5\n1234 Somewhere"),  # fits AT, BE, CH...: a French street
    (BE, "Vlaanderen Depot\nWiener Straße 8\n1234 Dorf"),  # German is one of Belgium's languages: BE stands
])
def test_a_delivery_country_the_words_do_not_settle_holds(neighbours, tmp_path, sender, address):
    order = delivered_to(neighbours, tmp_path, sender, address, "SC-2")
    if sender is BE:  # German is one of Belgium's languages: its customer's country stands
        assert order["ship_to"]["country"] == "BE"
        return
    assert order["status"] != "ready"
    assert "SHIP-TO-UNSURE" in codes(order)
    assert order["ship_to"]["country"] is None


def test_place_country_rules():
    from gateway.stages.ship_country import place_country
    assert place_country("1000", "Bruxelles", "Rue Neuve 10", "DE") == ("BE", None)
    assert place_country("75001", "Paris", "Rue de Rivoli 1", "FR") == ("FR", None)
    assert place_country("69002", "Lyon", "5 rue de la République", "FR")[0] == "FR"
    country, doubt = place_country("10115", "Berlin", "Invalidenstraße 1", "FR")  # fits FR, DE...: a German street
    assert country is None and "10115" in doubt
    assert place_country("1000", "Bruxelles", None, None) == ("BE", None)
    country, doubt = place_country("12345", "Wien", None, "AT")
    assert country is None and "Wien" in doubt


# --- 5. typed delivery windows and quoted replies of other mail clients --------------------------------


@pytest.mark.parametrize("customer, wish", [
    (IE, "Delivery between 15 and 17 Dec please."),
    (IE, "Please deliver by end of next week."),
    (IE, "Deliver 14-16 Dec."),
    (IE, "Delivery in CW 51/2026."),
    (DE, "Lieferung in der 51. KW"),
    (DE, "Liefertermin Ende nächster Woche"),
    (DE, "Lieferung zwischen dem 14. und 16. Dezember"),
    (FR, "Livraison fin de semaine prochaine."),
    (FR, "Livraison entre le 15 et le 17 décembre."),
])
def test_a_typed_delivery_window_is_read_or_held(unset, tmp_path, customer, wish):
    body = {"en": "Hello,\n\nPlease ship the following:\n- 4 pcs TP-1001\n\nPO number: WN-1\n{w}\n\nKind regards,\nNiamh\n",
            "de": "Guten Tag,\n\nbitte liefern Sie:\n- 4 Stk TP-1001\n\nBestellnummer: WN-2\n{w}\n\nMfG\nUte\n",
            "fr": "Bonjour,\n\nMerci de livrer :\n- 4 pièces de TP-1001\n\nNotre référence de commande : WN-3\n{w}\n\n"
                  "Cordialement,\nLéa\n"}[customer.language].format(w=wish)
    order = only_order(in_process_extract(unset, typed(customer, body), "t.eml", tmp_path, channel="smtp",
                                          sender=customer.email))
    assert order["status"] != "ready" or order["requested_delivery_date"] is not None, order["issues"]


NEW_EN = "Hi,\n\nPlease ship:\n- 2 pcs TP-1001\n\nPO number: QR-{n}\nDeliver by {when}.\n\nThanks,\nNiamh\n\n"
NEW_DE = "Hallo,\n\nbitte liefern:\n- 2 Stk TP-1001\n\nBestellnummer: QR-{n}\nLiefertermin {when}\n\nGruß\nUte\n\n"
NEW_FR = ("Bonjour,\n\nMerci de livrer :\n- 2 pièces de TP-1001\n\nNotre référence de commande : QR-{n}\n"
          "Livraison le {when}.\n\nCordialement,\nLéa\n\n")


@pytest.mark.parametrize("customer, new, quoted", [
    (IE, NEW_EN, "On Tue, Dec 1, 2026 at 3:04 PM Sales Team <sales@gateway.example> wrote:\n> Thanks for order "
                 "QR-OLD:\n> - 30 pcs TP-1002\n> - 5 packs TP-1006\n"),  # Gmail
    (IE, NEW_EN, "On 1 Dec 2026, at 15:04, Sales Team <sales@gateway.example> wrote:\n\n> 30 x TP-1002\n> 5 x TP-1006\n"),
    (IE, NEW_EN, "-------- Original Message --------\nSubject: Order QR-OLD\nDate: Tue, 1 Dec 2026 15:04:00 +0000\n"
                 "From: Sales Team <sales@gateway.example>\nTo: orders@dos.example\n\n- 30 pcs TP-1002\n"),  # Thunderbird
    (IE, NEW_EN, "Sales Team wrote on 01.12.2026 15:04:\n> - 30 pcs TP-1002\n> - 5 packs TP-1006\n"),
    (IE, NEW_EN, "________________________________\nFrom: Sales Team <sales@gateway.example>\nSent: Tuesday, "
                 "December 1, 2026 3:04 PM\nTo: Niamh <orders@dos.example>\nSubject: RE: Order QR-OLD\n\n- 30 pcs TP-1002\n"),
    (DE, NEW_DE, "Am Di., 1. Dez. 2026 um 15:04 Uhr schrieb Vertrieb <sales@gateway.example>:\n\n> - 30 Stk TP-1002\n"),
    (DE, NEW_DE, "Von: Vertrieb <sales@gateway.example>\nGesendet: Dienstag, 1. Dezember 2026 15:04\nAn: "
                 "einkauf@hansa.example\nBetreff: AW: Bestellung QR-OLD\n\n- 30 Stk TP-1002\n- 5 Packung TP-1006\n"),
    (DE, NEW_DE, "-------- Originalnachricht --------\nVon: Vertrieb <sales@gateway.example>\nDatum: 01.12.26 15:04\n"
                 "An: einkauf@hansa.example\nBetreff: Bestellung\n\n- 30 Stk TP-1002\n"),
    (FR, NEW_FR, "Le mar. 1 déc. 2026 à 15:04, Service ventes <sales@gateway.example> a écrit :\n> - 30 pièces de TP-1002\n"),
    (FR, NEW_FR, "-------- Message original --------\nSujet : Commande\nDate : 01/12/2026 15:04\nDe : Service ventes "
                 "<sales@gateway.example>\nÀ : commandes@lenoir.example\n\n- 30 pièces de TP-1002\n"),
])
def test_a_quoted_older_message_is_not_ordered_again(unset, tmp_path, customer, new, quoted):
    when = LATER.strftime("%d.%m.%Y" if customer is DE else "%d/%m/%Y")
    body = new.format(n=1, when=when) + quoted
    order = only_order(in_process_extract(unset, typed(customer, body), "t.eml", tmp_path, channel="smtp",
                                          sender=customer.email))
    assert [(ln["sku"], ln["quantity"]) for ln in order["lines"]] == [("TP-1001", "2")]
    assert order["status"] == "ready", order["issues"]


def test_a_known_city_name_on_a_home_postcode_stays_home():
    from gateway.stages.ship_country import place_country
    assert place_country("83346", "Mons", "Dorfstraße 1", "DE") == ("DE", None)  # not the Belgian Mons
    assert place_country("1204", "Genève", "Rue du Rhône 4", "FR")[0] == "CH"


def test_a_cxml_to_with_one_of_our_credentials_among_several_goes(ours, tmp_path):
    data = cxml("AN01555555555").replace(
        b'<To><Credential domain="NetworkID"><Identity>AN01555555555</Identity></Credential></To>',
        b'<To><Credential domain="NetworkID"><Identity>AN01555555555</Identity></Credential>'
        b'<Credential domain="DUNS"><Identity>4012345500004</Identity></Credential></To>')
    order = only_order(in_process_extract(ours, data, "o.cxml", tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" not in {i["code"] for i in order["issues"]}


def test_a_cxml_to_whose_network_id_comes_after_a_private_id_goes(ours, tmp_path):
    """Review R7: an Ariba-style To with a PrivateID first and our NetworkID second is ours."""
    data = cxml("SupplierHub").replace(
        b'<To><Credential domain="NetworkID"><Identity>SupplierHub</Identity></Credential></To>',
        b'<To><Credential domain="PrivateID"><Identity>V-4471</Identity></Credential>'
        b'<Credential domain="NetworkID"><Identity>SupplierHub</Identity></Credential></To>')
    order = only_order(in_process_extract(ours, data, "o.cxml", tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" not in {i["code"] for i in order["issues"]}
    other = data.replace(b"<Identity>SupplierHub</Identity></Credential></To>",
                         b"<Identity>OtherVendor</Identity></Credential></To>")
    order = only_order(in_process_extract(ours, other, "p.cxml", tmp_path, channel="http"))
    assert "INTERCHANGE-NOT-OURS" in {i["code"] for i in order["issues"]}


@pytest.mark.parametrize("customer, written, held", [
    (DE, "Liefertermin 01.07.2027", False),  # review R11: read day first, as the customer writes: no doubt
    (IE, "Deliver by 01/07/2027", False),
    (US, "Delivery date: 12/01/2027", True),  # read month first: 1 December 2027, or 12 January?
    (US, "Delivery date: 01/12/2027", False),  # 12 January: near
])
def test_a_far_requested_date_is_doubted_only_when_read_month_first(unset, tmp_path, customer, written, held):
    body = (f"Hello,\n\nPlease ship:\n- 3 pcs TP-1001\n\nPO number: WD-906\n{written}\n\nRegards,\nSam\n")
    order = extract_typed(unset, tmp_path, customer, body, received=date(2026, 12, 7))
    assert ("DATE-AMBIGUOUS" in codes(order)) is held, order["issues"]
