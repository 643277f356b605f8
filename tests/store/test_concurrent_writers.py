"""Two `dashboard ingest` processes on overlapping folders, at the same time, into one
PostgreSQL database end with every article once and the same rows as a single run.

Not luck: articles are inserted with ON CONFLICT DO NOTHING RETURNING, only the process
that inserted an article stores its facts, and both insert in key order. Small batches make
the two processes interleave many transactions. The figures per type group and day, which
each write recomputes for the days it touched (store.figure_groups), end one row per group
and day with the single run's values: the writers recompute them one at a time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from dashboard.models import Article, Event, Extraction
from dashboard.query import table
from dashboard.store import TABLES, figure_groups, open_store

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"


def _inputs() -> list[Path]:
    return sorted(p for p in SAMPLE.iterdir() if not p.name.lower().startswith("readme"))


def _folders(tmp_path: Path) -> tuple[Path, Path]:
    """Two folders sharing the middle third of the sample files."""
    files = _inputs()
    third = len(files) // 3
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, chosen in ((a, files[: 2 * third]), (b, files[third:])):
        folder.mkdir()
        for f in chosen:
            shutil.copy(f, folder / f.name)
    return a, b


def _ingest(db: str, *folders: Path) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "dashboard", "ingest", *map(str, folders), "--db", db]
    cmd += ["--batch-size", "2"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _new_articles(stdout: str) -> int:
    match = re.search(r"articles: (\d+) new", stdout)
    assert match, stdout
    return int(match.group(1))


def _snapshot(db: str) -> dict[str, list]:
    """Every row of every table in id order, without the ingest time and the source path
    (a/… or b/…, whichever process stored the article first)."""
    with open_store(db, read_only=True) as store:
        out = {}
        for name in TABLES:
            df = table(store, name).drop(columns=["ingested_at", "source"], errors="ignore")
            out[name] = df.astype(object).where(df.notna(), None).values.tolist()
    return out


def test_two_ingest_processes_on_overlapping_folders(tmp_path, pg_server):
    a, b = _folders(tmp_path)
    shared = pg_server.new_database("shared")
    single = pg_server.new_database("single")

    first, second = _ingest(shared, a), _ingest(shared, b)
    outs = [p.communicate(timeout=600) for p in (first, second)]
    for proc, (out, err) in zip((first, second), outs, strict=True):
        assert proc.returncode == 0, f"{out}\n{err}"

    alone = _ingest(single, a, b)
    out, err = alone.communicate(timeout=600)
    assert alone.returncode == 0, f"{out}\n{err}"

    with open_store(single, read_only=True) as store:
        expected = store.counts()
    with open_store(shared, read_only=True) as store:
        assert store.counts() == expected
        ids = store.query("SELECT id, COUNT(*) AS n FROM articles GROUP BY id")
    assert expected["articles"] > 20 and (ids["n"] == 1).all()
    # the processes together report each article stored exactly once
    assert sum(_new_articles(o) for o, _ in outs) == _new_articles(out) == expected["articles"]
    assert _snapshot(shared) == _snapshot(single)
    assert _figure_groups(shared) == _figure_groups(single)
    assert _figure_groups(single)  # the sample has figures


def _figure_groups(db: str) -> list[tuple]:
    """Every row of the figures per type group and day, checking there is one per group
    and day."""
    with open_store(db, read_only=True) as store:
        df = store.query(
            f"SELECT {figure_groups.COLUMNS} FROM {figure_groups.TABLE} "
            "ORDER BY types, date_start NULLS FIRST"
        )
    rows = [tuple(None if v is None else str(v) for v in r) for r in df.itertuples(index=False)]
    assert len({r[:2] for r in rows}) == len(rows), "a group and day held twice"
    return rows


def _evacuation(outlet: str, people: int) -> Extraction:
    """An article of `outlet` on 2023-09-28 reporting `people` evacuated that day."""
    text = f"{people} people were evacuated to Goris on 28 September 2023."
    article = Article(
        id=f"figure-{outlet}",
        source=f"{outlet}.txt",
        body=text,
        title="Evacuated",
        outlet=outlet,
        published="2023-09-28",
        language="en",
        languages=["en"],
    )
    event = Event("evacuation", text, date="2023-09-28", date_precision="day", count=people)
    return Extraction(article, events=[event])


def test_two_writers_recomputing_one_day_leave_one_row_with_both(pg_url):
    """Two transactions write a figure of the same new day at once: the second waits
    for the first (the summary lock) and recomputes the day with both, so the day is one
    row counting both outlets, never one row per writer or the second's alone."""
    import psycopg

    store = open_store(pg_url)  # migrates
    first, second = (psycopg.connect(pg_url) for _ in range(2))
    try:
        store._write_batch(first, [_evacuation("Outlet A", 500)])  # uncommitted
        errors: list[BaseException] = []

        def write_second() -> None:
            try:
                store._write_batch(second, [_evacuation("Outlet B", 700)])
                second.commit()
            except BaseException as exc:  # re-raised below, in the test's thread
                errors.append(exc)

        thread = threading.Thread(target=write_second)
        thread.start()
        pid = second.info.backend_pid
        with psycopg.connect(pg_url, autocommit=True) as watch:
            for _ in range(600):  # until the second waits for a lock the first holds
                waiting = watch.execute(
                    "SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,)
                ).fetchone()
                if (waiting and waiting[0] == "Lock") or not thread.is_alive():
                    break
                time.sleep(0.05)
        assert thread.is_alive(), errors  # it waited
        first.commit()
        thread.join(60)
        assert not errors, errors
    finally:
        first.close()
        second.close()
        store.close()
    with open_store(pg_url, read_only=True) as store:
        held = store.query(
            f"SELECT {figure_groups.COLUMNS} FROM {figure_groups.TABLE} "
            "WHERE date_start = '2023-09-28' ORDER BY types"
        )
    rows = [tuple(r)[2:] for r in held.itertuples(index=False)]
    # (n, low, high, outlets) of "displacement,evacuation" and "evacuation"
    assert rows == [(2, 500, 700, 2), (2, 500, 700, 2)]
