"""Grouping a full rebuild's reports on several cores.

Reports of different types never share an incident and no rule looks across types, so
each type can be grouped on its own and the result is the same as grouping everything in
one process. A rebuild of a large database hands the types to worker processes (largest
first, so the workers finish close together); each turns its rows into reports, groups
them and sends back its incidents' rows and links. fork: the workers inherit the rows
the parent fetched instead of receiving a copy, never touch the parent's database
connection and end with os._exit (multiprocessing's own), so nothing is closed twice.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from dashboard.incidents.cluster import Clusterer
from dashboard.incidents.places import PlaceMatcher, gazetteer_places
from dashboard.incidents.reports import report_from_row
from dashboard.incidents.rules import Rules
from dashboard.incidents.summary import incident_row

# below this many reports the workers' start and the results' transfer cost more than
# they save
MIN_PARALLEL = 50_000
_TYPE = 2  # index of the type in a REPORT_SQL row

# incident rows and (event_id, incident_id) links: lists of tuples, or what the store's
# `pack` made of them (an Arrow table for DuckDB: built in the workers, in parallel, and
# sent back as buffers rather than as millions of pickled tuples)
Grouped = tuple[Any, Any]
Pack = Callable[[str, list[tuple]], Any]

# what the workers inherit from the parent at fork
_rows_by_type: dict[str, list[tuple]] = {}
_rules: Rules | None = None
_matcher: PlaceMatcher | None = None
_pack: Pack | None = None


@contextmanager
def no_gc() -> Iterator[None]:
    """Python's cycle collector paused: grouping a large database allocates millions of
    objects and no cycles to collect, and the collector would rescan them all again and
    again (a third of the grouping time at 100k reports). Restores the previous state."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def group_rows(
    rows: list[tuple], rules: Rules, matcher: PlaceMatcher | None = None, pack: Pack | None = None
) -> Grouped:
    """Group `REPORT_SQL` rows: the `incidents` rows and the report links, each in id
    order (so that a rebuild writes the same tables in the same order every time), as
    lists or packed by `pack(table, rows)`."""
    kinds = {name: entry.kind for name, entry in gazetteer_places().items()}
    clusterer = Clusterer(rules, matcher or PlaceMatcher(rules))
    with no_gc():
        clusterer.add_all([report_from_row(row, rules, kinds) for row in rows])
        incidents = clusterer.incidents.values()
        links = [(r.event_id, inc.incident_id) for inc in incidents for r in inc.reports]
        out = [incident_row(inc, rules) for inc in incidents]
    out.sort()
    links.sort()
    if pack is not None:
        return pack("incidents", out), pack("incident_reports", links)
    return out, links


def _group_type(type_: str) -> Grouped:
    assert _rules is not None
    return group_rows(_rows_by_type[type_], _rules, _matcher, _pack)


def workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def group_all(
    rows: list[tuple],
    rules: Rules,
    processes: int | None = None,
    pack: Pack | None = None,
    concat: Callable[[list[Any]], Any] | None = None,
) -> Grouped:
    """`group_rows` of every row, by type on up to `processes` cores (default: all this
    process may use; one for a small database or where fork is missing). In parallel,
    the rows come type after type, each type's in id order; packed parts are joined by
    `concat` (given with `pack`)."""
    global _rows_by_type, _rules, _matcher, _pack
    processes = workers() if processes is None else processes
    by_type: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_type[row[_TYPE]].append(row)
    fork = "fork" in multiprocessing.get_all_start_methods()
    if processes < 2 or len(by_type) < 2 or len(rows) < MIN_PARALLEL or not fork:
        return group_rows(rows, rules, pack=pack)
    order = sorted(by_type, key=lambda t: (-len(by_type[t]), t))
    # the workers inherit what is loaded now (gazetteer, shapes): nothing to import or
    # read after fork
    _rows_by_type, _rules, _matcher = by_type, rules, PlaceMatcher(rules)
    _pack = pack
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(processes, len(order))) as pool:
            parts = pool.map(_group_type, order, chunksize=1)
            pool.close()
            pool.join()  # workers end (and are counted in the parent's CPU time)
    finally:
        _rows_by_type, _rules, _matcher, _pack = {}, None, None, None
    parts = [part for _, part in sorted(zip(order, parts, strict=True), key=lambda p: p[0])]
    if pack is not None:
        assert concat is not None, "pack needs concat"
        return concat([p[0] for p in parts]), concat([p[1] for p in parts])
    incidents: list[tuple] = []
    links: list[tuple] = []
    for part_incidents, part_links in parts:
        incidents += part_incidents
        links += part_links
    return incidents, links
