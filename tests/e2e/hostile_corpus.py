"""TEST DATA: a small corpus whose every shown field tries to inject script or markup.

Used by tests/e2e/test_injection.py. Four articles are written as a JSON Lines feed, an
HTML page and a JSON record in a folder and go through the real ingest, extract and store,
as a hostile feed would. Speakers, sides, places and event types come from the knowledge
files when extracted, so hostile values for those are added with the store's own
`insert_rows` (rows built by `store.rows`, as `write` builds them), and so is a fifth
article with enough placed events that the unfiltered map counts them per grid cell.

Every payload that could run sets `window.__xss` (or the parent's) and calls `alert`, so
an execution shows up both as a flag in some frame and as a dialog.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dashboard.models import Article, Event, Place, Statement
from dashboard.pipeline import ingest_paths
from dashboard.store import open_store
from dashboard.store.rows import article_row, event_row, place_row, statement_row

FLAG = "__xss"
RUN = f"window.{FLAG}=1;alert(1)"

# name -> payload. Markup that could run, links that could point anywhere, and text that a
# template, Markdown or LaTeX engine would change.
PAYLOADS: dict[str, str] = {
    "script": f"<script>{RUN}</script>",
    "img_onerror": f'<img src=x onerror="{RUN}">',
    "svg_onload": f"<svg onload={RUN}>",
    "iframe_srcdoc": f'"><iframe srcdoc="<script>parent.{FLAG}=1;alert(1)</script>">',
    "attribute_break": f"' onmouseover='{RUN}' data-x='",
    "a_javascript": f'<a href="javascript:{RUN}">js-link</a>',
    "a_http": '<a href="https://evil.example/phish">evil-link</a>',
    "markdown_link": f"[md-link](javascript:{RUN})",
    "markdown_image": "![md-image](https://evil.example/pixel.png)",
    "markdown_autolink": "<javascript:alert(1)> <https://evil.example/auto>",
    "bare_links": "https://evil.example/bare www.evil.example bob@evil.example",
    "markdown_emphasis": "**not bold** _not italic_ # not a heading",
    "html_entities": "&lt;img src=x onerror=alert(1)&gt; &#60;script&#62; &amp;amp;",
    "template": "{{7*7}} ${7*7} <%= 7*7 %> {% raw %}",
    "latex": r"$\href{javascript:alert(1)}{tex-link}$ $$x$$",
    "backticks": "`code` ``` fenced ```",
    "breaker": f"</textarea></title></style></script><script>{RUN}</script>",
    "style": "<style>body{display:none}</style>",
    "plotly_tags": '<b>bold</b><br><i>it</i><a href="javascript:alert(1)">plotly-link</a>',
}
# Literal text that must show somewhere as typed when its payload is rendered as text.
VISIBLE_MARKERS = ("<script>", "<img src=x", "<svg onload", "[md-link](javascript:")

JS_URL = f"javascript:{RUN}"
DATA_URL = "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="
# an http(s) address that would close a Markdown link and open a javascript: one
MD_BREAKING_URL = f"https://news.example/a)[md-url](javascript:{RUN})"

TITLE_A = f"TEST DATA injection A {PAYLOADS['script']} {PAYLOADS['img_onerror']}"
OUTLET_A = f"Hostile Wire {PAYLOADS['svg_onload']} {PAYLOADS['markdown_link']}"
TITLE_B = f"TEST DATA injection B {PAYLOADS['breaker']} {PAYLOADS['markdown_emphasis']}"
OUTLET_B = f"Hostile Page {PAYLOADS['iframe_srcdoc']} {PAYLOADS['bare_links']}"
TITLE_C = f"TEST DATA injection C {PAYLOADS['template']} {PAYLOADS['latex']}"
OUTLET_C = f"Hostile Feed {PAYLOADS['a_javascript']} {PAYLOADS['backticks']}"

TITLE_D = f"TEST DATA injection D {PAYLOADS['style']} {PAYLOADS['attribute_break']}"
OUTLET_D = f"Hostile Record {PAYLOADS['html_entities']}"

# sentences the extractor reads facts from, each carrying payloads
EVAC_A = (
    "More than 5,000 people were evacuated from Stepanakert to Goris on 25 September 2023 "
    f"{PAYLOADS['img_onerror']} {PAYLOADS['a_http']}."
)
SAID_A = (
    "Nikol Pashinyan said on 25 September 2023 that the talks would go on "
    f"{PAYLOADS['script']} {PAYLOADS['markdown_link']}."
)
EXTRA_A = f"Residents of Stepanakert waited for buses {PAYLOADS['style']} {PAYLOADS['latex']}."
EVAC_B = (
    "About 7,000 people were evacuated from Stepanakert to Goris on 25 September 2023 "
    f"{PAYLOADS['svg_onload']} {PAYLOADS['attribute_break']}."
)
SAID_B = (
    "Ilham Aliyev said on 26 September 2023 that the operation was over "
    f"{PAYLOADS['breaker']} {PAYLOADS['markdown_image']}."
)
EVAC_C = (
    "More than 9,000 people were evacuated from Stepanakert to Goris on 28 September 2023 "
    f"{PAYLOADS['iframe_srcdoc']} {PAYLOADS['markdown_autolink']} {PAYLOADS['bare_links']}."
)
SAID_C = (
    "Nikol Pashinyan said on 28 September 2023 that refugees were welcome "
    f"{PAYLOADS['plotly_tags']} {PAYLOADS['html_entities']}."
)

BODY_D = (
    "TEST DATA for the script-injection test. Hikmet Hajiyev said on 27 September 2023 that "
    f"the checkpoint stayed open {PAYLOADS['svg_onload']} {PAYLOADS['markdown_emphasis']}."
)

# hostile values the extractor would never produce (speakers, places and types come from
# the knowledge files); inserted with the store's own row API
SPEAKER = f"Speaker {PAYLOADS['img_onerror']} {PAYLOADS['markdown_link']}"
SPEAKER_ROLE = f"Role {PAYLOADS['svg_onload']}"
SIDE = f"Side {PAYLOADS['script']} {PAYLOADS['plotly_tags']}"
QUOTE = f"Quote {PAYLOADS['breaker']} {PAYLOADS['a_javascript']}"
PLACE = f"Place {PAYLOADS['iframe_srcdoc']} {PAYLOADS['attribute_break']}"
PLACE_SURFACE = f"Surface {PAYLOADS['img_onerror']}"
EVENT_TYPE = f"type {PAYLOADS['img_onerror']}"
ACTOR = f"Actor {PAYLOADS['svg_onload']}"
PRECISION = f"precision {PAYLOADS['a_javascript']}"
# a date the store still reads as 30 September 2023 (its first ten characters), so this
# is the latest figure and the Overview shows it in a metric's (Markdown) label
HOSTILE_DATE = f"2023-09-30 {PAYLOADS['markdown_link']} {PAYLOADS['img_onerror']}"
QUALIFIER = f"qualifier {PAYLOADS['script']}"
# inside Nagorno-Karabakh (near Stepanakert), so the hostile place is on the map
HOSTILE_LAT, HOSTILE_LON = 39.83, 46.76
# More placed events than the map draws one by one (MAX_MARKERS, 2,000), so the unfiltered
# map counts them per grid cell, whose popups list types and places: a fifth article
# (stored with `insert_rows` too) with BULK_EVENTS events around BULK_SPOTS.
BULK_EVENTS = 2004
BULK_TYPE = f"bulk {PAYLOADS['a_javascript']}"
BULK_SPOTS = ((39.82, 46.75), (40.05, 46.55), (39.60, 46.95), (39.95, 47.05))
BULK_PLACE = "Bulk place {} " + PAYLOADS["img_onerror"]
BULK_TITLE = f"TEST DATA injection bulk {PAYLOADS['svg_onload']}"

FIELDS = (
    "article title",
    "article outlet",
    "article url (javascript:, data:, Markdown-breaking http)",
    "article body",
    "event evidence",
    "event type",
    "event place",
    "event actors",
    "event date and date precision",
    "event count qualifier",
    "place name",
    "place surface",
    "place kind",
    "place evidence",
    "statement speaker",
    "statement role",
    "statement side",
    "statement quote",
    "statement evidence",
    "URL parameters (article, text, filters)",
    "uploaded file names",
)


@dataclass(frozen=True)
class HostileDb:
    path: str
    article_ids: dict[str, str]  # "A", "B", "C", "D" -> id
    rows_inserted: int


def _page_b() -> str:
    """An HTML page: hostile text arrives HTML-escaped in the markup, so the parser hands
    the raw payload to the pipeline; its canonical URL is a data: URL."""
    e = html.escape
    body = f"{EVAC_B} {SAID_B} Buses left Stepanakert at night {PAYLOADS['a_javascript']}."
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{e(TITLE_B)}</title>"
        f"<meta property='og:site_name' content='{e(OUTLET_B, quote=True)}'>"
        f"<meta property='og:title' content='{e(TITLE_B, quote=True)}'>"
        "<meta property='article:published_time' content='2023-09-26T10:00:00+00:00'>"
        f"<link rel='canonical' href='{e(DATA_URL, quote=True)}'>"
        "</head><body><main><article>"
        f"<h1>{e(TITLE_B)}</h1>"
        f"<p>{e(body)}</p>"
        f"<p>{e('TEST DATA for the script-injection test. ' + PAYLOADS['template'])}</p>"
        "<script>window.__xss_in_source_page=1</script>"
        "</article></main></body></html>"
    )


def write_inputs(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    feed = folder / "hostile_feed.jsonl"
    records = [
        {
            "title": TITLE_A,
            "outlet": OUTLET_A,
            "url": JS_URL,
            "published": "2023-09-25",
            "language": "en",
            "text": f"TEST DATA for the script-injection test.\n\n{EVAC_A} {SAID_A}\n\n{EXTRA_A}",
        },
        {
            "title": TITLE_C,
            "outlet": OUTLET_C,
            "url": MD_BREAKING_URL,
            "published": "2023-09-28",
            "language": "en",
            "text": f"TEST DATA for the script-injection test.\n\n{EVAC_C}\n\n{SAID_C}",
        },
    ]
    feed.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    page = folder / "hostile_page.html"
    page.write_text(_page_b(), encoding="utf-8")
    # a JSON record whose page is given as HTML and whose address is a data: URL
    record = folder / "hostile_record.json"
    record.write_text(
        json.dumps(
            {
                "html": f"<html><body><article><p>{html.escape(BODY_D)}</p></article></body></html>",
                "title": TITLE_D,
                "outlet": OUTLET_D,
                "url": DATA_URL,
                "published": "2023-09-27",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    return [feed, page, record]


def build(folder: Path) -> HostileDb:
    """Ingest the hostile inputs into `folder`/hostile.duckdb, then add the hostile facts."""
    inputs = write_inputs(folder / "inputs")
    path = str(folder / "hostile.duckdb")
    with open_store(path) as store:
        report = ingest_paths(inputs, store)
        assert not report.failed, report.failed
        assert report.new == 4, report.summary()
        arts = store.query("SELECT id, title, body FROM articles")
        ids = {}
        for key, title in (("A", TITLE_A), ("B", TITLE_B), ("C", TITLE_C), ("D", TITLE_D)):
            match = arts[arts["title"] == title]
            assert len(match) == 1, (key, arts["title"].to_list())
            ids[key] = str(match["id"].iloc[0])
        body_a = str(arts.loc[arts["id"] == ids["A"], "body"].iloc[0])
        assert EXTRA_A in body_a, body_a
        a = ids["A"]
        events = [
            Event(
                EVENT_TYPE,
                EXTRA_A,
                date="2023-09-26",
                date_precision=PRECISION,
                place=PLACE,
                lat=HOSTILE_LAT,
                lon=HOSTILE_LON,
                actors=[ACTOR],
                date_source="text",
            ),
            Event(
                "evacuation",
                EVAC_C,
                date=HOSTILE_DATE,
                date_precision=PRECISION,
                place=PLACE,
                lat=HOSTILE_LAT + 0.01,
                lon=HOSTILE_LON + 0.01,
                actors=[ACTOR],
                count=6000,
                count_qualifier=QUALIFIER,
                date_source="text",
            ),
        ]
        statements = [
            Statement(
                SPEAKER,
                EXTRA_A,
                speaker_role=SPEAKER_ROLE,
                side=SIDE,
                date="2023-09-26",
                quote=QUOTE,
                mode="direct",
            )
        ]
        places = [
            Place(
                PLACE,
                PLACE_SURFACE,
                HOSTILE_LAT,
                HOSTILE_LON,
                f"kind {PAYLOADS['script']}",
                EXTRA_A,
            )
        ]
        owners = [a, ids["C"]]  # the figure belongs to C, whose URL breaks Markdown links
        inserted = store.insert_rows(
            "events", [event_row(o, e) for o, e in zip(owners, events, strict=True)]
        )
        inserted += store.insert_rows("statements", [statement_row(a, s) for s in statements])
        inserted += store.insert_rows("places", [place_row(a, p) for p in places])
        assert inserted == len(events) + len(statements) + len(places), inserted
        inserted += _insert_bulk(store)
        # the facts above went in beside `write`: group them into incidents too, so the
        # incidents views show the payloads
        store.rebuild_incidents()
    return HostileDb(path, ids, inserted)


def _insert_bulk(store) -> int:
    body = f"TEST DATA for the script-injection test. {EXTRA_A}"
    article = Article(
        "test-data-bulk",
        "hostile_bulk (inserted)",
        body,
        title=BULK_TITLE,
        outlet=OUTLET_A,
        published="2023-09-20",
        language="en",
        languages=["en"],
        url=JS_URL,
    )
    events = []
    for i in range(BULK_EVENTS):
        spot = i % len(BULK_SPOTS)
        lat, lon = BULK_SPOTS[spot]
        events.append(
            Event(
                BULK_TYPE,
                EXTRA_A,
                date=f"2023-09-{1 + i % 28:02d}",
                date_precision="day",
                place=BULK_PLACE.format(spot),
                lat=round(lat + (i // 28) * 1e-4, 5),
                lon=lon,
                date_source="text",
            )
        )
    done = store.insert_rows("articles", [article_row(article, datetime.now(UTC))])
    done += store.insert_rows("events", [event_row(article.id, e) for e in events])
    assert done == 1 + BULK_EVENTS, done
    return done
