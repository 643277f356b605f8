"""Helpers shared by the reliability tests (imported by name; fixtures are in conftest.py).

* `figures`: what each test tried and what happened, gathered into
  tests/artifacts/reliability.json at the end of the session; scripts/reliability_report.py
  turns that file into the tables of RELIABILITY.md.
* `write_marked_corpus`: many distinct small articles (sample files, each with a marker
  sentence), for the crash and the readers-and-writers tests.
* `check_database`: the consistency every database must have after any run, killed or not.
* `run_cli` / `start_ingest`: `python -m dashboard ...` as a user runs it.
"""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from dashboard.models import Article, Extraction, IngestFailure
from dashboard.store import FACT_TABLES, TABLES, open_store
from dashboard.store.rows import fact_rows

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
ARTIFACTS = ROOT / "tests" / "artifacts"
FIGURES_FILE = ARTIFACTS / "reliability.json"
# distinct articles in the corpus the crash and the readers-and-writers tests ingest
BIG_CORPUS = 1000

# -- figures ----------------------------------------------------------------------------

_FIGURES: dict[str, dict] = {}
_FIGURES_LOCK = threading.Lock()


def record(section: str, **values) -> None:
    """Add figures to one section of tests/artifacts/reliability.json (written at the end
    of the session, merged with the sections other runs wrote)."""
    with _FIGURES_LOCK:
        _FIGURES.setdefault(section, {}).update(values)


def machine() -> str:
    cores = os.cpu_count() or 0
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        m = re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())
        if m:
            mem = f", {round(int(m.group(1)) / 1024**2)} GiB"
    return f"{cores} cores{mem}, {platform.system()} {platform.machine()}"


def save_figures() -> None:
    if not _FIGURES:
        return
    import duckdb

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        data = json.loads(FIGURES_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = {}
    sections = data.get("sections", {})
    stamp = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }
    for name, values in _FIGURES.items():
        sections[name] = {**values, "run": stamp}
    data["sections"] = sections
    FIGURES_FILE.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")


# -- outcomes of one input ----------------------------------------------------------------

_SOURCE_SUFFIX = re.compile(r"(?::\d+|#\d+)?")


def names_input(failure: IngestFailure, path: str) -> bool:
    """The failure names the file `path` (plus ":LINE" or "#ITEM" for a record in it)."""
    return (
        failure.source.startswith(path)
        and _SOURCE_SUFFIX.fullmatch(failure.source[len(path) :]) is not None
    )


def evidence_problems(ex: Extraction) -> list[str]:
    """Facts whose evidence is not an exact piece of the body (should be none)."""
    body = ex.article.body
    return [
        f"{type(f).__name__}: {f.evidence[:80]!r}"
        for f in (*ex.places, *ex.events, *ex.statements)
        if not f.evidence or f.evidence not in body
    ]


def expected_fact_ids(extractions: list[Extraction]) -> dict[str, set[str]]:
    """Fact table -> ids the store must hold for these extractions (first copy of an
    article wins, as in Store.write)."""
    first: dict[str, Extraction] = {}
    for ex in extractions:
        first.setdefault(ex.article.id, ex)
    return {t: {r["id"] for r in fact_rows(t, list(first.values()))} for t in FACT_TABLES}


# -- the database after a run ---------------------------------------------------------------


