"""Fetch + ingest throughput from a loopback site: 1,000 article pages listed by 10 RSS
feeds (100 each), fetched with the politeness delay at 0, read, extracted and stored in a
fresh DuckDB file, as `python -m dashboard fetch FEED...` does. Then the same fetch again
(every feed answers 304 Not Modified: nothing is read) and the fetching alone (pages read
into articles, no extraction or store), to show where the time goes.

Writes the "fetch" section of BENCHMARKS.md. The site is tests/fetch/fetch_site.py (our
own sample text); nothing leaves 127.0.0.1.

    .venv/bin/python bench/fetch.py [--pages 1000] [--feeds 10] [--workers 4]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
# bench/dashboard.py would shadow the `dashboard` package: keep bench/ last on sys.path
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]
import argparse  # noqa: E402
import resource  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

import common  # noqa: E402

sys.path.insert(0, str(common.ROOT / "tests" / "fetch"))
from fetch_site import Site, rss  # noqa: E402

from dashboard.fetch.crawl import Fetcher, FetchTarget  # noqa: E402
from dashboard.fetch.limits import Limits  # noqa: E402
from dashboard.fetch.run import fetch_and_ingest  # noqa: E402
from dashboard.models import Article  # noqa: E402
from dashboard.store import open_store  # noqa: E402


def build_site(pages: int, feeds: int) -> tuple[Site, list[str]]:
    site = Site().start()
    site.add("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
    urls = site.add_pages(1, pages)
    per = -(-pages // feeds)
    feed_urls = []
    for k in range(feeds):
        path = f"/feeds/{k}.xml"
        site.add(path, rss(urls[k * per : (k + 1) * per]), "application/rss+xml", etag=f'"f{k}"')
        feed_urls.append(site.url(path))
    return site, feed_urls


def serve(pages: int, feeds: int, conn) -> None:
    """In a child process, so that serving does not take this process's CPU and GIL."""
    site, feed_urls = build_site(pages, feeds)
    conn.send(feed_urls)
    conn.recv()  # until the parent is done
    site.stop()


def warm_up() -> None:
    """Load what the first article would (language models, gazetteer): not timed."""
    from dashboard.extract import extract
    from dashboard.ingest.build import make_article
    from dashboard.ingest.html import parse_html
    from dashboard.ingest.language import preload_models
    from dashboard.parallel import WARM_UP_PAGE

    preload_models()
    extract(make_article("warm-up.html", parse_html(WARM_UP_PAGE)))


def timed(rows: list, name: str, run):
    """Run `run`, append (name, articles, wall s, CPU s) to `rows`; return its result."""
    started, c0 = time.perf_counter(), cpu()
    result = run()
    n = result if isinstance(result, int) else result.ingest.new
    rows.append((name, n, time.perf_counter() - started, cpu() - c0))
    return result


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--feeds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=Limits().workers)
    args = parser.parse_args(argv)
    os.environ["DASHBOARD_ALLOW_PRIVATE_HOSTS"] = "127.0.0.0/8"
    per_feed = -(-args.pages // args.feeds)
    limits = Limits(delay=0.0, workers=args.workers, max_links=max(per_feed, 1))
    import multiprocessing

    parent, child = multiprocessing.Pipe()
    server = multiprocessing.get_context("fork").Process(
        target=serve, args=(args.pages, args.feeds, child), daemon=True
    )
    server.start()
    targets = [FetchTarget(u) for u in parent.recv()]
    warm_up()
    rows = []
    try:
        # fetching alone: every page fetched and read into an article, nothing stored
        fetcher = Fetcher(limits, lambda _urls: {}, set())
        timed(
            rows,
            "fetch + read pages (no extraction, no store)",
            lambda: sum(isinstance(item, Article) for item in fetcher.read(targets)),
        )
        with tempfile.TemporaryDirectory(prefix="bench-fetch-") as tmp:
            db = str(Path(tmp) / "fetch.duckdb")
            with open_store(db) as store:
                report = timed(
                    rows,
                    "fetch + ingest (read, extract, store)",
                    lambda: fetch_and_ingest(targets, store, limits),
                )
                failed = len(report.failed)
                timed(
                    rows,
                    "the same again (feeds answer 304)",
                    lambda: fetch_and_ingest(targets, store, limits),
                )
    finally:
        parent.send("done")
        server.join(timeout=10)
    if failed or rows[1][1] != args.pages:
        print(f"error: {failed} failures, {rows[1][1]} of {args.pages} stored", file=sys.stderr)
        return 1
    body = common.table(
        ("run", "articles", "wall time (s)", "pages/s", "CPU time (s)"),
        [
            (name, n, f"{wall:.2f}", f"{args.pages / wall:,.0f}" if n else "—", f"{used:.1f}")
            for name, n, wall, used in rows
        ],
        "lrrrr",
    )
    text = (
        f"{args.pages:,} pages in {args.feeds} RSS feeds on one loopback host, politeness "
        f"delay 0, {args.workers} fetching threads (one request to the host at a time), "
        "one process (the site is served by another; language models loaded before "
        "timing).\n\n"
        + body
        + "\n\n"
        + common.stamp(f".venv/bin/python bench/fetch.py --pages {args.pages} --feeds {args.feeds}")
    )
    common.record("fetch", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
