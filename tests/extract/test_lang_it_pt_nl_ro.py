"""Italian, Portuguese, Dutch and Romanian, added as data files only (issue 11 item 4): events typed,
dated and placed, statements with their speakers, counts with their qualifiers, and the
region's places under their names in these languages. Sentences written for these tests;
the article is dated Thursday 21 September 2023 (see the `run` fixture)."""

import pytest


def _of(ex, etype):
    found = [e for e in ex.events if e.type == etype]
    assert found, f"no {etype} event in {[(e.type, e.evidence) for e in ex.events]}"
    return found[0]


@pytest.mark.parametrize(
    ("body", "lang", "etype", "date", "place"),
    [
        (
            "Ieri le forze azere hanno bombardato Stepanakert.",
            "it",
            "military",
            "2023-09-20",
            "Stepanakert",
        ),
        (
            "Martedì migliaia di profughi sono fuggiti verso Goris.",
            "it",
            "displacement",
            "2023-09-19",
            "Goris",
        ),
        (
            "Il 19 settembre è stato firmato un cessate il fuoco nel Nagorno-Karabakh.",
            "it",
            "ceasefire",
            "2023-09-19",
            "Nagorno-Karabakh",
        ),
        (
            "La polizia ha arrestato dieci manifestanti nella capitale Erevan ieri.",
            "it",
            "arrest",
            "2023-09-20",
            "Yerevan",
        ),
        (
            "Ontem, as tropas azerbaijanas atacaram posições em Martuni.",
            "pt",
            "military",
            "2023-09-20",
            "Martuni",
        ),
        (
            "Na terça-feira, milhares de refugiados chegaram a Goris.",
            "pt",
            "displacement",
            "2023-09-19",
            "Goris",
        ),
        (
            "A 20 de setembro foi anunciado um cessar-fogo em Nagorno-Karabakh.",
            "pt",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
        ),
        (
            "O corredor de Lachin foi bloqueado ontem.",
            "pt",
            "blockade",
            "2023-09-20",
            "Lachin corridor",
        ),
        (
            "Gisteren werd Stepanakert opnieuw beschoten.",
            "nl",
            "military",
            "2023-09-20",
            "Stepanakert",
        ),
        (
            "Op dinsdag zijn duizenden mensen naar Goris gevlucht.",
            "nl",
            "displacement",
            "2023-09-19",
            "Goris",
        ),
        (
            "Bij de aanval op Martuni kwamen gisteren drie burgers om het leven.",
            "nl",
            "casualties",
            "2023-09-20",
            "Martuni",
        ),
        (
            "In Jerevan werden gisteren demonstranten opgepakt.",
            "nl",
            "arrest",
            "2023-09-20",
            "Yerevan",
        ),
        (
            "Ieri, forțele azere au bombardat Stepanakert.",
            "ro",
            "military",
            "2023-09-20",
            "Stepanakert",
        ),
        ("Marți, mii de refugiați au ajuns la Goris.", "ro", "displacement", "2023-09-19", "Goris"),
        (
            "Pe 20 septembrie s-a anunțat încetarea focului în Nagorno-Karabah.",
            "ro",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
        ),
    ],
)
def test_events_typed_dated_placed(run, body, lang, etype, date, place):
    ev = _of(run(body, language=lang), etype)
    assert (ev.date, ev.place) == (date, place), (ev.date, ev.place, ev.evidence)


@pytest.mark.parametrize(
    ("body", "lang", "etype", "count", "qualifier"),
    [
        (
            "Oltre 85 mila profughi sono arrivati in Armenia.",
            "it",
            "displacement",
            85000,
            "more_than",
        ),
        (
            "Almeno 32 persone sono state uccise nel Nagorno-Karabakh.",
            "it",
            "casualties",
            32,
            "at_least",
        ),
        ("Quase 3.000 pessoas foram evacuadas de Stepanakert.", "pt", "evacuation", 3000, "about"),
        ("Pelo menos 200 civis morreram em Nagorno-Karabakh.", "pt", "casualties", 200, "at_least"),
        (
            "Meer dan 100.000 vluchtelingen zijn in Armenië aangekomen.",
            "nl",
            "displacement",
            100000,
            "more_than",
        ),
        (
            "Zeker 32 militairen zijn om het leven gekomen in Nagorno-Karabach.",
            "nl",
            "casualties",
            32,
            "at_least",
        ),
        ("Peste 65.036 refugiaţi au intrat în Armenia.", "ro", "displacement", 65036, "more_than"),
        (
            "Cel puțin 32 de oameni au fost uciși în Nagorno-Karabah.",
            "ro",
            "casualties",
            32,
            "at_least",
        ),
    ],
)
def test_counts_with_qualifiers(run, body, lang, etype, count, qualifier):
    ev = _of(run(body, language=lang), etype)
    assert (ev.count, ev.count_qualifier) == (count, qualifier), ev.evidence


