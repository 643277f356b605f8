"""Web pages saved as plain text, and plain-text articles."""

from __future__ import annotations

from ingest_helpers import only_article, only_failure, write

from dashboard.ingest.text import parse_text_page

ENGLISH_PAGE = """Highland Courier - Independent news from the South Caucasus

Home
World
Refugees cross the mountain road as the last checkpoint opens

By Mariam Petrosyan | Highland Courier | September 28, 2023

Share

Thousands of families drove down the mountain road on Thursday after the last checkpoint on the route was opened to civilian traffic, local officials said.

Advertisement

Volunteers in the border town handed out water and blankets to people who had spent the night in their cars, according to a charity working in the area.

"We left everything behind," one woman said, holding a small suitcase.

Officials said more than 50,000 people had registered at the reception centre since Sunday.

Share

Related

Markets close higher after a quiet session
Weather: heavy rain expected this weekend
Comments (3)
"""

RUSSIAN_PAGE = """Кавказский вестник — новости региона

Беженцы прибывают в Горис, власти открыли пункты приёма

Кавказский вестникКавказский вестник 26 сентября 2023, 18:40

В Горис за последние сутки прибыли несколько тысяч человек, сообщили во вторник вечером в местной администрации.

Правительство открыло пункты временного размещения в школах и гостиницах, добавили в ведомстве.

Волонтёры раздают продукты, воду и одеяла людям, которые провели в дороге больше суток.

Читайте также
Новые правила въезда вступят в силу с понедельника
Погода на выходные: дожди и похолодание
Комментарии (0)
"""

GERMAN_PAGE = """Bergland Rundschau | Nachrichten aus dem Kaukasus

Waffenruhe in der Region brüchig, Beobachter melden Schüsse

20.09.2023 | Bergland Rundschau

Beobachter meldeten am Mittwochabend erneut Schüsse entlang der Kontaktlinie, teilte die Mission in einer Erklärung mit.

Beide Seiten warfen sich gegenseitig vor, die vereinbarte Waffenruhe gebrochen zu haben.

Verwandte Artikel
Wetter: Schnee in den Bergen erwartet
"""


def test_english_saved_page(tmp_path, ingest):
    article = only_article(ingest(write(tmp_path / "en_page.txt", ENGLISH_PAGE)))
    assert article.title == "Refugees cross the mountain road as the last checkpoint opens"
    assert article.outlet == "Highland Courier"
    assert article.published == "2023-09-28"
    assert article.language == "en"
    assert article.languages == ["en"]
    assert article.body.startswith("Thousands of families drove down the mountain road")
    assert article.body.endswith("registered at the reception centre since Sunday.")
    for junk in (
        "Advertisement",
        "Share",
        "Related",
        "Markets close",
        "Comments",
        "Home",
        "Petrosyan",
    ):
        assert junk not in article.body
    # the body is the kept lines, exactly, one paragraph each
    lines = {line.strip() for line in ENGLISH_PAGE.splitlines()}
    assert all(p in lines for p in article.body.split("\n\n"))
    assert len(article.body.split("\n\n")) == 4


def test_russian_saved_page_with_glued_outlet(tmp_path, ingest):
    article = only_article(ingest(write(tmp_path / "ru_page.txt", RUSSIAN_PAGE)))
    assert article.title == "Беженцы прибывают в Горис, власти открыли пункты приёма"
    assert article.outlet == "Кавказский вестник"
    assert article.published == "2023-09-26"
    assert article.language == "ru"
    assert article.languages == ["ru"]
    assert article.body.startswith("В Горис за последние сутки")
    assert article.body.endswith("провели в дороге больше суток.")
    for junk in ("Читайте также", "Погода", "Комментарии", "новости региона"):
        assert junk not in article.body


def test_german_saved_page_date_before_outlet(tmp_path, ingest):
    article = only_article(ingest(write(tmp_path / "de_page.txt", GERMAN_PAGE)))
    assert article.title == "Waffenruhe in der Region brüchig, Beobachter melden Schüsse"
    assert article.outlet == "Bergland Rundschau"
    assert article.published == "2023-09-20"
    assert article.language == "de"
    assert "Verwandte" not in article.body and "Wetter" not in article.body
    assert article.body.endswith("gebrochen zu haben.")


def test_plain_article_without_header_or_date(tmp_path, ingest):
    text = (
        "Border talks to resume next month\n"
        "The two foreign ministers agreed to meet again in October, a spokesperson said on Friday.\n"
        "The talks will focus on the border commission and on transport links.\n"
    )
    article = only_article(ingest(write(tmp_path / "plain.txt", text)))
    assert article.title == "Border talks to resume next month"
    assert article.published is None
    assert article.outlet == "unknown outlet"  # no byline, header or link names one
    assert article.body == (
        "The two foreign ministers agreed to meet again in October, a spokesperson said on Friday."
        "\n\nThe talks will focus on the border commission and on transport links."
    )


def test_plain_single_paragraph_has_no_title():
    text = "Azerbaijan and Armenia exchanged prisoners on Thursday at the border, officials said."
    page = parse_text_page(text)
    assert page.title is None
    assert page.body == text


def test_sentence_with_a_date_is_not_a_byline():
    text = (
        "Evacuation continues in the region\n\n"
        "On 20 September 2023 the authorities opened a humanitarian corridor for civilians.\n\n"
        "Buses left the city every hour throughout the night, witnesses said.\n"
    )
    page = parse_text_page(text)
    assert page.title == "Evacuation continues in the region"
    assert page.published is None
    assert page.body.startswith("On 20 September 2023 the authorities")


