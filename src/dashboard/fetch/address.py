"""Which URLs may be fetched and which addresses may be contacted (the SSRF guard).

A URL typed by a user, listed in a feed or sent as a redirect could point at the
server's own loopback, the cloud metadata service or a machine on the private network.
So every host name is resolved here, before any connection, and every address it
resolves to must be a public one; the connection is then made to that checked address
(not resolved again), so a name that answers differently the second time cannot slip
through. Redirects come back here too. `DASHBOARD_ALLOW_PRIVATE_HOSTS=1` lets loopback
and private ranges through (tests, an intranet feed), or a list of networks only those
(`127.0.0.0/8`); unspecified and multicast addresses are never contacted.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from dashboard.fetch.limits import PrivateAllowance

SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class FetchRefused(Exception):
    """A URL we will not contact; the message is one line saying why."""


@dataclass(frozen=True)
class Target:
    """A checked URL: scheme, host name (for Host and TLS), port and the address to use."""

    url: str
    scheme: str
    host: str
    port: int
    address: str
    path: str  # path and query, as sent in the request line


def split_url(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path-and-query) of an http(s) URL; FetchRefused otherwise."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise FetchRefused(f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "no scheme"
        raise FetchRefused(f"only http and https URLs are fetched, not {shown}")
    if parts.username is not None or parts.password is not None:
        raise FetchRefused("URLs with a user name or password are not fetched")
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise FetchRefused("the URL has no host name")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port or DEFAULT_PORTS[scheme], path


def _unwrap(ip: IPAddress) -> IPAddress:
    """The IPv4 address inside an IPv4-mapped or 6to4/Teredo IPv6 address, if any."""
    if isinstance(ip, ipaddress.IPv6Address):
        for inner in (ip.ipv4_mapped, ip.sixtofour, (ip.teredo or (None, None))[1]):
            if inner is not None:
                return inner
    return ip


def _allowed(ip: IPAddress, allow: PrivateAllowance) -> bool:
    if isinstance(allow, bool):
        return allow
    return any(ip.version == net.version and ip in net for net in allow)


def refusal(ip: IPAddress, allow_private: PrivateAllowance) -> str | None:
    """Why `ip` may not be contacted, or None if it may."""
    ip = _unwrap(ip)
    if ip.is_unspecified or ip.is_multicast:
        return f"{ip} is not a host address"
    if ip.is_global or _allowed(ip, allow_private):
        return None
    if ip.is_loopback:
        kind = "a loopback"
    elif ip.is_link_local:
        kind = "a link-local"
    elif ip.is_private:
        kind = "a private"
    else:
        kind = "a reserved"
    return f"{ip} is {kind} address; such hosts are refused unless DASHBOARD_ALLOW_PRIVATE_HOSTS=1"


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (a literal address resolves to itself)."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise FetchRefused(f"cannot resolve host {host!r} ({exc})") from exc
    found: list[IPAddress] = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    if not found:
        raise FetchRefused(f"host {host!r} has no address")
    return found


def check_url(url: str, allow_private: PrivateAllowance) -> Target:
    """The URL resolved and checked; FetchRefused (one line) if any address it resolves to
    is refused, so nothing is contacted for it."""
    scheme, host, port, path = split_url(url)
    addresses = resolve(host, port)
    for ip in addresses:
        reason = refusal(ip, allow_private)
        if reason:
            shown = "" if str(ip) == host.strip("[]") else f"{host} resolves to "
            raise FetchRefused(f"refused: {shown}{reason}")
    return Target(url, scheme, host, port, str(addresses[0]), path)
