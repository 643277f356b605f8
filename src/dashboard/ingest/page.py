"""What a reader of one page (HTML, saved text or a JSON record) hands to the builder."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

NAV_LINE_MAX_CHARS = 60
UNKNOWN_OUTLET = "unknown outlet"  # what an article from an unnamed, unlinked site shows
TERMINAL_PUNCTUATION = tuple('.!?…»"”’)]。！？')


@dataclass
class PageFields:
    body: str  # paragraphs joined with a blank line; each an exact copy of a source line
    title: str | None = None
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    # YYYY-MM when a date line gives only the month ("date 2023-06"); the day stays unknown
    published_month: str | None = None
    url: str | None = None
    language: str | None = None  # only when the input states it


def join_paragraphs(lines: Iterable[str]) -> str:
    """Non-empty lines, stripped, joined with a blank line between paragraphs. A page
    hard-wrapped at a fixed width breaks lines inside sentences ("27 families have been" /
    "relocated to Shusha"): a line that starts in lowercase after one that ends on a word or
    a comma goes on the same paragraph."""
    out: list[str] = []
    for line in (line.strip() for line in lines):
        if not line:
            continue
        if out and line[0].islower() and (out[-1][-1].isalnum() or out[-1][-1] == ","):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n\n".join(out)


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


# A link in running text: with a scheme, or starting with "www."; or a line (a footer, a
# credit such as "© 2009 Example.am") whose only word is a host name.
_LINK = re.compile(r"(?:https?://|\bwww\.)([\w.-]+\.[^\W\d_]{2,})", re.IGNORECASE)
_HOST_LINE = re.compile(
    r"^(?:©|\(c\))?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s+)?"
    r"((?:[\w-]+\.)+(?:com|org|net|info|news|media|[a-z]{2}))/?$",
    re.IGNORECASE,
)


def site_of(url: str | None) -> str | None:
    """The site's domain in a URL, without "www.": "https://www.example.am/a/1" → "example.am"."""
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname or ""
    except ValueError:
        return None
    host = host.removeprefix("www.")
    return host if "." in host else None


def _registered(host: str, excluded: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in excluded for i in range(len(parts) - 1))


def site_in_text(text: str, excluded: frozenset[str] = frozenset()) -> str | None:
    """The domain named most often by links in a saved page (first one on a tie), leaving
    out share and embed sites (`excluded`), or None. Why: a page that names no outlet
    usually still carries its own address, in a footer, a credit or a "source" line."""
    hosts: Counter[str] = Counter()
    for line in text.splitlines():
        line = line.strip()
        found = [m.group(1) for m in _LINK.finditer(line)]
        whole = _HOST_LINE.match(line) if len(line) <= NAV_LINE_MAX_CHARS else None
        if whole and not found:
            found = [whole.group(1)]
        for host in found:
            site = site_of(host.lower().rstrip("."))
            if site and not _registered(site, excluded):
                hosts[site] += 1
    return hosts.most_common(1)[0][0] if hosts else None
