"""Events and statements carry their article's outlet, language and publication date
(migration 0010, `schema.ARTICLE_SOURCE`) however they were written: by ingest, by
`insert_rows` with rows that lack them, by `dashboard copy` from a database older than
version 10, or by the migration on a database that already held facts; and the lists
and counts that read them answer as they did through the articles. Both backends."""

from __future__ import annotations

from datetime import date, datetime

from older_db import back_to

from dashboard import query
from dashboard.models import Event
from dashboard.query import Filters, facts, summary
from dashboard.store import open_store
from dashboard.store.copy import copy_store
from dashboard.store.rows import article_row, event_row
from dashboard.store.schema import ARTICLE_SOURCE, SCHEMA_VERSION, SOURCED_FACTS

FACTS_VERSION = 10  # the migration that adds the columns


def _mismatches(store) -> int:
    """Facts whose article columns differ from their article's (NULLs compared as values)."""
    differs = " OR ".join(f"f.{c} IS DISTINCT FROM a.{c}" for c in ARTICLE_SOURCE)
    total = 0
    for table in SOURCED_FACTS:
        df = store.query(
            f"SELECT COUNT(*) AS n FROM {table} f JOIN articles a ON a.id = f.article_id "
            f"WHERE {differs}"
        )
        total += int(df["n"][0])
    return total


def _carried(store) -> int:
    return int(store.query("SELECT COUNT(outlet) AS n FROM events")["n"][0])


def test_ingested_facts_carry_their_articles(db_path, corpus):
    with open_store(db_path) as store:
        store.write(corpus)
        assert _carried(store) == store.counts()["events"] > 0
        assert _mismatches(store) == 0
        row = store.query(
            "SELECT outlet, language, published FROM statements WHERE article_id = 'art-ru'"
        ).iloc[0]
        assert (row["outlet"], row["language"]) == ("Kavkazsky Uzel", "ru")
        assert str(row["published"])[:10] == "2023-09-30"


def test_insert_rows_takes_them_from_the_article(db_path, corpus):
    """Rows built without them (`rows.event_row`), or claiming another outlet, are
    stored with the article's values."""
    article = corpus[0].article
    with open_store(db_path) as store:
        store.insert_rows("articles", [article_row(article, datetime.now())])
        plain = event_row(article.id, Event("military", "A sentence.", date="2023-09-20"))
        wrong = {**event_row(article.id, Event("shelling", "Another.")), "outlet": "Elsewhere"}
        assert plain["outlet"] is None
        assert store.insert_rows("events", [plain, wrong]) == 2
        got = store.query("SELECT outlet, language, published FROM events ORDER BY type")
        assert got["outlet"].tolist() == ["OC Media", "OC Media"]
        assert got["language"].tolist() == ["en", "en"]
        assert {str(v)[:10] for v in got["published"]} == {"2023-09-19"}
        assert _mismatches(store) == 0


def _back_to_v9(location: str) -> None:
    """Drop what migration 0010 added, as in a database written before it."""
    drops = [
        f"ALTER TABLE {table} DROP COLUMN {column}"
        for table in SOURCED_FACTS
        for column in ARTICLE_SOURCE
    ]
    back_to(location, FACTS_VERSION - 1, drops)


FILTERS = [
    Filters(),
    Filters(outlets=("OC Media",)),
    Filters(languages=("ru",)),
    Filters(outlets=("Kavkazsky Uzel", "Azatutyun"), languages=("ru", "hy")),
    Filters(languages=("ru",), text="переселенцев"),  # the facts, not the summaries
    Filters(date_from=date(2023, 9, 20), outlets=("Kavkazsky Uzel",)),
]


def _answers(store) -> list:
    """Every list (as text: NaN is not equal to itself) and count under `FILTERS`."""
    out: list = []
    types = ("evacuation", "displacement", "casualties")
    for f in FILTERS:
        for limit in (1, 2, None):
            out.append(repr(query.statements(store, f, limit).to_dict("records")))
            out.append(repr(query.events(store, f, limit).to_dict("records")))
            out.append(repr(query.recent_figures(store, f, types, limit or 10).to_dict("records")))
        out.append(query.count_articles(store, f))
        out.append(summary.count_events(store, f))
        out.append(summary.count_statements(store, f))
        out.append(summary.count_figures(store, f, types))
    return out


def test_an_older_database_upgrades_and_answers_the_same(db_path, corpus):
    assert SCHEMA_VERSION >= FACTS_VERSION
    with open_store(db_path) as store:
        store.write(corpus)
    _back_to_v9(db_path)
    with open_store(db_path, read_only=True) as old:
        assert not facts.fact_sources_ready(old)
        before = _answers(old)  # through the articles
    with open_store(db_path) as store:
        assert FACTS_VERSION in store.migrate().applied
        assert _carried(store) == store.counts()["events"]
        assert _mismatches(store) == 0
    with open_store(db_path, read_only=True) as new:
        assert facts.fact_sources_ready(new)
        assert _answers(new) == before


def test_copy_from_an_older_database_fills_them(tmp_path, db_path, corpus):
    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(corpus)
    _back_to_v9(source)
    with open_store(source, read_only=True) as src, open_store(db_path) as target:
        copy_store(src, target, batch=2)
        assert _carried(target) == target.counts()["events"] > 0
        assert _mismatches(target) == 0


def test_lists_from_the_facts_alone_are_the_joined_ones(reader, monkeypatch):
    """The same rows whether the facts' own article columns or the articles are read."""
    fast = _answers(reader)
    monkeypatch.setattr(facts, "fact_sources_ready", lambda store: False)
    monkeypatch.setattr(summary, "fact_sources_ready", lambda store: False)
    assert _answers(reader) == fast
