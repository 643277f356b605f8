"""Ingest on several cores: reading and extraction in a pool of worker processes, one
writer (this process) storing the results in order.

Reading a page (trafilatura, language detection) and extracting its facts are pure
Python and CPU-bound, so threads would not help; DuckDB allows one writing process, so
the workers never open the database. The parent lists the input files, hands them to
the workers in small chunks and consumes the results in input order, so the report and
the stored rows are the same as `pipeline.ingest_paths` with one worker: the same
articles are new, unchanged or failed, and the first copy of a duplicated article is
the one stored.

Articles already in the database are skipped by the workers before extraction (each
worker gets the stored ids once, when it starts), so a re-ingest costs only reading.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from dashboard.ingest import DEFAULT_MAX_BYTES
from dashboard.ingest.files import InputFile, iter_files
from dashboard.models import Article, Extraction, IngestFailure
from dashboard.pipeline import BATCH_SIZE, Batches, IngestReport, Progress, _where
from dashboard.store import Store
from dashboard.store.rows import extraction_rows

CHUNK_FILES = 8  # files per task: small enough to balance the workers, large enough to batch
# chunks handed out per worker ahead of the writer: enough to keep the workers busy while
# the writer stores a batch, few enough that results never pile up in memory
AHEAD_PER_WORKER = 16

# what a worker sends back per item: ("fail", IngestFailure), ("known", Article) for an
# article already stored (no extraction), ("new", ArticleRows): the rows to store, or
# ("xfail", Article, reason) when extraction failed
Result = tuple

_known: frozenset[str] = frozenset()
_max_bytes: int = DEFAULT_MAX_BYTES
WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><article><p>On 19 September 2023 "
    "Azerbaijan launched an offensive; more than 100,000 people left Stepanakert for Goris "
    "through the Lachin corridor, officials said.</p></article></body></html>"
)


def _init(known: frozenset[str], max_bytes: int, warm: bool) -> None:
    global _known, _max_bytes
    _known, _max_bytes = known, max_bytes
    if warm:
        _warm_up()


def _warm_up() -> None:
    """Load what the first article would (language models, gazetteer, cue words)."""
    from dashboard.extract import extract
    from dashboard.extract.lemmacues import compile_all
    from dashboard.ingest.build import make_article
    from dashboard.ingest.html import parse_html
    from dashboard.ingest.language import preload_models

    preload_models()
    compile_all()
    extract(make_article("warm-up.html", parse_html(WARM_UP_PAGE)))


def _ready(pause: float) -> int:
    time.sleep(pause)  # long enough for every worker to take one of these
    return os.getpid()


def _work(files: list[InputFile]) -> list[Result]:
    """Read and extract one chunk of files in a worker, down to the rows the store will
    insert (so the writer only inserts); never raises for one bad input."""
    from dashboard.extract import extract
    from dashboard.ingest import read_file

    out: list[Result] = []
    for file in files:
        try:
            for item in read_file(file, _max_bytes):
                if isinstance(item, IngestFailure):
                    out.append(("fail", item))
                elif item.id in _known:
                    out.append(("known", item))
                else:
                    out.append(_extract_rows(item, extract))
        except Exception as exc:  # a reader bug: name the file, go on with the others
            reason = f"reading stopped: {type(exc).__name__}: {exc}"
            out.append(("fail", IngestFailure(file.source, reason)))
    return out


def _extract_rows(article: Article, extract: Callable[[Article], Extraction]) -> Result:
    try:
        extraction = extract(article)
    except Exception as exc:
        return ("xfail", article, f"extraction failed: {type(exc).__name__}: {exc}")
    try:
        return ("new", extraction_rows(extraction))
    except Exception as exc:  # what the store would have failed on, named the same way
        return ("xfail", article, f"store failed: {type(exc).__name__}: {exc}")


def _tasks(paths: Iterable[str | Path]) -> Iterator[list[InputFile] | IngestFailure]:
    """Chunks of input files in walk order, with path problems in between."""
    chunk: list[InputFile] = []
    for given in paths:
        for item in iter_files(given):
            if isinstance(item, InputFile):
                chunk.append(item)
                if len(chunk) >= CHUNK_FILES:
                    yield chunk
                    chunk = []
            else:
                if chunk:
                    yield chunk
                    chunk = []
                yield IngestFailure(*item)
    if chunk:
        yield chunk


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """fork where there is one: workers start at once, without importing the caller's
    main module again (spawn would rerun `python -m dashboard`). The parent holds no
    database connection while the pool starts (the DuckDB writer opens one per batch),
    and workers end with os._exit, so nothing of the parent's is closed twice."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class ExtractPool:
    """`workers` processes that read and extract files; `run` yields their results in
    input order. `warm` loads the extraction resources when each worker starts."""

    def __init__(
        self,
        workers: int,
        known: Iterable[str] = (),
        max_bytes: int | None = None,
        warm: bool = False,
    ) -> None:
        self.workers = workers
        limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=_context(),
            initializer=_init,
            initargs=(frozenset(known), limit, warm),
        )

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def ready(self) -> None:
        """Block until every worker has started (and warmed up, if asked)."""
        list(self._pool.map(_ready, [0.5] * self.workers))

    def cpu_seconds(self) -> tuple[float, float] | None:
        """(CPU time used, time spent ready to run but waiting for a CPU) so far, summed
        over the live workers, from /proc/PID/schedstat; None without it. For benchmarks:
        the wait is what other processes took from the workers."""
        try:
            used = waited = 0
            for pid in list(self._pool._processes or ()):
                fields = Path(f"/proc/{pid}/schedstat").read_text().split()
                used, waited = used + int(fields[0]), waited + int(fields[1])
        except (OSError, ValueError, IndexError, AttributeError):
            return None
        return used / 1e9, waited / 1e9

    def run(self, paths: Iterable[str | Path]) -> Iterator[Result]:
        """Results in input order. Chunks are handed out while the folders are still
        being walked, at most AHEAD_PER_WORKER chunks per worker ahead of the consumer:
        the workers start at once, and results do not pile up if the consumer is slow."""
        pending: deque[Future | IngestFailure] = deque()
        in_flight, limit = 0, AHEAD_PER_WORKER * self.workers
        for task in _tasks(paths):
            if isinstance(task, IngestFailure):
                pending.append(task)
                continue
            pending.append(self._pool.submit(_work, task))
            in_flight += 1
            while in_flight >= limit:
                in_flight -= isinstance(pending[0], Future)
                yield from _results(pending.popleft())
        while pending:
            yield from _results(pending.popleft())


