"""What held-out excerpts in the nine dev-set languages kept missing (trials of the former
Karabakh leaders, the 2024 Tavush delimitation, returns, agency copy): verdicts and trials
as arrests at the court's seat, year-first dates, "47 bin 115", news agencies and Western
Armenian speech verbs as attributions, pledges that are no fighting, and a yearless wire
dateline kept as the body's first line. Every sentence here is written for the test."""

import pytest

from dashboard.extract.counts import find_counts
from dashboard.extract.dates import find_dates
from dashboard.ingest.text import parse_text_page


def _events(ex):
    return [(e.type, e.date, e.place) for e in ex.events]


def _speakers(ex):
    return [s.speaker for s in ex.statements]


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "Le tribunal militaire de Bakou a condamné mardi trois anciens dirigeants du "
            "Haut-Karabakh à la prison à perpétuité.",
            "fr",
        ),
        (
            "El Tribunal Militar de Bakú condenó el martes a cadena perpetua a dos "
            "exdirigentes de Nagorno Karabaj.",
            "es",
        ),
        (
            "Karabağ'ın eski yöneticileri Bakü Askeri Mahkemesinde müebbet hapis cezasına "
            "çarptırıldı.",
            "tr",
        ),
    ],
)
def test_a_sentence_is_an_arrest_at_its_court_not_where_the_accused_come_from(run, body, lang):
    ex = run(body, published="2026-02-05", language=lang)
    assert ("arrest", "Baku") in [(t, p) for t, _, p in _events(ex)], _events(ex)


def test_a_date_set_off_right_after_the_cue_dates_it_rather_than_a_fronted_one(run):
    body = (
        "Au lendemain d'une réunion le 4 février, l'armée a bombardé, le 5 février, "
        "le village de Sotk."
    )
    ex = run(body, published="2026-02-07", language="fr")
    assert ("military", "2026-02-05", "Sotk") in _events(ex), _events(ex)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2023 թվականի սեպտեմբերի 19-ին", "2023-09-19"),
        ("2023 թ. սեպտեմբերի 19-ին", "2023-09-19"),
        ("2024-ի դեկտեմբերին", "2024-12"),
        ("2023-cü il sentyabrın 19-da", "2023-09-19"),
    ],
)
def test_year_first_dates_keep_their_year(text, value):
    dates = find_dates(text, None, year_ref="2026-01-10")
    assert [(d.value, d.explicit_year) for d in dates] == [(value, True)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ermenistan'a geçen Ermenilerin sayısı 47 bin 115 kişiye ulaştı.", 47115),
        ("Ermenistan'a geçen Ermenilerin sayısı 47 bini aştı.", 47000),
    ],
)
def test_turkish_thousands_with_their_remainder_or_case_ending(text, value):
    assert [c.value for c in find_counts(text)] == [value]


def test_thousands_of_is_no_figure():
    assert find_counts("Binlerce kişi sınırı geçti.") == []


@pytest.mark.parametrize(
    ("body", "lang", "speaker"),
    [
        (
            "Ըստ լրատուամիջոցներու՝ յայտարարած է Ատրպէյճանի փոխվարչապետ Շահին Մուսթաֆաեւը։",
            "hy",
            "Shahin Mustafayev",
        ),
        ("Сторони домовилися про обмін полоненими, пише Reuters.", "uk", "Reuters"),
        ("Bu barədə Azərbaycan Müdafiə Nazirliyindən məlumat verilib.", "az", None),
        ("Оборонне відомство Вірменії цю інформацію заперечує.", "uk", None),
        ("Another convoy left for the city, Azernews reports.", "en", "Azernews"),
    ],
)
def test_agencies_ministries_and_western_armenian_verbs_speak(run, body, lang, speaker):
    speakers = _speakers(run(body, language=lang))
    if speaker is None:  # an institution: its head and country, whatever the wording
        assert any(s.startswith("Ministry of Defence of") for s in speakers), speakers
    else:
        assert speaker in speakers, speakers


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Сторони зобов’язалися назавжди припинити бойові дії.", "uk"),
        ("The two leaders pledged to end all fighting between their countries.", "en"),
    ],
)
def test_a_pledge_to_stop_fighting_is_no_fighting(run, body, lang):
    assert "military" not in [t for t, _, _ in _events(run(body, language=lang))]


def test_a_dissolution_by_its_participle(run):
    body = "La república separatista fue disuelta en enero de 2024 en Nagorno Karabaj."
    ex = run(body, published="2024-02-05", language="es")
    assert ("political", "2024-01", "Nagorno-Karabakh") in _events(ex), _events(ex)


@pytest.mark.parametrize(
    ("body", "place"),
    [
        ("Residents of Voskepar blocked the road on Sunday in protest.", "Voskepar"),
        ("Protesters marched from Kirants toward the capital on Monday.", "Kirants"),
        ("Azerbaijani units fired at positions near Verin Shorzha on Tuesday.", "Verin Shorzha"),
    ],
)
def test_tavush_and_gegharkunik_border_villages_are_places(run, body, place):
    assert place in [p.name for p in run(body).places]


def test_a_yearless_wire_dateline_is_no_headline_and_stays_in_the_body():
    page = parse_text_page(
        "MADRID 22 Abr. (EUROPA PRESS) -\n"
        "Al menos siete manifestantes fueron detenidos el domingo en la provincia.\n"
        "La policía abrió una investigación sobre los hechos."
    )
    assert page.title is None
    assert page.body.startswith("MADRID 22 Abr.")


def test_a_headline_with_a_date_inside_is_still_a_headline():
    page = parse_text_page(
        "Nagorno-Karabakh: 19 September - the day everything changed\n"
        "Thousands of people left their homes within a week, officials said."
    )
    assert page.title == "Nagorno-Karabakh: 19 September - the day everything changed"


def test_a_court_condemning_someone_to_prison_says_nothing(run):
    body = (
        "La Justicia condenó este jueves a cadena perpetua a Arayik Harutiunián y a "
        "Levón Mnatsakanián en Bakú."
    )
    ex = run(body, published="2026-02-05", language="es")
    assert _speakers(ex) == []
    assert "arrest" in [t for t, _, _ in _events(ex)]


def test_condemning_an_attack_is_still_speech_and_no_arrest(run):
    ex = run("El Gobierno de Armenia condenó el ataque contra Goris.", language="es")
    assert "arrest" not in [t for t, _, _ in _events(ex)]


def test_a_named_subject_right_after_a_verb_set_off_by_a_comma_speaks(run):
    body = (
        "Le tribunal a prononcé des peines contre Arayik Harutunian, Levon Mnatsakanian "
        "et Davit Babayan, rapporte l’agence APA."
    )
    assert _speakers(run(body, language="fr")) == ["APA"]


def test_a_protest_takes_the_capital_the_paragraph_put_the_rally_in(run):
    body = (
        "The march ended on Thursday on Republic Square in Yerevan before a large crowd. "
        "Police detained 40 protesters the same evening."
    )
    ex = run(body, published="2024-05-10", language="en")
    assert ("arrest", "Yerevan") in [(t, p) for t, _, p in _events(ex)], _events(ex)
