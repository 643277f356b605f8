"""Patterns that real articles outside the dev set kept missing (found on held-out-style
excerpts in several languages, never copied here): first names that dictionaries also
list, appositives between a speaker and the verb, a spaced hyphen before an inverted verb,
a known surname meaning the person the article named, capitals speaking for their
government, exchange-of-fire and death cues, and years of dates after the article's
latest dated day. Every sentence here is written for the test."""

import pytest

from dashboard.extract.dates import find_dates
from dashboard.extract.names import find_names


def _speakers(ex):
    return [s.speaker for s in ex.statements]


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        (
            "El vicecanciller armenio Vahan Kostanian dijo que no hay avances.",
            "es",
            "Vahan Kostanian",
        ),
        ("La portavoz María Zajarova habló de negociaciones largas.", "es", "María Zajarova"),
        ("Об этом сообщил пресс-секретарь Арам Торосян.", "ru", "Aram Torosyan"),
    ],
)
def test_a_first_name_the_dictionary_knows_still_starts_a_name(text, lang, name):
    assert name in [n.name for n in find_names(text, lang, [])]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Armenian government said nothing.", "en"),
        ("El Gobierno armenio dijo que no.", "es"),
    ],
)
def test_no_name_from_an_ordinary_word_and_a_country_adjective(text, lang):
    assert find_names(text, lang, []) == []


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        (
            "El vicecanciller armenio Vahan Kostanian, dijo que los camiones esperarán.",
            "Vahan Kostanian",
        ),
        ("La portavoz María Zajarova habló de «negociaciones muy largas».", "Maria Zakharova"),
        (
            "Об этом сообщил пресс-секретарь министерства Арам Торосян.",
            "Aram Torosyan",
        ),
    ],
)
def test_speakers_with_dictionary_first_names(run, body, speaker):
    assert speaker in _speakers(run(body)), _speakers(run(body))


def test_an_appositive_keeps_the_speaker_before_it(run):
    body = (
        "Anna Petrosyan, die Sprecherin des Ministeriums, sagte, Major Karen Sargsyan "
        "sei verletzt worden."
    )
    assert _speakers(run(body, language="de")) == ["Anna Petrosyan"]


def test_a_spaced_hyphen_leads_an_inverted_verb(run):
    body = (
        "Об этом сообщил пресс-секретарь Арам Торосян. "
        "«Подразделения выполняют все задачи», - заявил Торосян."
    )
    ex = run(body, language="ru")
    assert [s.mode for s in ex.statements if s.speaker == "Aram Torosyan"] == [
        "indirect",
        "direct",
    ]


def test_a_known_surname_alone_is_the_person_the_article_named(run):
    body = (
        "The ministry's spokeswoman, Shushan Stepanyan, said two soldiers were wounded. "
        "In a post on Tuesday, Stepanyan reported that the night was calm."
    )
    assert _speakers(run(body)) == ["Shushan Stepanyan", "Shushan Stepanyan"]


def test_a_capital_that_speaks_is_no_event_place(run):
    body = (
        "В Ереване сообщили, что после перестрелки с территории Азербайджана стреляли из минометов."
    )
    ex = run(body, language="ru")
    assert [e.type for e in ex.events] == ["military"]
    assert ex.events[0].place is None
    assert "Government of Armenia" in _speakers(ex)


def test_a_capital_with_a_locative_is_still_a_place(run):
    ex = run("Вчера в Ереване прошла акция протеста.", language="ru")
    assert [(e.type, e.place) for e in ex.events] == [("protest", "Yerevan")]


@pytest.mark.parametrize(
    ("body", "lang", "etype"),
    [
        ("Azerbaijani forces fired mortars at Armenian positions near Jermuk.", "en", "military"),
        ("Two soldiers were wounded in a skirmish near Jermuk.", "en", "military"),
        ("Einheiten schossen am Morgen auf Stellungen bei Jermuk.", "de", "military"),
        ("Das Ministerium meldete den Tod eines Soldaten bei Jermuk.", "de", "casualties"),
        ("Перестрелка на границе у Джермука продолжалась час.", "ru", "military"),
        ("Перестрілка на кордоні біля Джермука тривала годину.", "uk", "military"),
        ("Un tiroteo en la frontera cerca de Jermuk duró una hora.", "es", "military"),
        ("Une fusillade a éclaté à la frontière près de Jermuk.", "fr", "military"),
    ],
)
def test_exchange_of_fire_and_death_cues(run, body, lang, etype):
    ex = run(body, language=lang)
    assert etype in [e.type for e in ex.events], [(e.type, e.evidence) for e in ex.events]


def test_fired_from_office_is_no_military_event(run):
    ex = run("The prime minister fired the head of the general staff.")
    assert "military" not in [e.type for e in ex.events]