def _results(item: Future | IngestFailure) -> list[Result]:
    return [("fail", item)] if isinstance(item, IngestFailure) else item.result()


def extract_files(
    paths: Iterable[str | Path],
    workers: int,
    known: Iterable[str] = (),
    max_bytes: int | None = None,
) -> Iterator[Result]:
    """Every item under `paths`, read and (unless its id is in `known`) extracted by
    `workers` processes, in input order."""
    with ExtractPool(workers, known, max_bytes) as pool:
        yield from pool.run(paths)


def ingest_paths_parallel(
    paths: Iterable[str | Path],
    store: Store,
    workers: int,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    max_bytes: int | None = None,
    pool: ExtractPool | None = None,
) -> IngestReport:
    """`pipeline.ingest_paths` with reading and extraction on `workers` processes (or on
    `pool`, started by the caller with the stored ids as `known`)."""
    paths = list(paths)
    report = IngestReport()
    known = store.article_ids()
    batch = Batches(store, report, batch_size)
    results = (
        pool.run(paths) if pool is not None else extract_files(paths, workers, known, max_bytes)
    )
    try:
        for result in results:
            kind, item = result[0], result[1]
            if kind == "fail":
                report.failed.append(item)
            elif kind == "known" or item.id in known:
                report.unchanged += 1
            elif kind == "xfail":
                report.failed.append(IngestFailure(item.source, result[2]))
            else:
                known.add(item.id)
                batch.add(item)
            if progress is not None:
                progress(item)
    except Exception as exc:  # a worker died: keep what was done, name the inputs
        report.failed.append(IngestFailure(_where(paths), f"parallel ingest stopped: {exc!r}"))
    batch.flush()
    return report
