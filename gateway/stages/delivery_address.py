"""Whether a delivery address a document gives is one a truck can use, whatever the format.

A reader takes an address as the document writes it; an EDI segment with an element too many (an
EDIFACT ``NAD+DP`` whose street, city and postcode each slid one place) still parses, and an address
whose country is "22113" and whose postcode is missing would go to the ERP. Such an address holds the
order (``SHIP-TO-UNSURE``, the address shown): a country that is no ISO 3166 alpha-2 code, a street or
city without a postcode where the country has postcodes (or no country is named), a postcode that does
not have its country's shape, a place given by its name alone ("Chantier Part-Dieu", "Store 44": no
street, no city, no id). An address given by a location id or GLN alone (no street, no city) is the
partner's own reference and is not checked here.
"""

from __future__ import annotations

import re

from extractors.capture.ship_to import postcode_fits
from gateway.model import Address, Issue

# ISO 3166-1 alpha-2, officially assigned codes
ISO_COUNTRIES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO
FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE
JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO
MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM
TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
""".split())
# Countries whose every delivery address carries a postcode (Ireland's Eircode is often left out)
POSTCODE_COUNTRIES = frozenset("FR DE IT ES AT BE CH LU DK NL US GB PT PL CZ SE NO FI".split())


def address_doubt(address: Address | None) -> str | None:
    """Why ``address`` cannot be used as it stands, or None."""
    if address is None:
        return None
    if not (address.street or address.city):
        if (address.name or address.postcode or address.country) and not (address.gln or address.location_id):
            return "it names no street, city, GLN or location id: no place a truck can find"
        return None
    country = (address.country or "").strip().upper()
    if country and country not in ISO_COUNTRIES:
        return f"its country {address.country!r} is no ISO 3166 country code"
    if not (address.postcode or "").strip():
        if not country or country in POSTCODE_COUNTRIES:
            return "it has no postcode"
        return None
    if country and not postcode_fits(country, address.postcode or "") and country in _SHAPED:
        return f"its postcode {address.postcode!r} is not one of {country}"
    return None


_SHAPED = frozenset("FR DE IT ES AT BE CH LU DK NL US GB".split())


# A post-office box: mail is collected there, goods are not delivered ("Postfach 12 34", "P.O. Box 77",
# "BP 123", "Case postale 45", "Apartado 12"), its number after a colon, "#" or a number word too ("Postfach: 12 34",
# "PO Box #77", "Box No. 77", "BP n° 123", "Postfachnr. 1234"). The box word must end where its number (word)
# begins: "Boxhagener Str. 3", "Pfarrgasse 3" are streets.
_BOX_NUMBER_WORD = r"(?:[:#]|n[o°ºr]\b\.?|n[°º]|nr\b\.?|number\b|nummer\b|num[eé]ro\b)"
_PO_BOX = re.compile(r"^\s*(?:postfach(?:nr\b\.?|nummer\b)?|p\.?\s?o\.?\s*box\b|p\.?\s?o\.?\s?b\b\.?"
                     r"|post\s+office\s+box\b|box\b|b\.?\s?p\b\.?|bo[iî]te\s+postale|case\s+postale|postbus"
                     r"|apartado|casella\s+postale|pf\b\.?)\s*(?:-?\s*" + _BOX_NUMBER_WORD + r"\s*[:.]?)?\s*\d[\d ]*\b",
                     re.IGNORECASE)


def po_box_only(address: Address | None) -> bool:
    """The delivery address's street is a post-office box and no street is given beside it."""
    if address is None or not address.street:
        return False
    parts = [p.strip() for p in re.split(r"[,\n]", address.street) if p.strip()]
    return bool(parts) and all(_PO_BOX.match(p) for p in parts)


TYPED_PLACE_ELEMENT = "ship_to.typed"  # a delivery address typed by a person, not on file: a known ship-to settles it


def ship_to_issues(address: Address | None, fmt: str) -> list[Issue]:
    """``SHIP-TO-UNSURE`` for a delivery address of a structured document that cannot be used, and for a
    delivery address of any document that is a post-office box alone."""
    doubt = address_doubt(address) if fmt in STRUCTURED or fmt.startswith("xml:") else None
    if doubt is None and po_box_only(address):
        doubt = "it is a post-office box: goods are not delivered there"
    if doubt is None or address is None:
        return []
    shown = ", ".join(v for v in (address.name, address.street, address.postcode, address.city, address.country) if v)
    return [Issue(code="SHIP-TO-UNSURE", severity="error", field="ship_to",
                  message=f"the delivery address cannot be used as sent ({doubt}): {shown}")]


STRUCTURED = frozenset({"edifact", "x12", "tradacoms", "ubl", "cxml", "opentrans", "idoc"})
