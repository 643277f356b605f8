"""Two `dashboard ingest` processes on overlapping folders, at the same time, into one
PostgreSQL database end with every article once and the same rows as a single run.

Not luck: articles are inserted with ON CONFLICT DO NOTHING RETURNING, only the process
that inserted an article stores its facts, and both insert in key order. Small batches make
the two processes interleave many transactions.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from dashboard.query import table
from dashboard.store import TABLES, open_store

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
