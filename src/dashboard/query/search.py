"""Article search: the reader's words and "quoted phrases", found as whole words in any
script, ignoring case and accents, best matches first.

The query is folded by the same `store.terms` code that folded each article at ingest,
so both backends compare plain terms and find the same articles. Every word must occur
(in the title or the body); a phrase must occur as consecutive words, and so must a word
that folds into several (Nagorno-Karabakh -> "nagorno karabakh"). An article's score is
the sum of its hits for the query's words (`article_terms.hits`, title words weighted):
ties go to the newest article, then the id, so that the order is the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from dashboard.store.sqlparams import marks
from dashboard.store.terms import (
    MAX_TERM,
    TITLE_END,
    WORD,
    fold,
    pair_key,
    term_key,
    word_text,
    words,
)

# straight and typographic quotes around a phrase
_PHRASE = re.compile(r"[\"“”„«»]([^\"“”„«»]+)[\"“”„«»]")
# a sentence: up to and with its . ! ? … or Armenian full stop ։, or to a line's end
_SENTENCE = re.compile(r"[^\n.!?…։]+[.!?…։]*")
MAX_SENTENCE = 300  # characters of a matching sentence shown in a list


@dataclass(frozen=True)
class Search:
    """A parsed query: the folded words every match must hold (distinct, in order) and
    the phrases (folded word sequences of two or more) that must occur as such."""

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...] = ()
    # whether the search holds word pairs (migration 0011); else phrases are checked in
    # the words of every article holding all their words
    pairs: bool = True

    def keys(self) -> tuple[list[int], list[int], tuple[tuple[str, ...], ...]]:
        """The `article_terms` keys a match must hold, those of them whose hits make up
        its score, and the phrases the keys do not settle.

        A phrase's consecutive pairs are keys (`store.terms.pair_key`), and so is every
        word not in a pair; the pair holds both words, so their own rows need not be
        read. The score takes each word's hits once: from a pair whose words no other
        scoring pair took (a pair's hits are its words' hits added), else from the
        word's row. A two-word phrase is then found exactly by its key; a longer one has
        all its pairs, but not necessarily in one run: it is checked in the words."""
        if not self.pairs:
            keys = [term_key(t) for t in self.terms]
            return keys, keys, self.phrases
        required: dict[int, None] = {}
        scoring: list[int] = []
        covered: set[str] = set()
        for phrase in self.phrases:
            for first, second in zip(phrase, phrase[1:], strict=False):
                key = pair_key(first, second)
                required[key] = None
                if first not in covered and second not in covered:
                    scoring.append(key)
                    covered.update((first, second))
        for term in self.terms:
            if term not in covered:
                required[term_key(term)] = None
                scoring.append(term_key(term))
        return list(required), scoring, tuple(p for p in self.phrases if len(p) > 2)

    @property
    def unsettled(self) -> tuple[tuple[str, ...], ...]:
        """The phrases the `article_terms` keys do not settle: those of three words or
        more (when the search holds pairs), to be checked in the words themselves."""
        return self.keys()[2]

    def matches(
        self, date_from: date | None = None, date_to: date | None = None, verify: bool = True
    ):
        """SQL of the matching articles (`article_id`, `score`, `published`) and its
        parameters, optionally within a range of publication dates. With `verify` False,
        the candidates: every article holding all the keys, the `unsettled` phrases not
        checked (see `holds_phrases`)."""
        required, scoring, unsettled = self.keys()
        dates, date_params = "", []
        for op, day in ((">=", date_from), ("<=", date_to)):
            if day is not None:
                dates += f" AND t.published {op} ?"
                date_params.append(day)
        if len(required) == 1:  # one word, or one two-word phrase: read in rank order
            sql = (
                "SELECT t.article_id, t.hits AS score, t.published FROM article_terms t "
                f"WHERE t.term_key = ?{dates}"
            )
            params: list[Any] = [*required, *date_params]
        else:
            score, params = "t.hits", []
            if len(scoring) < len(required):
                score = f"CASE WHEN t.term_key IN ({marks(scoring)}) THEN t.hits ELSE 0 END"
                params = list(scoring)
            sql = (
                f"SELECT t.article_id, SUM({score}) AS score, MAX(t.published) AS published "
                f"FROM article_terms t WHERE t.term_key IN ({marks(required)}){dates} "
                f"GROUP BY t.article_id HAVING COUNT(*) = {len(required)}"
            )
            params += [*required, *date_params]
        if unsettled and verify:
            # the check names both sides (by the join key, equal on every joined row), so
            # that DuckDB makes it after the join, on the candidates' words only: a
            # condition on the words alone it pushes into the scan, matching every
            # article's words (1 s at 1M events, with no candidate at all). PostgreSQL
            # looks the candidates up by key either way.
            likes = " AND ".join("w.words LIKE ?" for _ in unsettled)
            sql = (
                f"SELECT m.article_id, m.score, m.published FROM ({sql}) m "
                f"JOIN article_words w ON w.article_id = m.article_id "
                f"WHERE CASE WHEN w.article_id = m.article_id THEN {likes} ELSE FALSE END"
            )
            params += [f"%{word_text(p)}%" for p in unsettled]
        return sql, params

    def holds_phrases(self, title: str | None, body: str | None) -> bool:
        """Whether an article (its title and body) holds every `unsettled` phrase: the
        check `matches` makes in `article_words`, made on the text itself (folded by the
        same code into the same word sequence), for the few articles a list shows."""
        unsettled = self.unsettled
        if not unsettled:
            return True
        # most candidates hold the phrase: found as such in the folded title or body, it
        # is in the word sequence; only the others are cut into words to make sure
        texts = [fold(t) for t in (title, body) if t]
        if all(any(_in_text(p, t) for t in texts) for p in unsettled):
            return True
        title_words, body_words = words(title), words(body)
        seq = [*title_words, TITLE_END, *body_words] if title_words else body_words
        text = word_text(seq)
        return all(word_text(p) in text for p in unsettled)


@lru_cache(maxsize=64)
def _phrase_pattern(phrase: tuple[str, ...]) -> re.Pattern:
    """The phrase's words with only separators between them, the last one whole (the
    pattern starts with a literal, which Python's re looks for fast; `_in_text` checks
    that the first word starts a word)."""
    return re.compile(r"[\W_]+".join(re.escape(w) for w in phrase) + r"(?![^\W_])")


def _in_text(phrase: tuple[str, ...], text: str) -> bool:
    """Whether folded `text` holds `phrase` as whole words, by its first occurrence (a
    miss is not final: `holds_phrases` then checks word by word)."""
    found = _phrase_pattern(phrase).search(text)
    return found is not None and (found.start() == 0 or WORD.match(text, found.start() - 1) is None)


def parse(text: str | None, pairs: bool = True) -> Search | None:
    """The search in `text`, or None when it holds no word (no search at all); `pairs`:
    whether the database holds word pairs."""
    if not text or not text.strip():
        return None
    phrases: list[tuple[str, ...]] = []
    terms: list[str] = []
    for quoted in _PHRASE.finditer(text):
        _take(quoted.group(1), phrases, terms)
    for token in _PHRASE.sub(" ", text).split():
        _take(token, phrases, terms)
    if not terms:
        return None
    return Search(tuple(dict.fromkeys(terms)), tuple(dict.fromkeys(phrases)), pairs)


def is_search(text: str | None) -> bool:
    """Whether `text` holds a word to search for (else it filters nothing)."""
    return parse(text) is not None


def _take(text: str, phrases: list, terms: list) -> None:
    """Add the words of `text` to `terms`, and as a phrase if there are several."""
    found = words(text)
    terms.extend(found)
    if len(found) > 1:
        phrases.append(tuple(found))


# -- the matching sentence ---------------------------------------------------------------


def sentences(body: str) -> list[str]:
    return list(_sentences(body))


def _sentences(body: str) -> Iterator[str]:
    """The body's sentences, one at a time: the search for the matching one mostly ends
    at one of the first, and cutting a whole body up front cost as much as the rest."""
    for found in _SENTENCE.finditer(body or ""):
        sentence = found.group()
        if not sentence.isspace():
            yield sentence.strip()


def _score(sentence: str, search: Search) -> int:
    """How well a sentence shows the match: phrases count most, then distinct words.
    Most sentences hold none of the words: a substring test on the folded sentence
    rules them out before it is cut into words."""
    folded = fold(sentence)
    if not any(t in folded for t in search.terms):
        return 0
    seq = [w for w in WORD.findall(folded) if len(w) <= MAX_TERM]
    present = set(seq) & set(search.terms)
    if not present:
        return 0
    text = word_text(seq)
    return 10 * sum(word_text(p) in text for p in search.phrases) + len(present)


def matching_sentence(body: str | None, search: Search) -> str:
    """The body's sentence that shows the match best (the first of the best), shortened
    around its first matching word if long; "" when only the title matches."""
    if not body:
        return ""
    # no look at the whole folded body first: the sentences are folded one by one
    # anyway, and the first holding every word ends the search
    best, best_score = "", 0
    full = 10 * len(search.phrases) + len(search.terms)
    for sentence in _sentences(body):
        score = _score(sentence, search)
        if score > best_score:
            best, best_score = sentence, score
            if score >= full:
                break  # cannot do better
    return shorten(best, search)


def shorten(sentence: str, search: Search, limit: int = MAX_SENTENCE) -> str:
    """`sentence`, or a window of `limit` characters around its first matching word."""
    if len(sentence) <= limit:
        return sentence
    folded = fold(sentence)
    # folding can change lengths (ligatures); positions are only a hint for the window
    first = min((i for i in (folded.find(t) for t in search.terms) if i >= 0), default=0)
    start = max(0, min(first - limit // 3, len(sentence) - limit))
    piece = sentence[start : start + limit].strip()
    return ("…" if start > 0 else "") + piece + ("…" if start + limit < len(sentence) else "")


def with_sentences(bodies: Sequence[str | None], search: Search) -> list[str]:
    return [matching_sentence(body, search) for body in bodies]
