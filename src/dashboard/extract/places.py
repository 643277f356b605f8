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
from dashboard.extract.lexicon import CompiledLexicon, compile_cues

# smaller places first when two are equally close to the cue
_KIND_RANK = {"site": 0, "city": 1, "route": 1, "region": 2, "country": 3}


@lru_cache(maxsize=4)
def _locative_tail(locatives: tuple[str, ...]) -> re.Pattern[str] | None:
    pat = compile_cues(list(locatives))
    if pat is None:
        return None
    # the preposition must end right before the place (articles like "the", "la" allowed)
    return re.compile(rf"(?:{pat.pattern})\s+(?:(?:the|la|le|l['’]|der|dem|el)\s*)?$")


def _has_locative(ctx: SentenceContext, pm: PlaceMention, clex: CompiledLexicon) -> bool:
    pat = _locative_tail(tuple(clex.lex.locatives))
    return bool(pat and pat.search(ctx.text[max(0, pm.start - 20) : pm.start]))


def eligible_places(ctx: SentenceContext, clex: CompiledLexicon) -> list[PlaceMention]:
    out = []
    for pm in ctx.places:
        if (pm.entry.kind == "country" or pm.entry.capital) and not _has_locative(ctx, pm, clex):
            continue
        # "officials in Baku", "Das Außenministerium in Baku": the government, not the city
        if (
            pm.entry.capital
            and clex.authority_tail
            and clex.authority_tail.search(ctx.text[max(0, pm.start - 40) : pm.start])
        ):
            continue
        out.append(pm)
    return out


def event_place(
    ctx: SentenceContext, cue_pos: int, clex: CompiledLexicon, focus: PlaceEntry | None
) -> PlaceEntry | None:
    """The place nearest the cue word; countries only as a last resort."""
    cands = eligible_places(ctx, clex)
    local = [pm for pm in cands if pm.entry.kind != "country"]
    if local:
        cue_clause = ctx.clause_of(cue_pos)
        best = min(
            local,
            key=lambda pm: (
                ctx.clause_of(pm.start) != cue_clause,
                abs(pm.start - cue_pos),
                _KIND_RANK.get(pm.entry.kind, 2),
            ),
        )
        return best.entry
    # "la région", "the enclave": the article's main place, when it has one
    if focus and clex.region_anaphors and clex.region_anaphors.search(ctx.text):
        return focus
    countries = [pm for pm in cands if pm.entry.kind == "country"]
    if countries:
        return min(countries, key=lambda pm: abs(pm.start - cue_pos)).entry
    return None


def focus_place(contexts: list[SentenceContext]) -> PlaceEntry | None:
    """The non-country place the article names most (at least twice): what 'the region' means."""
    counts: Counter[str] = Counter()
    entries: dict[str, PlaceEntry] = {}
    for ctx in contexts:
        for pm in ctx.places:
            if pm.entry.kind in ("region", "city", "route", "site") and not pm.entry.capital:
                counts[pm.entry.name] += 1
                entries[pm.entry.name] = pm.entry
    if not counts:
        return None
    name, n = counts.most_common(1)[0]
    return entries[name] if n >= 2 else None
