"""Databases as an older version of the code left them, for the tests that upgrade one
and compare its answers: plain connections (no store, so no migration runs), a current
database cut back to version N, and the migrations as they were at version N."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import duckdb
import pytest

from dashboard.store import migrate as migrate_module

Execute = Callable[..., list]


def raw(location: str) -> tuple[Execute, Callable[[], None]]:
    """(execute(sql, params=()), close) on a plain connection to `location`."""
    if location.startswith("postgresql"):
        import psycopg

        from dashboard.store.postgres_store import pyformat

        conn = psycopg.connect(location, autocommit=True)

        def execute(sql, params=()):
            cur = conn.execute(pyformat(sql), tuple(params))
            return cur.fetchall() if cur.description else []

        return execute, conn.close
    con = duckdb.connect(location)
    return (lambda sql, params=(): con.execute(sql, list(params)).fetchall()), con.close


def back_to(location: str, version: int, drops: Sequence[str]) -> None:
    """Cut a current database back to `version`: run `drops` (what the later migrations
    created) and forget the later versions, so that opening a writable store runs them
    again."""
    execute, close = raw(location)
    try:
        for sql in drops:
            execute(sql)
        execute("DELETE FROM schema_version WHERE version > ?", (version,))
    finally:
        close()


@contextlib.contextmanager
def migrations_up_to(version: int, folder: Path) -> Iterator[None]:
    """The migrations of versions 1..`version` only (copied into `folder`), while the
    context lasts: a store opened meanwhile is created or upgraded to that version."""
    shutil.copytree(migrate_module.MIGRATIONS_DIR, folder)
    for path in folder.glob("*/*.sql"):
        if int(path.name[:4]) > version:
            path.unlink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(migrate_module, "MIGRATIONS_DIR", folder)
        migrate_module.migrations.cache_clear()
        try:
            yield
        finally:
            migrate_module.migrations.cache_clear()
