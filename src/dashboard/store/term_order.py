"""DuckDB keeps `article_terms` in word order, so that a search reads only its words' rows.

DuckDB has no index it would use for a word's thousands of rows, and scans a column by
row groups (122,880 rows), skipping a group whose smallest and largest value (its zone
map) cannot hold the value looked for. Rows appended by ingest arrive in article order,
each group holding every word, so a search read all 14 million keys at 1M events (about
40 ms for a count, 100-300 ms for the best 1,001). Stored sorted by word, a word's rows
sit in one or two groups and the rest are skipped: the count is a millisecond and the best
1,001 a few (`query.search`). Within a word the rows are in rank order (hits, then newest),
so the best matches are the first rows read.

Appended rows form an unsorted tail that every search still scans. Once the tail is at
least MIN_UNSORTED rows (two row groups: scanning fewer costs a millisecond or two) and
either UNSORTED_SHARE of the table or TAIL_MAX rows, it is put in word order:

* a table of at most WHOLE_MAX rows is rewritten whole, one sorted run (at most a few
  seconds);
* a larger one has only its tail sorted, in place (its rows deleted and written again in
  order, the freed row groups dropped at the checkpoint): the table becomes a series of
  sorted runs, and a search reads a row group or two per run instead of one or two in
  all. Rewriting the whole table took 44 s at 1M events (33 million rows with the word
  pairs, under load 3-5): longer than the readers' BUSY_TIMEOUT_SECONDS (30 s), since the
  rewrite is part of the write batch that crossed the thresholds, so a reader arriving
  then got "busy" once per tenth of growth. A tail is at most TAIL_MAX rows (and one
  batch), so each rewrite is bounded whatever the size; the runs that accumulate are one
  per TAIL_MAX rows at most (a few dozen row groups read where a table holds thousands).

`search_layout` holds the tail's size, counted by the writer in the same transaction as
the rows, so the check costs nothing. The migration that introduced this (0007) counts an
existing table as unsorted, and the store that runs it rewrites it whole (a one-off);
bulk loaders that write the table directly (bench/synth.py) insert in ORDER and leave
the count at 0. PostgreSQL needs none of this: its B-tree `article_terms_rank` is the
sorted copy.
"""

from __future__ import annotations

from typing import Any, Protocol

# the order of the rows: by word, then as a search ranks them (query.search)
ORDER = "term_key, hits DESC, published DESC NULLS LAST, article_id"
MIN_UNSORTED = 2 * 122_880
UNSORTED_SHARE = 0.10
# a table up to this size is rewritten whole (1.3 us a row under load: about 10 s) ...
WHOLE_MAX = 8_000_000
# ... a larger one has its tail sorted once it reaches this many rows (or the share)
TAIL_MAX = 4_000_000
_COLUMNS = "term_key, article_id, published, hits"
_DEFINITION = (
    "(term_key BIGINT NOT NULL, article_id VARCHAR NOT NULL, published DATE, hits INTEGER NOT NULL)"
)


class Connection(Protocol):
    def execute(self, sql: str, parameters: Any = ...) -> Any: ...


def appended(con: Connection, rows: int) -> None:
    """Count `rows` appended to `article_terms` in the writer's open transaction."""
    if rows:
        con.execute("UPDATE search_layout SET unsorted_rows = unsorted_rows + ?", [rows])


def needs_sorting(unsorted: int, total: int) -> bool:
    return unsorted >= MIN_UNSORTED and (unsorted >= UNSORTED_SHARE * total or unsorted >= TAIL_MAX)


def keep_sorted(con: Connection) -> bool:
    """Put the unsorted tail of `article_terms` in word order if it has grown past the
    thresholds (in the caller's transaction): the whole table up to WHOLE_MAX rows, else
    the tail alone; whether it did."""
    unsorted = con.execute("SELECT unsorted_rows FROM search_layout").fetchone()[0]
    total = con.execute("SELECT COUNT(*) FROM article_terms").fetchone()[0]
    if not needs_sorting(unsorted, total):
        return False
    if total <= WHOLE_MAX or unsorted >= total:
        sort(con)
    else:
        sort_tail(con, unsorted)
    return True


def has_layout(con: Connection) -> bool:
    """Whether the database is at a version with `search_layout` (a test may hold one
    back at an older version)."""
    found = con.execute(
        "SELECT COUNT(*) FROM duckdb_tables() WHERE table_name = 'search_layout'"
    ).fetchone()
    return bool(found[0])


def sort(con: Connection) -> None:
    """Rewrite `article_terms` in ORDER (a new table replaces it: DuckDB writes the rows
    of an ordered INSERT in that order) and reset the unsorted count."""
    con.execute(f"CREATE TABLE article_terms_sorted {_DEFINITION}")
    con.execute(
        f"INSERT INTO article_terms_sorted ({_COLUMNS}) "
        f"SELECT {_COLUMNS} FROM article_terms ORDER BY {ORDER}"
    )
    con.execute("DROP TABLE article_terms")
    con.execute("ALTER TABLE article_terms_sorted RENAME TO article_terms")
    con.execute("UPDATE search_layout SET unsorted_rows = 0")


def sort_tail(
    con: Connection,
    rows: int,
    table: str = "article_terms",
    columns: str = _COLUMNS,
    order: str = ORDER,
    layout: str = "search_layout",
) -> None:
    """Write the last `rows` rows of `table` (the appended tail: the highest row ids) again
    in `order`, after the sorted runs before them, and reset the unsorted count in
    `layout`. Only the tail is read, sorted and written; the rows it replaces are deleted
    (DuckDB drops their emptied row groups at the next checkpoint). The incidents' search
    rows (`incidents.terms`) are kept the same way."""
    first = con.execute(
        f"SELECT MIN(r) FROM (SELECT rowid AS r FROM {table} ORDER BY rowid DESC LIMIT ?)",
        [rows],
    ).fetchone()[0]
    con.execute(
        f"CREATE TEMPORARY TABLE {table}_tail AS SELECT {columns} FROM {table} WHERE rowid >= ?",
        [first],
    )
    try:
        con.execute(f"DELETE FROM {table} WHERE rowid >= ?", [first])
        con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}_tail ORDER BY {order}"
        )
    finally:
        con.execute(f"DROP TABLE {table}_tail")
    con.execute(f"UPDATE {layout} SET unsorted_rows = 0")
