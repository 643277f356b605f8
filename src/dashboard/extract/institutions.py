"""Institutions as speakers, recognised by their head noun rather than listed one by one:
"the Armenian Defence Ministry", "le ministère azerbaïdjanais de la Défense", "Минобороны
России", "Azərbaycan Dövlət Sərhəd Xidməti" all are a head (ministry of defence, border
service...) next to a country (an adjective, a genitive, "of X", "X's"). The speaker is
named "<head> of <country>" in English ("Ministry of Defence of Russia"), so one
institution has one name whatever the language of the article.

A country or capital on its own can speak for its government ("Baku said", "selon
Erevan"): those are `polity` mentions, which the statement finder only accepts right
next to the verb. Heads with no country next to them ("the ministry said") are
anaphors: the caller resolves them to the last institution of that head in the article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.extract.context import SentenceContext
from dashboard.extract.lexicon import CompiledLexicon, compile_cues, cue_alternation, is_cjk
from dashboard.extract.speakers import Speaker, SpeakerMention
from dashboard.paths import data_dir

_GAP_BEFORE = re.compile(
    r"^(?:['’]s)?\s+(?:\w+\s+)?$"
)  # "Armenia's ", "Azərbaycan Respublikasının "
# " of ", " de la ", " der Republik ", and an elided article glued to the name: "del governo
# dell'Azerbaigian", "du gouvernement de l'Arménie"
_GAP_AFTER = re.compile(r"^\s+(?:[\w'’]+\s+){0,3}(?:\w{1,4}['’])?$")


_AND = {"and", "et", "y", "e", "und", "и", "і", "та", "və", "ve", "ու"}


@dataclass(frozen=True)
class InstitutionMention(SpeakerMention):
    head: str = ""
    kind: str = "institution"  # "institution", "anaphor" (no country) or "polity"


@dataclass
class InstitutionRules:
    heads: list[str]  # group i of `pattern` is heads[i]
    pattern: re.Pattern[str]  # every head's cues, one named group per head
    anaphor_heads: frozenset[str]
    overrides: dict[str, str]
    polities: frozenset[str]
    actor_polities: dict[str, str]
    capitals: dict[str, str]
    adjectives: dict[str, re.Pattern[str]]
    modifiers: frozenset[str]
    determiners: frozenset[str]
    bare_languages: frozenset[str]


def _head_pattern(cues: list[str]) -> str:
    """Cues with "…" (one optional word inside) become a sequence of alternations; plain
    cues one alternation (longest first)."""
    plain = [c for c in cues if "…" not in c]
    parts = [cue_alternation(plain)] if plain else []
    for cue in cues:
        if "…" in cue:
            pieces = [p.strip() for p in cue.split("…")]
            parts.append(r"(?:\s+[\w'’-]+)?\s+".join(f"(?:{cue_alternation([p])})" for p in pieces))
    return "|".join(f"(?:{p})" for p in parts)


@lru_cache(maxsize=2)
def institution_rules(path: str | None = None) -> InstitutionRules:
    file = Path(path) if path else data_dir() / "extract" / "institutions.json"
    raw = json.loads(file.read_text(encoding="utf-8"))
    # one pass over a sentence for all heads; the plain "Ministry" (an anaphor) last, so a
    # longer head starting at the same place wins
    heads = sorted(raw["heads"], key=lambda h: h in raw.get("anaphor_only", ["Ministry"]))
    pattern = "|".join(f"(?P<h{i}>{_head_pattern(raw['heads'][h])})" for i, h in enumerate(heads))
    return InstitutionRules(
        heads=heads,
        pattern=re.compile(pattern),
        anaphor_heads=frozenset(raw.get("anaphor_heads", [])),
        overrides=raw.get("overrides", {}),
        polities=frozenset(raw.get("polities", [])),
        actor_polities=raw.get("actor_polities", {}),
        capitals=raw.get("capitals", {}),
        modifiers=frozenset(raw.get("polity_modifiers", [])),
        determiners=frozenset(raw.get("anaphor_determiners", [])),
        bare_languages=frozenset(raw.get("anaphor_bare_languages", [])),
        adjectives={
            p: pat
            for p, cues in raw.get("polity_adjectives", {}).items()
            if (pat := compile_cues(cues))
        },
    )


def _polity_spans(
    ctx: SentenceContext, clex: CompiledLexicon, rules: InstitutionRules
) -> list[tuple[int, int, str, bool]]:
    """(start, end, country, is a place name) of every country named in the sentence."""
    out = []
    for pm in ctx.places:
        name = pm.entry.name
        country = rules.capitals.get(name) or (name if name in rules.polities else None)
        if country:
            out.append((pm.start, pm.end, country, True))
    if ctx.actors:
        for actor, pat in clex.actors_for(ctx.languages)[1].items():
            country = rules.actor_polities.get(actor, actor)
            if country in rules.polities:
                out.extend((m.start(), m.end(), country, False) for m in pat.finditer(ctx.text))
    for country, pat in rules.adjectives.items():
        out.extend((m.start(), m.end(), country, False) for m in pat.finditer(ctx.text))
    return sorted(set(out))


def _country_of(text: str, start: int, end: int, polities) -> tuple[str | None, int, int]:
    """The country qualifying the head at [start, end): inside it, right before it or right
    after it. The region wins over a country qualifying it too ("the Karabakh Armenian
    army" is the region's army)."""
    near = []
    for ps, pe, country, _ in polities:
        if start <= ps and pe <= end:
            near.append((0, country, start, end))
        elif pe == start and is_cjk(text[pe - 1 : pe]):
            near.append((0, country, ps, end))  # "亚美尼亚政府": no space in Chinese
        elif pe <= start and _GAP_BEFORE.match(text[pe:start]) and start - pe < 30:
            near.append((start - pe, country, ps, end))
        elif ps >= end and _GAP_AFTER.match(text[end:ps]) and ps - end < 30:
            near.append((ps - end, country, start, pe))
    if not near:
        return None, start, end
    regional = [n for n in near if n[1] == "Nagorno-Karabakh"]
    _, country, s, e = min(regional or near, key=lambda n: n[0])
    return country, s, e


def _clause_subject(text: str, start: int, rules: InstitutionRules) -> bool:
    """Whether a place opens its clause, as a subject does: "Baku said", "В Баку заявили",
    "…, l’Arménie accuse", "Official Baku"; not "a man from Stepanakert said"."""
    lead = re.split(r"[,;:()«»\"“”—–]", text[:start])[-1]
    words = re.findall(r"[\w'’]+", lead)
    if words and words[-1].lower() in rules.determiners:
        words = words[:-1]  # "… und die Vereinigten Staaten"
    if (
        2 <= len(words) <= 5
        and words[-1].lower() in _AND
        and (words[0][:1].isupper() or words[0].lower() in rules.determiners)
    ):
        return True  # a later one of a list: "Rusia y Francia", "la Unión Europea y Francia"
    return not words or (
        len(words) == 1 and (len(words[0].strip("'’")) <= 3 or words[0].lower() in rules.modifiers)
    )


def refers_back(text: str, start: int, lang: str | None) -> bool:
    """Whether a head with no country at `start` is an anaphor: "the ministry said",
    "el ministerio ha pedido", "Власти заявили"; not "Local authorities say"."""
    rules = institution_rules()
    lead = re.split(r"[,;:()«»\"“”—–]", text[:start])[-1]
    words = re.findall(r"[\w'’]+", lead)
    if not words:
        return lang in rules.bare_languages
    last = words[-1].lower()
    return last in rules.determiners or last[-2:] in ("l'", "l’")


def find_institutions(ctx: SentenceContext, clex: CompiledLexicon) -> list[InstitutionMention]:
    rules = institution_rules()
    text = ctx.text
    polities = _polity_spans(ctx, clex, rules)
    found = [
        (m.start(), m.end(), rules.heads[int(m.lastgroup[1:])])
        for m in rules.pattern.finditer(text)
        if m.end() > m.start() and m.lastgroup
    ]
    # the longest head wins where two overlap ("ministry of defence" over "ministry")
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out: list[InstitutionMention] = []
    taken: list[tuple[int, int]] = []
    last_end = -1
    for start, end, head in found:
        if start < last_end:
            continue
        last_end = end
        country, s, e = _country_of(text, start, end, polities)
        taken.append((s, e))
        if head == "Ministry" or not country:
            if head in rules.anaphor_heads:
                out.append(InstitutionMention(Speaker(head, head, None), s, e, head, "anaphor"))
            continue
        name = f"{head} of {country}"
        name = rules.overrides.get(name, name)
        out.append(InstitutionMention(Speaker(name, head, country), s, e, head))
    for ps, pe, country, is_place in polities:
        if is_place and not any(s <= ps < e for s, e in taken) and _clause_subject(text, ps, rules):
            sp = Speaker(f"Government of {country}", "Government", country)
            out.append(InstitutionMention(sp, ps, pe, "Government", "polity"))
    return sorted(out, key=lambda m: m.start)
