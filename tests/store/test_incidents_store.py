"""Incidents in a real store (DuckDB file and PostgreSQL, `backend`): written in the same
transaction as the events, incremental ingest agreeing with a rebuild, idempotent
re-ingest, the query functions the pages use, and the CLI (export, stats, rebuild)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from day_events import day_event

from dashboard.models import Article, Event, Extraction
from dashboard.pipeline import ingest_paths
from dashboard.query.filters import Filters
from dashboard.query.incidents import (
    REPORT_COLUMNS,
    incident_groups,
    incident_reports,
    incidents,
)
from dashboard.store import open_store
from dashboard.store.schema import shown_columns

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


def _article(n: int, outlet: str, language: str, published: str, events: list[Event]):
    body = " ".join(e.evidence for e in events)
    article = Article(
        id=f"inc-{n}",
        source=f"inc-{n}.txt",
        body=body,
        outlet=outlet,
        language=language,
        languages=[language],
        published=published,
        url=f"https://sample.example/{n}",
        title=f"Report {n}",
    )
    return Extraction(article=article, events=events)


STEP = ("Stepanakert", 39.8177, 46.7528, 1)
MARTUNI = ("Martuni", 39.7953, 47.1150, 1)
NK = ("Nagorno-Karabakh", 39.82, 46.75, 2)


def corpus() -> list[Extraction]:
    return [
        _article(
            1, "Wire A", "en", "2023-09-25", [day_event("evacuation", "2023-09-25", *STEP, 5000)]
        ),
        _article(
            2, "Wire B", "fr", "2023-09-25", [day_event("evacuation", "2023-09-25", *NK, 30000)]
        ),
        _article(
            3, "Wire C", "ru", "2023-09-26", [day_event("evacuation", "2023-09-25", *STEP, 5200)]
        ),
        _article(4, "Wire C", "ru", "2023-09-26", [day_event("military", "2023-09-25", *MARTUNI)]),
    ]


def _partition(location: str) -> set[frozenset[str]]:
    with open_store(location, read_only=True) as store:
        df = store.query("SELECT incident_id, event_id FROM incident_reports")
    return {frozenset(g["event_id"]) for _, g in df.groupby("incident_id")}


def _pairs(partition: set[frozenset[str]]) -> set[tuple[str, str]]:
    return {(x, y) for group in partition for x in group for y in group if x < y}


def test_write_groups_reports_in_the_same_transaction(db_path):
    with open_store(db_path) as store:
        store.write(corpus())
        events = store.counts()["events"]
    with open_store(db_path, read_only=True) as store:
        df = incidents(store)
        links = store.query("SELECT event_id FROM incident_reports")
        lists = store.query(
            "SELECT type, source_languages, source_outlets FROM incidents ORDER BY type"
        )
    assert len(links) == events == 4  # every report has its incident
    assert len(df) == 2 and list(df.columns) == list(shown_columns("incidents"))
    # each incident's languages and outlets, sorted, as compact JSON (migration 0017)
    assert lists.values.tolist() == [
        ["evacuation", '["en","fr","ru"]', '["Wire A","Wire B","Wire C"]'],
        ["military", '["ru"]', '["Wire C"]'],
    ]
    evac = df[df["type"] == "evacuation"].iloc[0]
    assert (evac["reports"], evac["outlets"], evac["languages"]) == (3, 3, 3)
    assert (evac["place"], evac["count_min"], evac["count_max"]) == ("Stepanakert", 5000, 30000)
    assert evac["first_outlet"] in ("Wire A", "Wire B") and bool(evac["conflict"])
    assert json.loads(evac["conflicts"]) == ["figures 5,000 vs 30,000"]
    assert {f["outlet"] for f in json.loads(evac["figures"])} == {"Wire A", "Wire B", "Wire C"}
    assert evac["date_start"].date() == evac["date_end"].date() == date(2023, 9, 25)


def test_later_batches_join_stored_incidents_and_rewrite_is_idempotent(db_path):
    items = corpus()
    with open_store(db_path) as store:
        for item in items:  # one article per transaction
            store.write([item])
        store.write(items)  # nothing new
    with open_store(db_path, read_only=True) as store:
        assert len(store.query("SELECT * FROM incident_reports")) == 4
        df = incidents(store)
    assert sorted(df["reports"]) == [1, 3]


def test_incremental_ingest_agrees_with_a_rebuild(db_path):
    with open_store(db_path) as store:
        report = ingest_paths([SAMPLE], store, batch_size=3)
    assert not report.failed
    incremental = _partition(db_path)
    with open_store(db_path) as store:
        result = store.rebuild_incidents()
    rebuilt = _partition(db_path)
    assert result.reports == report.events == sum(len(p) for p in rebuilt)
    # arrival order may place a vague report differently; the pairs mostly agree
    a, b = _pairs(incremental), _pairs(rebuilt)
    agree = 2 * len(a & b) / (len(a) + len(b))
    assert agree >= 0.85, (agree, len(a), len(b))
    # several outlets in several languages report one happening in the sample corpus
    with open_store(db_path, read_only=True) as store:
        wide = incidents(store, min_outlets=3)
    assert len(wide) >= 3 and (wide["languages"] >= 2).all()


def test_a_batch_regroups_the_incidents_its_reports_reach_as_a_rebuild_would(db_path):
    """The attach reads back only the stored incidents a new report may change (by type,
    days and place: `incidents.neighbourhood`): here a town between two others takes a
    report of its neighbour's incident, a region's report may fit several incidents, an
    unplaced one any, and a far village and another day are left alone. One article at
    a time, the bridging town last, ends as a rebuild of everything does."""
    day = "2023-10-02"
    alpha = ("Alpha", 40.400, 45.600, 1)
    bravo = ("Bravo", 40.430, 45.600, 1)  # 3.3 km north of Alpha
    charlie = ("Charlie", 40.460, 45.600, 1)  # 3.3 km north of Bravo, 6.7 of Alpha
    far = ("Delta", 40.900, 45.600, 1)
    events = [
        day_event("military", day, *alpha),
        day_event("military", day, *bravo),
        day_event("military", day, *far),
        day_event("military", "2023-10-09", *alpha),
        day_event("military", day, "Armenia", 40.07, 45.04, 3),
        day_event("military", day, *charlie),
    ]
    items = [_article(20 + i, f"Wire {i}", "en", day, [e]) for i, e in enumerate(events)]
    # a busy day: villages far apart, more than a vague report looks at one by one
    crowd = [
        _article(
            100 + i, "Wire", "en", day, [day_event("military", day, f"V{i}", 41.0, 43 + i / 10, 1)]
        )
        for i in range(40)
    ]
    with open_store(db_path) as store:
        store.write(crowd)
        for item in items:
            store.write([item])
    incremental = _partition(db_path)
    with open_store(db_path) as store:
        store.rebuild_incidents()
    assert incremental == _partition(db_path)


def test_query_filters_and_reports(db_path):
    with open_store(db_path) as store:
        store.write(corpus())
    with open_store(db_path, read_only=True) as store:
        assert len(incidents(store, min_outlets=2)) == 1
        assert len(incidents(store, Filters(types=("military",)))) == 1
        assert len(incidents(store, Filters(outlets=("Wire A",)))) == 1
        assert len(incidents(store, Filters(languages=("ru",)))) == 2
        assert len(incidents(store, Filters(places=("Nagorno-Karabakh",)))) == 1
        assert len(incidents(store, Filters(date_from=date(2023, 9, 26)))) == 0
        assert len(incidents(store, Filters(text="martuni"))) == 1
        ids = incidents(store, Filters(types=("evacuation",)))["incident_id"].tolist()
        reports = incident_reports(store, ids)
        assert list(reports.columns) == list(REPORT_COLUMNS) and len(reports) == 3
        assert set(reports["outlet"]) == {"Wire A", "Wire B", "Wire C"}
        assert reports["evidence"].str.contains("evacuation").all()
        assert incident_reports(store, []).empty


@pytest.mark.parametrize(
    "filters, min_outlets",
    [
        (Filters(), 1),
        (Filters(), 2),
        (Filters(types=("military",)), 1),
        (Filters(languages=("ru",)), 1),
        (Filters(text="martuni"), 1),
        (Filters(date_from=date(2023, 9, 26)), 1),
    ],
)
def test_groups_count_what_the_list_holds(db_path, filters, min_outlets):
    """The map draws a large view from `incident_groups`: per place and type, the same
    incidents `incidents` lists, split into placed and unplaced the same way."""
    with open_store(db_path) as store:
        store.write(corpus())
    with open_store(db_path, read_only=True) as store:
        listed = incidents(store, filters, min_outlets)
        groups = incident_groups(store, filters, min_outlets)
        placed = incidents(store, filters, min_outlets, located=True)
        unplaced = incidents(store, filters, min_outlets, located=False)
        first = incidents(store, filters, min_outlets, limit=1)
    assert int(groups["events"].sum()) == len(listed) == len(placed) + len(unplaced)
    assert int(groups.loc[groups["located"], "events"].sum()) == len(placed)
    assert placed["lat"].notna().all() and len(first) == min(1, len(listed))
    if len(listed):
        assert first["incident_id"].iloc[0] == listed["incident_id"].iloc[0]
        got = groups.groupby("type")["events"].sum().to_dict()
        assert got == listed["type"].value_counts().to_dict()


def test_each_page_order_is_the_tables_sort_and_a_link_reads_one(db_path):
    """The Incidents page lists the first rows of the query in the chosen order: the same
    rows as reading everything and sorting as the table does."""
    from dashboard.query.incidents import ORDERS, incident_by_id
    from dashboard.ui.incidents.table import SORTS, sort_incidents

    assert set(ORDERS) == set(SORTS)
    with open_store(db_path) as store:
        store.write(corpus())
    with open_store(db_path, read_only=True) as store:
        everything = incidents(store)
        for key in ORDERS:
            want = sort_incidents(everything, key)["incident_id"].tolist()
            got = incidents(store, order=key)["incident_id"].tolist()
            assert got == want, key
            assert incidents(store, order=key, limit=2)["incident_id"].tolist() == want[:2]
        one = everything["incident_id"].iloc[-1]
        assert incident_by_id(store, one)["incident_id"].tolist() == [one]
        assert incident_by_id(store, "gone").empty


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=300
    )


def test_cli_export_every_format_stats_and_rebuild(db_path, tmp_path):
    with open_store(db_path) as store:
        store.write(corpus())
    for fmt in ("csv", "parquet", "geojson"):
        out = tmp_path / f"incidents.{fmt}"
        result = _cli(
            "export", "--format", fmt, "--table", "incidents", "--out", str(out), "--db", db_path
        )
        assert result.returncode == 0, result.stderr
    import pandas as pd

    needed = {
        "incident_id", "type", "date_start", "date_end", "place", "lat", "lon", "reports",
        "outlets", "languages", "first_outlet", "first_published", "count_min", "count_max",
        "conflict",
    }  # fmt: skip
    assert needed <= set(pd.read_csv(tmp_path / "incidents.csv").columns)
    assert len(pd.read_parquet(tmp_path / "incidents.parquet")) == 2
    geo = json.loads((tmp_path / "incidents.geojson").read_text(encoding="utf-8"))
    assert len(geo["features"]) == 2
    props = geo["features"][0]["properties"]
    assert needed - {"lat", "lon"} <= set(props) and isinstance(props["conflicts"], list)
    stats = json.loads(_cli("stats", "--json", "--db", db_path).stdout)
    assert stats["incidents"] == 2
    result = _cli("incidents", "--rebuild", "--db", db_path)
    assert result.returncode == 0 and "4 event reports grouped into 2 incidents" in result.stdout


def test_parallel_ingest_links_every_report_once(duckdb_file):
    result = _cli("ingest", str(SAMPLE), "--workers", "2", "--db", duckdb_file)
    assert result.returncode == 0, result.stderr
    with open_store(duckdb_file, read_only=True) as store:
        events = store.query("SELECT id FROM events")
        links = store.query("SELECT event_id, incident_id FROM incident_reports")
        orphans = store.query(
            "SELECT COUNT(*) FROM incident_reports r "
            "WHERE r.incident_id NOT IN (SELECT incident_id FROM incidents)"
        )
    assert sorted(links["event_id"]) == sorted(events["id"])
    assert orphans.iloc[0, 0] == 0


@pytest.mark.parametrize("name", ["rules.json"])
def test_cli_rebuild_names_a_broken_rules_file(db_path, tmp_path, name):
    bad = tmp_path / name
    bad.write_text('{"near": 3}', encoding="utf-8")
    result = _cli("incidents", "--rebuild", "--rules", str(bad), "--db", db_path)
    assert result.returncode == 2 and name in result.stderr