def check_database(db: str) -> dict[str, int]:
    """Row counts of `db`, after asserting what must hold after any run, killed or not:
    no fact without its article, no duplicate id, every evidence a piece of its article."""
    with open_store(db, read_only=True) as store:
        counts = store.counts()
        for table in FACT_TABLES:
            orphans = store.query(
                f"SELECT COUNT(*) AS n FROM {table} f LEFT JOIN articles a "
                "ON a.id = f.article_id WHERE a.id IS NULL"
            )["n"][0]
            assert orphans == 0, f"{orphans} {table} rows without their article"
            misquoted = store.query(
                f"SELECT COUNT(*) AS n FROM {table} f JOIN articles a ON a.id = f.article_id "
                "WHERE strpos(a.body, f.evidence) = 0"
            )["n"][0]
            assert misquoted == 0, f"{misquoted} {table} rows whose evidence is not in the body"
        for table in TABLES:
            dupes = store.query(
                f"SELECT COUNT(*) AS n FROM (SELECT id FROM {table} GROUP BY id HAVING COUNT(*) > 1)"
            )["n"][0]
            assert dupes == 0, f"{dupes} duplicate ids in {table}"
    return counts


def fact_ids_by_article(db: str) -> dict[str, dict[str, set[str]]]:
    """article id -> fact table -> fact ids, for comparing two databases row for row."""
    out: dict[str, dict[str, set[str]]] = {}
    with open_store(db, read_only=True) as store:
        for aid in store.query("SELECT id FROM articles")["id"]:
            out[aid] = {t: set() for t in FACT_TABLES}
        for table in FACT_TABLES:
            df = store.query(f"SELECT article_id, id FROM {table}")
            for aid, fid in df.itertuples(index=False, name=None):
                out[aid][table].add(fid)
    return out


# -- a corpus of many distinct articles ------------------------------------------------------


def _mark_text(text: str, marker: str) -> str:
    """The marker appended to the longest paragraph: the body, not a header ingest drops."""
    blocks = text.split("\n\n")
    i = max(range(len(blocks)), key=lambda k: len(blocks[k]))
    blocks[i] = blocks[i].rstrip() + f" {marker}"
    return "\n\n".join(blocks)


def _mark_html(html: str, marker: str) -> str:
    paragraphs = list(re.finditer(r"<p\b[^>]*>(.*?)</p>", html, flags=re.S | re.I))
    longest = max(paragraphs, key=lambda m: len(m.group(1)))
    return html[: longest.end(1)] + f" {marker}" + html[longest.end(1) :]


def write_marked_corpus(folder: Path, n: int) -> list[Path]:
    """`n` files, copies of the sample .txt and .html articles, each with a marker sentence
    naming its number (so each has its own body and id, and one more place: Goris)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted(p for p in SAMPLE.iterdir() if p.suffix in (".txt", ".html"))
    texts = {p: p.read_text(encoding="utf-8") for p in sources}
    out = []
    for i in range(n):
        src = sources[i % len(sources)]
        marker = f"Copy {i} of this report was filed from Goris."
        mark = _mark_html if src.suffix == ".html" else _mark_text
        path = folder / f"{i:05d}_{src.name}"
        path.write_text(mark(texts[src], marker), encoding="utf-8")
        out.append(path)
    return out


# -- the command line --------------------------------------------------------------------------


def cli_env() -> dict[str, str]:
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUNBUFFERED": "1"}


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=cli_env(),
        timeout=timeout,
    )


def start_ingest(
    folder: Path, db: str, *extra: str, prelude: str = "", env: dict | None = None
) -> subprocess.Popen:
    """`python -m dashboard ingest FOLDER --db DB` in the background (stdout piped, stderr
    to a file-less sink). `prelude` is Python run first in the same process (a test hook)."""
    code = f"{prelude}\nimport sys\nfrom dashboard.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, "ingest", str(folder), "--db", db, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        encoding="utf-8",
        env={**cli_env(), **(env or {})},
    )


_SUMMARY = re.compile(r"articles: (\d+) new, (\d+) unchanged, (\d+) failed; facts stored: (\d+)")


def parse_summary(stdout: str) -> dict[str, int]:
    m = _SUMMARY.search(stdout)
    assert m, f"no ingest summary in: {stdout!r}"
    return dict(zip(("new", "unchanged", "failed", "facts"), map(int, m.groups()), strict=True))


def is_article(item: Article | IngestFailure) -> bool:
    return isinstance(item, Article)
