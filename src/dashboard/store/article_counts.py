"""Each article's number of places, events and statements, kept on its own row.

Every article list shows these three counts. Counted from the fact tables at read time,
they cost a scan of each table's article ids (random hashes: no zone map or index
narrows it on DuckDB, 10-30 ms each at 1M events, for every list and every search).
Kept as columns of `articles` (migration 0011), they come with the rows the list reads
anyway. They are derived: not in `schema.COLUMNS["articles"]` (so rows built for an
article, copied or exported, never carry them); the store writes them in the same
transaction as the facts:

* `Store.write` inserts a new article with its counts (its facts are all new);
* `insert_rows` of a fact table (`dashboard copy`) adds the facts it inserted to their
  articles' counts (`add`); an article inserted on its own starts at 0 (its facts can
  only follow it: they refer to it);
* bulk loaders and the migration count every article's facts at once (`recount`).

Facts are never deleted, so the counts only ever grow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

# fact table -> its count's column in `articles`
COLUMN = {"places": "n_places", "events": "n_events", "statements": "n_statements"}
COLUMNS = tuple(COLUMN.values())
VERSION = 11  # the migration that added them

# Runs one statement with `?` placeholders and returns its rows (as migrate.Execute).
Execute = Callable[[str, Sequence[Any]], list[tuple]]


def add(execute: Execute, table: str, article_ids: Iterable[str]) -> None:
    """Add newly inserted facts of `table` (one article id per fact) to their articles'
    counts."""
    counted = Counter(article_ids)
    if not counted:
        return
    column = COLUMN[table]
    execute(
        f"UPDATE articles SET {column} = {column} + d.n FROM (SELECT "
        "UNNEST(CAST(? AS VARCHAR[])) AS id, UNNEST(CAST(? AS BIGINT[])) AS n) d "
        "WHERE articles.id = d.id",
        (list(counted), list(counted.values())),
    )


def recount(execute: Execute) -> None:
    """Set every article's counts from the facts stored (migration 0011, bulk loads): one
    UPDATE of the articles with facts (PostgreSQL writes a new version of each row it
    updates: once, not once per count)."""
    nonzero = " OR ".join(f"{c} <> 0" for c in COLUMNS)
    execute(f"UPDATE articles SET {', '.join(f'{c} = 0' for c in COLUMNS)} WHERE {nonzero}", ())
    facts = " UNION ALL ".join(
        f"SELECT article_id, {', '.join('1' if t == table else '0' for t in COLUMN)} FROM {table}"
        for table in COLUMN
    )
    sums = ", ".join(f"SUM(k{i}) AS {c}" for i, c in enumerate(COLUMNS))
    kinds = ", ".join(f"k{i}" for i in range(len(COLUMNS)))
    sets = ", ".join(f"{c} = d.{c}" for c in COLUMNS)
    execute(
        f"UPDATE articles SET {sets} FROM (SELECT article_id, {sums} FROM "
        f"(SELECT * FROM ({facts}) f (article_id, {kinds})) u GROUP BY article_id) d "
        "WHERE articles.id = d.article_id",
        (),
    )
