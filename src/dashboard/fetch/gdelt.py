"""The GDELT DOC 2.0 API as a source of article links.

`mode=ArtList&format=json` answers `{"articles": [{"url", "title", "seendate",
"domain", "language", "sourcecountry", …}]}` (an empty object when nothing matches, and
plain text with status 200 when the query is not accepted). Languages are added to the
query as `sourcelang:` terms. The base URL is configurable (`DASHBOARD_GDELT_URL`, or the
`base` argument) so that tests point it at a server on 127.0.0.1; every request goes
through the same safe client as any other fetch.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from dashboard.fetch.canonical import canonical_url

BASE_ENV = "DASHBOARD_GDELT_URL"
DEFAULT_BASE = "https://api.gdeltproject.org/api/v2/doc/doc"
DEFAULT_TIMESPAN = "1d"
MAX_RECORDS = 250  # the API's own maximum for ArtList
_TIMESPAN = re.compile(r"^\d+(min|h|d|w|m)$")
JSON_TYPES = ("application/json", "text/json", "text/plain", "text/html")


class GdeltError(Exception):
    """GDELT refused the query or answered something that is not its JSON."""


@dataclass(frozen=True)
class GdeltArticle:
    url: str  # canonical
    title: str | None = None
    seendate: str | None = None  # as GDELT gives it: 20230919T120000Z
    domain: str | None = None
    language: str | None = None


def timespan_for(every_seconds: int) -> str:
    """The time span a saved query asks for: twice its interval (so that a late run
    misses nothing; links already fetched are skipped), at least 1 hour, at most the
    API's 3 months."""
    hours = max(1, min(-(-2 * every_seconds // 3600), 24 * 90))
    return f"{hours // 24}d" if hours % 24 == 0 else f"{hours}h"


def base_url(base: str | None = None) -> str:
    return base or os.environ.get(BASE_ENV, "").strip() or DEFAULT_BASE


def query_url(
    query: str,
    timespan: str = DEFAULT_TIMESPAN,
    languages: tuple[str, ...] = (),
    max_records: int = MAX_RECORDS,
    base: str | None = None,
) -> str:
    """The ArtList request for `query` over the last `timespan` (15min, 24h, 3d, 1w, 1m)."""
    query = " ".join(query.split())
    if not query:
        raise GdeltError("the GDELT query is empty")
    if not _TIMESPAN.match(timespan):
        raise GdeltError(f"time span {timespan!r} is not like 24h, 3d, 1w or 1m")
    terms = [f"sourcelang:{lang.strip()}" for lang in languages if lang.strip()]
    if len(terms) == 1:
        query = f"{query} {terms[0]}"
    elif terms:
        query = f"{query} ({' OR '.join(terms)})"
    params = {
        "query": query,
        "mode": "ArtList",
        "format": "json",
        "timespan": timespan,
        "maxrecords": str(max(1, min(max_records, MAX_RECORDS))),
        "sort": "DateDesc",
    }
    return f"{base_url(base)}?{urlencode(params)}"


def parse_articles(body: bytes) -> list[GdeltArticle]:
    """The articles of an ArtList JSON answer, canonical URLs without repeats."""
    text = body.decode("utf-8", errors="replace").strip()
    try:
        data = json.loads(text) if text else {}
    except json.JSONDecodeError as exc:
        first = text.splitlines()[0][:200] if text else ""
        raise GdeltError(f"GDELT did not answer JSON: {first}") from exc
    if not isinstance(data, dict):
        raise GdeltError("GDELT answered JSON without an object at the top")
    items = data.get("articles") or []
    if not isinstance(items, list):
        raise GdeltError('GDELT answered "articles" that is not a list')
    found: list[GdeltArticle] = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            continue
        url = canonical_url(item["url"])
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        found.append(
            GdeltArticle(
                url=url,
                title=_str(item.get("title")),
                seendate=_str(item.get("seendate")),
                domain=_str(item.get("domain")),
                language=_str(item.get("language")),
            )
        )
    return found


def _str(value: object) -> str | None:
    return " ".join(value.split())[:500] or None if isinstance(value, str) else None
