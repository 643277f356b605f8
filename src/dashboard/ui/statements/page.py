"""The Statements page: a timeline of who said what, and the statements behind it.

Selecting points on the chart narrows the list to them; every other choice (dates,
outlets, languages, speakers, sides) lives in the URL so the view can be shared.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import query
from dashboard.query import Filters
from dashboard.ui import data
from dashboard.ui.columns import EVIDENCE_COLUMNS
from dashboard.ui.export import deferred_download_buttons, download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.opening import open_page
from dashboard.ui.page_state import list_choice
from dashboard.ui.share import share_box
from dashboard.ui.statements.figure import (
    coarsen,
    listing,
    prepare,
    selected_ids,
    side_order_counts,
    summary_figure,
    timeline_figure,
)

TITLE = "Statements"
SIDE_KEY = "flt_side"
CHART_KEY = "statements_chart"
SUMMARY_KEY = "statements_summary_chart"
SHOW = ("dates", "outlets", "languages", "speakers")
MAX_POINTS = 1000  # more statements than this are counted per speaker and period
MAX_LISTED = 1000  # ... and only the most recent are listed (the downloads hold all)
MONTHLY_AFTER_DAYS = 180  # a longer span is counted per month rather than per day
COLUMNS = {
    "date": st.column_config.TextColumn("Date", width="small"),
    "speaker": "Speaker",
    "side": "Side",
    "mode": "Mode",
    "quote": st.column_config.TextColumn("Quote", width="medium"),
    "outlet": "Outlet",
    **EVIDENCE_COLUMNS,  # config only: the order shown is the table's own
}


def render() -> None:
    opened = open_page(TITLE, data.statement_span, render_empty)
    if opened is None:
        return
    path, version, span, facets = opened.path, opened.version, opened.span, opened.facets
    sides_all = side_order_counts(span.sides)
    sides = list_choice(SIDE_KEY, "side", sides_all)
    filters = filter_sidebar(
        facets, show=SHOW, date_bounds=span.bounds, page_params={"side": sides}
    )
    share_box(filters, {"side": sides})
    st.columns([2, 3])[0].multiselect("Side", sides_all, key=SIDE_KEY, placeholder="All sides")
    chosen = tuple(sides)
    # one query when the view is small: up to MAX_POINTS rows, plus one to tell
    df = prepare(data.statements(path, version, filters, chosen, MAX_POINTS + 1))
    if df.empty:
        st.info("No statements match these filters. Widen the dates or clear a filter.")
        return
    if len(df) <= MAX_POINTS:
        render_chart_and_list(df)
    else:
        render_summary(path, version, filters, chosen, df.head(MAX_LISTED))


def render_chart_and_list(df: pd.DataFrame) -> None:
    st.caption(
        "Each point is one statement: colour is the speaker's side, a filled circle a "
        "direct quote, an open diamond reported speech. Click points (shift-click for more) "
        "or use the box and lasso tools above the chart to list only those; drag to zoom, "
        "double-click to reset."
    )
    event = st.plotly_chart(
        timeline_figure(df),
        on_select="rerun",
        selection_mode=("points", "box", "lasso"),
        key=CHART_KEY,
        width="stretch",
    )
    undated = int(df["date_start"].isna().sum())
    if undated:
        st.caption(f"{undated} undated statements are listed below but not on the chart.")
    picked = set(selected_ids(event)) & set(df["id"])
    shown = df[df["id"].isin(picked)] if picked else df
    st.subheader("Statements")
    scope = "selected on the chart" if picked else "matching the filters"
    st.caption(f"{len(shown)} of {len(df)} statements, {scope}.")
    table = listing(shown)
    # many articles only report speech: an all-empty quote column would just take room
    visible = [c for c in table.columns if c != "quote" or table["quote"].astype(bool).any()]
    st.dataframe(table[visible], hide_index=True, width="stretch", column_config=COLUMNS)
    download_buttons(table.assign(article_id=shown["article_id"].to_list()), "statements")


def render_summary(
    path: str, version: float, filters: Filters, sides: tuple[str, ...], shown: pd.DataFrame
) -> None:
    """A view too large for one point per statement: counts per speaker and period on the
    chart, the most recent statements (`shown`) in the list, everything in the downloads."""
    span = data.statement_span(path, version)
    first = filters.date_from or span.first
    last = filters.date_to or span.last
    monthly = bool(first and last and (last - first).days > MONTHLY_AFTER_DAYS)
    counts = data.statement_timeline(path, version, filters, sides, monthly)
    total = int(counts["statements"].sum())
    dated = counts[counts["period"].notna()]
    counts, period = coarsen(dated, "month" if monthly else "day")
    st.caption(
        f"{total:,} statements match: too many to draw one by one, so each marker counts a "
        f"speaker's statements in one {period} (a larger marker is more statements; colour "
        "is the side; hover for how many were quoted directly). Narrow the dates or choose "
        "speakers to see single statements."
    )
    if len(counts):
        st.plotly_chart(summary_figure(counts, period), key=SUMMARY_KEY, width="stretch")
    undated = total - int(dated["statements"].sum())
    if undated:
        st.caption(f"{undated:,} undated statements are in the downloads but not on the chart.")
    st.subheader("Statements")
    st.caption(
        f"The {len(shown):,} most recent of {total:,} statements matching the filters; "
        "the downloads hold all of them."
    )
    table = listing(shown)
    visible = [c for c in table.columns if c != "quote" or table["quote"].astype(bool).any()]
    st.dataframe(table[visible], hide_index=True, width="stretch", column_config=COLUMNS)
    store = data.get_store(path)

    def everything() -> pd.DataFrame:
        rows = prepare(query.statements(store, filters, None, sides))
        return listing(rows).assign(article_id=rows["article_id"].to_list())

    deferred_download_buttons(everything, "statements", total)


def render_empty(path: str, exists: bool) -> None:
    steps = (
        "Statements are read from ingested articles: "
        "`python -m dashboard ingest path/to/articles/`, then reload this page."
    )
    data.say_empty(path, exists, "statements", steps=steps)
