"""A giant's row made from its stored row, its aggregates and its new reports
(`giants.grown_row`) equals `summary.full_row` of all its reports, on many random
incidents split into stored and new parts; and its summary (`giants.load`) holds the
spans, span bounds, places and size of its stored reports. The aggregates are read from
a real (DuckDB) database holding the reports."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import duckdb
import pytest

from dashboard.incidents import giants
from dashboard.incidents.cluster import COARSE, Incident
from dashboard.incidents.neighbourhood import Stored
from dashboard.incidents.places import gazetteer_places
from dashboard.incidents.reports import REPORT_SQL, Report, report_from_row
from dashboard.incidents.rules import default_rules
from dashboard.incidents.summary import INCIDENT_COLUMNS, full_row
from dashboard.store import open_store

RULES = default_rules()
# places: one name at two coordinates (a tie left to the event id), a name without
# coordinates, regions, none
PLACES = [
    ("Stepanakert", 39.8177, 46.7528, 1),
    ("Stepanakert", 39.8200, 46.7500, 1),
    ("Goris", 39.5111, 46.3386, 1),
    ("Lachin corridor", 39.60, 46.55, 2),
    ("Syunik", None, None, 2),
    ("Armenia", None, None, 3),
    (None, None, None, None),
]
PRECISIONS = [
    ("day", "day", "text"),
    ("day", None, "text"),
    ("week", "week", "text"),
    ("month", "month", "text"),
    ("year", "year", "text"),
    ("day", None, "published"),
    ("day", "reported", "text"),
]
OUTLETS = ["Wire A", "Wire B", "Wire C", "", None]
LANGUAGES = ["en", "ru", "hy", None]
DAY0 = date(2023, 1, 1)


class _Tx:
    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def rows(self, sql: str, params=()) -> list[tuple]:
        return self.con.execute(sql, list(params)).fetchall()

    def execute(self, sql: str, params=()) -> None:
        self.con.execute(sql, list(params))


def _incidents(rng: random.Random, n: int) -> list[tuple[str, str, list[tuple]]]:
    """`n` incidents (id, type, event rows) of 2-30 reports each, alike enough to tie."""
    out = []
    serial = 0
    for k in range(n):
        type_ = rng.choice(["blockade", "military"])
        start = DAY0 + timedelta(days=rng.randrange(300))
        events = []
        for _ in range(rng.randrange(2, 31)):
            serial += 1
            day = start + timedelta(days=rng.randrange(0, 40 if type_ == "blockade" else 3))
            date_prec, time_prec, source = rng.choice(PRECISIONS)
            place, lat, lon, geo = rng.choice(PLACES)
            if type_ == "blockade" and geo == 1:
                count = rng.choice([5, 120, 30_000])  # a figure: the state, not an episode
            else:
                count = rng.choice([None, None, 0, 7, 100, 5_000])
            published = rng.choice([None, day, day + timedelta(days=rng.randrange(4))])
            if rng.random() < 0.2:
                published = start  # many on one day: ties on the first report
            events.append(
                (
                    f"e{serial:05d}",
                    f"a{serial:05d}",
                    type_,
                    None if rng.random() < 0.05 else day,
                    date_prec,
                    time_prec,
                    source,
                    place,
                    lat,
                    lon,
                    None if rng.random() < 0.3 else geo,
                    count,
                    rng.choice(OUTLETS),
                    rng.choice(LANGUAGES),
                    published,
                )
            )
        out.append((f"incident-{k:03d}", type_, events))
    return out


def _incident(iid: str, type_: str, reports: list[Report]) -> Incident:
    inc = Incident(iid, type_)
    for r in reports:
        inc.reports.append(r)
        if r.key is not None and r.key.name not in inc.places:
            inc.places[r.key.name] = r.key
    inc.size = len(reports)
    return inc


@pytest.fixture
def database(tmp_path):
    path = tmp_path / "giants.duckdb"
    with open_store(str(path)):
        pass  # the schema, by the migrations
    con = duckdb.connect(str(path))
    yield con
    con.close()


def test_a_giants_row_from_its_summary_equals_the_full_row(database, monkeypatch):
    ties: list[str] = []
    keep = giants._some

    def spy(tx, iid, where, *args):
        ties.append(where)
        return keep(tx, iid, where, *args)

    monkeypatch.setattr(giants, "_some", spy)
    rng = random.Random(12)
    kinds = {name: entry.kind for name, entry in gazetteer_places().items()}
    con, tx = database, _Tx(database)
    made = _incidents(rng, 150)
    now = datetime(2024, 1, 1)
    for _, _, events in made:
        for e in events:
            con.execute(
                "INSERT INTO articles (id, source, outlet, published, language, body, "
                "ingested_at) VALUES (?, ?, ?, ?, ?, '', ?)",
                [e[1], e[1], e[12], e[14], e[13], now],
            )
            con.execute(
                "INSERT INTO events (id, article_id, type, date_start, date_precision, "
                'time_precision, date_source, place, lat, lon, geo_precision, "count", '
                "evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')",
                list(e[:12]),
            )
    reports = {
        row[0]: report_from_row(row, RULES, kinds) for row in tx.rows(f"{REPORT_SQL} ORDER BY 1")
    }
    cases = []
    for iid, type_, events in made:
        mine = [reports[e[0]] for e in events]
        rng.shuffle(mine)
        cut = rng.randrange(1, len(mine))
        stored, new = mine[:cut], mine[cut:]
        inc = _incident(iid, type_, stored)
        con.execute(
            f"INSERT INTO incidents ({', '.join(INCIDENT_COLUMNS)}) VALUES "
            f"({', '.join('?' * len(INCIDENT_COLUMNS))})",
            list(full_row(inc, RULES)),
        )
        for r in stored:
            con.execute("INSERT INTO incident_reports VALUES (?, ?)", [r.event_id, iid])
        cases.append((iid, type_, stored, new))
    every_new = [r for _, _, _, new in cases for r in new]
    summaries = giants.load(
        tx, [Stored(iid, 0, 0, None, False, 2) for iid, *_ in cases], every_new, RULES, kinds
    )
    for iid, type_, stored, new in cases:
        summary = summaries[iid]
        inc = summary.incident
        dated = [r for r in stored if r.lo is not None]
        assert inc.size == len(stored)
        spans = {(r.lo, r.hi, r.rank) for r in dated}
        assert inc.spans <= spans
        if type_ not in RULES.ongoing_types:  # a point happening's spans score a report:
            # each of its starts with its latest end (those between add nothing)
            latest = {}
            for lo, hi, rank in spans:
                latest[lo, rank] = max(latest.get((lo, rank), hi), hi)
            assert {(lo, hi, rank) for (lo, rank), hi in latest.items()} <= inc.spans
            assert {s for s in spans if s[2] == 0} <= inc.spans  # days: `_episode_of`
        assert (inc.lo, inc.hi) == (
            min((r.lo for r in dated), default=None),
            max((r.hi for r in dated), default=None),
        )
        for part in ([r for r in dated if r.rank < COARSE], [r for r in dated if r.rank >= COARSE]):
            if part:
                fine = part[0].rank < COARSE
                assert (inc.fine_min_hi if fine else inc.coarse_min_hi) == min(r.hi for r in part)
                assert (inc.fine_max_lo if fine else inc.coarse_max_lo) == max(r.lo for r in part)
        assert (
            summary.first == min(stored, key=lambda r: (r.published or 10**9, r.event_id)).event_id
        )
        assert set(inc.places) == {r.place for r in stored if r.place}
        assert not inc.articles  # none of the new reports' articles is stored
        for r in new:  # as the grouping attaches them
            inc.reports.append(r)
            if r.key is not None and r.key.name not in inc.places:
                inc.places[r.key.name] = r.key
        expected = full_row(_incident(iid, type_, stored + new), RULES)
        got = giants.grown_row(
            tx, summary, inc, sorted(new, key=lambda r: r.event_id), RULES, kinds
        )
        assert got == expected, iid
    assert any("e.place" in where for where in ties)  # two places tied: read
