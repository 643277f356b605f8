"""Dashboard benchmarks on synthetic databases of 10k, 100k and (with --1m) 1M events.

    .venv/bin/python bench/dashboard.py [--sizes 10k,100k] [--1m] [--repeat 3]
                                        [--backend duckdb|postgresql]
                                        [--no-browser] [--no-naive] [--no-record]

For each size (databases from bench/synth.py, built on first use under bench/.data/; with
`--backend postgresql` copied into a throwaway PostgreSQL cluster by bench/pg.py):

* every query each page runs for a set of typical filter changes, timed at the store
  (`Store.query`, so connection, SQL and conversion to a DataFrame; a query function
  that runs several statements counts once, first start to last end), p50 and p95 over
  all filter changes and repeats; the read-only store keeps its connection between
  queries, so each page's first visit starts with it closed (as after a pause longer
  than its idle timeout) and the filter changes that follow find it open; the queries a page runs once per database version
  (filter choices, date ranges, the overview) are reported apart, as they are cached
  for every session afterwards;
* each page run in Streamlit's AppTest: the first run on a cold process, a filter change
  (its filter-dependent caches emptied, as for a combination nobody asked for yet) and a
  rerun with everything cached;
* the size of the map component sent to the browser, for every filter change;
* with a browser (Chromium, as the end-to-end tests): the server's memory per session
  (RSS of the server process before and after N further sessions), and at 100k the time
  until the map shows markers;
* the naive build side by side (bench/naive.py, in its own process, bounded in time).

On PostgreSQL, `EXPLAIN (ANALYZE, BUFFERS)` of the slowest call of every filter query is
written to bench/explain/ (one file per size, page and query), so a reader sees the plan
behind each figure. The naive build runs on DuckDB only.

Results go to BENCHMARKS.md unless --no-record. Timings are measured here and never
asserted in tests.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# This file is called dashboard.py, like the package it measures: take its folder off the
# front of sys.path (Python puts it there) and append it, so `import dashboard` finds the
# package and `import common` still finds bench/common.py.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE] + [str(_HERE)]

import common  # noqa: E402
import pg  # noqa: E402
import synth  # noqa: E402

ROOT = common.ROOT
EXPLAIN_DIR = ROOT / "bench" / "explain"
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
PAGES = {
    "Overview": "app.py",
    "Map": "pages/1_Map.py",
    "Statements": "pages/2_Statements.py",
    "Evacuations": "pages/3_Evacuations.py",
    "Articles": "pages/4_Articles.py",
    "Incidents": "pages/6_Incidents.py",
}
# queries a page runs once per database version; cached for every session afterwards
PER_VERSION = {
    "facets",
    "overview",
    "latest_figure",
    "recent_articles",
    "event_span",
    "statement_span",
    "figure_span",
    "figure_places",
}


def filter_changes(facets) -> dict[str, list[dict[str, list[str]]]]:
    """Typical filter changes per page, as URL parameters (the pages read them first)."""
    outlet = facets.outlets[min(2, len(facets.outlets) - 1)]
    speaker = facets.speakers[0]
    war = {"from": ["2020-09-27"], "to": ["2020-11-10"]}
    exodus = {"from": ["2023-09-19"], "to": ["2023-10-15"]}
    return {
        "Overview": [{}],
        "Map": [
            {},
            {"type": ["evacuation"]},
            {"lang": ["hy"]},
            {"outlet": [outlet]},
            exodus,
            {"actor": ["Russia"]},
            {"type": ["military"], **war},
            {"type": ["evacuation", "displacement"], "lang": ["ru"], **exodus},
            {"view": ["reports"]},
            {"view": ["reports"], "type": ["evacuation"]},
            {"view": ["reports"], "lang": ["hy"], **exodus},
            {"min_outlets": ["3"]},
        ],
        "Incidents": [
            {},
            {"sort": ["outlets"]},
            {"type": ["military"]},
            {"lang": ["hy"]},
            exodus,
            {"min_outlets": ["2"], "sort": ["conflicts"]},
            {"q": ["Lachin"]},
        ],
        "Statements": [
            {},
            {"side": ["Armenia"]},
            {"speaker": [speaker]},
            {"lang": ["en"]},
            exodus,
            {"outlet": [outlet], **exodus},
        ],
        "Evacuations": [
            {},
            {"casualties": ["1"]},
            {"place": ["Goris"]},
            {"outlet": [outlet]},
            exodus,
            {"lang": ["ru"], **war},
        ],
        "Articles": [
            {},
            {"sort": ["events"]},
            {"type": ["evacuation"]},
            {"lang": ["en"]},
            exodus,
            {"speaker": [speaker]},
            {"q": ["Stepanakert"]},
        ],
    }


# -- timing every store query ------------------------------------------------------------


@dataclass
class Recorder:
    """Times every `Store.query` call, labelled by the query function that made it, and
    then the same SQL again on one connection kept open and warm (each run twice, the
    second timed): the first time is what the page waits for, the second the database's
    share of it. A query function that runs several statements (a cut date, then the
    rows) counts once, from the start of its first statement to the end of its last,
    so that splitting a query in two cannot make it look faster than it is. The replay
    connection is opened after the page ran and closed before the next run."""

    db: str
    calls: list[tuple[str, object, float, float, str, list]] = field(default_factory=list)
    active: bool = False
    # label -> (seconds, statements) of its slowest call, for EXPLAIN
    slowest: dict[str, tuple[float, list[tuple[str, list]]]] = field(default_factory=dict)

    def install(self) -> None:
        from dashboard.store import backend_of
        from dashboard.store.duckdb_store import DuckDBStore
        from dashboard.store.postgres_store import PostgresStore

        cls = PostgresStore if backend_of(self.db) == "postgresql" else DuckDBStore
        original = cls.query
        recorder = self

        def timed(store, sql, params=()):
            if not recorder.active:
                return original(store, sql, params)
            label, owner = _caller()
            start = time.perf_counter()
            try:
                return original(store, sql, params)
            finally:
                end = time.perf_counter()
                recorder.calls.append((label, owner, start, end, sql, list(params)))

        cls.query = timed

    def _connect(self):
        """(run(sql, params), close()) on one new connection to the database."""
        from dashboard.store import backend_of

        if backend_of(self.db) == "postgresql":
            import psycopg

            from dashboard.store.postgres_store import pyformat

            conn = psycopg.connect(self.db, autocommit=True)

            def run(sql, params):
                cur = conn.execute(pyformat(sql), tuple(params))
                return cur.fetchall() if cur.description else []

            return run, conn.close
        import duckdb

        con = duckdb.connect(self.db, read_only=True)
        return (lambda sql, params: con.execute(sql, params).df()), con.close

    def take(self, replay: bool = True) -> list[tuple[str, float, float | None]]:
        """(label, seconds through the store, seconds on an open connection) per call of
        a query function."""
        calls, self.calls = self.calls, []
        # consecutive statements of one call of one query function (its frame) are one
        groups: list[list[tuple]] = []
        for call in calls:
            if groups and call[1] is not None and groups[-1][-1][1] is call[1]:
                groups[-1].append(call)
            else:
                groups.append([call])
        del calls
        if not replay or not groups:
            return [(g[0][0], g[-1][3] - g[0][2], None) for g in groups]
        out = []
        run, close = self._connect()
        try:
            for group in groups:
                again = 0.0
                for _, _, _, _, sql, params in group:
                    run(sql, params)
                    start = time.perf_counter()
                    run(sql, params)
                    again += time.perf_counter() - start
                took = group[-1][3] - group[0][2]
                label = group[0][0]
                if took > self.slowest.get(label, (-1.0, []))[0]:
                    self.slowest[label] = (took, [(c[4], c[5]) for c in group])
                out.append((label, took, again))
        finally:
            close()
        return out

    def explain(self, size: str, page: str, labels: list[str]) -> None:
        """EXPLAIN (ANALYZE, BUFFERS) of the slowest call of each of `labels` (its
        statements in order) into bench/explain/pg-SIZE-PAGE-LABEL.txt."""
        import re

        run, close = self._connect()
        EXPLAIN_DIR.mkdir(exist_ok=True)
        try:
            for label in labels:
                if label not in self.slowest:
                    continue
                took, statements = self.slowest.pop(label)
                parts = [
                    f"-- {page}: {label} at {size} events, slowest call {took * 1000:.1f} ms "
                    f"({common.machine()}, load {common.load()})"
                ]
                for sql, params in statements:
                    plan = run(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    shown = [p if not isinstance(p, list) else f"[{len(p)} values]" for p in params]
                    parts += ["", sql, f"-- parameters: {shown}", ""]
                    parts += [row[0] for row in plan]
                slug = re.sub(r"[^a-z0-9]+", "-", f"pg-{size}-{page}-{label}".lower()).strip("-")
                (EXPLAIN_DIR / f"{slug}.txt").write_text("\n".join(parts) + "\n", "utf-8")
        finally:
            close()


def _caller() -> tuple[str, object]:
    """The outermost dashboard.query function on the stack, with the arguments that make
    it a different query (a limit, located or not), and its frame (None if none)."""
    frame = sys._getframe(2)
    found = None
    while frame is not None:
        if f"{os.sep}dashboard{os.sep}query{os.sep}" in frame.f_code.co_filename:
            found = frame
        frame = frame.f_back
    if found is None:
        return "other", None
    name = found.f_code.co_name
    local = found.f_locals
    details = []
    if local.get("limit") is not None and name in ("events", "statements", "articles", "figures"):
        details.append(f"limit {local['limit']}")
    if local.get("located") is not None:
        details.append("located" if local["located"] else "unlocated")
    if local.get("monthly"):
        details.append("monthly")
    if name == "articles" and local.get("order"):
        details.append("by " + ",".join(c for c, _ in local["order"]))
    return name + (f" ({', '.join(details)})" if details else ""), found


# -- AppTest runs ---------------------------------------------------------------------------


def _clear_filter_caches() -> None:
    """Empty the caches keyed by filters; keep those keyed only by the database version."""
    from dashboard.ui import data
    from dashboard.ui.articles import page as articles

    for fn in (
        data.events,
        data.statements,
        data.articles,
        data.count_articles,
        data.map_groups,
        data.count_statements,
        data.statement_timeline,
        data.figures,
        data.recent_figures,
        data.count_figures,
        data.figure_days,
        data.incidents,
        data.incident_by_id,
        data.incident_groups,
        data.incident_reports,
        data.article,
        articles._facts,
    ):
        fn.clear()


_COMPONENTS: list = []


def _components():
    """Streamlit's registry of installed components, filled once. A server scans every
    installed package for component manifests once, when it starts; AppTest does it
    in each new AppTest's first run (0.3-1.4 s here), which a page never costs a reader."""
    if not _COMPONENTS:
        from streamlit.components.v2.component_manager import BidiComponentManager

        manager = BidiComponentManager()
        manager.discover_and_register_components(start_file_watching=False)
        _COMPONENTS.append(manager)
    return _COMPONENTS[0]


