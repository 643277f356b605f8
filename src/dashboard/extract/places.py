"""Which place a sentence's event happened at, and the article's list of places named.

Precision first: a country name is usually an actor ("l'Azerbaïdjan a lancé"), a capital
usually a government ("Baku said"), so neither becomes an event's place unless a locative
preposition puts the event there ("in Yerevan", "à Erevan", "в Ереване").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from dashboard.extract.context import SentenceContext
from dashboard.extract.gazetteer import PlaceEntry, PlaceMention
from dashboard.extract.lexicon import CompiledLexicon, compile_cues, is_cjk
from dashboard.extract.speech import find_speech_verbs, speech_lexicon

# smaller places first when two are equally close to the cue
_KIND_RANK = {"site": 0, "city": 1, "route": 1, "region": 2, "country": 3}


@lru_cache(maxsize=64)
def _locative_tail(locatives: tuple[str, ...]) -> re.Pattern[str] | None:
    pat = compile_cues(list(locatives))
    if pat is None:
        return None
    # the preposition must end right before the place (articles like "the", "la" allowed)
    return re.compile(rf"(?:{pat.pattern})\s+(?:(?:the|la|le|l['’]|der|dem|el)\s*)?$")


def _locatives(clex: CompiledLexicon, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The locative words of the article's languages that have a file, else of every
    language: merged, one language's preposition of direction was another's locative."""
    words = clex.lex.words_in("locatives", languages)
    return tuple(clex.lex.locatives) if words is None else words


def _has_locative(ctx: SentenceContext, pm: PlaceMention, clex: CompiledLexicon) -> bool:
    """A preposition before the name ("in Yerevan"), a case ending after it (Turkish
    "Washington'da", Armenian "Երևանում"), the word "capital" or a word for a town before
    it ("la capitale Erevan", "la localidad de Yevlaj"), or the place's adjective ("Бакинський військовий суд", the court in Baku):
    the place itself, not its government."""
    if pm.adjective:
        return True
    pat = _locative_tail(_locatives(clex, ctx.languages))
    if pat and pat.search(ctx.text[max(0, pm.start - 20) : pm.start]):
        return True
    word_end = pm.end
    while word_end < len(ctx.text) and (ctx.text[word_end].isalnum() or ctx.text[word_end] in "'’"):
        word_end += 1
    word = ctx.text[pm.start : word_end].lower()
    glued, spaceless = _suffixes(tuple(clex.lex.locative_suffixes))
    if word.endswith(glued):
        return True
    # Japanese writes no spaces: its particle is whatever follows the name ("モスクワで"),
    # never the end of the run of characters it stands in ("…首相はこれまで")
    if spaceless and ctx.text.startswith(spaceless, pm.end):
        return True
    cap = _capital_tail(tuple(clex.lex.capital_words + clex.lex.place_nouns))
    return bool(cap and cap.search(ctx.text[max(0, pm.start - 30) : pm.start]))


