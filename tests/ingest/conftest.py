"""Fixtures for the ingest tests: every input is a small file written in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.ingest import iter_inputs
from dashboard.models import Article, IngestFailure


@pytest.fixture
def ingest():
    """ingest(*paths, max_bytes=...) → list of Article | IngestFailure."""

    def run(*paths: str | Path, **kwargs) -> list[Article | IngestFailure]:
        return list(iter_inputs(list(paths), **kwargs))

    return run
