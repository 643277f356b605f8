"""Text from the open web shown safely: titles, quotes and URLs are data, never markup.

Every page that puts article text into Markdown or HTML goes through these two functions,
so a title such as `[click](javascript:...)` or `<img onerror=...>` shows as the characters
it is made of.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$:])")


def md_escape(text: object) -> str:
    """Escape Markdown (and the `<`/`&` that start HTML) so `text` renders literally."""
    if text is None:
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def safe_url(url: object) -> str | None:
    """`url` if it is a plain http(s) address, else None (no javascript:, data:, file:)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if re.match(r"^https?://[^\s<>\"']+$", url, re.IGNORECASE):
        return url
    return None
