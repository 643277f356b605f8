"""Dictionary forms of words, so cue lists name a verb once instead of every inflection.

Cues such as "kündigen an", "заявить" or "faire savoir" are matched on lemmas: real
articles use every tense, person and case ("kündigte … an", "заявили", "a fait savoir"),
and listing surface forms only ever covered the texts we had read. simplemma ships its
dictionaries for 50+ languages and works offline; where it has no data (Azerbaijani, for
one) the lower-cased word stands for itself and that language's cues list surface forms.

simplemma's process-wide dictionary factory keeps 8 languages' dictionaries. The language
files lemmatize more than 8 languages, and a stream of articles mixes them, so with that
default every article in a ninth language evicted a dictionary and reloaded one from disk
(extraction fell from about 180 to 8 articles/s of CPU time in a mixed run). Our own
lemmatizer keeps every language it has met; only languages in the articles are loaded.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    SUPPORTED_LANGUAGES,
    DefaultDictionaryFactory,
)

__all__ = ["SUPPORTED_LANGUAGES", "dictionary_form", "is_known", "lemma", "lemmatizes"]

# simplemma's own `lemmatize` keeps the dictionaries of 8 languages and reloads an evicted
# one (about a second) when a word of its language comes again; with more languages than
# that among the cue files, every article reloaded some, which made extraction five times
# slower. Ours keeps every language it has loaded (the same strategy, so the same lemmas).
_DICTIONARIES = DefaultDictionaryFactory(cache_max_size=len(SUPPORTED_LANGUAGES))
_LEMMATIZER = simplemma.Lemmatizer(
    lemmatization_strategy=DefaultStrategy(dictionary_factory=_DICTIONARIES)
)
_LOOKUP = DictionaryLookupStrategy(_DICTIONARIES)

# Romanian is written with comma-below ș ț (the standard) or cedilla ş ţ (older fonts and
# keyboards, still common in the press); simplemma's dictionary has the comma letters only
_SPELLING = {"ro": str.maketrans("şţŞŢ", "șțȘȚ")}


def lemmatizes(lang: str | None) -> bool:
    """Whether `lang` (ISO 639-1) has lemma data; without it cues match surface forms."""
    return bool(lang) and lang in SUPPORTED_LANGUAGES


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str | None) -> str:
    """The lower-cased dictionary form of `word` in `lang` (the word itself if unknown)."""
    low = word.lower()
    if not lemmatizes(lang):
        return low
    if lang in _SPELLING:
        low = low.translate(_SPELLING[lang])
    return _LEMMATIZER.lemmatize(low, lang).lower()


def is_known(word: str, lang: str) -> bool:
    """Whether the lower-cased `word` is in `lang`'s dictionary (see `lemma` for why this
    goes through our lemmatizer rather than simplemma's module functions)."""
    return _LOOKUP.get_lemma(word, lang) is not None


def dictionary_form(word: str, lang: str) -> str:
    """The dictionary's lemma of the lower-cased `word`, capitals kept: names have
    capitalised lemmas ("анна" -> "Анна"), which tells them from ordinary words."""
    return _LEMMATIZER.lemmatize(word.lower(), lang)
