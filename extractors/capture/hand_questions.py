"""A question written by hand on a faxed page, of any length: "dispo ?" beside a line's long printed description,
"Can you deliver by Dec 20?" in the top margin (review rfax D2, D3).

``page_notes.short_questions`` takes a row's words back from a "?" over every gap under ``ASK_GAP`` word heights
and holds the run when it is ``MIN_WORDS`` words at most: a hand's "dispo ?" written beside "Ordner A4 80mm" was taken
with the print into one run of five words and passed; a written question of five words and more was left to the
sentence readers, which read no margin. Here the page's ink decides where the question begins: going back from a
word ending in "?", a word of three letters or more whose ink stands upright (``written_lines.slant`` finds no
lean) is print and ends the run; a run with a leaning word and no upright one is written by hand and holds
``QUESTION-TYPED`` (``typed_remarks.page_question``, or a hand's question of its own where that passes a polite
"Can you ...?"), whatever its length. A question both readings named at one place is named once (``asked_at``: the
"?" word's box), and one a reader already quoted with the row it stands on is not named again. Array operations on
the words' boxes only.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from extractors.capture.page_notes import _OFFER_WORD, question_place, same_question_place
from extractors.capture.words import PageWords, Word, group_rows
from extractors.capture.written_lines import slant
from extractors.locale_values import fold
from extractors.typed_remarks import number_sign, page_question
from gateway.model import ExtractedOrder, Problem

ASK_GAP = 2.5  # word heights: words of one question are no further apart (``page_notes.ASK_GAP``)
JUDGED = 3  # letters or digits a word needs before its ink's lean is judged (a "?", "by", "20" are not)
QUESTION_CODES = ("QUESTION-TYPED", "PRICE-REQUEST")


def hand_questions(order: ExtractedOrder, pages: list[tuple[PageWords, Callable[[Word], bool | None]]],
                   asked_at: list[tuple[int, float, float, float, float]]) -> list[Problem]:
    """QUESTION-TYPED for each question written by hand on the order's pages (module docstring). ``pages``: each
    reading of a page with the judge of a word's ink (True leaning, False upright, None not judged);
    ``asked_at``: (page, box) of the "?" words already named, extended with those named here."""
    out: list[Problem] = []
    for words, leans in pages:
        for row in group_rows(words):
            for end, text in _written_runs(list(row.words), leans):
                if _told(end, asked_at) or _named(text, [*order.problems, *out]):
                    continue
                asked = _asked(text)
                if asked is None:
                    continue
                asked_at.append((end.page, end.x0, end.y0, end.x1, end.y1))
                out.append(asked.model_copy(update={"segment": question_place(end)}))
    return out


def _asked(text: str) -> Problem | None:
    """The note readers' hold for the question, or QUESTION-TYPED where they pass it as a polite request ("Can you
    deliver by Dec 20?" typed in an e-mail asks for the order to be filled; written on the fax, it asks). A form's
    offer of help ("Questions?") and "n?" read for "n°" ask nothing."""
    asked = page_question(text)
    if asked is not None:
        return asked
    if "?" not in number_sign(text) or _OFFER_WORD.search(fold(text).lower()):
        return None
    return Problem(
        code="QUESTION-TYPED", severity="error", element="notes",
        message=f"a question written by hand on the page, a person answers before the order goes: {text[:120]!r}")


def _named(text: str, problems: list[Problem]) -> bool:
    """A reader already named the question: a hold quoting the row it stands on ("Hefter dispo ?" for "dispo ?")."""
    return any(p.code in QUESTION_CODES and text in p.message for p in problems)


def _written_runs(words: list[Word], leans: Callable[[Word], bool | None]) -> list[tuple[Word, str]]:
    out = []
    for j, word in enumerate(words):
        if not word.text.endswith("?"):
            continue
        i, hand = j, leans(word) is True
        while i > 0 and words[i].x0 - words[i - 1].x1 <= ASK_GAP * max(words[i].y1 - words[i].y0, 1.0):
            judged = leans(words[i - 1])
            if judged is False:
                break  # print: the line's description, a label
            hand = hand or judged is True
            i -= 1
        if hand and not any(leans(w) is False for w in words[i:j + 1]):
            out.append((word, " ".join(w.text for w in words[i:j + 1])))
    return out


def _told(word: Word, asked_at: list[tuple[int, float, float, float, float]]) -> bool:
    return any(page == word.page and min(x1, word.x1) > max(x0, word.x0) and min(y1, word.y1) > max(y0, word.y0)
               for page, x0, y0, x1, y1 in asked_at)


def ink_lean(image: np.ndarray, to_prepared: Callable[..., tuple[int, int, int, int]]) -> Callable[[Word], bool | None]:
    """The judge of a word's ink on ``image`` (the page tesseract read; ``to_prepared`` maps a frame box to it)."""
    def leans(word: Word) -> bool | None:
        if sum(ch.isalnum() for ch in word.text) < JUDGED:
            return None
        x0, y0, x1, y1 = to_prepared(word.x0, word.y0, word.x1, word.y1)
        crop = image[max(0, y0):max(0, y1), max(0, x0):max(0, x1)]
        mask = crop < 128
        if mask.sum() < 20:
            return None
        return slant(mask) is not None
    return leans


def once_per_place(problems: list[Problem]) -> list[Problem]:
    """``problems`` less a question named again at the place of one named before (``page_notes.question_place``):
    the two engines' readings of one written question ("2 .oder 3?", "2 oder3?"; review rfax D6)."""
    out: list[Problem] = []
    for p in problems:
        if p.code in QUESTION_CODES and any(q.code in QUESTION_CODES and same_question_place(p.segment, q.segment)
                                            for q in out):
            continue
        out.append(p)
    return out
