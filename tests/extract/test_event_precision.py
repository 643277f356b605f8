"""Events dated and placed with their precision, one per happening, on short sentences we
wrote in several languages (issue 11: time_precision, geo_precision, place_source,
evidence_all; background is not news; cues on lemmas)."""

import pytest

from dashboard.extract.datenames import date_names, lookup
from dashboard.extract.dates import find_dates
from dashboard.extract.lemmacues import lemma_hits


def _of(ex, etype):
    found = [e for e in ex.events if e.type == etype]
    assert found, f"no {etype} event in {[(e.type, e.evidence) for e in ex.events]}"
    return found


# --- dates: names from dateparser, inflected forms, inferred years ---------------------


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("У вересні армія провела операцію.", "2023-09", "month"),  # uk locative month
        ("В сентябре начались бои.", "2023-09", "month"),  # ru prepositional month
        ("19 Eylül'de saldırı başladı.", "2023-09-19", "day"),  # tr case ending
        ("Sentyabrın 17-də hücum oldu.", "2023-09-17", "day"),  # az genitive month
        ("am Dienstagabend kam es zu Kämpfen", "2023-09-19", "day"),  # de compound weekday
        ("Reuters, 17 Oct 2023", "2023-10-17", "day"),  # abbreviation beside numbers
        ("in der vergangenen Woche", "2023-09-14", "week"),
    ],
)
def test_dates_in_more_languages(text, value, precision):
    found = find_dates(text, "2023-09-21")
    assert found, text
    assert (found[0].value, found[0].precision) == (value, precision)


def test_month_names_come_from_dateparser():
    names = date_names(("uk", "tr"))
    assert lookup(names.months, "жовтня") == 10
    assert lookup(names.months, "Ekim") == 10
    assert lookup(names.weekdays, "неділю") == 6


def test_abbreviated_month_alone_is_not_a_month():
    # "mar" is Tuesday in French and Spanish abbreviations, "sen" a pronoun in Turkish
    assert find_dates("sen ve ben", "2023-09-21") == []
    assert find_dates("in mar ou en mer", "2023-09-21") == []


def test_year_inferred_from_the_article_when_there_is_no_publication_date(run):
    body = (
        "Le 12 décembre 2022, le corridor a été bloqué. "
        "Le 23 avril, un poste de contrôle a été installé à l'entrée du corridor de Lachin."
    )
    ex = run(body, published=None)
    blockade = {e.date for e in _of(ex, "blockade")}
    assert "2022-04-23" in blockade or "2023-04-23" in blockade
    assert all(not d.startswith("20" + "26") for d in blockade)


# --- time precision and its sources -----------------------------------------------------


def test_date_read_in_the_sentence_has_its_own_precision(run):
    ev = _of(run("In September 2023 Azerbaijani forces shelled Stepanakert."), "military")[0]
    assert (ev.date, ev.time_precision, ev.date_source) == ("2023-09", "month", "text")


def test_publication_date_used_is_reported(run):
    ev = _of(run("Azerbaijani forces shelled Stepanakert."), "military")[0]
    assert (ev.date, ev.time_precision, ev.date_source) == ("2023-09-21", "reported", "published")


def test_relative_day_resolved_against_publication(run):
    ev = _of(run("Вчера армия обстреляла Степанакерт.", language="ru"), "military")[0]
    assert (ev.date, ev.time_precision) == ("2023-09-20", "day")


def test_weekday_without_publication_date_is_not_guessed(run):
    body = "Am Dienstag haben Truppen Stepanakert beschossen. Im September 2023 begann es."
    ev = _of(run(body, published=None, language="de"), "military")[0]
    assert ev.time_precision != "day" or ev.date_source != "text"


def test_paragraph_keeps_its_time_frame(run):
    body = (
        "On 13 September Azerbaijani forces attacked Jermuk. "
        "Ten civilians were killed in the shelling."
    )
    ev = _of(run(body, published="2023-10-01"), "casualties")[0]
    assert (ev.date, ev.date_source) == ("2023-09-13", "paragraph")


# --- place precision and its sources -----------------------------------------------------


def test_geo_precision_by_kind_of_place(run):
    town = _of(run("Azerbaijani forces shelled Stepanakert."), "military")[0]
    assert (town.place, town.geo_precision, town.place_source) == ("Stepanakert", 1, "sentence")
    region = _of(run("Fighting broke out in Nagorno-Karabakh."), "military")[0]
    assert (region.geo_precision, region.place_source) == (2, "sentence")
    country = _of(run("Azerbaijani troops launched an attack into Armenia."), "military")[0]
    assert (country.place, country.geo_precision) == ("Armenia", 3)


def test_place_from_the_paragraph(run):
    body = "Rockets hit Stepanakert at dawn. Two people were killed, officials said."
    ev = _of(run(body), "casualties")[0]
    assert (ev.place, ev.place_source) == ("Stepanakert", "paragraph")


def test_place_from_the_article_lead(run):
    body = "Azerbaijani forces shelled Goris on Tuesday.\n\nThree people were killed."
    ev = _of(run(body), "casualties")[0]
    assert (ev.place, ev.place_source) == ("Goris", "article")


def test_towns_of_one_country_reported_together_are_the_country(run):
    body = "Azerbaijani artillery shelled Goris, Jermuk and Vardenis on Tuesday."
    ev = _of(run(body), "military")[0]
    assert (ev.place, ev.geo_precision) == ("Armenia", 3)


def test_dateline_is_not_the_place_of_the_event(run):
    body = "YEREVAN – Azerbaijani forces shelled Jermuk overnight."
    ev = _of(run(body), "military")[0]
    assert ev.place == "Jermuk"


