"""Ingest the sample corpus a few files at a time, as a running dashboard receives it, so
that tests of what the incident tables keep can check them after every batch."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dashboard.pipeline import ingest_paths
from dashboard.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def ingest_in_batches(store: Store, size: int, after_each: Callable[[Store], None]) -> None:
    """Every sample file into `store`, `size` at a time (each batch attaching its reports
    to incidents), calling `after_each` after every batch."""
    files = sorted(p for p in SAMPLE.iterdir() if p.name != "README.md")
    for start in range(0, len(files), size):
        report = ingest_paths(files[start : start + size], store)
        assert not report.failed, report.failed
        after_each(store)
