"""Keeping the `incidents` and `incident_reports` tables in step with the events.

`attach` runs inside a store's write transaction: the stored incidents near the batch's
new reports (same type, dates within reach) are loaded with their reports and grouped
afresh together with the new ones, the way a rebuild would group them, and replace the
incidents they came from; so a batch costs about the same however large the database is,
and an ingest in small batches ends close to a rebuild. `rebuild` recomputes both
tables from every event, after the rules changed.

Both work through `Tx`, the few operations each store offers on its open transaction, so
the grouping itself knows no backend.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dashboard.incidents import derived
from dashboard.incidents.cluster import Clusterer
from dashboard.incidents.places import PlaceMatcher, gazetteer_places
from dashboard.incidents.pool import group_all, no_gc
from dashboard.incidents.reports import (
    REPORT_COLUMNS,
    REPORT_SQL,
    Report,
    report_from_row,
)
from dashboard.incidents.rules import Rules, default_rules
from dashboard.incidents.summary import INCIDENT_COLUMNS, incident_row
from dashboard.store.rows import fact_id
from dashboard.store.schema import COLUMNS

LINK_COLUMNS = COLUMNS["incident_reports"]
_CHUNK = 5000  # ids per IN (...) list


class Tx(Protocol):
    """A store's open write transaction, `?` placeholders."""

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...

    def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None: ...


@dataclass(frozen=True)
class IncidentResult:
    """What one attach or rebuild did."""

    reports: int = 0  # reports placed
    incidents: int = 0  # incidents written (new or changed)


def _kinds() -> dict[str, str]:
    return {name: entry.kind for name, entry in gazetteer_places().items()}


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def _reports(tx: Tx, rules: Rules, sql: str, params: Sequence[Any] = ()) -> list[Report]:
    kinds = _kinds()
    return [report_from_row(row, rules, kinds) for row in tx.rows(sql, params)]


def _write(tx: Tx, rows: Any, links: Any) -> int:
    """Insert incident `rows` (their old rows are gone) and `links` (lists of tuples, or
    packed by the store's own `pack`)."""
    tx.insert("incidents", INCIDENT_COLUMNS, rows)
    tx.insert("incident_reports", LINK_COLUMNS, links)
    return len(rows)


def rebuild(tx: Tx, rules: Rules | None = None, processes: int | None = None) -> IncidentResult:
    """Recompute every incident from every event report (by type on up to `processes`
    cores, see `pool`)."""
    rules = rules or default_rules()
    with no_gc():  # a million rows and reports: see `pool.no_gc`
        rows = tx.rows(REPORT_SQL)
        # a store that can take packed rows (DuckDB: Arrow tables) has them packed in
        # the workers
        pack, concat = getattr(tx, "pack", None), getattr(tx, "concat", None)
        incidents, links = group_all(rows, rules, processes, pack, concat)
        tx.execute("DELETE FROM incident_reports")
        tx.execute("DELETE FROM incidents")
        written = _write(tx, incidents, links)
        derived.rebuild(tx)
        return IncidentResult(len(rows), written)


def _windows(reports: list[Report], rules: Rules) -> list[tuple[str, int, int]]:
    """Per type, the merged day ranges in which a stored incident could take one of
    `reports` (its span widened by the largest gap and a report's look-back)."""
    by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in reports:
        if r.lo is None or r.precision not in rules.join_precisions:
            continue
        pad = rules.max_gap(r.type) + rules.reported_lookback_days + 1
        by_type[r.type].append((r.lo - pad, r.hi + pad))
    out = []
    for type_, spans in sorted(by_type.items()):
        spans.sort()
        lo, hi = spans[0]
        for a, b in spans[1:]:
            if a > hi + 1:
                out.append((type_, lo, hi))
                lo, hi = a, b
            else:
                hi = max(hi, b)
        out.append((type_, lo, hi))
    return out


