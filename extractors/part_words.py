"""Words naming a part, a refill or an accessory of a product rather than the product: "replacement spring",
"Nachfüllpackung", "power cord", "Netzkabel", "Lamp bulb", "ampoule", "abat-jour". Shared by the e-mail reader
("Netzkabel für TP-1001": the code is what the item fits) and the gateway's item check ("3 x TP-1001 power cord":
the line names a part of TP-1001, not TP-1001), so both read the same words."""

from __future__ import annotations

import re

from extractors.locale_values import fold

# a spare, replacement, refill or accessory word
PART = re.compile(r"\b(?:spare|spares|replacement|refills?|recharges?|rechanges?|ersatz\w*|\w+ersatz|nachfull\w*"
                  r"|accessor(?:y|ies)|accessoires?|zubehor\w*|pieces?\s+detachees?|spare\s+parts?|ersatzteil\w*"
                  r"|pieces?\s+de\s+rechange)\b")
# what the part is: a cord, a bulb, a shade, a spring, a cartridge, a battery...
PART_NOUN = re.compile(
    r"\b(?:cords?|cables?|plugs?|bulbs?|shades?|springs?|cartridges?|batter(?:y|ies)|chargers?|adapt[eo]rs?|fuses?"
    r"|filters?|blades?|lens(?:es)?|belts?|rollers?|drums?|nibs?|inks?|toners?"
    r"|\w*kabel|\w*feder|leuchtmittel|\w*birnen?|\w*schirme?|akkus?|batterien?|\w*stecker|netzteile?|ladegerate?"
    r"|sicherungen?|filter|patronen?|minen?|klingen?"
    r"|cordons?|ampoules?|abat-jours?|ressorts?|cartouches?|piles?|batteries?|chargeurs?|adaptateurs?"
    r"|fusibles?|filtres?|lames?)\b")
_WITH = re.compile(r"\b(?:with|mit|avec|incl\.?|inkl\.?|including|inklusive|plus|and|und|et)\s+(?:\w+\s+)?$")


def _folded(text: str | None) -> str:
    return fold(text or "").replace("ß", "ss").lower()


def part_word(text: str | None, product_description: str | None = None) -> str | None:
    """The word by which ``text`` names a part of a product, or None: a spare/refill/accessory word, or a part's
    noun ("cord", "Netzkabel", "bulb") when the product's own description names no part (a lamp, not a cartridge)
    and no "with"/"mit" joins it to the product ("Desk lamp with bulb")."""
    folded, own = _folded(text), _folded(product_description)
    if (found := PART.search(folded)) is not None and not PART.search(own):
        return found.group(0)
    if PART_NOUN.search(own):
        return None  # the product is itself a cord, a cartridge, a bulb...: "Cartouche toner" for "Toner cartridge"
    for found in PART_NOUN.finditer(folded):
        noun = found.group(0)
        if not re.search(rf"\b{re.escape(noun)}\b", own) and not _WITH.search(folded[:found.start()]):
            return noun
    return None