def _run(page: str, params: dict[str, list[str]]):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / page), default_timeout=900)
    if hasattr(at, "_bidi_component_manager"):  # private in Streamlit 1.5x: may go away
        at._bidi_component_manager = _components()
    for key, values in params.items():
        at.query_params[key] = values
    start = time.perf_counter()
    at.run()
    took = time.perf_counter() - start
    errors = [e.value for e in at.exception]
    if errors:
        raise RuntimeError(f"{page} {params}: {errors[0][:2000]}")
    return at, took


def _let_go(db: str) -> None:
    """Close the app's kept DuckDB connection, as IDLE_SECONDS without a query would: the
    first visit of each page then pays for connecting again (its queries count with the
    filter queries), the filter changes after it, back to back, find it open."""
    from dashboard.ui import data

    store = data.get_store(db)
    if hasattr(store, "let_go"):
        store.let_go()


def _map_payload(at) -> int:
    found = at.get("component_instance")
    return len(found[0].proto.json_args) if found else 0


@dataclass
class PageResult:
    cold: float = 0.0
    change: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    payloads: list[int] = field(default_factory=list)
    queries: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    version_queries: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    # the same filter queries run again on one open connection (no connect per query)
    open_queries: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def add_queries(self, calls: list[tuple[str, float, float | None]]) -> None:
        """File each recorded call as a filter query or a once-per-version one."""
        for label, took, again in calls:
            if label in PER_VERSION:
                self.version_queries[label].append(took)
            else:
                self.queries[label].append(took)
                self.open_queries[label].append(again)


