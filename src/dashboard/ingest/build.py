"""Turning the fields read from one input into an `Article` (id, languages) or a failure."""

from __future__ import annotations

from dashboard.ingest.dates import normalise_date
from dashboard.ingest.ids import article_id
from dashboard.ingest.language import detect_languages
from dashboard.ingest.page import PageFields
from dashboard.models import Article, IngestFailure


def make_article(source: str, fields: PageFields) -> Article | IngestFailure:
    body = fields.body.strip()
    if not body:
        return IngestFailure(source, "no article text found (only boilerplate or navigation)")
    main, languages = detect_languages(body, extra=[fields.title] if fields.title else [])
    language = fields.language or main
    if fields.language:
        languages = [fields.language] + [code for code in languages if code != fields.language]
    return Article(
        id=article_id(body),
        source=source,
        body=body,
        title=fields.title,
        outlet=fields.outlet,
        published=normalise_date(fields.published) if fields.published else None,
        language=language,
        languages=languages,
        url=fields.url,
    )
