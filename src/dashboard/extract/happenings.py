"""From per-sentence candidates to the article's events: dated, placed, one per happening.

What a sentence does not say, the article does (as ACLED and UCDP coders read a report):

* date: the sentence's own, else the publication date (`time_precision="reported"`); an
  article with no publication date falls back on the month of the latest date it gives
  (`"month"`, `date_source="article"`); with neither the event is left out: an undated
  point would sit nowhere on a timeline;
* place: the sentence's own, else the nearest sentence of the same paragraph that names one
  (`place_source="paragraph"`), else the article's focus place (`"article"`);
* one event per happening: candidates of one type whose dates and places are compatible and
  whose counts do not differ become one event carrying every evidence sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from dashboard.extract.context import SentenceContext
from dashboard.extract.dates import find_dates
from dashboard.extract.events import (
    Candidate,
    cue_positions,
    is_background,
    sentence_candidates,
    set_place,
)
from dashboard.extract.lexicon import CompiledLexicon
from dashboard.extract.places import focus_place, paragraph_place
from dashboard.models import Event

# `time_precision` of an event in an article that gives no year anywhere (no publication
# date, no date line, no year in the text): its day and month are the text's, its year a
# guess from today's date
YEAR_UNKNOWN = "year_unknown"

# a fallback-dated report ("reported" today) and a dated one of the same type and place
# are the same happening when the dated one is at most this many days older
_REPORT_WINDOW_DAYS = 1
# how far after a "since" date, the latest the article gives, the report is taken to be: a
# day and month without a year fall within the year after it
_SINCE_REACH_DAYS = 364


@dataclass(frozen=True)
class Timeline:
    """What the article says about when: its publication date and its latest own date."""

    published: str | None
    reference: str | None  # YYYY-MM-DD or YYYY-MM: the report's date as far as known
    lead: str | None = None  # without publication date or date line: the lead's date


# a date line at the very top of a saved page ("date 2022-10", "2023-10-03"): the report's
# date, not the date of anything reported
_DATELINE = re.compile(
    r"\A\s*(?:[^\W\d]{1,12}:?\s+)?((?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?:-[0-3]\d)?)(?![\d-])"
)


def dateline(body: str) -> tuple[str, int] | None:
    """(YYYY-MM[-DD], end offset) of a date line opening the body, if there is one."""
    m = _DATELINE.match(body)
    return (m.group(1), m.end(1)) if m else None


def year_reference(body: str, published: str | None, month: str | None = None) -> str | None:
    """The date that supplies years the text leaves out: the publication date, else the
    date line, else the latest date the article gives with its year ("since" dates too:
    "from 1 January 2024" puts "28 September" in 2023, "since December 2022" puts it in
    2023 too: see below). None when the article gives no
    year at all: its dates are then read against today (an article read now is taken to
    be recent) and its events marked `YEAR_UNKNOWN`, never shown as if the year were
    known."""
    if published:
        return published
    line = dateline(body)
    month = line[0] if line else month
    if month:
        return month if len(month) == 10 else f"{month[:7]}-28"
    dated = [
        d for d in find_dates(body, None) if d.explicit_year and d.precision in ("day", "month")
    ]
    if not dated:
        return None
    latest = max(dated, key=lambda d: (d.value, not d.since))
    best = latest.value if len(latest.value) == 10 else f"{latest.value}-28"
    if latest.since and latest.precision == "month":
        # "since December 2022" is background, something still going on when the report
        # is written: its "19 September" comes after it (2023), not a year before it. A
        # day ("from 1 January 2024", the date a decree takes effect) may lie ahead of
        # the report, whose "28 September" then comes before it (2023)
        return (date.fromisoformat(best) + timedelta(days=_SINCE_REACH_DAYS)).isoformat()
    return best


def timeline(contexts: list[SentenceContext], published: str | None, line: str | None) -> Timeline:
    """The report's date: published, else the date line, else the month of the latest
    date the article gives (a "since" date starts something, it does not date the report)."""
    if published:
        return Timeline(published, published)
    values = [
        d.value
        for ctx in contexts
        for d in ctx.dates
        if not d.since and d.precision in ("day", "month")
    ]
    if line:
        # a month date line ("date 2022-10") dates the report; a lead of that month or
        # the one before ("Le 13 septembre, l'Azerbaïdjan a lancé …" in October) is still
        # the time frame of what the report tells, an older one is background
        lead = values[0] if values and len(values[0]) == 10 else None
        if lead and lead[:7] not in (line[:7], _month_before(line[:7])):
            lead = None
        return Timeline(None, line[:7], lead)
    if not values:
        return Timeline(None, None)
    # the first date of the article sets its time frame ("On 13 September Azerbaijan
    # attacked … the Armenian side has dead and wounded")
    return Timeline(None, max(values)[:7], values[0])


def _month_before(month: str) -> str:
    y, m = int(month[:4]), int(month[5:7])
    return f"{y - 1:04d}-12" if m == 1 else f"{y:04d}-{m - 1:02d}"


def article_events(
    contexts: list[SentenceContext],
    clex: CompiledLexicon,
    published: str | None,
    languages: list[str],
    line: str | None = None,
) -> list[Event]:
    tl = timeline(contexts, published, line)
    cands: list[Candidate] = []
    history = -1  # paragraph of the last sentence about the past
    captions = _caption_paragraphs(contexts, clex)
    for i, ctx in enumerate(contexts):
        if ctx.paragraph in captions:
            continue  # a photo caption shows a scene, it does not report one
        cues = cue_positions(ctx, clex, languages)
        first_cue = min(cues.values()) if cues else None
        if is_background(ctx, None, tl.reference, clex, first_cue):
            history = ctx.paragraph
            continue
        if is_heading(ctx.text):
            continue
        if history == ctx.paragraph and not ctx.dates:
            continue  # "This first war killed 30,000": the paragraph's history goes on
        for c in sentence_candidates(ctx, i, clex, published, tl.reference, languages, cues):
            dated = c.dated or _paragraph_date(c, contexts, i, published)
            if not dated and not _fallback_date(c.event, tl):
                continue  # no usable date at all: left out
            if not c.placed:
                entry = paragraph_place(contexts, i, clex, c.event.type)
                if entry is not None:
                    set_place(c.event, entry, "paragraph")
            cands.append(c)
    focus = _article_focus(contexts, cands, clex)
    if focus is not None:
        for c in cands:
            if c.event.place is None:
                set_place(c.event, focus, "article")
    return [c.event for c in merge(cands)]


def _article_focus(contexts: list[SentenceContext], cands: list[Candidate], clex: CompiledLexicon):
    """Where the article is: the place of its first event placed by its own sentence (the
    lead sets the scene: "Azerbaijani forces launched assaults into Armenia" places the
    casualty figures that follow), else the place it names most (see `focus_place`)."""
    lead = next((c.event for c in cands if c.placed), None)
    if lead is None:
        return focus_place(contexts, clex)
    return _Entry(lead.place, lead.lat, lead.lon, lead.geo_precision)


@dataclass(frozen=True)
class _Entry:
    """The little of a gazetteer entry that `set_place` reads, rebuilt from an event."""

    name: str
    lat: float | None
    lon: float | None
    geo: int | None

    @property
    def kind(self) -> str:
        return {1: "city", 2: "region", 3: "country"}.get(self.geo or 2, "region")


def _caption_paragraphs(contexts: list[SentenceContext], clex: CompiledLexicon) -> set[int]:
    """Paragraphs that credit a photo ("… Photo: A. Name/Outlet."): captions."""
    if clex.caption_markers is None:
        return set()
    return {c.paragraph for c in contexts if clex.caption_markers.search(c.text)}


_HEADING_MAX = 60


def is_heading(text: str) -> bool:
    """A subheading inside the body ("- Peace talks -", "Friedensmission begonnen"): a
    short line without a full stop names a topic, it reports nothing."""
    t = text.strip().strip("-–— ")
    return len(t) <= _HEADING_MAX and t[-1:] not in '.!?…»"”)。！？」』'


def _paragraph_date(
    c: Candidate, contexts: list[SentenceContext], index: int, published: str | None
) -> bool:
    """The date of the nearest earlier sentence of the same paragraph: a paragraph keeps
    its time frame ("On 13 September Azerbaijan attacked. Artillery shelled 36 villages.")."""
    para = contexts[index].paragraph
    for j in range(index - 1, -1, -1):
        if contexts[j].paragraph != para:
            return False
        firm = [
            d
            for d in contexts[j].dates
            if not d.since and (not published or d.value[: len(published)] <= published)
        ]
        if firm:
            d = firm[0]
            ev = c.event
            ev.date, ev.date_precision, ev.date_source = d.value, d.precision, "paragraph"
            ev.time_precision = d.precision
            if ev.date_precision == "week":
                ev.date_precision = "day"
            return True
    return False


def _fallback_date(ev: Event, tl: Timeline) -> bool:
    if tl.published:
        ev.date, ev.date_precision = tl.published, "day"
        ev.date_source, ev.time_precision = "published", "reported"
        return True
    if tl.lead:
        ev.date, ev.date_precision = tl.lead, "day" if len(tl.lead) == 10 else "month"
        ev.date_source, ev.time_precision = "article", "reported"
        return True
    if tl.reference:
        ev.date, ev.date_precision = tl.reference[:7], "month"
        ev.date_source, ev.time_precision = "article", "month"
        return True
    return False


def merge(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        for kept in out:
            if _same_happening(kept, c):
                _absorb(kept, c)
                break
        else:
            out.append(c)
    return out


def _same_happening(a: Candidate, b: Candidate) -> bool:
    ea, eb = a.event, b.event
    if ea.type != eb.type:
        return False
    # the wounded reported after a death toll belong to it (GUIDE: killed and wounded in
    # one report are one event with the number killed)
    wounded_after_toll = b.wounded_only and not a.wounded_only and ea.count is not None
    if (
        ea.count is not None
        and eb.count is not None
        and ea.count != eb.count
        and not wounded_after_toll
    ):
        return False
    # a town of an attack reported on several towns at once is that attack
    if ea.place != eb.place and (eb.place in a.listed or ea.place in b.listed):
        return _dates_compatible(a, b)
    # an inferred place yields to a read one; an undated report only on the same day
    if (
        ea.place
        and eb.place
        and ea.place != eb.place
        and ((a.placed and b.placed) or (not (a.dated and b.dated) and ea.date != eb.date))
    ):
        return False
    return _dates_compatible(a, b)


def _dates_compatible(a: Candidate, b: Candidate) -> bool:
    da, db = a.event.date or "", b.event.date or ""
    if a.dated and b.dated:
        return da.startswith(db) or db.startswith(da)
    if not a.dated and not b.dated:
        return da == db
    report, dated = (a.event, b.event) if not a.dated else (b.event, a.event)
    rd, dd = report.date or "", dated.date or ""
    # with no publication date the undated report took the article's first date, a guess
    # that may well fall before the happening ("after the prize on 4 February, the court
    # sentenced them on 5 February. Two more were sentenced to 20 years."): the month decides
    if len(rd) < 10 or len(dd) < 10 or report.date_source == "article":
        return rd[:7] == dd[:7]
    try:
        gap = (date.fromisoformat(rd) - date.fromisoformat(dd)).days
    except ValueError:
        return False
    return 0 <= gap <= _REPORT_WINDOW_DAYS


def _absorb(kept: Candidate, new: Candidate) -> None:
    """Fold `new` into `kept`: the better-read date, place and count win, and the sentence
    that gave the date (else the place) leads the evidence."""
    k, n = kept.event, new.event
    lead = False
    if new.dated and not kept.dated:
        k.date, k.date_precision, k.date_source = n.date, n.date_precision, n.date_source
        k.time_precision = n.time_precision
        kept.dated = lead = True
    if new.placed and not kept.placed:
        k.place, k.lat, k.lon = n.place, n.lat, n.lon
        k.geo_precision, k.place_source = n.geo_precision, n.place_source
        kept.placed = True
        lead = lead or not kept.dated
    if k.count is None and n.count is not None:
        k.count, k.count_qualifier = n.count, n.count_qualifier
    for name in n.actors:
        if name not in k.actors and name != k.place:
            k.actors.append(name)
    for sentence in n.evidence_all:
        if sentence not in k.evidence_all:
            k.evidence_all.append(sentence)
    if lead:
        k.evidence_all.remove(n.evidence)
        k.evidence_all.insert(0, n.evidence)
        k.evidence = n.evidence
