"""The Articles page: a filterable, sortable list, and one article with its evidence marked.

Both views live on one page and are told apart by the URL (`?article=<id>` opens an
article), so other pages can link straight to an article and the list's filters stay in
the URL while an article is open: "Back to the list" only drops `article`.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

import pandas as pd
import streamlit as st

from dashboard import query
from dashboard.query.article_facts import ArticleFacts, article_facts
from dashboard.store import StoreBusyError
from dashboard.ui import data
from dashboard.ui.articles.highlight import Mark, find_spans, highlight_html, legend_html
from dashboard.ui.export import deferred_download_buttons, download_buttons
from dashboard.ui.filters import filter_sidebar
from dashboard.ui.format import display_frame, geo_precision_text, time_precision_text
from dashboard.ui.safe import safe_url
from dashboard.ui.share import share_box
from dashboard.ui.sorting import Sort, sort_frame
from dashboard.ui.state import read_filters, read_param

ARTICLE_KEY = "article"
SORT_KEY = "sort"
SHOW = ("dates", "types", "outlets", "languages", "places", "speakers", "text")
MAX_LISTED = 1000  # articles listed at once; the downloads hold every match
_TABLE_GEN = "articles_table_gen"
_SORT_WIDGET = "articles_sort"


# URL value -> sort; the first is the default (and the query's own order); with a search
# the default is RELEVANCE, offered only then
RELEVANCE = "relevance"
SORTS: dict[str, Sort] = {
    "newest": Sort("Newest first", ("published",), (False,)),
    "oldest": Sort("Oldest first", ("published",), (True,)),
    "events": Sort("Most events", ("events", "published"), (False, False)),
    "statements": Sort("Most statements", ("statements", "published"), (False, False)),
    "places": Sort("Most places", ("places", "published"), (False, False)),
    "outlet": Sort("Outlet (A–Z)", ("outlet", "published"), (True, False)),
    "title": Sort("Title (A–Z)", ("title",), (True,)),
    RELEVANCE: Sort("Best match", (query.RELEVANCE, "published"), (False, False)),
}
DEFAULT_SORT = next(iter(SORTS))
_SORT_MODE = "articles_sort_searching"

_TEXT_SORTS = ("title", "outlet")
LIST_COLUMNS = (
    "published",
    "title",
    "match",
    "outlet",
    "languages",
    "places",
    "events",
    "statements",
)


# -- pure helpers (tested without a browser) ----------------------------------------------


def sort_options(searching: bool) -> list[str]:
    """The sorts offered: best match first while searching, not offered otherwise."""
    rest = [k for k in SORTS if k != RELEVANCE]
    return [RELEVANCE, *rest] if searching else rest


def sort_key(value: str | None, searching: bool = False) -> str:
    """A known sort from the URL, else the default (hand-edited links must not fail)."""
    options = sort_options(searching)
    return value if value in options else options[0]


def sort_articles(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """`df` in the chosen order, undated and untitled rows last; stable for ties."""
    return sort_frame(df, SORTS.get(key, SORTS[DEFAULT_SORT]), _TEXT_SORTS)


def languages_text(main: object, others: object) -> str:
    """ "ru (+en)": the body's language first, then the other languages present."""
    first = main if isinstance(main, str) and main else ""
    rest = [str(x) for x in others if x != first] if isinstance(others, list) else []
    if not first:
        return ", ".join(rest)
    return f"{first} (+{', '.join(rest)})" if rest else first


def list_table(df: pd.DataFrame) -> pd.DataFrame:
    """The list's visible columns, in order, with languages as one short text."""
    out = df.copy()
    if not out.empty:
        out["languages"] = [
            languages_text(m, o) for m, o in zip(out["language"], out["languages"], strict=True)
        ]
    return display_frame(out[[c for c in LIST_COLUMNS if c in out.columns]], ("outlet",))


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _rows(df: pd.DataFrame) -> Iterator[dict]:
    yield from (df.to_dict("records") if not df.empty else [])


def fact_marks(facts: ArticleFacts) -> list[Mark]:
    """One labelled mark per fact: "event: evacuation · 2023-09-20",
    "statement: Nikol Pashinyan", "place: Goris"."""
    marks: list[Mark] = []
    for row in _rows(facts.events):
        label = f"event: {_text(row.get('type')) or 'event'}"
        if when := _text(row.get("date")):
            label += f" · {when}"
        marks.append(Mark(str(row["evidence"]), label, "event"))
    for row in _rows(facts.statements):
        marks.append(
            Mark(
                str(row["evidence"]), f"statement: {_text(row.get('speaker')) or '?'}", "statement"
            )
        )
    for row in _rows(facts.places):
        marks.append(Mark(str(row["evidence"]), f"place: {_text(row.get('name')) or '?'}", "place"))
    return marks


