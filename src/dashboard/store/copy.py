"""Copy every row of one database into another (`dashboard copy`), e.g. a local DuckDB
file into the team's PostgreSQL database.

Rows are copied as stored (ids, ingest times, JSON text), table by table in key order
(articles before the facts that refer to them), in batches that each are one transaction.
Rows whose id the target already holds are skipped, so an interrupted copy is finished by
running it again, and copying into a database that already has data merges the two.
Saved sources (with their last fetch) and the record of fetched URLs come along, so the
target's `fetch --sources` goes on where the source's stopped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard.store.base import TABLES, Store
from dashboard.store.rows import Row
from dashboard.store.schema import COLUMNS, own_columns, quoted

BATCH = 2_000
SOURCES_VERSION = 5  # the migration that added saved sources
_DATES = {"published", "date_start"}
_TIMESTAMPS = {"ingested_at"}
_FLOATS = {"lat", "lon"}
_INTS = {"count"}


@dataclass
class CopyReport:
    """Per table: rows read from the source, rows the target did not have yet."""

    read: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    inserted: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TABLES, 0))
    sources: int = 0  # saved sources the target did not have
    fetched_urls: int = 0  # fetched URLs copied (or brought up to date)
    incidents: int = 0  # incidents the target holds after its rebuild (0: none needed)

    def summary(self) -> str:
        parts = [
            f"{t}: {self.inserted[t]} copied"
            + (
                f", {self.read[t] - self.inserted[t]} already there"
                if self.read[t] > self.inserted[t]
                else ""
            )
            for t in TABLES
        ]
        if self.sources or self.fetched_urls:
            parts.append(f"saved sources: {self.sources} copied, {self.fetched_urls} fetched URLs")
        if self.incidents:
            parts.append(f"incidents: {self.incidents} rebuilt")
        return "; ".join(parts)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return value is pd.NaT or (not isinstance(value, str | bytes) and bool(pd.isna(value)))


def _plain(column: str, value: Any) -> Any:
    """A DataFrame cell as the Python value the stores insert."""
    if _missing(value):
        return None
    if column in _DATES:
        return pd.Timestamp(value).date() if not isinstance(value, date) else value
    if column in _TIMESTAMPS:
        return pd.Timestamp(value).to_pydatetime() if not isinstance(value, datetime) else value
    if column in _FLOATS:
        return float(value)
    if column in _INTS:
        return int(value)
    return str(value)


def frame_rows(table: str, df: pd.DataFrame) -> list[Row]:
    """`df`'s rows as the stores insert them (the columns of `table` that `df` has)."""
    columns = [c for c in COLUMNS[table] if c in df.columns]
    return [
        {c: _plain(c, v) for c, v in zip(columns, values, strict=True)}
        for values in df[list(columns)].itertuples(index=False, name=None)
    ]


def copy_store(
    source: Store,
    target: Store,
    batch: int = BATCH,
    progress: Callable[[str, int], None] | None = None,
) -> CopyReport:
    """Copy every table of `source` into `target` (see the module docstring);
    `progress(table, rows)` is called after each batch."""
    report = CopyReport()
    for table in TABLES:
        last = ""
        while True:
            df = source.query(
                # a fact's article columns come from the target's article (insert_rows)
                f"SELECT {quoted(own_columns(table))} FROM {table} WHERE id > ? "
                "ORDER BY id LIMIT ?",
                [last, batch],
            )
            if df.empty:
                break
            rows = frame_rows(table, df)
            report.read[table] += len(rows)
            report.inserted[table] += target.insert_rows(table, rows)
            last = rows[-1]["id"]
            if progress is not None:
                progress(table, len(rows))
            if len(rows) < batch:
                break
    _copy_sources(source, target, batch, report)
    if report.inserted["events"]:
        report.incidents = target.rebuild_incidents().incidents
    return report


def _copy_sources(source: Store, target: Store, batch: int, report: CopyReport) -> None:
    """Saved sources and fetched URLs (migration 0005; a source database older than
    that, opened read-only and so not upgraded, has none)."""
    version = source.query("SELECT MAX(version) AS v FROM schema_version")["v"]
    if version.empty or version.isna().iloc[0] or int(version.iloc[0]) < SOURCES_VERSION:
        return
    report.sources = target.insert_sources(source.sources())
    last = ""
    while True:
        records = source.fetched_after(last, batch)
        if not records:
            break
        target.record_fetched(records)
        report.fetched_urls += len(records)
        last = records[-1].url
        if len(records) < batch:
            break
