"""Time the pages' aggregate queries directly (no Streamlit), for a quick loop while
working on them: the same filters as bench/dashboard.py's filter changes, each query
function run `--repeat` times on one store, p50 / p95 per function.

    .venv/bin/python bench/aggregates.py --events 1000000 [--backend postgresql] [--facts]

`--facts` times the same functions reading the fact tables (the summary tables and the
incidents' sources and group counts hidden), for comparison. Prints the 1-minute load average before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]

import synth  # noqa: E402

WAR = {"date_from": date(2020, 9, 27), "date_to": date(2020, 11, 10)}
EXODUS = {"date_from": date(2023, 9, 19), "date_to": date(2023, 10, 15)}


def cases(facets) -> list[tuple[str, object]]:
    """(label, call(store)) for every aggregate a page makes on the bench's filters."""
    from dashboard import query
    from dashboard.query import Filters, summary
    from dashboard.query.figures import PEOPLE_TYPES
    from dashboard.ui.evacuations.figure import MEASURE_OF_TYPE

    outlet = facets.outlets[min(2, len(facets.outlets) - 1)]
    speaker = facets.speakers[0]
    map_filters = [
        Filters(),
        Filters(types=("evacuation",)),
        Filters(languages=("hy",)),
        Filters(outlets=(outlet,)),
        Filters(**EXODUS),
        Filters(types=("military",), **WAR),
        Filters(types=("evacuation", "displacement"), languages=("ru",), **EXODUS),
    ]
    statement_filters = [
        (Filters(), ()),
        (Filters(), ("Armenia",)),
        (Filters(speakers=(speaker,)), ()),
        (Filters(languages=("en",)), ()),
        (Filters(**EXODUS), ()),
        (Filters(outlets=(outlet,), **EXODUS), ()),
    ]
    figure_filters = [
        (Filters(), PEOPLE_TYPES),
        (Filters(), ("casualties",)),
        (Filters(places=("Goris",)), PEOPLE_TYPES),
        (Filters(outlets=(outlet,)), PEOPLE_TYPES),
        (Filters(**EXODUS), PEOPLE_TYPES),
        (Filters(languages=("ru",), **WAR), PEOPLE_TYPES),
    ]
    # the Evacuations page's view with casualties: every figure type, two measures
    every_type = (*PEOPLE_TYPES, "casualties")
    every_measure = {t: MEASURE_OF_TYPE.get(t, t) for t in every_type}
    out: list[tuple[str, object]] = []
    for f in map_filters:
        out.append(("map_groups", lambda s, f=f: summary.map_groups(s, f)))
        out.append(("count_events", lambda s, f=f: summary.count_events(s, f)))
    for f, sides in statement_filters:
        out.append(
            (
                "statement_timeline (monthly)",
                lambda s, f=f, x=sides: summary.statement_timeline(s, f, x, True),
            )
        )
        out.append(("count_statements", lambda s, f=f, x=sides: summary.count_statements(s, f, x)))
    for f, types in figure_filters:
        measures = {t: MEASURE_OF_TYPE.get(t, t) for t in types}
        out.append(
            ("figure_days", lambda s, f=f, t=types, m=measures: summary.figure_days(s, f, t, m))
        )
        out.append(("count_figures", lambda s, f=f, t=types: summary.count_figures(s, f, t)))
    for f in (Filters(), Filters(**EXODUS)):
        out.append(
            (
                "figure_days (all types)",
                lambda s, f=f: summary.figure_days(s, f, every_type, every_measure),
            )
        )
    # the newest-first lists (limit 1001, as the pages ask)
    for f, sides in statement_filters:
        out.append(
            (
                "statements (limit 1001)",
                lambda s, f=f, x=sides: query.statements(s, f, 1001, x),
            )
        )
    for f, types in figure_filters:
        out.append(("recent_figures", lambda s, f=f, t=types: query.recent_figures(s, f, t, 1001)))
    for f in (
        Filters(),
        Filters(languages=("en",)),
        Filters(outlets=(outlet,)),
        Filters(types=("evacuation",)),
        Filters(speakers=(speaker,)),
        Filters(places=("Goris",)),
        Filters(**EXODUS),
    ):
        out.append(("articles (limit 1001)", lambda s, f=f: query.articles(s, f, 1001)))
        out.append(("count_articles", lambda s, f=f: query.count_articles(s, f)))
    out.append(
        ("articles (by events)", lambda s: query.articles(s, None, 1001, (("events", False),)))
    )
    # the Articles page's search: a common word, a word that folds into two (a phrase)
    # and a quoted phrase, best matches first, and their counts
    for text in ("Stepanakert", "Nagorno-Karabakh", '"people were evacuated"'):
        f = Filters(text=text)
        out.append((f"articles search {text}", lambda s, f=f: query.articles(s, f, 1001)))
        out.append((f"count_articles search {text}", lambda s, f=f: query.count_articles(s, f)))
    out.append(
        ("articles (by published)", lambda s: query.articles(s, Filters(languages=("en",)), 1001))
    )
    out += incident_cases(outlet)
    out.append(("overview", lambda s: query.overview(s)))
    out.append(("facets", lambda s: query.facets(s)))
    out.append(("event_span", lambda s: summary.event_span(s)))
    out.append(("statement_span", lambda s: summary.statement_span(s)))
    out.append(("figure_span", lambda s: summary.figure_span(s, PEOPLE_TYPES)))
    return out


