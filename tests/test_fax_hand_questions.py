"""A question written by hand on a faxed page holds whatever its length, its words taken back from the "?" to the
first upright print (review rfax D2, D3); one question is named once per place (D6)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from extractors.capture.hand_questions import hand_questions, ink_lean, once_per_place
from extractors.capture.page_notes import question_place
from extractors.capture.words import PageWords, Word
from gateway.model import ExtractedOrder, Problem


def _row(*texts: str, y: float = 600.0) -> list[Word]:
    words, x = [], 300.0
    for t in texts:
        w = 14.0 * len(t)
        words.append(Word(t, x, y, x + w, y + 24, 0.93, 1))
        x += w + 14
    return words


def _judge(hand: set[str]):
    def leans(word: Word) -> bool | None:
        if sum(ch.isalnum() for ch in word.text) < 3:
            return None
        return word.text in hand
    return leans


def _asked(words: list[Word], hand: set[str], order: ExtractedOrder | None = None) -> list[Problem]:
    page = PageWords(1, 1728.0, 2200.0, tuple(words))
    return hand_questions(order or ExtractedOrder(), [(page, _judge(hand))], [])


def test_a_hands_question_beside_a_long_printed_description_holds_alone():
    [p] = _asked(_row("Ordner", "A4", "80mm", "disPo", "?"), {"disPo"})
    assert p.code == "QUESTION-TYPED" and "'disPo ?'" in p.message


def test_a_long_question_written_by_hand_holds():
    [p] = _asked(_row("Can", "you", "deliver", "by", "Dec", "20?"), {"Can", "you", "deliver", "Dec"})
    assert p.code == "QUESTION-TYPED" and "deliver by Dec 20?" in p.message


def test_a_forms_offer_in_a_leaning_font_asks_nothing():
    assert _asked(_row("Questions?"), {"Questions?"}) == []


def test_a_printed_question_is_left_to_the_note_readers():
    assert _asked(_row("Partial", "shipment", "OK?"), set()) == []


def test_a_hands_question_a_reader_already_quoted_is_not_named_again():
    order = ExtractedOrder(problems=[Problem(code="QUESTION-TYPED", message="asks: 'Hefter dispo ?'")])
    assert _asked(_row("Hefter", "dispo", "?"), {"dispo"}, order) == []


def test_both_readings_of_one_question_are_named_once():
    def asked(text: str, end: Word) -> Problem:
        return Problem(code="QUESTION-TYPED", message=repr(text), segment=question_place(end))

    a = asked("2 .oder 3?", Word("3?", 940, 596, 972, 620, 0.9, 1))
    b = asked("2 oder3?", Word("oder3?", 880, 595, 972, 619, 0.9, 1))
    other = asked("KW 51 ?", Word("?", 600, 40, 620, 70, 0.9, 1))
    assert once_per_place([a, b, other]) == [a, other]


def test_a_leaning_word_is_a_hands_and_an_upright_one_print():
    img = Image.new("L", (900, 100), 255)
    d = ImageDraw.Draw(img)
    fonts = Path("/usr/share/fonts/truetype/dejavu")
    d.text((20, 30), "Ordner", font=ImageFont.truetype(str(fonts / "DejaVuSans.ttf"), 36), fill=0)
    d.text((400, 30), "dispo", font=ImageFont.truetype(str(fonts / "DejaVuSerif-Italic.ttf"), 36), fill=0)
    leans = ink_lean(np.array(img), lambda x0, y0, x1, y1: (int(x0), int(y0), int(x1), int(y1)))
    assert leans(Word("Ordner", 15, 25, 160, 80, 0.95, 1)) is False
    assert leans(Word("dispo", 395, 25, 520, 80, 0.8, 1)) is True
    assert leans(Word("?", 530, 25, 550, 80, 0.8, 1)) is None
