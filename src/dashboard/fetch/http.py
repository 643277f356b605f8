"""One safe HTTP GET: every address checked, redirects re-checked, the body bounded.

Built on `http.client` so that every step is ours to check: the connection goes to the
address `address.check_url` approved (the name is not resolved again), each redirect is
checked the same way before it is followed (at most `Limits.max_redirects`), the content
type is checked before the body is read, and the body is read in pieces as they arrive,
stopping as soon as it passes `Limits.max_bytes`, counted after decompression (so a small
gzip bomb cannot unpack into gigabytes). A watchdog ends the response once
`Limits.total_timeout` has passed, so a server that drips one byte at a time (or sends
its headers slowly) cannot hold a worker. Proxies from the environment are not used: the
checks are about the address we connect to.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from dashboard.fetch.address import FetchRefused, Target, check_url
from dashboard.fetch.limits import Limits
from dashboard.ingest.files import human_size

CHUNK = 64 * 1024
REDIRECTS = (301, 302, 303, 307, 308)
ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


class FetchError(Exception):
    """A fetch that failed; the message is one line. `status` is the HTTP status, if any."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 for a conditional GET with nothing new
    content_type: str  # media type, lower case, without parameters ("" if not given)
    charset: str | None
    body: bytes
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def describe(accept: tuple[str, ...]) -> str:
    """What a list of media types stands for, for messages."""
    if "application/json" in accept:
        return "JSON"
    pages = any(t.startswith("text/html") for t in accept)
    feeds = any(t.endswith("xml") and "html" not in t for t in accept)
    if pages and feeds:
        return "an article page, a feed or a sitemap"
    if pages:
        return "an article page (HTML or text)"
    if feeds:
        return "a feed or a sitemap (XML)"
    return "one of " + ", ".join(accept)


