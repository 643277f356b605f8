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
            "AND e.id NOT IN (SELECT event_id FROM incident_reports)",
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
    touched = derived.keys_of(tx, ids)
    derived.delete_sources(tx, ids)
    for part in _chunks(ids):
        marks = _marks(part)
        tx.execute(f"DELETE FROM incident_reports WHERE incident_id IN ({marks})", list(part))
        tx.execute(f"DELETE FROM incidents WHERE incident_id IN ({marks})", list(part))
    _rekey_taken(tx, clusterer, set(ids))
    incidents = clusterer.incidents.values()
    links = [(r.event_id, inc.incident_id) for inc in incidents for r in inc.reports]
    rows = sorted(incident_row(inc, rules) for inc in incidents)
    written = _write(tx, rows, sorted(links))
    at = INCIDENT_COLUMNS.index
    touched.update((row[at("type")], row[at("place")]) for row in rows)
    derived.update(tx, sorted(clusterer.incidents), touched)
    return IncidentResult(len(new), written)


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
