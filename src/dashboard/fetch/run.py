"""Fetch and ingest in one go, through the same pipeline as files, then record what was
fetched (for conditional GETs and to skip links already read) and each saved source's
outcome. Shared by the command line and the Ingest page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from dashboard.fetch.crawl import Fetcher, FetchTarget, TargetResult
from dashboard.fetch.gdelt import timespan_for
from dashboard.fetch.limits import Limits
from dashboard.fetch.schedule import is_due
from dashboard.pipeline import IngestReport, Progress, ingest_paths
from dashboard.store import Store
from dashboard.store.sources import SavedSource, SourceRun


@dataclass
class FetchReport:
    ingest: IngestReport
    targets: list[TargetResult] = field(default_factory=list)

    def summary(self) -> str:
        """The same line as `ingest` prints."""
        return self.ingest.summary()

    @property
    def failed(self):
        return self.ingest.failed


def default_name(address: str, gdelt: bool = False) -> str:
    """A saved source's name when none is given: host and path, or "gdelt: query"."""
    if gdelt:
        return f"gdelt: {' '.join(address.split())}"[:80]
    parts = urlsplit(address.strip())
    return (f"{parts.netloc}{parts.path}".rstrip("/") or address.strip())[:80]


def target_of(source: SavedSource) -> FetchTarget:
    return FetchTarget(
        url=source.url,
        kind=source.kind,
        source_id=source.id,
        etag=source.etag,
        last_modified=source.last_modified,
        timespan=timespan_for(source.every_seconds),
    )


def due_sources(store: Store, now: datetime | None = None) -> list[SavedSource]:
    now = now or datetime.now()
    return [s for s in store.sources() if is_due(s.last_fetch_at, s.every_seconds, now)]


def fetch_and_ingest(
    targets: Sequence[FetchTarget],
    store: Store,
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Fetch `targets`, store their new articles, and record what was fetched."""
    limits = limits or Limits()
    known = store.article_ids()
    fetcher = Fetcher(limits, store.fetched_urls, set(known))

    def reader(_paths, *_args):
        return fetcher.read(targets)

    report = ingest_paths([t.label for t in targets], store, progress, reader=reader)
    failed = {f.source for f in report.failed}
    store.record_fetched([r for r in fetcher.records if r.url not in failed])
    _record_sources(store, fetcher.results, known)
    return FetchReport(report, fetcher.results)


def _record_sources(store: Store, results: list[TargetResult], known: set[str]) -> None:
    """Each saved source's outcome: an article counts as new for the first source (in
    target order) that brought it."""
    counted: set[str] = set()
    now = datetime.now()
    for result in results:
        new = unchanged = 0
        for article_id in result.article_ids:
            if article_id in known or article_id in counted:
                unchanged += 1
            else:
                new += 1
                counted.add(article_id)
        if result.target.source_id is None:
            continue
        store.record_source_run(
            SourceRun(
                source_id=result.target.source_id,
                at=now,
                detected=result.detected,
                etag=result.etag,
                last_modified=result.last_modified,
                new=new,
                unchanged=unchanged,
                failed=result.failed + (1 if result.error else 0),
                error=result.error,
                note=result.note(),
            )
        )
