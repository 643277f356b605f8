"""Open-web text never becomes markup or a script link."""

import re

import pytest

from dashboard.ui.safe import WORD_JOINER, md_escape, md_link, safe_url


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "<img src=x onerror=alert(1)>",
        "**bold** _it_ `code` # title",
        "![pic](http://x/y.png)",
    ],
)
def test_md_escape_leaves_no_live_markup(text):
    out = md_escape(text)
    for token in ("[", "]", "(", "<", "*", "`", "!"):
        assert all(out[i - 1] == "\\" for i, ch in enumerate(out) if ch == token and i > 0)
    assert "\n" not in md_escape("a\nb")


def _shown(markdown: str) -> str:
    """What a reader sees of escaped Markdown: escapes resolved, word joiners invisible."""
    return re.sub(r"\\(.)", r"\1", markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    "text",
    [
        "see https://evil.example/a now",
        "HTTP://EVIL.EXAMPLE",
        "www.evil.example and WWW.evil.example",
        "bob@evil.example",
        "mailto:bob@evil.example xmpp:bob@evil.example",
        "<https://evil.example/b>",
    ],
)
def test_md_escape_stops_automatic_links(text):
    """GitHub-flavoured Markdown links bare addresses after resolving escapes (found by
    tests/e2e/test_injection.py: `https\\://x` was still a link, `a@b.org` a mailto: link);
    a word joiner inside each pattern stops that and stays invisible."""
    out = md_escape(text)
    plain = out.replace("\\", "")
    assert "://" not in plain and not re.search(r"www\.", plain, re.IGNORECASE)
    assert not re.search(r"@\w", plain)
    assert _shown(out) == text


def test_md_link_is_one_http_link_or_plain_text():
    url = "https://news.example/a)[x](javascript:alert(1))"
    out = md_link("Outlet [y](javascript:z)", url)
    assert out == f"[{md_escape('Outlet [y](javascript:z)')}](<{url}>)"
    assert md_link("Outlet", "javascript:alert(1)") == "Outlet"
    assert md_link("Outlet", "data:text/html,x") == "Outlet"
    assert md_link("Outlet", None) == "Outlet"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>", False),
        ("file:///etc/passwd", False),
        ("//evil.example", False),
        (None, False),
        ('https://ex.org/"><script>', False),
    ],
)
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


@pytest.mark.parametrize(
    "url", ["https://ex.org/a\x01b", "https://ex.org/a\x7f", "https://e x.org"]
)
def test_safe_url_refuses_spaces_and_control_characters(url):
    assert safe_url(url) is None
