"""Migration 0009: `incident_sources` (which languages and outlets reported each incident)
and `sum_incident_groups` (the incidents counted per map group and outlets), kept in step
with the incidents by every write path, and the incident views that read them answering
exactly as the plain queries over the incidents and their reports do, on both backends."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from older_db import back_to
from sample_batches import ingest_in_batches

from dashboard import query
from dashboard.query import Filters
from dashboard.query import incidents as inc
from dashboard.store import open_store
from dashboard.store.copy import copy_store
from dashboard.store.schema import COLUMNS
from dashboard.ui.map.incidents import REPORTS_IN_POPUP, reports_by_incident

EXPECTED = (
    "SELECT DISTINCT r.incident_id, a.language, a.outlet, e.actors FROM incident_reports r "
    "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = e.article_id"
)


def _rows(store, sql: str) -> set[tuple]:
    return {tuple(r) for r in store.query(sql).itertuples(index=False)}


GROUPS = (
    "SELECT type, lat, lon, place, outlets, COUNT(*) AS incidents, MIN(date_start) AS a, "
    "MAX(date_start) AS b, CAST(SUM(CASE WHEN conflict THEN 1 ELSE 0 END) AS BIGINT) AS c "
    "FROM incidents "
    "GROUP BY type, lat, lon, place, outlets"
)
HELD_GROUPS = (
    "SELECT type, lat, lon, place, outlets, incidents, date_first, date_last, conflicting "
    "FROM sum_incident_groups"
)


def _in_step(store) -> None:
    held = _rows(store, "SELECT incident_id, language, outlet, actors FROM incident_sources")
    assert held and held == _rows(store, EXPECTED)
    n = store.query("SELECT COUNT(*) AS n FROM incident_sources")["n"][0]
    assert n == len(held)  # no row twice
    groups = store.query(HELD_GROUPS)
    assert len(groups) and sorted(map(repr, _rows(store, HELD_GROUPS))) == sorted(
        map(repr, _rows(store, GROUPS))
    )
    assert len(groups) == len(_rows(store, HELD_GROUPS))
    by_language = (
        "SELECT s.language, type, lat, lon, place, outlets, COUNT(*), MIN(date_start), "
        "MAX(date_start), CAST(SUM(CASE WHEN conflict THEN 1 ELSE 0 END) AS BIGINT) "
        "FROM incidents i JOIN (SELECT DISTINCT r.incident_id, a.language "
        "FROM incident_reports r JOIN events e ON e.id = r.event_id "
        "JOIN articles a ON a.id = e.article_id WHERE a.language IS NOT NULL) s "
        "ON s.incident_id = i.incident_id GROUP BY s.language, type, lat, lon, place, outlets"
    )
    held = f"SELECT {', '.join(COLUMNS['sum_incident_language_groups'])} FROM "
    held += "sum_incident_language_groups"
    assert sorted(map(repr, _rows(store, held))) == sorted(map(repr, _rows(store, by_language)))
    assert len(store.query(held)) == len(_rows(store, held))
    _source_groups_in_step(store)
    _lists_in_step(store)


def _lists_in_step(store) -> None:
    """Each incident's `source_languages` and `source_outlets` (migration 0017) are the
    distinct languages and outlets of its reports' articles, sorted, as compact JSON."""
    reports = store.query(
        "SELECT r.incident_id, a.language, a.outlet FROM incident_reports r "
        "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = e.article_id"
    )
    expected: dict[str, tuple[set, set]] = {}
    for row in reports.itertuples(index=False):
        languages, outlets = expected.setdefault(row.incident_id, (set(), set()))
        languages.update([row.language] if row.language is not None else [])
        outlets.update([row.outlet] if row.outlet is not None else [])
    held = store.query("SELECT incident_id, source_languages, source_outlets FROM incidents")
    got = {r.incident_id: (r.source_languages, r.source_outlets) for r in held.itertuples()}
    compact = {"ensure_ascii": False, "separators": (",", ":")}
    assert got == {
        i: (json.dumps(sorted(lang), **compact), json.dumps(sorted(out), **compact))
        for i, (lang, out) in expected.items()
    }
    assert got


