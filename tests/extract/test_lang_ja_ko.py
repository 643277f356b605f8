"""Japanese (no spaces, like Chinese) and Korean (spaced words with particles glued to
them: '아르메니아와', '휴전에'). Every sentence here is written for the test."""

import pytest

from dashboard.extract.dates import find_dates
from dashboard.extract.gazetteer import default_gazetteer
from dashboard.extract.speakers import default_speakers
from dashboard.ingest.text import parse_text_page


def test_japanese_places_inside_runs_of_kana():
    found = default_gazetteer().find("住民はナゴルノ・カラバフからアルメニアのゴリスへ逃れた")
    assert [m.entry.name for m in found] == ["Nagorno-Karabakh", "Armenia", "Goris"]


def test_korean_places_take_their_particles():
    found = default_gazetteer().find("아르메니아와 아제르바이잔이 예레반에서 만났다")
    assert [(m.entry.name, m.surface) for m in found] == [
        ("Armenia", "아르메니아와"),
        ("Azerbaijan", "아제르바이잔이"),
        ("Yerevan", "예레반에서"),
    ]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023年9月19日に攻撃を開始した", "2023-09-19"),
        ("政府は20日に発表した", "2023-09-20"),
        ("今月2日、衝突が再燃した", "2023-09-02"),
        ("2023년 9월 19일 공격이 시작됐다", "2023-09-19"),
        ("정부는 20일 밝혔다", "2023-09-20"),
        ("승인 2023.09.19 13:04", "2023-09-19"),
    ],
)
def test_japanese_and_korean_dates(text, value):
    assert [d.value for d in find_dates(text, "2023-09-26")] == [value]


@pytest.mark.parametrize(
    ("body", "language", "etype", "date", "place", "count"),
    [
        (
            "アゼルバイジャン軍は19日、ステパナケルトを砲撃した。",
            "ja",
            "military",
            "2023-09-19",
            "Stepanakert",
            None,
        ),
        (
            "20日、ナゴルノ・カラバフで停戦が発効した。",
            "ja",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
            None,
        ),
        (
            "19일 아제르바이잔군이 스테파나케르트를 포격했다.",
            "ko",
            "military",
            "2023-09-19",
            "Stepanakert",
            None,
        ),
        (
            "20일 나고르노-카라바흐에서 휴전이 발효됐다.",
            "ko",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
            None,
        ),
    ],
)
def test_japanese_and_korean_events(run, body, language, etype, date, place, count):
    ev = next(e for e in run(body, language=language).events if e.type == etype)
    assert (ev.date, ev.place, ev.count) == (date, place, count)


def test_names_in_unspaced_and_particle_scripts_are_speakers():
    names = [m.speaker.name for m in default_speakers().find("パシニャン首相は述べた")]
    assert names == ["Nikol Pashinyan"]
    names = [m.speaker.name for m in default_speakers().find("파시냔은 밝혔다")]
    assert names == ["Nikol Pashinyan"]


def test_korean_ministry_speaks(run):
    ex = run("아제르바이잔 국방부는 20일 성명을 내고 공격을 중단했다고 밝혔다.", language="ko")
    assert [(s.speaker, s.date) for s in ex.statements] == [
        ("Ministry of Defence of Azerbaijan", "2023-09-20")
    ]


def test_a_date_line_glued_to_a_japanese_paragraph_keeps_the_paragraph():
    text = " date 2023-09-20 アゼルバイジャン軍は19日、ナゴルノ・カラバフで攻撃を開始したと発表した。\n"
    page = parse_text_page(text)
    assert page.published == "2023-09-20"
    assert page.body.startswith("アゼルバイジャン軍は19日")