def incident_cases(outlet: str) -> list[tuple[str, object]]:
    """The incident views' queries on the Map's and the Incidents page's filter changes
    (bench/dashboard.py `filter_changes`), called as the pages call them: the groups
    first, then the list (the Map's whole view when small enough to draw, its unplaced
    incidents otherwise; the Incidents page's first 2,000 in the chosen order), then the
    reports of the drawn incidents."""
    from dashboard.query import Filters
    from dashboard.query import incidents as inc
    from dashboard.ui.incidents.page import MAX_LISTED
    from dashboard.ui.map.build import MAX_MARKERS
    from dashboard.ui.map.incidents import REPORTS_IN_POPUP
    from dashboard.ui.map.page import EAGER_DOWNLOAD_ROWS, MAX_UNPLACED_LISTED

    map_views = [
        (Filters(), 1),
        (Filters(types=("evacuation",)), 1),
        (Filters(languages=("hy",)), 1),
        (Filters(outlets=(outlet,)), 1),
        (Filters(**EXODUS), 1),
        (Filters(actors=("Russia",)), 1),
        (Filters(types=("military",), **WAR), 1),
        (Filters(types=("evacuation", "displacement"), languages=("ru",), **EXODUS), 1),
        (Filters(), 3),
    ]
    page_views = [
        (Filters(), 1, "newest"),
        (Filters(), 1, "outlets"),
        (Filters(types=("military",)), 1, "newest"),
        (Filters(languages=("hy",)), 1, "newest"),
        (Filters(**EXODUS), 1, "newest"),
        (Filters(), 2, "conflicts"),
        # the page's search (migration 0018): a word, and a phrase checked in the words
        (Filters(text="Lachin"), 1, "newest"),
        (Filters(text='"reported near Lachin"'), 1, "newest"),
    ]

    def map_view(s, f, n) -> None:
        groups = _timed(s, "incident_groups", lambda: inc.incident_groups(s, f, n))
        if int(groups["events"].sum()) <= EAGER_DOWNLOAD_ROWS:
            # as the Map asks: without the figures' JSON (its downloads read them on click)
            found = _timed(
                s, "incidents", lambda: inc.incidents(s, f, n, columns=inc.LISTED_COLUMNS)
            )
            placed = found[found["lat"].notna() & found["lon"].notna()]
            if 0 < len(placed) <= MAX_MARKERS:
                ids = tuple(placed["incident_id"])
                _timed(
                    s,
                    "incident_reports",
                    lambda: inc.incident_reports(s, ids, REPORTS_IN_POPUP, f),
                )
        elif not groups["located"].all():
            _timed(
                s,
                "incidents (unlocated)",
                lambda: inc.incidents(
                    s, f, n, MAX_UNPLACED_LISTED, False, columns=inc.LISTED_COLUMNS
                ),
            )

    def page_view(s, f, n, order) -> None:
        groups = _timed(s, "incident_groups (Incidents page)", lambda: inc.incident_groups(s, f, n))
        # as the page asks: without the figures' JSON when more match than are listed
        columns = inc.LISTED_COLUMNS if int(groups["events"].sum()) > MAX_LISTED else None
        _timed(
            s,
            f"incidents (limit {MAX_LISTED})",
            lambda: inc.incidents(s, f, n, MAX_LISTED, order=order, columns=columns),
        )

    out: list[tuple[str, object]] = [
        ("incident views (Map)", lambda s, f=f, n=n: map_view(s, f, n)) for f, n in map_views
    ]
    out += [
        ("incident views (Incidents page)", lambda s, f=f, n=n, o=o: page_view(s, f, n, o))
        for f, n, o in page_views
    ]
    return out


# label -> milliseconds of the calls a composite case made (`_timed`), read by `_run`
_SUBTIMES: dict[str, list[float]] = {}


def _timed(store, label: str, call):
    start = time.perf_counter()
    try:
        return call()
    finally:
        _SUBTIMES.setdefault(label, []).append((time.perf_counter() - start) * 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("duckdb", "postgresql"), default="duckdb")
    parser.add_argument("--url", help="an already loaded PostgreSQL database (else one is loaded)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--facts", action="store_true", help="read the facts, not the summaries")
    parser.add_argument("--only", help="time only the queries whose label contains this")
    args = parser.parse_args(argv)
    print(f"load before: {os.getloadavg()[0]:.1f}", flush=True)
    if args.backend == "postgresql" and not args.url:
        import pg

        with pg.cluster() as admin:
            return _run(pg.load(admin, args.events), args)
    return _run(args.url or str(synth.ensure(args.events)), args)


def _run(location: str, args) -> int:
    from dashboard import query
    from dashboard.store import open_store

    with open_store(location, read_only=True) as store:
        if args.facts:
            from dashboard.query import incidents, summary

            # every query function asks these modules (at call time) whether to read them
            summary.summaries_ready = lambda store: False  # type: ignore[assignment]
            incidents.sources_ready = lambda store: False  # type: ignore[assignment]
            incidents.lists_ready = lambda store: False  # type: ignore[assignment]
        facets = query.facets(store)
        times: dict[str, list[float]] = {}
        for _ in range(args.repeat):
            for label, call in cases(facets):
                if args.only and args.only not in label:
                    continue
                start = time.perf_counter()
                call(store)
                times.setdefault(label, []).append((time.perf_counter() - start) * 1000)
        for label, values in _SUBTIMES.items():  # the calls inside composite cases
            times.setdefault(label, []).extend(values)
    print(f"{'query':32} {'calls':>5} {'p50 ms':>8} {'p95 ms':>8}")
    for label, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        print(f"{label:32} {len(values):5} {statistics.median(values):8.1f} {p95:8.1f}")
    print(f"load after: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
