"""What a response is: an article page, an RSS/Atom feed or a sitemap.

Servers label feeds as text/xml, application/xml, application/rss+xml or even
text/html, so the content type only narrows it down: the first element of the document
decides. Anything that is neither a feed nor a sitemap and is HTML or text is read as an
article page.
"""

from __future__ import annotations

import re

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+xml",
)
ANY_TYPES = PAGE_TYPES + FEED_TYPES

PAGE, FEED, SITEMAP = "page", "feed", "sitemap"
_FEED_ROOTS = {"rss", "feed", "rdf"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}
# the first element, after an XML declaration, comments, a doctype or processing
# instructions; its local name without a namespace prefix
_FIRST_ELEMENT = re.compile(
    rb"^(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:[\w.-]+:)?([\w.-]+)",
    re.DOTALL | re.IGNORECASE,
)


def root_element(body: bytes) -> str | None:
    """The local name of the document's first element, lower case (None if not markup)."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf")
    match = _FIRST_ELEMENT.match(head)
    return match.group(1).decode("ascii", "replace").lower() if match else None


def kind_of(content_type: str, body: bytes) -> str | None:
    """PAGE, FEED or SITEMAP; None for XML that is none of them."""
    root = root_element(body)
    if root in _FEED_ROOTS:
        return FEED
    if root in _SITEMAP_ROOTS:
        return SITEMAP
    if content_type in PAGE_TYPES or root == "html" or not content_type:
        return PAGE
    if content_type in FEED_TYPES:
        return None
    return PAGE
