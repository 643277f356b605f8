"""Predicted events that matched nothing on held-out articles: a place read from an
institution's name, ... Every sentence here is written for the test."""

import pytest


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("The defence ministry in Armenia reported heavy shelling on Tuesday.", "en"),
        ("أعلنت وزارة الدفاع في أرمينيا قصفا عنيفا يوم الثلاثاء.", "ar"),
    ],
)
def test_a_ministry_in_a_country_does_not_place_the_event_there(run, body, lang):
    ex = run(body, language=lang)
    assert [e.type for e in ex.events] == ["military"]
    assert ex.events[0].place != "Armenia"


def test_a_country_after_a_plain_locative_is_still_the_place(run):
    ex = run("Heavy shelling was reported in Armenia on Tuesday.", language="en")
    assert [(e.type, e.place) for e in ex.events] == [("military", "Armenia")]
