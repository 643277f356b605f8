"""One read-only store per process and short-lived cached query results.

Results are cached per (database location, data version, filters) for a short ttl, so a
re-ingest shows up on the next rerun without restarting the app. The data version of a
DuckDB file is its modification time; of a PostgreSQL database, `Store.data_version()`.
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

from dashboard import query
from dashboard.paths import default_db
from dashboard.query import summary
from dashboard.store import Store, backend_of, open_store
from dashboard.ui import auth

TTL_SECONDS = 60
MAX_ENTRIES = 64  # filtered views kept per cached function


def db_path() -> str:
    """The database location, for a visitor allowed to read (anyone on a local install);
    anyone else gets the sign-in screen and the page stops here."""
    auth.require_reader()
    return default_db()


def shown(path: str) -> str:
    """The database location as pages may show it (no password)."""
    if backend_of(path) == "postgresql":
        from dashboard.store.postgres_store import redact

        return redact(path)
    return path


BUSY = "The database is being updated by another process. Reload in a moment."


def say_busy() -> None:
    """What a page shows instead of its content while a writer keeps the database busy."""
    st.warning(BUSY)


def say_empty(path: str, exists: bool, holds_no: str, so: str = "", steps: str = "") -> None:
    """What a page shows when the database does not exist yet or has nothing for it:
    `holds_no` names what is missing ("events"), `so` what follows for the page, and
    `steps` (Markdown) how to get there."""
    where = f"holds no {holds_no} yet" if exists else "does not exist yet"
    st.info(f"The database at `{shown(path)}` {where}{so}.")
    if steps:
        st.markdown(steps)


def db_version(path: str) -> float:
    """Changes whenever the database (or its write-ahead log) is written; 0 while there is
    no database yet."""
    if backend_of(path) == "postgresql":
        return get_store(path).data_version()
    stamps = [os.stat(p).st_mtime for p in (path, f"{path}.wal") if os.path.exists(p)]
    return max(stamps, default=0.0)


def _close(store: Store) -> None:
    store.close()


# on_release: clearing the cache (tests do, between apps) closes a PostgreSQL pool too
@st.cache_resource(show_spinner=False, on_release=_close)
def get_store(path: str) -> Store:
    return open_store(path, read_only=True)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def overview(path: str, version: float) -> query.Overview:
    return query.overview(get_store(path))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def recent_articles(path: str, version: float, limit: int = 10) -> pd.DataFrame:
    return query.recent_articles(get_store(path), limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def events(
    path: str,
    version: float,
    filters: query.Filters,
    limit: int | None = None,
    located: bool | None = None,
) -> pd.DataFrame:
    return query.events(get_store(path), filters, limit, located)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def statements(
    path: str,
    version: float,
    filters: query.Filters,
    sides: tuple[str, ...] = (),
    limit: int | None = None,
) -> pd.DataFrame:
    return query.statements(get_store(path), filters, limit, sides)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def articles(
    path: str,
    version: float,
    filters: query.Filters,
    limit: int | None = None,
    order: tuple[tuple[str, bool], ...] = (),
) -> pd.DataFrame:
    return query.articles(get_store(path), filters, limit, order)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def count_articles(path: str, version: float, filters: query.Filters) -> int:
    return query.count_articles(get_store(path), filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def event_span(path: str, version: float) -> summary.Span:
    return summary.event_span(get_store(path))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def map_groups(path: str, version: float, filters: query.Filters) -> pd.DataFrame:
    return summary.map_groups(get_store(path), filters)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def statement_span(path: str, version: float) -> summary.StatementSpan:
    return summary.statement_span(get_store(path))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def count_statements(
    path: str, version: float, filters: query.Filters, sides: tuple[str, ...] = ()
) -> int:
    return summary.count_statements(get_store(path), filters, sides)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def statement_timeline(
    path: str, version: float, filters: query.Filters, sides: tuple[str, ...], monthly: bool
) -> pd.DataFrame:
    return summary.statement_timeline(get_store(path), filters, sides, monthly)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def facets(path: str, version: float) -> query.Facets:
    return query.facets(get_store(path))


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def article(path: str, version: float, article_id: str) -> dict | None:
    return query.article(get_store(path), article_id)


def current() -> tuple[str, float]:
    """(database path, version) for the cache keys of this rerun."""
    path = db_path()
    return path, db_version(path)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False)
def figure_span(path: str, version: float, types: tuple[str, ...]) -> summary.Span:
    return summary.figure_span(get_store(path), types)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def figures(
    path: str,
    version: float,
    filters: query.Filters,
    types: tuple[str, ...],
    limit: int | None = None,
) -> pd.DataFrame:
    return query.figures(get_store(path), filters, types, limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def recent_figures(
    path: str, version: float, filters: query.Filters, types: tuple[str, ...], limit: int
) -> pd.DataFrame:
    return query.recent_figures(get_store(path), filters, types, limit)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def count_figures(path: str, version: float, filters: query.Filters, types: tuple[str, ...]) -> int:
    return summary.count_figures(get_store(path), filters, types)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def figure_days(
    path: str,
    version: float,
    filters: query.Filters,
    types: tuple[str, ...],
    measures: tuple[tuple[str, str], ...],
) -> pd.DataFrame:
    return summary.figure_days(get_store(path), filters, types, dict(measures))


# -- incidents (issue 12) ---------------------------------------------------------------


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def incidents(
    path: str,
    version: float,
    filters: query.Filters,
    min_outlets: int = 1,
    limit: int | None = None,
    located: bool | None = None,
    order: str = "newest",
    columns: tuple[str, ...] | None = None,
):
    from dashboard.query import incidents as incident_query

    store = get_store(path)
    return incident_query.incidents(store, filters, min_outlets, limit, located, order, columns)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def incident_by_id(path: str, version: float, incident_id: str) -> pd.DataFrame:
    from dashboard.query import incidents as incident_query

    return incident_query.incident_by_id(get_store(path), incident_id)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def incident_groups(
    path: str, version: float, filters: query.Filters, min_outlets: int = 1
) -> pd.DataFrame:
    from dashboard.query import incidents as incident_query

    return incident_query.incident_groups(get_store(path), filters, min_outlets)


@st.cache_data(ttl=TTL_SECONDS, show_spinner=False, max_entries=MAX_ENTRIES)
def incident_reports(
    path: str,
    version: float,
    incident_ids: tuple[str, ...],
    per_incident: int | None = None,
    within: query.Filters | None = None,
) -> pd.DataFrame:
    from dashboard.query import incidents as incident_query

    return incident_query.incident_reports(get_store(path), incident_ids, per_incident, within)
