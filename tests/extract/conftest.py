"""Shared helpers for extractor tests: build an Article from one or two sentences."""

import pytest

from dashboard.extract import extract
from dashboard.ingest.language import detect_languages
from dashboard.models import Article


@pytest.fixture
def run():
    def _run(body: str, published: str | None = "2023-09-21", language: str | None = None):
        # the language as ingest would detect it: lemma cues are read in that language
        language = language or detect_languages(body)[0] or "en"
        art = Article(id="t", source="test", body=body, published=published, language=language)
        ex = extract(art)
        for fact in [*ex.places, *ex.events, *ex.statements]:
            assert fact.evidence in body  # every fact carries an exact slice of the text
        return ex

    return _run
