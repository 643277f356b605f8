"""DuckDB keeps `article_terms` in word order (store.term_order): the writer counts the
rows it appends, rewrites the table in word order once the unsorted tail is large enough,
and a database from before version 7 is sorted when it is migrated. Search answers do
not depend on the order."""

from __future__ import annotations

import duckdb
import pytest

from dashboard import query
from dashboard.models import Extraction
from dashboard.query import Filters
from dashboard.store import open_store, term_order

SEARCHES = ("stepanakert", "Lachin", "refugees", '"Nagorno-Karabakh"', "goris lachin")


def _layout(path: str) -> tuple[list[tuple], int]:
    """The table's rows in storage order and the counted unsorted tail."""
    con = duckdb.connect(path, read_only=True)
    try:
        rows = con.execute(
            "SELECT term_key, hits, published, article_id FROM article_terms ORDER BY rowid"
        ).fetchall()
        unsorted = con.execute("SELECT unsorted_rows FROM search_layout").fetchone()[0]
    finally:
        con.close()
    return rows, unsorted


def _in_word_order(rows: list[tuple]) -> bool:
    def key(r):  # ORDER: term_key, hits DESC, published DESC NULLS LAST, article_id
        return (r[0], -r[1], r[2] is None, -(r[2].toordinal() if r[2] else 0), r[3])

    return rows == sorted(rows, key=key)


def _answers(path: str) -> list:
    with open_store(path, read_only=True) as store:
        return [
            (
                query.articles(store, Filters(text=s), 1001)[["id", "score", "match"]].to_dict(
                    "records"
                ),
                query.count_articles(store, Filters(text=s)),
            )
            for s in SEARCHES
        ]


@pytest.fixture
def small_thresholds(monkeypatch):
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 50)
    monkeypatch.setattr(term_order, "UNSORTED_SHARE", 0.0)


def test_appended_rows_are_counted_below_the_thresholds(tmp_path, corpus: list[Extraction]):
    path = str(tmp_path / "t.duckdb")
    with open_store(path) as store:
        store.write(corpus[:3])
        store.write(corpus[3:])
    rows, unsorted = _layout(path)
    assert unsorted == len(rows) > 0  # a small table is never rewritten


def test_the_writer_rewrites_in_word_order_with_the_same_answers(
    tmp_path, corpus: list[Extraction], monkeypatch
):
    plain = str(tmp_path / "plain.duckdb")
    with open_store(plain) as store:
        store.write(corpus)
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 10)  # below each batch's rows
    monkeypatch.setattr(term_order, "UNSORTED_SHARE", 0.0)
    kept = str(tmp_path / "kept.duckdb")
    with open_store(kept) as store:
        store.write(corpus[:2])
        store.write(corpus[2:])
    rows, unsorted = _layout(kept)
    assert unsorted == 0 and _in_word_order(rows)
    assert not _in_word_order(_layout(plain)[0])  # appended in article order
    assert sorted(rows) == sorted(_layout(plain)[0])
    assert _answers(kept) == _answers(plain)


def test_a_share_of_the_table_must_be_unsorted(monkeypatch):
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 10)
    assert not term_order.needs_sorting(9, 10)
    assert not term_order.needs_sorting(50, 1000)  # under a tenth
    assert term_order.needs_sorting(100, 1000)


def test_a_database_from_before_version_7_is_sorted_when_migrated(
    tmp_path, corpus: list[Extraction], small_thresholds, monkeypatch
):
    path = str(tmp_path / "old.duckdb")
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 10**9)  # write without sorting
    with open_store(path) as store:
        store.write(corpus)
    before = _answers(path)
    con = duckdb.connect(path)
    con.execute("DROP TABLE search_layout")  # as version 5/6 had it
    con.execute("DELETE FROM schema_version WHERE version >= 7")
    con.close()
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 50)
    with open_store(path) as store:
        assert 7 in store.migrate().applied
    rows, unsorted = _layout(path)
    assert unsorted == 0 and _in_word_order(rows)
    assert _answers(path) == before


def _runs(rows: list[tuple]) -> int:
    """How many sorted runs the rows in storage order make."""
    return 1 + sum(not _in_word_order([a, b]) for a, b in zip(rows, rows[1:], strict=False))


def test_a_large_table_has_only_its_tail_sorted_with_the_same_answers(
    tmp_path, corpus: list[Extraction], monkeypatch
):
    """Past WHOLE_MAX rows the writer sorts the new tail alone (a bounded rewrite, in the
    same batch), so the table is a series of runs in word order, one per sorted tail,
    holding the same rows and giving the same answers."""
    plain = str(tmp_path / "plain.duckdb")
    with open_store(plain) as store:
        store.write(corpus)
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 10)  # below each batch's rows
    monkeypatch.setattr(term_order, "UNSORTED_SHARE", 0.0)
    monkeypatch.setattr(term_order, "WHOLE_MAX", 0)  # every table counts as large
    runs = str(tmp_path / "runs.duckdb")
    batches = [corpus[:1], corpus[1:2], corpus[2:]]
    assert all(batches)
    with open_store(runs) as store:
        for batch in batches:
            store.write(batch)
            store.write(batch)  # again: nothing new, nothing sorted
    rows, unsorted = _layout(runs)
    assert unsorted == 0
    assert _runs(rows) == len(batches)  # the first batch was the whole table
    assert sorted(rows) == sorted(_layout(plain)[0])
    assert _answers(runs) == _answers(plain)


def test_a_tail_is_sorted_at_tail_max_rows_whatever_the_share(monkeypatch):
    monkeypatch.setattr(term_order, "MIN_UNSORTED", 10)
    monkeypatch.setattr(term_order, "TAIL_MAX", 100)
    assert not term_order.needs_sorting(99, 10_000)  # under a tenth and under TAIL_MAX
    assert term_order.needs_sorting(100, 10_000)