@pytest.mark.parametrize(
    ("body", "lang", "speaker"),
    [
        (
            "Il ministero della Difesa armeno ha dichiarato che la situazione è tesa.",
            "it",
            "Ministry of Defence of Armenia",
        ),
        (
            "Il governo dell'Azerbaigian ha annunciato nuovi controlli alla frontiera.",
            "it",
            "Government of Azerbaijan",
        ),
        ("«La strada resta chiusa», ha affermato Nikol Pashinyan.", "it", "Nikol Pashinyan"),
        (
            "Secondo il ministero degli Esteri russo, i colloqui continueranno.",
            "it",
            "Ministry of Foreign Affairs of Russia",
        ),
        (
            "O governo do Azerbaijão afirmou que a estrada está aberta.",
            "pt",
            "Government of Azerbaijan",
        ),
        (
            "O Ministério da Defesa da Armênia informou que a fronteira está calma.",
            "pt",
            "Ministry of Defence of Armenia",
        ),
        (
            "Segundo o Ministério da Defesa russo, os soldados regressaram à base.",
            "pt",
            "Ministry of Defence of Russia",
        ),
        (
            "Het Armeense ministerie van Defensie meldde dat de grens rustig is.",
            "nl",
            "Ministry of Defence of Armenia",
        ),
        (
            "De Azerbeidzjaanse regering heeft bekendgemaakt dat de weg open is.",
            "nl",
            "Government of Azerbaijan",
        ),
        (
            "Volgens het Russische ministerie van Buitenlandse Zaken gaan de gesprekken door.",
            "nl",
            "Ministry of Foreign Affairs of Russia",
        ),
        (
            "De Armeense premier Nikol Pasjinjan zei dat de grens dicht blijft.",
            "nl",
            "Nikol Pashinyan",
        ),
        # an elided article glued to the country names it in French too
        (
            "Le gouvernement de l'Arménie a annoncé la fermeture de la route.",
            "fr",
            "Government of Armenia",
        ),
        (
            "Ministerul armean al Apărării a anunțat că situația este calmă.",
            "ro",
            "Ministry of Defence of Armenia",
        ),
        # cedilla and comma letters alike
        ("Autorităţile armene au anunţat că drumul este deschis.", "ro", "Government of Armenia"),
    ],
)
def test_statements_with_speakers(run, body, lang, speaker):
    speakers = [s.speaker for s in run(body, language=lang).statements]
    assert speaker in speakers, speakers


@pytest.mark.parametrize(
    ("body", "lang", "places"),
    [
        (
            "Il convoglio è partito da Erevan verso il corridoio di Lachin.",
            "it",
            {"Yerevan", "Lachin corridor"},
        ),
        (
            "L'Azerbaigian e l'Armenia hanno parlato a Mosca.",
            "it",
            {"Azerbaijan", "Armenia", "Moscow"},
        ),
        (
            "O Azerbaijão e a Arménia reuniram-se em Moscovo.",
            "pt",
            {"Azerbaijan", "Armenia", "Moscow"},
        ),
        (
            "A Rússia e a Turquia falaram sobre o Alto Carabaque.",
            "pt",
            {"Russia", "Turkey", "Nagorno-Karabakh"},
        ),
        (
            "Azerbeidzjan en Armenië spraken in Moskou over Nagorno-Karabach.",
            "nl",
            {"Azerbaijan", "Armenia", "Moscow", "Nagorno-Karabakh"},
        ),
        ("De regering in Bakoe en die in Jerevan zwegen.", "nl", {"Baku", "Yerevan"}),
        (
            "Delegațiile Azerbaidjanului și Armeniei s-au întâlnit la Moscova.",
            "ro",
            {"Azerbaijan", "Armenia", "Moscow"},
        ),
    ],
)
def test_places_under_their_names(run, body, lang, places):
    found = {p.name for p in run(body, language=lang).places}
    assert places <= found, found


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("L'Azerbaigian potrebbe attaccare la regione.", "it"),  # a possibility, not news
        ("A polícia não prendeu ninguém.", "pt"),  # negated
        ("Armenië dreigde met een blokkade.", "nl"),  # a threat
        ("Azerbaidjanul ar putea ataca regiunea.", "ro"),
    ],
)
def test_no_event_from_what_did_not_happen(run, body, lang):
    assert run(body, language=lang).events == []


@pytest.mark.parametrize(
    ("body", "lang", "etype"),
    [
        # Dutch past passive; "werden" is the German future, a modal only in German
        ("Gisteren werden in Martuni drie soldaten gedood.", "nl", "casualties"),
        # "mai" is "never" in Italian and May in French
        ("Le 3 mai, l'armée a bombardé le village de Martuni.", "fr", "military"),
    ],
)
def test_modals_are_read_in_the_article_language(run, body, lang, etype):
    assert _of(run(body, language=lang), etype)
