"""Downloads of exactly what a page shows: CSV for every table, Parquet, GeoJSON for events.

A small view is converted as the page runs. A large one (a page over a million events
may match hundreds of thousands) is read and converted only when a button is clicked,
so a filter change never pays for a file nobody asked for.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.query import dumps_geojson, geojson_from_events


def _csv_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (actors, languages) as `a; b` so a spreadsheet shows them in one cell."""
    out = df.copy()
    for col in out.columns:
        if any(isinstance(v, list) for v in out[col]):
            out[col] = out[col].map(lambda v: "; ".join(map(str, v)) if isinstance(v, list) else v)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return _csv_ready(df).to_csv(index=False).encode("utf-8")


def to_parquet(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    _csv_ready(df).to_parquet(buf, index=False)
    return buf.getvalue()


EAGER_ROWS = 500  # a larger view is converted only when its button is clicked


def to_geojson(df: pd.DataFrame) -> bytes:
    return dumps_geojson(geojson_from_events(df)).encode("utf-8")


# (label, file extension, MIME type, conversion) of each download, GeoJSON last
_FORMATS: list[tuple[str, str, str, Callable[[pd.DataFrame], bytes]]] = [
    ("CSV", "csv", "text/csv", to_csv),
    ("Parquet", "parquet", "application/vnd.apache.parquet", to_parquet),
    ("GeoJSON", "geojson", "application/geo+json", to_geojson),
]


def _buttons(data: Callable[[Callable], object], name: str, geojson: bool, empty: bool) -> None:
    row = st.container(horizontal=True)
    for label, ext, mime, convert in _FORMATS if geojson else _FORMATS[:-1]:
        row.download_button(
            label,
            data(convert),
            f"{name}.{ext}",
            mime,
            key=f"dl_{ext}_{name}",
            disabled=empty,
            on_click="ignore",
        )


def download_buttons(df: pd.DataFrame, name: str, geojson: bool = False) -> None:
    """A row of download buttons for `df` (the filtered view), named `name.*`."""
    if len(df) > EAGER_ROWS:
        deferred_download_buttons(lambda: df, name, len(df), geojson)
        return
    st.caption("Download this view")
    _buttons(lambda convert: convert(df), name, geojson, df.empty)


def deferred_download_buttons(
    load: Callable[[], pd.DataFrame], name: str, rows: int, geojson: bool = False
) -> None:
    """The same buttons for a view of `rows` rows that `load()` reads when one is clicked
    (in Streamlit's download thread, not in the page run)."""
    st.caption(f"Download this view ({rows:,} rows, prepared when you click)")
    _buttons(lambda convert: lambda: convert(load()), name, geojson, False)
