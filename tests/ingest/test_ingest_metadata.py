"""Metadata of saved pages: the date line at the top, the title, the outlet, the language.

Every text here is written for the test (short made-up reports); real articles are read
from ../shared by tests/extract/test_devset_floor.py, never copied here.
"""

from __future__ import annotations

import json

import pytest
from ingest_helpers import only_article, write

from dashboard.ingest.build import make_article
from dashboard.ingest.page import UNKNOWN_OUTLET, site_in_text, site_of
from dashboard.ingest.text import parse_text_page

PARAGRAPHS = (
    "Shelling resumed near the border town overnight, the regional administration said.\n\n"
    "Residents spent the night in basements and the school stayed closed on the next day.\n"
)


@pytest.mark.parametrize(
    "date_line",
    [
        "2023-10-03",
        " date 2023-10-03 ",
        "Date: 2023-10-03",
        "Tuesday, 3 October 2023",
        "03.10.2023 14:05",
        "3 октября 2023",
        "3 жовтня 2023 року, 14:05",
        "3 Ekim 2023 Salı 14:05",
        "3 oktyabr 2023",
        "3 de octubre de 2023",
        "3. Oktober 2023, 14:05 Uhr",
        "Հոկտեմբեր 3,2023 17:37",
        "October 3rd, 2023",
    ],
)
def test_a_date_line_in_any_common_form_is_the_publication_date(date_line):
    page = parse_text_page(f"Border town shelled again overnight\n{date_line}\n{PARAGRAPHS}")
    assert page.published == "2023-10-03"
    assert page.title == "Border town shelled again overnight"
    assert page.body.startswith("Shelling resumed")
    assert page.outlet is None  # no word of the date line is an outlet ("Uhr", "Salı", "року")


def test_date_line_glued_to_the_first_paragraph():
    text = " date 2023-10-03 " + PARAGRAPHS
    page = parse_text_page(text)
    assert page.published == "2023-10-03"
    assert page.published_month == "2023-10"
    assert page.title is None
    assert page.body.startswith("Shelling resumed near the border town")
    assert "2023" not in page.body
    assert page.body.split("\n\n")[0] in text  # still an exact copy of the text


def test_month_only_date_line_gives_the_month():
    page = parse_text_page(" date 2023-06 " + PARAGRAPHS)
    assert page.published is None
    assert page.published_month == "2023-06"
    assert page.body.startswith("Shelling resumed")


def test_month_only_date_line_on_its_own_line_is_not_body():
    page = parse_text_page("date 2023-06\n" + PARAGRAPHS)
    assert (page.published, page.published_month) == (None, "2023-06")
    assert page.body.startswith("Shelling resumed")


def test_month_date_line_refined_by_a_byline_of_that_month():
    text = (
        " date 2023-09 Nachbarn im Streit Hilfskonvoi erreicht die Bergregion "
        "Stand: 18.09.2023 14:46 Uhr\n"
        "Lastwagen mit Mehl und Medikamenten sind am Montag in der Region angekommen.\n"
        "Die Behörden bestätigten die Lieferung am Abend.\n"
    )
    page = parse_text_page(text)
    assert page.published == "2023-09-18"
    assert page.outlet is None  # "Uhr" follows a clock time: not an outlet
    assert page.title == "Nachbarn im Streit Hilfskonvoi erreicht die Bergregion"
    assert page.body.startswith("Lastwagen mit Mehl")
    article = make_article("de.txt", page)
    assert article.outlet == UNKNOWN_OUTLET


def test_month_date_line_refined_by_an_agency_dateline():
    text = (
        " date 2020-10 Adds reactions ///Sampletown, Sampleland, 17 Oct 2020 (AFP) - "
        "The army said on Saturday that a residential district had been hit overnight, "
        "and rescuers searched the rubble until the morning for survivors of the strike.\n"
        "More strikes were reported in the afternoon.\n"
    )
    page = parse_text_page(text)
    assert page.published == "2020-10-17"
    assert page.body.startswith("Adds reactions ///Sampletown")


def test_a_date_of_another_month_does_not_refine_the_month():
    text = " date 2023-10 " + PARAGRAPHS + "Archive 20.09.2023\n"
    page = parse_text_page(text)
    assert (page.published, page.published_month) == (None, "2023-10")


def test_a_sentence_starting_with_a_date_is_not_a_date_line():
    text = "On 3 October 2023 Azerbaijani forces shelled the town, officials said.\n" + PARAGRAPHS
    page = parse_text_page(text)
    assert page.published is None
    assert page.body.startswith("On 3 October 2023 Azerbaijani forces")


@pytest.mark.parametrize(
    "label",
    ["Print version", "Printer-friendly version", "Xəbərin çap versiyası", "Версия для печати"],
)
def test_a_page_label_is_never_the_title(label):
    text = f"Former minister brought to the capital\n{label}\nDate: 27-09-2023, 15:35\n{PARAGRAPHS}"
    page = parse_text_page(text)
    assert page.title == "Former minister brought to the capital"
    assert page.published == "2023-09-27"
    assert label not in page.body


def test_headline_after_a_section_label_without_byline():
    page = parse_text_page("Headlines\nRockets hit the second city overnight\n" + PARAGRAPHS)
    assert page.title == "Rockets hit the second city overnight"
    assert page.body.startswith("Shelling resumed")


def test_outlet_from_the_page_links_leaving_share_links_out():
    text = (
        "Border town shelled again overnight\n"
        "2023-10-03\n"
        + PARAGRAPHS
        + "Share: https://www.facebook.com/sharer.php?u=x https://t.me/share/url?url=x\n"
        "Source: https://www.sample-courier.example.am/news/2023/10/03/border\n"
    )
    page = parse_text_page(text)
    assert page.outlet == "sample-courier.example.am"
    assert "facebook" not in page.body