@lru_cache(maxsize=4)
def _suffixes(suffixes: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(case endings read at the end of the word, particles read right after the name)."""
    return (
        tuple(suf for suf in suffixes if not is_cjk(suf[:1])),
        tuple(suf for suf in suffixes if is_cjk(suf[:1])),
    )


def _is_origin(ctx: SentenceContext, pm: PlaceMention, clex: CompiledLexicon) -> bool:
    """Whether a word of leaving ("from", "aus", "dal", "z", "из") stands right before the
    place, in the article's own languages (Polish "z" is "with" too, but before a place
    name it is "from")."""
    words = clex.lex.words_in("origins", ctx.languages)
    pat = _locative_tail(words) if words else None
    return bool(pat and pat.search(ctx.text[max(0, pm.start - 20) : pm.start]))


@lru_cache(maxsize=4)
def _capital_tail(words: tuple[str, ...]) -> re.Pattern[str] | None:
    pat = compile_cues(list(words))
    return re.compile(rf"(?:{pat.pattern})\s+\S*\s*$") if pat else None


# a wire dateline opening a sentence: "YEGHEGNADZOR – ", "ԵՐԵՎԱՆ, 17 ՍԵՊՏԵՄԲԵՐԻ, ԱՐՄԵՆՊՐԵՍ։",
# "Ganyá, Azerbaiyán, 17 Oct 2020 (AFP) - ": where the reporter files from, not where the
# reported thing happened
_DATELINE_END = re.compile(r"[^.!?]{0,120}?(?:\(\w{2,12}\)\s*)?(?:\s[-–—]|[։:])\s")
_UPPER_WORD = re.compile(r"[^\W\d_]{4,}")


def dateline_end(text: str) -> int:
    """Where a dateline opening `text` ends (0 when there is none)."""
    m = _DATELINE_END.match(text)
    if not m:
        return 0
    head = m.group()
    if "(" in head or any(w.isupper() for w in _UPPER_WORD.findall(head)):
        return m.end()
    return 0


@lru_cache(maxsize=64)
def _topic_tail(words: tuple[str, ...]) -> re.Pattern[str] | None:
    pat = compile_cues(list(words))
    # a short word may stand between: an article, a contraction ("autour du", "en torno al")
    return re.compile(rf"(?:{pat.pattern})(?:\s+\S{{1,3}})?\s*$") if pat else None


@lru_cache(maxsize=64)
def _topic_head(words: tuple[str, ...]) -> re.Pattern[str] | None:
    if not words:
        return None
    # postpositions and particles are glued to the word before them ("문제를 두고"), so no
    # word boundary as cue patterns have; a case ending, a closing quote and two words at
    # most between, inside the clause: "ナゴルノカラバフを巡る", "'나고르노-카라바흐' 영유권
    # 문제를 두고", "Karabağ meselesi"
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    gap = r"[^\s,.;:!?]{0,3}(?:\s+[^\s,.;:!?]+?){0,2}?\s*"
    return re.compile(rf"{gap}(?:{alt})", re.IGNORECASE)


def is_topic(ctx: SentenceContext, pm: PlaceMention, clex: CompiledLexicon) -> bool:
    """Whether the place is what the sentence is about rather than where anything happened:
    "the clashes over Nagorno-Karabakh" were on Armenia's border, "переговоры о Карабахе"
    were held in a capital. Read in the article's own languages only."""
    before = clex.lex.words_in("topic_before", ctx.languages)
    tail = _topic_tail(before) if before else None
    if tail is not None and tail.search(ctx.text[max(0, pm.start - 40) : pm.start]):
        return True
    after = clex.lex.words_in("topic_after", ctx.languages)
    head = _topic_head(after) if after else None
    return head is not None and head.match(ctx.text, pm.end) is not None


def eligible_places(ctx: SentenceContext, clex: CompiledLexicon) -> list[PlaceMention]:
    out = []
    line_end = dateline_end(ctx.text)
    for pm in ctx.places:
        if pm.end <= line_end:
            continue
        if is_topic(ctx, pm, clex):
            continue
        # a macro-region ("the South Caucasus") is where news is set, never where a
        # happening took place: its centre would draw the event far off the map
        if pm.entry.kind == "macroregion":
            continue
        if (pm.entry.kind == "country" or pm.entry.capital) and not _has_locative(ctx, pm, clex):
            continue
        # "officials in Baku", "Das Außenministerium in Baku": the government, not the city;
        # "وزارة الدفاع في أذربيجان" (the ministry of defence in Azerbaijan): not the country
        if (
            (pm.entry.capital or pm.entry.kind == "country")
            and clex.authority_tail
            and clex.authority_tail.search(ctx.text[max(0, pm.start - 40) : pm.start])
        ):
            continue
        if pm.entry.capital and _opens_clause(ctx, pm) and _speaks(ctx.text, pm.end):
            continue  # "В Ереване сообщили": Yerevan speaking for its government
        out.append(pm)
    return out


# words that may stand before a capital that opens its clause ("В Ереване", "Official Baku")
_CLAUSE_HEAD_WORDS = 2


def _opens_clause(ctx: SentenceContext, pm: PlaceMention) -> bool:
    """Whether the place opens its clause (a preposition or an adjective before it at
    most): only then can a verb after it be the capital's own. Deep inside a clause the
    verb is the clause's, as German puts it last: "…, der am 13. Mai an einer Versammlung
    in Jerewan dazu aufrief" is the archbishop calling, at a rally in Yerevan."""
    start = ctx.clause_of(pm.start)[0]
    return len(re.findall(r"\w+", ctx.text[start : pm.start])) <= _CLAUSE_HEAD_WORDS


# a speech verb this close after a capital makes the capital its subject
_SPEAKS_GAP = re.compile(r"\s+(?:[^\W\d]+\s+)?$")


def _speaks(text: str, end: int) -> bool:
    """Whether a speech verb (of any language's cues) follows right after `end`."""
    lex = speech_lexicon()
    tail = text[end : end + 60]
    for start, _ in find_speech_verbs(tail, list(lex.by_lang), lex):
        return bool(_SPEAKS_GAP.fullmatch(tail[:start]))
    return False


