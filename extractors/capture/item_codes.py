"""Item codes written inside a description cell: "Réf. DF-1234", "Item # TK-40893", "Art.-Nr. 4711".

Web shops, letters and Word forms often print the code on a second line of the description rather
than in a column of its own. ``code_in_description`` finds one code after such a label (French,
German, English) and returns it with the description without it; the code then goes through item
matching (cross-references, catalogue) like a code read from a column.
"""

from __future__ import annotations

import re

CODE_LABEL = re.compile(
    r"(?:(?<=[\s(\[])|^)(?:r[ée]f(?:[ée]rence)?\.?|item\s*(?:#|no\.?|number|code)|art(?:ikel)?\.?\s*-?\s*nr\.?"
    r"|artikelnummer|sku|part\s*(?:#|no\.?|number)|code(?:\s+article)?|n°\s*article|product\s+code)\s*[:#]?\s*"
    r"(?P<code>[A-Z0-9][A-Z0-9\-/._]{1,30}(?:(?<=[-/])\s[A-Z0-9][A-Z0-9\-/._]*)?)", re.IGNORECASE)
IN_DESCRIPTION = 0.97  # a code read after its label inside the description cell


def _code_like(code: str) -> bool:
    """A digit, or capitals in hyphenated parts ("DF-STYLO-B"): not a word after "Réf."."""
    return any(c.isdigit() for c in code) or (code.isupper() and "-" in code.strip("-") and len(code) >= 5)


def code_in_description(description: str) -> tuple[str, str] | None:
    """(code, description without the label and code), or None when no labelled code is there.
    Two different labelled codes are not guessed between: None."""
    found = [m for m in CODE_LABEL.finditer(description) if _code_like(_joined(m.group("code")))]
    codes = {_joined(m.group("code")) for m in found}
    if len(codes) != 1:
        return None
    m = found[0]
    rest = re.sub(r"[(\[]\s*[)\]]", "", description[:m.start()] + " " + description[m.end():])  # "(Réf. X)"
    rest = rest.strip(" -–—,;|")
    return _joined(m.group("code")), " ".join(rest.split())


def _joined(code: str) -> str:
    """The code without its trailing stop, a line break after a hyphen closed ("CT- 12149")."""
    return "".join(code.split()).rstrip(".,;:")
