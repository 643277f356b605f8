"""Reading a web page saved as plain text (or a plain article) into title, outlet, date, body.

A saved page usually looks like this, with any of the parts missing:

    Site - tagline                       <- header: the platform or site, not the article
    Home   World                         <- breadcrumbs (short lines)
    The headline of the article          <- title
    Print version                        <- page labels: never the title, never the body
    OutletOutlet20/09/2023               <- byline: outlet (maybe glued, repeated), date
    First paragraph ...                  <- body
    ...
    Comments (0)                         <- a boilerplate marker ends the body
    Related headline / menu lines ...

A date line may also be glued to the start of the first paragraph, as a search tool or a
clipping service writes it ("date 2023-10-03 First paragraph ..."): its date is the
publication date and the rest of the line is the paragraph. A month-only date line
("date 2023-06 ...") gives the publication month; a full date of that month further on the
same line or in a byline ("Stand: 18.09.2023", "Ganja, 17 Oct 2020 (AFP)") gives the day.

Every non-empty line is a paragraph. The body is an exact copy of the lines it keeps (or of
the rest of a line after a date line), joined with a blank line, so that later stages can
quote sentences from it verbatim. The outlet is the byline's or the header's, else the
domain that the page's links name (see page.site_in_text).
Nothing here knows a particular site: the markers are per-language data
(data/ingest/boilerplate.json) and the rest are layout heuristics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.ingest.dates import MIN_YEAR, find_date, unit_words, weekday_names
from dashboard.ingest.knowledge import Boilerplate, boilerplate, is_page_label, normalise_marker
from dashboard.ingest.page import (
    NAV_LINE_MAX_CHARS,
    TERMINAL_PUNCTUATION,
    PageFields,
    is_navigation,
    join_paragraphs,
    site_in_text,
)

HEADER_MAX_CHARS = 120
HEADER_SITE_MAX_WORDS = 4
DATE_SEARCH_LINES = 12  # the byline is looked for among the first lines only
BYLINE_MAX_CHARS = 160
BYLINE_MAX_OTHER_WORDS = 10
TITLE_MIN_CHARS = 12
TITLE_MAX_CHARS = 300
PLAIN_TITLE_MAX_CHARS = 200
NAV_RUN = 4  # this many short navigation lines in a row end the body
OUTLET_MAX_CHARS = 60
OUTLET_MAX_WORDS = 6
INLINE_MARKER_MAX_CHARS = 200
# A label before a date that starts a line of text: "date 2023-10-03 ...". Shorter words are
# prepositions that start a sentence ("On 3 October 2023 the army ..."), unless with ":".
DATE_LINE_LABEL_MIN_CHARS = 3
DATELINE_SEARCH_CHARS = 200  # a full date of the month is looked for this far into a line
TITLE_BEFORE_DATE_MIN_WORDS = 4
OUTLET_AFTER_DATE_MAX_WORDS = 3  # "2023-10-03 | Caucasus Wire"; more words are a headline  # "Kicker Headline Stand: 18.09.2023": the headline

_HEADER = re.compile(r"^(?P<site>\S(?:.{0,58}?\S)?)\s+[-–—|:]\s+(?P<tagline>\S.*)$")
_SENTENCE_END = (".", "。", ",", ";", ":")
_MONTH_DATE = re.compile(r"(?<![\d./-])(\d{4})-(\d{2})(?![\d./-])")
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_TIME = re.compile(
    r"(?<!\d)\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|MSK|AMT|AZT|CET|CEST|EET|EEST|BST|EST|EDT))?(?:\s*[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(r"[\s,]*(?:" + _TIME.pattern + ")", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:[|•·/]|\s[-–—]\s|,\s|\s[-–—]$|^[-–—]\s)\s*")
_EDGE = " \t,;:|•·-–—/()[]"
STANDFIRST_MIN_CHARS = 80
_EDGE_NO_BRACKETS = " \t,;:|•·-–—/"


def _strip_edge(text: str) -> str:
    """Strip separators around a fragment, keeping brackets that belong to it:
    "Beispiel Nachrichten (Sample) —" keeps its closing parenthesis."""
    out = text.strip(_EDGE)
    for open_b, close_b in (("(", ")"), ("[", "]")):
        rest = text.strip(_EDGE_NO_BRACKETS)
        if (
            out.count(open_b) > out.count(close_b)
            and rest.startswith(out)
            and rest[len(out) :].startswith(close_b)
        ):
            out = out + close_b
    return out


@dataclass
class _Byline:
    index: int
    published: str
    outlet: str | None
    before: str = ""  # the text before the date on the same line
    in_body: bool = False  # the line (what is left of it) is a paragraph, not a byline


@dataclass(frozen=True)
class _DateLine:
    """A date that starts a line, after at most a date label or a weekday."""

    end: int  # where the date ends in the line
    published: str | None  # YYYY-MM-DD, or None when only the month is given
    month: str  # YYYY-MM


def _words(text: str) -> list[str]:
    return text.split()


def _has_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


def _marker_kind(line: str, bp: Boilerplate) -> str | None:
    """Classify a line: "end" (a marker line), "skip" (an ad label or an inline
    "Read more: ..." link) or None (an ordinary line)."""
    if len(line) > INLINE_MARKER_MAX_CHARS:
        return None
    norm = normalise_marker(line)
    if norm in bp.end_markers or any(
        norm == p or norm.startswith(p + " ") for p in bp.end_prefixes
    ):
        return "end"
    if norm in bp.skip_lines or is_page_label(norm, bp):
        return "skip"
    head, sep, rest = line.partition(":")
    if sep and rest.strip() and normalise_marker(head) in bp.end_markers:
        return "skip"
    return None


def _is_headline(line: str, max_chars: int = TITLE_MAX_CHARS) -> bool:
    if not TITLE_MIN_CHARS <= len(line) <= max_chars or _URL.match(line):
        return False
    if line.endswith(_SENTENCE_END):
        return False
    return len(_words(line)) >= 3 or (_has_cjk(line) and len(line) >= 8)


def _header_site(lines: list[str], bp: Boilerplate) -> str | None:
    """The site name if the first line is a "Site - tagline" header, else None."""
    if (
        len(lines) < 2
        or len(lines[0]) > HEADER_MAX_CHARS
        or lines[0].endswith(TERMINAL_PUNCTUATION)
    ):
        return None
    m = _HEADER.match(lines[0])
    if not m or len(_words(m.group("site"))) > HEADER_SITE_MAX_WORDS:
        return None
    second = lines[1]
    # After a header comes a headline, breadcrumbs or a byline, not a running paragraph.
    if second.endswith(_SENTENCE_END) and len(second) > NAV_LINE_MAX_CHARS:
        return None
    if _marker_kind(lines[0], bp):
        return None
    return _strip_edge(m.group("site")) or None


def _dedupe_glued(name: str) -> str:
    """Undo a repeated name: "XX" or "X X" (as a saved logo and link give it) → "X"."""
    n = len(name)
    if n >= 2 and n % 2 == 0 and name[: n // 2] == name[n // 2 :]:
        return name[: n // 2].strip()
    words = name.split()
    if (
        len(words) >= 2
        and len(words) % 2 == 0
        and words[: len(words) // 2] == words[len(words) // 2 :]
    ):
        return " ".join(words[: len(words) // 2])
    return name


def _is_weekday(word: str) -> bool:
    # Short abbreviations count only with their punctuation ("Wed," "Mi."), so that a
    # name such as "The Sun" keeps its last word.
    if len(word.strip(".,")) < 4 and not word.endswith((".", ",")):
        return False
    return word.casefold().strip(".,") in weekday_names()


def _strip_weekdays(segment: str) -> str:
    words = segment.split()
    while words and _is_weekday(words[-1]):
        words.pop()
    while words and _is_weekday(words[0]):
        words.pop(0)
    return " ".join(words)


def _outlet_candidate(segment: str, bp: Boilerplate) -> str | None:
    segment = _strip_edge(_strip_weekdays(_strip_edge(segment)))
    if not segment:
        return None
    norm = normalise_marker(segment)
    if not norm or norm in bp.date_labels or norm in bp.time_words:
        return None  # "Stand", "Uhr": words of the date and time, not an outlet
    if all(word.rstrip(".") in unit_words() for word in norm.split()):
        return None  # "року", "г.": the year's word after a date
    first = norm.split()[0]
    if first in bp.byline_words or any(norm.startswith(w + " ") for w in bp.byline_words):
        return None  # "By Jane Doe": a person
    for label in bp.date_labels:
        if segment.casefold().startswith(label + ":"):
            return None
    segment = _dedupe_glued(segment)
    if not segment[:1].isalpha():
        return None  # "+2 Updated 2 hours ago": what is left of a time stamp
    if (
        len(segment) > OUTLET_MAX_CHARS
        or len(_words(segment)) > OUTLET_MAX_WORDS
        or not any(ch.isalpha() for ch in segment)
        or segment.endswith(_SENTENCE_END)
    ):
        return None
    return segment


def _outlet_from(fragment: str, bp: Boilerplate, nearest_last: bool) -> str | None:
    fragment = _TIME.sub(" ", fragment)
    segments = [s for s in _SEPARATORS.split(fragment) if s and s.strip(_EDGE)]
    if nearest_last:
        segments.reverse()
    for segment in segments:
        candidate = _outlet_candidate(segment, bp)
        if candidate:
            return candidate
    return None


def _is_author(line: str, bp: Boilerplate) -> bool:
    norm = normalise_marker(line)
    return any(norm == w or norm.startswith(w + " ") for w in bp.byline_words)


def _byline(line: str, index: int, bp: Boilerplate) -> _Byline | None:
    if len(line) > BYLINE_MAX_CHARS:
        return None
    found = find_date(line)
    if found is None:
        return None
    before, after = line[: found.start], line[found.end :]
    if _credit(line, found.start, found.end):
        return None
    other_words = _words(_TIME.sub(" ", before + " " + after))
    if len(other_words) > BYLINE_MAX_OTHER_WORDS:
        return None
    if line.rstrip().endswith(".") and len(other_words) >= 4:
        return None  # a sentence that mentions a date, not a byline
    outlet = _outlet_from(before, bp, nearest_last=True) or _outlet_from(
        after, bp, nearest_last=False
    )
    return _Byline(index=index, published=found.iso, outlet=outlet, before=before)


def _credit(line: str, start: int, end: int) -> bool:
    """Whether the date at [start, end) is a photo's credit inside a caption: in brackets
    with a source beside it, after words of the caption ("Armenian soldier (Armenian MoD,
    July 27, 2022)"). It dates the photo, not the page."""
    opening = line.rfind("(", 0, start)
    closing = line.find(")", end)
    if opening < 0 or closing < 0 or ")" in line[opening:start]:
        return False
    inside = _words(line[opening + 1 : start] + " " + line[end:closing])
    return bool(inside) and bool(_words(line[:opening]))


