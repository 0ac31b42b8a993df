"""The ``[own_company]`` configuration: who we are (the supplier receiving the orders).

Documents print our name, address, fax number and VAT id beside the buyer's (a letter's addressee, a
fax form's "To:"). With this section the readers never take one of ours for the buyer's sender details
or for the delivery address. Every value is checked at start-up: a fax number needs digits, an e-mail
domain is a bare domain, a VAT id has a country prefix, an address a street and a postcode.

``interchange_ids`` are the identities EDI and cXML partners address us by: an EDIFACT UNB recipient
(0010), an X12 ISA08 receiver, a cXML ``Header/To`` identity. With at least one, an interchange or cXML
request addressed to someone else is held (``INTERCHANGE-NOT-OURS``); with none, the recipient is not
checked (the behaviour before the key existed).

``glns`` and ``duns`` are our own party identifiers (13-digit GLNs with a valid check digit, 9-digit DUNS
numbers). With them, ``vat_ids`` or ``names`` set, an order whose supplier party (EDIFACT ``NAD+SU``, X12
``N1*SE``/``N1*VN``/``N1*SU``, UBL ``SellerSupplierParty``) names another company is held
(``SUPPLIER-NOT-US``, see ``gateway.stages.supplier_party``); with none, it is not checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from extractors.own_company import OwnAddress, OwnCompany

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class OwnAddressSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    street: Text
    postcode: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=12)]
    city: Text | None = None
    country: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None


class OwnCompanySection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    names: list[Text] = Field(default_factory=list)
    addresses: list[OwnAddressSection] = Field(default_factory=list)
    faxes: list[Text] = Field(default_factory=list)
    email_domains: list[Text] = Field(default_factory=list)
    vat_ids: list[Text] = Field(default_factory=list)
    interchange_ids: list[Text] = Field(default_factory=list)
    glns: list[Text] = Field(default_factory=list)
    duns: list[Text] = Field(default_factory=list)

    @field_validator("glns")
    @classmethod
    def _glns(cls, glns: list[str]) -> list[str]:
        _each(glns, lambda g: bool(re.fullmatch(r"\d{13}", g)) and _gln_check_ok(g),
              "a GLN is 13 digits ending with its GS1 check digit ('4012345500004')")
        return _once(glns)

    @field_validator("duns")
    @classmethod
    def _duns(cls, duns: list[str]) -> list[str]:
        _each(duns, lambda d: bool(re.fullmatch(r"\d{9}", d)),
              "a DUNS number is 9 digits, no dashes or spaces ('123456789')")
        return _once(duns)

    @field_validator("interchange_ids")
    @classmethod
    def _interchange_ids(cls, ids: list[str]) -> list[str]:
        _each(ids, lambda i: bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._@/&+-]{0,79}", i)),
              "an interchange id is letters, digits and . _ @ / & + - (no spaces, at most 80), as the partner "
              "writes it in UNB 0010, ISA08 or cXML To/Identity, without its qualifier")
        seen: set[str] = set()
        for value in ids:
            if value.upper() in seen:
                raise ValueError(f"{value!r}: listed twice")
            seen.add(value.upper())
        return ids

    def addressed_to_us(self, identity: str | None) -> bool | None:
        """True when ``identity`` is one of our interchange ids (letter case and X12 padding aside), False
        when it is another, None when we name none (nothing to check) or the document names no recipient."""
        if not self.interchange_ids or not identity or not identity.strip():
            return None
        return identity.strip().upper() in {i.upper() for i in self.interchange_ids}

    @field_validator("names")
    @classmethod
    def _long_enough(cls, names: list[str]) -> list[str]:
        return _each(names, lambda name: len(re.sub(r"\W", "", name)) >= 3,
                     "a name needs three letters or digits (a shorter one matches anything)")

    @field_validator("faxes")
    @classmethod
    def _fax_numbers(cls, faxes: list[str]) -> list[str]:
        return _each(faxes, lambda fax: bool(re.fullmatch(r"\+?[\d ./()-]+", fax)) and len(re.sub(r"\D", "", fax)) >= 7,
                     "a fax number is digits (7 or more), spaces, '+', '/', '.', '-', '()'")

    @field_validator("email_domains")
    @classmethod
    def _domains(cls, domains: list[str]) -> list[str]:
        _each(domains, lambda d: bool(re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}", d.lower())),
              "an e-mail domain is a bare domain ('example.com', no '@')")
        return [d.lower() for d in domains]

    @field_validator("vat_ids")
    @classmethod
    def _vat_ids(cls, vat_ids: list[str]) -> list[str]:
        _each(vat_ids, lambda vat: bool(re.fullmatch(r"[A-Z]{2,3}[-\s]?[0-9A-Z][0-9A-Z .-]{6,16}", vat.upper())),
              "a VAT id starts with its country letters ('DE123456789', 'FR12345678901')")
        return [re.sub(r"[\s.-]", "", v.upper()) for v in vat_ids]

    def for_readers(self) -> OwnCompany:
        """The section as the readers take it (plain tuples, picklable)."""
        return OwnCompany(names=tuple(self.names),
                          addresses=tuple(OwnAddress(a.street, a.postcode) for a in self.addresses),
                          faxes=tuple(self.faxes), email_domains=tuple(self.email_domains),
                          vat_ids=tuple(self.vat_ids))


def _gln_check_ok(gln: str) -> bool:
    """The GS1 check digit of a 13-digit GLN is right."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(gln[:12]))
    return (10 - total % 10) % 10 == int(gln[12])


def _once(values: list[str]) -> list[str]:
    """``values``, or a ValueError naming one listed twice."""
    if len(set(values)) != len(values):
        raise ValueError(f"{next(v for v in values if values.count(v) > 1)!r}: listed twice")
    return values


def _each(values: list[str], fits: Callable[[str], bool], reason: str) -> list[str]:
    """``values``, or a ValueError naming the first that does not fit and why."""
    for value in values:
        if not fits(value):
            raise ValueError(f"{value!r}: {reason}")
    return values
