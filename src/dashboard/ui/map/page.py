"""The Map page: where the events happened, filtered from the sidebar and the URL.

The folium map itself is built in `dashboard.ui.map.build` (no Streamlit there); this module only
lays the page out: filters, the map, events that have no place, and downloads.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from dashboard import query
from dashboard.query import Filters
from dashboard.query import incidents as incident_query
from dashboard.ui import data
from dashboard.ui.export import deferred_download_buttons, download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.format import blank
from dashboard.ui.incidents import choice as incident_choice
from dashboard.ui.incidents import table as incident_table
from dashboard.ui.map import build as event_map
from dashboard.ui.map import incidents as incident_map
from dashboard.ui.map.assets import ensure_installed, map_assets, missing_message
from dashboard.ui.opening import open_page
from dashboard.ui.overview import page as home
from dashboard.ui.share import share_box

TITLE = "Map of events"
SHOW = ("dates", "types", "outlets", "languages", "actors", "exact")
MAP_HEIGHT = 560  # fits a laptop screen under the title with the caption still in view
MAX_UNPLACED_LISTED = 200  # events without a place listed under the map (all download)
EAGER_DOWNLOAD_ROWS = 2000  # larger views are read for a download only when clicked
# what the incidents map reads of each incident: all but the figures' JSON (`incidents`)
LISTED = incident_query.LISTED_COLUMNS
TILES_ENV = "DASHBOARD_TILES"
TILES_ATTRIBUTION_ENV = "DASHBOARD_TILES_ATTRIBUTION"


def render() -> None:
    opened = open_page(TITLE, data.event_span, render_empty)
    if opened is None:
        return
    path, version, span, facets = opened.path, opened.version, opened.span, opened.facets
    choice = incident_choice.current()
    incident_choice.render(choice)
    filters = filter_sidebar(
        facets, show=SHOW, date_bounds=span.bounds, page_params=choice.params()
    )
    share_box(filters, choice.params())
    if choice.incidents:
        render_incidents(path, version, filters, choice.min_outlets)
    else:
        render_reports(path, version, filters)


def render_reports(path: str, version: float, filters: Filters) -> None:
    """Every article's event as its own point (the view before incidents)."""
    groups = data.map_groups(path, version, filters)
    total = int(groups["events"].sum()) if len(groups) else 0
    if total == 0:
        render_map(path, version, filters, groups)
    elif total <= EAGER_DOWNLOAD_ROWS:
        # a small view: every event in one query, for the markers, the list and downloads
        events = data.events(path, version, filters)
        placed, unplaced = event_map.split_placed(events)
        render_map(path, version, filters, groups, lambda: placed)
        render_unplaced(unplaced)
    else:
        unplaced_n = int(groups.loc[~groups["located"], "events"].sum())
        render_map(path, version, filters, groups)
        if unplaced_n:
            listed = data.events(path, version, filters, MAX_UNPLACED_LISTED, False)
            render_unplaced(listed, unplaced_n)
    st.subheader("Download this view")
    if total == 0:
        st.caption("Nothing to download: no events match the filters.")
    elif total <= EAGER_DOWNLOAD_ROWS:
        download_buttons(events, "events", geojson=True)
    else:
        store = data.get_store(path)
        deferred_download_buttons(
            lambda: query.events(store, filters), "events", total, geojson=True
        )


