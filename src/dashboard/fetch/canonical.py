"""Canonical URLs, so that one article linked from two feeds (with tracking parameters,
another letter case in the host, a fragment) is fetched and recorded once.

courlan (trafilatura's URL library) lower-cases scheme and host, drops default ports,
fragments and tracking parameters (utm_*, fbclid, …) and sorts the query.
"""

from __future__ import annotations

from urllib.parse import urljoin


def canonical_url(url: str, base: str | None = None) -> str:
    """`url` (made absolute against `base`) in canonical form; unchanged if courlan
    cannot read it."""
    from courlan import normalize_url

    absolute = urljoin(base, url.strip()) if base else url.strip()
    try:
        return normalize_url(absolute, strict=True)
    except Exception:  # an odd URL stays as given; the fetch reports what is wrong
        return absolute
