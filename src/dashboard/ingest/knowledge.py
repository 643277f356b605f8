"""Loading the ingest knowledge file (data/ingest/boilerplate.json).

The lists are data, not code: a new language is a new key in the JSON file. The file is
looked up in `dashboard.paths.data_dir()` first (so a deployment can keep its own), then
in the project's own `data/` folder.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dashboard.paths import PROJECT_ROOT, data_dir

FILE_NAME = "boilerplate.json"

PAGE_LABEL_MAX_WORDS = 6  # "Xəbərin çap versiyası" is a label; a longer line is a sentence
_COUNT = re.compile(r"[(\[]\s*\d+\s*[)\]]|\d+")
_EDGE_PUNCT = " \t:：>»›|•·-–—.…()[]"


def normalise_marker(line: str) -> str:
    """The comparable form of a line: case-folded, counts like "(0)" and digits removed,
    spaces collapsed, surrounding punctuation stripped."""
    text = _COUNT.sub(" ", line.casefold())
    return " ".join(text.split()).strip(_EDGE_PUNCT)


@dataclass(frozen=True)
class Boilerplate:
    end_markers: frozenset[str]  # normalised lines that end an article body
    skip_lines: frozenset[str]  # normalised lines dropped wherever they stand
    date_labels: frozenset[str]  # normalised words that introduce a byline date
    byline_words: frozenset[str]  # normalised words that introduce an author's name
    end_prefixes: tuple[str, ...] = ()  # normalised line starts that end a body ("reporting by")
    page_labels: tuple[str, ...] = ()  # normalised phrases of a page's controls ("print version")
    time_words: frozenset[str] = frozenset()  # words after a clock time ("Uhr"), never an outlet
    link_hosts: frozenset[str] = frozenset()  # share and embed sites, never the page's outlet


def is_page_label(norm: str, bp: Boilerplate) -> bool:
    """Whether a normalised line is a page control holding a label phrase as whole words
    ("Xəbərin çap versiyası", "Print version"): never a title, never body text."""
    if len(norm.split()) > PAGE_LABEL_MAX_WORDS:
        return False
    padded = f" {norm} "
    return any(f" {label} " in padded for label in bp.page_labels)


def _knowledge_path() -> Path | None:
    for folder in (data_dir(), PROJECT_ROOT / "data"):
        path = folder / "ingest" / FILE_NAME
        if path.is_file():
            return path
    return None


@cache
def boilerplate() -> Boilerplate:
    path = _knowledge_path()
    raw: dict = {}
    if path is not None:
        raw = json.loads(path.read_text(encoding="utf-8"))

    def collect(key: str) -> frozenset[str]:
        values: set[str] = set()
        for words in (raw.get(key) or {}).values():
            values.update(normalise_marker(w) for w in words)
        values.discard("")
        return frozenset(values)

    return Boilerplate(
        end_markers=collect("end_markers"),
        skip_lines=collect("skip_lines"),
        date_labels=collect("date_labels"),
        byline_words=collect("byline_words"),
        end_prefixes=tuple(sorted(collect("end_prefixes"))),
        page_labels=tuple(sorted(collect("page_labels"))),
        time_words=collect("time_words"),
        link_hosts=collect("link_hosts"),
    )


@cache
def languages() -> dict[str, tuple[str, ...]]:
    """The language lists in data/ingest/languages.json ('detect', 'date_names')."""
    for folder in (data_dir(), PROJECT_ROOT / "data"):
        path = folder / "ingest" / "languages.json"
        if path.is_file():
            raw = json.loads(path.read_text(encoding="utf-8"))
            return {k: tuple(v) for k, v in raw.items() if isinstance(v, list)}
    return {"detect": ("en",), "date_names": ("en",)}