# this many towns of one country named together ("Goris, Sotk and Jermuk") are one attack on
# the country, not on the first town (GUIDE: reported together, placed at the country).
# Towns inside Nagorno-Karabakh are left alone: their "country" in the gazetteer is the de
# jure one, and reports keep Stepanakert and Shusha apart.
_LISTED_TOWNS = 2


def event_place_mention(
    ctx: SentenceContext, cue_pos: int, clex: CompiledLexicon, etype: str | None = None
) -> PlaceMention | None:
    """The place of the sentence nearest the cue word; countries only as a last resort.
    People fleeing a region for a country are placed at the region, the more specific
    ("arrived in Armenia from Nagorno-Karabakh", "aus Berg-Karabach nach Armenien"), so for
    `displacement` a place after "from" ("dal", "z", "из") comes before a country they
    reached; a town they reached stays theirs ("refugees from Stepanakert shelter in
    Goris")."""
    if etype == "arrest":
        # a trial or a sentence happens at its court ("le tribunal militaire de Bakou a
        # condamné … l'ancien président du Haut-Karabakh"), not where the accused come from
        seats = [pm for pm in ctx.places if _court_seat(ctx, pm, clex)]
        if seats:
            return min(seats, key=lambda pm: abs(pm.start - cue_pos))
    cands = eligible_places(ctx, clex)
    if not cands:
        return None
    if etype == "displacement":
        origins = [pm for pm in cands if pm.entry.kind != "country" and _is_origin(ctx, pm, clex)]
        reached = [pm for pm in cands if pm not in origins and pm.entry.kind != "country"]
        if origins and not reached:
            return min(origins, key=lambda pm: abs(pm.start - cue_pos))
    local = [pm for pm in cands if pm.entry.kind != "country"]
    country = _listed_country(ctx, local)
    if country is not None:
        return country
    # a country counts only after a locative ("arrived in Armenia"), so it is then as much
    # a place as a town: in the cue's clause, a place said to be where things are ("en la
    # localidad de Yevlaj") before one named otherwise ("las autoridades de Nagorno
    # Karabaj"), then the most specific ("на мосту Хакари на въезде в Лачинский коридор":
    # the bridge, not the corridor), then the nearest
    cue_clause = ctx.clause_of(cue_pos)
    return min(
        cands,
        key=lambda pm: (
            ctx.clause_of(pm.start) != cue_clause,
            # outside the cue's clause a country is the last resort: "Der Latschin-Korridor,
            # die einzige Verbindung nach Armenien, ist blockiert" is the corridor
            ctx.clause_of(pm.start) != cue_clause and pm.entry.kind == "country",
            not _has_locative(ctx, pm, clex),
            _KIND_RANK.get(pm.entry.kind, 2),
            abs(pm.start - cue_pos),
        ),
    )


@lru_cache(maxsize=4)
def _court_patterns(
    nouns: tuple[str, ...],
) -> tuple[re.Pattern[str], re.Pattern[str]] | tuple[None, None]:
    pat = compile_cues(list(nouns))
    if pat is None:
        return None, None
    # "tribunal militaire de Bakou", "court in Baku"; "Bakü Askeri Mahkemesi", "Бакинский
    # военный суд": a court noun before the place (two words between at most) or after it
    before = re.compile(rf"(?:{pat.pattern})\s+(?:\S+\s+){{0,2}}$")
    after = re.compile(rf"\S*\s+(?:\S+\s+)?(?:{pat.pattern})")
    return before, after


def _court_seat(ctx: SentenceContext, pm: PlaceMention, clex: CompiledLexicon) -> bool:
    """Whether the place is named as the seat of a court."""
    before, after = _court_patterns(tuple(clex.lex.court_nouns))
    if before is None or after is None:
        return False
    text = ctx.text
    return bool(before.search(text[max(0, pm.start - 40) : pm.start]) or after.match(text, pm.end))


def _listed_country(ctx: SentenceContext, local: list[PlaceMention]) -> PlaceMention | None:
    towns: dict[str, list[PlaceMention]] = {}
    for pm in local:
        if pm.entry.kind == "city" and pm.entry.country and not in_region(pm.entry):
            group = towns.setdefault(pm.entry.country, [])
            if all(other.entry.name != pm.entry.name for other in group):
                group.append(pm)
    for code, group in towns.items():
        entry = _country_entries().get(code)
        if len(group) >= _LISTED_TOWNS and entry is not None:
            first = group[0]
            return PlaceMention(entry, first.surface, first.start, first.end)
    return None


