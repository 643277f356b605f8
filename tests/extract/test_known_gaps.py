"""Readings that went wrong on real articles, fixed by general means: a checkpoint people
pass is no blockade, an agency that relays is no speaker, a background "since" does not
pull undated days a year back, words read per language. Every sentence is written here."""

from dashboard.extract.dates import find_dates
from dashboard.extract.lexicon import compiled_lexicon


def test_passing_a_checkpoint_is_no_blockade(run):
    ex = run("Thousands entered through the Kornidzor checkpoint and were registered in Goris.")
    assert "blockade" not in [e.type for e in ex.events]


def test_a_closed_or_installed_checkpoint_is_a_blockade(run):
    assert "blockade" in [e.type for e in run("Azerbaijan closed the Hakari checkpoint.").events]
    ex = run("Azerbaijan installed a checkpoint on the Hakari bridge on Sunday.")
    assert "blockade" in [e.type for e in ex.events]


def test_an_agency_that_relays_a_government_is_no_speaker(run):
    body = "Il governo armeno ha dichiarato che sono arrivati 85.000 profughi, come riportato dall'agenzia Interfax."
    ex = run(body, language="it")
    assert [s.speaker for s in ex.statements] == ["Government of Armenia"]


def test_an_agency_alone_still_speaks(run):
    ex = run("Interfax reported that the road was closed on Monday.", language="en")
    assert [s.speaker for s in ex.statements] == ["Interfax"]


def test_a_background_since_month_does_not_pull_days_a_year_back(run):
    body = "Since December 2022 the road has been closed. On 19 September the army attacked Stepanakert."
    ev = next(e for e in run(body, published=None).events if e.type == "military")
    assert ev.date == "2023-09-19"


def test_a_since_day_ahead_of_the_report_keeps_days_before_it(run):
    body = "On 28 September the president signed a decree dissolving all institutions from 1 January 2024."
    ev = next(e for e in run(body, published=None).events if e.type == "political")
    assert ev.date == "2023-09-28"


def test_since_words_are_read_in_the_article_language():
    # the Bulgarian "от" (since) is the Russian "от" of a decree's date
    text = "указ от 9 ноября 2020 года"
    assert [d.since for d in find_dates(text, None, languages=("ru",))] == [False]
    assert [d.since for d in find_dates(text, None, languages=("bg",))] == [True]


def test_actors_and_qualifiers_are_read_in_the_article_language():
    clex = compiled_lexicon()
    _, italian = clex.actors_for(("it",))
    assert italian["European Union"].search("la Ue ha detto")
    _, english = clex.actors_for(("en",))
    assert "European Union" not in english or not english["European Union"].search("la Ue")
    assert [q for q, _ in clex.qualifiers_for(("it",))][:1] == ["more_than"]


def test_a_brazilian_weekday_with_its_day_in_brackets():
    # "segunda-feira (25)": the weekday and the day of the month the report means
    found = find_dates("O ataque de segunda-feira (25) matou três pessoas.", "2023-09-27")
    assert [(d.value, d.precision) for d in found] == [("2023-09-25", "day")]
    found = find_dates(
        "O ataque de segunda-feira (25) matou três pessoas.", None, year_ref="2023-09-28"
    )
    assert [d.value for d in found] == ["2023-09-25"]
