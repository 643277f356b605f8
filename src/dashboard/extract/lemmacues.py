"""Event cues matched on lemmas, so one dictionary form covers every inflection.

A language file lists, under `event_lemmas`, cues written as dictionary forms:
"sterben", "погибнуть", "huir". A sentence is turned into the lemmas of its words (in the
article's language, see `lemmas.lemma`) and the cues are searched in that lemma sequence.
Two forms of cue cover what surface lists kept missing:

* "greifen … an": a verb and its separated particle further on in the clause (German
  "griffen die Stellungen an"); the joined form "angreifen" is a cue of its own;
* "être tué", "faire savoir": several lemmas in a row, so periphrastic and compound forms
  match whatever the tense of the auxiliary.

A `*` at the end of a lemma allows any ending (compounds: "waffenruhe*"). Languages without
lemma data (Azerbaijani) keep surface cues with `*` stems in `events`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.extract.lemmas import lemma, lemmatizes
from dashboard.paths import data_dir

# how many words may stand between a verb and its separated particle
_GAP_WORDS = 8
_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*")
# a clause break: the particle of a separable verb never lies beyond it
_BREAK = re.compile(r"[,;:()«»\"“”]")


@dataclass(frozen=True)
class LemmaHit:
    etype: str
    start: int  # offset in the sentence of the first word of the cue


@dataclass
class _LangCues:
    lang: str
    patterns: dict[str, re.Pattern[str]]  # event type -> one regex over the lemma string


def _cue_regex(cue: str, lang: str) -> str:
    """A cue's regex over the lemma string; its words are lemmatised too, so a cue may be
    written as it reads ("cese de las hostilidades") and still meet the text's lemmas."""
    parts = []
    for word in cue.split():
        if word in ("…", "..."):
            parts.append(rf"(?: [^ |]+){{0,{_GAP_WORDS}}}")
            continue
        star = word.endswith("*")
        raw = word.rstrip("*").lower()
        # the word as written or its lemma: "einigen" must not become "einig"
        forms = {raw} if star else {raw, _lemma_of(word, lang)}
        body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        parts.append(" (?:" + body + ")" + (r"[^ |]*" if star else "") + "(?= |$)")
    return "".join(parts)


@lru_cache(maxsize=4)
def _raw(folder: str | None = None) -> dict[str, dict[str, list[str]]]:
    """Each lemmatising language's `event_lemmas`, as written."""
    root = Path(folder) if folder else data_dir() / "extract" / "lang"
    out = {}
    for path in sorted(root.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        lang = raw.get("language")
        cues = raw.get("event_lemmas") or {}
        if lang and cues and lemmatizes(lang):
            out[lang] = cues
    return out


@lru_cache(maxsize=64)
def _compiled(lang: str, folder: str | None = None) -> _LangCues:
    """One language's cues, compiled when an article of that language first needs them
    (compiling lemmatises the cue words, which maps the language's dictionary)."""
    pats = {}
    for etype, forms in _raw(folder)[lang].items():
        alts = sorted({_cue_regex(c, lang) for c in forms if c.strip()}, key=len, reverse=True)
        if alts:
            pats[etype] = re.compile("|".join(f"(?:{a})" for a in alts))
    return _LangCues(lang, pats)


def _load(folder: str | None = None, languages: list[str] | None = None) -> list[_LangCues]:
    """The compiled cues of `languages` (every lemmatising language when None), in the
    order of the files."""
    return [
        _compiled(lang, folder) for lang in _raw(folder) if languages is None or lang in languages
    ]


def _lemma_of(word: str, lang: str) -> str:
    # a lemma of several words would read as several tokens: keep it one
    return lemma(word, lang).replace(" ", "_")


def compile_all(folder: str | None = None) -> None:
    """Compile every language's cues now (a worker's warm-up: its articles may be in any
    language, and compiling mid-run would be timed as extraction). The dictionaries are
    memory-mapped tries (`lemmas`), so this costs a worker little memory of its own."""
    _load(folder)


def lemma_hits(text: str, languages: list[str], folder: str | None = None) -> list[LemmaHit]:
    """The first position of each event type whose lemma cue occurs in `text`."""
    hits: dict[str, int] = {}
    for lc in _load(folder, languages):
        tokens = list(_TOKEN.finditer(text))
        if not tokens:
            return []
        # one string of lemmas, " " between words and " |" at clause breaks, and for each
        # character of it the token it came from
        pieces: list[str] = []
        owner: list[int] = []
        prev_end = 0
        for i, t in enumerate(tokens):
            if _BREAK.search(text, prev_end, t.start()):
                pieces.append(" |")
                owner.extend([i, i])
            word = " " + _lemma_of(t.group(), lc.lang)
            pieces.append(word)
            owner.extend([i] * len(word))
            prev_end = t.end()
        joined = "".join(pieces)
        for etype, pat in lc.patterns.items():
            m = pat.search(joined)
            if m is None:
                continue
            pos = tokens[owner[m.start()]].start()
            if etype not in hits or pos < hits[etype]:
                hits[etype] = pos
    return [LemmaHit(t, p) for t, p in hits.items()]
