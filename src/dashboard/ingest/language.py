"""Language of an article: the main language and every other language present.

One lingua detector, restricted to the languages of this conflict's coverage, is built on
first use and kept for the process. Each paragraph long enough to judge is classified
with one lingua call; the main language is the one covering most characters, and another
language counts as present when a paragraph is confidently in it. Short lines, lines of names
and links are ignored so that the list is not noisy.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable
from functools import cache

from dashboard.ingest.knowledge import languages

LANGUAGE_CODES = languages()["detect"]  # ISO 639-1, from data/ingest/languages.json
MIN_LINE_LETTERS = 40  # a paragraph needs this many letters to be judged on its own
# Each paragraph is judged on at most this many characters. lingua is not slower on
# longer samples here (letters specific to a language narrow the candidates), and a longer
# sample is more reliable than a short one, so one call per paragraph is enough.
SAMPLE_CHARS = 600
OTHER_CONFIDENCE = 0.9
# The shortcut that spares a lingua call for paragraphs in the main language (see
# _vocabulary_shortcut): how many frequent words, the share of a paragraph's words that
# must be among them, and how much text the sample needs.
FREQUENT_WORDS = 60
TYPICAL_SHARE = 0.3
SHORTCUT_SAMPLE_CHARS = 500  # confidence needed to count another language as present
_WORDS = re.compile(r"[^\W\d_]+")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)

_lock = threading.Lock()
_preload = False  # set by preload_models()


def preload_models() -> None:
    """Load every language's model now rather than when a text first needs it.

    lingua loads a model the first time it weighs that language (about 50 ms of CPU
    each). A worker process of a parallel ingest calls this at start-up, so each worker
    pays the loading once, before its work, instead of once per language as articles in
    new languages arrive; a one-off command keeps loading only what it uses."""
    global _preload
    with _lock:
        _preload = True
        _language_table.cache_clear()
        _language_table()


@cache
def _language_table() -> tuple[object, dict[object, str]]:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGE_CODES
    ]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if _preload:
        builder = builder.with_preloaded_language_models()
    detector = builder.build()
    codes = {lang: lang.iso_code_639_1.name.lower() for lang in languages}
    return detector, codes


def detector():
    """The shared lingua detector (built once, on first use)."""
    with _lock:
        return _language_table()[0]


def _code(language) -> str:
    return _language_table()[1][language]


_NON_LETTER = re.compile(r"[\W\d_]+")
_IDEOGRAPH = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def _letter_weight(text: str) -> int:
    # Ideographs and kana carry about a word each: count them three times.
    return len(_NON_LETTER.sub("", text)) + 2 * len(_IDEOGRAPH.findall(text))


def _is_judgeable(line: str) -> bool:
    if len(line) < MIN_LINE_LETTERS // 3 or _URL.search(line):
        return False
    if _letter_weight(line) < MIN_LINE_LETTERS:
        return False
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) >= 4:
        capitalised = sum(1 for w in words if w[0].isupper())
        if capitalised / len(words) > 0.7:  # a list of names or a title-cased menu
            return False
    return True


# Emoji, pictographs, private-use and other symbols say nothing about the language, and a
# paragraph opening with hundreds of them would leave no letters in the sample.
_SYMBOLS = re.compile(
    "[\u2190-\u2bff\u200b-\u200f\ue000-\uf8ff\ufe00-\ufe0f\ufffc\ufffd"
    "\U0001f000-\U0001faff\U000e0000-\U0010ffff\ud800-\udfff]+"
)


def _sample(text: str, limit: int) -> str:
    text = " ".join(_SYMBOLS.sub(" ", text).split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit]


def _top(text: str) -> tuple[str, float] | None:
    values = detector().compute_language_confidence_values(text)
    if not values or (len(values) > 1 and values[0].value == values[1].value):
        return None  # no evidence for one language over another: lingua's tie order is arbitrary
    best = values[0]
    return _code(best.language), best.value


def _vocabulary_shortcut(
    paragraphs: list[str], words: list[list[str]], judged: dict[int, tuple[str, float]]
) -> tuple[str, set[str]] | None:
    """(language, its frequent words) learnt from the first paragraphs, or None.

    Words that occur in several paragraphs are mostly function words. The first paragraphs
    rich in them are judged one by one (results go into `judged`) until enough text agrees
    on one language; later, a paragraph rich in the frequent words of those paragraphs is
    taken to be in the same language without its own lingua call. A paragraph in another
    language shares few of them, so it is still judged on its own.
    """
    df: Counter[str] = Counter()
    for tokens in words:
        df.update(set(tokens))
    frequent = {w for w, n in df.most_common(FREQUENT_WORDS) if n >= 2}
    if not frequent:
        return None
    language: str | None = None
    vocabulary: set[str] = set()
    size = 0
    for i, tokens in enumerate(words):
        if _share(tokens, frequent) < TYPICAL_SHARE:
            continue
        top = judged.get(i) or _top(_sample(paragraphs[i], SAMPLE_CHARS))
        if top is None:
            return None
        judged[i] = top
        if top[1] < OTHER_CONFIDENCE or (language and top[0] != language):
            return None  # uncertain or mixed: judge every paragraph
        language = top[0]
        vocabulary.update(frequent.intersection(tokens))
        size += len(paragraphs[i])
        if size >= SHORTCUT_SAMPLE_CHARS:
            return language, vocabulary
    return None


def _share(tokens: list[str], vocabulary: set[str]) -> float:
    if len(tokens) < 5:
        return 0.0
    return sum(1 for t in tokens if t in vocabulary) / len(tokens)


def detect_languages(body: str, extra: Iterable[str] = ()) -> tuple[str | None, list[str]]:
    """(main language, all languages present with the main one first) for `body`.

    `extra` lines (such as the title) can add other languages but do not vote on the main
    one. Codes are ISO 639-1; the main language is None when nothing can be judged.
    """
    paragraphs = [p.strip() for p in body.splitlines() if p.strip()]
    judgeable = [p for p in paragraphs if _is_judgeable(p)]
    words = [_WORDS.findall(p.lower()) for p in judgeable]
    judged: dict[int, tuple[str, float]] = {}  # paragraph index → (language, confidence)
    shortcut = _vocabulary_shortcut(judgeable, words, judged) if len(judgeable) >= 3 else None

    votes: Counter[str] = Counter()
    for i, paragraph in enumerate(judgeable):
        if i not in judged:
            if shortcut and _share(words[i], shortcut[1]) >= TYPICAL_SHARE:
                votes[shortcut[0]] += len(paragraph)
                continue
            top = _top(_sample(paragraph, SAMPLE_CHARS))
            if top is None:
                continue
            judged[i] = top
        votes[judged[i][0]] += len(paragraph)

    if votes:
        main: str | None = votes.most_common(1)[0][0]
    else:  # only short lines: judge them together
        text = _sample(" ".join(paragraphs), SAMPLE_CHARS)
        found = detector().detect_language_of(text) if text else None
        main = _code(found) if found is not None else None

    results = list(judged.values())
    for line in extra:
        line = (line or "").strip()
        if line and _is_judgeable(line):
            top = _top(_sample(line, SAMPLE_CHARS))
            if top is not None:
                results.append(top)

    others = {
        lang for lang, confidence in results if lang != main and confidence >= OTHER_CONFIDENCE
    }
    return main, ([main] if main else []) + sorted(others)
