"""Where an event happened, not what it was about or who spoke of it: a capital deep inside
a German verb-final clause, families counted with their people in brackets. Every
sentence here is written for the test."""

import pytest

from dashboard.extract.counts import find_counts


def _events(ex, etype):
    return [e for e in ex.events if e.type == etype]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Heute kehrten 12 Familien (45 Personen) zurück.", 45),
        ("Сегодня вернулись 12 семей (45 человек).", 45),
        ("Today 12 families (45 people) returned.", 45),
    ],
)
def test_people_in_brackets_after_families_are_the_count(text, value):
    assert [c.value for c in find_counts(text)] == [value]


def test_two_counts_apart_are_both_kept():
    assert [c.value for c in find_counts("12 families, 45 people and 3 children")] == [
        12,
        45,
        3,
    ]


def test_a_capital_inside_a_german_relative_clause_is_the_place(run):
    body = (
        "Die Proteste gehen weiter. Angeführt werden sie von einem Bischof, der am "
        "Montag bei einer Kundgebung in Jerewan dazu aufrief, die Regierung abzusetzen. "
        "Dabei wurden 40 Demonstranten festgenommen."
    )
    ex = run(body, published="2024-05-16", language="de")
    assert [e.place for e in _events(ex, "arrest")] == ["Yerevan"]
    assert _events(ex, "arrest")[0].count == 40


def test_a_capital_opening_its_clause_still_speaks_for_its_government(run):
    body = "В Ереване сообщили, что обстрел продолжался два часа."
    ex = run(body, published="2023-09-21", language="ru")
    assert all(e.place != "Yerevan" for e in ex.events)


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Armenian officials said new clashes over Karabakh ended with a ceasefire.", "en"),
        ("Im Konflikt um Berg-Karabach wurde eine Waffenruhe vereinbart.", "de"),
        ("Переговоры о Нагорном Карабахе завершились соглашением о перемирии.", "ru"),
        ("アルメニアは14日、ナゴルノカラバフを巡る軍事衝突で停戦に合意した。", "ja"),
        ("양국은 나고르노-카라바흐 영유권 문제를 두고 교전을 벌였다.", "ko"),
    ],
)
def test_a_region_an_event_is_about_is_not_where_it_happened(run, body, language):
    ex = run(body, published="2022-09-15", language=language)
    assert ex.events, body
    assert all(e.place != "Nagorno-Karabakh" for e in ex.events), [
        (e.type, e.place) for e in ex.events
    ]


def test_talks_apart_from_a_ceasefire_are_a_happening_of_their_own(run):
    body = "The two sides agreed to a truce on Friday night after eleven hours of talks in Moscow."
    ex = run(body, published="2020-10-10", language="en")
    assert [e.place for e in ex.events if e.type == "political"] == ["Moscow"]
    assert [e.type for e in ex.events if e.type == "ceasefire"] == ["ceasefire"]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("The ceasefire talks ended on Friday.", "en"),
        ("双方5日达成停火协议。", "zh"),
    ],
)
def test_ceasefire_talks_are_the_ceasefire_alone(run, body, language):
    ex = run(body, published="2020-10-10", language=language)
    assert [e.type for e in ex.events] == ["ceasefire"]


def test_a_japanese_run_ending_in_a_particle_is_no_locative_of_a_name_inside_it(run):
    body = "アルメニアの首相はこれまで、兵士105人が死亡したと述べた。"
    ex = run(body, published="2022-09-15", language="ja")
    assert all(e.place != "Armenia" for e in ex.events)


def test_a_measure_declared_in_a_town_stays_there(run):
    body = "Martial law was declared in Stepanakert by the Armenian government."
    ex = run(body, published="2020-09-28", language="en")
    assert [e.place for e in ex.events if e.type == "political"] == ["Stepanakert"]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Seven members of the group Combat Brotherhood were questioned on Monday.", "en"),
        ("Siete miembros de la organización Hermandad de Combate declararon el lunes.", "es"),
    ],
)
def test_a_cue_word_inside_a_name_is_no_event(run, body, language):
    ex = run(body, published="2024-04-22", language=language)
    assert all(e.type != "military" for e in ex.events), [(e.type, e.evidence) for e in ex.events]


def test_a_capitalised_cue_opening_the_sentence_is_still_an_event(run):
    ex = run("Shelling hit Goris on Monday.", published="2024-04-22", language="en")
    assert [e.type for e in ex.events] == ["military"]


def test_german_nouns_are_capitalised_and_still_cues(run):
    body = "Am Montag gab es einen Angriff auf Goris."
    ex = run(body, published="2024-04-22", language="de")
    assert [e.type for e in ex.events] == ["military"]


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Они почтили память погибших в войне солдат.", "ru"),
        ("They laid flowers in memory of the soldiers killed in the war.", "en"),
    ],
)
def test_the_dead_remembered_are_no_new_casualties(run, body, language):
    ex = run(body, published="2025-09-23", language=language)
    assert all(e.type != "casualties" for e in ex.events), [(e.type, e.evidence) for e in ex.events]


@pytest.mark.parametrize(
    ("body", "published", "language", "etype", "places"),
    [
        pytest.param(
            "Clashes over Karabakh broke out near Goris on Tuesday.",
            "2022-09-15",
            "en",
            "military",
            ["Goris"],
            id="the place in the sentence wins over the topic",
        ),
        pytest.param(
            "Heavy fighting broke out in Karabakh on Tuesday.",
            "2022-09-15",
            "en",
            "military",
            ["Nagorno-Karabakh"],
            id="fighting in the region is still there",
        ),
        pytest.param(
            "아르메니아에서도 대규모 시위가 벌어졌다.",
            "2022-09-15",
            "ko",
            "protest",
            ["Armenia"],
            id="a Korean locative particle places the event in the country",
        ),
        pytest.param(
            "両国は金曜日、モスクワで11時間の会談を行った。",
            "2020-10-10",
            "ja",
            "political",
            ["Moscow"],
            id="a Japanese particle after a capital is a locative",
        ),
        *(
            pytest.param(
                body,
                "2020-09-28",
                language,
                "political",
                ["Armenia"],
                id=f"a national measure is placed at the state that declares it ({language})",
            )
            for body, language in (
                (
                    "The Armenian government declared martial law over the fighting in Karabakh.",
                    "en",
                ),
                (
                    "O governo armênio declarou a mobilização geral devido à escalada em Karabakh.",
                    "pt",
                ),
                ("Kvůli bojům v Karabachu vyhlásila Arménie mobilizaci.", "cs"),
            )
        ),
    ],
)
def test_the_event_is_placed_where_it_happened(run, body, published, language, etype, places):
    ex = run(body, published=published, language=language)
    assert [e.place for e in _events(ex, etype)] == places
