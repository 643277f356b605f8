"""Who said what: a speaker next to a speech verb ("a déclaré", "said", "заявил") or after an
attribution ("selon", "according to", "по словам"), with the quoted words when quoted.

Only speakers we can name with confidence: those in data/extract/speakers.json, or a
capitalised full name standing right before a speech verb. Pronouns ("he added", "selon le
dirigeant") are left alone: a statement with the wrong speaker is worse than none.
"""

from __future__ import annotations

import re

from dashboard.extract.context import SentenceContext
from dashboard.extract.lexicon import CompiledLexicon
from dashboard.extract.speakers import Speaker, SpeakerIndex, SpeakerMention
from dashboard.models import Statement

_MAX_BEFORE = (
    220  # chars between a speaker and its verb ("X, assistant du président ..., a déclaré")
)
_MAX_AFTER = 40  # inverted order: "said Pashinyan", "заявил Пашинян"
_MAX_ATTRIBUTION_GAP = 30  # "selon le ministère ...", "according to the Russian ..."
_DATE_AFTER_VERB = 30  # "said on Tuesday afternoon", "a déclaré jeudi", "заявил во вторник"
_MIN_QUOTE_WORDS = 2  # a single quoted word is a scare quote (« antiterroriste »), not speech
# words that join a name to what precedes it ("Committee of the Red Cross", "vom Roten
# Kreuz"): a capitalised pair after one is the end of a longer name, not a person
# a second speech verb joined to the first by "and" shares its subject
_COORDINATED = re.compile(r"(?:^|\s)(?:and|et|и|und|y|e|və|ու)\s+(?:\w+\s+)?$", re.I)
_NAME_CONNECTORS = {
    "of",
    "the",
    "de",
    "du",
    "des",
    "del",
    "la",
    "le",
    "vom",
    "von",
    "der",
    "den",
    "van",
    "da",
}
_NAME = re.compile(r"(?<![\w.])((?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+\s+){1,2}[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+)\s*$")


def _quotes(text: str, clex: CompiledLexicon) -> list[tuple[int, int]]:
    """Spans of the quoted words (inside the marks, without the spaces next to them).

    Same spans as the pattern ``OPEN \\s*([^CLOSE]+?)\\s*CLOSE`` run with finditer (what
    this used to be), found with str.find instead: on a sentence with an opening mark and
    no closing one the pattern rescanned the rest of the text from every opening mark, and
    a run of spaces inside a quote was rescanned at every space (both quadratic, so 20,000
    "«" took seconds and a megabyte never finished). The marks are single characters.
    """
    spans: set[tuple[int, int]] = set()
    for open_q, close_q in clex.lex.quotes:
        pos = 0
        while True:
            opening = text.find(open_q, pos)
            if opening < 0:
                break
            inner = opening + len(open_q)
            closing = text.find(close_q, inner)
            if closing < 0:
                break  # no closing mark after this opening: none after a later one either
            if closing == inner:  # nothing between the marks: no match, try the next mark
                pos = opening + 1
                continue
            quoted = text[inner:closing]
            if len(quoted.split()) >= _MIN_QUOTE_WORDS:
                start = inner + len(quoted) - len(quoted.lstrip())
                spans.add((start, inner + len(quoted.rstrip())))
            pos = closing + len(close_q)
    return sorted(spans)


def _statement_date(ctx: SentenceContext, anchor: int, published: str | None):
    """When the words were said: a date right after the verb ("said on Tuesday", "a déclaré
    jeudi") or one governing the verb from before it. Dates further on belong to what was
    said ("the statement of November 2020"), not to the saying."""
    ok = [d for d in ctx.dates if not published or d.value[: len(published)] <= published]
    right_after = [d for d in ok if anchor < d.start <= anchor + _DATE_AFTER_VERB]
    if right_after:
        return right_after[0]
    d = ctx.date_for(anchor, latest=published)
    return d if d and d.start < anchor else None


