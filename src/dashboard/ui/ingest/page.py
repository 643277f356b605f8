"""The Ingest page: upload files, store their articles, report one result per file.

Uploaded names come from the browser and are never used as paths: each upload is written
into a fresh temporary folder as `upload_001.<ext>`, with the extension taken from a fixed
allow-list, and the original name is only shown (as text) in the results. The store is
opened for writing only while an ingest runs, because DuckDB allows one writing process
and the app's readers (and a CLI ingest) must get the file back at once.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.ingest import DEFAULT_MAX_BYTES, iter_inputs
from dashboard.ingest.files import human_size
from dashboard.models import Article, IngestFailure
from dashboard.pipeline import IngestReport, ingest_paths
from dashboard.query import Filters
from dashboard.store import open_store
from dashboard.ui import auth, data, hosting
from dashboard.ui.ingest.writing import finished, guarded
from dashboard.ui.safe import md_escape
from dashboard.ui.share import share_box

ALLOWED_SUFFIXES = ("html", "htm", "txt", "json", "jsonl")
MAX_FILES = 100
_NAME_LIMIT = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESULTS = "ingest_results"
_UPLOADER_GEN = "ingest_uploader_gen"

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class FileResult:
    """What became of one uploaded file. `status`: new, unchanged or failed."""

    name: str
    status: str
    reason: str = ""
    articles: int = 0  # new articles stored from this file
    unchanged: int = 0  # articles already in the database
    facts: int = 0


def uploads_enabled() -> bool:
    """Uploads are on for a local install and off on a hosted one unless its config turns
    them on; DASHBOARD_ALLOW_UPLOAD decides over both (see `dashboard.ui.hosting`)."""
    return hosting.current().allow_upload


def display_name(name: str) -> str:
    """The uploaded name, shortened and without control characters, for the results only."""
    clean = _CONTROL.sub("", name or "").strip() or "(unnamed)"
    return clean if len(clean) <= _NAME_LIMIT else clean[: _NAME_LIMIT - 1] + "…"


def safe_suffix(name: str) -> str | None:
    """The lower-case extension if it is on the allow-list, else None (e.g. .zip)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    ext = ext.lower()
    return ext if dot and stem.strip(".") and ext in ALLOWED_SUFFIXES else None


def upload_filename(index: int, name: str) -> str:
    """The name an upload is saved under: generated, only the extension is kept."""
    return f"upload_{index + 1:03d}.{safe_suffix(name)}"


def _refusal(name: str, payload: bytes, max_bytes: int) -> str | None:
    if safe_suffix(name) is None:
        allowed = ", ".join(f".{s}" for s in ALLOWED_SUFFIXES)
        return f"unsupported file type; expected {allowed} (archives are not accepted)"
    if len(payload) > max_bytes:
        return f"file is {human_size(len(payload))}, over the {human_size(max_bytes)} limit"
    return None


def _renamed_reader(path: Path, shown: str, max_bytes: int):
    """`iter_inputs` naming the upload by its shown name instead of the temporary path,
    so stored sources and error messages never expose (or depend on) the temp folder."""
    prefix = str(path)

    def rename(text: str) -> str:
        return text.replace(prefix, shown)

    def reader(paths, *_args) -> Iterator[Article | IngestFailure]:
        for item in iter_inputs(paths, max_bytes):
            if isinstance(item, IngestFailure):
                yield IngestFailure(rename(item.source), rename(item.reason))
            else:
                yield replace(item, source=rename(item.source))

    return reader


def _result(shown: str, path: Path, report: IngestReport) -> FileResult:
    """One file's report as a row; a partly broken .jsonl keeps status new (or unchanged)
    and says how many of its records failed and why."""
    reasons = "; ".join(f.reason.replace(str(path), shown) for f in report.failed)
    if report.new:
        status = "new"
    elif report.unchanged:
        status = "unchanged"
    else:
        status = "failed"
    if status != "failed" and report.failed:
        total = report.new + report.unchanged + len(report.failed)
        reasons = f"{len(report.failed)} of {total} records failed: {reasons}"
    elif status == "failed" and not reasons:
        reasons = "no article found"
    return FileResult(shown, status, reasons, report.new, report.unchanged, report.facts)


