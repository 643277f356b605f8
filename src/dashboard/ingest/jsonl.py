"""Reading article records from .jsonl (one object per line) and .json (an object or a list).

A record carries `text` (the article body) or `html` (a page to extract from), and may
give `url`, `title`, `outlet`, `published` (any common date format) and `language`. Given
values win over what extraction finds. A broken line becomes a failure naming the file
and line; the other records still come out.

The size limit applies to each line of a .jsonl file (a corpus may be large as a whole)
and to the whole of a .json file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from dashboard.ingest.dates import normalise_date, normalise_month
from dashboard.ingest.files import InputError, InputFile, decode, human_size, read_bytes
from dashboard.ingest.html import parse_html
from dashboard.ingest.page import PageFields, clean_field, paragraphs_of

_LANGUAGE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]+)*$")
_CHUNK = 1 << 20

Record = tuple[str, dict]  # (source, record)
Problem = tuple[str, str]  # (source, reason)


def _type_name(value: object) -> str:
    return {
        list: "a list",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def iter_jsonl(file: InputFile, max_bytes: int) -> Iterator[Record | Problem]:
    """(source "path:LINE", record) for each line, or (source, reason) for a bad line."""
    limit = human_size(max_bytes)
    seen_content = False
    seen_bytes = False
    try:
        fh = file.path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}") from exc
    with fh:
        lineno = 0
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                break
            lineno += 1
            source = f"{file.source}:{lineno}"
            seen_bytes = True
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while True:  # skip the rest of the oversized line
                    chunk = fh.readline(_CHUNK)
                    if not chunk or chunk.endswith(b"\n"):
                        break
                seen_content = True
                yield source, f"line {lineno}: record is over the {limit} limit"
                continue
            if lineno == 1:
                raw = raw.removeprefix(b"\xef\xbb\xbf")
            if b"\x00" in raw:
                if lineno == 1:
                    raise InputError("binary file (contains NUL bytes), not text")
                seen_content = True
                yield source, f"line {lineno}: binary data (NUL bytes), not a JSON record"
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                seen_content = True
                yield source, f"line {lineno}: not UTF-8 text (JSON Lines must be UTF-8)"
                continue
            if not line.strip():
                continue
            seen_content = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield source, f"line {lineno}: invalid JSON ({exc.msg} at column {exc.colno})"
                continue
            except (ValueError, RecursionError) as exc:
                # not caught before, so one such line ended the whole file (the lines after
                # it were lost) with a message that named no line
                yield source, f"line {lineno}: {_unreadable(exc)}"
                continue
            if not isinstance(record, dict):
                yield source, f"line {lineno}: expected a JSON object, got {_type_name(record)}"
                continue
            yield source, record
    if not seen_bytes:
        raise InputError("file is empty")
    if not seen_content:
        raise InputError("file is empty (only whitespace)")


def iter_json(file: InputFile, max_bytes: int) -> Iterator[Record | Problem]:
    """(source, record) for a single object, or ("path#N", record) for each item of a list."""
    text = decode(read_bytes(file.path, max_bytes))
    if not text.strip():
        raise InputError("file is empty (only whitespace)")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"
        ) from exc
    except (ValueError, RecursionError) as exc:
        raise InputError(_unreadable(exc)) from exc
    if isinstance(data, dict):
        yield file.source, data
        return
    if not isinstance(data, list):
        raise InputError(f"expected a JSON object or a list of objects, got {_type_name(data)}")
    if not data:
        raise InputError("the JSON list is empty")
    for number, item in enumerate(data, start=1):
        source = f"{file.source}#{number}"
        if isinstance(item, dict):
            yield source, item
        else:
            yield source, f"item {number}: expected a JSON object, got {_type_name(item)}"


def _unreadable(exc: ValueError | RecursionError) -> str:
    """What json.loads refuses besides a syntax error, as a sentence: nesting deeper than
    Python's recursion limit, or an integer longer than Python converts (4,300 digits)."""
    if isinstance(exc, RecursionError):
        return "invalid JSON (nested too deeply)"
    if "digits" in str(exc):
        return "invalid JSON (a number too long to read)"
    return f"invalid JSON ({exc})"


def _surrogate_field(record: dict) -> str | None:
    """The first field read from `record` whose text holds a lone surrogate ("\\ud800" is
    valid JSON but not a character): such text cannot be stored or hashed, and failed later
    with a UnicodeEncodeError instead of a reason."""
    for key in ("text", "html", "title", "outlet", "url", "published", "date", "language"):
        value = record.get(key)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return key
    return None


def _language(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    m = _LANGUAGE.match(value.strip())
    return m.group(1).lower() if m else None


def _where(source: str) -> str:
    """The prefix naming a record: "line 3: " for "path:3", "item 2: " for "path#2"."""
    for sep, word in ((":", "line"), ("#", "item")):
        head, found, tail = source.rpartition(sep)
        if found and head and tail.isdigit():
            return f"{word} {tail}: "
    return ""


def record_fields(record: dict, source: str = "") -> PageFields:
    """The article in one record; InputError (naming the line) if it has no text or html."""
    where = _where(source)
    bad = _surrogate_field(record)
    if bad:
        raise InputError(f"{where}'{bad}' is not valid Unicode (it holds a lone surrogate)")
    text, html = record.get("text"), record.get("html")
    for key, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}'{key}' should be a string, got {_type_name(value)}")
    url = clean_field(record.get("url"))
    if text and text.strip():
        fields = PageFields(body=paragraphs_of(text), url=url)
    elif html and html.strip():
        try:
            fields = parse_html(html, url=url)
        except InputError as exc:
            raise InputError(f"{where}{exc}") from exc
    elif text is not None or html is not None:
        raise InputError(f"{where}record text is empty")
    else:
        raise InputError(f"{where}record has no 'text' or 'html' field")

    published = record.get("published", record.get("date"))
    return PageFields(
        body=fields.body,
        title=clean_field(record.get("title")) or fields.title,
        outlet=clean_field(record.get("outlet")) or fields.outlet,
        published=normalise_date(published) if published is not None else fields.published,
        published_month=normalise_month(published),
        url=url or fields.url,
        language=_language(record.get("language")),
    )