def _subject_before(text: str, before: list[SpeakerMention], verb: int) -> SpeakerMention | None:
    """The speaker nearest the verb, unless that one sits inside an appositive describing an
    earlier speaker: "Hikmet Hajiyev, aide to President Ilham Aliyev, said" is Hajiyev; "The
    Kremlin spokesman, Dmitry Peskov, said" is Peskov (the appositive is only his name)."""
    if not before:
        return None
    nearest = max(before, key=lambda m: m.end)
    lead = text[:verb].rstrip()
    if not lead.endswith(","):
        return nearest
    opening = text.rfind(",", 0, nearest.start)
    appositive = text[opening + 1 : len(lead) - 1] if opening >= 0 else ""
    if appositive.strip() == text[nearest.start : nearest.end]:
        return nearest
    earlier = [m for m in before if opening >= 0 and text[m.end : opening + 1].strip() == ","]
    return earlier[-1] if earlier else nearest


def _subject_after(text: str, mentions: list[SpeakerMention], verb: re.Match[str]):
    """Inverted order after a quote or clause: "« ... », a déclaré X", "..., said Pashinyan"."""
    if not text[: verb.start()].rstrip().endswith((",", "»", '"', "”", "“")):
        return None
    after = [m for m in mentions if verb.end() <= m.start <= verb.end() + _MAX_AFTER]
    return min(after, key=lambda m: m.start) if after else None


def _unknown_speaker(ctx: SentenceContext, verb_start: int) -> SpeakerMention | None:
    """A capitalised two- or three-word name right before the verb: "John Smith said"."""
    m = _NAME.search(ctx.text[:verb_start])
    if not m:
        return None
    name = m.group(1)
    start = m.start(1)
    if start == 0 and len(name.split()) < 3:
        return None  # sentence-initial capitals are ambiguous ("Le Kremlin", "The Ministry")
    prev = ctx.text[:start].split()[-1:] or [""]
    if prev[0].lower() in _NAME_CONNECTORS:
        return None  # the tail of a longer name: "Komitees vom Roten Kreuz"
    if any(pm.start < start + len(name) and start < pm.end for pm in ctx.places):
        return None
    if any(start <= pos < start + len(name) for pos, _ in ctx.actors):
        return None
    return SpeakerMention(Speaker(name, None, None), start, start + len(name))


def sentence_statements(
    ctx: SentenceContext,
    clex: CompiledLexicon,
    speakers: SpeakerIndex,
    published: str | None,
) -> list[Statement]:
    text = ctx.text
    mentions = speakers.find(text)
    found: dict[str, tuple[SpeakerMention, int]] = {}  # speaker -> (mention, anchor position)

    verbs = list(clex.speech_verbs.finditer(text)) if clex.speech_verbs else []
    for i, v in enumerate(verbs):
        prev_verb_end = verbs[i - 1].end() if i else 0
        if i and _COORDINATED.search(text[prev_verb_end : v.start()]):
            continue  # "said ... and called on Moscow": the same speaker goes on
        before = [
            m
            for m in mentions
            if m.end <= v.start() and m.start >= max(prev_verb_end, v.start() - _MAX_BEFORE)
        ]
        chosen = _subject_before(text, before, v.start()) or _subject_after(text, mentions, v)
        if chosen is None and not before:
            chosen = _unknown_speaker(ctx, v.start())
        if chosen and chosen.speaker.name not in found:
            found[chosen.speaker.name] = (chosen, v.start())

    if clex.attribution:
        for a in clex.attribution.finditer(text):
            # "selon le ministère ...", not "selon des médias, Ilham Aliev ne ..."
            near = [
                m
                for m in mentions
                if a.end() <= m.start <= a.end() + _MAX_ATTRIBUTION_GAP
                and "," not in text[a.end() : m.start]
            ]
            if near:
                chosen = min(near, key=lambda m: m.start)
                found.setdefault(chosen.speaker.name, (chosen, a.start()))

    quotes = _quotes(text, clex)
    ordered = sorted(found.values(), key=lambda x: x[1])
    anchors = [anchor for _, anchor in ordered]
    out = []
    for mention, anchor in ordered:
        # a quote belongs to the nearest speaker before it; one leading the sentence
        # ("« ... », a déclaré X") to the first speaker
        mine = [
            (s, e)
            for s, e in quotes
            if max([a for a in anchors if a < s], default=anchors[0]) == anchor
        ]
        quote = text[mine[0][0] : mine[0][1]] if mine else None
        d = _statement_date(ctx, anchor, published)
        date = d.value if d else published
        sp = mention.speaker
        out.append(
            Statement(
                speaker=sp.name,
                speaker_role=sp.role,
                side=sp.side,
                date=date,
                quote=quote,
                mode="direct" if quote else "indirect",
                evidence=text,
            )
        )
    return out