def _source_groups_in_step(store) -> None:
    """The per-outlet and per-actor group counts (migration 0013) are those of the
    incidents an outlet reported (an actor's reports named), counted here in Python."""
    incidents = store.query(
        "SELECT incident_id, type, lat, lon, place, outlets, date_start, conflict FROM incidents"
    )
    sources = store.query("SELECT incident_id, outlet, actors FROM incident_sources")
    by_key: dict[str, set[tuple[str, str]]] = {"outlet": set(), "actor": set()}
    for row in sources.itertuples(index=False):
        if row.outlet is not None:
            by_key["outlet"].add((row.outlet, row.incident_id))
        for actor in json.loads(row.actors or "[]"):
            by_key["actor"].add((actor, row.incident_id))
    of = {r.incident_id: r for r in incidents.itertuples(index=False)}
    for key, pairs in by_key.items():
        expected: dict[tuple, list] = {}
        for value, incident_id in pairs:
            i = of[incident_id]
            group = (value, i.type, _na(i.lat), _na(i.lon), _na(i.place), int(i.outlets))
            n, first, last, conflicting = expected.get(group, (0, None, None, 0))
            day = _na(i.date_start)
            days = [d for d in (first, day) if d is not None]
            later = [d for d in (last, day) if d is not None]
            expected[group] = (
                n + 1,
                min(days) if days else None,
                max(later) if later else None,
                conflicting + int(bool(i.conflict)),
            )
        columns = COLUMNS[f"sum_incident_{key}_groups"]
        held = store.query(f"SELECT {', '.join(columns)} FROM sum_incident_{key}_groups")
        got = {}
        for r in held.itertuples(index=False):
            group = (r[0], r[1], _na(r[2]), _na(r[3]), _na(r[4]), int(r[5]))
            assert group not in got  # one row per group
            got[group] = (int(r[6]), _na(r[7]), _na(r[8]), int(r[9]))
        assert got == expected, key
        assert got, key


def _na(value):
    """NULL as None and dates as dates, whichever way the backend's frame holds them."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date() if isinstance(value, pd.Timestamp) else value


@pytest.fixture
def sample(backend: str, request: pytest.FixtureRequest) -> str:
    """The sample corpus ingested once per session on the test's backend (read only)."""
    name = "pg_sample_db" if backend == "postgresql" else "duckdb_sample_db"
    return request.getfixturevalue(name)


def _views(store) -> list[tuple[Filters, int]]:
    facets = query.facets(store)
    views = [(Filters(), 1), (Filters(), 2), (Filters(), 3)]
    views += [(Filters(types=(t,)), n) for t in facets.types for n in (1, 2)]
    views.append((Filters(types=tuple(facets.types[:2])), 1))
    views += [(Filters(languages=(lang,)), 1) for lang in facets.languages]
    views += [(Filters(outlets=(outlet,)), 1) for outlet in facets.outlets]
    views += [
        (Filters(languages=tuple(facets.languages[:2])), 1),
        (Filters(outlets=tuple(facets.outlets[:2]), languages=tuple(facets.languages[:2])), 1),
        (Filters(languages=(facets.languages[0],), types=("evacuation", "displacement")), 1),
        (Filters(outlets=(facets.outlets[0],), date_from=date(2023, 9, 19)), 1),
        (Filters(languages=(facets.languages[0],)), 2),
        (Filters(languages=("xx",)), 1),
        (Filters(actors=("nobody",)), 1),
        (Filters(actors=tuple(facets.actors[:2]), languages=(facets.languages[0],)), 1),
    ]
    views += [(Filters(actors=(actor,)), 1) for actor in facets.actors]
    views += [(Filters(actors=(a,), outlets=(facets.outlets[0],)), 1) for a in facets.actors]
    return views


