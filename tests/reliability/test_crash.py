"""Issue 5, item 2: SIGKILL an ingest in the middle of a large batch, three times over.

1. At an unscripted moment, once the first hundred articles are committed.
2. Inside an open transaction: a test hook pauses `write` after the batch's rows are
   inserted but before COMMIT, and the process is killed there.
3. After commits that live only in DuckDB's write-ahead log: a test hook turns off the
   checkpoint on close, so the reopened database must replay the log.

After each kill the database is reopened read-only and read/write: every committed article
is there with all of its facts (and only committed ones), nothing is orphaned. A last run
completes the batch, and the database then equals an uninterrupted run's row for row.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from pathlib import Path

from reliability_helpers import (
    BIG_CORPUS,
    check_database,
    fact_ids_by_article,
    parse_summary,
    record,
    run_cli,
    start_ingest,
)

from dashboard.store import open_store

WAIT = 300  # seconds: the longest any step may take before the test fails

# Run in the ingest process before the CLI (RELIABILITY_HOOK picks the mode). The hooks
# only pause the process at a chosen point (and, for "wal", keep commits in the log);
# they change nothing the store writes.
HOOK = """
import os, time
from dashboard.store import duckdb_store as _ds

_mode = os.environ.get("RELIABILITY_HOOK", "")
_at = int(os.environ.get("RELIABILITY_HOOK_AT", "3"))
_calls = [0]

if _mode == "in_transaction":
    _orig_batch = _ds.DuckDBStore._write_batch

    def _write_batch(self, con, extractions):
        _calls[0] += 1
        if _calls[0] != _at:
            return _orig_batch(self, con, extractions)
        before = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        result = _orig_batch(self, con, extractions)
        print(f"HOOK committed={before} pending={result.new}", flush=True)
        time.sleep(600)  # killed here, before COMMIT
        return result

    _ds.DuckDBStore._write_batch = _write_batch

if _mode == "wal":
    _orig_connect = _ds.DuckDBStore._connect
    _orig_write = _ds.DuckDBStore.write

    def _connect(self, read_only):
        con = _orig_connect(self, read_only)
        if not read_only:  # commits stay in the .wal file, never checkpointed
            con.execute("PRAGMA disable_checkpoint_on_shutdown")
            con.execute("SET wal_autocheckpoint = '10GB'")
        return con

    def _write(self, extractions):
        result = _orig_write(self, extractions)
        _calls[0] += 1
        if _calls[0] == _at:
            print(f"HOOK committed={self.counts()['articles']} pending=0", flush=True)
            time.sleep(600)  # killed here, with the last batches only in the log
        return result

    _ds.DuckDBStore._connect = _connect
    _ds.DuckDBStore.write = _write
"""


def _lines(stream) -> queue.Queue:
    """The lines of `stream`, read in a thread so that waiting on them can time out."""
    out: queue.Queue = queue.Queue()

    def pump():
        for line in stream:
            out.put(line)
        out.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return out


def _wait_for_hook(proc, lines: queue.Queue) -> dict[str, int]:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            raise AssertionError(f"ingest ended before the hook (rc {proc.wait()})")
        if line.startswith("HOOK "):
            return {k: int(v) for k, v in (p.split("=") for p in line.split()[1:])}
    raise AssertionError("the hook was never reached")


def _wait_for_committed(proc, db: str, at_least: int) -> int:
    """Poll the database read-only (as the dashboard does) until `at_least` articles are
    committed; the ingest must still be running then."""
    deadline = time.monotonic() + WAIT
    with open_store(db, read_only=True) as reader:
        while time.monotonic() < deadline:
            assert proc.poll() is None, "ingest finished before it could be killed"
            n = reader.counts()["articles"]
            if n >= at_least:
                return n
            time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} articles committed after {WAIT}s")


def _kill(proc) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=WAIT)
    assert proc.returncode == -signal.SIGKILL
    proc.stdout.close()


def _check_after_kill(db: str, clean: dict[str, dict[str, set[str]]]) -> dict[str, int]:
    """Reopen read-only, then read/write (which replays and checkpoints the log), then
    read-only again: the same consistent rows each time, each article complete."""
    counts = check_database(db)
    stored = fact_ids_by_article(db)
    for aid, facts in stored.items():
        assert facts == clean[aid], f"article {aid} is stored without all of its facts"
    with open_store(db) as store:
        assert store.counts() == counts
    assert check_database(db) == counts and fact_ids_by_article(db) == stored
    return counts


def test_sigkill_during_ingest_loses_nothing_committed(big_corpus, big_corpus_clean, tmp_path):
    db = str(tmp_path / "crash.duckdb")
    clean = fact_ids_by_article(big_corpus_clean["db"])
    kills = []

    # 1. unscripted: once the first hundred articles are in
    proc = start_ingest(big_corpus, db)
    seen = _wait_for_committed(proc, db, at_least=100)
    _kill(proc)
    counts = _check_after_kill(db, clean)
    assert seen <= counts["articles"] < BIG_CORPUS
    kills.append(
        {
            "when": "unscripted: while the next batch was being read and extracted",
            "articles_committed": counts["articles"],
        }
    )

    # 2. inside an open transaction: the pending batch must not appear
    env = {"RELIABILITY_HOOK": "in_transaction", "RELIABILITY_HOOK_AT": "2"}
    proc = start_ingest(big_corpus, db, prelude=HOOK, env=env)
    hook = _wait_for_hook(proc, _lines(proc.stdout))
    _kill(proc)
    assert hook["pending"] > 0
    counts = _check_after_kill(db, clean)
    assert counts["articles"] == hook["committed"] < BIG_CORPUS
    kills.append(
        {
            "when": "inside a transaction, before COMMIT",
            "articles_committed": counts["articles"],
            "rolled_back": hook["pending"],
        }
    )

    # 3. commits only in the write-ahead log: replayed on reopening
    env = {"RELIABILITY_HOOK": "wal", "RELIABILITY_HOOK_AT": "2"}
    proc = start_ingest(big_corpus, db, prelude=HOOK, env=env)
    hook = _wait_for_hook(proc, _lines(proc.stdout))
    wal = Path(f"{db}.wal")
    _kill(proc)
    wal_bytes = wal.stat().st_size if wal.exists() else 0
    assert wal_bytes > 0, "the hook should have left commits in the log"
    counts = _check_after_kill(db, clean)
    assert counts["articles"] == hook["committed"] < BIG_CORPUS
    kills.append(
        {
            "when": "after commits held only in the write-ahead log",
            "articles_committed": counts["articles"],
            "wal_bytes": wal_bytes,
        }
    )

    # a last, uninterrupted run completes the batch
    before = counts["articles"]
    done = run_cli("ingest", str(big_corpus), "--db", db, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    summary = parse_summary(done.stdout)
    assert summary["new"] == BIG_CORPUS - before and summary["unchanged"] == before
    assert check_database(db) == big_corpus_clean["counts"]
    assert fact_ids_by_article(db) == clean
    record(
        "crash",
        articles=BIG_CORPUS,
        kills=kills,
        crashes_survived=len(kills),
        final_counts=big_corpus_clean["counts"],
        clean_run_counts=big_corpus_clean["counts"],
        rows_lost=0,
        partial_articles=0,
    )