def apptest_bench(db: str, repeat: int, size: str = "") -> dict[str, PageResult]:
    import logging

    import streamlit as st

    from dashboard import query
    from dashboard.store import open_store

    logging.disable(logging.WARNING)
    os.environ["DASHBOARD_DB"] = str(db)
    os.environ["DASHBOARD_TILES"] = "none"
    with open_store(str(db), read_only=True) as store:
        changes = filter_changes(query.facets(store))
    recorder = Recorder(str(db))
    recorder.install()
    results: dict[str, PageResult] = {}
    for page in PAGES.values():  # imports (folium, plotly...) are not what "cold" measures
        _run(page, {})
    st.cache_data.clear()
    st.cache_resource.clear()
    for name, page in PAGES.items():
        result = results[name] = PageResult()
        _let_go(str(db))
        recorder.active = True
        _, result.cold = _run(page, {})  # first visit: every cache of this page empty
        result.add_queries(recorder.take())
        for _ in range(repeat):
            for params in changes[name]:
                _clear_filter_caches()
                recorder.active = True
                at, took = _run(page, params)
                recorder.active = False
                result.change.append(took)
                result.add_queries(recorder.take())
                if name == "Map":
                    result.payloads.append(_map_payload(at))
                _, took = _run(page, params)  # the same view again: all cached
                result.warm.append(took)
        if recorder.slowest and db.startswith("postgres"):
            recorder.explain(size, name, sorted(result.queries))
        recorder.slowest.clear()
        print(
            f"  {name}: cold {result.cold:.2f} s, filter change p50 "
            f"{common.p50(result.change):.2f} s / p95 {common.p95(result.change):.2f} s, "
            f"warm {common.p50(result.warm):.2f} s",
            flush=True,
        )
    recorder.active = False
    return results


