"""The Ingest page's "From the web" section: an editor pastes article, feed or sitemap
URLs, saves sources (a feed, a sitemap, a GDELT query) and sees each one's last fetch,
new articles and errors. Fetching runs `fetch.run.fetch_and_ingest`, the command line's
path, with a progress bar; the store is opened for writing only while it runs.

The server fetches what is typed here, so only editors see this section, and a hosted
server shows it only with sign-in (see `hosting.decide`); every URL still goes through
the fetch package's checks (public addresses only, size and time limits, robots.txt).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard.fetch.address import FetchRefused, split_url
from dashboard.fetch.crawl import FetchTarget
from dashboard.fetch.limits import Limits
from dashboard.fetch.run import (
    FetchReport,
    default_name,
    due_sources,
    fetch_and_ingest,
    target_of,
)
from dashboard.fetch.schedule import format_every, parse_every
from dashboard.store import StoreBusyError, StoreError, open_store
from dashboard.store.sources import SavedSource
from dashboard.ui import auth, data, hosting
from dashboard.ui.ingest.writing import finished, guarded
from dashboard.ui.safe import md_escape

MAX_URLS = 50
EVERY_CHOICES = ("15m", "30m", "1h", "3h", "6h", "12h", "1d")
_RESULT = "fetch_result"
_NOTICE = "sources_notice"

Progress = Callable[[int, str], None]


def parse_urls(text: str) -> tuple[list[str], list[str]]:
    """The URLs in `text` (one per line, blank lines and repeats dropped) and the lines
    refused with the reason ("line: reason")."""
    urls: list[str] = []
    refused: list[str] = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line or line in urls:
            continue
        try:
            split_url(line)
        except FetchRefused as exc:
            refused.append(f"{line[:200]}: {exc}")
            continue
        urls.append(line)
    return urls, refused


def sources_table(sources: list[SavedSource]) -> pd.DataFrame:
    columns = [
        "name",
        "kind",
        "every",
        "last fetch",
        "new",
        "unchanged",
        "failed",
        "total new",
        "address or query",
        "status",
    ]
    rows = []
    for s in sources:
        if s.last_fetch_at is None:
            status = "not fetched yet"
        elif s.last_error:
            status = f"error: {s.last_error}"
        elif s.last_failed:
            status = f"{s.last_failed} article(s) failed"
        else:
            status = "ok"
        if s.last_note:
            status = f"{status}: {s.last_note}"
        rows.append(
            {
                "name": s.name,
                "kind": s.detected or s.kind,
                "every": format_every(s.every_seconds),
                "last fetch": s.last_fetch_at.strftime("%Y-%m-%d %H:%M") if s.last_fetch_at else "",
                "new": s.last_new,
                "unchanged": s.last_unchanged,
                "failed": s.last_failed,
                "total new": s.total_new,
                "status": status,
                "address or query": s.url,
            }
        )
    return pd.DataFrame(rows, columns=columns)


def run_fetch(
    db_path: str,
    targets: list[FetchTarget] | None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> FetchReport:
    """Fetch `targets` (None: the saved sources that are due) into the database."""
    with open_store(db_path) as store:
        if targets is None:
            targets = [target_of(s) for s in due_sources(store)]
        done = 0

        def step(item) -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, getattr(item, "source", ""))

        return fetch_and_ingest(targets, store, limits, progress=step)


def _saved(path: str) -> list[SavedSource] | str:
    try:
        return data.get_store(path).sources()
    except Exception as exc:  # an older schema nobody migrated yet, a server away
        return f"The saved sources cannot be read ({type(exc).__name__}); run `python -m dashboard migrate`."


# -- rendering -----------------------------------------------------------------------------


def render() -> None:
    st.header("From the web")
    if not auth.current().can_edit:
        return
    if not hosting.current().allow_fetch:
        st.info(
            "Fetching from the web is off on this server: it is hosted without sign-in. "
            "Use `python -m dashboard fetch URL` on the server, or configure sign-in "
            "(editors may then fetch), or set `allow_fetch = true` under `[dashboard]`."
        )
        return
    st.caption(
        "Paste addresses of article pages, RSS/Atom feeds or sitemaps, one per line: feeds "
        "and sitemaps are read and their articles fetched. Only public http(s) addresses "
        "are fetched, robots.txt is respected, each response is limited to 5 MB and 60 s, "
        "and articles already stored are left unchanged."
    )
    path = data.db_path()
    with st.form("fetch_urls", border=False):
        text = st.text_area("Addresses", placeholder="https://…/feed.xml", height=100)
        go = st.form_submit_button("Fetch now", type="primary")
    if go:
        urls, refused = parse_urls(text)
        if len(urls) > MAX_URLS:
            refused.append(f"only the first {MAX_URLS} addresses are fetched at once")
            urls = urls[:MAX_URLS]
        _fetch(path, [FetchTarget(u) for u in urls], refused)
    _show_result(st.session_state.get(_RESULT))
    _sources_part(path)


def _sources_part(path: str) -> None:
    st.subheader("Saved sources")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        (st.success if notice[0] == "ok" else st.error)(notice[1])
    saved = _saved(path)
    if isinstance(saved, str):
        st.warning(saved)
        saved = []
    if saved:
        st.dataframe(
            sources_table(saved),
            hide_index=True,
            width="stretch",
            column_config={"status": st.column_config.TextColumn("status", width="large")},
        )
        due = due_sources_from(saved)
        cols = st.columns([1, 1, 2])
        if cols[0].button(f"Fetch {len(due)} due source(s)", disabled=not due):
            _fetch(path, None, [])
            st.rerun()
        if cols[1].button("Fetch all now"):
            _fetch(path, [target_of(s) for s in saved], [])
            st.rerun()
        with cols[2].popover("Remove a source"):
            name = st.selectbox("Source", [s.name for s in saved], key="remove_source_name")
            if st.button("Remove", key="remove_source"):
                _write(
                    path,
                    lambda store: store.remove_source(name),
                    f"Removed {name}; its articles stay.",
                )
                st.rerun()
        st.caption(
            "Due sources are also fetched by `python -m dashboard fetch --sources` (cron) "
            "or `python -m dashboard watch` (a service)."
        )
    else:
        st.caption("No saved sources yet.")
    with st.form("add_source", clear_on_submit=True):
        st.markdown("**Save a source**")
        kind = st.radio(
            "Kind", ["Feed, sitemap or page", "GDELT query"], horizontal=True, key="source_kind"
        )
        address = st.text_input("Address (or GDELT query)", key="source_address")
        name = st.text_input("Name (optional)", key="source_name")
        every = st.selectbox("Fetch every", EVERY_CHOICES, index=1, key="source_every")
        if st.form_submit_button("Save source"):
            _add(path, kind == "GDELT query", address, name, every)
            st.rerun()


def due_sources_from(sources: list[SavedSource]) -> list[SavedSource]:
    from dashboard.fetch.schedule import is_due

    now = datetime.now()
    return [s for s in sources if is_due(s.last_fetch_at, s.every_seconds, now)]


def _add(path: str, gdelt: bool, address: str, name: str, every: str) -> None:
    address = " ".join((address or "").split()) if gdelt else (address or "").strip()
    if not address:
        st.session_state[_NOTICE] = ("error", "Give an address or a query.")
        return
    if not gdelt:
        try:
            split_url(address)
        except FetchRefused as exc:
            st.session_state[_NOTICE] = ("error", f"Not saved: {exc}")
            return
    name = (name or "").strip() or default_name(address, gdelt)
    seconds = parse_every(every)
    kind = "gdelt" if gdelt else "url"
    _write(
        path,
        lambda store: store.add_source(name, kind, address, seconds),
        f"Saved {name}: fetched every {every}.",
    )


def _write(path: str, action: Callable, done: str) -> None:
    if not auth.current().can_edit:  # never write for a non-editor, whatever the UI showed
        st.session_state[_NOTICE] = ("error", "Only editors can change sources.")
        return
    try:
        with open_store(path) as store:
            action(store)
    except StoreBusyError:
        st.session_state[_NOTICE] = (
            "error",
            "The database is in use by another process; try again.",
        )
        return
    except StoreError as exc:
        st.session_state[_NOTICE] = ("error", f"Not saved: {exc}")
        return
    st.cache_data.clear()
    st.session_state[_NOTICE] = ("ok", done)


def _fetch(path: str, targets: list[FetchTarget] | None, refused: list[str]) -> None:
    if not auth.current().can_edit or not hosting.current().allow_fetch:
        st.session_state[_RESULT] = ("error", "Only editors can fetch.")
        return
    if targets == [] and not refused:
        st.session_state[_RESULT] = ("error", "Give at least one address.")
        return
    bar = st.progress(0.0, text="Fetching…")

    def progress(done: int, source: str) -> None:
        # no total is known in advance (a feed lists its links once read): fill slowly
        bar.progress(min(0.95, done / (done + 10)), text=md_escape(f"{done} read: {source}"[:160]))

    try:
        ok, report = guarded(
            _RESULT,
            lambda: run_fetch(path, targets, progress) if targets != [] else None,
            "Nothing was fetched",
        )
    finally:
        bar.empty()
    if not ok:
        return
    st.cache_data.clear()
    st.session_state[_RESULT] = ("done", (report, refused))


def _show_result(outcome: tuple[str, object] | None) -> None:
    payload = finished(outcome)
    if payload is None:
        return
    report, refused = payload  # type: ignore[misc]
    failures = [] if report is None else [str(f) for f in report.failed]
    failures = refused + failures
    if report is not None:
        text = report.summary()
        (st.warning if failures else st.success)(text)  # our own words and numbers
        notes = [f"{r.target.label}: {n}" for r in report.targets for n in r.notes]
        for note in notes:
            st.caption(md_escape(note))
    if failures:
        st.dataframe(
            pd.DataFrame(
                [
                    dict(zip(("address", "reason"), f.split(": ", 1), strict=False))
                    for f in failures
                ],
                columns=["address", "reason"],
            ),
            hide_index=True,
            width="stretch",
        )
