"""Per-language knowledge (cue words, months, speech verbs, qualifiers) read from data files.

Every language is one JSON file under `data/extract/lang/`; the extractors only see the merged
`Lexicon`, so adding Armenian or Azerbaijani is a new file and no code. Languages are merged
rather than picked per article because articles mix languages (captions, quotes) and
detection can be wrong on short texts; cue words rarely collide across languages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dashboard.paths import data_dir

APOSTROPHES = "'’ʼ"
# lists read in the article's own languages, not merged across files: one language's word
# is another's plain word (German future "werden" is the Dutch past passive, Italian "mai"
# the French month of May; Polish "do" (to) is no locative in Czech, where "z Karabachu …
# do Arménie" leaves one place for another); "origins" are words before a place people
# leave ("from", "aus", "dal", "z", "из")
# "since_words" / "since_after" mark a date as the start of something still going on: the
# Bulgarian "от" (since) is the Russian "от" of a decree's date ("указ от 9 ноября");
# "passage_words" make a checkpoint where people pass ("through", "via"), "closure_words"
# keep it a blockade ("closed"); the Dutch "via" is no passage in a Spanish article;
# "topic_before" / "topic_after" make a place what something is about ("the conflict over",
# "を巡る"): the Russian "о" is the Czech "o" of "walki o", fights where they are fought;
# "talks_words" are talks and meetings, a happening of their own beside a ceasefire (the
# Japanese "協議", consultations, is the Chinese "協議", the agreement a ceasefire is);
# "national_measures" (mobilisation, martial law) are declared by a state for its land
PER_LANGUAGE = (
    "irrealis",
    "locatives",
    "origins",
    "since_words",
    "since_after",
    "passage_words",
    "closure_words",
    "topic_before",
    "topic_after",
    "talks_words",
    "national_measures",
)
# the same per language for the word lists kept by name: actors ("Ue", "UE" are the
# Italian EU, a plain word elsewhere) and count qualifiers (key -> language -> name -> words)
PER_LANGUAGE_MAPS = ("actors", "count_qualifiers")
# Chinese and Japanese write words without spaces: a cue in those scripts is a substring,
# with no word boundary around it ("难民" in "的难民潮"); a boundary there would never match
CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CHAR = re.compile(f"[{CJK}]")


def is_cjk(ch: str) -> bool:
    """Whether `ch` is a kana or an ideograph (a script written without spaces)."""
    return bool(ch) and _CJK_CHAR.match(ch) is not None


def _cue_body(cue: str) -> str:
    stem = cue.replace("*", "")
    parts = []
    for ch in cue:
        if ch == "*":
            parts.append(r"\w*")
        elif ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif ch in APOSTROPHES:
            parts.append(f"[{APOSTROPHES}]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    if not cue.endswith("*") and stem[-1:].isalnum() and not is_cjk(stem[-1:]):
        body += r"(?!\w)"
    return body


def cue_alternation(cues) -> str:
    """One regex alternation for many cues, longest first so that the longest cue wins.

    Cue syntax: a `*` after a word allows any word ending (stems for inflected languages),
    a space allows any whitespace, apostrophes match any apostrophe style. Cues written
    with a capital letter match case-sensitively (so "US" is not "us"); lower-case cues
    ignore case.

    Cues are grouped by their word-boundary and case rules so that the boundary check and
    the case flag are applied once per position rather than once per cue: with hundreds of
    cues this is what keeps extraction fast. Within a group, a look-ahead for the
    characters a cue can start with lets the engine pass most positions with one test, and
    cues are gathered by first character (see `_by_first_char`) so that a position is tried
    against one cue per first character rather than against every cue. Neither changes
    what matches: same flags, same order among the cues that can match at one position.
    """
    groups: dict[tuple[bool, bool], list[str]] = {}
    for cue in sorted(set(cues), key=lambda c: (-len(c), c)):
        stem = cue.replace("*", "")
        if not stem:
            continue
        key = (stem[:1].isalnum() and not is_cjk(stem[:1]), any(ch.isupper() for ch in stem))
        groups.setdefault(key, []).append(cue)
    out = []
    for (word_start, case_sensitive), group in sorted(groups.items()):
        firsts = [_first_char_class(cue) for cue in group]
        ahead = ""
        if len(group) > 1 and None not in firsts:
            ahead = f"(?=[{''.join(sorted(set(firsts)))}])"
        alt = _by_first_char(group, case_sensitive)
        alt = f"(?:{ahead}(?:{alt}))" if case_sensitive else f"(?i:{ahead}(?:{alt}))"
        out.append(rf"(?<!\w){alt}" if word_start else alt)
    return "|".join(out)


def _first_char_class(cue: str) -> str | None:
    """What the regex of `cue` (see `_cue_body`) starts with, as character-class content;
    None when it can start with anything (a leading `*`)."""
    ch = cue[:1]
    if not ch or ch == "*":
        return None
    if ch.isspace():
        return r"\s"
    if ch in APOSTROPHES:
        return APOSTROPHES
    return re.escape(ch)


def _same_letter(a: str, b: str, case_sensitive: bool) -> bool:
    """Whether some character matches both `a` and `b` as the regex engine compares them
    (with IGNORECASE: "e" and "E", also "i" and "ı", "s" and "ſ")."""
    if a == b or case_sensitive:
        return a == b
    return bool(re.fullmatch(f"(?i:{re.escape(a)})", b) or re.fullmatch(f"(?i:{re.escape(b)})", a))


def _by_first_char(group: list[str], case_sensitive: bool) -> str:
    """The cues' alternation, gathered by first character: "a(?:cknowledged|nnounced)|…".

    Cues whose first characters can never match the same character cannot both match at
    one position, so moving them apart keeps the leftmost-longest choice; cues that can
    (the same letter, or letters the case rules make equal) keep their order in one
    branch. Cues starting with a space, an apostrophe or `*` keep the plain alternation.
    """
    bodies = [_cue_body(cue) for cue in group]
    if any(not cue[:1].isalnum() for cue in group):
        return "|".join(bodies)
    branches: list[tuple[set[str], list[str]]] = []
    for cue, body in zip(group, bodies, strict=True):
        for letters, members in branches:
            if any(_same_letter(cue[0], other, case_sensitive) for other in letters):
                letters.add(cue[0])
                members.append(body)
                break
        else:
            branches.append(({cue[0]}, [body]))
    parts = []
    for letters, members in branches:
        head = re.escape(next(iter(letters)))
        if len(letters) == 1 and len(members) > 1 and all(b.startswith(head) for b in members):
            parts.append(f"{head}(?:{'|'.join(b[len(head) :] for b in members)})")
        else:
            parts.append("|".join(members))
    return "|".join(parts)


def compile_cues(cues: list[str]) -> re.Pattern[str] | None:
    pattern = cue_alternation(cues)
    return re.compile(pattern) if pattern else None


@dataclass
class Lexicon:
    languages: list[str] = field(default_factory=list)
    # month and weekday names come from dateparser (see `datenames`); the files only say
    # which languages capitalise them, which names are common words there, and which words
    # must come before a weekday ("в среду") or may be glued after it ("Dienstagabend")
    capitalised: list[str] = field(default_factory=list)
    date_name_skip: list[str] = field(default_factory=list)
    weekday_words: dict[str, list[str]] = field(default_factory=dict)  # language -> words
    weekday_suffixes: list[str] = field(default_factory=list)
    relative_days: dict[str, int] = field(default_factory=dict)
    relative_weeks: dict[str, int] = field(default_factory=dict)
    year_words: list[str] = field(default_factory=list)
    year_suffixes: list[str] = field(default_factory=list)
    day_suffixes: list[str] = field(default_factory=list)
    events: dict[str, list[str]] = field(default_factory=dict)
    speech_verbs: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)
    quotes: list[tuple[str, str]] = field(default_factory=list)
    count_qualifiers: dict[str, list[str]] = field(default_factory=dict)
    count_multipliers: dict[str, int] = field(default_factory=dict)
    count_nouns: list[str] = field(default_factory=list)
    number_words: dict[str, int] = field(default_factory=dict)  # "three" -> 3
    capital_words: list[str] = field(default_factory=list)  # "the capital Yerevan": a place
    place_nouns: list[str] = field(default_factory=list)  # "la localidad de Yevlaj": a place
    # "le tribunal militaire de Bakou", "Bakü Askeri Mahkemesi": where a trial is held
    court_nouns: list[str] = field(default_factory=list)
    locative_suffixes: list[str] = field(default_factory=list)  # Turkish "Bakü'de"
    region_anaphors: list[str] = field(default_factory=list)
    locatives: list[str] = field(default_factory=list)
    actors: dict[str, list[str]] = field(default_factory=dict)
    since_words: list[str] = field(default_factory=list)
    since_after: list[str] = field(default_factory=list)  # "1 Ocak 2024'ten itibaren"
    irrealis: list[str] = field(default_factory=list)  # "threatened to", "не", "pourrait"
    # the `PER_LANGUAGE` lists kept per language file as well (key -> language -> words)
    by_lang: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # the `PER_LANGUAGE_MAPS` kept per language file (key -> language -> name -> words)
    maps_by_lang: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)
    birth_words: list[str] = field(default_factory=list)  # "born in 1999" is no history
    subset_words: list[str] = field(default_factory=list)  # "among them two civilians"
    toll_words: list[str] = field(default_factory=list)  # "the death toll rose to 27"
    # "the number of" before a people noun: "the number of refugees … rose to 42,000"
    number_of: list[str] = field(default_factory=list)
    caption_markers: list[str] = field(default_factory=list)  # "Photo: …" ends a caption
    violation_words: list[str] = field(default_factory=list)  # "violation of the ceasefire"
    authority_nouns: list[str] = field(default_factory=list)
    # a checkpoint people pass through ("entered through the Kornidzor checkpoint") is no
    # blockade; one set up or closed is ("a checkpoint was installed on the bridge")
    checkpoints: list[str] = field(default_factory=list)
    passage_words: list[str] = field(default_factory=list)
    closure_words: list[str] = field(default_factory=list)

    def words_in(self, key: str, languages: Iterable[str]) -> tuple[str, ...] | None:
        """The `key` words (one of `PER_LANGUAGE`) of those of `languages` that have a
        file, or None when none has: the caller then falls back as it sees fit."""
        by_lang = self.by_lang.get(key, {})
        known = [g for g in languages if g in by_lang]
        if not known:
            return None
        return tuple(dict.fromkeys(w for g in known for w in by_lang[g]))

    def maps_in(self, key: str, languages: Iterable[str]) -> dict[str, tuple[str, ...]] | None:
        """The `key` map (one of `PER_LANGUAGE_MAPS`) of those of `languages` that have a
        file, merged by name, or None when none has."""
        by_lang = self.maps_by_lang.get(key, {})
        known = [g for g in languages if g in by_lang]
        if not known:
            return None
        out: dict[str, list[str]] = {}
        for g in known:
            for name, words in by_lang[g].items():
                out.setdefault(name, []).extend(words)
        return {name: tuple(dict.fromkeys(words)) for name, words in out.items()}

    def merge(self, raw: dict) -> None:
        self.languages.append(raw.get("language", "?"))
        if raw.get("date_names_capitalised"):
            self.capitalised.append(raw.get("language", "?"))
        self.relative_days.update(raw.get("relative_days", {}))
        self.relative_weeks.update(raw.get("relative_weeks", {}))
        if raw.get("weekday_words"):
            self.weekday_words[raw.get("language", "?")] = list(raw["weekday_words"])
        for key in ("year_words", "year_suffixes", "day_suffixes", "speech_verbs", "attribution"):
            getattr(self, key).extend(raw.get(key, []))
        for key in (
            "count_nouns",
            "region_anaphors",
            "locatives",
            "since_words",
            "since_after",
            "authority_nouns",
            "date_name_skip",
            "weekday_suffixes",
            "capital_words",
            "place_nouns",
            "court_nouns",
            "locative_suffixes",
            "irrealis",
            "birth_words",
            "subset_words",
            "toll_words",
            "number_of",
            "caption_markers",
            "violation_words",
            "checkpoints",
            "passage_words",
            "closure_words",
        ):
            getattr(self, key).extend(raw.get(key, []))
        for key in PER_LANGUAGE:
            words = self.by_lang.setdefault(key, {})
            words.setdefault(raw.get("language", "?"), []).extend(raw.get(key, []))
        for key in PER_LANGUAGE_MAPS:
            maps = self.maps_by_lang.setdefault(key, {}).setdefault(raw.get("language", "?"), {})
            for name, cues in raw.get(key, {}).items():
                maps.setdefault(name, []).extend(cues)
        for etype, cues in raw.get("events", {}).items():
            self.events.setdefault(etype, []).extend(cues)
        for qual, cues in raw.get("count_qualifiers", {}).items():
            self.count_qualifiers.setdefault(qual, []).extend(cues)
        self.count_multipliers.update(raw.get("count_multipliers", {}))
        self.number_words.update(raw.get("number_words", {}))
        for actor, cues in raw.get("actors", {}).items():
            self.actors.setdefault(actor, []).extend(cues)
        for pair in raw.get("quotes", []):
            if tuple(pair) not in self.quotes:
                self.quotes.append(tuple(pair))


@dataclass
class CompiledLexicon:
    """The lexicon with every cue list compiled once; built lazily and shared."""

    lex: Lexicon
    events: dict[str, re.Pattern[str]]
    speech_verbs: re.Pattern[str] | None
    attribution: re.Pattern[str] | None
    count_nouns: re.Pattern[str] | None
    number_words: re.Pattern[str] | None
    region_anaphors: re.Pattern[str] | None
    actors: dict[str, re.Pattern[str]]
    qualifiers: list[tuple[str, re.Pattern[str]]]
    since_tail: re.Pattern[str] | None  # "depuis", "since" right before a date
    since_head: re.Pattern[str] | None  # "itibaren" right after one (with its case ending)
    authority_tail: re.Pattern[str] | None  # "officials in" right before a capital
    # every event cue (every actor cue) in one pattern: it finds a match exactly when one
    # of `events` (of `actors`) would, in one pass, so sentences without any are skipped
    any_event: re.Pattern[str] | None = None
    irrealis: re.Pattern[str] | None = None
    birth_words: re.Pattern[str] | None = None
    subset_words: re.Pattern[str] | None = None
    toll_words: re.Pattern[str] | None = None
    number_of: re.Pattern[str] | None = None
    caption_markers: re.Pattern[str] | None = None
    violation_words: re.Pattern[str] | None = None
    any_actor: re.Pattern[str] | None = None
    checkpoints: re.Pattern[str] | None = None
    passage_words: re.Pattern[str] | None = None
    closure_words: re.Pattern[str] | None = None
    # per-language views, built on first use (see `since_for`, `qualifiers_for`, `actors_for`)
    _per_lang: dict = field(default_factory=dict, repr=False, compare=False)

    def _known(self, key: str, languages: Iterable[str], maps: bool = False) -> tuple[str, ...]:
        """Those of `languages` that have a file (an empty tuple: none has, use all)."""
        have = (self.lex.maps_by_lang if maps else self.lex.by_lang).get(key, {})
        return tuple(dict.fromkeys(g for g in languages if g in have))

    def _view(self, key: str, languages: Iterable[str], maps: bool, every, build):
        """The view `build(langs)` of the article's languages that have a `key` file,
        built once per set of languages; `every` (all languages') when none has one."""
        langs = self._known(key, languages, maps)
        if not langs:
            return every
        cache = (key, langs)
        if cache not in self._per_lang:
            self._per_lang[cache] = build(langs)
        return self._per_lang[cache]

    def since_for(
        self, languages: Iterable[str]
    ) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """(since_tail, since_head) read in the article's languages; every language's when
        none of them has a file."""
        return self._view(
            "since_words",
            languages,
            False,
            (self.since_tail, self.since_head),
            lambda langs: _since_patterns(
                list(self.lex.words_in("since_words", langs) or ()),
                list(self.lex.words_in("since_after", langs) or ()),
            ),
        )

    def qualifiers_for(self, languages: Iterable[str]) -> list[tuple[str, re.Pattern[str]]]:
        """The count qualifiers of the article's languages (every language's when none of
        them has a file)."""
        return self._view(
            "count_qualifiers",
            languages,
            True,
            self.qualifiers,
            lambda langs: _qualifier_patterns(self.lex.maps_in("count_qualifiers", langs) or {}),
        )

    def actors_for(
        self, languages: Iterable[str]
    ) -> tuple[re.Pattern[str] | None, dict[str, re.Pattern[str]]]:
        """(any actor, actor -> pattern) of the article's languages (every language's when
        none of them has a file)."""
        return self._view(
            "actors",
            languages,
            True,
            (self.any_actor, self.actors),
            lambda langs: _actor_patterns(self.lex.maps_in("actors", langs) or {}),
        )


def _actor_patterns(
    cues: dict,
) -> tuple[re.Pattern[str] | None, dict[str, re.Pattern[str]]]:
    """(any actor, actor -> pattern) of actor cues by name."""
    actors = {a: p for a, c in cues.items() if (p := compile_cues(list(c)))}
    return compile_cues([cue for c in cues.values() for cue in c]), actors


def _since_patterns(
    since_words: list[str], since_after: list[str]
) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """ "depuis", "since" right before a date; "itibaren" right after one (with its case
    ending)."""
    since = compile_cues(since_words)
    after = compile_cues(since_after)
    tail = re.compile(rf"(?:{since.pattern})\s+(?:(?:le|the|dem|el)\s+)?$") if since else None
    head = re.compile(rf"(?:['’]?\w{{0,4}})?\s*(?:{after.pattern})") if after else None
    return tail, head


def _qualifier_patterns(quals: dict) -> list[tuple[str, re.Pattern[str]]]:
    """A qualifier must end right before the number: each is anchored at the end of the
    text before it."""
    out = []
    for qual, cues in quals.items():
        pat = compile_cues(list(cues))
        if pat:
            out.append((qual, re.compile(f"(?:{pat.pattern})\\s*$")))
    return out


def load_lexicon(folder: Path | None = None) -> Lexicon:
    folder = folder or data_dir() / "extract" / "lang"
    lex = Lexicon()
    for path in sorted(folder.glob("*.json")):
        lex.merge(json.loads(path.read_text(encoding="utf-8")))
    return lex


@lru_cache(maxsize=4)
def compiled_lexicon(folder: str | None = None) -> CompiledLexicon:
    lex = load_lexicon(Path(folder) if folder else None)
    events = {t: p for t, cues in lex.events.items() if (p := compile_cues(cues))}
    any_actor, actors = _actor_patterns(lex.actors)
    qualifiers = _qualifier_patterns(lex.count_qualifiers)
    since_tail, since_head = _since_patterns(lex.since_words, lex.since_after)
    authority = compile_cues(lex.authority_nouns)
    return CompiledLexicon(
        lex=lex,
        events=events,
        speech_verbs=compile_cues(lex.speech_verbs),
        attribution=compile_cues(lex.attribution),
        count_nouns=compile_cues(lex.count_nouns),
        number_words=compile_cues(list(lex.number_words)),
        region_anaphors=compile_cues(lex.region_anaphors),
        actors=actors,
        qualifiers=qualifiers,
        since_tail=since_tail,
        since_head=since_head,
        authority_tail=re.compile(rf"(?:{authority.pattern})\s+(?:\S+\s+){{1,2}}$")
        if authority
        else None,
        irrealis=compile_cues(lex.irrealis),
        birth_words=compile_cues(lex.birth_words),
        subset_words=compile_cues(lex.subset_words),
        toll_words=compile_cues(lex.toll_words),
        number_of=compile_cues(lex.number_of),
        caption_markers=compile_cues(lex.caption_markers),
        violation_words=compile_cues(lex.violation_words),
        any_event=compile_cues([cue for cues in lex.events.values() for cue in cues]),
        any_actor=any_actor,
        checkpoints=compile_cues(lex.checkpoints),
        passage_words=compile_cues(lex.passage_words),
        closure_words=compile_cues(lex.closure_words),
    )
