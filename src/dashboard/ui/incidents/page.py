"""The Incidents page: every happening once, however many outlets reported it, sortable
and exportable, conflicting reports highlighted; selecting a row lists each outlet's
report with its evidence (issue 12).

Filters, the sort, "reported by at least N outlets" and the open incident live in the
URL, so a copied link reopens the same view.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.query import Filters
from dashboard.query import incidents as incident_query
from dashboard.store import StoreBusyError
from dashboard.ui import data
from dashboard.ui.export import deferred_download_buttons, download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.incidents import table as incident_table
from dashboard.ui.incidents.choice import (
    MAX_MIN_OUTLETS,
    MIN_OUTLETS_KEY,
    MIN_OUTLETS_URL,
    min_outlets_input,
)
from dashboard.ui.map.incidents import corroboration_text, json_list, span_text
from dashboard.ui.opening import open_page
from dashboard.ui.page_state import number_choice, option_choice
from dashboard.ui.share import share_box

TITLE = "Incidents"
SHOW = ("dates", "types", "outlets", "languages", "actors", "places", "text", "exact")
# what the text box matches (query.incidents.search_where, migration 0018)
TEXT_LABEL = 'Search the evidence (words, "a phrase")'
TEXT_HELP = (
    "Incidents whose reports' sentences hold every word, as whole words (not parts of "
    'words), ignoring case and accents; a "quoted phrase" must appear as such in one '
    "report's sentence."
)
SORT_KEY = "flt_incident_sort"
SORT_URL = "sort"
INCIDENT_URL = "incident"
MAX_LISTED = 2000  # rows in the table at once; the downloads hold every match
_TABLE_GEN = "incidents_table_gen"


def render() -> None:
    opened = open_page(TITLE, data.event_span, render_empty)
    if opened is None:
        return
    try:
        render_view(opened.path, opened.version, opened.span.bounds, opened.facets)
    except StoreBusyError:
        data.say_busy()


def render_empty(path: str, exists: bool) -> None:
    data.say_empty(path, exists, "events", ", so there are no incidents")


def _page_params(sort: str, min_outlets: int, incident: str | None) -> dict[str, str | None]:
    return {
        SORT_URL: None if sort == incident_table.DEFAULT_SORT else sort,
        MIN_OUTLETS_URL: str(min_outlets) if min_outlets > 1 else None,
        INCIDENT_URL: incident,
    }


def render_view(path: str, version: float, bounds, facets) -> None:
    sort = option_choice(SORT_KEY, SORT_URL, tuple(incident_table.SORTS))
    min_outlets = number_choice(MIN_OUTLETS_KEY, MIN_OUTLETS_URL, 1, MAX_MIN_OUTLETS)
    incident = st.query_params.get(INCIDENT_URL) or None
    with st.sidebar:
        min_outlets_input()
    params = _page_params(sort, min_outlets, incident)
    filters = filter_sidebar(
        facets,
        show=SHOW,
        date_bounds=bounds,
        page_params=params,
        text_label=TEXT_LABEL,
        text_help=TEXT_HELP,
    )
    share_box(filters, params)
    # counted per place and type, then only the first MAX_LISTED read in the chosen order
    groups = data.incident_groups(path, version, filters, min_outlets)
    total = int(groups["events"].sum()) if len(groups) else 0
    head, sort_col = st.columns([3, 1], vertical_alignment="bottom")
    with sort_col:
        st.selectbox(
            "Sort by",
            list(incident_table.SORTS),
            format_func=lambda k: incident_table.SORTS[k].label,
            key=SORT_KEY,
        )
    if total == 0:
        head.caption("No incident matches these filters.")
        if not len(data.incident_groups(path, version, Filters())):
            st.info(
                "This database has events but no incidents yet: run "
                "`python -m dashboard incidents --rebuild`."
            )
        else:
            st.info("Lower the number of outlets, widen the dates or clear filters.")
        return
    # more than are listed: the download reads every match itself, and the table shows
    # no figures' JSON (most of the bytes of the most reported incidents), so none is read
    columns = incident_query.LISTED_COLUMNS if total > MAX_LISTED else None
    shown = data.incidents(
        path, version, filters, min_outlets, MAX_LISTED, order=sort, columns=columns
    )
    conflicting = int(groups["conflicting"].sum())
    head.caption(
        f"{total:,} incidents, {conflicting:,} with reports that disagree (⚠"
        + (", tinted" if len(shown) <= incident_table.TINTED_ROWS else "")
        + "). "
        "Select a row for every outlet's report with its evidence; click a column header "
        "to sort by it."
        + (
            f" The first {MAX_LISTED:,} are listed; the downloads hold all."
            if total > MAX_LISTED
            else ""
        )
    )
    detail = st.container()  # the open incident, above the table, filled once it is known
    picked = _table(shown)
    if picked:
        st.query_params[INCIDENT_URL] = picked
        incident = picked
    if total <= MAX_LISTED:
        download_buttons(incident_table.for_download(shown), "incidents", geojson=True)
    else:
        store = data.get_store(path)
        deferred_download_buttons(
            lambda: incident_table.for_download(
                incident_query.incidents(store, filters, min_outlets, order=sort)
            ),
            "incidents",
            total,
            geojson=True,
        )
    if incident:
        with detail.container(border=True):
            render_detail(path, version, shown, incident)


def _table(shown: pd.DataFrame) -> str | None:
    """The incidents table; the id of a row just selected (a fresh key afterwards)."""
    gen = st.session_state.get(_TABLE_GEN, 0)
    event = st.dataframe(
        incident_table.highlighted(incident_table.table(shown)),
        hide_index=True,
        width="stretch",
        height=min(560, 38 + 35 * len(shown)),
        key=f"incidents_table_{gen}",
        on_select="rerun",
        selection_mode="single-row",
        column_config=incident_table.COLUMNS,
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows and 0 <= rows[0] < len(shown):
        st.session_state[_TABLE_GEN] = gen + 1
        return str(shown.iloc[rows[0]]["incident_id"])
    return None


def render_detail(path: str, version: float, shown: pd.DataFrame, incident: str) -> None:
    """Every report of the open incident, with its language, date, figure and evidence."""
    match = shown[shown["incident_id"].astype(str) == incident]
    if match.empty:  # a link to one past the listed rows: read it alone
        match = data.incident_by_id(path, version, incident)
    if match.empty:
        st.caption("The incident in the link is not in this view (other filters, or rebuilt).")
        return
    row = match.iloc[0].to_dict()
    kind = str(row.get("type") or "event").capitalize()
    place = row.get("place") if isinstance(row.get("place"), str) else ""
    st.subheader(
        f"{kind} · {span_text(row.get('date_start'), row.get('date_end'))}"
        + (f" · {place}" if place else ""),
        anchor=False,
    )
    st.caption(corroboration_text(row))
    for reason in json_list(row.get("conflicts")):
        st.warning(f"Reports disagree: {reason}", icon="⚠️")
    reports = data.incident_reports(path, version, (incident,))
    base = str(st.get_option("server.baseUrlPath") or "")
    st.dataframe(
        incident_table.report_table(reports, base),
        hide_index=True,
        width="stretch",
        column_config=incident_table.REPORT_COLUMNS,
    )
    if st.button("Close", key="close_incident"):
        del st.query_params[INCIDENT_URL]
        st.rerun()
