"""`dashboard` / `python -m dashboard`: extract, ingest, fetch, sources, watch, export,
stats, build-sample, migrate, copy, incidents.

Exit codes: 0 success, 1 some input failed (everything else was still processed),
2 usage error or the database could not be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.fetch.gdelt import DEFAULT_TIMESPAN
from dashboard.fetch.limits import Limits
from dashboard.fetch.schedule import DEFAULT_EVERY
from dashboard.models import IngestFailure
from dashboard.paths import data_dir, default_db
from dashboard.store import DERIVED_TABLES, TABLES, StoreError, open_store

EXPORT_TABLES = (*TABLES, *DERIVED_TABLES)
GEOJSON_TABLES = ("events", "incidents")


def _positive_int(text: str) -> int:
    value = int(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dashboard",
        description="Turn news articles about the Nagorno-Karabakh conflict into facts with evidence.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--db",
            help="DuckDB file or postgresql:// URL (default: $DASHBOARD_DB or "
            "data/dashboard.duckdb)",
        )

    def with_max_bytes(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--max-bytes",
            type=_positive_int,
            default=None,
            help="report input files larger than this as failures (default: 5 MiB)",
        )

    def with_fetch_limits(p: argparse.ArgumentParser) -> None:
        d = Limits()
        for flag, kind, default, text in (
            ("--delay", float, d.delay, "seconds between two requests to one host"),
            ("--max-bytes", _positive_int, d.max_bytes, "largest response, after decompression"),
            ("--timeout", float, d.total_timeout, "seconds for one whole response"),
            (
                "--max-links",
                _positive_int,
                d.max_links,
                "new links read per feed or sitemap per run",
            ),
            ("--workers", _positive_int, d.workers, "pages fetched at once, one per host"),
        ):
            p.add_argument(flag, type=kind, default=default, help=f"{text} (default %(default)s)")

    def with_gdelt_options(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--timespan", default=DEFAULT_TIMESPAN, help="GDELT: how far back (15min, 24h, 3d, 1w)"
        )
        p.add_argument(
            "--lang",
            action="append",
            default=[],
            metavar="LANGUAGE",
            help="GDELT: source language (english, russian, ...); repeatable",
        )

    p = sub.add_parser("extract", help="print one JSON object per article (no database)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    with_max_bytes(p)

    p = sub.add_parser("ingest", help="read, extract and store articles")
    p.add_argument("paths", nargs="+", metavar="PATH")
    with_db(p)
    with_max_bytes(p)
    p.add_argument("--batch-size", type=_positive_int, default=None, help=argparse.SUPPRESS)
    p.add_argument(
        "--workers",
        type=_positive_int,
        default=1,
        help="processes reading and extracting in parallel (default 1; one writer always)",
    )

    p = sub.add_parser(
        "fetch", help="fetch article pages, feeds, sitemaps or a GDELT query and store them"
    )
    p.add_argument(
        "urls", nargs="*", metavar="URL", help="an article page, RSS/Atom feed or sitemap"
    )
    p.add_argument("--sources", action="store_true", help="also every saved source that is due")
    p.add_argument("--gdelt", metavar="QUERY", help="ask the GDELT DOC 2.0 API for articles")
    with_gdelt_options(p)
    with_db(p)
    with_fetch_limits(p)

    p = sub.add_parser("sources", help="saved sources: add, list, remove")
    ssub = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    q = ssub.add_parser("add", help="save a page, feed, sitemap (or a GDELT query)")
    q.add_argument("url", metavar="URL", help="the address (with --gdelt: the query)")
    q.add_argument("--name", help="a short name (default: from the address)")
    q.add_argument("--every", default=DEFAULT_EVERY, help="how often: 30m, 2h, 1d (default 30m)")
    q.add_argument("--gdelt", action="store_true", help="URL is a GDELT DOC 2.0 query")
    with_db(q)
    q = ssub.add_parser("list", help="saved sources and their last fetch")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    with_db(q)
    q = ssub.add_parser("remove", help="forget a saved source (its articles stay)")
    q.add_argument("key", metavar="NAME|URL")
    with_db(q)

    p = sub.add_parser("watch", help="fetch the saved sources when due, until stopped")
    p.add_argument(
        "--poll",
        type=float,
        default=60.0,
        help="seconds between two looks for due sources (default 60)",
    )
    p.add_argument("--rounds", type=_positive_int, default=None, help=argparse.SUPPRESS)
    with_db(p)
    with_fetch_limits(p)

    p = sub.add_parser("export", help="write stored data as CSV, GeoJSON or Parquet")
    p.add_argument("--format", required=True, choices=("csv", "geojson", "parquet"))
    p.add_argument("--out", required=True, help="output file, or directory for all tables")
    p.add_argument(
        "--table",
        choices=EXPORT_TABLES,
        help="one table only (GeoJSON: events, the default, or incidents)",
    )
    with_db(p)

    p = sub.add_parser("stats", help="what the database holds")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    with_db(p)

    p = sub.add_parser("build-sample", help="build the database from data/sample/ if missing")
    with_db(p)

    p = sub.add_parser("migrate", help="create or upgrade the database schema")
    with_db(p)

    p = sub.add_parser("copy", help="copy every row of one database into another")
    p.add_argument(
        "--from", dest="source", required=True, metavar="DB", help="duckdb:PATH, a path or a URL"
    )
    p.add_argument(
        "--to", dest="target", required=True, metavar="DB", help="postgresql://… or duckdb:PATH"
    )
    p.add_argument("--batch-size", type=_positive_int, default=2000, help=argparse.SUPPRESS)

    p = sub.add_parser("incidents", help="group event reports into incidents")
    p.add_argument(
        "--rebuild",
        action="store_true",
        required=True,
        help="recompute every incident with the rules in data/incidents/rules.json",
    )
    p.add_argument("--rules", help="another rules file (default data/incidents/rules.json)")
    with_db(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "extract": cmd_extract,
        "ingest": cmd_ingest,
        "fetch": cmd_fetch,
        "sources": cmd_sources,
        "watch": cmd_watch,
        "export": cmd_export,
        "stats": cmd_stats,
        "build-sample": cmd_build_sample,
        "migrate": cmd_migrate,
        "copy": cmd_copy,
        "incidents": cmd_incidents,
    }[args.command]
    try:
        return handler(args)
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. `dashboard extract ... | head`
        sys.stderr.close()
        return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from dashboard.extract import extract
    from dashboard.ingest import iter_inputs

    failed = 0
    items = (
        iter_inputs(args.paths)
        if args.max_bytes is None
        else iter_inputs(args.paths, args.max_bytes)
    )
    for item in items:
        if isinstance(item, IngestFailure):
            failed += 1
            print(item, file=sys.stderr)
            continue
        try:
            extraction = extract(item)
        except Exception as exc:
            failed += 1
            print(f"{item.source}: extraction failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        print(json.dumps(extraction.to_dict(), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 1 if failed else 0


def _ingest_with_progress(paths: Sequence[str | Path], db: str | None, workers: int = 1, **kwargs):
    from tqdm import tqdm

    from dashboard.pipeline import ingest_paths

    with (
        open_store(db) as store,
        tqdm(desc="ingest", unit=" articles", file=sys.stderr, dynamic_ncols=True) as bar,
    ):
        if workers > 1:
            from dashboard.parallel import ingest_paths_parallel

            report = ingest_paths_parallel(
                paths, store, workers, progress=lambda _item: bar.update(1), **kwargs
            )
        else:
            report = ingest_paths(paths, store, progress=lambda _item: bar.update(1), **kwargs)
    return report


def _print_report(report) -> None:
    """Summary on stdout; each failure as "source: reason" on stderr, like `extract`."""
    print(report.summary())
    for failure in report.failed:
        print(failure, file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    # batch size: the pipeline's own default (pipeline.BATCH_SIZE) unless given
    batch = {} if args.batch_size is None else {"batch_size": args.batch_size}
    report = _ingest_with_progress(
        args.paths, args.db, workers=args.workers, max_bytes=args.max_bytes, **batch
    )
    _print_report(report)
    return 1 if report.failed else 0


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(
        max_bytes=args.max_bytes,
        total_timeout=args.timeout,
        delay=max(0.0, args.delay),
        max_links=args.max_links,
        workers=args.workers,
    )


def _fetch_with_progress(targets, store, limits: Limits):
    from tqdm import tqdm

    from dashboard.fetch.run import fetch_and_ingest

    with tqdm(desc="fetch", unit=" articles", file=sys.stderr, dynamic_ncols=True) as bar:
        return fetch_and_ingest(targets, store, limits, progress=lambda _item: bar.update(1))


def _print_fetch_report(report) -> None:
    """The ingest summary line; failures as "URL: reason" and notes on stderr."""
    _print_report(report.ingest)
    for result in report.targets:
        for note in result.notes:
            print(f"{result.target.label}: note: {note}", file=sys.stderr)


def cmd_fetch(args: argparse.Namespace) -> int:
    from dashboard.fetch.crawl import FetchTarget
    from dashboard.fetch.run import due_sources, target_of

    targets = [FetchTarget(url) for url in args.urls]
    if args.gdelt:
        targets.append(
            FetchTarget(
                args.gdelt, kind="gdelt", timespan=args.timespan, languages=tuple(args.lang)
            )
        )
    if not targets and not args.sources:
        print("error: give URLs, --gdelt QUERY or --sources", file=sys.stderr)
        return 2
    with open_store(args.db) as store:
        if args.sources:
            due = due_sources(store)
            if not due:
                print(f"No saved source is due ({len(store.sources())} saved).", file=sys.stderr)
            targets.extend(target_of(s) for s in due)
        if not targets:
            return 0
        report = _fetch_with_progress(targets, store, _limits(args))
    _print_fetch_report(report)
    return 1 if report.failed else 0


def cmd_sources(args: argparse.Namespace) -> int:
    from dashboard.fetch.address import FetchRefused, split_url
    from dashboard.fetch.run import default_name
    from dashboard.fetch.schedule import format_every, parse_every

    with open_store(args.db, read_only=args.action == "list") as store:
        if args.action == "add":
            try:
                every = parse_every(args.every)
                if not args.gdelt:
                    split_url(args.url)
            except (ValueError, FetchRefused) as exc:
                print(
                    f"error: {args.url if isinstance(exc, FetchRefused) else '--every'}: {exc}",
                    file=sys.stderr,
                )
                return 2
            kind = "gdelt" if args.gdelt else "url"
            name = args.name or default_name(args.url, args.gdelt)
            source = store.add_source(name, kind, args.url, every)
            print(f"saved {source.name!r}: {source.url} every {format_every(every)}")
            return 0
        if args.action == "remove":
            source = store.remove_source(args.key)
            if source is None:
                print(f"error: no saved source named or at {args.key!r}", file=sys.stderr)
                return 1
            print(f"removed {source.name!r} ({source.url}); its articles stay")
            return 0
        sources = store.sources() if store.exists() else []
    if args.json:
        rows = [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in vars(s).items()}
            for s in sources
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not sources:
        print("No saved sources: add one with `python -m dashboard sources add URL`.")
        return 0
    for s in sources:
        last = s.last_fetch_at.strftime("%Y-%m-%d %H:%M") if s.last_fetch_at else "never"
        status = (
            f"error: {s.last_error}"
            if s.last_error
            else (
                f"{s.last_new} new, {s.last_unchanged} unchanged, {s.last_failed} failed"
                if s.last_fetch_at
                else "not fetched yet"
            )
        )
        if s.last_note:
            status = f"{status} ({s.last_note})"
        kind = s.detected or s.kind
        print(
            f"{s.name}\t{kind}\tevery {format_every(s.every_seconds)}\tlast {last}\t{status}\t{s.url}"
        )
    return 0


def cmd_watch(args: argparse.Namespace) -> int:
    """Fetch due sources, sleep, again; until SIGINT/SIGTERM. The database is opened for
    each round only, so the dashboard and other writers get it in between."""
    import signal
    import threading
    from datetime import datetime

    from dashboard.fetch.run import due_sources, target_of
    from dashboard.fetch.schedule import seconds_until_due

    stop = threading.Event()

    def on_signal(signum, _frame):
        print(f"watch: stopping ({signal.Signals(signum).name})", file=sys.stderr)
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, on_signal)
    limits = _limits(args)
    rounds = 0
    while not stop.is_set():
        wait = max(1.0, args.poll)
        try:
            with open_store(args.db) as store:
                due = due_sources(store)
                if due:
                    report = _fetch_with_progress([target_of(s) for s in due], store, limits)
                    stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
                    print(f"{stamp} {len(due)} source(s): {report.summary()}", flush=True)
                    for failure in report.failed:
                        print(failure, file=sys.stderr)
                now = datetime.now()
                waits = [
                    seconds_until_due(s.last_fetch_at, s.every_seconds, now)
                    for s in store.sources()
                ]
                if waits:
                    wait = min(wait, max(1.0, min(waits)))
        except StoreError as exc:  # busy or unreachable: try again next round
            print(f"watch: {exc}", file=sys.stderr, flush=True)
        rounds += 1
        if args.rounds is not None and rounds >= args.rounds:
            break
        stop.wait(wait)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from dashboard import query
    from dashboard.query.export import dumps_geojson

    out = Path(args.out)
    with open_store(args.db, read_only=True) as store:
        if not store.exists():
            print(f"error: no database at {store.location}", file=sys.stderr)
            return 2
        if args.format == "geojson":
            if args.table not in (None, *GEOJSON_TABLES):
                print("error: GeoJSON export holds events or incidents", file=sys.stderr)
                return 2
            if args.table == "incidents":
                from dashboard.query.export import incidents_geojson

                collection = incidents_geojson(store)
            else:
                collection = query.events_geojson(store)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(dumps_geojson(collection), encoding="utf-8")
            print(f"wrote {len(collection['features'])} located {args.table or 'events'} to {out}")
            return 0
        tables = [args.table] if args.table else list(EXPORT_TABLES)
        for name in tables:
            target = out if args.table else out / f"{name}.{args.format}"
            target.parent.mkdir(parents=True, exist_ok=True)
            df = query.table(store, name)
            if args.format == "csv":
                df.to_csv(target, index=False)
            else:
                df.to_parquet(target, index=False)
            print(f"wrote {len(df)} {name} to {target}")
    return 0


def _stats(store) -> dict:
    from dashboard import query

    ov = query.overview(store)
    fig = ov.latest_figure
    return {
        "database": store.location,
        "exists": store.exists(),
        "articles": ov.articles,
        "outlets": ov.outlets,
        "languages": ov.languages,
        "date_from": ov.date_from.isoformat() if ov.date_from else None,
        "date_to": ov.date_to.isoformat() if ov.date_to else None,
        "places": ov.places,
        "events": ov.events,
        "statements": ov.statements,
        "incidents": _count_incidents(store),
        "events_by_type": {str(t): int(n) for t, n in ov.events_by_type.itertuples(index=False)},
        "latest_figure": None
        if fig is None
        else {
            "type": fig.type,
            "count": fig.count,
            "count_qualifier": fig.count_qualifier,
            "date": fig.date,
            "evidence": fig.evidence,
            "outlet": fig.outlet,
            "article_id": fig.article_id,
        },
    }


def _count_incidents(store) -> int:
    if not store.exists():
        return 0
    return int(store.query("SELECT COUNT(*) AS n FROM incidents").iloc[0, 0])


def cmd_stats(args: argparse.Namespace) -> int:
    with open_store(args.db, read_only=True) as store:
        stats = _stats(store)
    if args.json:
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    if not stats["exists"]:
        print(f"No database at {stats['database']} yet: run `python -m dashboard ingest PATH`.")
        return 0
    print(f"Database: {stats['database']}")
    print(
        f"Articles: {stats['articles']} from {stats['outlets']} outlets "
        f"in {stats['languages']} languages"
    )
    if stats["date_from"]:
        print(f"Published: {stats['date_from']} to {stats['date_to']}")
    print(
        f"Facts: {stats['places']} places, {stats['events']} events, "
        f"{stats['statements']} statements"
    )
    print(f"Incidents: {stats['incidents']} (event reports grouped by happening)")
    for kind, n in stats["events_by_type"].items():
        print(f"  {kind:<14} {n}")
    fig = stats["latest_figure"]
    if fig:
        from dashboard.ui.format import count_text

        print(
            f"Latest {fig['type']} figure: {count_text(fig['count'], fig['count_qualifier'])}, "
            f"{fig['date'] or 'undated'}, {fig['outlet'] or 'unknown outlet'}"
        )
        print(f"  evidence: {fig['evidence']}")
    return 0


def sample_inputs(sample_dir: Path) -> list[Path]:
    """Top-level entries of the sample folder, minus its README and hidden files."""
    if not sample_dir.is_dir():
        return []
    return [
        p
        for p in sorted(sample_dir.iterdir())
        if not p.name.startswith(".") and not p.name.lower().startswith("readme")
    ]


def cmd_build_sample(args: argparse.Namespace) -> int:
    db = args.db or default_db()
    with open_store(db, read_only=True) as store:
        held = store.counts()["articles"] if store.exists() else 0
        shown = store.location
    if held:
        print(f"{shown} already holds {held} articles; nothing to build.")
        return 0
    sample_dir = data_dir() / "sample"
    inputs = sample_inputs(sample_dir)
    if not inputs:
        print(f"No sample corpus in {sample_dir}; the database stays empty.")
        return 0
    print(f"Building {shown} from {sample_dir} ...", file=sys.stderr)
    report = _ingest_with_progress(inputs, db)
    _print_report(report)
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    """Apply pending schema migrations (opening a store for writing does the same)."""
    with open_store(args.db) as store:
        result = store.migrate()
        where = store.location
    if result.applied:
        applied = ", ".join(f"v{v}" for v in result.applied)
        print(f"{where}: schema v{result.before} -> v{result.after} (applied {applied})")
    else:
        print(f"{where}: schema v{result.after}, up to date")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from dashboard.store.copy import copy_store

    with open_store(args.source, read_only=True) as source:
        if not source.exists():
            print(f"error: no database at {source.location}", file=sys.stderr)
            return 2
        with open_store(args.target) as target:
            if source.location == target.location:
                print("error: --from and --to are the same database", file=sys.stderr)
                return 2
            report = copy_store(source, target, batch=args.batch_size)
            print(f"{source.location} -> {target.location}")
            print(report.summary())
    return 0


def cmd_incidents(args: argparse.Namespace) -> int:
    """Recompute the incidents (after the rules changed, or a copy)."""
    import time

    from dashboard.incidents.rules import load_rules

    try:
        rules = load_rules(args.rules) if args.rules else None
        if rules is None:
            load_rules()  # a broken rules file is an error before the database is touched
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with open_store(args.db) as store:
        result = store.rebuild_incidents(rules)
        where = store.location
    print(
        f"{where}: {result.reports} event reports grouped into {result.incidents} incidents "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0