def _is_date_label(prefix: str, bp: Boilerplate) -> bool:
    text = _strip_edge(_strip_weekdays(_strip_edge(prefix)))
    if not text:
        return True
    norm = normalise_marker(text)
    return norm in bp.date_labels and (
        len(norm) >= DATE_LINE_LABEL_MIN_CHARS or prefix.rstrip().endswith(":")
    )


def _date_line(line: str, bp: Boilerplate) -> _DateLine | None:
    """The date a line starts with ("date 2023-10-03 ...", "Tuesday, 3 October 2023 ...",
    "date 2023-06 ..."), or None."""
    head = line[:BYLINE_MAX_CHARS]
    found = find_date(head)
    if found and _is_date_label(head[: found.start], bp):
        clock = _TIME_AFTER.match(line, found.end)  # "2023-10-03 14:05 ...": the time too
        return _DateLine(clock.end() if clock else found.end, found.iso, found.iso[:7])
    m = _MONTH_DATE.search(head)
    if (
        m
        and _is_date_label(head[: m.start()], bp)
        and MIN_YEAR <= int(m.group(1)) <= 2100
        and 1 <= int(m.group(2)) <= 12
    ):
        return _DateLine(m.end(), None, f"{m.group(1)}-{m.group(2)}")
    return None


@dataclass
class _Dating:
    byline: _Byline | None = None
    month: str | None = None  # YYYY-MM of a month-only date line
    empty: set[int] = field(default_factory=set)  # month-only date lines with nothing else


