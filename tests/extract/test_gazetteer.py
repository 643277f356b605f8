"""The gazetteer finds the region's places in many languages, exactly and never wrongly."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from dashboard.extract.gazetteer import (
    Gazetteer,
    PlaceEntry,
    PlaceMention,
    default_gazetteer,
)
from dashboard.paths import data_dir

GAZ_DIR = data_dir() / "gazetteer"
# the only non-country entries outside the South Caucasus box
# (and the Caucasus as a whole, whose centre lies north of the box)
FAR_ALLOWED = {
    "Moscow",
    "Ankara",
    "Tehran",
    "Washington, D.C.",
    "Paris",
    "Brussels",
    "Sochi",
    "Tbilisi",
    "Caucasus",
}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    """(surface, canonical name) of every mention, after checking its offsets."""
    mentions = gaz.find(text)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    return [(m.surface, m.entry.name) for m in mentions]


def assert_found(gaz: Gazetteer, text: str, expected: list[tuple[str, str]]) -> None:
    """Each expected surface is found, in order, at its exact offset, and nothing else."""
    mentions = gaz.find(text)
    assert [(m.surface, m.entry.name) for m in mentions] == expected
    cursor = 0
    for m, (surface, _) in zip(mentions, expected, strict=True):
        start = text.index(surface, cursor)
        assert (m.start, m.end) == (start, start + len(surface))
        cursor = m.end


# --- loading --------------------------------------------------------------------------


def test_default_gazetteer_is_cached_and_knows_the_region(gaz: Gazetteer) -> None:
    assert default_gazetteer() is gaz
    step = gaz.get("Stepanakert")
    assert step == PlaceEntry("Stepanakert", "city", step.lat, step.lon, "AZ", False)
    assert step.lat == pytest.approx(39.82, abs=0.05)
    assert step.lon == pytest.approx(46.75, abs=0.05)
    assert gaz.get("Nagorno-Karabakh").kind == "region"
    assert gaz.get("Lachin corridor").kind == "route"
    assert gaz.get("Armenia").kind == "country"
    assert gaz.get("Atlantis") is None


@pytest.mark.parametrize(
    "name",
    [
        "Yerevan",
        "Baku",
        "Moscow",
        "Tbilisi",
        "Ankara",
        "Tehran",
        "Washington, D.C.",
        "Paris",
        "Brussels",
    ],
)
def test_national_capitals_are_flagged(gaz: Gazetteer, name: str) -> None:
    entry = gaz.get(name)
    assert entry is not None and entry.kind == "city" and entry.capital


@pytest.mark.parametrize("name", ["Stepanakert", "Shusha", "Goris", "Lachin", "Sochi", "Ganja"])
def test_other_towns_are_not_capitals(gaz: Gazetteer, name: str) -> None:
    assert gaz.get(name).capital is False


@pytest.mark.parametrize(
    "name",
    [
        "Stepanakert", "Shusha", "Lachin", "Goris", "Kornidzor", "Yerevan", "Baku", "Agdam",
        "Martakert", "Martuni", "Hadrut", "Askeran", "Khojaly", "Fizuli", "Jabrayil",
        "Kalbajar", "Tbilisi", "Moscow", "Ankara", "Tehran", "Washington, D.C.", "Brussels", "Sochi",
        "Vardenis", "Jermuk", "Kapan", "Sisian", "Ganja", "Barda", "Tartar", "Hakari bridge",
        "Kornidzor checkpoint", "Azerbaijan", "Russia", "Turkey", "Iran", "Georgia",
        "United States", "France",
    ],
)  # fmt: skip
def test_requested_places_are_present(gaz: Gazetteer, name: str) -> None:
    assert gaz.get(name) is not None


def test_places_file_is_small_regional_and_well_formed() -> None:
    path = GAZ_DIR / "places.json"
    assert path.stat().st_size < 300_000
    places = json.loads(path.read_text(encoding="utf-8"))["places"]
    names = [p["name"] for p in places]
    assert len(names) == len(set(names))
    for p in places:
        keys = {"name", "kind", "lat", "lon", "country", "capital", "aliases", "source"}
        assert set(p) - {"adjectives"} == keys
        assert all(a.islower() for a in p.get("adjectives", []))  # they match in any case
        assert p["kind"] in {"country", "macroregion", "region", "city", "route", "site"}
        assert p["source"] in {"geonames", "manual"}
        assert p["aliases"] == sorted(set(p["aliases"])) and p["name"] in p["aliases"]
        if p["kind"] != "country" and p["name"] not in FAR_ALLOWED:
            assert 38.3 <= p["lat"] <= 41.5 and 43.4 <= p["lon"] <= 50.5, p["name"]
    # one surface, one place
    owners: dict[str, str] = {}
    for p in places:
        for alias in p["aliases"]:
            assert owners.setdefault(alias.casefold(), p["name"]) == p["name"], alias


# --- multilingual sentences --------------------------------------------------------------

SENTENCES = [
    (
        "Azerbaijan closed the Lachin corridor, cutting Stepanakert off from Armenia.",
        [
            ("Azerbaijan", "Azerbaijan"),
            ("Lachin corridor", "Lachin corridor"),
            ("Stepanakert", "Stepanakert"),
            ("Armenia", "Armenia"),
        ],
    ),
    (
        "Les réfugiés du Haut-Karabakh arrivent à Goris par le corridor de Lachin, selon Erevan.",
        [
            ("Haut-Karabakh", "Nagorno-Karabakh"),
            ("Goris", "Goris"),
            ("corridor de Lachin", "Lachin corridor"),
            ("Erevan", "Yerevan"),
        ],
    ),
    (
        "Беженцы из Нагорного Карабаха прибыли в Горис через Лачинский коридор, сообщил Ереван.",
        [
            ("Нагорного Карабаха", "Nagorno-Karabakh"),
            ("Горис", "Goris"),
            ("Лачинский коридор", "Lachin corridor"),
            ("Ереван", "Yerevan"),
        ],
    ),
    (
        "Die Armenier Bergkarabachs flohen über den Latschin-Korridor nach Armenien; Baku schweigt.",
        [
            ("Bergkarabachs", "Nagorno-Karabakh"),
            ("Latschin-Korridor", "Lachin corridor"),
            ("Armenien", "Armenia"),
            ("Baku", "Baku"),
        ],
    ),
    (
        "Miles de personas huyen de Alto Karabaj hacia Armenia por el corredor de Lachín, informó Ereván.",
        [
            ("Alto Karabaj", "Nagorno-Karabakh"),
            ("Armenia", "Armenia"),
            ("corredor de Lachín", "Lachin corridor"),
            ("Ereván", "Yerevan"),
        ],
    ),
    (
        "Ադրբեջանը փակել է Լաչինի միջանցքը, և Ստեփանակերտում սով է։",
        [
            ("Ադրբեջանը", "Azerbaijan"),
            ("Լաչինի միջանցքը", "Lachin corridor"),
            ("Ստեփանակերտում", "Stepanakert"),
        ],
    ),
    (
        "Azərbaycan ordusu Xankəndidə və Şuşada yerləşib, Laçın dəhlizi bağlanıb.",
        [
            ("Azərbaycan", "Azerbaijan"),
            ("Xankəndidə", "Stepanakert"),
            ("Şuşada", "Shusha"),
            ("Laçın dəhlizi", "Lachin corridor"),
        ],
    ),
    (
        "Moscou et Washington, Téhéran et Ankara ont réagi; la réunion aura lieu à Bruxelles.",
        [
            ("Moscou", "Moscow"),
            ("Washington", "Washington, D.C."),
            ("Téhéran", "Tehran"),
            ("Ankara", "Ankara"),
            ("Bruxelles", "Brussels"),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_multilingual_sentences(gaz: Gazetteer, text: str, expected: list) -> None:
    assert_found(gaz, text, expected)


@pytest.mark.parametrize(
    ("surface", "name"),
    [
        ("Khankendi", "Stepanakert"),
        ("Xankəndi", "Stepanakert"),
        ("Ханкенди", "Stepanakert"),
        ("Ստեփանակերտ", "Stepanakert"),
        ("Shushi", "Shusha"),
        ("Şuşa", "Shusha"),
        ("Շուշի", "Shusha"),
        ("Choucha", "Shusha"),
        ("Laçın", "Lachin"),
        ("Berdzor", "Lachin"),
        ("Лачин", "Lachin"),
        ("Горис", "Goris"),
        ("Корнидзор", "Kornidzor"),
        ("Eriwan", "Yerevan"),
        ("Երևան", "Yerevan"),
        ("Bakou", "Baku"),
        ("Bakı", "Baku"),
        ("Ağdam", "Agdam"),
        ("Aghdam", "Agdam"),
        ("Мартакерт", "Martakert"),
        ("Ağdərə", "Martakert"),
        ("Мартуни", "Martuni"),
        ("Xocavənd", "Martuni"),
        ("Гадрут", "Hadrut"),
        ("Moskau", "Moscow"),
        ("Moscú", "Moscow"),
        ("Москва", "Moscow"),
        ("Artsakh", "Nagorno-Karabakh"),
        ("Арцах", "Nagorno-Karabakh"),
        ("Արցախ", "Nagorno-Karabakh"),
        ("Լեռնային Ղարաբաղ", "Nagorno-Karabakh"),
        ("Dağlıq Qarabağ", "Nagorno-Karabakh"),
        ("Nagorny Karabakh", "Nagorno-Karabakh"),
        ("Nagorno Karabaj", "Nagorno-Karabakh"),
        ("Berg-Karabach", "Nagorno-Karabakh"),
        ("Hakari bridge", "Hakari bridge"),
        ("États-Unis", "United States"),
        ("США", "United States"),
    ],
)
def test_aliases_in_many_scripts(gaz: Gazetteer, surface: str, name: str) -> None:
    text = f"Selon l'agence, {surface} — a-t-elle ajouté."
    assert_found(gaz, text, [(surface, name)])


# --- longest match -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le corridor de Lachin reste fermé.", [("corridor de Lachin", "Lachin corridor")]),
        ("the Lachin Corridor near Lachin", [("Lachin Corridor", "Lachin corridor"), ("Lachin", "Lachin")]),
        ("в Нагорном Карабахе", [("Нагорном Карабахе", "Nagorno-Karabakh")]),
        ("Nagorno-Karabakh and Karabakh", [("Nagorno-Karabakh", "Nagorno-Karabakh"), ("Karabakh", "Nagorno-Karabakh")]),
        ("Republic of Armenia", [("Republic of Armenia", "Armenia")]),
        ("КПП Корнидзор", [("КПП Корнидзор", "Kornidzor checkpoint")]),
        ("Kornidzor checkpoint", [("Kornidzor checkpoint", "Kornidzor checkpoint")]),
        ("Соединённых Штатов Америки", [("Соединённых Штатов Америки", "United States")]),
    ],
)  # fmt: skip
def test_longest_match_wins(gaz: Gazetteer, text: str, expected: list) -> None:
    assert_found(gaz, text, expected)


def test_mentions_are_sorted_and_never_overlap(gaz: Gazetteer) -> None:
    text = " ".join(t for t, _ in SENTENCES) * 3
    mentions = gaz.find(text)
    assert len(mentions) == 3 * sum(len(e) for _, e in SENTENCES)
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start


# --- inflection ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "name"),
    [
        ("Степанакерта", "Stepanakert"),
        ("Степанакерте", "Stepanakert"),
        ("Степанакертом", "Stepanakert"),
        ("Степанакерту", "Stepanakert"),
        ("Еревана", "Yerevan"),
        ("Ереване", "Yerevan"),
        ("Ереваном", "Yerevan"),
        ("Нагорного Карабаха", "Nagorno-Karabakh"),
        ("Нагорном Карабахе", "Nagorno-Karabakh"),
        ("Нагорному Карабаху", "Nagorno-Karabakh"),
        ("Лачинского коридора", "Lachin corridor"),
        ("Лачинском коридоре", "Lachin corridor"),
        ("Горисе", "Goris"),
        ("Гориса", "Goris"),
        ("Армении", "Armenia"),
        ("Армению", "Armenia"),
        ("Арменией", "Armenia"),
        ("Азербайджана", "Azerbaijan"),
        ("Азербайджане", "Azerbaijan"),
        ("России", "Russia"),
        ("Россию", "Russia"),
        ("Шуши", "Shusha"),
        ("Шуше", "Shusha"),
        ("Москве", "Moscow"),
        ("Баку", "Baku"),
        ("Республики Армения", "Armenia"),
        ("Երևանում", "Yerevan"),
        ("Բաքվի", "Baku"),
        ("Լեռնային Ղարաբաղում", "Nagorno-Karabakh"),
        ("Ռուսաստանից", "Russia"),
        ("Qarabağda", "Nagorno-Karabakh"),
        ("Bakının", "Baku"),
        ("Armeniens", "Armenia"),
    ],
)
def test_inflected_forms(gaz: Gazetteer, form: str, name: str) -> None:
    assert_found(gaz, f"По данным из {form} сегодня.", [(form, name)])


def test_inflection_rules_come_from_the_data_file(tmp_path: Path) -> None:
    places = {
        "places": [
            {"name": "Testgrad", "kind": "city", "lat": 40.0, "lon": 45.0, "country": "AM",
             "capital": False, "aliases": ["Testgrad", "Тестград"], "source": "manual"}
        ]
    }  # fmt: skip
    (tmp_path / "places.json").write_text(json.dumps(places), encoding="utf-8")
    assert found(Gazetteer.load(tmp_path / "places.json"), "в Тестграде") == []
    rules = {"languages": {"ru": {"script": "Cyrillic", "rules": [
        {"end": "д", "forms": {"prep": "де"}}]}}}  # fmt: skip
    (tmp_path / "inflections.json").write_text(json.dumps(rules), encoding="utf-8")
    gaz = Gazetteer.load(tmp_path / "places.json")
    assert found(gaz, "в Тестграде") == [("Тестграде", "Testgrad")]
    (tmp_path / "stopwords.json").write_text('{"never_match": ["testgrad"]}', encoding="utf-8")
    gaz = Gazetteer.load(tmp_path / "places.json")
    assert found(gaz, "Testgrad, в Тестграде") == [("Тестграде", "Testgrad")]


# --- typography -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("le Haut\u00a0Karabakh", [("Haut\u00a0Karabakh", "Nagorno-Karabakh")]),
        ("le Haut Karabakh", [("Haut Karabakh", "Nagorno-Karabakh")]),
        ("the Nagorno Karabakh war", [("Nagorno Karabakh", "Nagorno-Karabakh")]),
        ("the Nagorno\u2011Karabakh war", [("Nagorno\u2011Karabakh", "Nagorno-Karabakh")]),
        ("Bergkarabach", [("Bergkarabach", "Nagorno-Karabakh")]),
        ("le gouvernement d’Erevan", [("Erevan", "Yerevan")]),
        ("le gouvernement d'Erevan", [("Erevan", "Yerevan")]),
        ("la République d’Arménie", [("République d’Arménie", "Armenia")]),
        ("Armenia's government", [("Armenia", "Armenia")]),
        ("NAGORNO-KARABAKH: BAKU SAYS", [("NAGORNO-KARABAKH", "Nagorno-Karabakh"), ("BAKU", "Baku")]),
        ("Baku-based analysts", [("Baku", "Baku")]),
    ],
)  # fmt: skip
def test_spaces_hyphens_apostrophes_and_capitals(gaz: Gazetteer, text: str, expected: list) -> None:
    assert_found(gaz, text, expected)


def test_texts_whose_lower_case_changes_offsets(gaz: Gazetteer) -> None:
    # "İ".lower() is two characters; the offsets must still be those of the text
    assert_found(gaz, "İrəvan və Bakı", [("İrəvan", "Yerevan"), ("Bakı", "Baku")])
    decomposed = unicodedata.normalize("NFD", "Stépanakert et Bakou")
    assert [n for _, n in found(gaz, decomposed)] == ["Stepanakert", "Baku"]


# --- precision -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Dalat et Ho Chi Minh-Ville, au Vietnam.",
        "Ho Chi Minh City and Hanoi, Saigon, Da Nang.",
        "Sydney, Toronto, Buenos Aires, Lima.",
        "bakou, erevan, armenia, goris, stepanakert, лачин, երևան",
        "Bakunin visited Gorisville; Yerevanskaya street; Armenians and Azerbaijanis.",
        "Mars, Center, Lake, Nord, Ordu, Bank, Lenin, Sen, Kala, Shot, Susa, Panik, Eher, Armas.",
        "Суша и море. Суши. Сарай. Ленин. Куба. Банк.",
        "Սպիտակ տուն. Ապագա. Կենտրոն.",
        "Shaumyan, Mikoyan et Tumanyan étaient des hommes.",
    ],
)
def test_no_false_matches(gaz: Gazetteer, text: str) -> None:
    assert found(gaz, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # exonyms and transliterations of towns, per language
        ("Rockets hit Gyanja overnight.", [("Gyanja", "Ganja")]),
        ("Un bombardeo en Ganyá, la segunda ciudad.", [("Ganyá", "Ganja")]),
        ("Ataques en la localidad de Yevlaj.", [("Yevlaj", "Yevlakh")]),
        ("Desde el enclave de Najichevan.", [("Najichevan", "Nakhchivan")]),
        ("In der Hauptstadt Jerewan kam es zu Protesten.", [("Jerewan", "Yerevan")]),
        ("Bakü ve Erivan ilişkileri.", [("Bakü", "Baku"), ("Erivan", "Yerevan")]),
        ("Fire at Sotk and Vardenis.", [("Sotk", "Sotk"), ("Vardenis", "Vardenis")]),
        ("Գորիսի և Սոթքի ուղղությամբ", [("Գորիսի", "Goris"), ("Սոթքի", "Sotk")]),
        # an all-capital Armenian dateline spells և as ԵՎ
        ("ԵՐԵՎԱՆ, 17 ՍԵՊՏԵՄԲԵՐԻ", [("ԵՐԵՎԱՆ", "Yerevan")]),
        # regions and far countries
        ("Güney Kafkasya'da barış.", [("Güney Kafkasya", "South Caucasus")]),
        ("Les deux pays du Caucase se sont affrontés.", [("Caucase", "Caucasus")]),
        ("Peace in the South Caucasus.", [("South Caucasus", "South Caucasus")]),
        ("Il a étudié au Royaume-Uni.", [("Royaume-Uni", "United Kingdom")]),
        ("ABD Başkanı konuştu.", [("ABD", "United States")]),
        # Russian and Ukrainian adjectives of a town name the town
        ("Из Мартакертского района.", [("Мартакертского", "Martakert")]),
        ("Бакинський військовий суд.", [("Бакинський", "Baku")]),
        # Ukrainian spellings and case endings
        ("До Вірменії прибула група.", [("Вірменії", "Armenia")]),
        ("До міста Ґоріс прибули.", [("Ґоріс", "Goris")]),
        ("Переселенці в Горісі.", [("Горісі", "Goris")]),
        ("Війська Росії та Азербайджану.", [("Росії", "Russia"), ("Азербайджану", "Azerbaijan")]),
    ],
)
def test_exonyms_regions_and_ukrainian_forms(
    gaz: Gazetteer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert_found(gaz, text, expected)


def test_entries_outside_the_region_are_only_the_listed_ones(gaz: Gazetteer) -> None:
    far = {
        e.name
        for e in gaz
        if e.kind != "country" and not (38.3 <= e.lat <= 41.5 and 43.4 <= e.lon <= 50.5)
    }
    assert far == FAR_ALLOWED


def test_empty_and_place_free_texts(gaz: Gazetteer) -> None:
    assert gaz.find("") == []
    assert gaz.find("   ,;  ") == []
    assert gaz.find("Nothing to see here.") == []


def test_mention_type(gaz: Gazetteer) -> None:
    (m,) = gaz.find("Baku said")
    assert isinstance(m, PlaceMention)
    assert m == PlaceMention(gaz.get("Baku"), "Baku", 0, 4)
    assert m.entry.capital


def test_a_macro_region_is_a_place_but_never_an_events_place():
    """ "The South Caucasus" sets the scene; its centre would draw the event off the map."""
    from dashboard.extract import extract
    from dashboard.models import Article

    body = "Fighting broke out in the South Caucasus on 19 September 2023, officials said."
    ex = extract(Article(id="a", source="t", body=body, published="2023-09-20", language="en"))
    assert "South Caucasus" in {p.name for p in ex.places}
    assert all(e.place != "South Caucasus" for e in ex.events)


def test_a_capital_in_another_sentence_is_not_borrowed_as_the_events_place():
    """The paragraph fallback takes a place from a neighbouring sentence; a capital there
    is mostly where a government sits, not where the happening was."""
    from dashboard.extract import extract
    from dashboard.models import Article

    body = (
        "Diplomats in Moscow urged both sides to talk. "
        "The road was blocked on 12 December 2022, drivers said."
    )
    ex = extract(Article(id="b", source="t", body=body, published="2022-12-13", language="en"))
    assert all(e.place != "Moscow" for e in ex.events)
