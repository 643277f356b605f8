"""Reading an HTML page: body without boilerplate, title, outlet, publication date, url.

One trafilatura pass gives both the text and the metadata (trafilatura runs htmldate for
the date with `original_date`, so the first publication date wins over an update date).
Precision is favoured: navigation, related links and comments are left out.
"""

from __future__ import annotations

from dashboard.ingest.files import InputError
from dashboard.ingest.knowledge import boilerplate, is_page_label, normalise_marker
from dashboard.ingest.page import (
    PageFields,
    clean_field,
    is_navigation,
    join_paragraphs,
    site_of,
)


def _body(text: str, title: str | None) -> str:
    bp = boilerplate()
    lines = [s for s in (line.strip() for line in text.splitlines()) if s]
    if lines and title and " ".join(lines[0].split()) == title:
        lines = lines[1:]  # trafilatura repeats the <h1> headline as the first line
    return join_paragraphs(line for line in lines if normalise_marker(line) not in bp.skip_lines)


def parse_html(html: str, url: str | None = None) -> PageFields:
    """The article in an HTML page; InputError if there is no article text in it."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    except Exception as exc:  # a parser error on broken markup is a bad input, not a crash
        raise InputError(f"could not parse the HTML ({type(exc).__name__}: {exc})") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise InputError("no article text found in the HTML page")
    title = clean_field(doc.title)
    bp = boilerplate()
    if title and (
        is_page_label(normalise_marker(title), bp) or normalise_marker(title) in bp.skip_lines
    ):
        title = None  # "Print version": the page's label, not the article's headline
    page_url = clean_field(doc.url) or url
    body = _body(text, title)
    if not body or all(is_navigation(p) for p in body.split("\n\n")):
        raise InputError("no article text found in the HTML page")
    return PageFields(
        body=body,
        title=title,
        outlet=clean_field(doc.sitename) or site_of(page_url),
        published=clean_field(doc.date),
        url=page_url,
        language=None,
    )
