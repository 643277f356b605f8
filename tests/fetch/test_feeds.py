"""Feed, sitemap, GDELT and content detection, on documents we write here."""

from __future__ import annotations

import time

import pytest
from fetch_site import atom, gdelt_json, rss, sitemap

from dashboard.fetch.detect import FEED, PAGE, SITEMAP, kind_of, root_element
from dashboard.fetch.feeds import FeedError, feed_links, sitemap_links
from dashboard.fetch.gdelt import GdeltError, parse_articles, query_url, timespan_for

BASE = "https://sample.example/wire/"


def test_rss_links_canonical_absolute_and_unique():
    body = rss(
        [
            "https://Sample.Example/wire/a.html?utm_source=x&utm_medium=y",
            "/wire/b.html",
            "https://sample.example/wire/a.html#comments",
        ]
    ).encode()
    found = feed_links(body, BASE)
    assert found.pages == [
        "https://sample.example/wire/a.html",
        "https://sample.example/wire/b.html",
    ]


def test_atom_and_rdf_links():
    assert feed_links(atom(["https://sample.example/x"]).encode(), BASE).pages == [
        "https://sample.example/x"
    ]
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><item><link>https://sample.example/r</link></item>'
        "</rdf:RDF>"
    )
    assert feed_links(rdf.encode(), BASE).pages == ["https://sample.example/r"]


def test_sitemap_and_index():
    pages = sitemap_links(
        sitemap(["https://sample.example/1", "https://sample.example/2"]).encode(), BASE
    )
    assert pages.pages == ["https://sample.example/1", "https://sample.example/2"]
    index = sitemap_links(sitemap(["https://sample.example/s.xml"], index=True).encode(), BASE)
    assert index.pages == [] and index.sitemaps == ["https://sample.example/s.xml"]


def test_malformed_xml_is_a_clear_error():
    with pytest.raises(FeedError, match=r"^malformed XML \(.*line 1"):
        feed_links(b'<?xml version="1.0"?><rss><channel><item><link>x', BASE)


def test_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss><channel><item><link>https://sample.example/&x;</link></item></channel></rss>"
    ).encode()
    try:
        found = feed_links(body, BASE)
    except FeedError:
        return  # refusing the document is fine too
    assert all("TOP-SECRET" not in url for url in found.pages)


def test_ten_thousand_entries_parse_quickly():
    body = rss([f"https://sample.example/many/{i}.html" for i in range(10_000)]).encode()
    started = time.monotonic()
    found = feed_links(body, BASE)
    assert found.total == 10_000 and len(found.pages) == 10_000
    assert time.monotonic() - started < 10  # generous; bench/ measures, this only bounds


@pytest.mark.parametrize(
    ("content_type", "body", "kind"),
    [
        ("text/xml", rss(["https://a.example/"]), FEED),
        ("text/html", rss(["https://a.example/"]), FEED),  # mislabelled feeds still count
        ("application/xml", atom(["https://a.example/"]), FEED),
        ("application/xml", sitemap(["https://a.example/"]), SITEMAP),
        ("text/html", "<!DOCTYPE html><html><body><p>x</p></body></html>", PAGE),
        ("", "<html><body>x</body></html>", PAGE),
        ("text/plain", "Plain article text.", PAGE),
        ("application/xml", "<?xml version='1.0'?><other/>", None),
    ],
)
def test_kind_of(content_type, body, kind):
    assert kind_of(content_type, body.encode()) == kind


def test_root_element_skips_declaration_and_comments():
    assert root_element(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c --><rss/>') == "rss"


def test_gdelt_query_and_answer():
    url = query_url(
        "Nagorno-Karabakh refugees", "3d", ("english", "russian"), base="http://127.0.0.1:1/api"
    )
    assert url.startswith("http://127.0.0.1:1/api?query=Nagorno-Karabakh+refugees+%28sourcelang")
    assert "mode=ArtList" in url and "format=json" in url and "timespan=3d" in url
    found = parse_articles(
        gdelt_json(["https://sample.example/g?utm_source=gdelt", "ftp://x/"]).encode()
    )
    assert [a.url for a in found] == ["https://sample.example/g"]
    assert found[0].title == "Sample GDELT result 0" and found[0].language == "English"
    assert parse_articles(b"{}") == []
    with pytest.raises(GdeltError, match="did not answer JSON: Your search"):
        parse_articles(b"Your search contained words that were too short.")
    with pytest.raises(GdeltError, match="time span"):
        query_url("x", "yesterday")


def test_saved_query_time_span_covers_twice_its_interval():
    assert [timespan_for(s) for s in (60, 1800, 3600, 6 * 3600, 86400, 10**9)] == [
        "1h",
        "1h",
        "2h",
        "12h",
        "2d",
        "90d",
    ]
