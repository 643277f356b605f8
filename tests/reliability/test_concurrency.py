"""Issue 5, item 4: readers and a writer together.

The dashboard keeps answering while `dashboard ingest` stores 1,000 articles: reader
threads (as in the Streamlit server) and a reader process (a second dashboard) call the
query layer in a loop for the whole ingest, and none may fail. How (see
dashboard/store/duckdb_store.py and RELIABILITY.md): one writer process at a time; the
writer opens the DuckDB file only for each batch; a reader keeps a read-only connection
open between queries, waits (bounded) while a batch is being written, and gives way as
soon as the writer is at its gate, which also keeps a stream of readers from starving
it. No lock outlives a killed process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest
from reliability_helpers import (
    BIG_CORPUS,
    check_database,
    cli_env,
    fact_ids_by_article,
    parse_summary,
    record,
    start_ingest,
)

from dashboard import query
from dashboard.models import Article, Extraction
from dashboard.pipeline import ingest_paths
from dashboard.store import StoreBusyError, open_store
from dashboard.store import duckdb_store as duckdb_store_module

WAIT = 900  # seconds the ingest may take at most
PAUSE = 0.1  # between two reads of one reader: page loads, 10 a second per reader

# One statement is one snapshot: how many articles, how many facts, how many facts
# without their article, and each article's number of facts.
SNAPSHOT_SQL = """
SELECT a.id,
       (SELECT COUNT(*) FROM places p WHERE p.article_id = a.id)
     + (SELECT COUNT(*) FROM events e WHERE e.article_id = a.id)
     + (SELECT COUNT(*) FROM statements s WHERE s.article_id = a.id) AS facts,
       (SELECT COUNT(*) FROM places p WHERE p.article_id NOT IN (SELECT id FROM articles))
     + (SELECT COUNT(*) FROM events e WHERE e.article_id NOT IN (SELECT id FROM articles))
     + (SELECT COUNT(*) FROM statements s WHERE s.article_id NOT IN (SELECT id FROM articles))
       AS orphans
