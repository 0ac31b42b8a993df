"""Header labels cut at their cell's edge by a browser's print: a key-value table whose label cells are narrower than
their text, ``overflow: hidden`` ("Bestellnum 4569024209", "Date de co 30/12/2026", "Purchase o BC-9540"), the cut
label sometimes run into its value in the text layer ("Bestelldatu15.12.2026", "BestellnumPO88968").

A phrase that starts with such a stump (no label of its own, ``CLIPPED_KEY`` letters or more, the start of labels of
the header's fields only) followed by a value gives that value to the fields it may name; the caller keeps the one
field the value can be (a date for a date label, a number for a PO label), and none when two can.
"""

from __future__ import annotations

from dataclasses import replace

from extractors.capture.labels import LabelIndex
from extractors.capture.words import Row, Word
from extractors.locale_values import fold

CLIPPED_KEY = 6  # letters a cut label must keep ("Bestellnum", "Date de co")
CLIPPED_WORDS = 3  # words of a cut label at most
GLUED_LETTERS = 4  # letters of a cut label run into its value ("Bestelldatu15.12.2026") at least
# the words of labels naming another document's number, printed beside the PO (Coupa, Oracle, Ariba, SAP): a stump
# with a word that may be the start of one of them ("Requisitio", "Quotation n", "Auftrags", "Numéro de con") is no
# field's label, whatever else it begins; a stump cut before such a word ("Numéro de", "Date de co") still may be
OTHER_DOCUMENT_WORDS = ("requisition", "quotation", "quote", "contract", "contrat", "vertrag", "vertragsnummer",
                        "devis", "angebot", "angebotsnummer", "confirmation", "auftragsbestatigung", "bestatigung",
                        "bedarfsanforderung", "anforderung", "anforderungsnummer", "banf", "kundennummer", "kundennr")
OTHER_WORD_LETTERS = 3  # letters of a cut word that may begin such a word at least


def clipped_labels(row: Row, index: LabelIndex, fields: set[str],
                   fuzzy: bool) -> list[tuple[set[str], tuple[Word, ...], tuple[Word, ...]]]:
    """(the fields the stump may name, the value's words, the stump's words) for each phrase of ``row`` that starts
    with a cut label. A shorter label inside the stump ("Date" of "Date de liv") is no label of its own: the caller
    leaves it out."""
    out = []
    for phrase in row.phrases:
        words = _unglued(phrase.words)
        n = next((k for k, w in enumerate(words) if any(c.isdigit() for c in w.text)), len(words))
        if not 0 < n <= CLIPPED_WORDS or n == len(words) or any(
                h.end >= n for h in index.segment(words[:n], fuzzy)):
            continue
        stump = " ".join(w.text for w in words[:n]).rstrip(":")
        if other_document(stump):
            continue
        kinds = {kind for kind, _label in index.completions(stump, CLIPPED_KEY)}
        if kinds and kinds <= fields:
            out.append((kinds, tuple(words[n:]), tuple(phrase.words[:n])))
    return out


def other_document(stump: str) -> bool:
    """Whether a cut label has a word that may be the start of a word of another document's number label
    ("Requisitio", "Numéro de con"), or that such a word begins ("Kundennum")."""
    for word in fold(stump).replace("-", " ").split():
        word = "".join(c for c in word if c.isalpha())
        if len(word) >= OTHER_WORD_LETTERS and any(
                other.startswith(word) or (len(word) > len(other) and word.startswith(other))
                for other in OTHER_DOCUMENT_WORDS):
            return True
    return False


def _unglued(words: tuple[Word, ...]) -> tuple[Word, ...]:
    """The phrase's first word split where a cut label's letters run into its value's digits."""
    if not words:
        return words
    first = words[0]
    at = next((k for k, c in enumerate(first.text) if c.isdigit()), 0)
    # a value that starts with capitals ("BestellnumPO88968"): cut where the label's small letters end
    camel = next((k for k in range(at - 1, 0, -1) if first.text[k].isupper() and first.text[k - 1].islower()), 0)
    at = camel or at
    if at < GLUED_LETTERS or not first.text[:at].isalpha():
        return words
    cut = first.x0 + (first.x1 - first.x0) * at / len(first.text)
    return (replace(first, text=first.text[:at], x1=cut), replace(first, text=first.text[at:], x0=cut), *words[1:])
