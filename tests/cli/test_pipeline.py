"""ingest -> extract -> store orchestration, with small stand-in readers and extractors
passed as arguments (the store is a real DuckDB file)."""

from __future__ import annotations

from collections.abc import Iterator

from dashboard.models import Article, Event, Extraction, IngestFailure
from dashboard.pipeline import ingest_paths
from dashboard.store import open_store


def _article(n: int) -> Article:
    return Article(id=f"a{n}", source=f"file{n}.txt", body=f"Sentence {n}.", outlet="X")


def _reader(items):
    def read(paths, max_bytes=None) -> Iterator[Article | IngestFailure]:
        yield from items

    return read


class CountingExtractor:
    def __init__(self, fail_on: set[str] = frozenset(), bad_store: set[str] = frozenset()):
        self.calls: list[str] = []
        self.fail_on, self.bad_store = fail_on, bad_store

    def __call__(self, article: Article) -> Extraction:
        self.calls.append(article.id)
        if article.id in self.fail_on:
            raise ValueError("cannot parse")
        count = "many" if article.id in self.bad_store else 3
        return Extraction(article, events=[Event("casualties", article.body, count=count)])  # type: ignore[arg-type]


def test_counts_and_fast_reingest(db_path):
    items = [_article(1), _article(2), IngestFailure("broken.html", "not HTML"), _article(1)]
    extractor = CountingExtractor()
    seen = []
    with open_store(db_path) as store:
        report = ingest_paths(
            ["x"],
            store,
            progress=seen.append,
            batch_size=1,
            reader=_reader(items),
            extractor=extractor,
        )
        assert (report.new, report.unchanged, report.facts, report.events) == (2, 1, 2, 2)
        assert [str(f) for f in report.failed] == ["broken.html: not HTML"]
        assert seen == items
        again = ingest_paths(["x"], store, reader=_reader(items), extractor=extractor)
    assert (again.new, again.unchanged) == (0, 3)
    assert extractor.calls == ["a1", "a2"]  # nothing extracted twice
    assert again.summary() == (
        "articles: 0 new, 3 unchanged, 1 failed; facts stored: 0 (places 0, events 0, statements 0)"
    )


def test_extraction_error_names_the_source_and_others_are_stored(db_path):
    items = [_article(1), _article(2), _article(3)]
    with open_store(db_path) as store:
        report = ingest_paths(
            ["x"], store, reader=_reader(items), extractor=CountingExtractor(fail_on={"a2"})
        )
        assert store.article_ids() == {"a1", "a3"}
    assert report.new == 2
    assert len(report.failed) == 1
    assert report.failed[0].source == "file2.txt"
    assert "extraction failed: ValueError: cannot parse" in report.failed[0].reason


def test_store_error_on_one_article_does_not_lose_its_batch(db_path):
    items = [_article(n) for n in range(1, 6)]
    with open_store(db_path) as store:
        report = ingest_paths(
            ["x"],
            store,
            batch_size=10,
            reader=_reader(items),
            extractor=CountingExtractor(bad_store={"a3"}),
        )
        assert store.article_ids() == {"a1", "a2", "a4", "a5"}
    assert report.new == 4
    assert [f.source for f in report.failed] == ["file3.txt"]
    assert report.failed[0].reason.startswith("store failed")


def test_reader_crash_keeps_what_was_read(db_path):
    def crashing(paths, max_bytes=None):
        yield _article(1)
        raise OSError("disk gone")

    with open_store(db_path) as store:
        report = ingest_paths(["in/"], store, reader=crashing, extractor=CountingExtractor())
        assert store.article_ids() == {"a1"}
    assert report.new == 1
    assert report.failed[0].source == "in/"
    assert "OSError: disk gone" in report.failed[0].reason
