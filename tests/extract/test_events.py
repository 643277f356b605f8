"""Typed, dated, placed events from short sentences in several languages."""

import pytest


def _one(ex, etype):
    found = [e for e in ex.events if e.type == etype]
    assert found, f"no {etype} event in {[e.type for e in ex.events]}"
    return found[0]


@pytest.mark.parametrize(
    ("body", "etype", "date", "place"),
    [
        (
            "Le 19 septembre, l'Azerbaïdjan a lancé une offensive au Haut-Karabakh.",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
        ),
        (
            "On 19 September Azerbaijani forces shelled Stepanakert.",
            "military",
            "2023-09-19",
            "Stepanakert",
        ),
        (
            "19 сентября Азербайджан начал антитеррористическую операцию в Нагорном Карабахе.",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
        ),
        (
            "Am 19. September begann die Offensive in Bergkarabach.",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
        ),
        (
            "El 20 de septiembre se acordó un alto el fuego en el Alto Karabaj.",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
        ),
        (
            "Le corridor de Lachin est bloqué depuis décembre 2022.",
            "blockade",
            "2022-12",
            "Lachin corridor",
        ),
        (
            "The Lachin corridor has been under blockade since December 2022.",
            "blockade",
            "2022-12",
            "Lachin corridor",
        ),
        (
            "Блокада Лачинского коридора продолжается с декабря 2022 года.",
            "blockade",
            "2022-12",
            "Lachin corridor",
        ),
        (
            "Yesterday thousands of refugees arrived in Goris.",
            "displacement",
            "2023-09-20",
            "Goris",
        ),
        ("Вчера в Горис прибыли тысячи беженцев.", "displacement", "2023-09-20", "Goris"),
        (
            "Des milliers de manifestants se sont rassemblés mardi à Erevan.",
            "protest",
            "2023-09-19",
            "Yerevan",
        ),
    ],
)
def test_event_type_date_place(run, body, etype, date, place):
    ev = _one(run(body), etype)
    assert (ev.date, ev.place) == (date, place)
    assert ev.evidence == body


@pytest.mark.parametrize(
    ("body", "etype", "count", "qualifier"),
    [
        (
            "Les forces de maintien de la paix russes ont évacué plus de 2 000 civils du Haut-Karabakh.",
            "evacuation",
            2000,
            "more_than",
        ),
        (
            "Russian peacekeepers evacuated about 5,000 civilians from Nagorno-Karabakh.",
            "evacuation",
            5000,
            "about",
        ),
        (
            "Российские миротворцы эвакуировали более 2 тыс. человек из Нагорного Карабаха.",
            "evacuation",
            2000,
            "more_than",
        ),
        (
            "Mehr als 28.000 Flüchtlinge sind in Goris angekommen.",
            "displacement",
            28000,
            "more_than",
        ),
        ("Más de 65.000 refugiados llegaron a Armenia.", "displacement", 65000, "more_than"),
        (
            "At least 68 people were killed in the explosion near Stepanakert.",
            "casualties",
            68,
            "at_least",
        ),
    ],
)
def test_event_counts(run, body, etype, count, qualifier):
    ev = _one(run(body), etype)
    assert (ev.count, ev.count_qualifier) == (count, qualifier)


def test_date_falls_back_to_publication_and_says_so(run):
    ev = _one(run("Russian peacekeepers evacuated civilians from Nagorno-Karabakh."), "evacuation")
    assert (ev.date, ev.date_precision, ev.date_source) == ("2023-09-21", "day", "published")


def test_event_without_any_usable_date_is_left_out(run):
    # GUIDE: an event with no date at all (no publication date, none in the text) would
    # sit nowhere on a timeline; it used to come out undated
    ex = run("Russian peacekeepers evacuated civilians from Stepanakert.", published=None)
    assert ex.events == []


def test_future_dates_do_not_date_an_event(run):
    body = "Le dirigeant a signé jeudi un décret sur la dissolution des institutions au 1er janvier 2024."
    ev = _one(run(body, published="2023-09-29"), "political")
    assert ev.date == "2023-09-28"


def test_running_total_is_dated_by_the_report_not_by_since(run):
    body = "Selon les autorités, plus de 100 000 personnes ont quitté le Haut-Karabakh depuis le 24 septembre."
    ev = _one(run(body, published="2023-10-02"), "displacement")
    assert (ev.date, ev.count) == ("2023-10-02", 100000)


def test_capital_as_government_is_not_a_place(run):
    ex = run("Officials in Baku said the blockade was a protest by activists.")
    assert all(e.place != "Baku" for e in ex.events)
    ex = run("L'Arménie accuse Bakou d'être responsable de la crise humanitaire.")
    assert all(e.place != "Baku" for e in ex.events)


def test_countries_are_actors_not_places(run):
    ev = _one(
        run("L'Azerbaïdjan a lancé une opération militaire contre les positions arméniennes."),
        "military",
    )
    assert ev.place is None
    assert "Azerbaijan" in ev.actors


def test_region_anaphor_uses_the_article_focus(run):
    body = (
        "Le Haut-Karabakh est isolé. La population du Haut-Karabakh manque de tout. "
        "Des civils ont été évacués de la région."
    )
    ev = _one(run(body, language="fr"), "evacuation")
    assert ev.place == "Nagorno-Karabakh"


def test_places_outside_the_region_never_appear(run):
    ex = run("Errant dans les nuages de Dalat. Regardez les avions à Ho Chi Minh-Ville.")
    assert ex.places == [] and all(e.place is None for e in ex.events)
