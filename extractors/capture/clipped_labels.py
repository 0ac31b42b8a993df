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
LATER_GLUED_LETTERS = 3  # ...in a later word of the label ("Date de livr03/12/2026"); the stump keeps CLIPPED_KEY
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
    """The phrase split where a cut label's letters run into its value: in its first word ("Bestelldatu15.12.2026")
    or in a later word of the stump (a spreadsheet's cell cut "N° de commande" and "Date de livraison" at its edge:
    "N° de commCMD-50003", "Date de livrai03/12/2026"); at most ``CLIPPED_WORDS`` words in."""
    for k, word in enumerate(words[:CLIPPED_WORDS]):
        at = _glued_at(word.text, GLUED_LETTERS if k == 0 else LATER_GLUED_LETTERS)
        if at:
            cut = word.x0 + (word.x1 - word.x0) * at / len(word.text)
            return (*words[:k], replace(word, text=word.text[:at], x1=cut), replace(word, text=word.text[at:], x0=cut),
                    *words[k + 1:])
        if any(c.isdigit() for c in word.text):
            break
    return words


def _glued_at(text: str, least: int) -> int:
    """Where a cut label's letters end in ``text`` run into a value: before its first digit, or, for a value that
    starts with capitals ("BestellnumPO88968"), where the small letters end; 0 when they do not."""
    at = next((k for k, c in enumerate(text) if c.isdigit()), 0)
    camel = next((k for k in range(at - 1, 0, -1) if text[k].isupper() and text[k - 1].islower()), 0)
    at = camel or at
    return at if at >= least and text[:at].isalpha() else 0