def _find_byline(lines: list[str], first: int, bp: Boilerplate) -> _Dating:
    """The publication date (with the outlet beside it) among the first lines, the month
    of a month-only date line, and such lines that hold nothing else.

    May shorten a line of `lines` to what follows a date line glued to its start."""
    dating = _Dating()
    opening = -1  # the line that holds (or, alone, follows) a month-only date line
    for i in range(first, min(len(lines), first + DATE_SEARCH_LINES)):
        if _marker_kind(lines[i], bp) == "end":
            break
        lead = _date_line(lines[i], bp)
        rest = _strip_edge(lines[i][lead.end :]) if lead else ""
        if lead and lead.published is None:  # "date 2023-06 ...": the month only
            dating.month = dating.month or lead.month
            opening = i + (0 if rest else 1)
            if not rest:
                dating.empty.add(i)
                continue
            lines[i] = lines[i][lines[i].index(rest, lead.end) :]
            lead = None
        month = dating.month
        found = _byline(lines[i], i, bp)
        if found and lead and rest and _is_text_after_date(lines[i], lead):
            found = None  # "date 2023-10-03 Border town shelled again": a headline
        if found and month and not found.published.startswith(month):
            found = None  # a date of another month is not when the page was published
        elif found:
            dating.byline = found
        elif lead and rest:  # a date line glued to the first paragraph (or headline)
            lines[i] = lines[i][lines[i].index(rest, lead.end) :]
            dating.byline = _Byline(i, lead.published or "", None, in_body=True)
        elif month and i == opening:  # not further: a later paragraph dates events
            day = find_date(lines[i][:DATELINE_SEARCH_CHARS])
            if day and day.iso.startswith(month):  # "Ganja, 17 Oct 2020 (AFP) - ..."
                dating.byline = _Byline(i, day.iso, None, in_body=True)
        if dating.byline:
            break
    return dating


