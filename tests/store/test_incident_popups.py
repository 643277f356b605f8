"""Migration 0012: `incident_popups` (each incident's first reports in a map popup's order,
with what the popup shows), kept in step with the incidents by every write path (ingest's
attach batch by batch, a rebuild, `dashboard copy`, the upgrade of an older database),
and the popups read from it answering exactly as ranking the reports does, on both
backends."""

from __future__ import annotations

from datetime import date

import pytest
from older_db import back_to
from sample_batches import ingest_in_batches

from dashboard import query
from dashboard.incidents.derived import POPUP_REPORTS
from dashboard.query import Filters
from dashboard.query import incidents as inc
from dashboard.store import open_store
from dashboard.store.copy import copy_store
from dashboard.store.migrate import MIGRATIONS_DIR
from dashboard.store.schema import COLUMNS

SPAN = ("type", "date_start", "date_end")  # the sources' copy of their incident's

# the popup rows by the definition: every report ranked in the popup's order
RANKED = (
    "SELECT r.incident_id, i.type, i.date_start, i.date_end, ROW_NUMBER() OVER "
    "(PARTITION BY r.incident_id ORDER BY a.published NULLS LAST, a.outlet NULLS LAST, e.id) "
    'AS rank, r.event_id, e.article_id, a.outlet, a.language, a.published, e."date", '
    'e.place, e."count", e.evidence, a.url, a.title FROM incident_reports r '
    "JOIN incidents i ON i.incident_id = r.incident_id JOIN events e ON e.id = r.event_id "
    "JOIN articles a ON a.id = e.article_id"
)
HELD = (
    "SELECT incident_id, type, date_start, date_end, rank, event_id, article_id, outlet, "
    'language, published, "date", place, "count", evidence, url, title FROM incident_popups'
)


def _rows(store, sql: str) -> list[str]:
    return sorted(repr(tuple(r)) for r in store.query(sql).itertuples(index=False))


def _in_step(store, depth: int = POPUP_REPORTS) -> None:
    """The kept rows are exactly each incident's first `depth` ranked reports."""
    held = _rows(store, HELD)
    expected = _rows(store, f"SELECT * FROM ({RANKED}) t WHERE rank <= {depth}")
    assert held and held == expected
    ids = store.query("SELECT DISTINCT incident_id FROM incidents")["incident_id"]
    kept = store.query("SELECT DISTINCT incident_id FROM incident_popups")["incident_id"]
    assert sorted(ids) == sorted(kept)  # every incident has its popup, no other
    # every source carries its incident's type and span (the same migration)
    off = store.query(
        "SELECT COUNT(*) AS n FROM incident_sources s "
        "LEFT JOIN incidents i ON i.incident_id = s.incident_id WHERE i.incident_id IS NULL "
        "OR s.type IS DISTINCT FROM i.type OR s.date_start IS DISTINCT FROM i.date_start "
        "OR s.date_end IS DISTINCT FROM i.date_end"
    )
    assert int(off["n"][0]) == 0


def _popups(store) -> list:
    """What every map's popups read: each incident's first 1, 3 and 8 reports."""
    ids = tuple(inc.incidents(store)["incident_id"])
    return [inc.incident_reports(store, ids, n).to_dict("records") for n in (1, 3, 8)]


@pytest.fixture
def sample(backend: str, request: pytest.FixtureRequest) -> str:
    """The sample corpus ingested once per session on the test's backend (read only)."""
    name = "pg_sample_db" if backend == "postgresql" else "duckdb_sample_db"
    return request.getfixturevalue(name)


def test_popups_read_the_kept_rows_and_answer_as_the_ranking(sample, monkeypatch):
    with open_store(sample, read_only=True) as store:
        assert inc.popups_ready(store)
        _in_step(store)
        kept = _popups(store)
        ids = tuple(inc.incidents(store)["incident_id"])
        sql = []
        real = store.query
        monkeypatch.setattr(store, "query", lambda q, p=(): sql.append(q) or real(q, p))
        inc.incident_reports(store, ids, POPUP_REPORTS)
        assert "incident_popups" in sql[-1] and "incident_reports" not in sql[-1]
        inc.incident_reports(store, ids, POPUP_REPORTS + 1)  # more than kept: ranked
        assert "incident_reports" in sql[-1]
        monkeypatch.setattr(inc, "popups_ready", lambda store: False)
        assert _popups(store) == kept
        assert any(len(r["evidence"]) for r in kept[-1])
        # one incident's popup, and an id no incident has
        one = ids[:1] + ("no such incident",)
        monkeypatch.undo()
        assert inc.incident_reports(store, one, 3).to_dict("records") == [
            r for r in kept[1] if r["incident_id"] == ids[0]
        ]


