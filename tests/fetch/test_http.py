"""The safe client against the loopback test site: every hostile case of issue 13."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

import pytest

from dashboard.fetch.address import FetchRefused
from dashboard.fetch.detect import ANY_TYPES, PAGE_TYPES
from dashboard.fetch.http import FetchError, get, media_type
from dashboard.fetch.limits import USER_AGENT


def test_page_is_read_with_validators(site, limits):
    resp = get(site.url("/news/1.html"), limits, PAGE_TYPES)
    assert resp.status == 200 and resp.content_type == "text/html" and resp.charset == "utf-8"
    assert b"Sample report 1" in resp.body
    assert resp.last_modified
    assert site.headers["/news/1.html"][-1]["User-Agent"] == USER_AGENT


def test_conditional_get_answers_not_modified(site, limits):
    first = get(site.url("/feed.xml"), limits, ANY_TYPES)
    again = get(site.url("/feed.xml"), limits, ANY_TYPES, etag=first.etag)
    assert again.not_modified and again.body == b""
    assert site.headers["/feed.xml"][-1]["If-None-Match"] == '"feed-v1"'


def test_redirect_followed_within_the_site(site, limits):
    resp = get(site.url("/redirect-page"), limits, PAGE_TYPES)
    assert resp.url == site.url("/news/1.html")


def test_redirect_to_private_address_refused_before_connecting(site, limits, monkeypatch):
    real = socket.create_connection
    contacted: list[tuple] = []

    def spy(address, *args, **kwargs):
        contacted.append(address)
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    with pytest.raises(FetchRefused, match="10.0.0.1 is a private address"):
        get(site.url("/redirect-private"), limits)
    with pytest.raises(FetchRefused, match="169.254.169.254 is a link-local address"):
        get(site.url("/redirect-metadata"), limits)
    assert {host for host, _port in contacted} == {"127.0.0.1"}


def test_redirect_loop_and_scheme_change_stop(site, limits):
    with pytest.raises(FetchError, match="more than 5 redirects"):
        get(site.url("/redirect-loop"), limits)
    with pytest.raises(FetchRefused, match="only http and https"):
        get(site.url("/ftp-redirect"), limits)


def test_two_gigabyte_body_stops_at_the_limit(site, limits):
    started = time.monotonic()
    with pytest.raises(FetchError, match="response is over the 1 MB limit"):
        get(site.url("/huge"), limits)
    with pytest.raises(FetchError, match="response is 2 GB, over the 1 MB limit"):
        get(site.url("/huge-declared"), limits)
    assert time.monotonic() - started < 30  # generous: it read about 1 MB, not 2 GB


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/drip", "timed out after 3 s"), ("/stall", "no data for 2 s")],  # total / read timeout
)
def test_slow_drip_and_stalled_server_time_out(site, limits, path, reason):
    short = replace(limits, read_timeout=2.0, total_timeout=3.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match=reason):
        get(site.url(path), short)
    assert time.monotonic() - started < short.total_timeout + 2


def test_gzip_bomb_bounded_after_decompression(site, limits):
    with pytest.raises(FetchError, match="compressed response unpacks to over the 1 MB limit"):
        get(site.url("/bomb.html"), limits)


def test_gzip_page_is_decompressed(site, limits):
    resp = get(site.url("/gzipped.html"), limits, PAGE_TYPES)
    assert b"Sample report 7" in resp.body


def test_wrong_content_type_refused(site, limits):
    with pytest.raises(FetchError, match="content type image/png is not an article page"):
        get(site.url("/image.png"), limits, ANY_TYPES)


@pytest.mark.parametrize(("path", "status"), [("/missing", 404), ("/error", 500)])
def test_http_errors_named(site, limits, path, status):
    with pytest.raises(FetchError, match=f"HTTP {status}") as failed:
        get(site.url(path), limits)
    assert failed.value.status == status


def test_connection_refused_is_a_clear_error(limits):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="cannot connect"):
        get(f"http://127.0.0.1:{port}/", limits)


def test_media_type_parsing():
    assert media_type('text/html; charset="UTF-8"') == ("text/html", "utf-8")
    assert media_type(None) == ("", None)
