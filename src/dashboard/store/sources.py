"""Saved sources and the record of fetched URLs, on every backend (migration 0005).

Written in the standard SQL both backends share (`?` placeholders, INSERT … ON CONFLICT),
on top of two backend methods: `query` for reads and `execute` for writes in one
transaction. Kept apart from the fetching code so that the store never imports it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd

from dashboard.store.sqlparams import marks

SOURCE_KINDS = ("url", "gdelt")
# one write statement with its parameters
Statement = tuple[str, Sequence[Any]]
_IN_CHUNK = 500  # URLs per "IN (…)" lookup


@dataclass(frozen=True)
class SavedSource:
    id: str
    name: str
    kind: str  # "url" (page, feed or sitemap) or "gdelt" (url holds the query)
    url: str
    every_seconds: int
    added_at: datetime | None = None
    detected: str | None = None  # page | feed | sitemap | gdelt, from the last fetch
    etag: str | None = None
    last_modified: str | None = None
    last_fetch_at: datetime | None = None
    last_ok_at: datetime | None = None
    last_new: int | None = None
    last_unchanged: int | None = None
    last_failed: int | None = None
    last_error: str | None = None
    last_note: str | None = None
    total_new: int = 0


@dataclass(frozen=True)
class SourceRun:
    """What one fetch of a saved source found; written by `record_source_run`."""

    source_id: str
    at: datetime
    detected: str | None
    etag: str | None
    last_modified: str | None
    new: int
    unchanged: int
    failed: int
    error: str | None  # the source itself failed (not one of its articles)
    note: str | None = None  # notes, and the first articles that failed with the reason


@dataclass(frozen=True)
class FetchedURL:
    url: str  # canonical
    source_id: str | None
    article_id: str | None
    etag: str | None
    last_modified: str | None
    fetched_at: datetime


def source_id(kind: str, url: str) -> str:
    """Stable id of a source: the same address saved twice is one source."""
    return hashlib.sha256(f"{kind}\n{url}".encode()).hexdigest()[:16]


_SOURCE_COLUMNS = tuple(SavedSource.__dataclass_fields__)


def _value(value: Any) -> Any:
    """A DataFrame cell as a plain Python value (NaN/NaT -> None, Timestamp -> datetime)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


