"""`dashboard ingest --workers 2` stores exactly what one worker stores."""

from __future__ import annotations

import shutil

import pytest

from dashboard.cli import main
from dashboard.paths import data_dir
from dashboard.store import open_store

SAMPLE = data_dir() / "sample"


def _ingest(db: str, inputs: list[str], workers: int) -> int:
    return main(["ingest", *inputs, "--db", db, "--workers", str(workers)])


def _snapshot(db: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    with open_store(db, read_only=True) as store:
        ids = {
            t: sorted(store.query(f"SELECT id FROM {t}")["id"])
            for t in ("articles", "places", "events", "statements")
        }
        return store.counts(), ids


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="no sample corpus")
def test_two_workers_store_the_same_rows_as_one(tmp_path, capsys):
    # the sample twice (a duplicate of every article) plus a broken file
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE, corpus / "a")
    shutil.copytree(SAMPLE, corpus / "b")
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    one, two = str(tmp_path / "one.duckdb"), str(tmp_path / "two.duckdb")

    code_one = _ingest(one, [str(corpus)], 1)
    out_one = capsys.readouterr().out
    code_two = _ingest(two, [str(corpus)], 2)
    out_two = capsys.readouterr().out

    assert code_one == code_two == 1  # the broken file is reported either way
    assert out_one == out_two  # same summary: new, unchanged, failed, facts
    counts_one, ids_one = _snapshot(one)
    counts_two, ids_two = _snapshot(two)
    assert counts_one == counts_two and counts_one["articles"] > 0
    assert ids_one == ids_two

    # a re-ingest with two workers finds everything already stored
    assert _ingest(two, [str(corpus)], 2) == 1
    assert "0 new" in capsys.readouterr().out
    assert _snapshot(two)[0] == counts_two