def _answers(store) -> list:
    out = []
    for f, n in _views(store):
        out.append(sorted(map(repr, inc.incident_groups(store, f, n).itertuples(index=False))))
        for order in inc.ORDERS:
            listed = inc.incidents(store, f, n, order=order)
            out.append(listed.to_dict("records"))
            out.append(inc.incidents(store, f, n, 3, order=order).to_dict("records"))
        out.append(inc.incidents(store, f, n, 5, False).to_dict("records"))
    return out


def test_a_language_or_outlet_filter_reads_the_sources_and_answers_the_same(sample, monkeypatch):
    """A filter on languages alone or outlets alone tests each incident's own list
    (migration 0017), one on both or on actors reads the sources (0009); each answers
    as the sources do and as the plain join through the reports does."""
    with open_store(sample, read_only=True) as store:
        assert inc.sources_ready(store) and inc.lists_ready(store)
        _in_step(store)
        fast = _answers(store)
        sql = []
        real = store.query
        monkeypatch.setattr(store, "query", lambda q, p=(): sql.append(q) or real(q, p))
        inc.incidents(store, Filters(languages=("en",)))
        assert "i.source_languages LIKE" in sql[-1] and " JOIN " not in sql[-1]
        assert "incident_sources" not in sql[-1]
        inc.incidents(store, Filters(outlets=("x", "y"), types=("evacuation",)))
        assert "i.source_outlets LIKE" in sql[-1] and "incident_sources" not in sql[-1]
        inc.incidents(store, Filters(languages=("en",), outlets=("x",)))
        assert "incident_sources" in sql[-1] and "incident_reports" not in sql[-1]
        inc.incident_groups(store, Filters(types=("evacuation",)), 2)
        assert "sum_incident_groups" in sql[-1]
        inc.incident_groups(store, Filters(languages=("en",), types=("evacuation",)))
        assert "sum_incident_language_groups" in sql[-1]
        facets = query.facets(store)
        inc.incident_groups(store, Filters(outlets=(facets.outlets[0],)), 2)
        assert "sum_incident_outlet_groups" in sql[-1]
        inc.incident_groups(store, Filters(actors=(facets.actors[0],), types=("evacuation",)))
        assert "sum_incident_actor_groups" in sql[-1]
        inc.incident_groups(store, Filters(actors=tuple(facets.actors[:2])))
        assert "sum_incident_actor_groups" not in sql[-1]  # an incident may name both
        monkeypatch.setattr(inc, "lists_ready", lambda store: False)
        assert _answers(store) == fast
        monkeypatch.setattr(inc, "sources_ready", lambda store: False)
        assert _answers(store) == fast
        assert any(len(a) for a in fast)


def test_popup_reports_are_each_incidents_first_ones(sample):
    with open_store(sample, read_only=True) as store:
        ids = tuple(inc.incidents(store)["incident_id"])
        full = reports_by_incident(inc.incident_reports(store, ids))
        for n in (1, 2, REPORTS_IN_POPUP):
            capped = reports_by_incident(inc.incident_reports(store, ids, n))
            assert capped == {k: v[:n] for k, v in full.items()}, n
        assert any(len(v) > 2 for v in full.values())  # the cap did cut some
        assert inc.incident_reports(store, (), 2).empty


def _back_to_v8(location: str) -> None:
    """Drop what migration 0009 created, as in a database written before it."""
    tables = ("incident_sources", "sum_incident_groups", "sum_incident_language_groups")
    back_to(location, 8, [f"DROP TABLE {t}" for t in tables])


def test_writes_rebuild_and_upgrade_keep_the_sources(db_path):
    """Ingest in batches (incidents attached batch by batch), a rebuild and an upgrade of
    a version 8 database each leave the sources of exactly the stored incidents; the
    views answer the same before the upgrade (the join) and after."""
    with open_store(db_path) as store:
        ingest_in_batches(store, 4, _in_step)
        store.rebuild_incidents()
        _in_step(store)
    _back_to_v8(db_path)
    with open_store(db_path, read_only=True) as old:
        assert not inc.sources_ready(old)
        before = _answers(old)
    with open_store(db_path) as store:
        assert 9 in store.migrate().applied
        _in_step(store)
        assert _answers(store) == before