def test_a_day_after_the_latest_dated_day_keeps_its_year_without_a_publication_date():
    text = "The photo was taken on July 27, 2022. On August 3, the shelling resumed."
    days = [d.value for d in find_dates(text, None, year_ref="2022-07-27")]
    assert days == ["2022-07-27", "2022-08-03"]


def test_with_a_publication_date_a_later_day_is_last_year():
    days = [d.value for d in find_dates("On August 3, the shelling resumed.", "2022-07-27")]
    assert days == ["2021-08-03"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Позиции в Лачинском направлении подверглись обстрелу.", "Lachin"),
        ("Села Горисского района остались без света.", "Goris"),
        ("Обстрел позиций в кельбаджарском направлении.", "Kalbajar"),
        ("Обстріл позицій у кельбаджарському напрямку.", "Kalbajar"),
    ],
)
def test_the_adjective_of_a_town_names_the_town(text, place):
    from dashboard.extract.gazetteer import default_gazetteer

    found = [(m.entry.name, m.adjective) for m in default_gazetteer().find(text)]
    assert (place, True) in found, found


def test_no_adjective_is_made_for_a_country():
    from dashboard.extract.gazetteer import default_gazetteer

    found = [m.entry.name for m in default_gazetteer().find("Азербайджанские военные отошли.")]
    assert found == []


def test_an_event_in_a_town_direction_is_placed_there(run):
    body = "11 апреля позиции армии в Лачинском направлении подверглись обстрелу."
    ex = run(body, language="ru")
    assert [(e.type, e.place) for e in ex.events] == [("military", "Lachin")]


@pytest.mark.parametrize(
    ("body", "lang", "speaker"),
    [
        (
            "L'information a été confirmée, de source directe et par le ministère "
            "azerbaïdjanais de la Défense.",
            "fr",
            "Ministry of Defence of Azerbaijan",
        ),
        (
            "The closure was confirmed by Armenia's Foreign Ministry on Monday.",
            "en",
            "Ministry of Foreign Affairs of Armenia",
        ),
        (
            "Der Angriff wurde vom armenischen Verteidigungsministerium bestätigt.",
            "de",
            "Ministry of Defence of Armenia",
        ),
        (
            "La noticia fue confirmada por el Ministerio de Defensa de Armenia.",
            "es",
            "Ministry of Defence of Armenia",
        ),
    ],
)
def test_the_agent_of_a_passive_speech_verb_speaks(run, body, lang, speaker):
    assert speaker in _speakers(run(body, language=lang)), _speakers(run(body, language=lang))


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Pashinyan said by phone that the talks had failed.", "en"),
        ("Paschinjan sprach am Montag von Aserbaidschan und sagte, die Lage sei ruhig.", "de"),
    ],
)
def test_an_active_verb_keeps_its_subject(run, body, lang):
    assert _speakers(run(body, language=lang)) == ["Nikol Pashinyan"]


def test_a_ministry_written_without_accents_is_still_one(run):
    body = "Le ministère azerbaïdjanais de la Defense a annoncé la fin des opérations."
    assert _speakers(run(body, language="fr")) == ["Ministry of Defence of Azerbaijan"]


@pytest.mark.parametrize(
    ("body", "lang", "speakers"),
    [
        (
            "Russland, die Europäische Union und die Vereinigten Staaten forderten ein Ende der Kämpfe.",
            "de",
            ["Government of Russia", "European Union", "Government of United States"],
        ),
        (
            "La Unión Europea y Francia pidieron a Azerbaiyán abrir el corredor.",
            "es",
            ["European Union", "Government of France"],
        ),
        (
            "Yerevan, Baku and Moscow confirmed the exchange of prisoners.",
            "en",
            ["Government of Armenia", "Government of Azerbaijan", "Government of Russia"],
        ),
    ],
)
def test_every_subject_of_a_list_speaks(run, body, lang, speakers):
    assert _speakers(run(body, language=lang)) == speakers


def test_a_name_before_a_comma_is_no_list(run):
    body = "Speaking after Aliyev, Pashinyan said the road would reopen."
    assert _speakers(run(body)) == ["Nikol Pashinyan"]


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("The ministry condemned the gross violation of the ceasefire by the other side.", "en"),
        ("Армения обвинила соседей в нарушении режима прекращения огня.", "ru"),
        ("Le ministère a dénoncé une violation du cessez-le-feu.", "fr"),
        ("Das Ministerium sprach von einer Verletzung der Waffenruhe.", "de"),
        ("El ministerio denunció la violación del alto el fuego.", "es"),
    ],
)
def test_a_violated_ceasefire_is_no_ceasefire(run, body, lang):
    assert "ceasefire" not in [e.type for e in run(body, language=lang).events]


