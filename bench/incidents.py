"""Incident rebuild time on synthetic databases, and the store's incremental write rate.

    .venv/bin/python bench/incidents.py --sizes 100k,1m [--backend postgresql [--pg-rebuild]]

For each size: the synthetic database of bench/synth.py (its events stored without
incidents), then `Store.rebuild_incidents()` timed end to end (read every report, group,
write both tables in one transaction). Then the incremental path: articles of
another synthetic seed written into that database with their incidents attached in the
same transaction, in `Store.write` batches of the ingest's size (`pipeline.BATCH_SIZE`,
200); the rate is articles per second of `write` alone (extraction, measured in the
ingest section, comes on top). The batches are taken at ten evenly spaced points of the
other corpus's articles (in publication order, so a batch holds a few days' articles as a
continuous ingest does): the sparse years and the 2020 war's dense weeks both count, in
proportion to how much was written then. The first 500 articles alone, as timed before
2026-12-07 (in batches of 50), fall in the sparse start of 2020 and flatter the rate.
After each batch, the next 50 articles are written as a batch of 50 too, the size used
until then, for comparison. Results go to the "Incidents" section of BENCHMARKS.md.

`--backend postgresql`: the same database loaded into a throwaway cluster by bench/pg.py
(as bench/dashboard.py does), the same batches written through `PostgresStore.write`
(the team store's ingest); recorded in the "Incidents-pg" section. The PostgreSQL load
copies the synthetic incidents, so the rebuild is not needed before the writes: it is
timed only with `--pg-rebuild` (minutes at 1M), else the table says "skipped".
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import pg  # noqa: E402
import synth  # noqa: E402
from common import record, stamp, table  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SMALL = 50  # the batch of 50 the ingest used before 2026-12-07, timed for comparison
POINTS = 10  # batches, at evenly spaced points of the incremental corpus
INCREMENTAL_EVENTS = 60_000  # the incremental corpus: about 15,000 articles


def _fresh(fact_id: str) -> str:
    """Another id for a synthetic row: synth numbers the rows of every corpus alike
    (`synth._hex_ids`, the seed changes only their content), so the articles of seed 7
    have the ids of the database's own first articles, and a write of them changed
    nothing (the rates recorded before 2026-12-07 timed such no-op writes). The last
    four hex digits tell the tables apart; these get their own (0x11-0x14)."""
    return f"{fact_id[:-4]}{int(fact_id[-4:], 16) + 0x10:04x}"


def _article_rows(events: int, seed: int, limit: int):
    """`limit` articles of a synthetic corpus as the rows ingest writes (ArticleRows),
    with ids no synthetic database holds, so that every one is new."""
    from dashboard.store.rows import ArticleRows
    from dashboard.store.schema import COLUMNS

    tables = synth.generate(events, seed)
    for name in ("articles", "places", "events", "statements"):
        table = tables[name]
        for column in ("id", "article_id"):
            if column in table.column_names:
                fresh = [_fresh(v) for v in table[column].to_pylist()]
                at = table.column_names.index(column)
                table = table.set_column(at, column, pa.array(fresh, type=pa.string()))
        tables[name] = table
    arts = tables["articles"].to_pylist()[:limit]
    wanted = {a["id"] for a in arts}
    facts: dict[str, dict[str, list[tuple]]] = {a["id"]: {} for a in arts}
    for name in ("places", "events", "statements"):
        for row in tables[name].to_pylist():
            if row["article_id"] in wanted:
                values = tuple(row[c] for c in COLUMNS[name])
                facts[row["article_id"]].setdefault(name, []).append(values)
    out = []
    for a in arts:
        values = tuple(a[c] for c in COLUMNS["articles"][:-1])
        f = facts[a["id"]]
        out.append(
            ArticleRows(
                a["id"],
                a["source"],
                values,
                f.get("places", []),
                f.get("events", []),
                f.get("statements", []),
            )
        )
    return out


def run(label: str, admin: str | None = None, rebuild: bool = True) -> list[object]:
    """One size: the rebuild (unless `rebuild` is False) and the incremental writes, on
    a DuckDB copy of the synthetic database, or on PostgreSQL (`admin`: the cluster's
    superuser URL) in a database loaded from it."""
    from dashboard.store import open_store

    n = SIZES[label]
    source = synth.ensure(n)
    work = source.with_name(f"incidents-{label}.duckdb")
    if admin is None:
        shutil.copyfile(source, work)
        db = str(work)
    else:
        db = pg.load(admin, n)
    with open_store(db) as store:
        load_before = os.getloadavg()[0]
        result = None
        took_rebuild = cpu = 0.0
        if rebuild:
            cpu = _cpu()
            start = time.perf_counter()
            result = store.rebuild_incidents()
            took_rebuild = time.perf_counter() - start
            cpu = _cpu() - cpu
        loads = f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"
        if result is None:  # the loaded incidents, as a rebuild would count them
            reports = int(store.query("SELECT COUNT(*) AS n FROM incident_reports").iloc[0, 0])
            incidents = int(store.query("SELECT COUNT(*) AS n FROM incidents").iloc[0, 0])
        else:
            reports, incidents = result.reports, result.incidents
        big, small = _incremental(store)
    work.unlink(missing_ok=True)
    rate, median, slowest = big.rate, statistics.median(big.times), max(big.times)
    print(
        f"{label}: rebuild {took_rebuild:.1f} s, CPU {cpu:.1f} s, load {loads} "
        f"({incidents} incidents); {rate:.0f} articles/s, batch median {median:.2f} s "
        f"({', '.join(f'{t:.2f}' for t in big.times)}); batches of {SMALL}: "
        f"{small.rate:.0f} articles/s ({', '.join(f'{t:.2f}' for t in small.times)})"
    )
    return [
        label,
        f"{reports:,}",
        f"{incidents:,}",
        f"{took_rebuild:.1f} s" if rebuild else "skipped",
        f"{cpu:.1f} s" if rebuild else "skipped",
        loads,
        f"{median:.2f} s",
        f"{slowest:.2f} s",
        f"{rate:.0f}",
        f"{small.rate:.0f}",
    ]


@dataclass
class Timed:
    """Seconds of each batch written, and the articles per second over all of them."""

    times: list[float]
    articles: int

    @property
    def rate(self) -> float:
        took = sum(self.times)
        return self.articles / took if took else float("inf")


def _incremental(store) -> tuple[Timed, Timed]:
    """At each of POINTS evenly spaced points of the incremental corpus, a batch of the
    ingest's size, then the next SMALL articles as one batch; all committed."""
    from dashboard.pipeline import BATCH_SIZE

    articles = _article_rows(INCREMENTAL_EVENTS, seed=7, limit=INCREMENTAL_EVENTS)
    step = (len(articles) - BATCH_SIZE - SMALL) // (POINTS - 1)
    big, small = Timed([], 0), Timed([], 0)
    for at in range(0, step * POINTS, step):
        for timed, rows in (
            (big, articles[at : at + BATCH_SIZE]),
            (small, articles[at + BATCH_SIZE : at + BATCH_SIZE + SMALL]),
        ):
            start = time.perf_counter()
            store.write(rows)
            timed.times.append(time.perf_counter() - start)
            timed.articles += len(rows)
    return big, small


