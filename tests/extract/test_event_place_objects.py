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
