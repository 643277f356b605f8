"""A page's filters live in its URL, so a copied link reopens the same view.

Each filter has one short URL key; lists repeat the key (`?type=military&type=blockade`),
dates are ISO. Reading never fails: a malformed value is dropped, not raised, because URLs
get edited by hand and truncated by chat apps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from dashboard.query import Filters

# Filters field -> URL key
URL_KEYS: dict[str, str] = {
    "date_from": "from",
    "date_to": "to",
    "types": "type",
    "outlets": "outlet",
    "languages": "lang",
    "actors": "actor",
    "places": "place",
    "speakers": "speaker",
    "text": "q",
    "exact": "exact",
}
_LIST_FIELDS = {"types", "outlets", "languages", "actors", "places", "speakers"}
_DATE_FIELDS = {"date_from", "date_to"}
_FLAG_FIELDS = {"exact"}  # on as `1` (also true/yes/on by hand), absent when off

# a page's own URL value: one string, or a list repeated under its key (`?side=a&side=b`)
ParamValue = str | Sequence[str] | None


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def filters_from_params(params: dict[str, list[str]]) -> Filters:
    """Filters from a mapping of URL key -> list of values (pure, so tests need no app)."""
    values: dict = {}
    for name, key in URL_KEYS.items():
        raw = [v for v in params.get(key, []) if v is not None and str(v).strip()]
        if not raw:
            continue
        if name in _LIST_FIELDS:
            values[name] = tuple(dict.fromkeys(str(v) for v in raw))
        elif name in _DATE_FIELDS:
            values[name] = _parse_date(str(raw[0]))
        elif name in _FLAG_FIELDS:
            values[name] = str(raw[0]).strip().lower() in {"1", "true", "yes", "on"}
        else:
            values[name] = str(raw[0])
    return Filters(**values)


def params_from_filters(filters: Filters) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in fields(Filters):
        value = getattr(filters, f.name)
        if not value:
            continue
        key = URL_KEYS[f.name]
        if f.name in _LIST_FIELDS:
            out[key] = [str(v) for v in value]
        elif isinstance(value, date):
            out[key] = [value.isoformat()]
        elif f.name in _FLAG_FIELDS:
            out[key] = ["1"]
        else:
            out[key] = [str(value)]
    return out


def read_filters() -> Filters:
    qp = st.query_params
    return filters_from_params({key: qp.get_all(key) for key in URL_KEYS.values()})


def read_param(key: str) -> str | None:
    """A page's own URL parameter (e.g. `article`), outside the shared filters."""
    value = st.query_params.get(key)
    return str(value) if value else None


def write_filters(filters: Filters, extra: dict[str, ParamValue] | None = None) -> None:
    """Replace the filter keys in the URL, keeping (or setting) the page's own keys."""
    qp = st.query_params
    wanted = params_from_filters(filters)
    for key in URL_KEYS.values():
        if key in wanted:
            if qp.get_all(key) != wanted[key]:
                qp[key] = wanted[key]
        elif key in qp:
            del qp[key]
    for key, value in (extra or {}).items():
        if value:
            values = _param_values(value)
            if qp.get_all(key) != values:
                qp[key] = values if len(values) > 1 else values[0]
        elif key in qp:
            del qp[key]


def query_string(filters: Filters, extra: dict[str, ParamValue] | None = None) -> str:
    """`?from=...&type=...` for links between pages that carry the same view."""
    params = params_from_filters(filters)
    for key, value in (extra or {}).items():
        if value:
            params[key] = _param_values(value)
    pairs = [(k, v) for k, vs in params.items() for v in vs]
    return f"?{urlencode(pairs)}" if pairs else ""


def with_filters(filters: Filters, **changes) -> Filters:
    return replace(filters, **changes)


def _param_values(value: str | Sequence[str]) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value]


def read_list_param(key: str) -> list[str]:
    """A page's own list-valued URL parameter (e.g. `side`), blanks and repeats dropped."""
    values = [str(v).strip() for v in st.query_params.get_all(key)]
    return list(dict.fromkeys(v for v in values if v))