def test_outlet_from_a_copyright_line_with_a_host_name():
    text = (
        "Border town shelled again overnight\n2023-10-03\n" + PARAGRAPHS + "© 2009 SAMPLEWIRE.am\n"
    )
    assert parse_text_page(text).outlet == "samplewire.am"


def test_no_outlet_known_gives_unknown_outlet(tmp_path, ingest):
    article = only_article(ingest(write(tmp_path / "a.txt", " date 2023-10-03 " + PARAGRAPHS)))
    assert article.outlet == UNKNOWN_OUTLET
    assert article.published == "2023-10-03"


def test_site_of_and_site_in_text():
    assert site_of("https://www.example.am/a/1") == "example.am"
    assert site_of("amp.example.eu") == "amp.example.eu"
    assert site_of("localhost") is None
    assert site_in_text("no links here at all") is None
    links = "https://a.example.com/1 https://b.example.org/2 https://b.example.org/3"
    assert site_in_text(links) == "b.example.org"
    assert site_in_text("see https://x.com/post/1", frozenset({"x.com"})) is None


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "tr",
            "Sınır kasabasında gece boyunca top atışları yeniden başladı, bölge yönetimi açıkladı. "
            "Sakinler geceyi bodrumlarda geçirdi ve okul ertesi gün kapalı kaldı.",
        ),
        (
            "uk",
            "Обстріли прикордонного містечка відновилися вночі, повідомила обласна адміністрація. "
            "Мешканці провели ніч у підвалах, а школа наступного дня залишалася зачиненою.",
        ),
        (
            "ru",
            "Обстрелы приграничного городка возобновились ночью, сообщила областная администрация. "
            "Жители провели ночь в подвалах, а школа на следующий день оставалась закрытой.",
        ),
        (
            "az",
            "Sərhəd qəsəbəsində gecə ərzində atəş yenidən başlayıb, rayon icra hakimiyyəti bildirib. "
            "Sakinlər gecəni zirzəmilərdə keçiriblər və məktəb ertəsi gün bağlı qalıb.",
        ),
    ],
)
def test_language_of_turkish_ukrainian_and_neighbours(tmp_path, ingest, code, text):
    article = only_article(ingest(write(tmp_path / f"{code}.txt", f"{text}\n\n{text}\n")))
    assert article.language == code


def test_headline_glued_after_a_date_line_is_the_title_not_the_outlet():
    page = parse_text_page(" date 2023-10-03 Border town shelled again overnight\n" + PARAGRAPHS)
    assert page.published == "2023-10-03"
    assert page.title == "Border town shelled again overnight"
    assert page.outlet is None
    assert page.body.startswith("Shelling resumed")


def test_outlet_after_a_date_with_a_separator_stays_the_outlet():
    page = parse_text_page(
        "Border town shelled again overnight\n2023-10-03 | Caucasus Wire\n" + PARAGRAPHS
    )
    assert (page.published, page.outlet) == ("2023-10-03", "Caucasus Wire")


def test_html_title_that_is_a_page_label_is_dropped(tmp_path, ingest):
    paragraphs = "".join(f"<p>{p}</p>" for p in PARAGRAPHS.split("\n\n"))
    html = (
        "<!DOCTYPE html><html><head><title>Printer-friendly version</title></head>"
        f"<body><article>{paragraphs}</article></body></html>"
    )
    article = only_article(ingest(write(tmp_path / "print.html", html)))
    assert article.title != "Printer-friendly version"
    assert article.body.startswith("Shelling resumed")


def test_json_record_without_outlet_takes_the_domain_of_its_url(tmp_path, ingest):
    record = {"text": PARAGRAPHS, "url": "https://www.sample-courier.example.am/n/1"}
    article = only_article(ingest(write(tmp_path / "r.jsonl", json.dumps(record) + "\n")))
    assert article.outlet == "sample-courier.example.am"


@pytest.mark.parametrize("given", ["2023-10", "October 2023"])
def test_json_record_with_a_month_only_keeps_the_day_unknown(tmp_path, ingest, given):
    record = {"text": PARAGRAPHS, "published": given}
    article = only_article(ingest(write(tmp_path / "m.jsonl", json.dumps(record) + "\n")))
    assert (article.published, article.published_month) == (None, "2023-10")


def test_a_day_of_the_month_in_a_later_paragraph_is_an_event_date_not_the_publication():
    text = (
        " date 2023-09 "
        + PARAGRAPHS
        + "On 19 September 2023 the offensive began, officials said.\n"
    )
    page = parse_text_page(text)
    assert (page.published, page.published_month) == (None, "2023-09")


def test_clock_time_after_a_leading_date_is_not_body_text():
    text = (
        "2023-10-03 14:05 Azerbaijani forces shelled the border town overnight, the regional "
        "administration said on Tuesday morning in a statement.\n" + PARAGRAPHS
    )
    page = parse_text_page(text)
    assert page.published == "2023-10-03"
    assert page.body.startswith("Azerbaijani forces shelled")


@pytest.mark.parametrize(
    "caption",
    [
        "A soldier at the border post (Defence Ministry photo, May 2, 2022)",
        "Soldat an der Grenze (Foto: Verteidigungsministerium, 2. Mai 2022)",
    ],
)
def test_a_photo_credit_date_in_a_caption_is_not_the_publication_date(caption):
    page = parse_text_page(f"Border town shelled again overnight\n\n{caption}\n\n{PARAGRAPHS}")
    assert page.published is None


def test_a_date_alone_in_brackets_after_a_place_is_still_a_date_line():
    page = parse_text_page(f"Border town shelled again\nYerevan (03.10.2023)\n{PARAGRAPHS}")
    assert page.published == "2023-10-03"
