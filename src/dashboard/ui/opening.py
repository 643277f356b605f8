"""How every filtered page opens: its title, the date span and the filter choices.

Four pages (Map, Statements, Evacuations, Incidents) start the same way and must say the
same thing when the database is busy or holds nothing for them; keeping that here means a
new page cannot forget either message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import streamlit as st

from dashboard import query
from dashboard.query import summary
from dashboard.store import StoreBusyError
from dashboard.ui import data

SpanT = TypeVar("SpanT", bound=summary.Span)


@dataclass(frozen=True)
class Opened(Generic[SpanT]):
    """What a page needs after opening: where the data is, its version (for the caches),
    the span of the page's facts and the sidebar's choices."""

    path: str
    version: float
    span: SpanT
    facets: query.Facets


def open_page(
    title: str,
    span_of: Callable[[str, float], SpanT],
    on_empty: Callable[[str, bool], None],
) -> Opened[SpanT] | None:
    """Show the title and read what the sidebar needs; None when the page has nothing to
    show, after telling the reader why (busy database, or nothing of this kind yet)."""
    st.title(title)
    path, version = data.current()
    try:
        span = span_of(path, version)
        facets = data.facets(path, version)
    except StoreBusyError:
        data.say_busy()
        return None
    if span.rows == 0:
        on_empty(path, version > 0)
        return None
    return Opened(path, version, span, facets)
