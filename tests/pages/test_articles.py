"""The Articles page rendered headlessly with AppTest against real databases
(DuckDB and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from page_app import open_page
from streamlit.testing.v1 import AppTest

from dashboard.models import Article, Event, Extraction, Place, Statement
from dashboard.store import open_store

PAGE = Path(__file__).resolve().parents[2] / "pages" / "4_Articles.py"


def _app(monkeypatch, db: str, **params: str | list[str]) -> AppTest:
    return open_page(monkeypatch, PAGE, db, params, run=False)


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _list(at: AppTest):
    return at.dataframe[0].value


def _html(at: AppTest) -> str:
    return "\n".join(h.proto.body for h in at.get("html"))


def _texts(at: AppTest) -> str:
    parts = [t.value for t in at.text] + [i.value for i in at.info] + [w.value for w in at.warning]
    return "\n".join(parts + [c.value for c in at.caption])


def test_list_shows_every_article_newest_first(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db))
    df = _list(at)
    assert df["title"].tolist() == [
        "Օգնություն",
        "Переселенцы в Горисе",
        "Offensive on Stepanakert",
    ]
    assert list(df.columns) == [
        "published",
        "title",
        "outlet",
        "languages",
        "places",
        "events",
        "statements",
    ]
    assert df["languages"].tolist() == ["hy", "ru (+en)", "en"]
    assert df["events"].tolist() == [2, 2, 1]
    assert "3 of 3 articles" in _texts(at)
    assert {b.label for b in at.get("download_button")} == {"CSV", "Parquet"}
    assert at.selectbox(key="articles_sort").value == "newest"


def test_language_in_url_filters_the_list(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, lang="ru"))
    assert _list(at)["title"].tolist() == ["Переселенцы в Горисе"]
    assert at.multiselect(key="flt_languages").value == ["ru"]
    assert "1 of 3 articles" in _texts(at)


def test_full_text_search_covers_the_body(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, q="pashinyan"))
    assert _list(at)["title"].tolist() == ["Offensive on Stepanakert"]


def test_search_lists_best_matches_with_their_sentence(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, q="ГОРИСЕ"))
    assert at.selectbox(key="articles_sort").value == "relevance"
    assert "sort" not in at.query_params  # best match is the default while searching
    df = _list(at)
    assert df["title"].tolist() == ["Переселенцы в Горисе"]
    assert df["match"].tolist()[0].startswith("В Армению прибыли 100 417")
    at.selectbox(key="articles_sort").set_value("oldest")
    _run(at)
    assert at.query_params["sort"] == "oldest"
    assert "match" in _list(at).columns


def test_typing_a_search_switches_to_best_match_and_back(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db))
    assert at.selectbox(key="articles_sort").value == "newest"
    assert "relevance" not in at.selectbox(key="articles_sort").options
    at.text_input(key="flt_text").set_value("offensive")
    _run(at)
    assert at.selectbox(key="articles_sort").value == "relevance"
    assert _list(at)["title"].tolist() == ["Offensive on Stepanakert"]
    at.text_input(key="flt_text").set_value("")
    _run(at)
    assert at.selectbox(key="articles_sort").value == "newest"
    assert len(_list(at)) == 3


def test_no_match_is_an_empty_state(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, q="no such words anywhere"))
    assert len(at.dataframe) == 0
    assert "No article matches these filters" in _texts(at)


def test_url_round_trip_of_filters_and_sort(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, outlet=["OC Media", "Azatutyun"], sort="oldest"))
    assert _list(at)["title"].tolist() == ["Offensive on Stepanakert", "Օգնություն"]
    assert at.query_params["outlet"] == ["OC Media", "Azatutyun"]
    assert at.query_params["sort"] == "oldest"
    at.selectbox(key="articles_sort").set_value("title")
    _run(at)
    assert at.query_params["sort"] == "title"
    assert _list(at)["title"].tolist() == ["Offensive on Stepanakert", "Օգնություն"]
    at.multiselect(key="flt_outlets").set_value([])
    at.selectbox(key="articles_sort").set_value("newest")
    _run(at)
    assert "outlet" not in at.query_params and "sort" not in at.query_params
    assert len(_list(at)) == 3


def test_bad_sort_in_url_falls_back_to_newest(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, sort="'; DROP TABLE articles"))
    assert at.selectbox(key="articles_sort").value == "newest"
    assert len(_list(at)) == 3


def test_article_view_highlights_every_fact(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, article="art-ru", lang="ru"))
    html = _html(at)
    assert "Переселенцы в Горисе" in html  # title
    assert html.count("<mark") == 3  # two evacuation sentences, one statement
    assert ">В Армению прибыли 100 417 вынужденных переселенцев, сообщили в Горисе.</mark>" in html
    assert ">event: evacuation · 2023-09-30</span>" in html
    assert ">place: Goris</span>" in html  # same sentence: one mark, two labels
    assert ">statement: Ilham Aliyev</span>" in html
    texts = _texts(at)
    assert "Outlet: Kavkazsky Uzel" in texts and "Language(s): ru (+en)" in texts
    assert "Published: 2023-09-30" in texts
    assert len(at.get("link_button")) == 0  # no url
    tables = [d.value for d in at.dataframe]
    assert [len(t) for t in tables] == [2, 1, 1]  # events, statements, places
    assert all("evidence" in t.columns for t in tables)
    # back to the list keeps the filters
    at.button(key="back_to_list").click()
    _run(at)
    assert "article" not in at.query_params and at.query_params["lang"] == "ru"
    assert _list(at)["title"].tolist() == ["Переселенцы в Горисе"]


def test_original_link_only_for_http(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, article="art-en"))
    links = at.get("link_button")
    assert len(links) == 1 and links[0].proto.url == "https://example.org/oc"


def test_unknown_article_shows_not_found(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, article="<b>nope</b>"))
    assert "No article with this id" in _texts(at)
    assert "id: <b>nope</b>" in _texts(at)  # shown as plain text
    assert _html(at) == ""


@pytest.fixture
def hostile_db(db_path: str) -> str:
    """An article whose body, title, labels and url come from a hostile page."""
    s1 = '<script>alert("body")</script> The mayor of <b>Goris</b> said aid arrived.'
    body = f"Intro & more. {s1} [click](javascript:alert(1)) end."
    art = Article(
        id="evil",
        source="evil.html",
        body=body,
        title="<img src=x onerror=alert(1)>Title",
        outlet="<i>Outlet</i>",
        published="2023-09-20",
        language="en",
        languages=["en"],
        url="javascript:alert(document.cookie)",
    )
    ex = Extraction(
        art,
        places=[Place("Goris", "Goris", 39.5, 46.3, "city", s1)],
        events=[Event("humanitarian", s1, date="2023-09-20", date_precision="day")],
        statements=[Statement("<script>x</script>", s1, mode="indirect")],
    )
    with open_store(db_path) as store:
        store.write([ex])
    return db_path


def test_hostile_article_is_shown_as_text(monkeypatch, hostile_db):
    at = _run(_app(monkeypatch, hostile_db, article="evil"))
    html = _html(at)
    assert "<script" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&quot;body&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;Title" in html
    assert ">statement: &lt;script&gt;x&lt;/script&gt;</span>" in html
    assert html.count("<mark") == 1  # three facts on one sentence
    assert "Intro &amp; more." in html and "[click](javascript:alert(1))" in html
    assert len(at.get("link_button")) == 0  # a javascript: url is never a link
    assert "Outlet: <i>Outlet</i>" in _texts(at)  # st.text: shown literally


def test_missing_database_is_an_empty_state(monkeypatch, db_path):
    at = _run(_app(monkeypatch, db_path))
    assert "does not exist yet" in _texts(at)
    assert len(at.dataframe) == 0
    at = _run(_app(monkeypatch, db_path, article="art-en"))
    assert "No article with this id" in _texts(at)
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()  # reading created nothing


def test_empty_database_is_an_empty_state(monkeypatch, db_path):
    open_store(db_path).close()
    at = _run(_app(monkeypatch, db_path))
    assert "holds no articles yet" in _texts(at)
    assert len(at.dataframe) == 0


def test_selecting_a_row_opens_that_article_and_back_does_not_reopen_it(monkeypatch, populated_db):
    at = _run(_app(monkeypatch, populated_db, sort="oldest"))
    at.session_state["articles_table_0"] = {"selection": {"rows": [1], "columns": [], "cells": []}}
    _run(at)
    assert at.query_params["article"] == "art-ru" and at.query_params["sort"] == "oldest"
    assert "Переселенцы в Горисе" in _html(at)
    at.button(key="back_to_list").click()
    _run(at)
    assert "article" not in at.query_params
    assert _list(at)["title"].tolist()[0] == "Offensive on Stepanakert"
