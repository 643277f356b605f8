"""The safety and politeness settings of one fetch run, with safe defaults.

Every number bounds what a remote server can make us do: how much we read, how long we
wait, how far we follow. The defaults suit a hosted dashboard; tests and benchmarks lower
the delay, never the checks.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# True: every private, loopback, link-local or reserved address; False: none; a tuple:
# only those networks
PrivateAllowance = bool | tuple[Network, ...]

ALLOW_PRIVATE_ENV = "DASHBOARD_ALLOW_PRIVATE_HOSTS"
# names the tool, as robots.txt rules and site operators expect
USER_AGENT = "conflict-news-dashboard/0.1 (news analysis dashboard; respects robots.txt)"
ROBOTS_AGENT = "conflict-news-dashboard"
MB = 1024 * 1024


def parse_allowance(value: str) -> PrivateAllowance:
    """DASHBOARD_ALLOW_PRIVATE_HOSTS: "1" (or true/yes/on) lets every non-public address
    through, a comma-separated list of networks ("127.0.0.0/8, 10.1.2.3") only those;
    anything else (unset, "0", an unreadable entry) none."""
    text = (value or "").strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    networks = []
    for part in text.split(","):
        try:
            networks.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            return False
    return tuple(networks)


def private_hosts_allowed() -> PrivateAllowance:
    """What DASHBOARD_ALLOW_PRIVATE_HOSTS lets through (tests, a newsroom's intranet
    feeds); nothing unless set."""
    return parse_allowance(os.environ.get(ALLOW_PRIVATE_ENV, ""))


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 5 * MB  # per response, after decompression
    connect_timeout: float = 10.0  # seconds to open the connection
    read_timeout: float = 20.0  # seconds without a byte
    total_timeout: float = 60.0  # seconds for one whole response, however it trickles
    max_redirects: int = 5
    delay: float = 1.0  # seconds between two requests to the same host
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is honoured up to this
    max_links: int = 100  # article links read per feed or sitemap per run
    max_sitemaps: int = 10  # nested sitemaps followed from one sitemap index
    workers: int = 4  # pages fetched at once (still one per host at a time)
    user_agent: str = USER_AGENT
    allow_private: PrivateAllowance | None = None  # None: as DASHBOARD_ALLOW_PRIVATE_HOSTS

    def private_allowed(self) -> PrivateAllowance:
        return private_hosts_allowed() if self.allow_private is None else self.allow_private
