"""Which addresses may be contacted: refused ones are refused before any connection."""

from __future__ import annotations

import ipaddress
import socket
import subprocess
import sys
import threading

import pytest

from dashboard.fetch.address import FetchRefused, check_url, refusal, split_url
from dashboard.fetch.http import get
from dashboard.fetch.limits import Limits, parse_allowance


@pytest.fixture
def no_connections(monkeypatch):
    """Fail the test if anything opens a connection (a spy on the real socket call)."""
    attempts: list[object] = []

    def refuse(address, *args, **kwargs):
        attempts.append(address)
        raise AssertionError(f"a connection to {address} was attempted")

    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def listener():
    """A real server socket on 127.0.0.1 counting the connections it accepts."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    accepted: list[object] = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, peer = server.accept()
            except (TimeoutError, OSError):
                continue
            accepted.append(peer)
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], accepted
    stop.set()
    thread.join()
    server.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "10.0.0.1"])
def test_loopback_and_private_refused_before_any_connection(monkeypatch, no_connections, host):
    monkeypatch.delenv("DASHBOARD_ALLOW_PRIVATE_HOSTS", raising=False)
    with pytest.raises(FetchRefused) as refused:
        get(f"http://{host}/feed.xml", Limits())
    assert str(refused.value) == (
        f"refused: {host} is {'a loopback' if host.startswith('127') else 'a private'} "
        "address; such hosts are refused unless DASHBOARD_ALLOW_PRIVATE_HOSTS=1"
    )
    assert no_connections == []


def test_real_loopback_server_gets_no_connection_without_the_setting(monkeypatch, listener):
    port, accepted = listener
    monkeypatch.delenv("DASHBOARD_ALLOW_PRIVATE_HOSTS", raising=False)
    for url in (
        f"http://127.0.0.1:{port}/",
        f"http://localhost:{port}/",
        f"http://[::ffff:127.0.0.1]:{port}/",
    ):
        with pytest.raises(FetchRefused, match="loopback"):
            get(url, Limits())
    assert accepted == []
    monkeypatch.setenv("DASHBOARD_ALLOW_PRIVATE_HOSTS", "1")
    with pytest.raises(Exception):  # noqa: B017 - the listener answers nothing: any error
        get(f"http://127.0.0.1:{port}/", Limits(total_timeout=1.0, read_timeout=0.5))
    assert len(accepted) == 1  # with the setting, the same URL is contacted


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("100.64.0.1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
    ],
)
def test_non_public_ranges_refused(address, kind):
    reason = refusal(ipaddress.ip_address(address), allow_private=False)
    assert reason and kind in reason


def test_public_address_allowed_and_unspecified_never():
    assert refusal(ipaddress.ip_address("93.184.216.34"), allow_private=False) is None
    assert "not a host address" in refusal(ipaddress.ip_address("0.0.0.0"), allow_private=True)
    assert "not a host address" in refusal(ipaddress.ip_address("224.0.0.1"), allow_private=True)


def test_allowance_by_network():
    allow = parse_allowance("127.0.0.0/8")
    assert refusal(ipaddress.ip_address("127.0.0.1"), allow) is None
    assert refusal(ipaddress.ip_address("10.0.0.1"), allow)
    assert parse_allowance("1") is True
    assert parse_allowance("") is False and parse_allowance("0") is False
    assert parse_allowance("not a network") is False


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.org/feed", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("example.org/feed", "only http and https URLs are fetched, not no scheme"),
        ("http://user:secret@example.org/", "user name or password"),
        ("http:///path", "no host name"),
        ("http://example.org:99999/", "not a valid URL"),
    ],
)
def test_bad_urls_refused(url, reason, no_connections):
    with pytest.raises(FetchRefused, match=reason):
        check_url(url, allow_private=False)


def test_split_url_keeps_path_and_query():
    assert split_url("https://Example.org/a/b?x=1") == ("https", "example.org", 443, "/a/b?x=1")


def test_refusal_is_one_line_in_a_fresh_process():
    """From a fresh interpreter, without the setting (what the CLI user sees)."""
    code = (
        "from dashboard.fetch.http import get\n"
        "from dashboard.fetch.limits import Limits\n"
        "try:\n    get('http://10.0.0.1/', Limits())\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    env = {
        k: v for k, v in __import__("os").environ.items() if k != "DASHBOARD_ALLOW_PRIVATE_HOSTS"
    }
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert out.stdout.strip().startswith("FetchRefused refused: 10.0.0.1 is a private address")
