"""Versioned schema migrations, one runner for every backend.

Each backend has a folder `migrations/<backend>/` of plain SQL files named
`NNNN_description.sql`; both folders hold the same versions with the same meaning (types
and indexes may differ). The table `schema_version` records every applied version with
its time. `migrate` applies the pending files in order inside the caller's transaction, so
a failing migration leaves the database at the version it had; a database whose version
is newer than the newest file is refused rather than misread.

Databases created before migrations existed already hold `schema_version` = 1 and the
tables of 0001_init.sql, so they are simply at version 1.

Some versions also need Python: `POST_STEPS` runs after a version's SQL, in the same
transaction (version 3 folds the articles already stored into the search tables, with
the same code that folds new ones; version 6 summarises the facts already stored, version 9
the incidents' sources and group counts, version 11 counts each article's
facts and adds the word pairs of the articles already stored to the search, version 13
counts the incidents already stored per outlet and per actor, versions 15 and 16 the
figures per type group and day, version 18 folds the incidents' evidence into their search).

A migration file is split into statements at a ";" that ends a line: write no ";" inside
a statement (no procedural code, no string literals with ";" at a line end).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from dashboard.store import article_counts, figure_groups, summaries
from dashboard.store.base import StoreError
from dashboard.store.schema import COLUMNS, column_list
from dashboard.store.terms import pair_rows_of_words, rows_for_articles

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BACKENDS = ("duckdb", "postgresql")

# Created outside the numbered files: it is where their versions are recorded.
BOOTSTRAP = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)"
)

_FILE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

# Runs one statement with `?` placeholders and returns its rows (empty for DDL).
Execute = Callable[[str, Sequence[Any]], list[tuple]]


BACKFILL_BATCH = 500  # articles read at once
_MAX_PARAMS = 20_000  # per INSERT statement


def _insert_values(execute: Execute, table: str, rows: list[tuple]) -> None:
    width = len(COLUMNS[table])
    per_row = "(" + ", ".join(["?"] * width) + ")"
    step = _MAX_PARAMS // width
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        execute(
            f"INSERT INTO {table} ({column_list(table)}) VALUES "
            + ", ".join([per_row] * len(part)),
            [v for row in part for v in row],
        )


def backfill_search(execute: Execute) -> None:
    """Fold every stored article into `article_terms` and `article_words` (version 3)."""
    last = ""
    while True:
        found = execute(
            "SELECT id, title, body, published FROM articles WHERE id > ? ORDER BY id LIMIT ?",
            (last, BACKFILL_BATCH),
        )
        if not found:
            return
        keys = ("id", "title", "body", "published")
        # the words only: the word pairs came with version 11, which adds them
        built = rows_for_articles((dict(zip(keys, row, strict=True)) for row in found), False)
        for table, rows in built.items():
            _insert_values(execute, table, rows)
        last = found[-1][0]


PAIR_BATCH = 2_000  # articles whose word pairs are added at once


def backfill_pairs(execute: Execute) -> None:
    """Add the word-pair rows of every stored article to `article_terms` (version 11),
    from its folded words in `article_words` (no text folded again). DuckDB keeps the
    table in word order: the rows count as its unsorted tail, which the store opening
    the database rewrites in order (`term_order`) in the same transaction."""
    last, added = "", 0
    if _has_pairs(execute):
        return
    while True:
        found = execute(
            "SELECT w.article_id, w.words, a.published FROM article_words w "
            "JOIN articles a ON a.id = w.article_id WHERE w.article_id > ? "
            "ORDER BY w.article_id LIMIT ?",
            (last, PAIR_BATCH),
        )
        if not found:
            break
        rows = [r for aid, text, day in found for r in pair_rows_of_words(aid, text, day)]
        if rows:
            execute(
                "INSERT INTO article_terms (term_key, article_id, published, hits) SELECT "
                "UNNEST(CAST(? AS BIGINT[])), UNNEST(CAST(? AS VARCHAR[])), "
                "UNNEST(CAST(? AS DATE[])), UNNEST(CAST(? AS INTEGER[]))",
                [list(column) for column in zip(*rows, strict=True)],
            )
        added += len(rows)
        last = found[-1][0]
    layout = execute(
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'search_layout'", ()
    )
    if added and layout[0][0]:
        execute("UPDATE search_layout SET unsorted_rows = unsorted_rows + ?", (added,))


def _has_pairs(execute: Execute) -> bool:
    """Whether the search already holds word pairs (a database written by this version
    and taken back, as tests do): code before version 11 wrote none, later code writes
    them with every article, so one article with pairs tells."""
    found = execute(
        "SELECT w.article_id, w.words, a.published FROM article_words w "
        # four words or more: at least two of them on one side of the title's end, a pair
        "JOIN articles a ON a.id = w.article_id WHERE w.words LIKE '% _% _% _% _% %' LIMIT 1",
        (),
    )
    for aid, text, day in found:
        for key, *_ in pair_rows_of_words(aid, text, day)[:1]:
            held = execute(
                "SELECT COUNT(*) FROM article_terms WHERE article_id = ? AND term_key = ?",
                (aid, key),
            )
            return bool(held[0][0])
    return False


class _Tx:
    """`execute` as the incident tables' writer (`incidents.derived.Tx`) sees a transaction."""

    def __init__(self, execute: Execute) -> None:
        self._execute = execute

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        return self._execute(sql, params)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._execute(sql, params)


