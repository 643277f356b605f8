"""The Map page: where the events happened, filtered from the sidebar and the URL.

The folium map itself is built in `dashboard.ui.map` (no Streamlit there); this module only
lays the page out: filters, the map, events that have no place, and downloads.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard.query import Filters
from dashboard.store import StoreBusyError
from dashboard.ui import data, home
from dashboard.ui import map as event_map
from dashboard.ui.assets import map_assets
from dashboard.ui.export import download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.share import share_box

TITLE = "Map of events"
SHOW = ("dates", "types", "outlets", "languages", "actors")
MAP_HEIGHT = 560  # fits a laptop screen under the title with the caption still in view
TILES_ENV = "DASHBOARD_TILES"
TILES_ATTRIBUTION_ENV = "DASHBOARD_TILES_ATTRIBUTION"


def render() -> None:
    st.title(TITLE)
    path, version = data.current()
    try:
        facets = data.facets(path, version)
        everything = data.events(path, version, Filters())
    except StoreBusyError:
        st.warning("The database is being updated by another process. Reload in a moment.")
        return
    if everything.empty:
        render_empty(path, exists=version > 0)
        return
    filters = filter_sidebar(facets, show=SHOW, date_bounds=event_map.date_bounds(everything))
    share_box(filters)
    events = data.events(path, version, filters)
    render_map(events)
    render_unplaced(event_map.split_placed(events)[1])
    st.subheader("Download this view")
    if events.empty:
        st.caption("Nothing to download: no events match the filters.")
    else:
        download_buttons(events, "events", geojson=True)


def render_empty(path: str, exists: bool) -> None:
    if exists:
        st.info(f"The database at `{path}` holds no events yet, so there is nothing to map.")
    else:
        st.info(f"There is no database at `{path}` yet, so there is nothing to map.")
    st.markdown(home.FIRST_STEPS)


def _tiles() -> event_map.TileSource | None:
    try:
        return event_map.tile_source(
            os.environ.get(TILES_ENV), os.environ.get(TILES_ATTRIBUTION_ENV)
        )
    except ValueError as err:
        st.warning(f"{err}. Showing the map without background tiles.")
        return None


def render_map(events: pd.DataFrame) -> None:
    base = str(st.get_option("server.baseUrlPath") or "")
    m, info = event_map.build_map(
        events, assets=map_assets(base_url_path=base), tiles=_tiles(), base_url_path=base
    )
    st.caption(
        f"{len(events):,} events match the filters: {info.placed:,} placed on the map, "
        f"{info.unplaced:,} without a known place (listed below the map). Click a point for "
        "its date, place, count and the sentence it was read from; place outlines are "
        "approximate."
    )
    if events.empty:
        st.info("No events match these filters. Widen the dates or clear filters in the sidebar.")
    elif info.aggregated:
        st.info(
            f"{info.placed:,} placed events are too many to draw one by one: they are counted "
            f"in {info.cells:,} grid cells of {info.cell_degrees:g}°. Filter by type, outlet "
            "or dates to see single events."
        )
    st_folium(
        m,
        key="events_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=[],
    )


def render_unplaced(unplaced: pd.DataFrame) -> None:
    if unplaced.empty:
        return
    st.subheader(f"Events without a place ({len(unplaced):,})")
    table = unplaced.assign(
        when=[event_map.date_text(r) for r in unplaced.to_dict(orient="records")],
        article=[event_map.article_href(a) for a in unplaced["article_id"]],
    )
    st.dataframe(
        table[["when", "type", "evidence", "outlet", "article"]],
        hide_index=True,
        width="stretch",
        height=min(400, 38 + 35 * len(table)),
        column_config={
            "when": "Date",
            "type": "Type",
            "evidence": st.column_config.TextColumn("Evidence", width="large"),
            "outlet": "Outlet",
            "article": st.column_config.LinkColumn("Article", display_text="open"),
        },
    )
