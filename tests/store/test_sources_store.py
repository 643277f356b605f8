"""Saved sources and fetched URLs (migration 0005) on DuckDB and PostgreSQL (`db_path`
runs on both backends here)."""

from __future__ import annotations

from datetime import datetime

import pytest

from dashboard.store import StoreError, open_store
from dashboard.store.sources import FetchedURL, SourceRun


def test_add_list_find_remove(db_path):
    with open_store(db_path) as store:
        feed = store.add_source("wire", "url", "http://sample.example/feed.xml", 1800)
        query = store.add_source("gdelt karabakh", "gdelt", "Karabakh refugees", 3600)
        assert [s.name for s in store.sources()] == ["gdelt karabakh", "wire"]
        assert store.find_source("http://sample.example/feed.xml") == feed
        assert store.find_source("gdelt karabakh").kind == "gdelt" == query.kind
        with pytest.raises(StoreError, match="already saved"):
            store.add_source("wire", "url", "http://sample.example/other.xml", 1800)
        with pytest.raises(StoreError, match="already saved as 'wire'"):
            store.add_source("again", "url", "http://sample.example/feed.xml", 1800)
        assert store.remove_source("wire") == feed
        assert store.remove_source("wire") is None
    with open_store(db_path, read_only=True) as store:
        assert [s.name for s in store.sources()] == ["gdelt karabakh"]
        saved = store.sources()[0]
        assert saved.every_seconds == 3600 and saved.total_new == 0 and saved.last_fetch_at is None


def test_record_source_run(db_path):
    with open_store(db_path) as store:
        source = store.add_source("wire", "url", "http://sample.example/feed.xml", 1800)
        at = datetime(2026, 1, 2, 3, 4, 5)
        store.record_source_run(
            SourceRun(source.id, at, "feed", '"v1"', "Mon, 18 Sep 2023", 3, 1, 0, None)
        )
        later = datetime(2026, 1, 2, 4, 0, 0)
        store.record_source_run(
            SourceRun(source.id, later, None, None, None, 0, 0, 1, "HTTP 500", "a note")
        )
        saved = store.find_source("wire")
    assert saved.detected == "feed" and saved.etag == '"v1"'  # kept through the failure
    assert saved.last_fetch_at == later and saved.last_ok_at == at
    assert (saved.last_new, saved.last_unchanged, saved.last_failed) == (0, 0, 1)
    assert saved.last_error == "HTTP 500" and saved.total_new == 3
    assert saved.last_note == "a note"


def test_fetched_urls_upsert(db_path):
    now = datetime(2026, 1, 2, 3, 4, 5)
    with open_store(db_path) as store:
        assert store.fetched_urls(["http://a.example/1"]) == {}
        store.record_fetched(
            [
                FetchedURL("http://a.example/1", None, "abc", '"e1"', None, now),
                FetchedURL("http://a.example/feed", "src", None, None, "Mon", now),
            ]
        )
        store.record_fetched([FetchedURL("http://a.example/1", None, None, '"e2"', None, now)])
        found = store.fetched_urls(["http://a.example/1", "http://a.example/feed", "http://x/"])
    assert set(found) == {"http://a.example/1", "http://a.example/feed"}
    assert found["http://a.example/1"].article_id == "abc"  # kept when the new row has none
    assert found["http://a.example/1"].etag == '"e2"'
    assert found["http://a.example/feed"].source_id == "src"


def test_read_only_store_cannot_add(db_path):
    with open_store(db_path):
        pass
    with open_store(db_path, read_only=True) as store, pytest.raises(StoreError):
        store.add_source("x", "url", "http://a.example/", 1800)


def test_copy_brings_sources_and_fetched_urls(db_path, tmp_path):
    from dashboard.store.copy import copy_store

    now = datetime(2026, 1, 2, 3, 4, 5)
    with open_store(db_path) as store:
        source = store.add_source("wire", "url", "http://a.example/feed.xml", 1800)
        store.record_source_run(SourceRun(source.id, now, "feed", '"v1"', None, 2, 0, 0, None))
        store.record_fetched([FetchedURL("http://a.example/1", source.id, "abc", None, None, now)])
    copy = str(tmp_path / "copy.duckdb")
    with open_store(db_path, read_only=True) as src, open_store(copy) as dst:
        report = copy_store(src, dst)
        assert "saved sources: 1 copied, 1 fetched URLs" in report.summary()
        again = copy_store(src, dst)
        assert again.sources == 0
        copied = dst.find_source("wire")
        assert copied.etag == '"v1"' and copied.total_new == 2 and copied.detected == "feed"
        assert dst.fetched_urls(["http://a.example/1"])["http://a.example/1"].article_id == "abc"
