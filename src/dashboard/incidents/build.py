"""Keeping the `incidents` and `incident_reports` tables in step with the events.

`attach` runs inside a store's write transaction: the stored incidents the batch's new
reports may change (same type and kind, dates within reach, and for a report at a town
a place within reach: `neighbourhood`) are loaded with their reports and grouped afresh
together with the new ones, the way a rebuild would group them, and replace the
incidents they came from when they changed; so an ingest in small batches ends close to
a rebuild, and a batch reads what lies near its reports rather than all of their days.
A stored incident of `SEED_MIN` reports or more (a state of years: thousands; a busy
day's happening: dozens) is not read: it enters the regrouping as a summary of a few
aggregate queries (`giants`) and its stored reports are not regrouped. A stored
incident that only gained reports grows in place: its new links, sources, popups and
search rows are added and its row written again (a giant's from its stored row, its
aggregates and the new reports), the rows of its stored reports stay
(`derived.update`, `terms.grow`). `rebuild` recomputes both
tables from every event, after the rules changed.

Both work through `Tx`, the few operations each store offers on its open transaction, so
the grouping itself knows no backend.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from dashboard.incidents import derived, giants, neighbourhood
from dashboard.incidents.cluster import Clusterer
from dashboard.incidents.places import PlaceMatcher, gazetteer_places
from dashboard.incidents.pool import group_all, no_gc
from dashboard.incidents.reports import (
    REPORT_ARTICLE_COLUMNS,
    REPORT_COLUMNS,
    REPORT_EVENT_COLUMNS,
    REPORT_SQL,
    Report,
    report_from_row,
)
from dashboard.incidents.rules import Rules, default_rules
from dashboard.incidents.summary import INCIDENT_COLUMNS, incident_row
from dashboard.store.rows import fact_id
from dashboard.store.schema import COLUMNS
from dashboard.store.sqlparams import ID_ARRAY, chunks, marks

LINK_COLUMNS = COLUMNS["incident_reports"]
_CHUNK = 5000  # ids per IN (...) list
# a stored incident of this many reports enters a batch's regrouping as a summary of
# aggregates (`giants`), its reports neither read nor regrouped. 50, not 200: in the
# synthetic war burst a batch reaches hundreds of incidents of 50-199 reports (1,386
# at 1M, most a happening of a day or two at a town), 40 % of the reports it would
# read; as summaries, a 200-article batch there reads 72,000 stored reports instead of
# 114,000 and its write takes 3.9 s instead of 5.1 s, and the agreement with a rebuild
# after ten batches is no worse (0.99976 against 0.99968; in the burst 0.99942 against
# 0.99877: BENCHMARKS.md, "The regroup of a write in a dense period")
SEED_MIN = 50


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


def _new_reports(
    tx: Tx, event_ids: Sequence[str], rules: Rules, unlinked: bool = False
) -> list[Report]:
    """The reports `event_ids` that no incident holds yet (all of them if `unlinked`).

    Read as three lookups by key rather than `REPORT_SQL` with a NOT EXISTS: on DuckDB
    a join of the batch's events with articles, and the anti-join with incident_reports,
    each scan a whole table (0.1 s a batch at 1M events), while a short `IN` list of
    ids is looked up in a primary key's index. The links are still read (an event a
    rebuild already placed is not placed twice); DuckDB scans incident_reports' one
    column for them (it has no index, 0.02-0.1 s a batch at 1M), PostgreSQL probes its
    key; `unlinked` skips that read when the caller inserted the events itself."""
    ids = list(dict.fromkeys(event_ids))
    linked: set[str] = set()
    if not unlinked:
        linked = {
            row[0]
            for row in tx.rows(
                f"SELECT event_id FROM incident_reports WHERE event_id IN {ID_ARRAY}", [ids]
            )
        }
    events: list[tuple] = []
    for part in chunks([i for i in ids if i not in linked], _CHUNK):
        events += tx.rows(
            f"SELECT {REPORT_EVENT_COLUMNS} FROM events e WHERE e.id IN ({marks(part)})", list(part)
        )
    articles: dict[str, tuple] = {}
    for part in chunks(sorted({row[1] for row in events}), _CHUNK):
        for row in tx.rows(
            f"SELECT a.id, {REPORT_ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({marks(part)})",
            list(part),
        ):
            articles[row[0]] = row[1:]
    kinds = _kinds()
    # an event without its article is no report, as in REPORT_SQL's inner join
    return [
        report_from_row((*row, *articles[row[1]]), rules, kinds)
        for row in events
        if row[1] in articles
    ]


def _neighbourhood(
    tx: Tx, new: list[Report], rules: Rules, matcher: PlaceMatcher
) -> list[neighbourhood.Stored]:
    """The stored incidents the new reports may change, by type, dates and place (see
    `neighbourhood`), by id."""
    found = neighbourhood.candidates(tx, new, rules)
    chosen = neighbourhood.near(new, found, rules, matcher)
    by_id = {s.incident_id: s for stored in found.values() for s in stored}
    return [by_id[i] for i in sorted(chosen)]


def _stored_reports(
    tx: Tx, ids: Sequence[str], rules: Rules
) -> tuple[list[Report], dict[str, set[str]]]:
    """Every report of the incidents `ids`, and each incident's event ids.

    One statement with the ids as one array parameter, not chunks of an `IN` list:
    each chunk's join scans events and articles again (DuckDB; 0.5 s for three chunks
    at 1M events against 0.25 s for one statement)."""
    members: dict[str, set[str]] = {i: set() for i in ids}
    if not ids:
        return [], members
    kinds = _kinds()
    rows = tx.rows(
        f"SELECT {REPORT_COLUMNS}, r.incident_id FROM incident_reports r "
        "JOIN events e ON e.id = r.event_id JOIN articles a ON a.id = e.article_id "
        f"WHERE r.incident_id IN {ID_ARRAY}",
        [list(ids)],
    )
    stored: list[Report] = []
    for row in rows:
        stored.append(report_from_row(row, rules, kinds))
        members[row[-1]].add(row[0])
    return stored, members


def _regroup(
    stored: list[Report],
    new: list[Report],
    rules: Rules,
    matcher: PlaceMatcher,
    summaries: dict[str, giants.Summary] | None = None,
) -> Clusterer:
    """The stored reports and the new ones grouped afresh, the giants (`summaries`)
    taken as they stand."""
    clusterer = Clusterer(rules, matcher)
    for incident_id in sorted(summaries or {}):
        clusterer.enter(summaries[incident_id].incident)  # type: ignore[index]
    clusterer.add_all([*stored, *new])
    return clusterer


def _replace(tx: Tx, ids: Sequence[str], grown: Sequence[str] = ()) -> None:
    """Delete the incidents `ids` with their links, sources and popups, and the rows
    (only) of the incidents `grown` in place."""
    derived.delete_sources(tx, ids)
    for part in chunks(list(ids), _CHUNK):
        holes = marks(part)
        tx.execute(f"DELETE FROM incident_reports WHERE incident_id IN ({holes})", list(part))
    for part in chunks([*ids, *grown], _CHUNK):
        tx.execute(f"DELETE FROM incidents WHERE incident_id IN ({marks(part)})", list(part))


def attach(
    tx: Tx, event_ids: Sequence[str], rules: Rules | None = None, *, inserted: bool = False
) -> IncidentResult:
    """Place the reports `event_ids` (just written, not yet linked) into incidents.
    `inserted`: this transaction inserted every one of those events (DuckDB's write: one
    writer, the articles new), so no incident can hold one and the links are not read."""
    if not event_ids:
        return IncidentResult()
    # tens of thousands of reports, and a giant's figures (a state's row lists 13,000),
    # make no cycles: the collector would rescan them (`pool.no_gc`)
    with no_gc():
        return _attach(tx, event_ids, rules, inserted)


def _attach(
    tx: Tx, event_ids: Sequence[str], rules: Rules | None, inserted: bool = False
) -> IncidentResult:
    rules = rules or default_rules()
    new = _new_reports(tx, event_ids, rules, unlinked=inserted)
    if not new:
        return IncidentResult()
    matcher = PlaceMatcher(rules)
    near = _neighbourhood(tx, new, rules, matcher)
    big = [s for s in near if s.size >= SEED_MIN]
    ids = [s.incident_id for s in near if s.size < SEED_MIN]
    stored, members = _stored_reports(tx, ids, rules)
    kinds = _kinds()
    # the reports regrouped: new ones and the stored ones of the incidents not giants
    summaries = _summaries(tx, big, [*new, *stored], rules, kinds)
    # the neighbourhood is grouped afresh, as a rebuild would group it, and replaces
    # the incidents it came from
    clusterer = _regroup(stored, new, rules, matcher, summaries)
    _rekey_taken(tx, clusterer, set(ids) | set(summaries))
    # most of the neighbourhood comes out as it was stored: those incidents are left
    # alone, so a batch rewrites (and recounts the groups of) the incidents it changed;
    # so are those it regrouped otherwise without a new report among them
    same = _apart(members, clusterer) | _unchanged(ids, members, clusterer)
    # a giant is still in `clusterer` only if it gained reports (`_apart`)
    found = clusterer.incidents
    gained = {
        i: sorted(found[i].reports, key=_event_id)
        for i in summaries
        if i in found and found[i].reports
    }
    rows = {
        i: incident_row(inc, rules)
        for i, inc in clusterer.incidents.items()
        if i not in same and i not in summaries
    }
    for i, reports in gained.items():
        rows[i] = _giant_row(tx, summaries[i], clusterer.incidents[i], reports, rules, kinds)
    ids = [i for i in ids if i not in same]
    # those that only gained reports grow in place: their stored links and rows stay
    grown = _grown(ids, members, clusterer) | gained
    ids += sorted(gained)
    before = derived.contribution(tx, ids)  # what they count in the group tables
    _replace(tx, [i for i in ids if i not in grown], sorted(grown))
    changed = sorted(rows)
    links = [
        (r.event_id, i)
        for i in changed
        for r in (grown[i] if i in grown else clusterer.incidents[i].reports)
    ]
    written = _write(tx, [rows[i] for i in changed], sorted(links))
    growth = {i: derived.Growth(grown[i], rows[i][2], rows[i][3]) for i in grown}
    derived.update(tx, [i for i in changed if i not in grown], before, growth, links)
    return IncidentResult(len(new), written)


def _summaries(
    tx: Tx, big: list[neighbourhood.Stored], regrouped: list[Report], rules: Rules, kinds: dict
) -> dict[str, giants.Summary]:
    """The giants of the neighbourhood as summaries (`giants.load`), each knowing which
    articles of the `regrouped` reports it holds."""
    return giants.load(tx, big, regrouped, rules, kinds)


def _giant_row(
    tx: Tx,
    summary: giants.Summary,
    inc: Any,
    new: list[Report],
    rules: Rules,
    kinds: dict,
) -> tuple:
    """The row of a giant that gained `new` (`giants.grown_row`)."""
    return giants.grown_row(tx, summary, inc, new, rules, kinds)


def _grown(
    ids: Sequence[str], members: dict[str, set[str]], clusterer: Clusterer
) -> dict[str, list[Report]]:
    """The stored incidents among `ids` that the regrouping gave back with the same id,
    every report they had and new ones: each with the reports it gained, by event id."""
    found = clusterer.incidents
    out: dict[str, list[Report]] = {}
    for i in ids:
        inc = found.get(i)
        if inc is None or len(inc.reports) <= len(members[i]):
            continue
        mine = members[i]
        if len(mine) == sum(1 for r in inc.reports if r.event_id in mine):
            out[i] = sorted((r for r in inc.reports if r.event_id not in mine), key=_event_id)
    return out


def _event_id(report: Report) -> str:
    return report.event_id


def _apart(members: dict[str, set[str]], clusterer: Clusterer) -> set[str]:
    """The stored incidents whose reports the regrouping shuffled only among themselves,
    with no new report: kept as stored, their regrouped pieces dropped from `clusterer`.

    Stored incidents and regrouped ones that share a report are linked; a set of them
    linked together and holding no new report changed only because the regrouping saw
    part of the incidents around them (the neighbourhood, not all of them), which let a
    report naming a region or no place choose otherwise than it did; what it chose
    with every incident around it stands. Union-find over the shared reports."""
    parent: dict[tuple[bool, str], tuple[bool, str]] = {}

    def find(node: tuple[bool, str]) -> tuple[bool, str]:
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while node != root:  # path compression
            parent[node], node = root, parent.get(node, node)
        return root

    holder = {event: i for i, events in members.items() for event in events}
    fresh: list[tuple[bool, str]] = []
    for iid, inc in clusterer.incidents.items():
        mine = (False, iid)
        for r in inc.reports:
            stored = holder.get(r.event_id)
            if stored is None:
                fresh.append(mine)
            else:
                a, b = find(mine), find((True, stored))
                if a != b:
                    parent[a] = b
    touched = {find(node) for node in fresh}
    for iid in [i for i in clusterer.incidents if find((False, i)) not in touched]:
        del clusterer.incidents[iid]
    return {i for i in members if find((True, i)) not in touched}


def _unchanged(ids: Sequence[str], members: dict[str, set[str]], clusterer: Clusterer) -> set[str]:
    """The stored incidents among `ids` that the regrouping gave back as they are: the
    same id and the same reports (`members`, as read). Their rows, links, sources,
    popups and group counts are what a rewrite would write again (all follow from the
    reports under the same rules: after a change of rules, `rebuild`), so they are
    kept, and their rows are not even made again."""
    found = clusterer.incidents
    return {
        i
        for i in ids
        if i in found
        and len(found[i].reports) == len(members[i])
        and {r.event_id for r in found[i].reports} == members[i]
    }


def _rekey_taken(tx: Tx, clusterer: Clusterer, replaced: set[str]) -> None:
    """Give a new incident another id if its id is still held by a stored incident
    outside the neighbourhood (whose first report has since moved elsewhere)."""
    fresh = [i for i in clusterer.incidents if i not in replaced]
    taken: set[str] = set()
    for part in chunks(fresh, _CHUNK):
        found = tx.rows(
            f"SELECT incident_id FROM incidents WHERE incident_id IN ({marks(part)})",
            list(part),
        )
        taken.update(row[0] for row in found)
    for old in taken:
        inc = clusterer.incidents.pop(old)
        inc.incident_id = fact_id("incident", old, "again")
        clusterer.incidents[inc.incident_id] = inc
