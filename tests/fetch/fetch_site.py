"""A web site on 127.0.0.1 for the fetch tests and bench/fetch.py: article pages, feeds,
sitemaps, a GDELT-shaped JSON answer and every hostile case of issue 13, all written
here (our own sample text about the 2023 events, outlets named as samples) or generated
while serving (the 2 GB body, the slow drip), never stored.

`Site().start().standard()` serves the standard site on a free port in daemon threads; `site.hits` lists the paths
requested, `site.headers` the request headers by path, `site.spans` when each was
answered.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

OUTLET = "Sample Caucasus Wire"
PLACES = ("Goris", "Stepanakert", "Kornidzor", "Lachin", "Yerevan", "Martuni")
LAST_MODIFIED = formatdate(1_695_000_000, usegmt=True)  # September 2023
GB = 1024**3


def article_html(i: int, outlet: str = OUTLET) -> str:
    """Sample article number `i`: our own short text, a different body for every `i`."""
    place = PLACES[i % len(PLACES)]
    day = 19 + i % 10
    people = 1000 + 37 * i
    title = f"Sample report {i}: arrivals in {place}"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta property="og:site_name" content="{outlet}">
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="2023-09-{day:02d}T10:00:00+00:00">
</head><body>
<nav><a href="/">Home</a> | <a href="/world/">World</a></nav>
<article><h1>{title}</h1>
<p>{outlet} sample report number {i}, written for the dashboard's tests.</p>
<p>On {day} September 2023 officials in {place} said that {people} people had arrived from
Nagorno-Karabakh through the Lachin corridor since the offensive began on 19 September.</p>
<p>Aid groups said the new arrivals needed shelter, food and medicine, and that buses
were taking families from {place} on to other towns in Armenia.</p>
</article><footer>A sample outlet for tests, not a real publication.</footer>
</body></html>"""


def rss(links: list[str], title: str = "Sample Caucasus Wire feed") -> str:
    items = "".join(
        f"<item><title>Item {n}</title><link>{html.escape(link)}</link></item>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://sample.example/</link>"
        f"<description>Sample feed for tests</description>{items}</channel></rss>"
    )


def atom(links: list[str]) -> str:
    entries = "".join(
        f'<entry><title>Entry {n}</title><link rel="alternate" href="{html.escape(link)}"/>'
        f"<id>urn:sample:{n}</id><updated>2023-09-20T10:00:00Z</updated></entry>"
        for n, link in enumerate(links)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Sample Atom feed</title><id>urn:sample</id>{entries}</feed>"
    )


def sitemap(links: list[str], index: bool = False) -> str:
    tag, inner = ("sitemapindex", "sitemap") if index else ("urlset", "url")
    body = "".join(f"<{inner}><loc>{html.escape(link)}</loc></{inner}>" for link in links)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<{tag} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</{tag}>'
    )


