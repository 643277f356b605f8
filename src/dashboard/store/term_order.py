"""DuckDB keeps `article_terms` in word order, so that a search reads only its words' rows.

DuckDB has no index it would use for a word's thousands of rows, and scans a column by
row groups (122,880 rows), skipping a group whose smallest and largest value (its zone
map) cannot hold the value looked for. Rows appended by ingest arrive in article order,
each group holding every word, so a search read all 14 million keys at 1M events (about
40 ms for a count, 100-300 ms for the best 1,001). Stored sorted by word, a word's rows
sit in one or two groups and the rest are skipped: the count is a millisecond and the best
1,001 a few (`query.search`). Within a word the rows are in rank order (hits, then newest),
so the best matches are the first rows read.

Appended rows form an unsorted tail that every search still scans. The table is rewritten
in word order once the tail is both at least MIN_UNSORTED rows (two row groups: scanning
fewer costs a millisecond or two) and UNSORTED_SHARE of the table, so a continuous ingest
pays for a rewrite (about 20 s at 1M events; 44 s since the table also holds word
pairs, 33 million rows, under load 3-5) once per tenth of growth. `search_layout`
holds the tail's size, counted by the writer in the same transaction as the rows, so the
check costs nothing. The rewrite is part of the write batch that crossed the thresholds,
so readers wait for it as for any batch: with the word pairs that is longer than the
readers' BUSY_TIMEOUT_SECONDS (30 s) at 1M events under load, so a reader arriving
during that batch may get "busy" once per tenth of growth; sorting the tail on its own
(merging it into the sorted part in steps) would bound it, not built. The migration that introduced this (0007) sorts an existing table;
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
    return unsorted >= MIN_UNSORTED and unsorted >= UNSORTED_SHARE * total


def keep_sorted(con: Connection) -> bool:
    """Rewrite `article_terms` in word order if its unsorted tail has grown past the
    thresholds (in the caller's transaction); whether it did."""
    unsorted = con.execute("SELECT unsorted_rows FROM search_layout").fetchone()[0]
    total = con.execute("SELECT COUNT(*) FROM article_terms").fetchone()[0]
    if not needs_sorting(unsorted, total):
        return False
    sort(con)
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
