"""robots.txt, read once per site and run, with `urllib.robotparser`.

What an answer means follows the usual convention (as `RobotFileParser.read` does):
a missing robots.txt (404 and other 4xx) allows everything, 401/403 forbid everything,
and a server error or an unreachable robots.txt forbids for now (we try again next run)
rather than guessing. A refused address is refused here already.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from dashboard.fetch.http import FetchError, get
from dashboard.fetch.limits import ROBOTS_AGENT, Limits
from dashboard.fetch.polite import HostGate

ROBOTS_MAX_BYTES = 512 * 1024


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


class Robots:
    """Answers `allowed(url)` from each site's robots.txt, fetched once per run."""

    def __init__(self, limits: Limits, gate: HostGate) -> None:
        self.limits = limits
        self.gate = gate
        self._guard = threading.Lock()
        self._sites: dict[str, RobotFileParser | str] = {}
        self._locks: dict[str, threading.Lock] = {}

    def check(self, url: str) -> str | None:
        """None if `url` may be fetched, else the reason (one line)."""
        site = origin(url)
        with self._guard:
            lock = self._locks.setdefault(site, threading.Lock())
        with lock:  # one read of robots.txt per site, whoever asks first
            if site not in self._sites:
                self._sites[site] = self._read(site)
        rules = self._sites[site]
        if isinstance(rules, str):
            return rules
        if not rules.can_fetch(ROBOTS_AGENT, url):
            return "disallowed by the site's robots.txt"
        return None

    def _read(self, site: str) -> RobotFileParser | str:
        parser = RobotFileParser(f"{site}/robots.txt")
        host = urlsplit(site).netloc
        try:
            with self.gate.turn(host):
                resp = get(
                    f"{site}/robots.txt",
                    self.limits,
                    accept=None,
                    max_bytes=ROBOTS_MAX_BYTES,
                )
        except FetchError as exc:
            if exc.status in (401, 403):
                parser.disallow_all = True
                return parser
            if exc.status is not None and 400 <= exc.status < 500:
                parser.allow_all = True
                return parser
            return f"robots.txt could not be read ({exc}); not fetched for now"
        text = resp.body.decode(resp.charset or "utf-8", errors="replace")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            self.gate.set_delay(host, min(float(delay), self.limits.max_crawl_delay))
        return parser
