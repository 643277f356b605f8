"""Dictionary forms of words, so cue lists name a verb once instead of every inflection.

Cues such as "kündigen an", "заявить" or "faire savoir" are matched on lemmas: real
articles use every tense, person and case ("kündigte … an", "заявили", "a fait savoir"),
and listing surface forms only ever covered the texts we had read. simplemma ships its
dictionaries for 50+ languages and works offline; where it has no data (Azerbaijani, for
one) the lower-cased word stands for itself and that language's cues list surface forms.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma
from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES

__all__ = ["SUPPORTED_LANGUAGES", "lemma", "lemmatizes"]

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
    return simplemma.lemmatize(low, lang=lang).lower()
