"""The trie-backed dictionaries answer what simplemma's own dictionaries answer (small
languages, so that building the tries stays quick)."""

from __future__ import annotations

import simplemma
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory

from dashboard.extract import lemmas

WORDS = {
    "en": ["killed", "said", "shelled", "Anna", "xyzzy"],
    "bg": ["заявиха", "загинаха", "обстреляха", "xyzzy"],
    "fr": ["tués", "a", "fait", "savoir", "déclaré", "xyzzy"],
}


def _simplemma(words: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    factory = DefaultDictionaryFactory(cache_max_size=8)
    lemmatizer = simplemma.Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)
    )
    return {(w, lang): lemmatizer.lemmatize(w, lang) for lang, ws in words.items() for w in ws}


def _ours(factory: lemmas.TrieDictionaryFactory) -> dict[tuple[str, str], str]:
    lemmatizer = simplemma.Lemmatizer(
        lemmatization_strategy=DefaultStrategy(dictionary_factory=factory)
    )
    return {(w, lang): lemmatizer.lemmatize(w, lang) for lang, ws in WORDS.items() for w in ws}


def test_tries_give_simplemma_lemmas(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    built = _ours(lemmas.TrieDictionaryFactory())  # builds the tries into tmp_path
    assert sorted(p.name for p in lemmas.cache_dir().glob("*.marisa")) == [
        "bg.marisa",
        "en.marisa",
        "fr.marisa",
    ]
    assert not list(lemmas.cache_dir().glob("*.tmp"))
    reread = _ours(lemmas.TrieDictionaryFactory())  # memory-maps the cached tries
    assert built == reread == _simplemma(WORDS)


def test_dictionary_mapping(tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path))
    fr = lemmas.TrieDictionaryFactory().get_dictionary("fr")
    reference = DefaultDictionaryFactory(cache_max_size=1).get_dictionary("fr")
    assert len(fr) == len(reference)
    assert fr.get("tués") == reference.get("tués")
    assert "tués" in fr and "xyzzy" not in fr
    assert fr.get("xyzzy", "-") == "-"


def test_unwritable_cache_keeps_the_trie_in_memory(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(blocked))
    assert _ours(lemmas.TrieDictionaryFactory()) == _simplemma(WORDS)
