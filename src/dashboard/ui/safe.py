"""Text from the open web shown safely: titles, quotes and URLs are data, never markup.

Every page that puts article text into Markdown goes through `md_escape` (and `md_link`
for a link), so a title such as `[click](javascript:...)` or `<img onerror=...>` shows as
the characters it is made of; `safe_url` keeps every link to plain http(s).
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$:@])")
# GitHub-flavoured Markdown turns bare addresses into links *after* backslash escapes are
# resolved ("https\://x\.org" is still linked), so escaping alone cannot stop them: a word
# joiner (U+2060, invisible and never a line break) inside "://", after "www" and after
# "@" leaves nothing the autolinker recognises (http, https, www., e-mail, mailto:, xmpp:).
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def md_escape(text: object) -> str:
    """Escape Markdown (and the `<`/`&` that start HTML) so `text` renders literally,
    with no automatic links."""
    if text is None:
        return ""
    plain = _AUTOLINK.sub(WORD_JOINER, str(text))
    return _MD_SPECIAL.sub(r"\\\1", plain).replace("\n", " ")


_HTTP_URL = re.compile(r"^https?://[^\s<>\"'\x00-\x1f\x7f]+$", re.IGNORECASE)


def safe_url(url: object) -> str | None:
    """`url` if it is a plain http(s) address, else None (no javascript:, data:, file:, no
    spaces, quotes, angle brackets or control characters). The one check for every link
    built from article data: map popups, the article view, the tables' link columns."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    return url if _HTTP_URL.match(url) else None


def md_link(text: object, url: object) -> str:
    """A Markdown link to `url` if it is http(s) (else just the escaped text). The address
    goes in angle brackets, where a `)` cannot end it: `https://x.org/a)[y](javascript:..)`
    stays one link to one http(s) address instead of becoming two."""
    label = md_escape(text)
    href = safe_url(url)
    return f"[{label}](<{href}>)" if href else label
