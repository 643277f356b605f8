"""The Statements page: a timeline of who said what, and the statements behind it.

Selecting points on the chart narrows the list to them; every other choice (dates,
outlets, languages, speakers, sides) lives in the URL so the view can be shared.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from dashboard.query import Filters
from dashboard.store import StoreBusyError
from dashboard.ui import data
from dashboard.ui.export import download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.page_state import list_choice
from dashboard.ui.share import share_box
from dashboard.ui.statements_figure import (
    filter_sides,
    listing,
    prepare,
    selected_ids,
    side_order,
    timeline_figure,
)

TITLE = "Statements"
SIDE_KEY = "flt_side"
CHART_KEY = "statements_chart"
SHOW = ("dates", "outlets", "languages", "speakers")
COLUMNS = {
    "date": st.column_config.TextColumn("Date", width="small"),
    "speaker": "Speaker",
    "side": "Side",
    "mode": "Mode",
    "quote": st.column_config.TextColumn("Quote", width="medium"),
    "evidence": st.column_config.TextColumn("Evidence", width="large"),
    "outlet": "Outlet",
    "article": st.column_config.LinkColumn("Article", display_text="evidence view"),
    "source": st.column_config.LinkColumn("Original", display_text=r"https?://([^/]+)"),
}


def date_bounds(df: pd.DataFrame) -> tuple[date | None, date | None]:
    days = pd.to_datetime(df["date_start"]).dropna()
    if days.empty:
        return None, None
    return days.min().date(), days.max().date()


def render() -> None:
    st.title(TITLE)
    path, version = data.current()
    try:
        everything = prepare(data.statements(path, version, Filters()))
        facets = data.facets(path, version)
    except StoreBusyError:
        st.warning("The database is being updated by another process. Reload in a moment.")
        return
    if everything.empty:
        render_empty(path, exists=version > 0)
        return
    sides_all = side_order(everything)
    sides = list_choice(SIDE_KEY, "side", sides_all)
    filters = filter_sidebar(
        facets, show=SHOW, date_bounds=date_bounds(everything), page_params={"side": sides}
    )
    share_box(filters, {"side": sides})
    st.columns([2, 3])[0].multiselect("Side", sides_all, key=SIDE_KEY, placeholder="All sides")
    df = filter_sides(prepare(data.statements(path, version, filters)), sides)
    if df.empty:
        st.info("No statements match these filters. Widen the dates or clear a filter.")
        return
    render_chart_and_list(df)


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


def render_empty(path: str, exists: bool) -> None:
    where = "holds no statements yet" if exists else "does not exist yet"
    st.info(f"The database at `{path}` {where}.")
    st.markdown(
        "Statements are read from ingested articles: "
        "`python -m dashboard ingest path/to/articles/`, then reload this page."
    )