# -- browser: memory per session, time to markers ---------------------------------------------


def browser_bench(db: str, sessions: int, markers: bool) -> dict:
    """Server RSS before and after `sessions` browser sessions that each visit every page
    (kept open); with `markers`, the time from opening /Map to the first marker drawn."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from playwright.sync_api import sync_playwright
    from streamlit_server import launch_browser, new_context, open_page, serve

    folium = 'iframe[title="streamlit_folium.st_folium"]'
    out: dict = {}
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"bench-streamlit-{os.getpid()}.log"
    with serve(str(db), timeout=120, log_path=log) as url, sync_playwright() as p:
        pid = common.server_pid(url)
        browser = launch_browser(p)

        def visit(context, params: str = "") -> float:
            page = context.new_page()
            start = time.perf_counter()
            open_page(page, url, f"/Map{params}", timeout_ms=600_000)
            frame = page.frame_locator(folium).first
            frame.locator("path.leaflet-interactive").first.wait_for(timeout=600_000)
            took = time.perf_counter() - start
            for path in ("/Statements", "/Evacuations", "/Articles", "/"):
                open_page(page, url, path + params, timeout_ms=600_000)
            return took

        first = new_context(browser)
        out["markers_cold_s"] = visit(first)
        time.sleep(1)
        out["rss_after_first_mib"] = common.rss_mib(pid)
        if markers:
            again = []
            for _ in range(3):
                ctx = new_context(browser)
                page = ctx.new_page()
                start = time.perf_counter()
                open_page(page, url, "/Map", timeout_ms=600_000)
                page.frame_locator(folium).first.locator("path.leaflet-interactive").first.wait_for(
                    timeout=600_000
                )
                again.append(time.perf_counter() - start)
                ctx.close()
            out["markers_warm_s"] = common.p50(again)
        base = common.rss_mib(pid)
        contexts = []
        for i in range(sessions):
            ctx = new_context(browser)
            contexts.append(ctx)
            visit(ctx, f"?lang={['en', 'ru', 'hy', 'az', 'fr', 'de', 'es'][i % 7]}")
        time.sleep(1)
        after = common.rss_mib(pid)
        out.update(
            rss_base_mib=base,
            rss_after_mib=after,
            sessions=sessions,
            per_session_mib=(after - base) / max(sessions, 1),
        )
        for ctx in [first, *contexts]:
            ctx.close()
        browser.close()
    return out


# -- report ------------------------------------------------------------------------------------


def _row_stats(values: list[float]) -> tuple[str, str]:
    return common.ms(common.p50(values)), common.ms(common.p95(values))


def report(size: str, res: dict, command: str, record: bool, backend: str = "duckdb") -> str:
    """The tables of one size, written to the `dashboard-SIZE` block of BENCHMARKS.md
    (`dashboard-pg-SIZE` on PostgreSQL)."""
    head = [
        "page",
        "filter queries p50 / p95 (ms)",
        "same SQL on an open connection p50 / p95 (ms)",
        "slowest filter query: p95 (ms)",
        "AppTest cold (s)",
        "AppTest filter change p50 / p95 (s)",
        "AppTest cached (s)",
        "map payload max",
    ]
    rows = []
    detail = []
    for page, r in res["pages"].items():
        every = [t for ts in r.queries.values() for t in ts]
        opened = [t for ts in r.open_queries.values() for t in ts if t is not None]
        slow = max(r.queries.items(), key=lambda kv: common.p95(kv[1]), default=None)
        rows.append(
            [
                page,
                "{} / {}".format(*_row_stats(every)) if every else "— (none)",
                "{} / {}".format(*_row_stats(opened)) if opened else "—",
                f"{slow[0]}: {common.ms(common.p95(slow[1]))}" if slow else "—",
                f"{r.cold:.2f}",
                f"{common.p50(r.change):.2f} / {common.p95(r.change):.2f}",
                f"{common.p50(r.warm):.2f}",
                common.mib(max(r.payloads)) if r.payloads else "",
            ]
        )
        for label, ts in sorted(r.queries.items()):
            opened = [t for t in r.open_queries.get(label, []) if t is not None]
            again = "{} / {}".format(*_row_stats(opened)) if opened else "—"
            detail.append([page, label, "filter", len(ts), *_row_stats(ts), again])
        for label, ts in sorted(r.version_queries.items()):
            detail.append([page, label, "once per version", len(ts), *_row_stats(ts), ""])
    n = SIZES[size]
    on = " on PostgreSQL" if backend == "postgresql" else ""
    lines = [
        f"#### {n:,} events{on}",
        "",
        common.table(head, rows, "lrrlrrrr"),
        "",
        f"<details><summary>Every query at {n:,} events</summary>",
        "",
        common.table(
            ["page", "query", "kind", "calls", "p50 ms", "p95 ms", "open connection p50 / p95 ms"],
            detail,
            "lllrrrr",
        ),
        "",
        "</details>",
    ]
    b = res.get("browser")
    if b:
        lines += [
            "",
            common.table(
                [
                    "server RSS after the 1st session",
                    "further sessions",
                    "RSS before → after them",
                    "per session",
                    "map markers, 1st visit",
                    "map markers, later visit",
                ],
                [
                    [
                        f"{b['rss_after_first_mib']:.0f} MiB",
                        b["sessions"],
                        f"{b['rss_base_mib']:.0f} → {b['rss_after_mib']:.0f} MiB",
                        f"{b['per_session_mib']:.1f} MiB",
                        f"{b['markers_cold_s']:.1f} s",
                        f"{b['markers_warm_s']:.1f} s" if "markers_warm_s" in b else "—",
                    ]
                ],
                "rrrrrr",
            ),
        ]
    lines += ["", common.stamp(command)]
    text = "\n".join(lines)
    if record:
        common.record(f"dashboard-{section(backend)}{size}", text)
    return text


def section(backend: str) -> str:
    return "pg-" if backend == "postgresql" else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k,100k,1m")
    parser.add_argument("--1m", dest="million", action="store_true", help="add the 1M size")
    parser.add_argument("--repeat", type=int, default=3, help="runs per filter change")
    parser.add_argument("--sessions", type=int, default=5, help="browser sessions for memory")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--naive-timeout", type=float, default=900)
    parser.add_argument("--no-record", action="store_true")
    parser.add_argument("--backend", choices=("duckdb", "postgresql"), default="duckdb")
    args = parser.parse_args(argv)
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    if args.million and "1m" not in sizes:
        sizes.append("1m")
    command = f".venv/bin/python bench/dashboard.py --sizes {','.join(sizes)}"
    if args.backend == "postgresql":
        command += " --backend postgresql"
    results: dict[str, dict] = {}
    with contextlib.ExitStack() as stack:
        admin = stack.enter_context(pg.cluster()) if args.backend == "postgresql" else None
        for size in sizes:
            start = time.perf_counter()
            db = str(synth.ensure(SIZES[size])) if admin is None else pg.load(admin, SIZES[size])
            print(f"{size}: {db} ready in {time.perf_counter() - start:.1f} s", flush=True)
            res = results[size] = {"pages": apptest_bench(db, args.repeat, size)}
            if not args.no_browser:
                res["browser"] = browser_bench(db, args.sessions, markers=size == "100k")
                print(f"  browser: {res['browser']}", flush=True)
            text = report(size, res, command, not args.no_record, args.backend)
            print(text, flush=True)
    if not args.no_naive and args.backend == "duckdb":
        import naive

        naive.side_by_side(
            {s: synth.default_path(SIZES[s]) for s in sizes},
            results,
            args.naive_timeout,
            command,
            not args.no_record,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
