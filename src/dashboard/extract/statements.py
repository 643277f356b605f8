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

_MAX_BEFORE = 220  # chars between a speaker and its verb ("X, assistant du président ..., a déclaré")
_MAX_AFTER = 40  # inverted order: "said Pashinyan", "заявил Пашинян"
_MAX_ATTRIBUTION_GAP = 30  # "selon le ministère ...", "according to the Russian ..."
_MIN_QUOTE_WORDS = 2  # a single quoted word is a scare quote (« antiterroriste »), not speech
_NAME = re.compile(r"(?<![\w.])((?:[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+\s+){1,2}[A-ZÀ-ÖØ-ÞА-ЯЁ][\w’'-]+)\s*$")


def _quotes(text: str, clex: CompiledLexicon) -> list[tuple[int, int]]:
    spans = []
    for open_q, close_q in clex.lex.quotes:
        pat = re.compile(re.escape(open_q) + r"\s*([^" + re.escape(close_q) + r"]+?)\s*" + re.escape(close_q))
        for m in pat.finditer(text):
            if len(m.group(1).split()) >= _MIN_QUOTE_WORDS:
                spans.append((m.start(1), m.end(1)))
    return sorted(set(spans))


def _unknown_speaker(ctx: SentenceContext, verb_start: int) -> SpeakerMention | None:
    """A capitalised two- or three-word name right before the verb: "John Smith said"."""
    m = _NAME.search(ctx.text[:verb_start])
    if not m:
        return None
    name = m.group(1)
    start = m.start(1)
    if start == 0 and len(name.split()) < 3:
        return None  # sentence-initial capitals are ambiguous ("Le Kremlin", "The Ministry")
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
        before = [
            m
            for m in mentions
            if m.end <= v.start() and m.start >= max(prev_verb_end, v.start() - _MAX_BEFORE)
        ]
        after = [m for m in mentions if v.end() <= m.start <= v.end() + _MAX_AFTER]
        if before:
            chosen = max(before, key=lambda m: m.end)
        elif after:
            chosen = min(after, key=lambda m: m.start)
        else:
            chosen = _unknown_speaker(ctx, v.start())
        if chosen and chosen.speaker.name not in found:
            found[chosen.speaker.name] = (chosen, v.start())

    if clex.attribution:
        for a in clex.attribution.finditer(text):
            near = [m for m in mentions if a.end() <= m.start <= a.end() + _MAX_ATTRIBUTION_GAP]
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
        d = ctx.date_for(anchor)
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
