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

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    SUPPORTED_LANGUAGES,
    DefaultDictionaryFactory,
)

__all__ = ["SUPPORTED_LANGUAGES", "dictionary_form", "is_known", "lemma", "lemmatizes"]

_FACTORY = DefaultDictionaryFactory(cache_max_size=len(SUPPORTED_LANGUAGES))
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=_FACTORY))
_LOOKUP = DictionaryLookupStrategy(_FACTORY)


def lemmatizes(lang: str | None) -> bool:
    """Whether `lang` (ISO 639-1) has lemma data; without it cues match surface forms."""
    return bool(lang) and lang in SUPPORTED_LANGUAGES


@lru_cache(maxsize=200_000)
def lemma(word: str, lang: str | None) -> str:
    """The lower-cased dictionary form of `word` in `lang` (the word itself if unknown)."""
    low = word.lower()
    if not lemmatizes(lang):
        return low
    return _LEMMATIZER.lemmatize(low, lang=lang).lower()


def is_known(word: str, lang: str) -> bool:
    """Whether `word` (lower case) is in `lang`'s dictionary."""
    return _LOOKUP.get_lemma(word, lang) is not None


def dictionary_form(word: str, lang: str) -> str:
    """The lemma as the dictionary writes it: capitalised for names and German nouns."""
    return _LEMMATIZER.lemmatize(word, lang=lang)
