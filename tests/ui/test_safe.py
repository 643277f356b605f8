"""Open-web text never becomes markup or a script link."""

import pytest

from dashboard.ui.safe import md_escape, safe_url


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
