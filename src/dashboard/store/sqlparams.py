"""Placeholders for SQL `IN (...)` lists, shared by every module that writes them.

Both backends take `?` placeholders (the PostgreSQL store translates them), and both
limit how many parameters one statement may carry, so long id lists go in chunks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# `IN {ID_ARRAY}` with the list of ids as one parameter: one statement however many ids
# (a long `IN (?, ...)` list must go in chunks, each a statement of its own)
ID_ARRAY = "(SELECT UNNEST(CAST(? AS VARCHAR[])))"


def marks(values: Sequence[object]) -> str:
    """`?, ?, ?` with one placeholder per value."""
    return ", ".join("?" for _ in values)


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`values` in consecutive slices of at most `size`."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
