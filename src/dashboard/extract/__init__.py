"""Article in, places / dated events / statements out, each with its evidence sentence.

Only the article body is read: titles repeat the body, and everything outside the body
(navigation, related links, comments) was dropped at ingest, which is what keeps
"Errant dans les nuages de Dalat" off a Karabakh map.
"""

from __future__ import annotations

from dashboard.extract.context import build_context
from dashboard.extract.events import sentence_events
from dashboard.extract.gazetteer import Gazetteer, default_gazetteer
from dashboard.extract.lexicon import compiled_lexicon
from dashboard.extract.places import focus_place
from dashboard.extract.sentences import split_sentences
from dashboard.extract.speakers import SpeakerIndex, default_speakers
from dashboard.extract.statements import article_statements
from dashboard.models import Article, Event, Extraction, Place

__all__ = ["extract"]


def extract(
    article: Article,
    gazetteer: Gazetteer | None = None,
    speakers: SpeakerIndex | None = None,
) -> Extraction:
    gazetteer = gazetteer or default_gazetteer()
    speakers = speakers or default_speakers()
    clex = compiled_lexicon()
    published = article.published
    contexts = [
        build_context(s, published, gazetteer, clex) for s in split_sentences(article.body or "")
    ]
    focus = focus_place(contexts)

    places: list[Place] = []
    seen_places: set[tuple[str, str]] = set()
    events: list[Event] = []
    seen_events: set[tuple] = set()
    for ctx in contexts:
        for pm in ctx.places:
            key = (pm.entry.name, ctx.text)
            if key not in seen_places:
                seen_places.add(key)
                e = pm.entry
                places.append(Place(e.name, pm.surface, e.lat, e.lon, e.kind, ctx.text))
        for ev in sentence_events(ctx, clex, published, focus):
            key = (ev.type, ev.date, ev.place, ev.count)
            if key not in seen_events:
                seen_events.add(key)
                events.append(ev)
    langs = [article.language or "", *article.languages]
    statements = article_statements(contexts, article.body or "", clex, speakers, published, langs)
    return Extraction(article=article, places=places, events=events, statements=statements)