def _cpu() -> float:
    """CPU seconds used so far by this process and its ended workers (the rebuild's
    pool), user and system: unlike the wall time, hardly changed by other load."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--backend", choices=("duckdb", "postgresql"), default="duckdb")
    parser.add_argument(
        "--pg-rebuild", action="store_true", help="on PostgreSQL, time the rebuild too"
    )
    args = parser.parse_args()
    from dashboard.pipeline import BATCH_SIZE

    on_pg = args.backend == "postgresql"
    command = f".venv/bin/python bench/incidents.py --sizes {args.sizes}"
    if on_pg:
        command += " --backend postgresql" + (" --pg-rebuild" if args.pg_rebuild else "")
    with contextlib.ExitStack() as stack:
        admin = stack.enter_context(pg.cluster()) if on_pg else None
        rows = [
            run(label, admin, rebuild=not on_pg or args.pg_rebuild)
            for label in args.sizes.split(",")
        ]
    verdicts = []
    for label, _, _, rebuild, _, _, _, _, rate, _ in rows:
        if label == "1m" and rebuild != "skipped":
            seconds = float(str(rebuild).split()[0])
            verdicts.append(f"1M rebuild {'met' if seconds < 60 else 'not met'} ({rebuild})")
        verdicts.append(f"{label} incremental {'met' if float(rate) >= 50 else 'not met'}")
    where = (
        "a database loaded into a throwaway PostgreSQL 15 cluster by bench/pg.py "
        "(shared_buffers 2 GB, durability off as in the tests)"
        if on_pg
        else "the synthetic database"
    )
    text = "\n".join(
        [
            "## Incidents" + (" on PostgreSQL" if on_pg else ""),
            "",
            stamp(command),
            "",
            f"Rebuild = `dashboard incidents --rebuild` on {where} (every report "
            "read, grouped, both tables rewritten in one transaction). Incremental = "
            f"`Store.write` of new synthetic articles into that database in batches of "
            f"{BATCH_SIZE} (the ingest's), taken at {POINTS} evenly spaced points of a "
            "corpus in publication order, incidents attached in the same transaction "
            "(extraction not included): the median and slowest batch and the rate over "
            f"all of them; after each, the next {SMALL} articles as a batch of {SMALL} "
            "(the ingest's batch before 2026-12-07) and the rate of those. The rebuild groups the report types in worker "
            "processes, one per core (`incidents/pool.py`); its CPU time (this process and "
            "the workers, user and system) depends much less on the load than its wall time: "
            "the machine's 2 cores are shared, so with a load above 2 the workers wait. "
            "Targets: rebuild of 1M under 60 s; incremental at least 50 articles/s.",
            "",
            table(
                [
                    "size",
                    "reports",
                    "incidents",
                    "rebuild",
                    "rebuild CPU (all processes)",
                    "load before / after",
                    f"batch of {BATCH_SIZE} (median)",
                    f"slowest batch of {BATCH_SIZE}",
                    "incremental articles/s",
                    f"articles/s in batches of {SMALL}",
                ],
                rows,
                "lrrrrrrrrr",
            ),
            "",
            "Targets: " + "; ".join(verdicts) + ".",
        ]
    )
    record("Incidents-pg" if on_pg else "Incidents", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
