"""A pack size typed beside an item in an e-mail ("2 x TP-1002 (pack of 10)", "TP-1002 x 3 boxes of 12",
"5 x TP-1003 (50 pens)", "2 x TP-1002, 10 per box", "4 Stk TP-1002 à 10 Stück", "lot de 10"): is the quantity
in packs or in pieces? Master data settles it only when the product is sold in a pack of that size (the
text then repeats the product's own sales unit: "5 x TP-1003 Pens, box of 10" for pens sold in boxes of 10);
otherwise the line waits for a person (``PACK-SIZE-TYPED``, the phrase quoted), never read as either.

A phrase the catalogue already states is no question either: the product's own description says it ("Copy
paper, carton of 5 reams", "Bit set of 32"), so the quantity counts what the catalogue sells. A sales unit
that is a pack (CT, PK) with no pack size known says nothing of its content: such a line still waits. A pack
of the catalogue's size in other words ("Ramettes (carton de 5)" for "box of 5 reams") typed at the price of one
sales unit with the amount of that many sales units counts sales units: price and amount settle it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from extractors.locale_values import fold
from extractors.units import unit_code
from gateway.model import ExtractedOrder, Problem
from gateway.reference.masterdata import MasterData
from gateway.stages.item_matching import match_item
from gateway.stages.pack_words import PACKAGE_NOUNS, content_kind

_PACK = re.compile(
    r"\b(?:pack|packs|box|boxes|carton|cartons|case|cases|bag|bags|roll|rolls|set|lot|paquet|paquets|boite|boites"
    r"|carton|lot|sachet|packung|karton|kartons|schachtel|beutel|rolle|rollen|pkg|ve)\s*(?:of|de|a|à|zu|mit|x)\s*"
    r"(?P<n1>\d{1,5})\b"
    r"|(?<![\d.,])(?P<n2>\d{1,5})\s*(?:[^\W\d_]{2,}\s*)?"  # "10 per box", "12 Blöcke je Packung", "50 feuilles par"
    r"(?:per|par|pro|/|je)\s*(?:pack|box|carton|case|bag|roll|set|paquet|boite|packung|karton|schachtel|ve)\b"
    r"|(?<![\d.,])(?P<n3>\d{1,5})er[\s-]?(?:pack|packung|karton|box)\b"
    r"|^\(?\s*(?P<n4>\d{1,5})\s+[^\W\d_]{3,}\s*\)?$"  # "(50 pens)", "40 Stück": a count of pieces
    r"|^(?:of|de|a|zu|je|mit)\s+(?P<n7>\d{1,5})(?:\s|$)"
    r"|\b(?:total|insgesamt|au\s+total)\s*:?\s*(?P<n5>\d{1,5})\b|(?<![\d.,])(?P<n6>\d{1,5})\s*(?:pcs|pieces|stk|stuck)\s+total\b")


def typed_pack(description: str | None) -> Decimal | None:
    """The pack size (or piece count) a line's words type beside its quantity, or None."""
    match = _PACK.search(fold(description or "").replace("ß", "ss").strip())
    if match is None:
        return None
    return Decimal(next(g for g in match.groups() if g))


def check_typed_packs(extracted: ExtractedOrder, md: MasterData, customer_id: str | None) -> list[Problem]:
    """``PACK-SIZE-TYPED`` for each line whose typed pack size is not its product's own pack."""
    out = []
    for index, line in enumerate(extracted.lines):
        size = typed_pack(line.description)
        if size is None:
            continue
        sku = match_item(md, customer_id, line.customer_item, line.supplier_item, line.gtin, None).sku
        product = md.products.get(sku) if sku else None
        if product is not None and product.pack_size is not None and product.pack_size == size:
            continue  # the text names the product's own sales unit ("Pens, box of 10")
        if product is not None and _catalogue_states(line.description or "", product, size):
            continue  # "Copy paper, carton of 5 reams": what the catalogue says, the quantity counts cartons
        if product is not None and _counts_the_catalogue_pack(line, product, size):
            continue  # "4 x DF-PAP-A4 (carton de 5 ramettes)" for "box of 5 reams": the quantity counts packs
        if product is not None and _priced_as_sales_unit(line, product, size):
            continue  # "Ramettes A4 (carton de 5) | 50 | 24,50 | 1 225,00" for "box of 5 reams" at 24.50
        out.append(Problem(code="PACK-SIZE-TYPED", severity="error", element=f"lines[{index}].quantity",
                           message=f"line {index + 1}: a pack of {size} is typed beside the quantity "
                                   f"({line.description!r}); whether {line.quantity} counts packs or pieces is not "
                                   "known"))
    return out


def _catalogue_states(description: str, product, size: Decimal) -> bool:
    """Whether the typed pack phrase is what the product's own description already says ("carton of 5 reams"
    typed for "Copy paper, carton of 5 reams", "set mit 6" for "Hefter-Set mit 6 Klammerpackungen") and nothing
    else on the line may be what the quantity counts ("packs of paper (box of 5 reams)", "box of 5 cases")."""
    text = fold(description).replace("ß", "ss").strip().lower()
    phrase = _PACK.search(text)
    catalogue = fold(product.description or "").replace("ß", "ss").lower()
    return phrase is not None and typed_pack(catalogue) == size and phrase.group(0).strip() in catalogue \
        and _nothing_else_counted(text, phrase, catalogue, product)