def _is_text_after_date(line: str, lead: _DateLine) -> bool:
    """Whether what follows a leading date (and its clock time) is text, a headline or a
    paragraph, rather than the outlet of a byline: more than OUTLET_AFTER_DATE_MAX_WORDS
    words, not set off by a separator ("| Caucasus Wire")."""
    tail = _TIME.sub(" ", line[lead.end :])
    words = _words(tail)
    # Chinese and Japanese write a sentence as one "word": count two characters as one,
    # so an outlet ("日本経済新聞") stays an outlet and a running paragraph is text
    count = sum(max(1, len(w) // 2) if _has_cjk(w) else 1 for w in words)
    if count <= OUTLET_AFTER_DATE_MAX_WORDS:
        return False
    return not any(ch in "|•·/-–—," for ch in tail[: tail.index(words[0])])


def _title_before_date(byline: _Byline, bp: Boilerplate) -> str | None:
    """The headline standing before the date on the byline's line, when no outlet does:
    "Kicker Headline Stand: 18.09.2023 14:46" → "Kicker Headline"."""
    if byline.outlet or byline.in_body:
        return None
    text = _strip_edge(_TIME.sub(" ", byline.before))
    words = text.split()
    while words and _is_date_label(words[-1], bp):
        words.pop()
    text = _strip_edge(" ".join(words))
    if len(words) < TITLE_BEFORE_DATE_MIN_WORDS or not _is_headline(text):
        return None
    if _is_author(text, bp) or _marker_kind(text, bp):
        return None
    return text


def _plain_title(lines: list[str]) -> int | None:
    """The headline of a page without byline or header: the first line, or the first after
    a few section labels ("Manşet"), when a paragraph follows it."""
    for i in range(min(len(lines) - 1, 3)):
        if _is_headline(lines[i], PLAIN_TITLE_MAX_CHARS):
            return i
        if not is_navigation(lines[i]) or len(_words(lines[i])) > 2:
            return None
    return None


# a last line of at least this many words, mostly in lower case, is a sentence the saved
# excerpt cut off ("Laura and her family of six had a"), not a menu item or a button
_PROSE_MIN_WORDS = 7


def _cut_off_prose(line: str) -> bool:
    """Whether a short unpunctuated line reads as running text cut off mid-sentence: menu
    items, tags and buttons are a few words, mostly capitalised ("Become a member")."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < _PROSE_MIN_WORDS:
        return False
    lower = sum(1 for w in words[1:] if w[:1].islower())
    return lower * 3 >= (len(words) - 1) * 2


def _trim_navigation(lines: list[str]) -> list[str]:
    """Drop short navigation lines before the first and after the last paragraph, and end
    the body at a run of NAV_RUN navigation lines (a menu or a list of links)."""
    start = 0
    while start < len(lines) and is_navigation(lines[start]):
        start += 1
    kept = lines[start:]
    run = 0
    for i, line in enumerate(kept):
        run = run + 1 if is_navigation(line) else 0
        if run >= NAV_RUN:
            kept = kept[: i - run + 1]
            break
    while kept and is_navigation(kept[-1]) and not _cut_off_prose(kept[-1]):
        kept.pop()
    if kept or len(lines) >= 3:
        return kept  # nothing but a menu: no article
    return lines  # one or two short lines: a very short article, keep it


def _body_lines(lines: list[str], start: int, skip: set[int], bp: Boilerplate) -> list[str]:
    kept: list[str] = []
    for i in range(start, len(lines)):
        if i in skip:
            continue
        line = lines[i]
        kind = _marker_kind(line, bp)
        if kind == "end":
            if any(not is_navigation(k) for k in kept):
                break
            continue  # share buttons under the byline, before the first paragraph
        if kind == "skip":
            continue
        kept.append(line)
    return _trim_navigation(kept) if kept else kept


def parse_text_page(text: str) -> PageFields:
    """Title, outlet, publication date and body of a saved page or a plain-text article."""
    bp = boilerplate()
    lines = [s for s in (line.strip() for line in text.splitlines()) if s]
    if not lines:
        return PageFields(body="")

    site = _header_site(lines, bp)
    first = 1 if site else 0

    dating = _find_byline(lines, first, bp)
    byline = dating.byline

    title_index: int | None = None
    if site or byline:
        stop = byline.index if byline else min(len(lines), first + 3)
        if site and first < stop and _is_headline(lines[first]):
            title_index = first  # the line right after the header
        else:
            # the headline stands nearest the byline; menus and "skip to content" come first
            candidates = [
                i
                for i in range(first, stop)
                if _is_headline(lines[i])
                and not _marker_kind(lines[i], bp)
                and not _is_author(lines[i], bp)
            ]
            title_index = candidates[-1] if candidates else None
        after = byline.index + (0 if byline.in_body else 1) if byline else 0
        if (
            title_index is None
            and byline
            and after + 1 < len(lines)
            and _is_headline(lines[after], PLAIN_TITLE_MAX_CHARS)
            and not lines[after].endswith((".", "!", "?"))
        ):
            title_index = after  # the headline under the date
    else:
        title_index = _plain_title(lines[first:])
        title_index = None if title_index is None else first + title_index

    if title_index is not None:
        body_start = title_index + 1
    elif byline:
        body_start = byline.index + (0 if byline.in_body else 1)
    else:
        body_start = first
    skip = set(dating.empty)
    if byline and not byline.in_body:
        skip.add(byline.index)
    if byline and title_index is not None and title_index < byline.index:
        # between the headline and the date line: authors, sections and share buttons; a
        # standfirst (a real sentence) stays
        skip.update(
            i
            for i in range(title_index + 1, byline.index)
            if not (len(lines[i]) >= STANDFIRST_MIN_CHARS and lines[i].endswith(_SENTENCE_END))
        )
    body = join_paragraphs(_body_lines(lines, body_start, skip, bp))

    title = lines[title_index] if title_index is not None else None
    if title is None and byline:
        title = _title_before_date(byline, bp)
    return PageFields(
        body=body,
        title=title,
        outlet=(byline.outlet if byline and byline.outlet else None)
        or site
        or site_in_text(text, bp.link_hosts),
        published=byline.published if byline else None,
        published_month=byline.published[:7] if byline else dating.month,
    )