def declaring_country(
    ctx: SentenceContext, clex: CompiledLexicon, cue_pos: int
) -> PlaceEntry | None:
    """The country that declares a national measure in the sentence ("the Armenian
    government declared martial law", "vyhlásila Arménie mobilizaci"): such a measure
    holds across the state's land, so the state is its place rather than the region the
    sentence gives as its reason. The country named nearest before the measure (its
    subject), else after it; None without a measure or a country."""
    words = clex.lex.words_in("national_measures", ctx.languages)
    pat = _measure_pattern(words) if words else None
    m = pat.search(ctx.text) if pat else None
    if m is None:
        return None
    by_name = _countries_by_name()
    nations = [(pos, by_name[name]) for pos, name in ctx.actors if name in by_name]
    if not nations:
        return None
    before = [n for n in nations if n[0] < m.start()]
    pos, entry = before[-1] if before else nations[0]
    return entry


@lru_cache(maxsize=64)
def _measure_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    return compile_cues(list(words))


@lru_cache(maxsize=1)
def _countries_by_name() -> dict[str, PlaceEntry]:
    return {e.name: e for e in _country_entries().values()}


@lru_cache(maxsize=1)
def _country_entries() -> dict[str, PlaceEntry]:
    from dashboard.extract.gazetteer import default_gazetteer

    return {e.country: e for e in default_gazetteer().entries if e.kind == "country" and e.country}


@lru_cache(maxsize=1)
def _region_rings() -> list[list[tuple[float, float]]]:
    import json

    from dashboard.paths import data_dir

    path = data_dir() / "geo" / "nagorno_karabakh.geojson"
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (OSError, ValueError, KeyError):
        return []
    rings = []
    for f in features:
        geom = f.get("geometry") or {}
        polys = [geom["coordinates"]] if geom.get("type") == "Polygon" else []
        if geom.get("type") == "MultiPolygon":
            polys = geom["coordinates"]
        rings.extend([(float(x), float(y)) for x, y, *_ in poly[0]] for poly in polys)
    return rings


def in_region(entry: PlaceEntry) -> bool:
    """Whether a place lies inside the Nagorno-Karabakh outline (ray casting)."""
    x, y = entry.lon, entry.lat
    for ring in _region_rings():
        inside = False
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        if inside:
            return True
    return False


# happenings that take place in capitals: a rally or a trial "in Yerevan" named by the
# sentence before is where this one's arrests or protests were too
_CAPITAL_TYPES = frozenset({"protest", "arrest"})


def paragraph_place(
    contexts: list[SentenceContext], index: int, clex: CompiledLexicon, etype: str | None = None
) -> PlaceEntry | None:
    """The place of the nearest sentence of the same paragraph that names one (before it
    first, then after): "Stepanakert came under fire. Two people were killed." """
    para = contexts[index].paragraph
    order = list(range(index - 1, -1, -1)) + list(range(index + 1, len(contexts)))
    for j in order:
        if contexts[j].paragraph != para:
            continue
        # a capital in another sentence is mostly where a government or a meeting sits
        # ("officials in Moscow called for..."), not where this sentence's happening was
        local = [
            pm
            for pm in eligible_places(contexts[j], clex)
            if pm.entry.kind != "country" and (not pm.entry.capital or etype in _CAPITAL_TYPES)
        ]
        if local:
            listed = _listed_country(contexts[j], local)
            # the most specific place the sentence names: "residents of Nagorno-Karabakh
            # tried to drive along the Lachin corridor" sets what follows on the corridor
            best = min(local, key=lambda pm: _KIND_RANK.get(pm.entry.kind, 2))
            return (listed or best).entry
    return None


def focus_place(
    contexts: list[SentenceContext], clex: CompiledLexicon | None = None
) -> PlaceEntry | None:
    """The non-country place the article names most (at least twice): what 'the region'
    means. A place named only as what things are about ("the clashes over Karabakh") is
    not where the article is."""
    counts: Counter[str] = Counter()
    entries: dict[str, PlaceEntry] = {}
    for ctx in contexts:
        for pm in ctx.places:
            if clex is not None and is_topic(ctx, pm, clex):
                continue
            if pm.entry.kind in ("region", "city", "route", "site") and not pm.entry.capital:
                counts[pm.entry.name] += 1
                entries[pm.entry.name] = pm.entry
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    # named twice, or the only place the article names at all
    return entries[name] if n >= 2 or len(counts) == 1 else None
