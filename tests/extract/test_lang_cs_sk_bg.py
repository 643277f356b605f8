"""Czech, Slovak and Bulgarian, added as data files only: places in their case forms, typed
events with dates, places and counts, and statements with canonical speakers. Every sentence
here is written for the test."""

import pytest

from dashboard.extract.gazetteer import default_gazetteer
from dashboard.extract.translit import name_to_latin
from dashboard.ingest.language import detect_languages


def _one(ex, etype):
    found = [e for e in ex.events if e.type == etype]
    assert found, f"no {etype} event in {[e.type for e in ex.events]}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Czech declension: genitive, locative, instrumental of adjective + noun
        (
            "Lidé odjeli z Náhorního Karabachu do Arménie a v Jerevanu čekají.",
            ["Nagorno-Karabakh", "Armenia", "Yerevan"],
        ),
        ("Jednání s Ázerbájdžánem o Lačinském koridoru.", ["Azerbaijan", "Lachin corridor"]),
        ("Konvoj dorazil do Stepanakertu přes Gjandžu.", ["Stepanakert", "Ganja"]),
        # Slovak: other endings of the same cases
        (
            "Utečenci prišli z Náhorného Karabachu do Arménska, v Stepanakerte zostali.",
            ["Nagorno-Karabakh", "Armenia", "Stepanakert"],
        ),
        ("Rokovania s Azerbajdžanom na Južnom Kavkaze.", ["Azerbaijan", "South Caucasus"]),
        # Bulgarian: no cases, but the definite article on the corridor
        (
            "Колите чакат на Лачинския коридор между Армения и Нагорни Карабах.",
            ["Lachin corridor", "Armenia", "Nagorno-Karabakh"],
        ),
        ("Русия и САЩ обсъдиха Южния Кавказ.", ["Russia", "United States", "South Caucasus"]),
    ],
)
def test_places_in_their_case_forms(text, names):
    found = [m.entry.name for m in default_gazetteer().find(text)]
    assert found == names


@pytest.mark.parametrize(
    "text",
    [
        # ordinary words that look like case forms of names must stay words
        "Na poli rostl ječmen a v lese byly houby.",
        "V rukou měl knihu a tužku.",
        "Ruka ruku myje, řekl soused.",
        "Облакът беше над планината, а реката течеше бавно.",
    ],
)
def test_ordinary_words_are_no_places(text):
    assert default_gazetteer().find(text) == []


@pytest.mark.parametrize(
    ("body", "lang", "etype", "date", "place", "count"),
    [
        (
            "Dne 19. září zahájil Ázerbájdžán útok v Náhorním Karabachu.",
            "cs",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
            None,
        ),
        (
            "Z Náhorního Karabachu uprchlo do Arménie více než 2 tisíce lidí.",
            "cs",
            "displacement",
            "2023-09-21",
            "Nagorno-Karabakh",
            2000,
        ),
        (
            "Ve Stepanakertu včera zahynulo pět civilistů.",
            "cs",
            "casualties",
            "2023-09-20",
            "Stepanakert",
            5,
        ),
        (
            "V stredu ušlo z Náhorného Karabachu do Arménska 19.000 ľudí.",
            "sk",
            "displacement",
            "2023-09-20",
            "Nagorno-Karabakh",
            19000,
        ),
        (
            "Dňa 20. septembra bolo v Náhornom Karabachu dohodnuté prímerie.",
            "sk",
            "ceasefire",
            "2023-09-20",
            "Nagorno-Karabakh",
            None,
        ),
        (
            "На 19 септември Азербайджан започна военна операция в Нагорни Карабах.",
            "bg",
            "military",
            "2023-09-19",
            "Nagorno-Karabakh",
            None,
        ),
        (
            # fled from the region to the country: placed at the region (the GUIDE's
            # most specific place, as the annotated articles place it)
            "Вчера над 13 хиляди бежанци пристигнаха в Армения от Нагорни Карабах.",
            "bg",
            "displacement",
            "2023-09-20",
            "Nagorno-Karabakh",
            13000,
        ),
    ],
)
def test_events_typed_dated_placed_counted(run, body, lang, etype, date, place, count):
    ev = _one(run(body, language=lang), etype)
    assert (ev.date, ev.place, ev.count) == (date, place, count)


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        ("Ázerbájdžán by mohl zahájit útok na Náhorní Karabach.", "cs"),  # a threat
        ("Arménie chce uzavřít mírovou dohodu do konce roku.", "cs"),  # a plan
        ("Армения ще помогне на всеки, който напусне Нагорни Карабах.", "bg"),  # future
    ],
)
def test_what_did_not_happen_is_no_event(run, body, lang):
    assert run(body, language=lang).events == []


@pytest.mark.parametrize(
    ("body", "lang", "speaker"),
    [
        ("Premiér Nikol Pašinjan v úterý uvedl, že jednání pokračují.", "cs", "Nikol Pashinyan"),
        ("Ázerbájdžánské ministerstvo obrany oznámilo, že palba ustala.", "cs", None),
        ("Podle ruského ministerstva zahraničí se situace zlepšila.", "cs", None),
        ("Arménska vláda v utorok oznámila, že prijme všetkých.", "sk", "Government of Armenia"),
        ("Hovorkyňa Maria Zacharovová povedala, že rokovania pokračujú.", "sk", "Maria Zakharova"),
        ("Министерството на отбраната на Армения съобщи, че няма жертви.", "bg", None),
        ("Премиерът Никол Пашинян заяви, че Армения ще приеме бежанците.", "bg", "Nikol Pashinyan"),
        ("Според Илхам Алиев операцията е приключила.", "bg", "Ilham Aliyev"),
    ],
)
def test_statements_have_canonical_speakers(run, body, lang, speaker):
    expected = {
        "Ázerbájdžánské ministerstvo": "Ministry of Defence of Azerbaijan",
        "Podle ruského": "Ministry of Foreign Affairs of Russia",
        "Министерството на отбраната": "Ministry of Defence of Armenia",
    }
    speaker = speaker or next(v for k, v in expected.items() if body.startswith(k))
    assert [s.speaker for s in run(body, language=lang).statements] == [speaker]


@pytest.mark.parametrize(
    ("body", "lang"),
    [
        (
            "Tisíce lidí opustily své domovy v Náhorním Karabachu a odjely do Arménie. "
            "Vláda v Jerevanu slíbila, že všem uprchlíkům poskytne ubytování a pomoc.",
            "cs",
        ),
        (
            "Tisíce ľudí opustili svoje domovy v Náhornom Karabachu a odišli do Arménska. "
            "Vláda v Jerevane sľúbila, že všetkým utečencom poskytne ubytovanie a pomoc.",
            "sk",
        ),
        (
            "Хиляди хора напуснаха домовете си в Нагорни Карабах и заминаха за Армения. "
            "Правителството в Ереван обеща, че ще осигури подслон на всички бежанци.",
            "bg",
        ),
    ],
)
def test_ingest_detects_the_language(body, lang):
    assert detect_languages(body)[0] == lang


@pytest.mark.parametrize(
    ("name", "lang", "latin"),
    [
        ("Tigran Chačatrjan", "sk", "Tigran Khachatryan"),
        ("Nikol Pašinjan", "cs", "Nikol Pashinyan"),
        ("Jan Novák", "cs", "Jan Novák"),  # a Czech name stays as it is written
        ("Chačatrjan", "de", "Chačatrjan"),  # the rules are Czech and Slovak only
    ],
)
def test_czech_and_slovak_spellings_of_names_in_latin(name, lang, latin):
    assert name_to_latin(name, lang) == latin