def media_type(header: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from "text/html; charset=UTF-8"."""
    if not header:
        return "", None
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return kind.strip().lower(), charset


class _Connection:
    """An HTTP(S) connection to the checked address of `target` (TLS still verifies the
    host name)."""

    def __init__(self, target: Target, limits: Limits) -> None:
        cls = (
            http.client.HTTPSConnection if target.scheme == "https" else http.client.HTTPConnection
        )
        self.conn = cls(target.host, target.port, timeout=limits.connect_timeout)
        address = target.address

        def create(addr, timeout, source_address=None):
            return socket.create_connection((address, addr[1]), timeout, source_address)

        self.conn._create_connection = create  # type: ignore[attr-defined]
        self.read_timeout = limits.read_timeout

    def open(self) -> None:
        self.conn.connect()
        self.conn.sock.settimeout(self.read_timeout)

    def abort(self) -> None:
        """Called by the watchdog: make any blocked read return at once."""
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self.conn.close()


def get(
    url: str,
    limits: Limits,
    accept: tuple[str, ...] | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int | None = None,
) -> Response:
    """GET `url` within `limits`. `accept`: media types allowed (None: any); a conditional
    GET with `etag` / `last_modified` may answer 304 (`Response.not_modified`). Raises
    FetchRefused for an address we will not contact, FetchError for everything else."""
    limit = limits.max_bytes if max_bytes is None else max_bytes
    deadline = time.monotonic() + limits.total_timeout
    current = url
    for _ in range(limits.max_redirects + 1):
        target = check_url(current, limits.private_allowed())
        headers = {
            "User-Agent": limits.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept": ", ".join(accept) + ", */*;q=0.1" if accept else "*/*",
        }
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        result = _exchange(target, headers, limits, accept, limit, deadline)
        if isinstance(result, Response):
            return result
        current = urljoin(current, result)  # a redirect: check the new URL and go on
    raise FetchError(f"more than {limits.max_redirects} redirects")


def _exchange(
    target: Target,
    headers: dict[str, str],
    limits: Limits,
    accept: tuple[str, ...] | None,
    limit: int,
    deadline: float,
) -> Response | str:
    """One request: the response, or the Location of a redirect."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"timed out after {limits.total_timeout:g} s")
    conn = _Connection(target, limits)
    watchdog = threading.Timer(remaining, conn.abort)
    watchdog.daemon = True
    watchdog.start()
    try:
        try:
            conn.open()
        except TimeoutError as exc:
            raise FetchError(f"connection timed out after {limits.connect_timeout:g} s") from exc
        except OSError as exc:
            raise FetchError(f"cannot connect: {exc.strerror or exc}") from exc
        try:
            conn.conn.request("GET", target.path, headers=headers)
            resp = conn.conn.getresponse()
            return _read(target, resp, accept, limit, deadline, limits)
        except (FetchError, FetchRefused):
            raise
        except (TimeoutError, OSError, http.client.HTTPException) as exc:
            if time.monotonic() >= deadline - 0.05:
                raise FetchError(f"timed out after {limits.total_timeout:g} s") from exc
            if isinstance(exc, TimeoutError):
                raise FetchError(f"no data for {limits.read_timeout:g} s") from exc
            raise FetchError(f"connection failed: {type(exc).__name__}: {exc}") from exc
    finally:
        watchdog.cancel()
        conn.close()


def _read(
    target: Target,
    resp: http.client.HTTPResponse,
    accept: tuple[str, ...] | None,
    limit: int,
    deadline: float,
    limits: Limits,
) -> Response | str:
    status = resp.status
    if status in REDIRECTS:
        location = resp.getheader("Location")
        if not location:
            raise FetchError(f"HTTP {status} redirect without a Location", status)
        return location.strip()
    etag, modified = resp.getheader("ETag"), resp.getheader("Last-Modified")
    kind, charset = media_type(resp.getheader("Content-Type"))
    if status == 304:
        return Response(target.url, status, kind, charset, b"", etag, modified)
    if status != 200:
        reason = " ".join((resp.reason or "").split())[:80]
        raise FetchError(f"HTTP {status} {reason}".strip(), status)
    if accept is not None and kind and kind not in accept:
        raise FetchError(f"content type {kind} is not {describe(accept)}")
    length = resp.getheader("Content-Length")
    if length and length.strip().isdigit() and int(length) > limit:
        raise FetchError(
            f"response is {human_size(int(length))}, over the {human_size(limit)} limit"
        )
    encoding = (resp.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding not in ENCODINGS and encoding not in ("identity", ""):
        raise FetchError(f"unsupported content encoding {encoding!r}")
    body = _body(resp, ENCODINGS.get(encoding), limit, deadline, limits)
    return Response(target.url, status, kind, charset, body, etag, modified)


def _body(
    resp: http.client.HTTPResponse,
    wbits: int | None,
    limit: int,
    deadline: float,
    limits: Limits,
) -> bytes:
    """The body, decompressed, read piece by piece while it stays under `limit` bytes and
    within the deadline."""
    inflate = zlib.decompressobj(wbits) if wbits is not None else None
    out = bytearray()
    over = f"response is over the {human_size(limit)} limit"
    if inflate is not None:
        over = f"compressed response unpacks to over the {human_size(limit)} limit"
    while True:
        chunk = resp.read1(CHUNK)
        if time.monotonic() > deadline:
            raise FetchError(f"timed out after {limits.total_timeout:g} s")
        if not chunk:
            break
        if inflate is None:
            out += chunk
        else:
            try:
                piece = inflate.decompress(chunk, limit - len(out) + 1)
                out += piece
            except zlib.error as exc:
                raise FetchError(f"broken compressed response ({exc})") from exc
            # what did not fit stays in unconsumed_tail: over the limit anyway
            if inflate.unconsumed_tail:
                raise FetchError(over)
        if len(out) > limit:
            raise FetchError(over)
    if inflate is not None:
        try:
            out += inflate.flush(limit - len(out) + 1)
        except zlib.error as exc:
            raise FetchError(f"broken compressed response ({exc})") from exc
        if len(out) > limit:
            raise FetchError(over)
    return bytes(out)
