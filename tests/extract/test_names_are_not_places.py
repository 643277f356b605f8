"""A place word inside a known person's name is no place (sentences written for this test)."""

import pytest


@pytest.mark.parametrize(
    ("body", "language"),
    [
        ("Foreign Minister Ararat Mirzoyan said the blockade was meant to empty the region.", "en"),
        ("Le ministre Ararat Mirzoyan a affirmé que ce blocage visait la population.", "fr"),
        ("Министр Арарат Мирзоян заявил, что блокада продолжается.", "ru"),
    ],
)
def test_a_first_name_that_is_a_place_is_not_a_place(run, body, language):
    ex = run(body, language=language)
    assert "Ararat" not in {p.name for p in ex.places}
    assert all(e.place != "Ararat" for e in ex.events)


def test_the_place_itself_is_still_found(run):
    ex = run("Shelling was reported overnight in the Ararat province of Armenia.", language="en")
    assert "Ararat" in {p.name for p in ex.places}