class SourcesMixin:
    """Source methods of a `Store`; the backend provides `query` and `execute`."""

    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:  # pragma: no cover
        raise NotImplementedError

    def execute(self, statements: Sequence[Statement]) -> None:  # pragma: no cover
        raise NotImplementedError

    def sources(self) -> list[SavedSource]:
        """Every saved source, by name."""
        df = self.query(f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM sources ORDER BY name")
        return [
            SavedSource(**{c: _value(row[c]) for c in _SOURCE_COLUMNS})
            for row in df.to_dict("records")
        ]

    def find_source(self, key: str) -> SavedSource | None:
        """The source named `key`, or saved with the address (or query) `key`."""
        key = key.strip()
        for source in self.sources():
            if key in (source.name, source.url, source.id):
                return source
        return None

    def add_source(
        self, name: str, kind: str, url: str, every_seconds: int, now: datetime | None = None
    ) -> SavedSource:
        """Save a source; StoreError if the name or the address is already saved."""
        from dashboard.store.base import StoreError  # base imports this module

        if kind not in SOURCE_KINDS:
            raise StoreError(f"unknown source kind {kind!r}")
        name, url = name.strip(), url.strip()
        for other in self.sources():
            if other.name == name:
                raise StoreError(f"a source named {name!r} is already saved ({other.url})")
            if other.kind == kind and other.url == url:
                raise StoreError(f"{url} is already saved as {other.name!r}")
        source = SavedSource(
            id=source_id(kind, url),
            name=name,
            kind=kind,
            url=url,
            every_seconds=every_seconds,
            added_at=now or datetime.now(),
        )
        self.execute(
            [
                (
                    "INSERT INTO sources (id, name, kind, url, every_seconds, added_at, "
                    "total_new) VALUES (?, ?, ?, ?, ?, ?, 0)",
                    (source.id, name, kind, url, every_seconds, source.added_at),
                )
            ]
        )
        return source

    def remove_source(self, key: str) -> SavedSource | None:
        """Forget the source named (or saved with the address) `key`; None if there is
        none. Its articles stay; the URLs it fetched stay recorded."""
        source = self.find_source(key)
        if source is not None:
            self.execute([("DELETE FROM sources WHERE id = ?", (source.id,))])
        return source

    def insert_sources(self, sources: Sequence[SavedSource]) -> int:
        """Store saved sources as they are, with their state (copying a database);
        those whose id or name is already saved are skipped. How many were inserted."""
        held = self.sources()
        ids, names = {s.id for s in held}, {s.name for s in held}
        fresh = [s for s in sources if s.id not in ids and s.name not in names]
        holes = marks(_SOURCE_COLUMNS)
        sql = f"INSERT INTO sources ({', '.join(_SOURCE_COLUMNS)}) VALUES ({holes})"
        if fresh:
            self.execute([(sql, tuple(getattr(s, c) for c in _SOURCE_COLUMNS)) for s in fresh])
        return len(fresh)

    def fetched_after(self, url: str, limit: int) -> list[FetchedURL]:
        """Up to `limit` fetched URLs after `url` in URL order (for copying them)."""
        df = self.query(
            "SELECT url, source_id, article_id, etag, last_modified, fetched_at "
            "FROM fetched_urls WHERE url > ? ORDER BY url LIMIT ?",
            [url, limit],
        )
        return [
            FetchedURL(**{k: _value(v) for k, v in row.items()}) for row in df.to_dict("records")
        ]

    def record_source_run(self, run: SourceRun) -> None:
        """The outcome of one fetch of a saved source."""
        ok = run.error is None
        self.execute(
            [
                (
                    "UPDATE sources SET detected = COALESCE(?, detected), "
                    "etag = CASE WHEN ? THEN ? ELSE etag END, "
                    "last_modified = CASE WHEN ? THEN ? ELSE last_modified END, "
                    "last_fetch_at = ?, "
                    "last_ok_at = CASE WHEN ? THEN ? ELSE last_ok_at END, "
                    "last_new = ?, last_unchanged = ?, last_failed = ?, last_error = ?, "
                    "last_note = ?, total_new = total_new + ? WHERE id = ?",
                    (
                        run.detected,
                        ok,
                        run.etag,
                        ok,
                        run.last_modified,
                        run.at,
                        ok,
                        run.at,
                        run.new,
                        run.unchanged,
                        run.failed,
                        run.error,
                        run.note,
                        run.new,
                        run.source_id,
                    ),
                )
            ]
        )

    def fetched_urls(self, urls: Iterable[str]) -> dict[str, FetchedURL]:
        """What is recorded about each of `urls` (canonical) that was fetched before."""
        wanted = list(dict.fromkeys(urls))
        found: dict[str, FetchedURL] = {}
        for start in range(0, len(wanted), _IN_CHUNK):
            part = wanted[start : start + _IN_CHUNK]
            holes = marks(part)
            df = self.query(
                "SELECT url, source_id, article_id, etag, last_modified, fetched_at "
                f"FROM fetched_urls WHERE url IN ({holes})",
                part,
            )
            for row in df.to_dict("records"):
                record = FetchedURL(**{k: _value(v) for k, v in row.items()})
                found[record.url] = record
        return found

    def record_fetched(self, records: Sequence[FetchedURL]) -> None:
        """Remember fetched URLs (a URL fetched again gets its new validators)."""
        if not records:
            return
        sql = (
            "INSERT INTO fetched_urls (url, source_id, article_id, etag, last_modified, "
            "fetched_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "article_id = COALESCE(excluded.article_id, fetched_urls.article_id), "
            "etag = excluded.etag, last_modified = excluded.last_modified, "
            "fetched_at = excluded.fetched_at"
        )
        latest = {r.url: r for r in records}  # one row per URL per statement
        self.execute(
            [
                (sql, (r.url, r.source_id, r.article_id, r.etag, r.last_modified, r.fetched_at))
                for r in latest.values()
            ]
        )