def ingest_uploads(
    files: list[tuple[str, bytes]],
    db_path: str,
    progress: Progress | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> list[FileResult]:
    """Store the articles in `files` ((uploaded name, bytes) pairs) in the database at
    `db_path`, one result per file in the given order.

    A file that cannot be read fails on its own; the others are stored. Raises
    StoreBusyError when another process holds the database (nothing is written then)."""
    results: list[FileResult | None] = [None] * len(files)
    accepted: list[tuple[int, str, Path]] = []
    with tempfile.TemporaryDirectory(prefix="dashboard-upload-") as tmp:
        for i, (name, payload) in enumerate(files):
            shown = display_name(name)
            refusal = _refusal(name, payload, max_bytes)
            if refusal:
                results[i] = FileResult(shown, "failed", refusal)
                continue
            target = Path(tmp) / upload_filename(i, name)
            target.write_bytes(payload)
            accepted.append((i, shown, target))
        if accepted:
            _ingest_accepted(accepted, db_path, results, progress, max_bytes)
    if progress is not None:
        progress(1.0, "Done")
    return [r for r in results if r is not None]


def _ingest_accepted(
    accepted: list[tuple[int, str, Path]],
    db_path: str,
    results: list[FileResult | None],
    progress: Progress | None,
    max_bytes: int,
) -> None:
    store = open_store(db_path)  # StoreBusyError goes to the caller: nothing to do here
    try:
        for n, (i, shown, path) in enumerate(accepted):
            if progress is not None:
                progress(n / len(accepted), f"Reading {shown} ({n + 1} of {len(accepted)})")
            report = ingest_paths([path], store, reader=_renamed_reader(path, shown, max_bytes))
            results[i] = _result(shown, path, report)
    finally:
        store.close()


def results_table(results: list[FileResult]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "file": r.name,
                "status": r.status,
                "new articles": r.articles,
                "unchanged": r.unchanged,
                "facts": r.facts,
                "reason": r.reason,
            }
            for r in results
        ],
        columns=["file", "status", "new articles", "unchanged", "facts", "reason"],
    )


# -- rendering -----------------------------------------------------------------------------


def render() -> None:
    st.title("Ingest")
    share_box(Filters())
    if not auth.require_editor():  # app.py hides this page from non-editors; check again
        return
    st.header("Files")
    _render_uploads()
    from dashboard.ui.ingest import sources

    sources.render()


def _render_uploads() -> None:
    if not uploads_enabled():
        st.info(
            "Uploads are turned off on this server. Add articles with "
            "`python -m dashboard ingest path/to/articles/` instead, or turn uploads on "
            "with `allow_upload = true` under `[dashboard]` in .streamlit/secrets.toml."
        )
        return
    st.caption(
        "Upload articles as HTML pages, plain text, JSON or JSON Lines files (several at "
        f"once, up to {human_size(DEFAULT_MAX_BYTES)} each; archives are not accepted). "
        "Each file is read, its facts extracted and stored; a broken file is reported "
        "without stopping the others, and articles already stored are left unchanged."
    )
    gen = st.session_state.get(_UPLOADER_GEN, 0)
    uploads = st.file_uploader(
        "Article files",
        type=list(ALLOWED_SUFFIXES),
        accept_multiple_files=True,
        key=f"ingest_uploader_{gen}",
        max_upload_size=max(1, DEFAULT_MAX_BYTES // (1024 * 1024)),
    )
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        st.warning(f"Only the first {MAX_FILES} files are ingested at once.")
        uploads = uploads[:MAX_FILES]
    label = f"Ingest {len(uploads)} file(s)" if uploads else "Ingest"
    if st.button(label, type="primary", disabled=not uploads):
        _run(uploads)
        st.session_state[_UPLOADER_GEN] = gen + 1
        st.rerun()
    _show_results(st.session_state.get(_RESULTS))


def _run(uploads: list) -> None:
    if not auth.current().can_edit:  # never write for a non-editor, whatever the UI showed
        st.session_state[_RESULTS] = ("error", "Only editors can add articles.")
        return
    bar = st.progress(0.0, text="Starting…")
    files = [(u.name, u.getvalue()) for u in uploads]
    try:
        # the progress text is Markdown and names the uploaded files
        ok, results = guarded(
            _RESULTS,
            lambda: ingest_uploads(
                files, data.db_path(), lambda f, t: bar.progress(f, text=md_escape(t))
            ),
            "Nothing was stored",
        )
    finally:
        bar.empty()
    if not ok:
        return
    st.cache_data.clear()  # the other pages show the new articles on their next run
    st.session_state[_RESULTS] = ("done", results)


def _show_results(outcome: tuple[str, object] | None) -> None:
    payload = finished(outcome)
    if payload is None:
        return
    results: list[FileResult] = payload  # type: ignore[assignment]
    new = sum(r.articles for r in results)
    failed = sum(r.status == "failed" for r in results)
    facts = sum(r.facts for r in results)
    summary = f"{new} new article(s) with {facts} facts from {len(results)} file(s)"
    if failed:
        st.warning(f"{summary}; {failed} file(s) failed, see the reasons below.")
    else:
        st.success(f"{summary}.")
    st.dataframe(
        results_table(results),
        hide_index=True,
        width="stretch",
        column_config={"reason": st.column_config.TextColumn("Reason", width="large")},
    )
    if new:
        try:
            st.page_link(
                "pages/4_Articles.py", label="See the articles", icon=":material/arrow_forward:"
            )
        except StreamlitAPIException:  # the page run on its own (tests): no app to link into
            st.caption("See them on the Articles page.")
