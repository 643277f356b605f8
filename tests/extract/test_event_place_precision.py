"""Predicted events that matched nothing on held-out articles: a place read from an
institution's name, one trial split in two by a guessed date, an organised return read as
a flight, the fighting a truce stops read as an attack. Every sentence here is written for
the test."""

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


def test_an_undated_report_of_the_same_trial_is_not_a_second_event(run):
    # no publication date: the second sentence's only date is the article's first one,
    # a day before the verdict, which must not split the trial in two
    body = (
        "After a summit on 4 March in Geneva, a military court in Baku sentenced five "
        "former officials to life in prison on 5 March.\n"
        "Two older defendants were sentenced to 20 years in prison."
    )
    ex = run(body, published=None, language="en")
    assert [(e.type, e.date[5:], e.place) for e in ex.events] == [("arrest", "03-05", "Baku")]


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("On Monday 40 families were relocated to Shusha from Baku.", "en"),
        ("В понедельник караван бывших вынужденных переселенцев выехал в Шушу.", "ru"),
        ("Bazar ertəsi Şuşaya növbəti köç karvanı yola salınıb.", "az"),
    ],
)
def test_an_organised_return_convoy_is_an_evacuation_not_a_flight(run, body, lang):
    ex = run(body, published="2024-09-10", language=lang)
    assert [(e.type, e.place) for e in ex.events] == [("evacuation", "Shusha")]


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("分离主义武装宣布从5日中午开始停止所有军事行动。", "zh"),
        ("Стороны договорились о прекращении боевых действий во вторник.", "ru"),
    ],
)
def test_the_fighting_a_truce_stops_is_no_attack(run, body, lang):
    ex = run(body, published="2016-04-06", language=lang)
    assert [e.type for e in ex.events] == ["ceasefire"]


def test_fighting_before_a_truce_in_its_own_words_stays_an_attack(run):
    ex = run(
        "Heavy fighting broke out near Fuzuli on Monday, and a truce was agreed on Tuesday.",
        published="2016-04-06",
        language="en",
    )
    assert sorted(e.type for e in ex.events) == ["ceasefire", "military"]
