"""The article links of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, or of a sitemap.

Parsed with lxml with entities and network access off (no XXE, no billion laughs), and
only the first `limit` links are kept, in document order (feeds list the newest first).
Malformed XML is a clear failure of that feed, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.fetch.canonical import canonical_url


class FeedError(Exception):
    """A feed or sitemap that cannot be read; the message is one line."""


@dataclass
class Links:
    pages: list[str] = field(default_factory=list)  # article URLs, canonical
    sitemaps: list[str] = field(default_factory=list)  # nested sitemaps (a sitemap index)
    total: int = 0  # article links listed, before any limit


def _parse(body: bytes):
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        return etree.fromstring(body, parser)
    except etree.XMLSyntaxError as exc:
        where = f"line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        detail = str(getattr(exc, "msg", "") or exc).split(" (<string>")[0]
        raise FeedError(
            f"malformed XML ({detail}{', ' + where if where and where not in detail else ''})"
        ) from exc


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _children(element, name: str):
    return [c for c in element if _local(c.tag) == name]


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _entry_link(entry) -> str:
    """An RSS item's <link> (or permalink <guid>), an Atom entry's alternate link."""
    for link in _children(entry, "link"):
        href = link.get("href")
        if href is not None:  # Atom
            if link.get("rel", "alternate") == "alternate":
                return href.strip()
        elif _text(link):
            return _text(link)
    for guid in _children(entry, "guid"):
        if guid.get("isPermaLink", "true").lower() == "true" and _text(guid).startswith("http"):
            return _text(guid)
    return ""


def feed_links(body: bytes, base: str) -> Links:
    """Every entry's link, canonical and made absolute, without repeats."""
    root = _parse(body)
    entries = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    found = Links()
    seen: set[str] = set()
    for entry in entries:
        link = _entry_link(entry)
        if not link:
            continue
        url = canonical_url(link, base)
        if url not in seen:
            seen.add(url)
            found.pages.append(url)
    found.total = len(found.pages)
    return found


def sitemap_links(body: bytes, base: str) -> Links:
    """The <loc> of every <url> (pages) and every <sitemap> (nested sitemaps)."""
    root = _parse(body)
    found = Links()
    for element in root:
        kind = _local(element.tag)
        loc = next((_text(c) for c in element if _local(c.tag) == "loc"), "")
        if not loc:
            continue
        url = canonical_url(loc, base)
        if kind == "url" and url not in found.pages:
            found.pages.append(url)
        elif kind == "sitemap" and url not in found.sitemaps:
            found.sitemaps.append(url)
    found.total = len(found.pages)
    return found
