"""ingest -> extract -> store, shared by the CLI, the bench and (later) the UI.

Articles already stored are skipped before extraction, so re-ingesting a folder costs
only the reading. Nothing that goes wrong with one input stops the others: it becomes an
`IngestFailure` naming the source, and the batch it was in is still written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dashboard.models import Article, Extraction, IngestFailure
from dashboard.store import Store, StoreBusyError, WriteResult
from dashboard.store.rows import ArticleRows

# called once per input item: the article (its rows, with several workers) or the failure
Progress = Callable[[Article | ArticleRows | IngestFailure], None]
Reader = Callable[..., Iterator[Article | IngestFailure]]
Extractor = Callable[[Article], Extraction]

# articles per write transaction, serial or parallel. A write has a cost that hardly
# depends on how many articles it holds and grows with the store: reading the stored
# incidents near the batch's reports, merging the summary cubes, the commit and DuckDB's
# checkpoint. At 1M stored reports a write of 50 articles takes 1.3-1.7 s and one of 200
# 2.1-2.6 s (BENCHMARKS.md, "Incidents"), so 200 stores articles about twice as fast; a
# failed run loses at most one batch, and re-ingesting skips what was stored.
BATCH_SIZE = 200


@dataclass
class IngestReport:
    new: int = 0
    unchanged: int = 0
    failed: list[IngestFailure] = field(default_factory=list)
    facts: int = 0
    places: int = 0
    events: int = 0
    statements: int = 0

    def add(self, result: WriteResult) -> None:
        self.new += result.new
        self.unchanged += result.unchanged
        self.facts += result.facts
        self.places += result.places
        self.events += result.events
        self.statements += result.statements

    def summary(self) -> str:
        return (
            f"articles: {self.new} new, {self.unchanged} unchanged, {len(self.failed)} failed; "
            f"facts stored: {self.facts} (places {self.places}, events {self.events}, "
            f"statements {self.statements})"
        )


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    max_bytes: int | None = None,
    *,
    reader: Reader | None = None,
    extractor: Extractor | None = None,
) -> IngestReport:
    """Read, extract and store everything under `paths`; see the module docstring.

    `max_bytes` None keeps ingest's own default. `reader` and `extractor` default to the
    project's `iter_inputs` and `extract` (imported here, not at module load, so the
    store-side commands work even while those packages are broken); they are parameters
    so the orchestration can be exercised on its own.
    """
    if reader is None:
        from dashboard.ingest import iter_inputs as reader
    if extractor is None:
        from dashboard.extract import extract as extractor
    paths = list(paths)
    report = IngestReport()
    known = store.article_ids()
    batch = Batches(store, report, batch_size)
    try:
        items = reader(paths) if max_bytes is None else reader(paths, max_bytes)
        for item in items:
            if isinstance(item, IngestFailure):
                report.failed.append(item)
            elif item.id in known:
                report.unchanged += 1
            else:
                extraction = _extract_one(item, extractor, report)
                if extraction is not None:
                    known.add(item.id)
                    batch.add(extraction)
            if progress is not None:
                progress(item)
    except Exception as exc:  # a reader bug: keep what was read, name the inputs
        report.failed.append(
            IngestFailure(_where(paths), f"reading stopped: {type(exc).__name__}: {exc}")
        )
    batch.flush()
    return report


@dataclass
class Batches:
    """Articles waiting for their transaction: one write per `size` articles keeps the
    file's commits (and summary updates) few, and `flush` stores the rest at the end."""

    store: Store
    report: IngestReport
    size: int
    items: list[Extraction | ArticleRows] = field(default_factory=list)

    def add(self, item: Extraction | ArticleRows) -> None:
        self.items.append(item)
        if len(self.items) >= self.size:
            self.flush()

    def flush(self) -> None:
        _flush(self.store, self.items, self.report)
        self.items = []


def _where(paths: Sequence[str | Path]) -> str:
    """The inputs of a run that stopped, for its failure's source."""
    return ", ".join(str(p) for p in paths) or "(no paths)"


def _extract_one(article: Article, extractor: Extractor, report: IngestReport) -> Extraction | None:
    try:
        return extractor(article)
    except Exception as exc:
        reason = f"extraction failed: {type(exc).__name__}: {exc}"
        report.failed.append(IngestFailure(article.source, reason))
        return None


def _flush(store: Store, batch: Sequence[Extraction | ArticleRows], report: IngestReport) -> None:
    """Write the batch in one transaction; if that fails, retry article by article so
    only the articles that cannot be stored are reported."""
    if not batch:
        return
    try:
        report.add(store.write(batch))
        return
    except StoreBusyError:
        # the database, not an article: the store already waited for it, and retrying
        # article by article would wait as long again once per article
        raise
    except Exception:  # retried one by one below, to find the culprit
        pass
    for item in batch:
        try:
            report.add(store.write([item]))
        except Exception as exc:
            reason = f"store failed: {type(exc).__name__}: {exc}"
            source = item.source if isinstance(item, ArticleRows) else item.article.source
            report.failed.append(IngestFailure(source, reason))
