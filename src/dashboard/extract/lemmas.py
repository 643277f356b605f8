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

Kept as Python dicts, simplemma's dictionaries cost about 80 MiB a language (390 for
Polish), and extraction meets them all: a capital followed by a speech verb is tried in
every language with speech cues. Each worker of a parallel ingest held 2 GiB. Here each
dictionary is a MARISA trie instead (the same words and lemmas, 1-20 MiB a language),
built once from simplemma's data into a cache folder and memory-mapped, so the workers
of a parallel ingest share one copy through the page cache. A lookup costs about 1 µs
instead of 0.2, paid only on a word's first meeting (`lemma` and simplemma cache the
results).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

import marisa_trie
import simplemma
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries.dictionary_factory import (
    SUPPORTED_LANGUAGES,
    DefaultDictionaryFactory,
)

__all__ = ["SUPPORTED_LANGUAGES", "dictionary_form", "is_known", "lemma", "lemmatizes"]


def cache_dir() -> Path:
    """Where the tries are kept: `DASHBOARD_CACHE_DIR`, else the user's cache folder; one
    subfolder per simplemma version, whose data the tries copy."""
    root = os.environ.get("DASHBOARD_CACHE_DIR") or Path(
        os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "dashboard"
    )
    return Path(root) / "lemmas" / f"simplemma-{simplemma.__version__}"


class TrieDictionary(Mapping[str, str]):
    """One language's word -> lemma dictionary in a MARISA trie (what the strategies
    ask of a dictionary is `get`)."""

    __slots__ = ("_trie",)

    def __init__(self, trie: marisa_trie.BytesTrie) -> None:
        self._trie = trie

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        values = self._trie.get(key)
        return values[0].decode() if values else default

    def __getitem__(self, key: str) -> str:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._trie

    def __iter__(self) -> Iterator[str]:
        return iter(self._trie.iterkeys())

    def __len__(self) -> int:
        return len(self._trie)


def _build(lang: str) -> marisa_trie.BytesTrie:
    """The trie of simplemma's dictionary for `lang` (loads the dict once: seconds)."""
    words = DefaultDictionaryFactory(cache_max_size=0).get_dictionary(lang)
    raw = getattr(words, "_dict", None)  # simplemma's bytes -> bytes dict, when it has one
    items = (
        ((k.decode(), v) for k, v in raw.items())
        if isinstance(raw, dict)
        else ((k, v.encode()) for k, v in words.items())
    )
    return marisa_trie.BytesTrie(items)


class TrieDictionaryFactory:
    """simplemma's dictionaries as memory-mapped tries, built into `cache_dir()` on
    first use, every language kept once loaded. simplemma has a trie factory of its own,
    but it reads each trie into every process (no sharing between workers) and writes its
    cache in place, which two workers starting together can race on; here a trie is
    written to a temporary file and renamed, and read with mmap."""

    def __init__(self) -> None:
        self._loaded: dict[str, TrieDictionary] = {}

    def get_dictionary(self, lang: str) -> Mapping[str, str]:
        found = self._loaded.get(lang)
        if found is None:
            found = self._loaded[lang] = self._load(lang)
        return found

    @staticmethod
    def _load(lang: str) -> TrieDictionary:
        if lang not in SUPPORTED_LANGUAGES:
            raise ValueError(f"Unsupported language: {lang}")
        path = cache_dir() / f"{lang}.marisa"
        if not path.exists():
            trie = _build(lang)
            tmp = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f"{lang}.", suffix=".tmp")
                os.close(fd)
                trie.save(tmp)
                os.replace(tmp, path)
            except OSError:  # no writable cache: keep the trie in this process
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)
                return TrieDictionary(trie)
        return TrieDictionary(marisa_trie.BytesTrie().mmap(str(path)))


# simplemma's own `lemmatize` keeps the dictionaries of 8 languages and reloads an evicted
# one (about a second) when a word of its language comes again; with more languages than
# that among the cue files, every article reloaded some, which made extraction five times
# slower. Ours keeps every language it has loaded (the same strategy and data, so the same
# lemmas).
_DICTIONARIES = TrieDictionaryFactory()
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
