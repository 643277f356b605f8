"""How often a saved source is fetched ("30m", "2h", "1d") and which are due now."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

MIN_SECONDS = 60  # no source is fetched more often than once a minute
DEFAULT_EVERY = "30m"
_UNITS = {"s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
_EVERY = re.compile(r"^\s*(\d+)\s*(s|m|min|h|d|w)\s*$", re.IGNORECASE)


def parse_every(text: str) -> int:
    """Seconds in "30m", "2h", "1d", "1w" (or "90s"); ValueError with the reason."""
    match = _EVERY.match(text or "")
    if not match:
        raise ValueError(f"{text!r} is not an interval like 30m, 2h or 1d")
    seconds = int(match.group(1)) * _UNITS[match.group(2).lower()]
    if seconds < MIN_SECONDS:
        raise ValueError(f"{text!r} is more often than once a minute")
    return seconds


def format_every(seconds: int) -> str:
    """3600 -> "1h", 1800 -> "30m", 90 -> "90s"."""
    for unit, size in (("w", 604800), ("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def is_due(last_fetch: datetime | None, every_seconds: int, now: datetime) -> bool:
    return last_fetch is None or now >= last_fetch + timedelta(seconds=every_seconds)


def seconds_until_due(last_fetch: datetime | None, every_seconds: int, now: datetime) -> float:
    if last_fetch is None:
        return 0.0
    return max(0.0, (last_fetch + timedelta(seconds=every_seconds) - now).total_seconds())
