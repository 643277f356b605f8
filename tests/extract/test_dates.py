"""Date expressions in several languages, resolved against a publication date."""

import pytest

from dashboard.extract.dates import find_dates

PUB = "2023-09-21"  # a Thursday


@pytest.mark.parametrize(
    ("text", "surface", "value", "precision"),
    [
        ("Le 20 septembre, des unités ont attaqué.", "20 septembre", "2023-09-20", "day"),
        ("La situation dure depuis décembre 2022.", "décembre 2022", "2022-12", "month"),
        ("Le 1er octobre, une mission de l'ONU.", "1er octobre", "2022-10-01", "day"),
        ("On 19 September Azerbaijan launched", "19 September", "2023-09-19", "day"),
        ("On September 19, 2023, Azerbaijan", "September 19, 2023", "2023-09-19", "day"),
        ("Since December 2022 the road", "December 2022", "2022-12", "month"),
        ("Yesterday the convoy arrived", "Yesterday", "2023-09-20", "day"),
        ("19 сентября 2023 года началась операция", "19 сентября 2023 года", "2023-09-19", "day"),
        ("Во вторник Баку объявил", "Во вторник", "2023-09-19", "day"),
        ("вчера в Горис прибыли", "вчера", "2023-09-20", "day"),
        ("в декабре 2022 года", "декабре 2022 года", "2022-12", "month"),
        ("Am 20. September wurde", "20. September", "2023-09-20", "day"),
        ("gestern kamen", "gestern", "2023-09-20", "day"),
        ("el 19 de septiembre de 2023", "19 de septiembre de 2023", "2023-09-19", "day"),
        ("ayer llegaron", "ayer", "2023-09-20", "day"),
        ("publié le 20/09/2023", "20/09/2023", "2023-09-20", "day"),
        ("updated 2023-09-20 at noon", "2023-09-20", "2023-09-20", "day"),
        ("mardi, Erevan a", "mardi", "2023-09-19", "day"),
    ],
)
def test_date_expressions(text, surface, value, precision):
    found = find_dates(text, PUB)
    assert found, text
    d = found[0]
    assert text[d.start : d.end] == surface
    assert (d.value, d.precision) == (value, precision)


def test_day_month_without_year_later_than_publication_is_last_year():
    d = find_dates("Le blocus a commencé le 12 décembre.", "2023-01-18")[0]
    assert d.value == "2022-12-12"


@pytest.mark.parametrize(
    "text",
    [
        "plus de 2 000 civils",  # a thousands figure is not a date
        "it may rain in the region",  # lower-case "may" is a verb
        "окружающую среду",  # "среду" without "в" is not Wednesday
        "le 31 février",  # impossible date
        "about 100,000 people",
    ],
)
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_relative_dates_need_a_publication_date():
    assert find_dates("yesterday the army", None) == []
    # absolute dates still resolve
    assert find_dates("on 19 September 2023", None)[0].value == "2023-09-19"