def gdelt_json(links: list[str]) -> str:
    """An ArtList answer with the documented field names and our own titles."""
    return json.dumps(
        {
            "articles": [
                {
                    "url": link,
                    "url_mobile": "",
                    "title": f"Sample GDELT result {n}",
                    "seendate": "20230920T120000Z",
                    "socialimage": "",
                    "domain": "127.0.0.1",
                    "language": "English",
                    "sourcecountry": "Armenia",
                }
                for n, link in enumerate(links)
            ]
        }
    )


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class Site:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        # path prefix -> route made from the rest of the path (pages generated on demand)
        self.prefixes: dict[str, Callable[[str], Route | None]] = {}
        self.hits: list[str] = []
        # (path, start, end) of each answered request, time.monotonic()
        self.spans: list[tuple[str, float, float]] = []
        self.headers: dict[str, list[dict[str, str]]] = {}
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.base = ""

    # -- content -----------------------------------------------------------------------

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def add(
        self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8", **kw
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, **kw)

    def handle(self, path: str, handler: Callable[[BaseHTTPRequestHandler], None]) -> None:
        self.routes[path] = Route(handler=handler)

    def add_pages(self, start: int, count: int, prefix: str = "/news") -> list[str]:
        """Article pages `prefix`/{i}.html; their URLs."""
        urls = []
        for i in range(start, start + count):
            path = f"{prefix}/{i}.html"
            self.add(path, article_html(i), last_modified=LAST_MODIFIED)
            urls.append(self.url(path))
        return urls

    def standard(self) -> Site:
        """The regular site: robots.txt, pages, an RSS and an Atom feed sharing two
        articles, a sitemap and a sitemap index, a GDELT answer, and the hostile cases."""
        self.add("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
        pages = self.add_pages(1, 6)
        # the RSS feed links page 3 with tracking parameters: still the same article
        self.add(
            "/feed.xml",
            rss(pages[:2] + [pages[2] + "?utm_source=rss&utm_medium=feed"]),
            "application/rss+xml",
            etag='"feed-v1"',
        )
        self.add("/atom.xml", atom(pages[1:4]), "application/atom+xml")
        self.add("/sitemap.xml", sitemap(pages[3:5]), "application/xml")
        self.add("/sitemap-index.xml", sitemap([self.url("/sitemap.xml")], index=True), "text/xml")
        self.add("/gdelt/api", gdelt_json([pages[4], pages[5]]), "application/json; charset=utf-8")
        self.add("/private/secret.html", article_html(99))
        self.add("/private-feed.xml", rss([self.url("/private/secret.html")]), "text/xml")
        self.add("/image.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        self.add("/missing", "not here", "text/plain", status=404)
        self.add("/error", "broken", "text/plain", status=500)
        self.add("/malformed.xml", '<?xml version="1.0"?><rss><channel><item><link>x', "text/xml")
        self.prefixes["/many/"] = _many_page
        self.add(
            "/feed-10000.xml",
            rss([self.url(f"/many/{i}.html") for i in range(10_000)]),
            "application/rss+xml",
        )
        self.add("/redirect-private", "", status=302, headers={"Location": "http://10.0.0.1/x"})
        self.add(
            "/redirect-metadata",
            "",
            status=301,
            headers={"Location": "http://169.254.169.254/latest/meta-data/"},
        )
        self.add("/redirect-loop", "", status=302, headers={"Location": "/redirect-loop"})
        self.add("/redirect-page", "", status=302, headers={"Location": "/news/1.html"})
        self.add("/ftp-redirect", "", status=302, headers={"Location": "ftp://127.0.0.1/x"})
        bomb = gzip.compress(b"<html><body><p>" + b"a" * (50 * 1024 * 1024), 9)
        self.add("/bomb.html", bomb, headers={"Content-Encoding": "gzip"})
        self.add(
            "/gzipped.html",
            gzip.compress(article_html(7).encode()),
            headers={"Content-Encoding": "gzip"},
        )
        self.handle("/huge", _huge(declared=False))
        self.handle("/huge-declared", _huge(declared=True))
        self.handle("/drip", _drip)
        self.handle("/stall", _stall)
        return self

    # -- serving -----------------------------------------------------------------------

    def start(self) -> Site:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args) -> None:  # quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                started = time.monotonic()
                try:
                    self._answer()
                finally:
                    with site._lock:
                        site.spans.append((urlsplit(self.path).path, started, time.monotonic()))

            def _answer(self) -> None:
                path = urlsplit(self.path).path
                with site._lock:
                    site.hits.append(path)
                    site.headers.setdefault(path, []).append(dict(self.headers))
                route = site.routes.get(path)
                for prefix, make in site.prefixes.items():
                    if route is None and path.startswith(prefix):
                        route = make(path[len(prefix) :])
                if route is None:
                    self._send(404, b"no such page", "text/plain")
                    return
                if route.handler is not None:
                    route.handler(self)
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", None, {"ETag": route.etag})
                    return
                if (
                    route.last_modified
                    and self.headers.get("If-Modified-Since") == route.last_modified
                ):
                    self._send(304, b"", None, {"Last-Modified": route.last_modified})
                    return
                extra = dict(route.headers)
                if route.etag:
                    extra["ETag"] = route.etag
                if route.last_modified:
                    extra["Last-Modified"] = route.last_modified
                self._send(route.status, route.body, route.content_type, extra)

            def _send(self, status, body, content_type, headers=None) -> None:
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address) -> None:
                pass  # a client that hung up (the hostile cases do): nothing to report

        self.server = Server(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()


def _many_page(rest: str) -> Route | None:
    """/many/{i}.html: sample article 1000 + i, made when asked for."""
    number = rest.removesuffix(".html")
    if not number.isdigit():
        return None
    return Route(article_html(1000 + int(number)).encode())


def _huge(declared: bool) -> Callable[[BaseHTTPRequestHandler], None]:
    """A 2 GB body, generated 64 KiB at a time while the client keeps reading."""

    def handler(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        if declared:
            h.send_header("Content-Length", str(2 * GB))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        chunk = b"<p>" + b"x" * (64 * 1024 - 3)
        try:
            for _ in range(2 * GB // len(chunk)):
                h.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError, OSError):
            pass

    return handler


def _drip(h: BaseHTTPRequestHandler) -> None:
    """One byte every 0.1 s, for at most 30 s (the client gives up long before)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Connection", "close")
    h.close_connection = True
    h.end_headers()
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            h.wfile.write(b"a")
            h.wfile.flush()
            time.sleep(0.1)
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass


def _stall(h: BaseHTTPRequestHandler) -> None:
    """No answer for 5 s (longer than the tests' timeouts)."""
    time.sleep(5)
    try:
        h.send_response(200)
        h.send_header("Content-Length", "0")
        h.end_headers()
    except (BrokenPipeError, ConnectionResetError, OSError):
        pass