def render_incidents(path: str, version: float, filters: Filters, min_outlets: int) -> None:
    """One point per incident, sized by its outlets, each outlet's report in the popup.
    A large view is drawn from the incidents counted per place, as the reports view is."""
    groups = data.incident_groups(path, version, filters, min_outlets)
    count = int(groups["events"].sum()) if len(groups) else 0
    base = str(st.get_option("server.baseUrlPath") or "")
    if count <= EAGER_DOWNLOAD_ROWS:
        # a small view: every incident in one query, for the markers and the list; without
        # each outlet's figures (JSON text, megabytes on an exodus view) the map never
        # shows: the download reads the full rows itself when clicked
        found = data.incidents(path, version, filters, min_outlets, columns=LISTED)
        placed, unplaced = event_map.split_placed(found)
        drawn = len(placed) <= event_map.MAX_MARKERS
        ids = tuple(str(i) for i in placed["incident_id"]) if drawn and len(placed) else ()
        reports = data.incident_reports(path, version, ids, incident_map.REPORTS_IN_POPUP, filters)
        m, info = incident_map.build_incident_map(
            found, reports, assets=page_assets(base), tiles=_tiles(), base_url_path=base
        )
    else:

        def load() -> tuple[pd.DataFrame, pd.DataFrame]:
            shown = data.incidents(path, version, filters, min_outlets, None, True, columns=LISTED)
            ids = tuple(str(i) for i in shown["incident_id"])
            reports = data.incident_reports(
                path, version, ids, incident_map.REPORTS_IN_POPUP, filters
            )
            return shown, reports

        m, info = incident_map.build_incident_map_groups(
            groups, load, assets=page_assets(base), tiles=_tiles(), base_url_path=base
        )
        unplaced = (
            data.incidents(
                path, version, filters, min_outlets, MAX_UNPLACED_LISTED, False, columns=LISTED
            )
            if info.unplaced
            else groups.iloc[0:0]
        )
    total = info.placed + info.unplaced
    st.caption(
        f"{total:,} incidents match the filters"
        + (f" (reported by at least {min_outlets} outlets)" if min_outlets > 1 else "")
        + f": {info.placed:,} placed on the map, {info.unplaced:,} without a known place "
        "(listed below the map). An incident is one happening, however many outlets reported "
        "it: a marker's size is how many outlets did; click it for each outlet's report with "
        "its language, date, figure and sentence. Dashed rings are region-level places. "
        "Switch to reports in the sidebar to see every article's event."
    )
    if total == 0:
        if data.event_span(path, version).rows and not len(
            data.incident_groups(path, version, Filters())
        ):
            st.info(
                "This database has events but no incidents yet: run "
                "`python -m dashboard incidents --rebuild`, or show reports in the sidebar."
            )
        else:
            st.info(
                "No incidents match these filters. Lower the number of outlets, widen the "
                "dates or clear filters in the sidebar."
            )
    elif info.aggregated:
        st.info(
            f"{info.placed:,} placed incidents are too many to draw one by one: they are "
            f"counted in {info.cells:,} grid cells of {info.cell_degrees:g}°. Filter by type, "
            "outlet, dates or outlets reporting to see single incidents."
        )
    st_folium(m, key="events_map", height=MAP_HEIGHT, use_container_width=True, returned_objects=[])
    if len(unplaced):
        st.subheader(f"Incidents without a place ({info.unplaced:,})")
        st.dataframe(
            incident_table.table(unplaced.head(MAX_UNPLACED_LISTED)),
            hide_index=True,
            width="stretch",
            column_config=incident_table.COLUMNS,
        )
    st.subheader("Download this view")
    if total == 0:
        st.caption("Nothing to download: no incidents match the filters.")
    else:
        store = data.get_store(path)
        deferred_download_buttons(
            lambda: incident_table.for_download(
                incident_query.incidents(store, filters, min_outlets)
            ),
            "incidents",
            total,
            geojson=True,
        )


def render_empty(path: str, exists: bool) -> None:
    data.say_empty(path, exists, "events", ", so there is nothing to map", home.FIRST_STEPS)


def _tiles() -> event_map.TileSource | None:
    try:
        return event_map.tile_source(
            os.environ.get(TILES_ENV), os.environ.get(TILES_ATTRIBUTION_ENV)
        )
    except ValueError as err:
        st.warning(f"{err}. Showing the map without background tiles.")
        return None


def render_map(
    path: str,
    version: float,
    filters: Filters,
    groups: pd.DataFrame,
    points: Callable[[], pd.DataFrame] | None = None,
) -> None:
    """The map of the view from its `groups`; `points()` gives the placed events when
    they are few enough to draw one by one (read from the database by default)."""
    base = str(st.get_option("server.baseUrlPath") or "")
    assets = page_assets(base)
    m, info = event_map.build_map_groups(
        groups,
        points or (lambda: data.events(path, version, filters, event_map.MAX_MARKERS, True)),
        assets=assets,
        tiles=_tiles(),
        base_url_path=base,
    )
    total = info.placed + info.unplaced
    st.caption(
        f"{total:,} events match the filters: {info.placed:,} placed on the map, "
        f"{info.unplaced:,} without a known place (listed below the map). Click a point for "
        "its date, place, count and the sentence it was read from. Dashed rings are events "
        "placed at a whole region or at a place inferred from the paragraph or article; "
        "place outlines are approximate."
    )
    if total == 0:
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


def page_assets(base_url_path: str):
    """The map's scripts, copied into static/vendor/ from the Debian packages when a bare
    `streamlit run` found them missing; a warning says what to run when even that fails,
    so the map never goes blank without a word."""
    ensure_installed()
    assets = map_assets(base_url_path=base_url_path)
    message = missing_message(assets)
    if message:
        st.warning(message)
    return assets


def render_unplaced(unplaced: pd.DataFrame, total: int | None = None) -> None:
    """The events without a place (the newest `MAX_UNPLACED_LISTED` of `total`)."""
    if unplaced.empty:
        return
    total = len(unplaced) if total is None else total
    st.subheader(f"Events without a place ({total:,})")
    if total > len(unplaced):
        st.caption(
            f"The {len(unplaced):,} most recent are listed; the downloads below hold all of them."
        )
    records = unplaced.to_dict(orient="records")
    table = unplaced.assign(
        when=[event_map.date_text(r) for r in records],
        outlet=[blank(r.get("outlet"), "unknown outlet") for r in records],
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
