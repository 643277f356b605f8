"""Article in, places / dated events / statements out, each with its evidence sentence.

Only the article body is read: titles repeat the body, and everything outside the body
(navigation, related links, comments) was dropped at ingest, which is what keeps
"Errant dans les nuages de Dalat" off a Karabakh map.
"""

from __future__ import annotations

from datetime import date

from dashboard.extract.context import SentenceContext, build_context
from dashboard.extract.dates import find_dates
from dashboard.extract.gazetteer import Gazetteer, default_gazetteer
from dashboard.extract.happenings import YEAR_UNKNOWN, article_events, dateline, year_reference
from dashboard.extract.lexicon import CompiledLexicon, compiled_lexicon
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
    body = article.body or ""
    # a month-only date line: ingest keeps it as published_month; one left in the body
    # is read here
    line = dateline(body)
    month = line[0] if line else article.published_month
    year_ref = year_reference(body, published, month)
    languages = list(dict.fromkeys([*(article.languages or []), article.language or ""]))
    contexts = _contexts(body, published, gazetteer, clex, month, year_ref, tuple(languages))
    events: list[Event] = article_events(contexts, clex, published, languages, month)
    if year_ref is None:
        # no year anywhere in the article: the day and month stand, the year is a guess
        for ev in events:
            ev.time_precision = YEAR_UNKNOWN

    places: list[Place] = []
    seen_places: set[tuple[str, str]] = set()
    for ctx in contexts:
        for pm in ctx.places:
            key = (pm.entry.name, ctx.text)
            if key not in seen_places:
                seen_places.add(key)
                e = pm.entry
                places.append(Place(e.name, pm.surface, e.lat, e.lon, e.kind, ctx.text))
    langs = [article.language or "", *(article.languages or [])]
    statements = article_statements(contexts, clex, speakers, published, langs)
    return Extraction(article=article, places=places, events=events, statements=statements)


def _contexts(
    body: str,
    published: str | None,
    gazetteer: Gazetteer,
    clex: CompiledLexicon,
    month: str | None = None,
    year_ref: str | None = None,
    languages: tuple[str, ...] = (),
) -> list[SentenceContext]:
    """Every sentence's context, with its paragraph (a new one after a line break) and
    years the text leaves out taken from the article's own dates when it has no
    publication date (`year_ref`, see `year_reference`), else from today."""
    sentences = split_sentences(body)
    if sentences and year_ref is None:
        year_ref = date.today().isoformat()
    # without a publication date, "dimanche" can only be the article's own latest day
    weekday_ref = None
    if sentences and not published:
        days = [
            d.value
            for d in find_dates(body, None, year_ref=year_ref, languages=languages)
            if d.precision == "day" and not d.since
        ]
        weekday_ref = max(days) if days else None
    out: list[SentenceContext] = []
    line = dateline(body)
    paragraph, prev_end = 0, 0
    for s in sentences:
        if out and "\n" in body[prev_end : s.start]:
            paragraph += 1
        prev_end = s.end
        ctx = build_context(
            s, published, gazetteer, clex, paragraph, year_ref, weekday_ref, languages
        )
        if line and s.start < line[1]:
            # the date line dates the report (see `year_reference`), not the first sentence
            ctx.dates = [d for d in ctx.dates if s.start + d.start >= line[1]]
        out.append(ctx)
    return out