def _date_text(value: object) -> str | None:
    """A stored date as YYYY-MM-DD (pandas hands DATE columns back as timestamps)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value)


# -- cached reads --------------------------------------------------------------------------


@st.cache_data(ttl=data.TTL_SECONDS, show_spinner=False)
def _facts(path: str, version: float, article_id: str) -> ArticleFacts:
    return article_facts(data.get_store(path), article_id)


# -- rendering -----------------------------------------------------------------------------


def render() -> None:
    st.title("Articles")
    path, version = data.current()
    try:
        article_id = read_param(ARTICLE_KEY)
        if article_id:
            render_article(path, version, article_id)
        else:
            render_list(path, version)
    except StoreBusyError:
        data.say_busy()


def render_empty(path: str, exists: bool) -> None:
    data.say_empty(path, exists, "articles", steps="Add articles on the Ingest page.")


def render_list(path: str, version: float) -> None:
    ov = data.overview(path, version)
    if ov.empty:
        render_empty(path, exists=version > 0)
        return
    searching = query.is_search(read_filters().text)
    options = sort_options(searching)
    url_sort = sort_key(read_param(SORT_KEY), searching)
    filters = filter_sidebar(
        data.facets(path, version),
        show=SHOW,
        date_bounds=(ov.date_from, ov.date_to),
        page_params={SORT_KEY: None if url_sort == options[0] else url_sort},
        text_label='Search titles and text (words, "a phrase")',
    )
    if query.is_search(filters.text) != searching:  # the search box changed this run
        searching = not searching
        options = sort_options(searching)
    head, sort_col = st.columns([3, 1], vertical_alignment="bottom")
    with sort_col:
        # a search starts at the best matches, clearing it goes back to the newest
        if st.session_state.get(_SORT_MODE) != searching:
            st.session_state[_SORT_MODE] = searching
            asked = read_param(SORT_KEY)  # a sort the link asks for, else the mode's default
            st.session_state[_SORT_WIDGET] = asked if asked in options else options[0]
        elif st.session_state.get(_SORT_WIDGET) not in options:  # back from an article
            st.session_state[_SORT_WIDGET] = url_sort
        chosen = st.selectbox(
            "Sort by", options, format_func=lambda k: SORTS[k].label, key=_SORT_WIDGET
        )
    _write_sort(chosen, options[0])
    extra = {SORT_KEY: chosen} if chosen != options[0] else None
    share_box(filters, extra)
    # the first MAX_LISTED rows in the chosen order, plus one to tell whether that is all
    order = sql_order(chosen)
    df = data.articles(path, version, filters, MAX_LISTED + 1, order)
    complete = len(df) <= MAX_LISTED
    total = len(df) if complete else data.count_articles(path, version, filters)
    if complete:
        head.caption(
            f"{len(df)} of {ov.articles} articles. Select a row to open the article with its "
            "evidence highlighted; click a column header to sort by it."
        )
    else:
        df = df.head(MAX_LISTED)
        head.caption(
            f"{total:,} of {ov.articles:,} articles match; the first {MAX_LISTED:,} in this "
            "order are listed (the downloads hold all). Select a row to open the article "
            "with its evidence highlighted."
        )
    if df.empty:
        st.info("No article matches these filters. Clear or widen them in the sidebar.")
        return
    shown = sort_articles(df, chosen) if complete else df.reset_index(drop=True)
    _table(shown)
    if not searching:  # while the reader looks at the list, before they search
        query.read_ahead_search(data.get_store(path))
    with st.columns([1, 3])[0]:
        if complete:
            download_buttons(shown.drop(columns=["ingested_at"], errors="ignore"), "articles")
        else:
            store = data.get_store(path)
            deferred_download_buttons(
                lambda: query.articles(store, filters, None, order).drop(
                    columns=["ingested_at"], errors="ignore"
                ),
                "articles",
                total,
            )


def sql_order(key: str) -> tuple[tuple[str, bool], ...]:
    """The chosen sort as (column, ascending) pairs for `query.articles`."""
    sort = SORTS.get(key, SORTS[DEFAULT_SORT])
    return tuple(zip(sort.columns, sort.ascending, strict=True))


def _write_sort(chosen: str, default: str) -> None:
    qp = st.query_params
    if chosen == default:
        if SORT_KEY in qp:
            del qp[SORT_KEY]
    elif qp.get(SORT_KEY) != chosen:
        qp[SORT_KEY] = chosen


def _table(shown: pd.DataFrame) -> None:
    """The list; selecting a row opens that article (a fresh table key afterwards, so the
    old selection does not reopen it when coming back)."""
    gen = st.session_state.get(_TABLE_GEN, 0)
    event = st.dataframe(
        list_table(shown),
        hide_index=True,
        width="stretch",
        key=f"articles_table_{gen}",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "published": st.column_config.TextColumn("Published", width="small"),
            "title": st.column_config.TextColumn("Title", width=320),
            "match": st.column_config.TextColumn("Matching sentence", width=380),
            "outlet": st.column_config.TextColumn("Outlet", width=170),
            "languages": st.column_config.TextColumn("Lang.", width="small"),
            "places": st.column_config.NumberColumn("Places", width="small"),
            "events": st.column_config.NumberColumn("Events", width="small"),
            "statements": st.column_config.NumberColumn("Statements", width="small"),
        },
    )
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows and 0 <= rows[0] < len(shown):
        st.session_state[_TABLE_GEN] = gen + 1
        st.query_params[ARTICLE_KEY] = str(shown.iloc[rows[0]]["id"])
        st.rerun()


def render_article(path: str, version: float, article_id: str) -> None:
    filters = read_filters()
    if st.button("← Back to the list", key="back_to_list"):
        del st.query_params[ARTICLE_KEY]
        st.rerun()
    art = data.article(path, version, article_id)
    if art is None:
        st.warning("No article with this id is in the database: the link may be old or mistyped.")
        st.text(f"id: {article_id[:200]}")
        share_box(filters)
        return
    share_box(filters, {ARTICLE_KEY: article_id})
    facts = _facts(path, version, article_id)
    _metadata(art)
    marks = fact_marks(facts)
    _, missing = find_spans(art.get("body") or "", marks)
    st.html(legend_html())
    st.html(highlight_html(art.get("body") or "", marks))
    if missing:
        st.caption(
            f"{len(missing)} fact(s) cite a sentence not found verbatim in the body; "
            "they are listed below but not highlighted."
        )
    _fact_tables(facts)


def _metadata(art: dict) -> None:
    """Title and metadata as plain text elements: nothing from the article is markdown."""
    st.html(_title_html(art.get("title")))
    published = _date_text(art.get("published"))
    langs = languages_text(art.get("language"), art.get("languages") or [])
    cols = st.columns(4)
    for col, label, value in (
        (cols[0], "Outlet", art.get("outlet")),
        (cols[1], "Published", published),
        (cols[2], "Language(s)", langs),
        (cols[3], "Source", art.get("source")),
    ):
        with col:
            st.text(f"{label}: {_text(value) or '—'}")
    if link := safe_url(art.get("url")):
        st.link_button("Original article ↗", link)


def _title_html(title: object) -> str:
    return f"<h2 style='margin: 0.2em 0'>{html.escape(_text(title) or '(untitled)')}</h2>"


_FACT_COLUMNS: dict[str, dict[str, str]] = {
    "Events": {
        "type": "Type",
        "date": "Date",
        "time_precision": "Date precision",
        "place": "Place",
        "geo_precision": "Place precision",
        "actors": "Actors",
        "count": "Count",
        "count_qualifier": "Qualifier",
        "evidence": "Evidence",
    },
    "Statements": {
        "speaker": "Speaker",
        "speaker_role": "Role",
        "side": "Side",
        "date": "Date",
        "mode": "Mode",
        "quote": "Quote",
        "evidence": "Evidence",
    },
    "Places": {
        "name": "Place",
        "surface": "As written",
        "kind": "Kind",
        "lat": "Lat",
        "lon": "Lon",
        "evidence": "Evidence",
    },
}


def _precision_words(df: pd.DataFrame) -> pd.DataFrame:
    """An events table's precisions in words ("exact day", "district or region,
    inferred from the paragraph"); other tables unchanged."""
    if "time_precision" not in df.columns:
        return df
    out = df.copy()
    out["time_precision"] = [time_precision_text(v) for v in df["time_precision"]]
    sources = df["place_source"] if "place_source" in df else [None] * len(df)
    out["geo_precision"] = [
        geo_precision_text(g, s) for g, s in zip(df["geo_precision"], sources, strict=True)
    ]
    return out


def _fact_tables(facts: ArticleFacts) -> None:
    """Below the body, each fact with its evidence (tables show text as text)."""
    st.subheader("Facts read from this article")
    if facts.empty:
        st.caption("No facts were extracted from this article.")
        return
    for title, df in (
        ("Events", facts.events),
        ("Statements", facts.statements),
        ("Places", facts.places),
    ):
        st.markdown(f"**{title}** ({len(df)})")
        if df.empty:
            st.caption(f"No {title.lower()}.")
            continue
        labels = _FACT_COLUMNS[title]
        config = {c: label for c, label in labels.items() if c != "evidence"}
        config["evidence"] = st.column_config.TextColumn("Evidence", width="large")
        if "actors" in config:
            config["actors"] = st.column_config.ListColumn("Actors")
        st.dataframe(
            display_frame(_precision_words(df)[[c for c in labels if c in df.columns]]),
            hide_index=True,
            width="stretch",
            column_config=config,
        )
