"""The narrow interface every storage backend implements (DuckDB, PostgreSQL).

Pages, the CLI and the pipeline only talk to `Store`, so either backend serves them
unchanged. SQL passed to `query` uses `?` placeholders and standard SQL; a backend with
another placeholder style translates them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

from dashboard.models import Extraction
from dashboard.store.sources import SourcesMixin, Statement

if TYPE_CHECKING:
    from dashboard.incidents.build import IncidentResult
    from dashboard.incidents.rules import Rules
    from dashboard.store.migrate import MigrationResult
    from dashboard.store.rows import ArticleRows

FACT_TABLES = ("places", "events", "statements")
TABLES = ("articles", *FACT_TABLES)
# computed from the events (issue 12): exported and counted, never copied
DERIVED_TABLES = ("incidents", "incident_reports")
INCIDENTS_VERSION = 4  # the migration that created them


class StoreError(RuntimeError):
    """The database cannot be used as asked (read-only, newer schema, unknown backend)."""


class StoreBusyError(StoreError):
    """Another process holds the database file (DuckDB allows a single writer)."""


class StoreUnavailableError(StoreError):
    """The database server cannot be reached (PostgreSQL down, wrong host or password)."""


@dataclass(frozen=True)
class WriteResult:
    """What one `Store.write` call changed; `facts` = places + events + statements."""

    new: int = 0
    unchanged: int = 0
    facts: int = 0
    places: int = 0
    events: int = 0
    statements: int = 0


class Store(SourcesMixin, ABC):
    """A database of articles and the facts extracted from them (and the saved sources
    they are fetched from: `SourcesMixin`)."""

    location: str
    read_only: bool

    @abstractmethod
    def write(self, extractions: Sequence[Extraction | ArticleRows]) -> WriteResult:
        """Store a batch in one transaction; articles already stored are left untouched,
        and the new event reports join incidents (or found new ones) in the same one.
        Items are extractions or their rows already built (`rows.extraction_rows`, as the
        parallel ingest's workers send them)."""

    @abstractmethod
    def article_ids(self) -> set[str]:
        """Ids of every stored article, so re-ingest can skip extraction for them."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run one parameterised read query; used only by the query layer."""

    @abstractmethod
    def execute(self, statements: Sequence[Statement]) -> None:
        """Run write statements (`?` placeholders) in one transaction; used by the
        source methods. Read-only stores raise StoreError."""

    @abstractmethod
    def exists(self) -> bool:
        """Whether there is a database behind this store yet (a reader may start first)."""

    @abstractmethod
    def close(self) -> None:
        """Release connections and file locks."""

    @abstractmethod
    def migrate(self) -> MigrationResult:
        """The schema migration a writable store ran when it opened (versions before and
        after, versions applied); read-only stores raise StoreError."""

    @abstractmethod
    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> int:
        """Insert plain rows (columns as in `schema.COLUMNS`) into one table in one
        transaction, skipping ids already stored; returns how many were inserted. Used to
        copy a database; `write` is the way to store new articles."""

    @abstractmethod
    def rebuild_incidents(self, rules: Rules | None = None) -> IncidentResult:
        """Recompute every incident from every event report in one transaction (after
        the rules changed, or a copy). `write` keeps them in step otherwise."""

    @abstractmethod
    def data_version(self) -> float:
        """A number that changes whenever data is written (for cache keys); 0 while there
        is no database or schema yet."""

    def read_ahead(self, table: str, columns: Sequence[str]) -> None:
        """A hint that queries reading `columns` of `table` (much of them, scattered) are
        coming. A store whose cache of the data lives only as long as a connection it
        lets go when idle (DuckDB) reads them in the background so that those queries
        find them cached; others ignore it."""

    def _group_upgraded_events(self) -> None:
        """After the migration that created the incident tables (v4) ran on a database
        that already held events, group them, so an upgraded database shows incidents
        without a manual `dashboard incidents --rebuild`."""
        result = self._migrated  # type: ignore[attr-defined]
        if result is None or INCIDENTS_VERSION not in result.applied or result.before == 0:
            return
        if self.query("SELECT COUNT(*) AS n FROM events").iloc[0, 0]:
            self.rebuild_incidents()

    def counts(self) -> dict[str, int]:
        """Rows per table, in `TABLES` order."""
        sql = " UNION ALL ".join(f"SELECT '{t}' AS tbl, COUNT(*) AS n FROM {t}" for t in TABLES)
        found = dict(self.query(sql).itertuples(index=False, name=None))
        return {t: int(found.get(t, 0)) for t in TABLES}

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
