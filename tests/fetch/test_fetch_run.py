"""Fetch and ingest from the loopback site into a real DuckDB file and a real PostgreSQL
database: stored once, re-fetches store nothing new, robots.txt, sitemaps, GDELT, big
feeds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dashboard.fetch.crawl import FetchTarget
from dashboard.fetch.run import fetch_and_ingest
from dashboard.store import open_store


@pytest.fixture(params=["duckdb", "postgresql"])
def db(request, tmp_path) -> str:
    """A fresh database of either backend (PostgreSQL: tests/pg_cluster.py, as in
    tests/store)."""
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return str(tmp_path / "fetch.duckdb")


def _fetch(db, targets, limits):
    with open_store(db) as store:
        return fetch_and_ingest(targets, store, limits)


def test_feed_stored_once_and_refetch_stores_nothing(site, limits, db):
    first = _fetch(db, [FetchTarget(site.url("/feed.xml"))], limits)
    assert (first.ingest.new, first.ingest.unchanged, first.failed) == (3, 0, [])
    assert first.targets[0].detected == "feed"
    again = _fetch(db, [FetchTarget(site.url("/feed.xml"))], limits)
    assert again.ingest.new == 0 and again.failed == []
    assert again.targets[0].notes == ["not modified since the last fetch"]  # conditional GET
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 3
        urls = set(store.query("SELECT url FROM articles")["url"])
    assert site.url("/news/3.html") in urls  # tracking parameters gone


def test_article_in_two_feeds_is_fetched_and_stored_once(site, limits, db):
    hits_before = site.hits.count("/news/2.html")
    report = _fetch(
        db, [FetchTarget(site.url("/feed.xml")), FetchTarget(site.url("/atom.xml"))], limits
    )
    assert (report.ingest.new, report.failed) == (4, [])  # pages 1-3 and 2-4
    assert site.hits.count("/news/2.html") == hits_before + 1
    # a later run meets the Atom feed's links again: not fetched, counted unchanged
    again = _fetch(db, [FetchTarget(site.url("/atom.xml"))], limits)
    assert (again.ingest.new, again.ingest.unchanged) == (0, 3)
    assert site.hits.count("/news/2.html") == hits_before + 1


def test_same_article_from_two_addresses_stored_once(site, limits, db):
    report = _fetch(
        db, [FetchTarget(site.url("/news/1.html")), FetchTarget(site.url("/redirect-page"))], limits
    )
    assert (report.ingest.new, report.ingest.unchanged) == (1, 1)


def test_robots_disallow_is_a_failure_of_that_link(site, limits, db):
    report = _fetch(db, [FetchTarget(site.url("/private-feed.xml"))], limits)
    assert [str(f) for f in report.failed] == [
        f"{site.url('/private/secret.html')}: disallowed by the site's robots.txt"
    ]
    assert "/private/secret.html" not in site.hits
    assert report.targets[0].note() == (
        f"{site.url('/private/secret.html')}: disallowed by the site's robots.txt"
    )


def test_sitemap_index_and_gdelt(site, limits, db, monkeypatch):
    report = _fetch(db, [FetchTarget(site.url("/sitemap-index.xml"))], limits)
    assert report.targets[0].detected == "sitemap" and report.ingest.new == 2
    monkeypatch.setenv("DASHBOARD_GDELT_URL", site.url("/gdelt/api"))
    gdelt = _fetch(
        db, [FetchTarget("Karabakh evacuation", kind="gdelt", languages=("english",))], limits
    )
    assert gdelt.targets[0].detected == "gdelt"
    assert (gdelt.ingest.new, gdelt.ingest.unchanged, gdelt.failed) == (1, 1, [])  # page 5 seen
    asked = site.headers["/gdelt/api"][-1]
    assert asked  # the request reached the loopback API
    with open_store(db, read_only=True) as store:
        assert store.counts()["articles"] == 3


def test_big_feed_read_a_slice_per_run(site, limits, db):
    small = replace(limits, max_links=5)
    first = _fetch(db, [FetchTarget(site.url("/feed-10000.xml"))], small)
    assert first.ingest.new == 5
    assert "10000 links listed" in first.targets[0].notes[0]
    second = _fetch(db, [FetchTarget(site.url("/feed-10000.xml"))], small)
    assert (second.ingest.new, second.ingest.unchanged) == (5, 5)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "HTTP 404"),
        ("/malformed.xml", "malformed XML"),
        ("/image.png", "content type image/png"),
        ("/redirect-private", "refused: 10.0.0.1 is a private address"),
    ],
)
def test_broken_targets_fail_alone(site, limits, db, path, reason):
    report = _fetch(
        db, [FetchTarget(site.url(path)), FetchTarget(site.url("/news/4.html"))], limits
    )
    assert report.ingest.new == 1
    assert len(report.failed) == 1
    assert report.failed[0].source == site.url(path) and reason in report.failed[0].reason
