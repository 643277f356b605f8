"""Words of an article folded for search, the same on every backend.

Article search matches whole words, ignoring case and accents, in every script we ingest
(Latin, Cyrillic, Armenian...). Folding happens here, in Python, at ingest and again for
the reader's query, rather than in each database (PostgreSQL's `unaccent` and text
search parser, DuckDB's string functions): one function on both sides is what makes the
two backends find exactly the same articles, and the database only compares plain terms.

`fold` lower-cases with `str.casefold` and drops accents by Unicode decomposition
(é -> e, ё -> е, й -> и); `words` cuts folded text into runs of letters and digits, so
punctuation and hyphens separate words. Each article stores, per distinct word, how
often it occurs (`article_terms`, the word as a 64-bit `term_key`): title words count TITLE_WEIGHT times, because a word
in the title says more about what the article is about than one in passing.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from datetime import date
from functools import cache

TITLE_WEIGHT = 3
# between the title's and the body's words in `article_words`: never part of a word
TITLE_END = "|"
# a word: letters and digits of any script; "_" and punctuation separate words
WORD = re.compile(r"[^\W_]+")
# longer "words" are hashes, URLs run together, base64: not worth indexing
MAX_TERM = 60
SEARCH_TABLES = ("article_terms", "article_words")


@cache
def _no_marks() -> dict[int, None]:
    """str.translate table deleting every combining mark (all lie below U+30000)."""
    return {cp: None for cp in range(0x30000) if unicodedata.combining(chr(cp))}


def fold(text: str) -> str:
    """`text` case-folded, without accents or other combining marks (NFKD, then marks
    dropped); ligatures and compatibility forms are split (ﬁ -> fi, և -> եւ)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return decomposed if decomposed.isascii() else decomposed.translate(_no_marks())


def words(text: str | None) -> list[str]:
    """The folded words of `text`, in order."""
    if not text:
        return []
    return [w for w in WORD.findall(fold(text)) if len(w) <= MAX_TERM]


def term_key(word: str) -> int:
    """A folded word as the signed 64-bit number `article_terms.term_key` holds: the
    databases compare integers several times faster than text, and DuckDB scans the
    whole column for a word (collisions: one in 2**64 per pair of distinct words)."""
    digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def word_text(seq: Iterable[str]) -> str:
    """Folded words as `article_words.words` holds them: one space around each, so that
    `LIKE '% a b %'` finds the phrase "a b" as whole words."""
    return " " + " ".join(seq) + " "


def search_rows(
    article_id: str, title: str | None, body: str | None, published: date | None
) -> tuple[list[tuple], tuple]:
    """One article's `article_terms` rows (sorted by term) and its `article_words` row,
    in `schema.COLUMNS` order. The title's words come first, then TITLE_END, then the
    body's: a phrase never runs from the title into the body."""
    title_words, body_words = words(title), words(body)
    hits = Counter(body_words)
    for word in title_words:
        hits[word] += TITLE_WEIGHT
    terms = sorted((term_key(term), article_id, published, n) for term, n in hits.items())
    seq = [*title_words, TITLE_END, *body_words] if title_words else body_words
    return terms, (article_id, word_text(seq))


def rows_for_articles(articles: Iterable[dict]) -> dict[str, list[tuple]]:
    """`article_terms` and `article_words` rows of stored article rows (dicts with id,
    title, body, published), for the paths that insert plain rows (`dashboard copy`)."""
    out: dict[str, list[tuple]] = {"article_terms": [], "article_words": []}
    for row in articles:
        terms, text = search_rows(
            row["id"], row.get("title"), row.get("body"), row.get("published")
        )
        out["article_terms"].extend(terms)
        out["article_words"].append(text)
    return out