def attach(tx: Tx, event_ids: Sequence[str], rules: Rules | None = None) -> IncidentResult:
    """Place the reports `event_ids` (just written, not yet linked) into incidents."""
    if not event_ids:
        return IncidentResult()
    rules = rules or default_rules()
    new: list[Report] = []
    for part in _chunks(list(event_ids)):
        new += _reports(
            tx,
            rules,
            f"{REPORT_SQL} WHERE e.id IN ({_marks(part)}) "
            # NOT EXISTS, not NOT IN: PostgreSQL probes the key of incident_reports
            # for each new event instead of hashing all its rows (a million at 1M
            # events, 0.35 s a batch); event_id is never NULL, so the rows are the same
            "AND NOT EXISTS (SELECT 1 FROM incident_reports x WHERE x.event_id = e.id)",
            list(part),
        )
    if not new:
        return IncidentResult()
    candidates: set[str] = set()
    for type_, lo, hi in _windows(new, rules):
        found = tx.rows(
            "SELECT incident_id FROM incidents WHERE type = ? AND date_start <= ? "
            "AND date_end >= ?",
            [type_, date.fromordinal(hi), date.fromordinal(lo)],
        )
        candidates.update(row[0] for row in found)
    stored: list[Report] = []
    kinds = _kinds()
    ids = sorted(candidates)
    for part in _chunks(ids):
        rows = tx.rows(
            f"SELECT {REPORT_COLUMNS} FROM incident_reports r "
            "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = e.article_id "
            f"WHERE r.incident_id IN ({_marks(part)})",
            list(part),
        )
        stored += [report_from_row(row, rules, kinds) for row in rows]
    # the neighbourhood is grouped afresh, as a rebuild would group it, and replaces
    # the incidents it came from
    clusterer = Clusterer(rules, PlaceMatcher(rules))
    clusterer.add_all([*stored, *new])
    _rekey_taken(tx, clusterer, set(ids))
    rows = {inc.incident_id: incident_row(inc, rules) for inc in clusterer.incidents.values()}
    # most of the neighbourhood comes out as it was stored: those incidents are left
    # alone, so a batch rewrites (and recounts the groups of) the incidents it changed
    same = _unchanged(tx, ids, rows, clusterer)
    ids = [i for i in ids if i not in same]
    before = derived.contribution(tx, ids)  # what they count in the group tables
    derived.delete_sources(tx, ids)
    for part in _chunks(ids):
        marks = _marks(part)
        tx.execute(f"DELETE FROM incident_reports WHERE incident_id IN ({marks})", list(part))
        tx.execute(f"DELETE FROM incidents WHERE incident_id IN ({marks})", list(part))
    changed = sorted(i for i in rows if i not in same)
    links = [(r.event_id, i) for i in changed for r in clusterer.incidents[i].reports]
    written = _write(tx, [rows[i] for i in changed], sorted(links))
    derived.update(tx, changed, before)
    return IncidentResult(len(new), written)


def _unchanged(
    tx: Tx, ids: Sequence[str], rows: dict[str, tuple], clusterer: Clusterer
) -> set[str]:
    """The stored incidents among `ids` that the regrouping gave back as they are: the
    same id, the same `incidents` row and the same reports. Their rows, links, sources,
    popups and group counts are what a rewrite would write again (all follow from the
    row and the reports), so they are kept. Any difference, or a value that reads back
    otherwise than it was written, counts as a change: that costs a rewrite, never a
    wrong row."""
    kept = [i for i in ids if i in rows]
    same: set[str] = set()
    for part in _chunks(kept):
        marks = _marks(part)
        stored_rows = tx.rows(
            f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents WHERE incident_id IN ({marks})",
            list(part),
        )
        same.update(row[0] for row in stored_rows if tuple(row) == rows[row[0]])
    if not same:
        return same
    links: dict[str, set[str]] = defaultdict(set)
    for part in _chunks(sorted(same)):
        found = tx.rows(
            "SELECT incident_id, event_id FROM incident_reports "
            f"WHERE incident_id IN ({_marks(part)})",
            list(part),
        )
        for incident_id, event_id in found:
            links[incident_id].add(event_id)
    return {i for i in same if links[i] == {r.event_id for r in clusterer.incidents[i].reports}}


def _rekey_taken(tx: Tx, clusterer: Clusterer, replaced: set[str]) -> None:
    """Give a new incident another id if its id is still held by a stored incident
    outside the neighbourhood (whose first report has since moved elsewhere)."""
    fresh = [i for i in clusterer.incidents if i not in replaced]
    taken: set[str] = set()
    for part in _chunks(fresh):
        found = tx.rows(
            f"SELECT incident_id FROM incidents WHERE incident_id IN ({_marks(part)})",
            list(part),
        )
        taken.update(row[0] for row in found)
    for old in taken:
        inc = clusterer.incidents.pop(old)
        inc.incident_id = fact_id("incident", old, "again")
        clusterer.incidents[inc.incident_id] = inc
