"""The filter sidebar every page shares, bound to the URL.

Widgets keep their state under fixed keys, seeded from the URL the first time a session
sees them; every rerun writes the current choice back to the URL. Seeding once (instead of
passing the URL as each widget's default) avoids Streamlit's reset-on-new-default, which
would swallow every other click.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import streamlit as st

from dashboard.query import Facets, Filters
from dashboard.ui.state import read_filters, write_filters

ALL = ("dates", "types", "outlets", "languages", "actors", "places", "speakers", "text", "exact")
EXACT_HELP = (
    "Only events dated to the day and placed at a town or village by their own sentence; "
    "leaves out dates taken from the publication, weeks, months and years, and places that "
    "are a whole region or were inferred from the paragraph or the article."
)
_PREFIX = "flt_"


def _seed(key: str, value) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def filter_sidebar(
    facets: Facets,
    show: Iterable[str] = ALL,
    date_bounds: tuple[date | None, date | None] = (None, None),
    page_params: dict[str, str | None] | None = None,
    text_label: str = "Search the evidence",
    text_help: str | None = None,
) -> Filters:
    """Render the chosen filters in the sidebar and return them (also written to the URL).

    `page_params` are the page's own URL keys (e.g. the open article) kept alongside."""
    show = set(show)
    url = read_filters()
    chosen: dict = {}
    with st.sidebar:
        st.header("Filters")
        if "dates" in show:
            chosen.update(_date_range(url, date_bounds))
        for name, label, options in (
            ("types", "Event type", facets.types),
            ("outlets", "Outlet", facets.outlets),
            ("languages", "Language", facets.languages),
            ("actors", "Actor", facets.actors),
            ("places", "Place", facets.places),
            ("speakers", "Speaker", facets.speakers),
        ):
            if name not in show:
                continue
            key = _PREFIX + name
            _seed(key, [v for v in getattr(url, name) if v in options])
            # values from a stale link that the data no longer has are dropped, not raised
            st.session_state[key] = [v for v in st.session_state[key] if v in options]
            chosen[name] = tuple(st.multiselect(label, options, key=key))
        if "text" in show:
            key = _PREFIX + "text"
            _seed(key, url.text or "")
            text = st.text_input(text_label, key=key, help=text_help).strip()
            chosen["text"] = text or None
        if "exact" in show:
            key = _PREFIX + "exact"
            _seed(key, url.exact)
            chosen["exact"] = st.toggle("Exact only", key=key, help=EXACT_HELP)
        if st.button("Clear filters", width="stretch"):
            for k in [k for k in st.session_state if str(k).startswith(_PREFIX)]:
                del st.session_state[k]
            write_filters(Filters(), page_params)
            st.rerun()
    filters = Filters(**chosen)
    write_filters(filters, page_params)
    return filters


def _date_range(url: Filters, bounds: tuple[date | None, date | None]) -> dict:
    lo, hi = bounds
    key = _PREFIX + "dates"
    start = url.date_from or lo
    end = url.date_to or hi
    if start is None or end is None:
        return {}
    _seed(key, (start, end))
    picked = st.date_input("Dates", key=key, format="YYYY-MM-DD")
    if isinstance(picked, date):
        picked = (picked, picked)
    if not picked or len(picked) < 2:
        picked = (picked[0], picked[0]) if picked else (start, end)
    date_from, date_to = picked
    # the full range is no filter: keep the URL short and let new data in
    return {
        "date_from": None if date_from == lo else date_from,
        "date_to": None if date_to == hi else date_to,
    }
