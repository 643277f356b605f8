"""Shared helpers for extractor tests: build an Article from one or two sentences."""

import pytest

from dashboard.extract import extract
from dashboard.models import Article


@pytest.fixture
def run():
    def _run(body: str, published: str | None = "2023-09-21", language: str = "en"):
        art = Article(id="t", source="test", body=body, published=published, language=language)
        ex = extract(art)
        for fact in [*ex.places, *ex.events, *ex.statements]:
            assert fact.evidence in body  # every fact carries an exact slice of the text
        return ex

    return _run
