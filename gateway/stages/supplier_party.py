"""The supplier an order names: held when it is clearly another company, not us.

A buyer's system that sends us an order written for another vendor (a copied template, a wrong vendor
master record, an order meant for a competitor) gives a well-formed document whose supplier party names
someone else: EDIFACT ``NAD+SU``, X12 ``N1*SE`` / ``N1*VN`` / ``N1*SU``, UBL ``SellerSupplierParty``, cXML
``Header/To`` party ids, ``SupplierID``, a supplier ``Contact`` or ``ShipFrom`` (``extractors.xml.cxml``). With
``[own_company]`` identities configured (``glns``, ``duns``, ``vat_ids``, ``names``), that party is
compared with ours: an identifier of a kind we list (GLN, DUNS, VAT id) and its name. The order waits
(``SUPPLIER-NOT-US``) when what can be compared is all not ours: an id not ours and a name not ours, or,
when the party gives only one of them, that one. One of ours (an id, or a name that is ours with its legal
form and punctuation aside) is enough to pass: a buyer's old record of our name beside our GLN is not
another company. With no identifier of ours configured (names alone, set for letters and fax forms),
nothing is checked, as before.
"""

from __future__ import annotations

import re
import unicodedata

from gateway.config_own import OwnCompanySection
from gateway.model import ExtractedOrder, Issue, Party

CODE = "SUPPLIER-NOT-US"
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

_LEGAL_FORMS = frozenset({
    "gmbh", "mbh", "ltd", "limited", "inc", "incorporated", "llc", "corp", "corporation", "co", "company",
    "sarl", "sas", "sa", "ag", "kg", "ohg", "ug", "plc", "bv", "nv", "srl", "spa", "se", "the", "und", "and",
    "et", "cie", "haftungsbeschrankt", "ek", "ab", "oy", "oyj", "as", "asa", "aps", "sl", "sprl", "bvba", "kft", "sro",
    "spzoo", "lda", "pty"})


def supplier_issue(own: OwnCompanySection, extracted: ExtractedOrder) -> Issue | None:
    """The hold for an order whose supplier party is clearly another company, or None."""
    supplier = extracted.party("supplier")
    if supplier is None or not _ids_configured(own):
        return None  # our names alone (configured for letters and fax forms) switch no supplier check on
    ids = _comparable_ids(own, supplier)
    name = _name_key(supplier.name) if supplier.name and own.names else None
    if not ids and not name:
        return None
    if any(ours for _, _, ours in ids):
        return None
    if name is not None and ids:  # an identifier that is someone else's: only our very name says it is us
        if any(_very_name(supplier.name, n) for n in own.names):
            return None
    elif name is not None and any(_same_name(name, _name_key(n)) for n in own.names):
        return None
    said = [f"{kind} {value}" for kind, value, _ in ids] + ([repr(supplier.name)] if name else [])
    return Issue(code=CODE, severity="error", field="supplier",
                 message=f"the order's supplier party is {', '.join(said)}, none of it ours "
                         "([own_company]): this order may be meant for another supplier")


def _ids_configured(own: OwnCompanySection) -> bool:
    """An identifier of ours is configured (a GLN, a DUNS, a VAT id, a GLN among the interchange ids)."""
    return bool(own.glns or own.duns or own.vat_ids or any(re.fullmatch(r"\d{13}", i) for i in own.interchange_ids))


def _comparable_ids(own: OwnCompanySection, party: Party) -> list[tuple[str, str, bool]]:
    """(kind, value, ours) for each id of the party of a kind we list (GLN, DUNS, VAT id)."""
    glns = set(own.glns) | {i for i in own.interchange_ids if re.fullmatch(r"\d{13}", i)}
    found = []
    for key, value in party.ids.items():
        value, key = value.strip(), re.sub(r"_\d+$", "", key)  # "duns_2": a second DUNS the party gives
        if key == "gln" and glns:
            found.append(("GLN", value, value in glns))
        elif key in ("duns", "duns4") and own.duns:
            found.append(("DUNS", value, re.sub(r"\D", "", value)[:9] in set(own.duns)))
        elif key == "vat" and own.vat_ids:
            found.append(("VAT id", value, re.sub(r"[\s.-]", "", value.upper()) in set(own.vat_ids)))
    return found


def _name_key(name: str) -> tuple[str, ...]:
    """A company name's words, accents, letter case, punctuation and legal forms aside."""
    name = name.lower().translate(_UMLAUTS)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", plain) if w not in _LEGAL_FORMS]
    return tuple(words)


def _very_name(theirs: str, ours: str) -> bool:
    """The same name: the same words once legal forms are set aside, and the same legal form when both give one
    ("Sonnenberg Buerobedarf" is "Sonnenberg Bürobedarf GmbH"; "Bürobedarf GmbH" is not; "Nordic Office Supply
    Oy" is not "... AB")."""
    a, b = _words(theirs), _words(ours)
    forms_a, forms_b = {w for w in a if w in _LEGAL_FORMS}, {w for w in b if w in _LEGAL_FORMS}
    core = [w for w in a if w not in _LEGAL_FORMS] == [w for w in b if w not in _LEGAL_FORMS]
    return core and bool(a) and (not forms_a or not forms_b or forms_a == forms_b)


def _words(name: str) -> list[str]:
    name = name.lower().translate(_UMLAUTS)
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


def _same_name(theirs: tuple[str, ...], ours: tuple[str, ...]) -> bool:
    """Ours when the words of one name are all in the other ("Meridian Office Supply" and "Meridian
    Office Supply Ltd, Reading"), or when they share most words (one word added or left out). A word matches
    as a buyer's system writes it: umlauts dropped ("BUROBEDARF"), cut to its field ("BUEROBED"), or an initial
    ("Sonnenberg B.") (review Q12)."""
    if not theirs or not ours:
        return False
    matched = sum(1 for w in theirs if any(_same_word(w, o) for o in ours))
    rest = sum(1 for o in ours if any(_same_word(w, o) for w in theirs))
    return matched == len(theirs) or rest == len(ours) or \
        matched / (len(theirs) + len(ours) - matched) >= 0.6


def _same_word(a: str, b: str) -> bool:
    a, b = _plain(a), _plain(b)
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return (len(short) >= 4 or len(short) == 1) and long_.startswith(short)


def _plain(word: str) -> str:
    """"buerobedarf" and "burobedarf" as one word (an umlaut written out or dropped)."""
    return re.sub(r"([aou])e", r"\1", word)
