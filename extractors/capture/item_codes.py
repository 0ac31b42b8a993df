"""Item codes written inside a description cell: "Réf. DF-1234", "Item # TK-40893", "Art.-Nr. 4711".

Web shops, letters and Word forms often print the code on a second line of the description rather
than in a column of its own ("Art.:" only with its colon). ``code_in_description`` finds one code after such a label (French,
German, English) and returns it with the description without it; the code then goes through item
matching (cross-references, catalogue) like a code read from a column. ``party_code`` finds, in an
item cell, a second code after a label naming the other party ("PAC12259" / "Vendor # PR-1007"): the
cell then gives two ids, the customer's and the supplier's, never one glued code.
"""

from __future__ import annotations

import re

CODE_LABEL = re.compile(
    r"(?:(?<=[\s(\[])|^)(?:r[ée]f(?:[ée]rence)?\.?|item\s*(?:#|no\.?|number|code)|art(?:ikel)?\.?\s*-?\s*nr\.?"
    r"|art\.(?=\s*:)|artikelnummer|sku|ugs|part\s*(?:#|no\.?|number)|code(?:\s+article)?|n°\s*article|product\s+code)\s*[:#]?\s*"
    r"(?P<code>[^\W_][\w\-/.]{1,30}(?:(?<=[-/])\s[^\W_][\w\-/.]*)?)", re.IGNORECASE)  # "DF-ÉTIQUE-170" too
IN_DESCRIPTION = 0.97  # a code read after its label inside the description cell


def _code_like(code: str) -> bool:
    """A digit, or capitals in hyphenated parts ("DF-STYLO-B"): not a word after "Réf."."""
    return any(c.isdigit() for c in code) or (code.isupper() and "-" in code.strip("-") and len(code) >= 5)


def item_code_shape(word: str) -> bool:
    """One word shaped as an item code: capitals or digits in parts joined by hyphens, dots or slashes, a digit
    among them ("DF-CORDE-114", "ML-412059", "NG/12012", "400118"), or capitals in hyphenated parts; not a word
    of a name ("Corde", "A5-Heft" has lower case)."""
    return re.fullmatch(r"[A-Z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ]+(?:[-./][A-Z0-9ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜ]+)*", word) is not None and _code_like(word)


# A code in brackets before the name ("[TK-12008] Copy paper", an ERP's print of its product's default
# code) or after it ("Toner black (TN-2420)", a web shop's order e-mail): one token, letters and digits.
BRACKETED = re.compile(r"^\s*\[(?P<lead>[^\W_][\w\-/.]{1,30})\]\s+(?=\S)|(?<=\S)\s*\((?P<tail>[^\W_][\w\-/.]{1,30})\)\s*$")


def _bracket_code_like(code: str) -> bool:
    """A bracketed code: a letter and a digit, or four digits and more ("[10045]"); not "(500)", "(x2)"."""
    if code.isdigit() or sum(c.isalnum() for c in code) < 4:
        return code.isdigit() and len(code) >= 4
    return any(c.isdigit() for c in code) and any(c.isalpha() for c in code) and not re.fullmatch(
        r"(?i)x?\d+(?:[.,]\d+)?\s*(?:x|mm|cm|m|g|kg|ml|l|w|v|gsm|pcs|pc|st|stk|pk)?", code)


def code_in_description(description: str) -> tuple[str, str] | None:
    """(code, description without the label and code), or None when no labelled code is there.
    Two different labelled codes are not guessed between: None. Without a label, a code in brackets
    before or after the name is the code."""
    found = [m for m in CODE_LABEL.finditer(description) if _code_like(_joined(m.group("code")))]
    codes = {_joined(m.group("code")) for m in found}
    if not codes:
        return _bracketed(description)
    if len(codes) != 1:
        return None
    m = found[0]
    rest = re.sub(r"[(\[]\s*[)\]]", "", description[:m.start()] + " " + description[m.end():])  # "(Réf. X)"
    rest = rest.strip(" -–—,;|")
    return _joined(m.group("code")), " ".join(rest.split())


# A code as the first word of the item's text, no label, no code column ("WB-12178 Streusalz im Sack", a
# letter's light table): capitals then three digits or more ("AB-1234", "RV12078", "PR-1004/2"), or six
# digits and more; not a size or a model in the name ("A4", "Cat6", "3M", "HP-305XL toner" is one).
# a code, then words; a code of capitals, a hyphen and digits may be followed by a measure ("TK-12099 27 inch IPS
# monitor": the item cell's code run into its description by a narrow cell)
LEADING_CODE = re.compile(r"^(?P<code>[A-Z]{1,4}[-./]?\d{3,}(?:[-./]\d+)*|\d{6,})\s+(?=[^\W\d_])"
                          r"|^(?P<hcode>[A-Z]{1,4}-\d{4,})\s+(?=\d+(?:[.,]\d+)?\s+[^\W\d_])")


