"""Language detection, date finding and ids."""

from __future__ import annotations

import pytest

from dashboard.ingest.dates import find_date, normalise_date
from dashboard.ingest.ids import article_id
from dashboard.ingest.language import detect_languages


def test_main_language_and_a_caption_in_another_language():
    body = "\n\n".join(
        [
            "Les forces de maintien de la paix ont évacué des centaines de civils vers l'aéroport "
            "au cours de la nuit, selon le ministère de la Défense.",
            "Quân đội đã sơ tán hàng trăm dân thường khỏi khu vực trong đêm qua, theo thông báo của bộ quốc phòng.",
            "Les autorités locales ont ouvert des abris dans les écoles et distribué de la nourriture "
            "aux familles déplacées.",
        ]
    )
    assert detect_languages(body) == ("fr", ["fr", "vi"])


def test_languages_are_not_noisy():
    body = "\n\n".join(
        [
            "Ilham Aliyev, Nikol Pashinyan, Charles Michel, Emmanuel Macron, Olaf Scholz",
            "The leaders met in Granada on Thursday, but the planned signing was postponed, "
            "according to diplomats familiar with the talks.",
            "Short line.",
            "Officials said the next meeting would take place in Brussels before the end of the year.",
        ]
    )
    assert detect_languages(body) == ("en", ["en"])


def test_russian_quote_in_english_text_and_title_language():
    body = (
        "The foreign minister repeated the position of the government in a televised address.\n\n"
        "He said that the talks would continue next week in Brussels with European mediators.\n\n"
        "«Мы готовы продолжать переговоры, но только на основе взаимного уважения», — сказал он."
    )
    main, languages = detect_languages(
        body, extra=["Der Minister wiederholte die Position der Regierung"]
    )
    assert main == "en"
    assert languages == ["en", "de", "ru"]


def test_language_of_short_text():
    assert detect_languages("Переговоры продолжатся.")[0] == "ru"
    assert detect_languages("") == (None, [])


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Báo Quốc TếBáo Quốc Tế20/09/2023", "2023-09-20"),
        ("Published 2023-09-20 14:00", "2023-09-20"),
        ("20 septembre 2023", "2023-09-20"),
        ("September 20, 2023 | Reuters", "2023-09-20"),
        ("Sept. 20, 2023", "2023-09-20"),
        ("20.09.2023, 18:40", "2023-09-20"),
        ("20 сентября 2023 г.", "2023-09-20"),
        ("20. September 2023", "2023-09-20"),
        ("20 de septiembre de 2023", "2023-09-20"),
        ("20 սեպտեմբերի 2023", "2023-09-20"),
        ("20 Eylül 2023", "2023-09-20"),
        ("2023年9月20日", "2023-09-20"),
        ("09/25/2023", "2023-09-25"),  # month first only when day first is impossible
    ],
)
def test_find_date_formats(line, iso):
    found = find_date(line)
    assert found is not None and found.iso == iso


def test_find_date_position_and_non_dates():
    line = "Báo Quốc TếBáo Quốc Tế20/09/2023"
    found = find_date(line)
    assert line[: found.start] == "Báo Quốc TếBáo Quốc Tế"
    assert find_date("2 000 personnes ont été évacuées") is None
    assert find_date("Version 1.2.3 released") is None
    assert find_date("31/02/2023") is None


def test_normalise_date_any_format():
    assert normalise_date("2023-09-20T08:00:00+04:00") == "2023-09-20"
    assert normalise_date("Wed, 20 Sep 2023 08:00:00 GMT") == "2023-09-20"
    assert normalise_date("20 сентября 2023") == "2023-09-20"
    assert normalise_date(1695196800) == "2023-09-20"
    assert normalise_date("not a date") is None
    assert normalise_date("") is None


def test_article_id_is_stable_and_normalised():
    a = article_id("Ceasefire  talks\n\nresume in BRUSSELS")
    b = article_id("ceasefire talks resume in brussels")
    c = article_id("Ｃｅａｓｅｆｉｒｅ talks resume in brussels")  # full-width letters (NFKC)
    assert a == b == c
    assert len(a) == 16
    assert a != article_id("ceasefire talks resume in geneva")


def test_long_body_with_one_paragraph_in_another_latin_language():
    english = [
        "The government said on Monday that the talks would continue next week in Brussels with the mediators.",
        "The opposition criticised the decision and called for the agreement to be published in full before signing.",
        "Officials said that the border road would reopen to civilian traffic once the engineers finished the repairs.",
        "Aid agencies said that the number of people in the shelters had fallen for the first time since the autumn.",
        "The foreign ministry said that it would send a delegation to the talks and that it expected progress.",
    ]
    french = "Le ministère a déclaré que la délégation participerait aux pourparlers et qu'il attendait des progrès."
    body = "\n\n".join(english[:3] + [french] + english[3:])
    assert detect_languages(body) == ("en", ["en", "fr"])


def test_bilingual_body_in_blocks():
    english = [
        "The government said on Monday that the talks would continue next week in Brussels with the mediators.",
        "The opposition criticised the decision and called for the agreement to be published in full before signing.",
        "Officials said that the border road would reopen to civilian traffic once the engineers finished the repairs.",
    ]
    russian = [
        "Правительство заявило в понедельник, что переговоры продолжатся на следующей неделе в Брюсселе.",
        "Оппозиция раскритиковала это решение и потребовала опубликовать текст соглашения до его подписания.",
    ]
    assert detect_languages("\n\n".join(english + russian)) == ("en", ["en", "ru"])
    assert detect_languages("\n\n".join(russian + english)) == ("en", ["en", "ru"])


def test_symbols_before_the_text_do_not_decide_the_language():
    # hundreds of emoji (or private-use characters) before one English sentence: the
    # sample judged is the sentence, not symbols on which every language ties
    sentence = "Azerbaijan launched an offensive and thousands of people fled to Armenia."
    for symbol in ("\U0001f469\u200d\U0001f469\u200d\U0001f467 ", "\ue000\uf8ff "):
        assert detect_languages(symbol * 300 + sentence) == ("en", ["en"])


def test_only_symbols_give_no_language():
    assert detect_languages("\U0001f3f3\ufe0f " * 200)[0] is None
