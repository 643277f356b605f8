"""Where a sentence says that someone spoke: speech verbs matched on lemmas, so one cue covers
every tense, person and number ("заявить" finds "заявил", "заявили", "заявило"), plus the
forms a lemma alone misses: German separable verbs ("teilte … mit" is mitteilen), French
periphrastic ones ("a fait savoir", "fait état"), and surface stems for languages without
lemma data (Azerbaijani) or with unreliable lemmas (Turkish).

The cues are the speech keys of data/extract/lang/*.json:
- ``speech_lemmas``: dictionary forms, one or more words in a row ("faire savoir");
- ``speech_particles``: separable particles that join a verb later in the clause (German);
- ``speech_verbs``: surface cues with ``*`` stems (lexicon syntax), for any language;
- ``speech_pronouns``: subject pronouns that stand for the last named speaker;
- ``pro_drop``: whether a verb with no subject at all continues the last speaker;
- ``speaker_blockers``: prepositions that make the following name a complement
  ("a spokesman for X said" is not X speaking);
- ``speech_complementizers``: "that", "que", "что": what follows is what was said, so a
  subject is never looked for beyond them;
- ``speech_plural_endings``: a verb ending so is plural ("dijeron"): with no subject it
  is an impersonal "they", never the last speaker;
- ``speech_participles``: participle endings and the infinitive endings they come from,
  for participles the lemma data lacks ("ha pedido" is pedir);
- ``subject_after_verb``: the language puts the subject after the verb when something
  else opens the clause ("Об этом сообщил X", "Dies teilte X mit");
- ``speech_passive``: ``auxiliaries`` that make a speech verb passive and the ``agents``
  (prepositions) that then name the speaker ("was confirmed by the ministry").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dashboard.extract.lemmas import lemma, lemmatizes
from dashboard.extract.lexicon import compile_cues
from dashboard.paths import data_dir

_WORD = re.compile(r"\w+(?:['’]\w+)*")
# a particle closes the clause: punctuation, a closing quote or the end follows it
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?»“”\"()]|$|\s(?:und|dass|weil|da|aber|doch)\b)")


@dataclass
class SpeechCues:
    """One language's speech knowledge."""

    lang: str
    lemmas: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # first -> seqs
    particles: frozenset[str] = frozenset()
    pronouns: frozenset[str] = frozenset()
    pro_drop: bool = False
    blockers: frozenset[str] = frozenset()
    complementizers: frozenset[str] = frozenset()
    plural_endings: tuple[str, ...] = ()
    participles: dict[str, list[str]] = field(default_factory=dict)
    subject_after_verb: bool = False
    # the passive: "was confirmed by X", "a été confirmée par X", "wurde von X bestätigt"
    passive_auxiliaries: frozenset[str] = frozenset()
    agents: frozenset[str] = frozenset()


@dataclass
class SpeechLexicon:
    by_lang: dict[str, SpeechCues]
    surface: re.Pattern[str] | None  # every language's surface cues in one pattern

    def cues(self, lang: str | None) -> SpeechCues:
        return self.by_lang.get(lang or "", SpeechCues(lang or ""))


def tokens(text: str) -> list[re.Match[str]]:
    """The words of `text` (apostrophes inside a word kept: "aujourd'hui")."""
    return list(_WORD.finditer(text))


@lru_cache(maxsize=2)
def speech_lexicon(folder: str | None = None) -> SpeechLexicon:
    path = Path(folder) if folder else data_dir() / "extract" / "lang"
    by_lang: dict[str, SpeechCues] = {}
    surface: list[str] = []
    for file in sorted(path.glob("*.json")):
        raw = json.loads(file.read_text(encoding="utf-8"))
        lang = raw.get("language", file.stem)
        cues = SpeechCues(lang)
        for cue in raw.get("speech_lemmas", []):
            seq = tuple(cue.lower().split())
            cues.lemmas.setdefault(seq[0], []).append(seq)
        for seqs in cues.lemmas.values():
            seqs.sort(key=len, reverse=True)
        cues.particles = frozenset(p.lower() for p in raw.get("speech_particles", []))
        cues.pronouns = frozenset(raw.get("speech_pronouns", []))
        cues.pro_drop = bool(raw.get("pro_drop"))
        cues.blockers = frozenset(b.lower() for b in raw.get("speaker_blockers", []))
        cues.complementizers = frozenset(raw.get("speech_complementizers", []))
        cues.plural_endings = tuple(raw.get("speech_plural_endings", []))
        cues.participles = raw.get("speech_participles", {})
        cues.subject_after_verb = bool(raw.get("subject_after_verb"))
        passive = raw.get("speech_passive") or {}
        cues.passive_auxiliaries = frozenset(w.lower() for w in passive.get("auxiliaries", []))
        cues.agents = frozenset(w.lower() for w in passive.get("agents", []))
        by_lang[lang] = cues
        surface.extend(raw.get("speech_verbs", []))
    return SpeechLexicon(by_lang, compile_cues(surface))


def _lemma(word: str, lang: str, cues: SpeechCues) -> str:
    """The word's lemma; a participle the dictionary lacks is tried as its infinitives."""
    lem = lemma(word, lang)
    if lem in cues.lemmas or not cues.participles:
        return lem
    low = word.lower()
    for ending, infinitives in cues.participles.items():
        if low.endswith(ending):
            for inf in infinitives:
                cand = low[: -len(ending)] + inf
                if cand in cues.lemmas:
                    return cand
    return lem


def find_speech_verbs(text: str, langs: list[str], lex: SpeechLexicon) -> list[tuple[int, int]]:
    """Spans of speech verbs in `text`, in order: lemma cues of `langs`, separable verbs
    whose particle closes the clause, and every surface cue."""
    spans: set[tuple[int, int]] = set()
    toks = tokens(text)
    for lang in langs:
        cues = lex.cues(lang)
        if not cues.lemmas or not lemmatizes(lang):
            continue
        lems = [_lemma(t.group(0), lang, cues) for t in toks]
        for i, lem in enumerate(lems):
            if toks[i].start() and text[toks[i].start() - 1] == "-":
                continue  # inside a compound ("c'est-à-dire"), not a verb of its own
            for seq in cues.lemmas.get(lem, ()):
                if tuple(lems[i : i + len(seq)]) == seq:
                    spans.add((toks[i].start(), toks[i + len(seq) - 1].end()))
                    break
            else:
                if cues.particles:
                    span = _separable(text, toks, lems, i, cues)
                    if span:
                        spans.add(span)
    if lex.surface:
        spans.update((m.start(), m.end()) for m in lex.surface.finditer(text))
    return _outermost(sorted(spans))


def _separable(text, toks, lems, i, cues: SpeechCues) -> tuple[int, int] | None:
    """German "teilte … mit": the verb's lemma with a particle that closes its clause."""
    for j in range(i + 1, min(len(toks), i + 25)):
        if any(ch in ".;:!?" for ch in text[toks[j - 1].end() : toks[j].start()]):
            return None  # the clause ended without the particle
        part = toks[j].group(0).lower()
        if part in cues.particles and _CLAUSE_END.match(text, toks[j].end()):
            if (part + lems[i],) in cues.lemmas.get(part + lems[i], ()):
                return (toks[i].start(), toks[i].end())
            return None
    return None


def _outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop spans inside another ("a fait savoir" holds "fait")."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans, key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out
