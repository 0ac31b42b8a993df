"""Unit words as customers write them (PCE, BTE, Stk, Kart, carton, pièce...) and their UN/ECE
Recommendation 20 codes.

The layout step uses this table to tell a unit cell from a code or a description, and to split
"12 Stk" into a quantity and a unit; ``gateway.stages.item_matching`` uses it for the "known unit"
cross-check. Templates may add words (``[units]`` in a template file).
"""

from __future__ import annotations

from collections.abc import Mapping

from extractors.locale_values import fold

UNIT_CODES: Mapping[str, str] = {
    # pieces
    "pce": "C62", "pc": "C62", "pcs": "C62", "piece": "C62", "pieces": "C62", "pc(s)": "C62",
    "ea": "C62", "each": "C62", "u": "C62", "un": "C62", "unit": "C62", "units": "C62",
    "unit(s)": "C62", "unite": "C62", "unites": "C62", "st": "C62", "stk": "C62", "stk.": "C62",
    "stck": "C62", "stuck": "C62", "stueck": "C62", "c62": "C62", "pza": "C62", "nr": "C62",
    # packages
    "bte": "BX", "boite": "BX", "box": "BX", "bx": "BX", "schachtel": "BX", "schachteln": "BX", "doos": "BX",
    "ctn": "CT", "ct": "CT", "carton": "CT", "cartons": "CT", "krt": "CT", "kart": "CT",
    "kart.": "CT", "karton": "CT", "colis": "CS", "cs": "CS", "case": "CS",
    "cases": "CS", "pak": "PK", "pack": "PK", "pk": "PK", "paq": "PK", "paquet": "PK", "packung": "PK",
    "pkg": "PK", "pckg": "PK", "packungen": "PK", "paket": "PK", "pkt": "PK", "paqs": "PK", "pqt": "PK",
    "paquets": "PK", "pakete": "PK", "packs": "PK", "car": "CT", "boites": "BX", "boxes": "BX",
    "pal": "PF", "palette": "PF", "pallet": "PF", "plt": "PF",
    "rl": "RO", "roll": "RO", "rouleau": "RO", "rolle": "RO", "rollen": "RO", "rolls": "RO",
    "boxes": "BX", "set": "SET", "jeu": "SET", "satz": "SET",
    "pr": "PR", "pair": "PR", "paire": "PR", "paar": "PR",
    "dz": "DZN", "dzn": "DZN", "dozen": "DZN", "dozens": "DZN", "douzaine": "DZN", "douzaines": "DZN",
    "dutzend": "DZN",
    # measures
    "kg": "KGM", "kgm": "KGM", "g": "GRM", "t": "TNE", "l": "LTR", "ltr": "LTR", "litre": "LTR",
    "liter": "LTR", "ml": "MLT", "m": "MTR", "mtr": "MTR", "metre": "MTR", "meter": "MTR",
    "cm": "CMT", "mm": "MMT", "m2": "MTK", "m²": "MTK", "qm": "MTK", "m3": "MTQ", "m³": "MTQ",
    "h": "HUR", "hr": "HUR", "std": "HUR", "heure": "HUR", "hour": "HUR",
}


def unit_code(word: str | None, extra: Mapping[str, str] | None = None) -> str | None:
    """The Rec 20 code of a unit word, or None if the word is not a known unit."""
    if not word:
        return None
    key = fold(word.strip()).rstrip(":")
    if extra and key in extra:
        return extra[key]
    found = UNIT_CODES.get(key) or UNIT_CODES.get(key.rstrip("."))
    if found is None and len(key) >= 4 and key[-1] in "sx":  # plurals: "boîtes", "paquets", "rouleaux"
        found = UNIT_CODES.get(key[:-1])
    return found


def is_unit(word: str | None, extra: Mapping[str, str] | None = None) -> bool:
    return unit_code(word, extra) is not None


def unit_word(word: str, extra: Mapping[str, str] | None = None, known_only: bool = False) -> bool:
    """A word in a quantity cell that is no part of the number: a known unit, or (unless
    ``known_only``: OCR, where letters may be misread digits) a word of letters ("1 000 boîtes",
    "20 ramettes"; an unknown one is then flagged as a unit)."""
    if any(c.isdigit() for c in word):
        return False
    if unit_code(word, extra) is not None:
        return True
    letters = sum(c.isalpha() for c in word)
    return not known_only and letters >= 3 and letters >= len(word.strip(".:")) - 1
