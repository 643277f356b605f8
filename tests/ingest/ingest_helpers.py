"""Small helpers shared by the ingest tests (imported by name; no fixtures here)."""

from __future__ import annotations

from pathlib import Path

from dashboard.models import Article, IngestFailure


def write(path: Path, content: str | bytes, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding=encoding)
    return path


def only_article(results: list) -> Article:
    assert len(results) == 1, results
    assert isinstance(results[0], Article), results[0]
    return results[0]


def only_failure(results: list) -> IngestFailure:
    assert len(results) == 1, results
    assert isinstance(results[0], IngestFailure), results[0]
    return results[0]
