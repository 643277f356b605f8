"""Raw files in, `Article`s (or `IngestFailure`s naming the file and reason) out.

Modules, one job each:

* `files`     walking inputs, the size limit, decoding bytes (UTF-8, else a legacy encoding)
* `html`      an HTML page → body without boilerplate, title, outlet, date, url (trafilatura)
* `text`      a web page saved as plain text (or a plain article) → the same fields
* `jsonl`     records from .jsonl / .json files (`text` or `html`, optional metadata)
* `dates`     finding a byline date and normalising any date to YYYY-MM-DD
* `language`  the main language and the other languages present (lingua)
* `ids`       the stable id of a body
* `knowledge` the per-language boilerplate markers in data/ingest/boilerplate.json
* `build`     fields → `Article`
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from dashboard.ingest.build import make_article
from dashboard.ingest.files import InputError, InputFile, decode, iter_files, read_bytes
from dashboard.ingest.html import parse_html
from dashboard.ingest.jsonl import iter_json, iter_jsonl, record_fields
from dashboard.ingest.text import parse_text_page
from dashboard.models import Article, IngestFailure

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

__all__ = ["DEFAULT_MAX_BYTES", "iter_inputs", "read_file"]


def iter_inputs(
    paths: Iterable[str | Path] | str | Path, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | IngestFailure]:
    """Yield one Article or IngestFailure per article found under `paths` (files or folders).

    Folders are walked recursively in name order, reading .html, .htm, .txt, .jsonl and
    .json files and skipping hidden files and READMEs. Never raises for bad input: a broken
    file becomes an IngestFailure and the walk goes on.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    for given in paths:
        for item in iter_files(given):
            if isinstance(item, InputFile):
                yield from read_file(item, max_bytes)
            else:
                yield IngestFailure(*item)


def read_file(
    file: InputFile, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | IngestFailure]:
    """The articles in one supported file (several for .jsonl / a .json list)."""
    try:
        if file.kind in ("jsonl", "json"):
            records = (
                iter_jsonl(file, max_bytes) if file.kind == "jsonl" else iter_json(file, max_bytes)
            )
            for source, record in records:
                if isinstance(record, str):
                    yield IngestFailure(source, record)
                    continue
                yield _record_article(source, record)
            return
        text = decode(read_bytes(file.path, max_bytes))
        if not text.strip():
            raise InputError("file is empty (only whitespace)")
        fields = parse_html(text) if _is_html(file.kind, text) else parse_text_page(text)
        yield make_article(file.source, fields)
    except InputError as exc:
        yield IngestFailure(file.source, str(exc))
    except Exception as exc:  # never let one bad input stop the run
        yield IngestFailure(
            file.source, f"unexpected error while reading ({type(exc).__name__}: {exc})"
        )


def _record_article(source: str, record: dict) -> Article | IngestFailure:
    try:
        return make_article(source, record_fields(record, source))
    except InputError as exc:
        return IngestFailure(source, str(exc))
    except Exception as exc:  # one odd record must not lose the rest of the file
        return IngestFailure(source, f"unexpected error ({type(exc).__name__}: {exc})")


def _is_html(kind: str, text: str) -> bool:
    """HTML by suffix, unless there is no markup at all; or a .txt that is a saved page."""
    if kind == "html":
        return "<" in text
    return text.lstrip()[:100].lower().startswith(("<!doctype html", "<html"))
