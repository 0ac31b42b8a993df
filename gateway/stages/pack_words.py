"""One table of the words an order uses for packages and for what they hold (issues 17, 18, 23: units on printed,
faxed and typed orders), shared by ``mapping`` (what a line's carton holds), ``own_pack`` (a carton stating the
product's own pack) and ``typed_packs`` (a pack size typed in an e-mail): one list, so the three never disagree on
the same line.

- ``CONTENT_KINDS``: the content a pack is counted in, one set of words per kind in the languages written
  ("box of 5 reams" is "carton de 5 ramettes", "Karton mit 5 Ries"); ``content_kind`` names a word's kind.
- ``REAM_PACK_NOUNS``: the package nouns a wrapped ream is sold as ("Pakete", "paquets", "packs").
- ``CARTON_WORDS``: the carton words a line's stated carton may be written in where it can be the product's own
  pack; ``LINE_PACKAGE_WORDS``: every package word whose stated content a line may give ("Umkarton à 12", "colis
  de 6", "VPE 10").
- ``PACKAGE_NOUNS``: package nouns anywhere in a description (paquets, Pakete, boîtes, cartons...): a quantity
  may count them.
- ``SALES_PACK``: the catalogue's own pack phrase ("box of 5", "Karton mit 10", "boîte de 12"), its count in
  group 1.
"""

from __future__ import annotations

# the same content in the languages typed: "box of 5 reams" is "carton de 5 ramettes", "Karton mit 5 Ries"
CONTENT_KINDS: tuple[frozenset[str], ...] = (
    frozenset({"ream", "reams", "ramette", "ramettes", "rame", "rames", "ries"}),
    frozenset({"sheet", "sheets", "feuille", "feuilles", "blatt", "blatter"}),
    frozenset({"piece", "pieces", "pcs", "pc", "pce", "pces", "stuck", "stk", "st", "unite", "unites", "unit",
               "units", "each"}),
    frozenset({"pen", "pens", "stylo", "stylos", "kugelschreiber"}),
    frozenset({"staple", "staples", "agrafe", "agrafes", "klammern", "heftklammern"}),
    frozenset({"roll", "rolls", "rouleau", "rouleaux", "rolle", "rollen"}),
)

# the kinds a sheet-counted pack's content is counted in (reams, sheets): what only the product's unit can hold
SHEET_KINDS = frozenset({0, 1})
REAM_KIND = 0
REAM_WORDS = CONTENT_KINDS[REAM_KIND]
SHEETS_IN_A_REAM = 500
# what a wrapped ream of paper is sold as in an office's words ("Karton à 5 Pakete" of copy paper, "carton de 5
# paquets", "carton of 5 packs"): counts reams only beside a product whose own pack the catalogue counts in reams,
# and only when the word does not name the product's own unit (``own_pack.states_own_pack``)
REAM_PACK_NOUNS = frozenset({"paket", "pakete", "packung", "packungen", "paquet", "paquets", "pack", "packs"})

# carton words a stated carton may be the product's own pack in ("carton de 5 rames", "Karton 5 Ries", "ctn 5")
CARTON_WORDS = ("carton", "cartons", "karton", "kartons", "ctn")
# every package word whose content a line may state ("Umkarton à 12", "colis de 6", "VPE 10", "case of 24")
LINE_PACKAGE_WORDS = (*CARTON_WORDS, "umkarton", "kar", "case", "cases", "kiste", "gebinde", "colis", "caisse",
                      "vpe", "ve")

# package nouns (folded, lower case) anywhere in a description: "paquets", "Pakete", "boîtes", "packs", "cartons"
PACKAGE_NOUNS = (r"pack\w*|paquet\w*|packung\w*|paket\w*|pkt|boites?|boxe?s?|schachtel\w*|etuis?|lots?|sets?"
                 r"|bundel?\w*|bundles?|bunde?|liasses?|blocs?|blocks?|bloc\w*|block\w*|cartons?|kartons?|ctn"
                 r"|cases?|kisten?|sachets?|beutel")

# the catalogue's own pack phrase: "box of 5", "Karton mit 10", "boîte de 12" (count in group 1)
SALES_PACK = (r"\b(?:pack|box|carton|case|bag|set|lot|paquet|boite|bo[iî]te|etui|sachet|packung|schachtel|karton"
              r"|beutel|satz)\s+(?:of|de|a|à|mit|zu|von)\s+(\d+)")


def alternation(words: tuple[str, ...]) -> str:
    """``words`` as one regex alternation (``carton|cartons|...``)."""
    return "|".join(words)


def content_kind(word: str) -> int | None:
    """The kind of content a folded, lower-case word counts ("rames", "Ries", "reams": one kind), or None."""
    return next((k for k, words in enumerate(CONTENT_KINDS) if word in words), None)