def test_a_ceasefire_agreed_is_still_one(run):
    ex = run("Armenia and Azerbaijan agreed a ceasefire on Saturday.")
    assert [e.type for e in ex.events] == ["ceasefire"]


def test_a_year_of_birth_is_no_count(run):
    body = "Private Aram Sargsyan (born 2002) and Sergeant Karen Petrosyan (born 2001) were killed."
    ex = run(body)
    assert [(e.type, e.count) for e in ex.events] == [("casualties", None)]


def test_outside_the_cue_clause_a_town_or_route_beats_a_country(run):
    body = (
        "Der Latschin-Korridor, die einzige Verbindung nach Armenien, ist seit Dienstag blockiert."
    )
    ex = run(body, language="de")
    assert [(e.type, e.place) for e in ex.events] == [("blockade", "Lachin corridor")]


@pytest.mark.parametrize(
    ("body", "lang", "speaker"),
    [
        (
            "Le médiateur public du Karabakh a déclaré qu'il y avait des victimes civiles.",
            "fr",
            "Human Rights Defender of Nagorno-Karabakh",
        ),
        (
            "Armenia's ombudsman said the villages were shelled overnight.",
            "en",
            "Human Rights Defender of Armenia",
        ),
        (
            "Омбудсмен Армении заявил, что обстрелу подверглись села.",
            "ru",
            "Human Rights Defender of Armenia",
        ),
    ],
)
def test_the_ombudsman_is_an_institution(run, body, lang, speaker):
    assert speaker in _speakers(run(body, language=lang))


def test_a_named_ombudsman_speaks_in_person(run):
    body = "Armenia's Human Rights Defender Arman Tatoyan said two villages were hit."
    assert _speakers(run(body)) == ["Arman Tatoyan"]


def test_a_person_named_after_a_known_institution_speaks(run):
    body = "Об этом сообщил замглавы МИД Армении Ваан Костанян в своем аккаунте."
    assert _speakers(run(body, language="ru")) == ["Vaan Kostanyan"]


def test_a_name_inside_the_quote_does_not_say_it(run):
    body = '"Le convoi de Ruben Vardanyan attend depuis un mois", a-t-elle déclaré.'
    assert "Ruben Vardanyan" not in _speakers(run(body, language="fr"))


def test_a_speaker_before_the_opening_quote_still_speaks(run):
    body = "Le ministère arménien de la Défense, « la situation reste tendue », a déclaré."
    assert _speakers(run(body, language="fr")) == ["Ministry of Defence of Armenia"]


@pytest.mark.parametrize(
    ("text", "lang", "etype", "place"),
    [
        # rockets fired, in word orders where the subject stands between verb and object
        ("Ráno vypálily nepřátelské síly rakety na Gjandžu.", "cs", "military", "Ganja"),
        ("Ráno vypálili nepriateľské sily rakety na Gandžu.", "sk", "military", "Ganja"),
        # an operation "against" a region, and an anti-terrorist one, in Romanian
        (
            "Azerbaidjanul a început marți operațiunea asupra regiunii Nagorno-Karabah.",
            "ro",
            "military",
            "Nagorno-Karabakh",
        ),
        (
            "Azerbaidjanul a lansat marți o operațiune antiteroristă în Nagorno-Karabah.",
            "ro",
            "military",
            "Nagorno-Karabakh",
        ),
        # the Spanish word order without "de" still names the corridor, not the town
        (
            "Un convoy humanitario espera en la entrada del Corredor Lachin.",
            "es",
            "humanitarian",
            "Lachin corridor",
        ),
    ],
)
def test_cues_and_names_seen_missing_on_held_out_articles(run, text, lang, etype, place):
    found = [e for e in run(text, language=lang).events if e.type == etype]
    assert found and found[0].place == place, [(e.type, e.place) for e in found]


def test_border_villages_under_their_other_names():
    from dashboard.extract.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    found = {
        m.entry.name
        for text in ("Стрельба у села Дыг.", "Shots near Sədərək.", "Near Yeraskh.")
        for m in gaz.find(text)
    }
    assert found == {"Tegh", "Sadarak", "Yeraskh"}


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The government declared martial law in Armenia on Sunday.", "en"),
        ("В Армении в воскресенье объявлено военное положение.", "ru"),
        ("W Armenii w niedzielę ogłoszono stan wojenny i mobilizację.", "pl"),
        ("Am Sonntag wurde in Armenien das Kriegsrecht verhängt.", "de"),
        ("Le dimanche, la loi martiale a été décrétée en Arménie.", "fr"),
    ],
)
def test_martial_law_and_mobilization_are_political_decrees(run, text, lang):
    assert any(e.type == "political" for e in run(text, language=lang).events)
