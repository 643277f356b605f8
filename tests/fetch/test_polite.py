"""Politeness against the loopback site: one request per host at a time, the delay
between two, robots.txt's Crawl-delay, one user agent."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fetch_site import Site, rss

from dashboard.fetch.crawl import Fetcher, FetchTarget
from dashboard.fetch.limits import USER_AGENT
from dashboard.models import Article


@pytest.fixture
def slow_site():
    """A feed of eight pages, and a Crawl-delay of 1 s."""
    site = Site().start()
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 1\nAllow: /\n", "text/plain")
    urls = site.add_pages(1, 4)
    site.add("/feed.xml", rss(urls), "application/rss+xml")
    yield site
    site.stop()


def _read(site, limits):
    fetcher = Fetcher(limits, lambda _urls: {}, set())
    items = list(fetcher.read([FetchTarget(site.url("/feed.xml"))]))
    assert all(isinstance(i, Article) for i in items), items
    return items


def _page_spans(site):
    return sorted((s, e) for path, s, e in site.spans if path.startswith("/news/"))


def test_one_request_per_host_at_a_time_with_the_delay(site, limits):
    polite = replace(limits, delay=0.2, workers=4)
    site.spans.clear()
    fetcher = Fetcher(polite, lambda _urls: {}, set())
    items = list(fetcher.read([FetchTarget(site.url("/atom.xml"))]))
    assert len(items) == 3
    spans = _page_spans(site)
    assert len(spans) == 3
    for (_s1, end), (start, _e2) in zip(spans, spans[1:], strict=False):
        assert start >= end + 0.15  # never overlapping, and the pause between them


def test_crawl_delay_from_robots_is_honoured(slow_site, limits):
    polite = replace(limits, delay=0.0, workers=4)
    _read(slow_site, polite)
    spans = _page_spans(slow_site)
    assert len(spans) == 4
    gaps = [b[0] - a[1] for a, b in zip(spans, spans[1:], strict=False)]
    assert min(gaps) >= 0.9  # robotparser reads whole seconds


def test_every_request_names_the_tool(site, limits):
    _ = Fetcher(limits, lambda _urls: {}, set())
    list(_.read([FetchTarget(site.url("/news/6.html"))]))
    agents = {h["User-Agent"] for hs in site.headers.values() for h in hs}
    assert agents == {USER_AGENT}
