"""What a page can narrow results by, and the parameterised WHERE clause it becomes.

User input only ever travels as parameters; the SQL text is built from fixed column
names and `?` placeholders. `Filters` is frozen (tuples, not lists) so Streamlit can use
it as a cache key.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dashboard.store.sqlparams import marks


@dataclass(frozen=True)
class Filters:
    """Empty fields do not filter. Each query applies the fields that make sense for it."""

    date_from: date | None = None
    date_to: date | None = None
    types: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    speakers: tuple[str, ...] = ()
    text: str | None = None
    # events only: day-precision date and a town-level place read from the sentence itself
    exact: bool = False


def like_pattern(text: str) -> str:
    """Case-folded `%text%` with LIKE wildcards in `text` escaped (escape char: \\)."""
    escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def contains(column: str, pattern: str) -> str:
    """Portable case-insensitive substring test against `pattern` (a `like_pattern`)."""
    return like(f"LOWER({column})", pattern)


def like(column: str, pattern: str) -> str:
    """`column LIKE ?` for `pattern`, with the ESCAPE clause only when the pattern escapes
    a character. DuckDB runs a plain `LIKE '%text%'` as a substring search, several times
    faster than matching with an escape character; without a backslash in the pattern
    the two mean the same on both backends (PostgreSQL's default escape is the
    backslash, DuckDB has none)."""
    return f"{column} LIKE ? ESCAPE '\\'" if "\\" in pattern else f"{column} LIKE ?"


@dataclass
class Where:
    """Accumulates AND-ed clauses and their parameters, in order."""

    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def one_of(self, column: str, values: Iterable[Any]) -> None:
        values = list(values)
        if values:
            self.add(f"{column} IN ({marks(values)})", *values)

    def any_of(self, column: str, values: Iterable[Any]) -> None:
        """`one_of` spelled `(column = ? OR ...)`: DuckDB turns an IN list of five or more
        values into a join of the table with the list, which keeps a Top-N from reading
        only the rows it keeps (its late materialization), so a top 12 of 120,000 rows
        read every column of all of them; an OR of equalities stays a filter of the scan."""
        values = list(values)
        if values:
            self.add("(" + " OR ".join(f"{column} = ?" for _ in values) + ")", *values)

    def between(self, column: str, start: date | None, end: date | None) -> None:
        if start is not None:
            self.add(f"{column} >= ?", start)
        if end is not None:
            self.add(f"{column} <= ?", end)

    def text_in(self, columns: Iterable[str], text: str | None) -> None:
        if text and text.strip():
            columns = list(columns)
            pattern = like_pattern(text.strip())
            self.add(
                "(" + " OR ".join(contains(c, pattern) for c in columns) + ")",
                *[pattern] * len(columns),
            )

    def actors_in(self, column: str, actors: Iterable[str]) -> None:
        """Match a JSON-text list column holding any of `actors` (exact element match)."""
        self.listed_in(column, actors)

    def listed_in(self, column: str, values: Iterable[str]) -> None:
        """Match a JSON-text list column holding any of `values` (exact element match)."""
        values = list(values)
        if values:
            patterns = [_json_element_pattern(v) for v in values]
            clause = " OR ".join(like(column, p) for p in patterns)
            self.add(f"({clause})", *patterns)

    @property
    def sql(self) -> str:
        return f" WHERE {' AND '.join(self.clauses)}" if self.clauses else ""


def _json_element_pattern(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    escaped = quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
