"""A visible, copyable link to the current view (its filters are all in the URL)."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

import streamlit as st

from dashboard.query import Filters
from dashboard.ui.state import query_string


def current_link(filters: Filters, extra: dict[str, str] | None = None) -> str:
    """The page's own address with the view's query string; relative when the server
    cannot tell us its address (tests, some proxies)."""
    qs = query_string(filters, extra)
    try:
        base = st.context.url or ""
    except Exception:  # noqa: BLE001 - no browser context (AppTest, bare mode)
        base = ""
    if not base:
        return qs or "?"
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, qs.lstrip("?"), ""))


def share_box(filters: Filters, extra: dict[str, str] | None = None) -> None:
    with st.sidebar:
        st.caption("Link to this view (copy with the button on the right)")
        st.code(current_link(filters, extra), language=None, wrap_lines=True)