def test_a_source_filter_takes_the_views_types_and_days_on_the_sources(sample, monkeypatch):
    """A language or outlet filter with types or dates reads the sources of those types
    and days (their incident's copy of them), answering as without them."""
    with open_store(sample, read_only=True) as store:
        facets = query.facets(store)
        lang, outlet = facets.languages[0], facets.outlets[0]
        views = [
            Filters(languages=(lang,), types=("evacuation", "displacement")),
            Filters(languages=(lang,), date_from=date(2023, 9, 19), date_to=date(2023, 10, 15)),
            Filters(outlets=(outlet,), date_from=date(2023, 9, 19)),
            Filters(outlets=(outlet,), languages=(lang,), types=tuple(facets.types[:3])),
            Filters(actors=tuple(facets.actors[:1]), date_to=date(2022, 1, 1)),
        ]

        def answers() -> list:
            out = []
            for f in views:
                out.append(inc.incidents(store, f).to_dict("records"))
                out.append(sorted(map(repr, inc.incident_groups(store, f).itertuples(index=False))))
            return out

        sql = []
        real = store.query
        monkeypatch.setattr(store, "query", lambda q, p=(): sql.append(q) or real(q, p))
        spans = answers()
        assert sum("s.date_end >= ?" in q or "s.type IN" in q for q in sql) >= 6
        monkeypatch.setattr(inc, "popups_ready", lambda store: False)  # before 0012
        assert answers() == spans
        assert any(spans[::2])


def test_the_views_filters_give_the_same_popups(sample):
    """A map passes the filters its incidents were listed by: their types and dates
    narrow the rows read, never the answer."""
    with open_store(sample, read_only=True) as store:
        facets = query.facets(store)
        views = [Filters(), Filters(types=tuple(facets.types[:2]))]
        views += [Filters(date_from=date(2023, 9, 19)), Filters(date_to=date(2021, 1, 1))]
        views.append(Filters(types=("evacuation",), date_from=date(2023, 9, 1)))
        views.append(Filters(languages=(facets.languages[0],), date_to=date(2023, 10, 1)))
        drawn = 0
        for f in views:
            ids = tuple(inc.incidents(store, f)["incident_id"])
            drawn += len(ids)
            plain = inc.incident_reports(store, ids, POPUP_REPORTS).to_dict("records")
            assert inc.incident_reports(store, ids, POPUP_REPORTS, f).to_dict("records") == plain
            assert len(plain) >= len(ids)
        assert drawn


def _back_to_v11(location: str) -> None:
    """Drop what migration 0012 created, as in a database written before it."""
    drops = ["DROP TABLE incident_popups"]
    drops += [f"ALTER TABLE incident_sources DROP COLUMN {c}" for c in SPAN]
    back_to(location, 11, drops)


def test_writes_rebuild_and_upgrade_keep_the_popups(db_path):
    """Ingest in batches (incidents attached batch by batch), a rebuild and an upgrade of
    a version 11 database each leave the popups of exactly the stored incidents; the
    popups read the same before the upgrade (ranked) and after."""
    with open_store(db_path) as store:
        ingest_in_batches(store, 4, _in_step)
        store.rebuild_incidents()
        _in_step(store)
    _back_to_v11(db_path)
    with open_store(db_path, read_only=True) as old:
        assert not inc.popups_ready(old)
        before = _popups(old)
    with open_store(db_path) as store:
        assert 12 in store.migrate().applied
        assert inc.popups_ready(store)
        _in_step(store)
        assert _popups(store) == before
        assert any(before)


def test_only_the_first_reports_are_kept_and_more_are_ranked(db_path, monkeypatch):
    """With fewer kept than some incidents have (the sample's largest has 8, as many as
    a popup lists), an attach and a rebuild keep only each incident's first ones; the
    popups read up to that many from them and rank the reports for more."""
    from dashboard.incidents import derived

    monkeypatch.setattr(derived, "POPUP_REPORTS", 2)
    monkeypatch.setattr(inc, "POPUP_REPORTS", 2)
    with open_store(db_path) as store:
        ingest_in_batches(store, 6, lambda store: None)
        _in_step(store, 2)
        store.rebuild_incidents()
        _in_step(store, 2)
        assert store.query("SELECT MAX(reports) AS n FROM incidents")["n"][0] > 2
        kept = _popups(store)
        monkeypatch.setattr(inc, "popups_ready", lambda store: False)
        assert _popups(store) == kept


def test_copy_fills_the_popups(db_path, corpus, tmp_path):
    """`dashboard copy` (DuckDB to the test's backend) rebuilds the incidents there, and
    with them their popups."""
    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(corpus)
    with open_store(source, read_only=True) as store, open_store(db_path) as target:
        assert copy_store(store, target).incidents
        _in_step(target)


def test_the_kept_columns_are_those_the_popups_read():
    """The kept columns are the rank and the columns the popups are read with, and both
    migrations keep as many reports per incident as the writer does."""
    assert COLUMNS["incident_popups"] == (
        "incident_id",
        "type",
        "date_start",
        "date_end",
        "rank",
        *inc.REPORT_COLUMNS[1:],
    )
    for backend in ("duckdb", "postgresql"):
        (sql,) = (MIGRATIONS_DIR / backend).glob("0012_*.sql")
        assert f"WHERE rank <= {POPUP_REPORTS}" in sql.read_text(encoding="utf-8")