FROM articles a
"""

READER_PROCESS = textwrap.dedent(
    """
    import json, sys, time
    from dashboard import query
    from dashboard.store import open_store
    db, stop_file = sys.argv[1], sys.argv[2]
    import os
    reads, errors, slowest = 0, [], 0.0
    with open_store(db, read_only=True) as store:
        while not os.path.exists(stop_file):
            started = time.monotonic()
            try:
                query.overview(store)
                query.events(store, limit=100)
                reads += 1
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(0.1)
    print(json.dumps({"reads": reads, "errors": errors, "slowest": slowest}))
    """
)


class Reader(threading.Thread):
    """Calls `read(store)` on a read-only store in a loop until stopped; keeps count."""

    def __init__(self, name: str, db: str, read, stop: threading.Event) -> None:
        super().__init__(name=name, daemon=True)
        self.db, self.read, self.stop = db, read, stop
        self.reads = 0
        self.errors: list[str] = []
        self.slowest = 0.0
        self.seen: list = []

    def run(self) -> None:
        with open_store(self.db, read_only=True) as store:
            while not self.stop.is_set():
                started = time.monotonic()
                try:
                    result = self.read(store)
                    self.reads += 1
                    if result is not None:
                        self.seen.append(result)
                except Exception as exc:  # counted, and the test fails on any
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                self.slowest = max(self.slowest, time.monotonic() - started)
                time.sleep(PAUSE)


def _snapshot(store) -> tuple[int, int, dict[str, int]]:
    df = store.query(SNAPSHOT_SQL)
    orphans = int(df["orphans"].iloc[0]) if len(df) else 0
    return len(df), orphans, dict(zip(df["id"], df["facts"].astype(int), strict=True))


def _articles_page(store):
    page = query.articles(store, limit=50)
    if len(page):
        assert query.article(store, page["id"].iloc[0]) is not None
    return None


def test_readers_keep_serving_during_an_ingest_of_1000_articles(
    big_corpus, big_corpus_clean, tmp_path
):
    db = str(tmp_path / "live.duckdb")
    clean = {
        aid: sum(len(ids) for ids in tables.values())
        for aid, tables in fact_ids_by_article(big_corpus_clean["db"]).items()
    }
    stop = threading.Event()
    stop_file = tmp_path / "stop"
    readers = [
        Reader("overview", db, lambda s: query.overview(s).articles, stop),
        Reader("events", db, lambda s: len(query.events(s, limit=200)), stop),
        Reader("articles", db, _articles_page, stop),
        Reader("snapshot", db, _snapshot, stop),
    ]
    # the dashboard is up before the ingest starts (and before the database exists)
    for reader in readers:
        reader.start()
    other = subprocess.Popen(
        [sys.executable, "-c", READER_PROCESS, db, str(stop_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    started = time.monotonic()
    ingest = start_ingest(big_corpus, db, "--batch-size", "50")  # whole batches: n % 50
    try:
        out, _ = ingest.communicate(timeout=WAIT)
    finally:
        if ingest.poll() is None:
            ingest.kill()
        stop.set()
        stop_file.touch()
        for reader in readers:
            reader.join(timeout=60)
        other_out, other_err = other.communicate(timeout=120)
    took = time.monotonic() - started
    assert ingest.returncode == 0, out
    assert parse_summary(out)["new"] == BIG_CORPUS

    # no reader failed, each read many times, and the writer was not starved
    errors = {r.name: r.errors[:3] for r in readers if r.errors}
    assert not errors, errors
    assert other.returncode == 0, other_err[-2000:]
    other_stats = json.loads(other_out.strip().splitlines()[-1])
    assert not other_stats["errors"], other_stats["errors"][:3]
    assert all(r.reads > 0 for r in readers) and other_stats["reads"] > 0

    # every snapshot a reader took was whole: complete articles, whole batches, no orphans
    snapshots = readers[3].seen
    sizes = [n for n, _, _ in snapshots]
    assert sizes == sorted(sizes), "a reader saw the article count go down"
    assert len(set(sizes)) > 3, f"the readers saw too few states of the ingest: {set(sizes)}"
    for n, orphans, facts in snapshots:
        assert orphans == 0
        assert n % 50 == 0 or n == BIG_CORPUS, f"a reader saw part of a batch: {n} articles"
        assert all(facts[aid] == clean[aid] for aid in facts), "an article without all facts"
    seen_counts = readers[0].seen
    assert seen_counts == sorted(seen_counts)

    assert check_database(db) == big_corpus_clean["counts"]
    assert fact_ids_by_article(db) == fact_ids_by_article(big_corpus_clean["db"])
    record(
        "concurrency",
        articles=BIG_CORPUS,
        ingest_seconds=round(took, 1),
        reader_threads=len(readers),
        reader_processes=1,
        reads={**{r.name: r.reads for r in readers}, "process": other_stats["reads"]},
        reader_errors=sum(len(r.errors) for r in readers) + len(other_stats["errors"]),
        states_seen=len(set(sizes)),
        partial_states_seen=0,
        slowest_read_seconds=round(max([r.slowest for r in readers] + [other_stats["slowest"]]), 2),
        final_counts_equal_clean_run=True,
    )


# -- the mechanism, piece by piece ------------------------------------------------------------


def _hold(db: str, what: str) -> subprocess.Popen:
    """A process holding `db`: "writer" (an open writable store, idle), "transaction" (a
    write transaction left open) or "duckdb" (a raw read/write DuckDB connection, as a
    tool other than this project would hold). It prints "ready" once it holds it."""
    code = {
        "writer": "s = open_store(db)",
        "transaction": (
            "s = open_store(db)\n"
            "cm = s._writer(); con = cm.__enter__(); con.execute('BEGIN TRANSACTION')\n"
            'con.execute("INSERT INTO schema_version VALUES (99, now())")'
        ),
        "duckdb": "import duckdb; con = duckdb.connect(db)",
    }[what]
    script = f"import sys\nfrom dashboard.store import open_store\ndb = sys.argv[1]\n{code}\n"
    script += "print('ready', flush=True)\nsys.stdin.read()\n"
    proc = subprocess.Popen(
        [sys.executable, "-c", script, db],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=cli_env(),
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_an_idle_writer_does_not_block_readers(tmp_path, corpus):
    db = str(tmp_path / "idle.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    holder = _hold(db, "writer")
    try:
        with open_store(db, read_only=True) as reader:
            assert reader.counts()["articles"] == 3  # before: StoreBusyError
        with pytest.raises(StoreBusyError):
            open_store(db)  # still one writer at a time
    finally:
        holder.communicate("", timeout=60)


def test_a_reader_waits_for_a_transaction_then_reads(tmp_path, corpus):
    db = str(tmp_path / "tx.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    holder = _hold(db, "transaction")
    release = threading.Timer(1.0, lambda: holder.communicate("", timeout=60))
    release.start()
    try:
        with open_store(db, read_only=True) as reader:
            assert reader.counts()["articles"] == 3  # waited for the holder to go
    finally:
        release.join()
    # the transaction that was never committed left nothing
    with open_store(db, read_only=True) as reader:
        assert reader.query("SELECT MAX(version) AS v FROM schema_version")["v"][0] < 99


def test_waiting_is_bounded(tmp_path, corpus, monkeypatch):
    """Held by a program that never lets go: StoreBusyError after the timeout, no hang."""
    db = str(tmp_path / "held.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    monkeypatch.setattr(duckdb_store_module, "BUSY_TIMEOUT_SECONDS", 0.5)
    holder = _hold(db, "duckdb")
    try:
        with pytest.raises(StoreBusyError), open_store(db, read_only=True) as reader:
            reader.counts()
        with pytest.raises(StoreBusyError):
            open_store(db)
    finally:
        holder.communicate("", timeout=60)


def test_two_writable_stores_in_one_process_take_turns(tmp_path, corpus):
    """Two uploads in the app at once: they share the writer lock and take turns."""
    db = str(tmp_path / "two.duckdb")
    with open_store(db) as first, open_store(db) as second:
        results = []
        threads = [
            threading.Thread(target=lambda s=s, part=part: results.append(s.write(part)))
            for s, part in ((first, corpus[:2]), (second, corpus[1:]))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert sorted(r.new for r in results) == [1, 2]
    assert check_database(db)["articles"] == 3
    probe = (
        "import sys\nfrom dashboard.store import StoreBusyError, open_store\n"
        "try:\n    open_store(sys.argv[1])\nexcept StoreBusyError:\n    print('busy')\n"
    )
    with open_store(db):  # meanwhile, another process is refused
        done = subprocess.run(
            [sys.executable, "-c", probe, db],
            capture_output=True,
            text=True,
            env=cli_env(),
            timeout=120,
        )
    assert done.stdout.strip() == "busy", done.stderr[-2000:]


def test_a_killed_writer_leaves_no_stale_lock(tmp_path, corpus):
    db = str(tmp_path / "killed.duckdb")
    for what in ("writer", "transaction"):
        holder = _hold(db, what)
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=60)
        with open_store(db) as store:  # at once: no StoreBusyError, no waiting
            store.write(corpus)
        with open_store(db, read_only=True) as reader:
            assert reader.counts()["articles"] == 3


def test_a_busy_database_stops_the_ingest_instead_of_failing_each_article(tmp_path):
    """After waiting BUSY_TIMEOUT_SECONDS, StoreBusyError ends the run (exit 2 in the
    CLI): retrying the batch article by article would wait that long once per article."""

    class BusyStore:
        writes = 0

        def article_ids(self):
            return set()

        def write(self, batch):
            self.writes += 1
            raise StoreBusyError("busy")

    article = Article(id="a", source="a.txt", body="Body.")
    store = BusyStore()

    def reader(paths, max_bytes=None):
        yield from [article]

    with pytest.raises(StoreBusyError):
        ingest_paths(["x"], store, reader=reader, extractor=lambda a: Extraction(a))
    assert store.writes == 1


# -- the read-only store's kept connection ----------------------------------------------------

WRITE_ONE = textwrap.dedent(
    """
    import sys, time
    from dashboard.models import Article, Extraction
    from dashboard.store import open_store
    started = time.monotonic()
    with open_store(sys.argv[1]) as store:
        store.write([Extraction(Article(id=sys.argv[2], source="new.txt", body="New body."))])
    print(time.monotonic() - started)
    """
)


def _write_one(db: str, article_id: str) -> float:
    """Another process stores one article; returns how long it took, waits included."""
    done = subprocess.run(
        [sys.executable, "-c", WRITE_ONE, db, article_id],
        capture_output=True,
        text=True,
        env=cli_env(),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return float(done.stdout.strip().splitlines()[-1])


def test_a_reader_keeps_its_connection_between_queries(tmp_path, corpus):
    db = str(tmp_path / "kept.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    with open_store(db, read_only=True) as reader:
        reader.counts()
        kept = reader._shared
        assert kept is not None
        reader.counts()
        assert reader._shared is kept  # no new connection per query
        reader.let_go()  # as after IDLE_SECONDS without a query
        assert reader._shared is None
        assert reader.counts()["articles"] == 3 and reader._shared is not None
    assert reader._shared is None  # closed with the store


def test_a_writer_gets_in_while_a_reader_keeps_its_connection(tmp_path, corpus, monkeypatch):
    """The reader's kept connection, idle, gives way to a writer in another process at
    once (not after IDLE_SECONDS: made long here), and the reader then sees the rows
    committed after the connection was first opened."""
    monkeypatch.setattr(duckdb_store_module, "IDLE_SECONDS", 600.0)
    db = str(tmp_path / "give-way.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    with open_store(db, read_only=True) as reader:
        assert reader.counts()["articles"] == 3
        assert reader._shared is not None
        took = _write_one(db, "fresh-1")
        assert took < 10, f"the writer waited {took:.1f} s for an idle reader"
        assert reader.counts()["articles"] == 4  # the write is seen
        assert reader._shared is not None  # kept again
        assert _write_one(db, "fresh-2") < 10
        assert set(reader.query("SELECT id FROM articles")["id"]) >= {"fresh-1", "fresh-2"}


def test_a_writer_gets_in_while_reader_threads_query_without_pause(tmp_path, corpus, monkeypatch):
    """Queries back to back on the kept connection do not keep the writer out: none starts
    once the writer is at the gate, and the connection closes when the running ones end."""
    monkeypatch.setattr(duckdb_store_module, "IDLE_SECONDS", 600.0)
    db = str(tmp_path / "busy-readers.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    stop = threading.Event()
    errors: list[str] = []
    seen: list[list[int]] = [[] for _ in range(4)]

    with open_store(db, read_only=True) as reader:

        def loop(counts: list[int]) -> None:
            while not stop.is_set():
                try:
                    counts.append(reader.counts()["articles"])
                except Exception as exc:  # counted, and the test fails on any
                    errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in seen]
        for t in threads:
            t.start()
        try:
            time.sleep(0.3)
            took = [_write_one(db, f"busy-{i}") for i in range(3)]
            time.sleep(0.3)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
    assert not errors, errors[:3]
    assert max(took) < 10, f"the writer waited up to {max(took):.1f} s"
    for counts in seen:  # each thread read all along, and saw every write once done
        assert counts and counts == sorted(counts) and counts[-1] == 6


def test_an_idle_reader_lets_go_of_the_file(tmp_path, corpus, monkeypatch):
    """After IDLE_SECONDS without a query the kept connection is closed, so a tool that
    knows nothing of the gate (a raw DuckDB read-write connection) can open the file."""
    monkeypatch.setattr(duckdb_store_module, "IDLE_SECONDS", 0.2)
    db = str(tmp_path / "idle-reader.duckdb")
    with open_store(db) as store:
        store.write(corpus)
    with open_store(db, read_only=True) as reader:
        reader.counts()
        deadline = time.monotonic() + 10
        while reader._shared is not None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert reader._shared is None
        holder = _hold(db, "duckdb")  # would fail with a lock error if the file were held
        holder.communicate("", timeout=60)
        assert reader.counts()["articles"] == 3
