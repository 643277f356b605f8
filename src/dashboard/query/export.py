"""Whole tables and a GeoJSON of located events, for `dashboard export`."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

import pandas as pd

from dashboard.query.facts import events
from dashboard.query.filters import Filters
from dashboard.store import DERIVED_TABLES, TABLES, Store
from dashboard.store.schema import key_column, own_columns, quoted

EXPORT_TABLES = (*TABLES, *DERIVED_TABLES)


def table(store: Store, name: str) -> pd.DataFrame:
    """Every row of one stored table, as stored (lists stay JSON text). A fact's copy of
    its article's outlet, language and date is left out (the articles table has them),
    so an export has the same columns from a database of any version."""
    if name not in EXPORT_TABLES:
        raise ValueError(f"unknown table {name!r}; choose from {', '.join(EXPORT_TABLES)}")
    columns = quoted(own_columns(name))
    return store.query(f"SELECT {columns} FROM {name} ORDER BY {key_column(name)}")


def _plain(value: Any) -> Any:
    """JSON-safe scalar: dates as ISO text, NaN/NaT as null, numpy numbers as Python."""
    if isinstance(value, list):
        return value
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        ts = pd.Timestamp(value)
        return ts.date().isoformat() if ts == ts.normalize() else ts.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def events_geojson(store: Store, filters: Filters | None = None) -> dict[str, Any]:
    """FeatureCollection of events that have coordinates; properties keep the evidence
    and the article (id, outlet, title, url) it came from."""
    return geojson_from_events(events(store, filters))


def geojson_from_events(df: pd.DataFrame) -> dict[str, Any]:
    """The same FeatureCollection from an events table already in hand (a page's filtered
    view), so an export is exactly what the reader sees."""
    features = []
    for row in df.to_dict(orient="records"):
        row = dict(row)
        lat, lon = _plain(row.pop("lat")), _plain(row.pop("lon"))
        if lat is None or lon is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {k: _plain(v) for k, v in row.items()},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def incidents_geojson(store: Store, filters: Filters | None = None) -> dict[str, Any]:
    """FeatureCollection of incidents that have coordinates, a point at each one's best
    place; `conflicts` and `figures` as JSON lists rather than text."""
    from dashboard.query.incidents import incidents

    return geojson_from_incidents(incidents(store, filters))


def geojson_from_incidents(df: pd.DataFrame) -> dict[str, Any]:
    """The same FeatureCollection from an incidents table already in hand."""
    df = df.copy()
    for column in ("conflicts", "figures"):
        if column in df.columns:
            df[column] = [json.loads(v) if isinstance(v, str) and v else [] for v in df[column]]
    return geojson_from_events(df)


def dumps_geojson(collection: dict[str, Any]) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=1)