def test_capital_named_as_a_place_is_a_place(run):
    body = "Des manifestants ont bloqué mardi les rues de la capitale Erevan."
    ev = _of(run(body, language="fr"), "protest")[0]
    assert ev.place == "Yerevan"


def test_locative_case_ending_makes_a_capital_a_place(run):
    ev = _of(run("Erivan'da protesto gösterisi düzenlendi.", language="tr"), "protest")[0]
    assert ev.place == "Yerevan"


# --- one event per happening -------------------------------------------------------------


def test_sentences_about_one_happening_merge_with_all_evidence(run):
    body = (
        "On 19 September Azerbaijan launched an offensive in Nagorno-Karabakh. "
        "The offensive in Nagorno-Karabakh lasted a day."
    )
    military = _of(run(body), "military")
    assert len(military) == 1
    ev = military[0]
    assert ev.date == "2023-09-19"
    assert len(ev.evidence_all) == 2 and ev.evidence_all[0] == ev.evidence


def test_different_days_stay_different_happenings(run):
    body = (
        "On 2 October Azerbaijani forces shelled Stepanakert. "
        "On 4 October Azerbaijani forces shelled Stepanakert again."
    )
    assert len(_of(run(body, published="2023-10-05"), "military")) == 2


def test_killed_and_wounded_are_one_event_with_the_killed_count(run):
    ev = _of(
        run("Dabei starben mindestens 12 Menschen, 40 wurden verletzt.", language="de"),
        "casualties",
    )
    assert len(ev) == 1 and ev[0].count == 12
    ev = _of(
        run("Trece civiles murieron y 45 resultaron heridos en Ganja.", language="es"), "casualties"
    )
    assert ev[0].count == 13


def test_counts_in_words(run):
    ev = _of(run("Three civilians were killed in Stepanakert."), "casualties")[0]
    assert ev.count == 3


# --- what is not a current event ---------------------------------------------------------


def test_history_sentence_yields_no_event(run):
    body = "En 1991 la región declaró su independencia y la guerra dejó 30.000 muertos."
    assert run(body, language="es").events == []


def test_history_goes_on_in_its_paragraph(run):
    body = (
        "The region broke away from Azerbaijan in 1991. That first war killed 30,000 people.\n\n"
        "On Tuesday, shelling hit Stepanakert."
    )
    ex = run(body)
    assert [e.type for e in ex.events] == ["military"]


def test_birth_year_is_not_history(run):
    body = "Bir mülki şəxs, 1999-cu il təvəllüdlü, Gəncədə həlak olub. 4 oktyabr 2020 hücum oldu."
    assert _of(run(body, published=None, language="az"), "casualties")


def test_threats_and_demands_are_not_events(run):
    assert run("Baku threatened to attack Stepanakert.").events == []
    assert run("Ереван потребовал прекращения огня.", language="ru").events == []


def test_subheading_yields_no_event(run):
    assert run("Peace talks\n\nThe weather was calm.").events == []


# --- cues on lemmas ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "etype"),
    [
        ("Die Truppen griffen am Morgen die Stellungen an.", "de", "military"),  # separable
        ("Die Polizei nahm zwölf Demonstranten fest.", "de", "arrest"),
        ("Les soldats ont été tués près de la frontière.", "fr", "casualties"),
        ("Тысячи людей бежали из города.", "ru", "displacement"),
        ("Загинули двоє цивільних.", "uk", "casualties"),
        ("Askerler köyü bombaladı.", "tr", "military"),
        ("Miles de personas huyeron de la región.", "es", "displacement"),
    ],
)
def test_lemma_cues(text, lang, etype):
    assert etype in {h.etype for h in lemma_hits(text, [lang])}


def test_no_cue_names_a_place_or_a_person():
    import json

    from dashboard.extract.gazetteer import default_gazetteer
    from dashboard.paths import data_dir

    names = {e.name.lower() for e in default_gazetteer().entries}
    for path in (data_dir() / "extract" / "lang").glob("*.json"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        for key in ("events", "event_lemmas"):
            for cues in raw.get(key, {}).values():
                for cue in cues:
                    words = {w.strip("*").lower() for w in cue.split()}
                    assert not words & names, f"{path.name}: cue {cue!r} names a place"


def test_turkish_and_ukrainian_are_data_files_only(run):
    ev = _of(run("20 Eylül'de taraflar ateşkese vardı.", language="tr"), "ceasefire")[0]
    assert ev.date == "2023-09-20"
    ev = _of(run("18 вересня президент підписав указ.", language="uk"), "political")[0]
    assert ev.date == "2023-09-18"


def test_armenian_sentences_end_at_their_full_stop():
    from dashboard.extract.sentences import split_sentences

    text = "Սեպտեմբերի 13-ին հարձակում եղավ։ Սեպտեմբերի 14-ին հրադադար հաստատվեց: Այսօր խաղաղ է"
    assert len(split_sentences(text)) == 3


def test_figure_after_death_toll_is_a_count(run):
    ev = _of(run("The death toll in Stepanakert rose to 27, officials said."), "casualties")[0]
    assert ev.count == 27


def test_wounded_reported_after_the_toll_join_it(run):
    body = (
        "At least 27 people were killed in Stepanakert. "
        "More than 200 were wounded in Stepanakert, doctors said."
    )
    ev = _of(run(body), "casualties")
    assert len(ev) == 1 and ev[0].count == 27


def test_breakdown_adds_no_figure(run):
    body = "At least 27 people were killed in Stepanakert. Among them two children were killed."
    ev = _of(run(body), "casualties")
    assert len(ev) == 1 and ev[0].count == 27


def test_photo_caption_reports_nothing(run):
    body = "Refugees arriving in Goris. Photo: A. Writer/Sample Outlet.\n\nThe weather was calm."
    assert run(body).events == []
