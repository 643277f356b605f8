"""Politeness towards each host: one request at a time, and a pause between two.

Pages of many hosts are fetched in parallel, but a host never gets a second request
while one is running, nor sooner than `delay` seconds (or its robots.txt Crawl-delay)
after the last one ended.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager


class HostGate:
    def __init__(self, delay: float) -> None:
        self.delay = delay
        self._guard = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A longer pause for one host (its robots.txt Crawl-delay)."""
        with self._guard:
            self._delays[host] = max(delay, self.delay)

    @contextmanager
    def turn(self, host: str) -> Iterator[None]:
        """Hold `host` for one request, after waiting for its pause to end."""
        with self._guard:
            lock = self._locks.setdefault(host, threading.Lock())
        with lock:
            wait = self._next.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                pause = self._delays.get(host, self.delay)
                self._next[host] = time.monotonic() + pause
