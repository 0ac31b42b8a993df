"""A typed line that names its item by a noun ("4 staplers TP-1002", "2 toners noirs LEM-2290"): whether
master data confirms that the noun is the product itself, sold by the piece.

The typed-order reader reads such a line under the review threshold (``NOUN_PHRASE``): the noun may be
a package ("4 tubes"), and then the quantity would not count the product's own unit. When the product is
sold by the piece (C62, EA, H87, PCE) without a pack size and the noun is a word of the product's own
description ("staplers" for "Stapler", "Lampen" for "Lampe"), the noun names the product and the
quantity counts pieces of it: the line's item and quantity are then as sure as a line with a unit word.
"""

from __future__ import annotations

import re

from extractors.locale_values import fold
from gateway.model import ExtractedLine
from gateway.reference.masterdata import ProductRecord

PIECES = frozenset({"C62", "EA", "H87", "PCE"})
NAMED = 0.95  # the noun is the product's own word: as sure as a line with its unit written
_ENDINGS = ("es", "en", "s", "n", "e", "x")


def _stems(text: str) -> set[str]:
    out = set()
    for word in re.findall(r"[a-z]{4,}", fold(text or "").replace("ß", "ss")):
        out.add(word)
        out.update(word[:-len(e)] for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= 4)
    return out


def names_the_product(line: ExtractedLine, product: ProductRecord | None) -> bool:
    """The line has no unit, a noun phrase for a description, and that noun is a word of the product's
    description, the product being sold by the piece with no pack size."""
    if product is None or line.uom or not line.description or (product.uom or "").upper() not in PIECES:
        return False
    if product.pack_size not in (None, 1):
        return False
    return bool(_stems(line.description) & _stems(product.description))


def confirm_named_item(line: ExtractedLine, product: ProductRecord | None) -> None:
    """Raise the item and quantity of a noun-phrase line that names its product (see the module)."""
    if not names_the_product(line, product):
        return
    for field in ("customer_item", "supplier_item", "quantity"):
        if field in line.confidence and 0.75 <= line.confidence[field] < NAMED:
            line.confidence[field] = NAMED


_GENERIC = frozenset("black white blue green yellow noir noire blanc bleu vert jaune schwarz weiss blau grun gelb pack packs "
                     "paquet paquets packung carton cartons karton box boxes boite boites schachtel piece pieces stuck large "
                     "small grand petit gross klein heavy duty standard".split())


# German and French product words typed on a line, with the English words master data describes products by:
# "10 x X Hefter" names a stapler whatever X is ("Hefter", "agrafeuse" for "Stapler")
_PRODUCT_WORDS = {
    "hefter": "stapler", "heftgerat": "stapler", "heftmaschine": "stapler", "tacker": "stapler",
    "agrafeuse": "stapler", "agrafeuses": "stapler",
    "ordner": "file binder", "aktenordner": "file binder", "leitz": "file binder",
    "classeur": "file binder", "classeurs": "file binder",
    "lampe": "lamp", "lampen": "lamp", "schreibtischlampe": "lamp desk", "leuchte": "lamp", "lampes": "lamp",
    "kugelschreiber": "pens", "stift": "pens", "stifte": "pens", "kuli": "pens", "stylo": "pens", "stylos": "pens",
    "kabel": "cable", "cables": "cable", "papier": "paper", "kopierpapier": "paper copy", "druckerpapier": "paper",
    "ramette": "paper ream", "ramettes": "paper ream", "haftnotizen": "sticky notes", "haftnotiz": "sticky notes",
    "klebezettel": "sticky notes", "notes": "notes", "patrone": "toner cartridge", "tonerkartusche": "toner",
    "cartouche": "toner cartridge", "cartouches": "toner cartridge", "locher": "punch", "perforatrice": "punch",
    "schere": "scissors", "ciseaux": "scissors", "tisch": "desk", "bureau": "desk", "stuhl": "chair", "chaise": "chair",
}


def _words(description: str) -> set[str]:
    """The description's stems with the English words of the German or French product words in it."""
    words = _stems(description)
    return words | _stems(" ".join(_PRODUCT_WORDS[w] for w in words if w in _PRODUCT_WORDS))


def described_otherwise(md, description: str | None, sku: str | None) -> str | None:
    """Another product named by a typed description that shares no word with its own code's product: "SKU-2 (Toner)"
    for a line whose description is "Stapler heavy duty" gives "SKU-1 (Stapler)"; None when the description fits its
    product, names none, or names several."""
    if not description or not sku or sku not in md.products:
        return None
    words = _words(description) - _GENERIC
    if not words or words & _stems(md.products[sku].description):
        return None
    others = [p for p in md.products.values() if p.sku != sku and words & (_stems(p.description) - _GENERIC)]
    return f"{others[0].sku} ({others[0].description})" if len(others) == 1 else None
