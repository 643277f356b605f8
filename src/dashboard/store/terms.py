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

So that a phrase is found like a word, `article_terms` also holds one row per distinct
pair of consecutive words (`pair_key`; within the title or within the body, never
across), whose `hits` are the two words' hits added (once for a word doubled): a
two-word phrase ("Nagorno-Karabakh", "Lachin corridor") is then one key, ranked by the
same score as its two words (`query.search`). About 1.4 times as many rows as the words
alone (synthetic articles; more for long real ones).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
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
    if text.isascii():  # the same, faster: no accents, and casefold is lower
        return text.lower()
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


def pair_key(first: str, second: str) -> int:
    """The `term_key` of two consecutive folded words: their text with one space between,
    which no word holds, so a pair's key is never a word's."""
    return term_key(f"{first} {second}")


def pair_hits(first: str, second: str, hits: Mapping[str, int]) -> int:
    """A pair row's `hits`: what its words add to a search's score (a doubled word once)."""
    return hits[first] + (hits[second] if second != first else 0)


def _hits(title_words: list[str], body_words: list[str]) -> Counter[str]:
    hits = Counter(body_words)
    for word in title_words:
        hits[word] += TITLE_WEIGHT
    return hits


def _pair_rows(
    article_id: str, published: date | None, hits: Mapping[str, int], *sequences: list[str]
) -> list[tuple]:
    """`article_terms` rows of the distinct consecutive pairs within each sequence."""
    pairs = {pair for seq in sequences for pair in zip(seq, seq[1:], strict=False)}
    return [(pair_key(a, b), article_id, published, pair_hits(a, b, hits)) for a, b in pairs]


def pair_rows_of_words(article_id: str, text: str, published: date | None) -> list[tuple]:
    """The pair rows of an article from its `article_words` text (the words already
    folded): what migration 0011 adds to the articles stored before it."""
    seq = text.split()
    if TITLE_END in seq:
        cut = seq.index(TITLE_END)
        title_words, body_words = seq[:cut], seq[cut + 1 :]
    else:
        title_words, body_words = [], seq
    hits = _hits(title_words, body_words)
    return _pair_rows(article_id, published, hits, title_words, body_words)


def word_text(seq: Iterable[str]) -> str:
    """Folded words as `article_words.words` holds them: one space around each, so that
    `LIKE '% a b %'` finds the phrase "a b" as whole words."""
    return " " + " ".join(seq) + " "


def search_rows(
    article_id: str,
    title: str | None,
    body: str | None,
    published: date | None,
    pairs: bool = True,
) -> tuple[list[tuple], tuple]:
    """One article's `article_terms` rows (its words and word pairs, sorted by key) and
    its `article_words` row,
    in `schema.COLUMNS` order. The title's words come first, then TITLE_END, then the
    body's: a phrase never runs from the title into the body."""
    title_words, body_words = words(title), words(body)
    hits = _hits(title_words, body_words)
    terms = [(term_key(term), article_id, published, n) for term, n in hits.items()]
    if pairs:  # (not at migration 0003, which came before them: 0011 adds them)
        terms += _pair_rows(article_id, published, hits, title_words, body_words)
    terms.sort()
    seq = [*title_words, TITLE_END, *body_words] if title_words else body_words
    return terms, (article_id, word_text(seq))


def rows_for_articles(articles: Iterable[dict], pairs: bool = True) -> dict[str, list[tuple]]:
    """`article_terms` and `article_words` rows of stored article rows (dicts with id,
    title, body, published), for the paths that insert plain rows (`dashboard copy`)."""
    out: dict[str, list[tuple]] = {"article_terms": [], "article_words": []}
    for row in articles:
        terms, text = search_rows(
            row["id"], row.get("title"), row.get("body"), row.get("published"), pairs
        )
        out["article_terms"].extend(terms)
        out["article_words"].append(text)
    return out
