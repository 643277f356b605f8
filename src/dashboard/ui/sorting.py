"""A table's named sort orders (the URL holds the name), applied the same way on every
page that lists rows: missing values last, ties in the order the query gave."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Sort:
    label: str
    columns: tuple[str, ...]
    ascending: tuple[bool, ...]


def sort_frame(df: pd.DataFrame, sort: Sort, text_columns: Collection[str] = ()) -> pd.DataFrame:
    """`df` in `sort`'s order (columns it lacks are skipped), missing values last, stable
    for ties; `text_columns` compare case-folded."""
    cols = [c for c in sort.columns if c in df.columns]
    if df.empty or not cols:
        return df.reset_index(drop=True)
    asc = [a for c, a in zip(sort.columns, sort.ascending, strict=True) if c in df.columns]
    keyed = df.sort_values(
        cols,
        ascending=asc,
        na_position="last",
        kind="stable",
        key=lambda s: s.astype("string").str.casefold() if s.name in text_columns else s,
    )
    return keyed.reset_index(drop=True)
