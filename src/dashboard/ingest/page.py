"""What a reader of one page (HTML, saved text or a JSON record) hands to the builder."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NAV_LINE_MAX_CHARS = 60
TERMINAL_PUNCTUATION = tuple('.!?…»"”’)]。！？')


@dataclass
class PageFields:
    body: str  # paragraphs joined with a blank line; each an exact copy of a source line
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    url: str | None = None
    language: str | None = None  # only when the input states it


def join_paragraphs(lines: Iterable[str]) -> str:
    """Non-empty lines, stripped, joined with a blank line between paragraphs."""
    return "\n\n".join(s for s in (line.strip() for line in lines) if s)


def paragraphs_of(text: str) -> str:
    """`text` with every non-empty line made a paragraph (see join_paragraphs)."""
    return join_paragraphs(text.splitlines())


def clean_field(value: object, limit: int = 500) -> str | None:
    """A metadata string with whitespace collapsed, or None if empty or not text."""
    if value is None or isinstance(value, dict | list | bool):
        return None
    text = " ".join(str(value).split())
    return text[:limit] if text else None


def is_navigation(line: str) -> bool:
    """A short line without closing punctuation: a menu item, a tag, a button."""
    return len(line) <= NAV_LINE_MAX_CHARS and not line.endswith(TERMINAL_PUNCTUATION)