def _back_to_v12(location: str) -> None:
    """Drop what migration 0013 created, as in a database written before it."""
    tables = ("sum_incident_outlet_groups", "sum_incident_actor_groups")
    back_to(location, 12, [f"DROP TABLE {t}" for t in tables])


def test_upgrade_counts_the_incidents_per_outlet_and_actor(db_path, corpus):
    """A version 12 database (incidents, no per-outlet or per-actor counts) upgraded by
    migration 0013 holds the counts of its stored incidents, and the views of one outlet
    or actor answer as they did before (through the sources)."""
    with open_store(db_path) as store:
        store.write(corpus)
        assert len(store.query("SELECT incident_id FROM incidents"))
    _back_to_v12(db_path)
    with open_store(db_path, read_only=True) as old:
        assert not inc.source_groups_ready(old)
        before = _answers(old)
    with open_store(db_path) as store:
        assert store.migrate().applied[0] == 13  # and any newer version
        assert inc.source_groups_ready(store)
        _in_step(store)
        assert repr(_answers(store)) == repr(before)  # NaN places: compared as text


def test_copy_fills_the_sources(db_path, corpus, tmp_path):
    """`dashboard copy` (DuckDB to the test's backend) rebuilds the incidents there, and
    with them their sources."""
    source = str(tmp_path / "source.duckdb")
    with open_store(source) as store:
        store.write(corpus)
    with open_store(source, read_only=True) as store, open_store(db_path) as target:
        assert copy_store(store, target).incidents
        _in_step(target)


def test_upgrade_lists_each_incidents_languages_and_outlets(db_path, corpus):
    """A version 16 database (incidents without their lists of languages and outlets)
    upgraded by migration 0017 holds each incident's lists as the writer writes them,
    on DuckDB the rows in the order they had (newest first: what lets a list stop
    early), and the views answer as before (through the sources)."""
    with open_store(db_path) as store:
        store.write(corpus)
        written = store.query(f"SELECT {', '.join(COLUMNS['incidents'])} FROM incidents")
    back_to(
        db_path,
        16,
        [f"ALTER TABLE incidents DROP COLUMN {c}" for c in ("source_languages", "source_outlets")],
    )
    with open_store(db_path, read_only=True) as old:
        assert not inc.lists_ready(old)
        before = _answers(old)
    with open_store(db_path) as store:
        assert store.migrate().applied[0] == 17  # and the later versions
        assert inc.lists_ready(store)
        _in_step(store)
        upgraded = store.query(f"SELECT {', '.join(COLUMNS['incidents'])} FROM incidents")
        assert repr(_answers(store)) == repr(before)  # NaN places: compared as text
    if db_path.startswith("postgresql"):  # an UPDATE writes new row versions elsewhere
        upgraded, written = (
            df.sort_values("incident_id", ignore_index=True) for df in (upgraded, written)
        )
    pd.testing.assert_frame_equal(upgraded, written)


def test_the_first_rows_of_many_types_are_those_of_the_whole_list(sample, monkeypatch):
    """A list's first rows take the types as equalities (`Where.any_of`, which DuckDB
    keeps in the scan), the whole list as an IN list: the same rows, in the same order,
    for every order the pages list in (the Evacuations page's key incidents: every type
    but the charted ones, at least 2 outlets, most outlets first)."""
    with open_store(sample, read_only=True) as store:
        types = tuple(query.facets(store).types)
        assert len(types) >= 5  # DuckDB makes an IN list this long a join
        sql = []
        real = store.query
        monkeypatch.setattr(store, "query", lambda q, p=(): sql.append(q) or real(q, p))
        for n in (1, 2):
            for order in inc.ORDERS:
                whole = inc.incidents(store, Filters(types=types), n, order=order)
                assert "i.type IN (" in sql[-1]
                first = inc.incidents(store, Filters(types=types), n, 12, order=order)
                assert "i.type = ? OR" in sql[-1] and "i.type IN" not in sql[-1]
                pd.testing.assert_frame_equal(first, whole.head(12))
                assert len(first)
