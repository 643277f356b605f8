"""The home page: what the database holds, or first steps when it holds nothing."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.query import Figure, Filters, Overview
from dashboard.store import StoreBusyError
from dashboard.ui import data
from dashboard.ui.format import count_text, date_range_text, display_frame, figure_source
from dashboard.ui.incidents import choice as incident_choice
from dashboard.ui.incidents import table as incident_table
from dashboard.ui.safe import md_escape, md_link, safe_url
from dashboard.ui.state import write_filters

TITLE = "Nagorno-Karabakh conflict news"
FIRST_STEPS = """
**First steps**

1. Build the sample database: `make run` does it for you, or run
   `python -m dashboard build-sample`.
2. Add your own articles (HTML, text or JSON files, or folders of them):
   `python -m dashboard ingest path/to/articles/`
3. Reload this page.
"""


def render() -> None:
    st.title(TITLE)
    path = data.db_path()
    try:
        version = data.db_version(path)
        ov = data.overview(path, version)
    except StoreBusyError:
        data.say_busy()
        return
    if ov.empty:
        render_empty(path, exists=version > 0)
        return
    choice = incident_choice.current()
    incident_choice.render(choice, tuple(st.columns([2, 1, 2], vertical_alignment="bottom")[:2]))
    write_filters(Filters(), choice.params())
    # incidents counted per place and type, and only the most reported read: a million
    # events make hundreds of thousands of incidents
    groups = (
        data.incident_groups(path, version, Filters(), choice.min_outlets)
        if choice.incidents
        else None
    )
    render_metrics(ov, None if groups is None else int(groups["events"].sum()))
    left, right = st.columns([3, 2])
    with left:
        if groups is None:
            render_events_by_type(ov.events_by_type)
        else:
            render_incidents_by_type(groups, choice.min_outlets)
    with right:
        render_figure(ov.latest_figure)
    if groups is not None:
        top = data.incidents(
            path, version, Filters(), choice.min_outlets, TOP_INCIDENTS, order="outlets"
        )
        render_top_incidents(top)
    render_recent(data.recent_articles(path, version))
    render_next_steps()


def render_empty(path: str, exists: bool) -> None:
    data.say_empty(path, exists, "articles", steps=FIRST_STEPS)


def render_metrics(ov: Overview, incidents: int | None = None) -> None:
    cols = st.columns(6 if incidents is not None else 5)
    cols[0].metric("Articles", ov.articles)
    cols[1].metric("Outlets", ov.outlets)
    cols[2].metric("Languages", ov.languages)
    cols[3].metric("Events", ov.events, help="Event reports: one per happening per article")
    cols[4].metric("Statements", ov.statements)
    if incidents is not None:
        cols[5].metric(
            "Incidents", incidents, help="Happenings, however many outlets reported them"
        )
    st.caption(
        f"Published {date_range_text(ov.date_from, ov.date_to)} · {ov.places} place mentions. "
        "Every event, statement and place carries the sentence it was read from."
    )


def render_events_by_type(by_type: pd.DataFrame) -> None:
    st.subheader("Events by type")
    if by_type.empty:
        st.write("No events extracted yet.")
        return
    st.bar_chart(
        by_type, x="type", y="events", x_label="events", y_label="", horizontal=True, sort="-events"
    )


def render_incidents_by_type(incidents: pd.DataFrame, min_outlets: int) -> None:
    """`incidents` as `query.incidents.incident_groups` counts them."""
    st.subheader("Incidents by type")
    if incidents.empty:
        st.write(
            "No incidents yet: run `python -m dashboard incidents --rebuild`."
            if min_outlets == 1
            else f"No incident was reported by {min_outlets} or more outlets."
        )
        return
    by_type = incidents.groupby("type")["events"].sum().rename("incidents").reset_index()
    st.bar_chart(
        by_type,
        x="type",
        y="incidents",
        x_label="incidents",
        y_label="",
        horizontal=True,
        sort="-incidents",
    )


TOP_INCIDENTS = 10


def render_top_incidents(incidents: pd.DataFrame) -> None:
    """The happenings most outlets reported (`incidents` in that order), conflicts tinted;
    the Incidents page has all."""
    st.subheader("Most reported incidents")
    if incidents.empty:
        st.write("None in this view.")
        return
    top = incidents.head(TOP_INCIDENTS)
    st.dataframe(
        incident_table.highlighted(incident_table.table(top)),
        hide_index=True,
        width="stretch",
        column_config=incident_table.COLUMNS,
    )
    st.page_link("pages/6_Incidents.py", label="Every incident", icon=":material/hub:")


def render_figure(fig: Figure | None) -> None:
    st.subheader("Latest evacuation / displacement figure")
    if fig is None:
        st.write("No counted evacuation or displacement in the articles yet.")
        return
    label = f"{fig.type.capitalize()}" + (f", {fig.date}" if fig.date else "")
    st.metric(md_escape(label), count_text(fig.count, fig.count_qualifier))
    st.markdown(f"> {md_escape(fig.evidence)}")
    st.caption(md_link(figure_source(fig), fig.url))


def render_recent(recent: pd.DataFrame) -> None:
    st.subheader("Recent articles")
    columns = ["published", "outlet", "title", "language", "events", "statements", "url"]
    recent = recent.copy()
    if "url" in recent.columns:
        recent["url"] = recent["url"].map(safe_url)
    st.dataframe(
        display_frame(recent[[c for c in columns if c in recent.columns]], ("outlet", "language")),
        hide_index=True,
        width="stretch",
        column_config={
            "published": st.column_config.TextColumn("Published"),
            "outlet": "Outlet",
            "title": "Title",
            "language": "Language",
            "events": st.column_config.NumberColumn("Events"),
            "statements": st.column_config.NumberColumn("Statements"),
            "url": st.column_config.LinkColumn("Link"),
        },
    )


def render_next_steps() -> None:
    """Where to go from the summary; only pages that exist in this installation and that
    the visitor's role may open."""
    from dashboard.ui import auth
    from dashboard.ui.navigation import EDITOR_PAGES, PAGES, PROJECT_ROOT

    editor = auth.current().can_edit
    st.subheader("Explore")
    row = st.container(horizontal=True)
    for file, title, _url, icon in PAGES:
        if file in EDITOR_PAGES and not editor:
            continue
        if (PROJECT_ROOT / "pages" / file).exists():
            row.page_link(f"pages/{file}", label=title, icon=icon)
