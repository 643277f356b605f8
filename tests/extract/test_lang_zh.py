"""Chinese, written without spaces: sentences end at 。, and place names, cue words and
dates are found inside runs of ideographs. Every sentence here is written for the test."""

import pytest

from dashboard.extract.dates import find_dates
from dashboard.extract.gazetteer import default_gazetteer
from dashboard.extract.sentences import split_sentences


def test_sentences_end_at_the_full_width_stop():
    text = "亚美尼亚政府表示难民已经抵达。阿塞拜疆否认了这一说法。Then English."
    assert [s.text for s in split_sentences(text)] == [
        "亚美尼亚政府表示难民已经抵达。",
        "阿塞拜疆否认了这一说法。",
        "Then English.",
    ]


def test_places_inside_runs_of_ideographs():
    found = default_gazetteer().find("大批居民从纳戈尔诺-卡拉巴赫进入亚美尼亚（Goris）")
    assert [(m.entry.name, m.surface) for m in found] == [
        ("Nagorno-Karabakh", "纳戈尔诺-卡拉巴赫"),
        ("Armenia", "亚美尼亚"),
        ("Goris", "Goris"),
    ]


def test_latin_text_is_found_as_before():
    found = default_gazetteer().find("Refugees reached Goris from Stepanakert.")
    assert [m.entry.name for m in found] == ["Goris", "Stepanakert"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023年9月19日发动攻击", "2023-09-19"),
        ("9月20日宣布停火", "2023-09-20"),
        ("政府25日表示", "2023-09-25"),
        ("政府30日表示", "2023-08-30"),  # a day after the report: the month before
    ],
)
def test_chinese_dates(text, value):
    assert [d.value for d in find_dates(text, "2023-09-26")] == [value]


@pytest.mark.parametrize(
    ("body", "etype", "date", "place", "count"),
    [
        (
            "阿塞拜疆军队9月19日在纳戈尔诺-卡拉巴赫发动攻击。",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
            None,
        ),
        ("昨天有6650多名难民从纳卡逃离。", "displacement", "2023-09-20", "Nagorno-Karabakh", 6650),
        (
            "9月20日，纳卡武装宣布投降并同意停火。",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
            None,
        ),
    ],
)
def test_chinese_events(run, body, etype, date, place, count):
    ev = next(e for e in run(body, language="zh").events if e.type == etype)
    assert (ev.date, ev.place, ev.count) == (date, place, count)


def test_chinese_statement_of_a_government(run):
    ex = run("亚美尼亚政府25日表示，已有数千名难民抵达。", "2023-09-26", language="zh")
    assert [(s.speaker, s.date) for s in ex.statements] == [("Government of Armenia", "2023-09-25")]


def test_a_short_chinese_sentence_is_no_heading(run):
    assert [e.type for e in run("斯捷潘纳克特遭到炮击。", language="zh").events] == ["military"]
