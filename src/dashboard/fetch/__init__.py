"""Fetching articles from the web: pages, RSS/Atom feeds, sitemaps and the GDELT DOC 2.0
news search API, safely and politely, into the same ingest path as files.

Modules, one job each:

* `limits`    the safety and politeness settings (sizes, timeouts, redirects, delay)
* `address`   which URLs and resolved addresses may be contacted (SSRF guard)
* `http`      one safe GET: checked addresses, redirects re-checked, bounded body
* `robots`    robots.txt per host (urllib.robotparser)
* `polite`    one request per host at a time, with a delay between them
* `canonical` canonical URLs (courlan) so one article met twice is fetched once
* `detect`    what a response is: an article page, a feed or a sitemap
* `feeds`     the article links of an RSS/Atom feed or a sitemap
* `gdelt`     the GDELT DOC 2.0 ArtList query and its JSON answer
* `schedule`  intervals ("30m") and which saved sources are due
* `crawl`     the fetcher: targets in, `Article`s and `IngestFailure`s out
* `run`       fetch and ingest through `pipeline.ingest_paths`, then record what was seen
"""

from __future__ import annotations

from dashboard.fetch.address import FetchRefused
from dashboard.fetch.http import FetchError
from dashboard.fetch.limits import Limits

__all__ = ["FetchError", "FetchRefused", "Limits"]