def _version_9(execute: Execute) -> None:
    """The incidents' sources and group counts from the incidents already stored, then
    fresh statistics for the planner (PostgreSQL plans by them; the tables were empty
    when the migration's SQL ran)."""
    from dashboard.incidents import derived

    derived.backfill(_Tx(execute), spans=False)
    for table in (*INCIDENT_TABLES_OF_9, "incidents"):
        execute(f"ANALYZE {table}", ())


def _version_13(execute: Execute) -> None:
    """The incidents counted per outlet and per actor (`incidents.source_groups`, the
    writer's code) from the incidents already stored, then their statistics."""
    from dashboard.incidents import source_groups

    source_groups.rebuild(_Tx(execute))
    for table in source_groups.TABLES:
        execute(f"ANALYZE {table}", ())


def _version_6(execute: Execute) -> None:
    """The cubes from the facts already stored (not yet the figure groups: 0015)."""
    summaries.rebuild(execute, groups=False)


def _version_15(execute: Execute) -> None:
    """The figures per type group and day from the figure cube, then their statistics."""
    figure_groups.rebuild(execute)
    execute(f"ANALYZE {figure_groups.TABLE}", ())


def _version_16(execute: Execute) -> None:
    """The figures per type group and day again, into the table the migration emptied
    to key it (one row per group and day), then their statistics."""
    figure_groups.rebuild(execute)
    execute(f"ANALYZE {figure_groups.TABLE}", ())


def _version_18(execute: Execute) -> None:
    """The words of the incidents already stored (`incidents.terms`, the writer's code),
    then their statistics."""
    from dashboard.incidents import terms

    terms.rebuild(_Tx(execute))
    for table in terms.TABLES:
        execute(f"ANALYZE {table}", ())


def _version_11(execute: Execute) -> None:
    article_counts.recount(execute)
    backfill_pairs(execute)


# the tables migration 0009 creates and `_version_9` fills
INCIDENT_TABLES_OF_9 = ("incident_sources", "sum_incident_groups", "sum_incident_language_groups")

# Python run after a version's SQL, in the same transaction
POST_STEPS: dict[int, Callable[[Execute], None]] = {
    3: backfill_search,
    summaries.SUMMARY_VERSION: _version_6,
    9: _version_9,
    article_counts.VERSION: _version_11,
    13: _version_13,
    figure_groups.VERSION: _version_15,
    figure_groups.KEYED_VERSION: _version_16,
    18: _version_18,  # incidents.terms.VERSION (not imported here: it imports store)
}


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path

    def statements(self) -> list[str]:
        return split_statements(self.path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class MigrationResult:
    """Version before and after, and the versions this run applied (oldest first)."""

    before: int
    after: int
    applied: tuple[int, ...] = ()


def split_statements(sql: str) -> list[str]:
    """Statements of a migration file: `--` comment lines dropped, split at line-end ";"."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    parts = re.split(r";[ \t]*(?:\n|$)", "\n".join(lines))
    return [p.strip() for p in parts if p.strip()]


@cache
def migrations(backend: str) -> tuple[Migration, ...]:
    """The migrations of `backend`, by version; versions must run 1, 2, 3… without gaps."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}")
    found = []
    for path in sorted((MIGRATIONS_DIR / backend).glob("*.sql")):
        match = _FILE.match(path.name)
        if not match:
            raise StoreError(f"migration file name not NNNN_name.sql: {path}")
        found.append(Migration(int(match.group(1)), match.group(2), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StoreError(f"{backend} migrations must be numbered 1..n, found {versions}")
    return tuple(found)


def latest_version(backend: str) -> int:
    return migrations(backend)[-1].version


def current_version(execute: Execute) -> int:
    """The highest recorded version (0 for a database without `schema_version` rows)."""
    rows = execute("SELECT MAX(version) FROM schema_version", ())
    return int(rows[0][0]) if rows and rows[0][0] is not None else 0


def migrate(execute: Execute, backend: str, location: str) -> MigrationResult:
    """Bring the database behind `execute` to the newest version of `backend`.

    Runs inside the caller's transaction (the caller commits, or rolls back on error).
    """
    execute(BOOTSTRAP, ())
    before = current_version(execute)
    newest = latest_version(backend)
    if before > newest:
        raise StoreError(
            f"{location} has schema v{before}, newer than this code (v{newest}); "
            "upgrade the dashboard before using this database"
        )
    applied = []
    for migration in migrations(backend):
        if migration.version <= before:
            continue
        for statement in migration.statements():
            try:
                execute(statement, ())
            except Exception as exc:
                raise StoreError(
                    f"{location}: migration {migration.path.name} failed, database left at "
                    f"v{before}: {exc}"
                ) from exc
        if migration.version in POST_STEPS:
            POST_STEPS[migration.version](execute)
        execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
            (migration.version, datetime.now()),
        )
        applied.append(migration.version)
    return MigrationResult(before, newest, tuple(applied))
