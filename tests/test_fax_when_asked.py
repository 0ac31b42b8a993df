"""A sentence typed under a fax's items that asks for a time in words ("URGENT - livrer demain svp !", "Bitte morgen
liefern, sonst Storno!") went out with the printed delivery date and normal priority: it is the order's note (its
urgency word makes the order urgent) and holds QUESTION-TYPED on the delivery date (``page_notes.when_asked``)."""

from __future__ import annotations

import pytest

from extractors.capture.page_notes import when_asked


@pytest.mark.parametrize("text", ["EILT - bitte übermorgen anliefern", "Please ship tomorrow if you can",
                                  "Merci de livrer avant jeudi", "Lieferung bitte schnellstmöglich!",
                                  "deliver ASAP pls"])
def test_a_time_asked_in_words_holds(text: str) -> None:
    problems = when_asked([text])
    assert [p.code for p in problems] == ["QUESTION-TYPED"]
    assert problems[0].element == "requested_delivery_date"


@pytest.mark.parametrize("text", ["Warenannahme Dienstag bis Donnerstag 8-14 Uhr", "Réception du mardi au jeudi, merci",
                                  "Danke für die gute Zusammenarbeit", "Tel. 089 555 0101, heute bis 16 Uhr erreichbar",
                                  "Zahlung 14 Tage 2 % Skonto"])
def test_a_goods_in_window_a_footer_or_a_slogan_asks_nothing(text: str) -> None:
    assert when_asked([text]) == []
