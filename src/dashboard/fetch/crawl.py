"""The fetcher: targets (URLs, saved sources, GDELT queries) in, `Article`s and
`IngestFailure`s out, ready for `pipeline.ingest_paths` exactly like files.

Each target is fetched first (a conditional GET when its validators are known) and told
apart: an article page becomes an article at once; a feed or a sitemap gives links. Links
are made canonical and looked up in what was fetched before: an article met before (in
this run or an earlier one, through any feed) is not fetched again and counts as
unchanged. The remaining links are fetched by a few threads, one request per host at a
time with the politeness delay, robots.txt permitting, and read as HTML files are read
(trafilatura via `ingest.html.parse_html`, the article id from the body), so the same
article fetched from two addresses is still stored once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from dashboard.fetch import detect, feeds, gdelt
from dashboard.fetch.address import FetchRefused
from dashboard.fetch.canonical import canonical_url
from dashboard.fetch.http import FetchError, Response, get
from dashboard.fetch.limits import Limits
from dashboard.fetch.polite import HostGate
from dashboard.fetch.robots import Robots
from dashboard.ingest.build import make_article
from dashboard.ingest.files import InputError, decode
from dashboard.ingest.html import parse_html
from dashboard.ingest.text import parse_text_page
from dashboard.models import Article, IngestFailure
from dashboard.store.sources import FetchedURL

Lookup = Callable[[Iterable[str]], dict[str, FetchedURL]]
Item = Article | IngestFailure
AHEAD_PER_WORKER = 4


@dataclass(frozen=True)
class FetchTarget:
    """What to fetch: an address (`kind` "url") or a GDELT query (`kind` "gdelt")."""

    url: str
    kind: str = "url"
    source_id: str | None = None  # a saved source
    etag: str | None = None
    last_modified: str | None = None
    timespan: str = gdelt.DEFAULT_TIMESPAN
    languages: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """How the target is named in messages: its URL, or `GDELT "query"`."""
        return f'GDELT "{self.url}"' if self.kind == "gdelt" else self.url


@dataclass
class TargetResult:
    """What fetching one target found."""

    target: FetchTarget
    detected: str | None = None  # page | feed | sitemap | gdelt
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None  # the target itself failed
    notes: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)  # read through it (new or not)
    failed: int = 0  # its pages that failed
    failures: list[str] = field(default_factory=list)  # the first few, "URL: reason"

    def note(self, limit: int = 3, chars: int = 500) -> str | None:
        """Notes and the first failed pages, in one line for the sources table."""
        parts = list(self.notes)
        if self.failures:
            more = self.failed - len(self.failures[:limit])
            parts += self.failures[:limit] + ([f"and {more} more failed"] if more > 0 else [])
        text = "; ".join(parts)
        return text[:chars] or None


def _stub(article_id: str, url: str) -> Article:
    """A page fetched before, standing in for its stored article: the pipeline counts it
    unchanged by its id and never extracts it."""
    return Article(id=article_id, source=url, body="", url=url)


def read_page(url: str, resp: Response) -> Article | IngestFailure:
    """A fetched page as an article, read as the HTML (or text) file would be."""
    if not resp.body.strip():
        raise InputError("the response is empty")
    text = None
    if resp.charset:
        try:
            text = resp.body.decode(resp.charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode(resp.body)
    markup = resp.content_type != "text/plain" or text.lstrip()[:100].lower().startswith(
        ("<!doctype html", "<html")
    )
    fields = parse_html(text, url=resp.url) if markup else parse_text_page(text)
    if not fields.url:
        fields.url = resp.url
    return make_article(url, fields)


def _by_host(links: list[tuple[str, TargetResult]]) -> list[tuple[str, TargetResult]]:
    """Links reordered round-robin over their hosts, so that the threads work on several
    hosts at once instead of queueing behind one."""
    queues: dict[str, deque] = {}
    for item in links:
        queues.setdefault(urlsplit(item[0]).netloc, deque()).append(item)
    out = []
    while queues:
        for host in list(queues):
            out.append(queues[host].popleft())
            if not queues[host]:
                del queues[host]
    return out


class Fetcher:
    """Reads targets; `records` then holds every URL fetched (for `record_fetched`) and
    `results` one `TargetResult` per target."""

    def __init__(self, limits: Limits, lookup: Lookup, known: set[str]) -> None:
        self.limits = limits
        self.lookup = lookup
        self.known = known
        self.gate = HostGate(limits.delay)
        self.robots = Robots(limits, self.gate)
        self.records: list[FetchedURL] = []
        self.results: list[TargetResult] = []
        self._queued: set[str] = set()

    # -- targets -----------------------------------------------------------------------

    def read(self, targets: Iterable[FetchTarget]) -> Iterator[Item]:
        """Every article and failure of `targets`: the targets first, then their links."""
        links: list[tuple[str, TargetResult]] = []
        for target in targets:
            result = TargetResult(target)
            self.results.append(result)
            try:
                yield from self._target(result, links)
            except (FetchError, FetchRefused, feeds.FeedError, gdelt.GdeltError) as exc:
                result.error = str(exc)
                yield IngestFailure(target.label, str(exc))
            except InputError as exc:  # a page without article text
                result.error = str(exc)
                yield IngestFailure(target.label, str(exc))
            except Exception as exc:  # never let one target stop the others
                result.error = f"unexpected error ({type(exc).__name__}: {exc})"
                yield IngestFailure(target.label, result.error)
        yield from self._pages(_by_host(links))

    def _target(self, result: TargetResult, links: list) -> Iterator[Item]:
        target = result.target
        if target.kind == "gdelt":
            result.detected = "gdelt"
            url = gdelt.query_url(target.url, target.timespan, target.languages)
            with self.gate.turn(urlsplit(url).netloc):
                resp = get(url, self.limits, accept=gdelt.JSON_TYPES)
            found = gdelt.parse_articles(resp.body)
            yield from self._links([a.url for a in found], len(found), result, links)
            return
        url = canonical_url(target.url)
        refusal = self.robots.check(url)
        if refusal:
            raise FetchError(refusal)
        before = self.lookup([url]).get(url)
        etag = target.etag or (before.etag if before else None)
        modified = target.last_modified or (before.last_modified if before else None)
        with self.gate.turn(urlsplit(url).netloc):
            resp = get(url, self.limits, detect.ANY_TYPES, etag=etag, last_modified=modified)
        result.etag, result.last_modified = resp.etag or etag, resp.last_modified or modified
        if resp.not_modified:
            result.notes.append("not modified since the last fetch")
            if before is not None and before.article_id in self.known:
                result.detected = "page"
                result.article_ids.append(before.article_id)
                yield _stub(before.article_id, url)
            return
        kind = detect.kind_of(resp.content_type, resp.body)
        if kind is None:
            raise FetchError(f"{resp.content_type} that is neither a feed nor a sitemap")
        result.detected = kind
        if kind == detect.PAGE:
            item = read_page(url, resp)
            if isinstance(item, Article):
                self._queued.add(url)
                result.article_ids.append(item.id)
                self._record(url, target, item.id, resp)
            yield item
            return
        found = (
            feeds.feed_links(resp.body, resp.url)
            if kind == detect.FEED
            else self._sitemap(resp, result)
        )
        self._record(url, target, None, resp)
        yield from self._links(found.pages, found.total, result, links)

    def _sitemap(self, resp: Response, result: TargetResult) -> feeds.Links:
        """A sitemap's pages; for a sitemap index, those of its first nested sitemaps."""
        found = feeds.sitemap_links(resp.body, resp.url)
        nested = found.sitemaps[: self.limits.max_sitemaps]
        if len(found.sitemaps) > len(nested):
            result.notes.append(
                f"sitemap index lists {len(found.sitemaps)} sitemaps; the first "
                f"{len(nested)} are read"
            )
        for url in nested:
            try:
                with self.gate.turn(urlsplit(url).netloc):
                    inner = get(url, self.limits, detect.FEED_TYPES)
                more = feeds.sitemap_links(inner.body, inner.url)
            except (FetchError, FetchRefused, feeds.FeedError) as exc:
                result.notes.append(f"{url}: {exc}")
                continue
            found.pages.extend(u for u in more.pages if u not in found.pages)
            found.total += more.total
        return found

    def _links(
        self, urls: list[str], total: int, result: TargetResult, links: list
    ) -> Iterator[Item]:
        """Queue the links not fetched before (up to `max_links`); those fetched before
        come out at once as their stored articles."""
        before = self.lookup(urls)
        fresh: list[str] = []
        for url in urls:
            if url in self._queued:
                continue
            self._queued.add(url)
            seen = before.get(url)
            if seen is not None and seen.article_id in self.known:
                result.article_ids.append(seen.article_id)
                yield _stub(seen.article_id, url)
            else:
                fresh.append(url)
        limit = self.limits.max_links
        if len(fresh) > limit:
            result.notes.append(
                f"{total} links listed, {len(fresh)} not fetched before: the first {limit} "
                "are fetched now, the rest on the next runs"
            )
            for url in fresh[limit:]:
                self._queued.discard(url)
            fresh = fresh[:limit]
        links.extend((url, result) for url in fresh)

    # -- pages -------------------------------------------------------------------------

    def _pages(self, links: list[tuple[str, TargetResult]]) -> Iterator[Item]:
        """Fetch the queued links on `limits.workers` threads; results in link order."""
        if not links:
            return
        workers = max(1, self.limits.workers)
        pending: deque[tuple[Future, TargetResult]] = deque()
        with ThreadPoolExecutor(workers, thread_name_prefix="fetch") as pool:
            for url, result in links:
                pending.append((pool.submit(self._page, url, result.target), result))
                while len(pending) >= workers * AHEAD_PER_WORKER:
                    yield self._done(*pending.popleft())
            while pending:
                yield self._done(*pending.popleft())

    def _done(self, future: Future, result: TargetResult) -> Item:
        item = future.result()
        if isinstance(item, Article):
            result.article_ids.append(item.id)
        else:
            result.failed += 1
            if len(result.failures) < 3:
                result.failures.append(str(item))
        return item

    def _page(self, url: str, target: FetchTarget) -> Item:
        """One linked page (in a worker thread); never raises."""
        try:
            refusal = self.robots.check(url)
            if refusal:
                return IngestFailure(url, refusal)
            with self.gate.turn(urlsplit(url).netloc):
                resp = get(url, self.limits, detect.PAGE_TYPES)
            if detect.kind_of(resp.content_type, resp.body) != detect.PAGE:
                return IngestFailure(url, "a feed or sitemap where an article page was linked")
            item = read_page(url, resp)
            if isinstance(item, Article):
                self._record(url, target, item.id, resp)
            return item
        except (FetchError, FetchRefused, InputError) as exc:
            return IngestFailure(url, str(exc))
        except Exception as exc:
            return IngestFailure(url, f"unexpected error ({type(exc).__name__}: {exc})")

    def _record(
        self, url: str, target: FetchTarget, article_id: str | None, resp: Response
    ) -> None:
        self.records.append(
            FetchedURL(
                url=url,
                source_id=target.source_id,
                article_id=article_id,
                etag=resp.etag,
                last_modified=resp.last_modified,
                fetched_at=datetime.now(),
            )
        )
