"""The Evacuations page: every reported figure over time, by outlet, with its evidence.

Filters (dates, outlets, languages, places, and whether casualties are included) live in
the URL so a view can be shared.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from dashboard import query
from dashboard.query import CASUALTY_TYPES, PEOPLE_TYPES, Filters
from dashboard.ui import data
from dashboard.ui.columns import EVIDENCE_COLUMNS
from dashboard.ui.evacuations.figure import (
    KEY_INCIDENTS,
    MEASURE_OF_TYPE,
    conflicts,
    days_chart,
    disputed_days,
    figure_table,
    figures_chart,
    incident_key_events,
    load_key_events,
    prepare,
)
from dashboard.ui.export import deferred_download_buttons, download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.format import display_frame
from dashboard.ui.opening import open_page
from dashboard.ui.page_state import flag_choice
from dashboard.ui.safe import md_escape
from dashboard.ui.share import share_box

TITLE = "Evacuations and displacement"
CASUALTIES_KEY = "flt_casualties"
SHOW = ("dates", "outlets", "languages", "places")
ALL_TYPES = PEOPLE_TYPES + CASUALTY_TYPES
MAX_POINTS = 500  # more figures than this are drawn as a daily range, not per outlet
MAX_LISTED = 1000  # ... and only the most recent are listed (the downloads hold all)
MAX_DISPUTES_LISTED = 10
SUMMARY_KEY = "evacuations_summary_chart"
COLUMNS = {
    "date": st.column_config.TextColumn("Date", width="small"),
    "figure": "Figure",
    "day range": st.column_config.TextColumn(
        "Day range",
        help="Lowest – highest figure that day, set where outlets disagree",
        width="medium",
    ),
    "type": "Type",
    "place": "Place",
    "outlet": "Outlet",
    "language": "Language",
    **EVIDENCE_COLUMNS,
}


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def _places(path: str, version: float, types: tuple[str, ...]) -> tuple[str, ...]:
    return query.figure_places(data.get_store(path), types)


def render() -> None:
    opened = open_page(
        TITLE, lambda path, version: data.figure_span(path, version, ALL_TYPES), render_empty
    )
    if opened is None:
        return
    path, version, span, facets = opened.path, opened.version, opened.span, opened.facets
    casualties = flag_choice(CASUALTIES_KEY, "casualties")
    types = ALL_TYPES if casualties else PEOPLE_TYPES
    facets = replace(facets, places=_places(path, version, types))
    filters = filter_sidebar(
        facets,
        show=SHOW,
        date_bounds=span.bounds,
        page_params={"casualties": "1" if casualties else None},
    )
    share_box(filters, {"casualties": "1" if casualties else None})
    st.toggle("Include casualties (a separate panel)", key=CASUALTIES_KEY)
    # the daily range first: it tells how many figures match, and a large view needs it
    measures = tuple((t, MEASURE_OF_TYPE[t]) for t in types if t in MEASURE_OF_TYPE)
    days = data.figure_days(path, version, filters, types, measures)
    total = int(days["figures"].sum()) if len(days) else 0
    if total == 0:
        st.info("No reported figures match these filters. Widen the dates or clear a filter.")
        return
    marks = key_events(path, version, filters, types, span.bounds, facets.types)
    if total <= MAX_POINTS:
        df = prepare(data.figures(path, version, filters, types))
        render_chart(df, facets.outlets, marks)
        render_table(df)
    else:
        render_summary(path, version, filters, types, days[days["day"].notna()], total, marks)


def key_events(
    path: str,
    version: float,
    filters: Filters,
    types: tuple[str, ...],
    bounds: tuple,
    all_types: tuple[str, ...],
) -> list:
    """The chart's key-event marks: the incidents of the view's dates (the figures' own
    span by default, `bounds`) that most outlets reported, not those of the charted
    types; the reference list in data/ui/key_events.json while there are none."""
    dates = Filters(date_from=filters.date_from or bounds[0], date_to=filters.date_to or bounds[1])
    # every stored event type but the charted ones (`all_types`, the filter choices), and
    # only the most reported incidents read: counting which types the dates hold first
    # grouped every incident of the span (0.2 s on PostgreSQL at 1M events)
    marked = tuple(sorted(str(t) for t in all_types if t not in set(types)))
    top = (
        data.incidents(
            path, version, replace(dates, types=marked), 2, 2 * KEY_INCIDENTS, order="outlets"
        )
        if marked
        else None
    )
    marks = incident_key_events(top, types)
    return marks or load_key_events()


def render_summary(
    path: str,
    version: float,
    filters: Filters,
    types: tuple[str, ...],
    days: pd.DataFrame,
    total: int,
    marks: list | None = None,
) -> None:
    """A view too large for one point per figure: the daily range and the disputed days
    (`days`, from the database), the most recent figures in the table, everything in the
    downloads."""
    disputed = disputed_days(days)
    st.caption(
        f"{total:,} reported figures match: too many for a line per outlet, so the chart "
        "shows the grey band from the lowest to the highest figure reported each day, with "
        "red rings on days outlets disagree. Dotted lines are key events. Choose outlets or "
        "narrow the dates to see each outlet's own figures."
    )
    if len(days):
        marks = load_key_events() if marks is None else marks
        st.plotly_chart(days_chart(days, marks), key=SUMMARY_KEY, width="stretch")
    st.subheader("Every figure, with its evidence")
    if disputed.empty:
        st.caption("No two outlets disagree on the same day.")
    else:
        latest = disputed.sort_values("day", ascending=False).head(MAX_DISPUTES_LISTED)
        lines = [
            f"- {r.day:%d %b %Y}: {r.low:,} – {r.high:,} ({r.outlets} outlets)"
            for r in latest.itertuples(index=False)
        ]
        st.markdown(
            f"**Outlets disagree on {len(disputed):,} days**; the most recent:\n" + "\n".join(lines)
        )
    shown = prepare(data.recent_figures(path, version, filters, types, MAX_LISTED))
    st.caption(
        f"The {len(shown):,} most recent of {total:,} figures, newest first; the downloads "
        "hold all of them."
    )
    table = figure_table(shown, disputed)
    st.dataframe(display_frame(table), hide_index=True, width="stretch", column_config=COLUMNS)
    store = data.get_store(path)

    def everything() -> pd.DataFrame:
        rows = prepare(query.figures(store, filters, types))
        return figure_table(rows).assign(article_id=rows["article_id"].to_list())

    deferred_download_buttons(everything, "figures", total)


def render_chart(df: pd.DataFrame, outlets: tuple[str, ...], marks: list | None = None) -> None:
    st.caption(
        "One step line per outlet: each point is a figure as that outlet reported it. "
        "The grey band spans the lowest to the highest figure reported each day; red rings "
        "mark days on which outlets disagree. Dotted lines are key events: the incidents "
        "most outlets reported (hover a label for how many)."
    )
    st.plotly_chart(
        figures_chart(df, load_key_events() if marks is None else marks, outlets),
        key="evacuations_chart",
        width="stretch",
    )
    undated = int(df["day"].isna().sum())
    if undated:
        st.caption(f"{undated} undated figures are in the table but not on the chart.")


def render_table(df: pd.DataFrame) -> None:
    disputed = conflicts(df)
    st.subheader("Every figure, with its evidence")
    if disputed.empty:
        st.caption(f"{len(df)} figures; no two outlets disagree on the same day.")
    else:
        st.markdown(
            f"**Outlets disagree on {len(disputed)} "
            f"{'day' if len(disputed) == 1 else 'days'}:**\n"
            + "\n".join(f"- {md_escape(t)}" for t in disputed["text"])
        )
    table = figure_table(df)
    st.dataframe(display_frame(table), hide_index=True, width="stretch", column_config=COLUMNS)
    download_buttons(table.assign(article_id=df["article_id"].to_list()), "figures")


def render_empty(path: str, exists: bool) -> None:
    steps = (
        "Figures (people evacuated, displaced or killed) are read from ingested articles: "
        "`python -m dashboard ingest path/to/articles/`, then reload this page."
    )
    data.say_empty(path, exists, "reported figures", steps=steps)
