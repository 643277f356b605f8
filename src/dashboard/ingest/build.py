"""Turning the fields read from one input into an `Article` (id, languages) or a failure.

Every article gets an outlet a reader can show: the one the input names, else the domain of
its URL, else "unknown outlet".
"""

from __future__ import annotations

from dashboard.ingest.dates import normalise_date
from dashboard.ingest.ids import article_id
from dashboard.ingest.language import detect_languages
from dashboard.ingest.page import UNKNOWN_OUTLET, PageFields, site_of
from dashboard.models import Article, IngestFailure


def make_article(source: str, fields: PageFields) -> Article | IngestFailure:
    body = fields.body.strip()
    if not body:
        return IngestFailure(source, "no article text found (only boilerplate or navigation)")
    main, languages = detect_languages(body, extra=[fields.title] if fields.title else [])
    language = fields.language or main
    if fields.language:
        languages = [fields.language] + [code for code in languages if code != fields.language]
    published = normalise_date(fields.published) if fields.published else None
    return Article(
        id=article_id(body),
        source=source,
        body=body,
        title=fields.title,
        outlet=fields.outlet or site_of(fields.url) or UNKNOWN_OUTLET,
        published=published,
        language=language,
        languages=languages,
        url=fields.url,
        published_month=published[:7] if published else fields.published_month,
    )
