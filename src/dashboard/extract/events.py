"""Typed, dated, placed events from cue words, one per type and sentence.

Each event takes the date of its own clause, else the date fronting the sentence, else the
publication date (marked `date_source="published"` so the UI can say so); the count nearest
its cue when the type is one that counts people.
"""

from __future__ import annotations

from dashboard.extract.context import SentenceContext
from dashboard.extract.gazetteer import PlaceEntry
from dashboard.extract.lexicon import CompiledLexicon
from dashboard.extract.places import event_place
from dashboard.models import Event

COUNTED_TYPES = {"evacuation", "displacement", "casualties", "arrest", "humanitarian", "protest"}


def _event_count(ctx: SentenceContext, cue_pos: int):
    if not ctx.counts:
        return None
    clause = ctx.clause_of(cue_pos)
    return min(
        ctx.counts,
        key=lambda c: (not (clause[0] <= c.start < clause[1]), abs(c.start - cue_pos)),
    )


def sentence_events(
    ctx: SentenceContext,
    clex: CompiledLexicon,
    published: str | None,
    focus: PlaceEntry | None,
) -> list[Event]:
    events: list[Event] = []
    if clex.any_event is not None and clex.any_event.search(ctx.text) is None:
        return events  # no cue of any event type: each search below would fail
    for etype, pat in clex.events.items():
        m = pat.search(ctx.text)
        if not m:
            continue
        cue = m.start()
        count = _event_count(ctx, cue) if etype in COUNTED_TYPES else None
        # a running total ("100 000 ont quitté ... depuis le 24 septembre") is dated by the
        # report, not by the start of the period
        d = ctx.date_for(cue, latest=published, allow_since=count is None)
        if d:
            date, precision, source = d.value, d.precision, "text"
        elif published:
            date, precision, source = published, "day", "published"
        else:
            date = precision = source = None
        place = event_place(ctx, cue, clex, focus)
        actors: list[str] = []
        for _, name in ctx.actors:
            if name not in actors and (place is None or name != place.name):
                actors.append(name)
        events.append(
            Event(
                type=etype,
                evidence=ctx.text,
                date=date,
                date_precision=precision,
                place=place.name if place else None,
                lat=place.lat if place else None,
                lon=place.lon if place else None,
                actors=actors,
                count=count.value if count else None,
                count_qualifier=count.qualifier if count else None,
                date_source=source,
            )
        )
    return events
