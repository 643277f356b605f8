"""Open a page of the app in AppTest the way every page test does, so that each test file
says only which page and which URL it opens."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def open_page(
    monkeypatch: pytest.MonkeyPatch,
    script: Path,
    db: str,
    params: Mapping[str, str | list[str]] | None = None,
    run: bool = True,
    timeout: float = 60,
) -> AppTest:
    """`script` on the database `db` with `params` in the URL, run once (unless `run` is
    false) and checked for exceptions. The tile server setting is cleared so the page draws
    the offline base map the tests expect."""
    monkeypatch.setenv("DASHBOARD_DB", db)
    monkeypatch.delenv("DASHBOARD_TILES", raising=False)
    at = AppTest.from_file(str(script), default_timeout=timeout)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if run:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at