def leading_code(description: str) -> tuple[str, str] | None:
    """(code, the rest) when the item's text starts with an item code and goes on with words."""
    found = LEADING_CODE.match(description)
    if found is None:
        return None
    return found["code"] or found["hcode"], description[found.end():].strip()


def _bracketed(description: str) -> tuple[str, str] | None:
    found = [m for m in BRACKETED.finditer(description) if _bracket_code_like(m["lead"] or m["tail"])
             or (m["lead"] and _code_like(m["lead"]))]  # "[BL-GANTS-M] Nitrile gloves": capitals and hyphens
    if len(found) != 1:
        return None
    m = found[0]
    rest = " ".join((description[:m.start()] + " " + description[m.end():]).split())
    return (m["lead"] or m["tail"]), rest.strip(" -–—,;|")


def _joined(code: str) -> str:
    """The code without its trailing stop, a line break after a hyphen closed ("CT- 12149")."""
    return "".join(code.split()).rstrip(".,;:")


# A second code in an item cell, after the label naming whose it is: the supplier's ("Vendor # PR-1004",
# "Réf. fournisseur : PR-1004", "Lief.-Art.-Nr. PR-1004") or the customer's ("Our ref. X").
PARTY_LABEL = re.compile(
    r"(?:(?P<supplier_item>(?:vendor|supplier)\s*(?:#|no\.?|nr\.?|ref\.?|reference|item\s*(?:#|no\.?)?"
    r"|part\s*(?:#|no\.?|num(?:ber)?\.?)?|code|sku)?|r[ée]f(?:[ée]rence)?\.?\s*fournisseur|code\s*fournisseur"
    r"|lief(?:eranten)?\.?\s*-?\s*art(?:ikel)?\.?\s*-?\s*nr\.?|lieferantenartikel(?:nummer)?"
    r"|ihre\s*art(?:ikel)?\.?\s*-?\s*nr\.?|your\s*(?:ref\.?|item\s*#?|code))"
    r"|(?P<customer_item>our\s*(?:ref\.?|item\s*#?|code|part\s*#?)|customer\s*(?:ref\.?|item\s*#?|code)"
    r"|buyer\s*(?:part|item)\s*#?|notre\s*r[ée]f\.?|unsere\s*art(?:ikel)?\.?\s*-?\s*nr\.?))"
    r"\s*[:#]?\s*(?=[A-Z0-9])", re.IGNORECASE)


def party_code(texts: list[str]) -> tuple[int, str, int, int] | None:
    """In an item cell's words, a second code after a label naming its party (the first such
    label not at the cell's start, or at its start when a code follows it): (index of the label's
    first word, "supplier_item" | "customer_item", index of the word where the code starts, the
    code's offset in that word). None when no such label is in the cell."""
    for k in range(len(texts)):
        text = " ".join(texts[k:])
        match = PARTY_LABEL.match(text)
        if match is None or not any(c.isdigit() for c in text[match.end():].replace("- ", "-").split(" ")[0]):
            continue
        pos, start = 0, match.end()
        for n, t in enumerate(texts[k:]):
            if pos + len(t) > start:
                return k, match.lastgroup or "supplier_item", k + n, start - pos
            pos += len(t) + 1
    return None


def party_code_in_description(description: str) -> tuple[str, str, str] | None:
    """A code after a label naming its party inside a description cell ("Desk calculator / Supplier
    Part Num: PR-1017", "Réf. fournisseur : PR-1004"): ("supplier_item" | "customer_item", code,
    description without label and code); None when there is none, or two different ones."""
    found = []
    for m in re.finditer(r"(?:(?<=[\s(\[])|^)(?=\S)", description):
        hit = PARTY_LABEL.match(description, m.start())
        if hit is None:
            continue
        code = re.match(r"[^\W_][\w\-/.]{1,30}", description[hit.end():])
        if code and any(c.isdigit() for c in code.group()):
            found.append((hit.lastgroup or "supplier_item", code.group().rstrip(".,;:"), hit.start(),
                          hit.end() + code.end()))
    if len({(f[0], f[1]) for f in found}) != 1:
        return None
    party, code, start, end = found[0]
    rest = re.sub(r"[(\[]\s*[)\]]", "", description[:start] + " " + description[end:])
    return party, code, " ".join(rest.split()).strip(" -–—,;|")