def test_navigation_tail_without_marker_is_dropped():
    text = (
        "Aid convoy reaches the city after long delay\n\n"
        "Published: 2023-10-02\n\n"
        "A convoy of twenty trucks carrying food and medicine reached the city on Monday, the Red Cross said.\n\n"
        "It was the first delivery in several weeks.\n\n"
        "Home\nPolitics\nEconomy\nSport\nContact us\n"
    )
    page = parse_text_page(text)
    assert page.published == "2023-10-02"
    assert page.outlet is None  # "Published:" is a label, not an outlet
    assert page.body.endswith("It was the first delivery in several weeks.")
    assert "Politics" not in page.body


def test_page_of_only_boilerplate_is_a_failure(tmp_path, ingest):
    text = "Home\nWorld\nSport\nContact\n"
    failure = only_failure(ingest(write(tmp_path / "menu.txt", text)))
    assert failure.source.endswith("menu.txt")
    assert failure.reason.startswith("no article text found")


def test_byline_with_weekday_time_and_outlet_after_the_date():
    text = (
        "Caucasus Wire\n\n"
        "Ceasefire holds for a second day as talks continue\n\n"
        "Wednesday, 20 September 2023 14:05 GMT | The Sun\n\n"
        "Residents in the city reported a quiet night for the second day in a row, officials said.\n\n"
        "Shops reopened in the morning and buses returned to their usual routes.\n"
    )
    page = parse_text_page(text)
    assert page.title == "Ceasefire holds for a second day as talks continue"
    assert page.published == "2023-09-20"
    assert page.outlet == "The Sun"
    assert page.body.startswith("Residents in the city")


def test_txt_holding_html_and_html_holding_text(tmp_path, ingest):
    html = (
        "<!DOCTYPE html><html><head><title>Talks resume</title></head><body><article>"
        "<p>Negotiators met again on Thursday in Brussels to discuss the border, officials said.</p>"
        "<p>The next meeting is planned for the end of the month, according to the statement.</p>"
        "</article></body></html>"
    )
    from_txt = only_article(ingest(write(tmp_path / "saved.txt", html)))
    assert "<p>" not in from_txt.body and from_txt.body.startswith("Negotiators met again")
    plain = "Talks resume in Brussels\n\nNegotiators met again on Thursday in Brussels, officials said.\n"
    from_html = only_article(ingest(write(tmp_path / "plain.html", plain)))
    assert from_html.title == "Talks resume in Brussels"


def test_outlet_keeps_its_own_brackets(tmp_path, ingest):
    page = (
        "SAMPLE WIRE (Sample) | Home | World\n\n"
        "Refugees reach the border town after a night on the road\n\n"
        "Sample Wire (Sample) — 26 September 2023\n\n"
        "Thousands of families reached the border town on Tuesday, officials said, and more were expected.\n\n"
        "Volunteers handed out water and blankets to the people who had spent the night in their cars.\n"
    )
    art = only_article(ingest(write(tmp_path / "page.txt", page)))
    assert art.outlet == "Sample Wire (Sample)"
    assert art.published == "2023-09-26"


AGENCY_PAGE = """Skip to main content
Newsroom
World
Thousands leave the region as the border town braces for arrivals
By Jane Doe and John Roe
September 25, 2023 10:32 AM GMT+2 Updated 2 hours ago
BORDER TOWN, Sept 25 - Thousands of families crossed the border on Monday, officials said.
The government said the reception centres were full by the evening.
Reporting by Jane Doe; Editing by John Roe
Our Standards: The Trust Principles.
Read Next
Markets close higher after a quiet session
"""


def test_headline_is_the_line_nearest_the_byline(tmp_path, ingest):
    art = only_article(ingest(write(tmp_path / "agency.txt", AGENCY_PAGE)))
    assert art.title == "Thousands leave the region as the border town braces for arrivals"
    assert art.published == "2023-09-25"
    assert art.outlet == "unknown outlet"  # "+2 Updated 2 hours ago" is a time stamp, not an outlet
    assert art.body.startswith("BORDER TOWN, Sept 25")
    assert "By Jane Doe" not in art.body
    assert "Reporting by" not in art.body and "Our Standards" not in art.body


def test_cut_off_last_sentence_is_kept_but_a_last_menu_line_is_not():
    """An excerpt cut off mid-sentence ends in running text, not in navigation."""
    head = (
        "Aid convoy reaches the city after long delay\n\n"
        "Published: 2023-10-02\n\n"
        "A convoy of twenty trucks carrying food and medicine reached the city on Monday.\n\n"
    )
    cut = "The drivers said the road through the mountains was still"
    page = parse_text_page(head + cut + "\n")
    assert page.body.endswith(cut)
    for tail in ("Become a member", "Share on Facebook", "Read More Stories From Our Team"):
        page = parse_text_page(head + tail + "\n")
        assert page.body.endswith("on Monday."), tail


def test_a_hard_wrapped_sentence_stays_one_paragraph():
    # a plain-text page wrapped at a fixed width: the wrap is no paragraph break
    page = (
        "Convoy leaves for the mountain town\n\n"
        "A convoy of families was sent from the capital on Monday. In this phase,\n"
        "40 families, totaling 150 people, have been\n"
        "relocated to the town.\n"
        "Officials said more would follow."
    )
    body = parse_text_page(page).body
    assert "40 families, totaling 150 people, have been relocated to the town." in body
    assert "relocated to the town.\n\nOfficials said" in body
