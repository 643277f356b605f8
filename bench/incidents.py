"""Incident rebuild time on synthetic databases, and the store's incremental write rate.

    .venv/bin/python bench/incidents.py --sizes 100k,1m

For each size: the synthetic database of bench/synth.py (its events stored without
incidents), then `Store.rebuild_incidents()` timed end to end (read every report, group,
write both tables in one transaction). Then the incremental path: articles of another
synthetic seed, 50 per `Store.write` batch (the ingest's batch), written into that
database with their incidents attached in the same transaction; the rate is articles per
second of `write` alone (extraction, measured in the ingest section, comes on top).
Results go to the "Incidents" section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402
from common import record, stamp, table  # noqa: E402

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
BATCH = 50
INCREMENTAL_ARTICLES = 500


def _article_rows(events: int, seed: int, limit: int):
    """`limit` articles of a synthetic corpus as the rows ingest writes (ArticleRows)."""
    from dashboard.store.rows import ArticleRows
    from dashboard.store.schema import COLUMNS

    tables = synth.generate(events, seed)
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


def run(label: str) -> list[object]:
    from dashboard.store import open_store

    n = SIZES[label]
    source = synth.ensure(n)
    work = source.with_name(f"incidents-{label}.duckdb")
    shutil.copyfile(source, work)
    with open_store(str(work)) as store:
        load_before = os.getloadavg()[0]
        cpu = _cpu()
        start = time.perf_counter()
        result = store.rebuild_incidents()
        rebuild = time.perf_counter() - start
        cpu = _cpu() - cpu
        loads = f"{load_before:.1f} / {os.getloadavg()[0]:.1f}"
        batches = _article_rows(20_000, seed=7, limit=INCREMENTAL_ARTICLES)
        start = time.perf_counter()
        for i in range(0, len(batches), BATCH):
            store.write(batches[i : i + BATCH])
        took = time.perf_counter() - start
    work.unlink(missing_ok=True)
    rate = len(batches) / took if took else float("inf")
    print(
        f"{label}: rebuild {rebuild:.1f} s, CPU {cpu:.1f} s, load {loads} "
        f"({result.incidents} incidents); {rate:.0f} articles/s"
    )
    return [
        label,
        f"{result.reports:,}",
        f"{result.incidents:,}",
        f"{rebuild:.1f} s",
        f"{cpu:.1f} s",
        loads,
        f"{rate:.0f}",
    ]


def _cpu() -> float:
    """CPU seconds used so far by this process and its ended workers (the rebuild's
    pool), user and system: unlike the wall time, hardly changed by other load."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k,1m")
    args = parser.parse_args()
    rows = [run(label) for label in args.sizes.split(",")]
    verdicts = []
    for label, _, _, rebuild, _, _, rate in rows:
        if label == "1m":
            seconds = float(str(rebuild).split()[0])
            verdicts.append(f"1M rebuild {'met' if seconds < 60 else 'not met'} ({rebuild})")
        verdicts.append(f"{label} incremental {'met' if float(rate) >= 50 else 'not met'}")
    text = "\n".join(
        [
            "## Incidents",
            "",
            stamp(f".venv/bin/python bench/incidents.py --sizes {args.sizes}"),
            "",
            "Rebuild = `dashboard incidents --rebuild` on the synthetic database (every report "
            "read, grouped, both tables rewritten in one transaction). Incremental = "
            f"`Store.write` of {INCREMENTAL_ARTICLES} new synthetic articles in batches of "
            f"{BATCH} into that database, incidents attached in the same transaction "
            "(extraction not included). The rebuild groups the report types in worker "
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
                    "incremental articles/s",
                ],
                rows,
                "lrrrrrr",
            ),
            "",
            "Targets: " + "; ".join(verdicts) + ".",
        ]
    )
    record("Incidents", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
