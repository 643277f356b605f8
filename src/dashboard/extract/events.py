"""Typed events from cue words, one candidate per type and sentence, dated and placed.

A sentence yields a candidate for each event type whose cue it contains (surface cues with
`*` stems, or lemma cues, see `lemmacues`). Each candidate takes:

* the date of its own clause, else the date fronting the sentence (`time_precision` is the
  precision of that date); failing that the article decides later (`timeline`);
* the place nearest its cue in the sentence; failing that the article decides later
  (`geo`);
* the count nearest its cue when the type is one that counts people.

Background is not news: a sentence dated years before the report ("in 1991 the region
declared…", "the first war, in the 1990s, killed 30,000") yields no event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.extract.context import SentenceContext
from dashboard.extract.dates import DateMention
from dashboard.extract.lemmacues import lemma_hits
from dashboard.extract.lexicon import CompiledLexicon, compile_cues
from dashboard.extract.places import declaring_country, event_place_mention
from dashboard.models import Event

WOUNDED = "wounded"  # cue list of the wounded: casualties, see `sentence_candidates`
COUNTED_TYPES = {
    "evacuation",
    "displacement",
    "casualties",
    "arrest",
    "humanitarian",
    "protest",
    "political",  # "a peacekeeping contingent of 1,960 servicemen is deployed"
}
# A sentence reports one happening, seen from several sides only in known pairs (an attack
# and its dead, a ceasefire ending an offensive, protesters and their arrest). A weaker type
# whose cue sits beside a stronger one is that one's context: the "agreement" of a
# ceasefire, the roads "blocked" by protesters, a "humanitarian truce".
DOMINATED_BY = {
    "political": {"ceasefire", "protest", "arrest"},
    "blockade": {"protest", "arrest"},
    "humanitarian": {"ceasefire", "blockade"},
    # "a convoy of former displaced persons left for Lachin": the organised move is the
    # happening, the people's status is not a second one
    "displacement": {"evacuation"},
}
# a sentence whose dates or years lie this many days before the report is background
BACKGROUND_DAYS = 730
_BARE_YEAR = re.compile(r"(?<![\d.,])(19[3-9]\d|20[0-4]\d)(?![\d.,]?\d)")


@dataclass
class Candidate:
    """An event read from one sentence, before the article fills in and merges."""

    event: Event
    sentence: int  # index of the sentence in the article
    paragraph: int
    cue_pos: int
    dated: bool  # the date was read in the sentence
    placed: bool  # the place was read in the sentence
    wounded_only: bool = False  # casualties read from the wounded alone
    # towns whose listing together put the event at their country ("Goris, Sotk and
    # Jermuk" → Armenia): a later report from one of them is the same attack
    listed: frozenset[str] = frozenset()


def cue_positions(
    ctx: SentenceContext, clex: CompiledLexicon, languages: list[str]
) -> dict[str, int]:
    """Event type -> offset of its first cue in the sentence (surface or lemma cue)."""
    found: dict[str, int] = {}
    if clex.any_event is None or clex.any_event.search(ctx.text) is not None:
        for etype, pat in clex.events.items():
            for m in pat.finditer(ctx.text):
                if not _in_name(ctx.text, m.start(), languages):
                    found[etype] = m.start()
                    break
    hits = lemma_hits(ctx.text, languages)
    for hit in hits:
        if _in_name(ctx.text, hit.start, languages):
            continue
        if hit.etype not in found or hit.start < found[hit.etype]:
            found[hit.etype] = hit.start
    if "blockade" in found and _only_checkpoint(ctx, clex, languages, hits):
        del found["blockade"]
    return found


# languages that capitalise every noun: a capital there says nothing of a name
_NOUNS_CAPITALISED = frozenset({"de", "lb"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_OPENERS = '.!?:;«"“„(—–-'


def _in_name(text: str, start: int, languages: list[str]) -> bool:
    """Whether the cue at `start` is a word of a name: capitalised inside the sentence,
    beside another capitalised word ("the extremist group Combat Brotherhood", "Hermandad
    de Combate", "Liberation Square"). Small lower-case words ("de", "of") may stand
    between. Not in languages that capitalise every noun."""
    if not text[start : start + 1].isupper() or _NOUNS_CAPITALISED & set(languages):
        return False
    head = text[:start].rstrip()
    if not head or head[-1] in _OPENERS:
        return False  # the sentence's or a quote's first word
    for w in reversed(_WORD.findall(text[max(0, start - 40) : start])):
        if w.islower() and len(w) <= 3:
            continue
        if w[:1].isupper():
            return True
        break
    nxt = _WORD.match(text, start)
    rest = _WORD.search(text, nxt.end()) if nxt else None
    return bool(rest and rest.start() - nxt.end() <= 2 and rest.group()[:1].isupper())


def _only_checkpoint(
    ctx: SentenceContext, clex: CompiledLexicon, languages: list[str], hits
) -> bool:
    """Whether every blockade cue of the sentence is a checkpoint that people pass through
    and nothing closes: "entered through the Kornidzor checkpoint" is no blockade; "a
    checkpoint was installed on the bridge" and "the checkpoint was closed" are."""
    if clex.checkpoints is None:
        return False
    spans = [(m.start(), m.end()) for m in clex.checkpoints.finditer(ctx.text)]
    if not spans:
        return False
    pat = clex.events.get("blockade")
    starts = [m.start() for m in pat.finditer(ctx.text)] if pat else []
    starts += [h.start for h in hits if h.etype == "blockade"]
    if not all(any(s <= p < e for s, e in spans) for p in starts):
        return False
    passage = _own_words(clex, "passage_words", languages)
    if passage is None or passage.search(ctx.text) is None:
        return False
    closure = _own_words(clex, "closure_words", languages)
    return closure is None or closure.search(ctx.text) is None


def _own_words(clex: CompiledLexicon, key: str, languages: list[str]) -> re.Pattern[str] | None:
    """The `key` words of the article's languages; every language's when none has a file."""
    own = clex.lex.words_in(key, languages)
    return getattr(clex, key) if own is None else _cues(own)


def _event_count(
    ctx: SentenceContext,
    cue_pos: int,
    other_pos: int | None = None,
    clex: CompiledLexicon | None = None,
):
    """The count nearest the cue, its own clause first. With the wounded reported beside
    the killed (`other_pos`), the figures come in the order of their cues: "13 killed and
    45 wounded", "Trece murieron y 45 resultaron heridos", "45 hurt and 13 killed". A year
    of birth ("Private X (born 2002)") is no count."""
    counts = [c for c in ctx.counts if not _birth_figure(ctx.text, c, clex)]
    if other_pos is not None and counts:
        if cue_pos < other_pos:
            first = [c for c in counts if c.start < other_pos]
            return first[0] if first else None
        counts = [c for c in counts if c.start > other_pos] or counts
    if not counts:
        return None
    clause = ctx.clause_of(cue_pos)
    return min(
        counts,
        key=lambda c: (not (clause[0] <= c.start < clause[1]), abs(c.start - cue_pos)),
    )


def _birth_figure(text: str, count, clex: CompiledLexicon | None) -> bool:
    """Whether a count is a year of birth: a year-like figure right after "born", "нар."."""
    if clex is None or clex.birth_words is None or not 1900 <= count.value <= 2030:
        return False
    return clex.birth_words.search(text[max(0, count.start - 12) : count.start]) is not None


def _subset(text: str, start: int, clex: CompiledLexicon) -> bool:
    if clex.subset_words is None:
        return False
    return clex.subset_words.search(text[max(0, start - 30) : start]) is not None


# how many words before a cue a modal, a demand or a negation still governs it
_IRREALIS_WORDS = 6


def _irrealis(
    text: str, pos: int, clex: CompiledLexicon, languages: list[str] | None = None
) -> bool:
    """Whether the cue at `pos` is threatened, demanded, possible, denied or decades old
    rather than reported: "decided to strike", "demanded a ceasefire", "при условии, что …
    сложат", "the decades-long conflict".

    The words are those of the article's languages when it has a file for any of them:
    merged, one language's modal silenced another's news ("werden … opgepakt" is a Dutch
    past passive, not the German future). Other articles keep every language's words."""
    own = clex.lex.words_in("irrealis", languages or ())
    pat = clex.irrealis if own is None else _cues(own)
    if pat is None:
        return False
    words = re.findall(r"\S+", text[max(0, pos - 80) : pos])[-_IRREALIS_WORDS:]
    return bool(words) and pat.search(" ".join(words)) is not None


@lru_cache(maxsize=64)
def _cues(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_cues(list(words))


# how far after a ceasefire cue's start a military cue is still its object ("cessation of
# hostilities", "прекращение боевых действий", "停止所有軍事行動", "戦闘を停止")
_STOPPED_CHARS = 16


def _stopped_fighting(ctx: SentenceContext, cues: dict[str, int]) -> bool:
    """Whether the sentence's military cue is the fighting its ceasefire cue stops: the
    phrase names a truce, not an attack (checked before modals drop the ceasefire, so "we
    will stop the fighting if ..." is no attack either)."""
    cf, mil = cues.get("ceasefire"), cues.get("military")
    if cf is None or mil is None or not 0 <= mil - cf <= _STOPPED_CHARS:
        return False
    return ctx.clause_of(cf) == ctx.clause_of(mil)


# how far from a ceasefire cue talks are still its own ("ceasefire talks", "negotiations
# for a ceasefire"); further off they are a meeting of their own
_TALKS_APART_CHARS = 24


def _talks_apart(
    ctx: SentenceContext, cues: dict[str, int], clex: CompiledLexicon, languages: list[str]
) -> int | None:
    """Where talks named apart from the sentence's ceasefire are: "agreed a truce after
    eleven hours of talks in Moscow" reports the talks (in Moscow) as well as the truce,
    where "ceasefire talks" or "the ceasefire agreement" is the truce alone."""
    if "ceasefire" not in cues or "political" not in cues:
        return None
    words = clex.lex.words_in("talks_words", languages)
    pat = _cues(words) if words else None
    if pat is None:
        return None
    cf = cues["ceasefire"]
    for m in pat.finditer(ctx.text):
        if abs(m.start() - cf) > _TALKS_APART_CHARS:
            return m.start()
    return None


# how many words before a ceasefire cue (or after it: "ateşkes ihlali") a violation governs it
_VIOLATION_BEFORE, _VIOLATION_AFTER = 4, 2


def _violated(text: str, pos: int, clex: CompiledLexicon) -> bool:
    """Whether the ceasefire at `pos` is one said to be violated ("the gross violation of the
    ceasefire", "нарушение режима прекращения огня"): shooting, reported as such by its own
    cues, not a truce agreed."""
    if clex.violation_words is None:
        return False
    before = re.findall(r"\S+", text[max(0, pos - 60) : pos])[-_VIOLATION_BEFORE:]
    after = re.findall(r"\S+", text[pos : pos + 60])[: _VIOLATION_AFTER + 1]
    return clex.violation_words.search(" ".join([*before, *after])) is not None


# how many words before a cue a "since" still makes it a time reference
_SINCE_WORDS = 3


@lru_cache(maxsize=4)
def _since_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    # one- and two-letter words ("с", "з") are also "with", "from": not a sure sign
    return compile_cues([w for w in words if len(w) > 2])


def _time_reference(text: str, pos: int, clex: CompiledLexicon) -> bool:
    """Whether the cue at `pos` follows "since" ("arrived since Nagorno-Karabakh's
    surrender", "depuis la capitulation"): a past happening named to date something
    else, not reported here."""
    pat = _since_pattern(tuple(clex.lex.since_words))
    if pat is None:
        return False
    words = re.findall(r"\S+", text[max(0, pos - 60) : pos])[-_SINCE_WORDS:]
    return bool(words) and pat.search(" ".join(words)) is not None


def _days_before(value: str, reference: str) -> int:
    """How many days `value` (YYYY[-MM[-DD]]) lies before `reference`, by its latest day."""
    from datetime import date

    ref = date.fromisoformat(reference[:10]) if len(reference) >= 10 else None
    if ref is None:
        y, m = int(reference[:4]), int(reference[5:7]) if len(reference) >= 7 else 12
        ref = date(y, m, 28)
    parts = [int(p) for p in value.split("-")]
    y, m, d = parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28
    try:
        return (ref - date(y, m, min(d, 28))).days
    except ValueError:
        return 0


def birth_year(text: str, start: int, end: int, clex: CompiledLexicon | None) -> bool:
    """ "born in 1999", "1999-cu il təvəllüdlü": a person's age, not the sentence's time."""
    if clex is None or clex.birth_words is None:
        return False
    near = text[max(0, start - 20) : min(len(text), end + 25)]
    return clex.birth_words.search(near) is not None


def is_background(
    ctx: SentenceContext,
    d: DateMention | None,
    reference: str | None,
    clex: CompiledLexicon | None = None,
    cue_pos: int | None = None,
) -> bool:
    """A sentence about the past: the date governing the event (`d`) is years before the
    report, or, with no such date, the sentence names such a year and no recent date (a
    count such as "1960 soldiers" is not a year). A year in a clause after the event's cue
    (`cue_pos`) dates something else: "the court sentenced the leaders, who were detained
    in autumn 2023" reports the sentence, not the detention."""
    if not reference:
        return False
    if d is not None:
        return _days_before(d.value, reference) > BACKGROUND_DAYS
    if any(_days_before(x.value, reference) <= BACKGROUND_DAYS for x in ctx.dates):
        return False
    count_spans = [(c.start, c.end) for c in ctx.counts]
    limit = ctx.clause_of(cue_pos)[1] if cue_pos is not None else len(ctx.text)
    for m in _BARE_YEAR.finditer(ctx.text):
        if m.start() >= limit:
            break
        if any(s <= m.start() < e for s, e in count_spans):
            continue
        if birth_year(ctx.text, m.start(), m.end(), clex):
            continue
        if _days_before(m.group(1), reference) > BACKGROUND_DAYS:
            return True
    return False


def sentence_candidates(
    ctx: SentenceContext,
    index: int,
    clex: CompiledLexicon,
    published: str | None,
    reference: str | None,
    languages: list[str],
    cues: dict[str, int] | None = None,
) -> list[Candidate]:
    """The sentence's candidate events; `cues` are its cue positions when already known."""
    out: list[Candidate] = []
    cues = cue_positions(ctx, clex, languages) if cues is None else cues
    if not cues:
        return out
    talks = _talks_apart(ctx, cues, clex, languages)
    cues = {t: p for t, p in cues.items() if not DOMINATED_BY.get(t, set()) & cues.keys()}
    if talks is not None:
        cues["political"] = talks
    if _stopped_fighting(ctx, cues):
        del cues["military"]
    cues = {t: p for t, p in cues.items() if not _irrealis(ctx.text, p, clex, languages)}
    if "ceasefire" in cues and _violated(ctx.text, cues["ceasefire"], clex):
        del cues["ceasefire"]
    # the wounded are casualties too, but their figure counts only when nobody was killed
    # (GUIDE: killed and wounded in one report is one event with the number killed)
    wounded = cues.pop(WOUNDED, None)
    wounded_only = wounded is not None and "casualties" not in cues
    if wounded_only:
        cues["casualties"] = wounded
        wounded = None
    for etype, cue in sorted(cues.items(), key=lambda kv: kv[1]):
        count = _event_count(ctx, cue, wounded, clex) if etype in COUNTED_TYPES else None
        if count is not None and _subset(ctx.text, count.start, clex):
            count = None  # "among the dead, two civilians": a breakdown, not a new figure
        # a running total ("100 000 ont quitté ... depuis le 24 septembre") is dated by the
        # report, not by the start of the period
        d = ctx.date_for(cue, latest=published, allow_since=count is None)
        if is_background(ctx, d, reference, clex, cue):
            continue
        if d is None and _time_reference(ctx.text, cue, clex):
            continue
        pm = event_place_mention(ctx, cue, clex, etype)
        place = pm.entry if pm else None
        if etype == "political" and (place is None or place.kind in ("region", "country")):
            place = declaring_country(ctx, clex, cue) or place
        actors: list[str] = []
        for _, name in ctx.actors:
            if name not in actors and (place is None or name != place.name):
                actors.append(name)
        ev = Event(
            type=etype,
            evidence=ctx.text,
            actors=actors,
            count=count.value if count else None,
            count_qualifier=count.qualifier if count else None,
            evidence_all=[ctx.text],
        )
        if d:
            ev.date, ev.date_precision, ev.date_source = d.value, _date_precision(d), "text"
            ev.time_precision = d.precision
        if place:
            set_place(ev, place, "sentence")
        out.append(
            Candidate(
                ev,
                index,
                ctx.paragraph,
                cue,
                d is not None,
                place is not None,
                wounded_only and etype == "casualties",
                _listed_towns(ctx, place),
            )
        )
    return out


def _listed_towns(ctx: SentenceContext, place) -> frozenset[str]:
    """The towns of the sentence inside `place` when the event was put at that country."""
    if place is None or place.kind != "country" or not place.country:
        return frozenset()
    return frozenset(
        pm.entry.name
        for pm in ctx.places
        if pm.entry.kind == "city" and pm.entry.country == place.country
    )


def _date_precision(d: DateMention) -> str:
    return "day" if d.precision == "week" else d.precision


# 1 town or village (or a site in one), 2 district, region or road, 3 country
GEO_PRECISION = {"city": 1, "site": 1, "route": 2, "region": 2, "country": 3, "macroregion": 3}


def set_place(ev: Event, entry, source: str) -> None:
    ev.place, ev.lat, ev.lon = entry.name, entry.lat, entry.lon
    ev.geo_precision = GEO_PRECISION.get(entry.kind, 2)
    ev.place_source = source