# what a pack holds, never the pack: a quantity or a word in these may count the content ("50 Ries (Karton à 5)")
_CONTENT_WORDS = re.compile(r"\b(?:ramettes?|ries|reams?|feuilles?|blatt|blatter|sheets?|stuck|stk|st|pieces?|pcs?|pces?"
                            r"|unites?|units?|each|ea|einzeln\w*|exemplaires?|stylos?|pens?|kugelschreiber|crayons?"
                            r"|klammern|agrafes?|staples?|bogen|rames?|blocs?|blocks?)\b")


def _catalogue_word(catalogue: str) -> str | None:
    """The word after the count of the catalogue's pack phrase ("box of 5 reams": reams), or None."""
    phrase = _PACK.search(catalogue.strip())
    if phrase is None or not phrase.group("n1"):
        return None
    word = re.match(r"\s*([^\W\d_]+)", catalogue.strip()[phrase.end():])
    return word.group(1) if word else None


def _counts_the_catalogue_pack(line, product, size: Decimal) -> bool:
    """Whether a pack typed beside the quantity is the product's own pack (its description says "box of 5 reams",
    "carton of 5", the same count) and nothing on the line counts the content instead: the quantity's unit is no
    piece word and no word outside the pack phrase names what the pack holds ("Karton mit 5 Ries" typed beside
    "10 Karton" or "4 x", never "50 Ries (Karton à 5)": review rev1 D1), nor any unit other than the product's own
    ("20 x X rames (carton de 5 ramettes)", "paquets", "Packungen", "packets": review revT D3). The word after the
    typed count must be the catalogue's own content ("ramettes" for "reams"; "carton de 5 boîtes" is another pack)."""
    catalogue = fold(product.description or "").replace("ß", "ss").lower()
    if typed_pack(catalogue) != size:
        return False
    text = fold(line.description or "").replace("ß", "ss").strip().lower()
    phrase = _PACK.search(text)
    if phrase is None or phrase.group("n4") or phrase.group("n5") or phrase.group("n6"):
        return False  # "(50 pens)", "total 40": a count of pieces, no pack
    if line.uom and unit_code(line.uom) != product.uom:
        return False  # "4 cartons X (carton de 5 ramettes)" for a product sold in boxes: which unit counts is open
    return _nothing_else_counted(text, phrase, catalogue, product)


def _nothing_else_counted(text: str, phrase: re.Match[str], catalogue: str, product) -> bool:
    """Whether no word of the line but the pack phrase may be what its quantity counts: the word after the typed
    count is the catalogue's own content ("ramettes" for "reams"; "carton de 5 boîtes", "box of 5 cases" are
    other packs), and outside the phrase stands no unit other than the product's own ("rames", "paquets",
    "Packungen", "packets": review revT D3), no word for the content or another pack, no bare count."""
    after = text[phrase.end():]
    if phrase.group("n1"):
        word = re.match(r"\s*([^\W\d_]+)", after)
        if word is not None:
            own = _catalogue_word(catalogue)
            kind = content_kind(word.group(1))
            if word.group(1) != own and (kind is None or own is None or kind != content_kind(own)):
                return False
            after = after[word.end():]
    outside = text[:phrase.start()] + " " + after
    if re.search(r"(?<![\w.,])\d+(?:[.,]\d+)?(?![\w])", outside):
        return False  # "Papier 2500 Bogen (carton de 5 ramettes)": a count beside the pack
    if any((code := unit_code(w)) is not None and code != product.uom for w in re.findall(r"[^\W\d_]{2,}", outside)):
        return False  # "20 x X rames (carton de 5 ramettes)", "Pakete", "packets": the quantity may count those
    return not _CONTENT_WORDS.search(outside) and not _OTHER_PACKS.search(outside)


# words of goods or packs the unit table may not know, outside the pack phrase: the quantity may count them
_OTHER_PACKS = re.compile(rf"\b(?:{PACKAGE_NOUNS}|rames?|ramettes?)\b")


def _priced_as_sales_unit(line, product, size: Decimal) -> bool:
    """Whether the line counts the product's sales unit by its own price: the catalogue describes the
    product as a pack of ``size`` in other words ("box of 5 reams" for a typed "carton de 5"), and the typed
    unit price is the catalogue's price of one sales unit, with the typed amount that price times the quantity.
    A price alone, a piece's price, another price or no price settles nothing: the line still waits (review
    rev1 D1: "50 Ries (Karton à 5) 24,50" with no amount may be 50 reams)."""
    catalogue = fold(product.description or "").replace("ß", "ss")
    if typed_pack(catalogue) != size or product.unit_price is None or line.unit_price is None:
        return False
    if line.price_basis not in (None, Decimal(1)) or abs(line.unit_price - product.unit_price) > Decimal("0.005"):
        return False
    # the price says what one price counts, not what the quantity counts: only the typed amount ties the quantity
    # to sales units ("50 Ries (Karton à 5) 24,50" may be 50 reams; "... 24,50 1 225,00" is 50 cartons)
    return line.amount is not None and line.quantity is not None \
        and abs(line.amount - line.quantity * line.unit_price) <= Decimal("0.01")
