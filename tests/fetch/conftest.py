"""Fixtures of the fetch tests: the loopback test site (tests/fetch/fetch_site.py), and
DASHBOARD_ALLOW_PRIVATE_HOSTS limited to 127.0.0.0/8, so that nothing a test fetches can
reach any other address even if it tried (a redirect to 10.0.0.1 is refused)."""

from __future__ import annotations

import pytest
from fetch_site import Site

from dashboard.fetch.limits import Limits

LOOPBACK_ONLY = "127.0.0.0/8"


@pytest.fixture(scope="module")
def site():
    served = Site().start().standard()
    yield served
    served.stop()


@pytest.fixture(autouse=True)
def _loopback_allowed(monkeypatch):
    monkeypatch.setenv("DASHBOARD_ALLOW_PRIVATE_HOSTS", LOOPBACK_ONLY)


@pytest.fixture
def limits() -> Limits:
    """No politeness delay (the test site answers at once), 1 MiB responses, timeouts
    short enough for the hostile cases yet long enough for a loaded machine."""
    return Limits(
        connect_timeout=5.0, read_timeout=5.0, total_timeout=10.0, delay=0.0, max_bytes=1024 * 1024
    )
