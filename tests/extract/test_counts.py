"""People counts and their qualifiers in several languages."""

import pytest

from dashboard.extract.counts import find_counts


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("les forces russes ont évacué plus de 2 000 civils", 2000, "more_than"),
        ("près de 50 000 personnes ont fui", 50000, "about"),
        ("about 100,000 ethnic Armenians fled", 100000, "about"),
        ("at least 68 people were killed", 68, "at_least"),
        ("up to 120,000 residents", 120000, "up_to"),
        ("6,650 refugees had arrived", 6650, "exact"),
        ("эвакуированы более 2 тыс. человек", 2000, "more_than"),
        ("около 13 350 беженцев", 13350, "about"),
        ("почти 2,5 тыс. жителей", 2500, "about"),
        ("mehr als 28.000 Menschen", 28000, "more_than"),
        ("más de 65.000 personas", 65000, "more_than"),
        ("over 100\u00a0417 people", 100417, "more_than"),
    ],
)
def test_counts(text, value, qualifier):
    found = find_counts(text)
    assert [(c.value, c.qualifier) for c in found] == [(value, qualifier)]


@pytest.mark.parametrize(
    "text",
    ["3 trucks crossed", "the 2 000 km road", "route 12 is closed", "в 2023 году"],
)
def test_numbers_without_people_are_not_counts(text):
    assert find_counts(text) == []


def test_excluded_spans_are_skipped():
    text = "le 20 septembre 2023 personnes"
    assert find_counts(text, exclude=[(3, 20)]) == []
