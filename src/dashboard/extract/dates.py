"""Date expressions in a sentence, resolved against the article's publication date.

News dates are mostly partial ("le 20 septembre", "во вторник", "yesterday"): the year and the
weekday arithmetic come from the publication date. We find the spans with patterns built from
month and weekday names out of dateparser's locale data (see `datenames`), then resolve them
with the standard library:
dateparser's `search_dates` was tried for finding spans, but it is slow (tens of ms per
sentence) and reads thousands figures such as "2 000" as dates, which costs precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dashboard.extract.datenames import DateNames, date_names, lookup
from dashboard.extract.lexicon import compiled_lexicon, cue_alternation

# how far after the publication date an inferred year may land before we take the year before
_FUTURE_SLACK_DAYS = 2
# without a publication date, how far after the article's latest dated day another day of
# its year may lie (see `_resolve`)
_TEXT_SLACK_DAYS = 92


_NEEDS_DIGIT = {
    "iso",
    "iso_month",
    "numeric",
    "day_month",
    "month_day",
    "month_year",
    "year",
    "cjk",
    "cjk_day",
}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | week | month | year
    since: bool = False  # "depuis décembre 2022": the start of something still going on
    explicit_year: bool = True  # False when the year was inferred (from another date)


def _alt(forms) -> str:
    return cue_alternation(forms)


@dataclass
class _DatePatterns:
    patterns: list[tuple[str, re.Pattern[str]]]
    names: DateNames
    relative: dict[str, int]
    weeks: dict[str, int]


@lru_cache(maxsize=4)
def _patterns(folder: str | None = None) -> _DatePatterns:
    lex = compiled_lexicon(folder).lex
    names = date_names(
        tuple(lex.languages), frozenset(lex.date_name_skip), frozenset(lex.capitalised)
    )
    month = f"(?P<month>{_alt(names.month_cues)})"
    day_suffix = "|".join(re.escape(s) for s in sorted(lex.day_suffixes, key=len, reverse=True))
    day = rf"(?P<day>[0-3]?\d)(?:{day_suffix})?" if day_suffix else r"(?P<day>[0-3]?\d)"
    year = r"(?P<year>(?:19|20)\d{2})(?!\d)"
    ysuf = "|".join(re.escape(s) for s in sorted(lex.year_suffixes, key=len, reverse=True))
    year_tail = rf"(?:\s*(?:{ysuf}))?" if ysuf else ""
    de = r"(?:\s+de)?"  # Spanish "28 de septiembre de 2023"
    ywords = _alt(lex.year_words)
    pats = [
        # Chinese, Japanese and Korean: "2023年9月19日", "9月19日", "2023년 9월 19일", and
        # the bare "25日" / "25일" of news (a day of the report's month); written with
        # digits, so no names are needed
        (
            "cjk",
            r"(?:(?P<year>(?:19|20)\d{2})\s*[年년]\s*)?(?P<mnum>1[0-2]|0?[1-9])\s*[月월]\s*"
            r"(?P<day>[1-3]?\d)\s*[日号일]",
        ),
        # "今月2日" (the 2nd of this month) is a day; "9月19日" is read whole above
        ("cjk_day", r"(?<![\d.])(?<!\d[月월])(?P<day>[1-3]?\d)\s*[日号일](?![\d])"),
        # "2023.09.19", "2022. 9. 15.": year first, as Korean and Chinese pages date them
        (
            "ymd",
            r"(?<![\d.])(?P<year>(?:19|20)\d{2})\.\s?(?P<mnum>0?[1-9]|1[0-2])\.\s?"
            r"(?P<day>[0-3]?\d)(?![\d])",
        ),
        ("iso", r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
        (
            "numeric",
            r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<mnum>[01]?\d)[./](?P<year>(?:19|20)\d{2})(?!\d)",
        ),
        ("day_month", rf"(?<![\d\w]){day}{de}\s*{month}(?:,?{de}\s+{year}{year_tail})?"),
        ("month_day", rf"{month}\s+{day}(?![\d\w])(?:,?\s+{year})?"),
        ("month_year", rf"{month}{de}\s+{year}{year_tail}"),
        # a year-month date line ("date 2022-10"): the month of the report
        ("iso_month", r"(?<![\d-])(?P<year>(?:19|20)\d{2})-(?P<mnum>0[1-9]|1[0-2])(?![\d-])"),
        ("year", rf"(?:{ywords})\s+{year}{year_tail}"),
    ]
    if ywords:
        # "in September", "в сентябре", "у вересні": a month with no number, after the
        # same prepositions that introduce a year
        full = _alt(names.month_full_cues)
        pats.append(("month_alone", rf"(?:{ywords})\s+(?P<month>{full})"))
    weekday_alts = []
    for lang, cues in names.weekday_cues.items():
        # "Dienstagabend": a weekday may take a time of day glued to it
        cues = cues + [c + t for c in cues for t in lex.weekday_suffixes]
        words = lex.weekday_words.get(lang)
        lead = rf"(?:{_alt(words)})\s+" if words else ""
        weekday_alts.append(f"{lead}(?:{_alt(cues)})")
    if weekday_alts:
        # the named group covers the lead word too ("Во вторник"): lookup strips it; a day
        # of the month may follow in brackets, as Brazilian news writes "segunda-feira (25)"
        pats.append(
            (
                "weekday",
                rf"(?P<weekday>{'|'.join(weekday_alts)})(?:\s*\((?P<wday>[1-3]?\d)\)(?!\d))?",
            )
        )
    if lex.relative_days:
        pats.append(("relative", f"(?P<relative>{_alt(lex.relative_days)})"))
    if lex.relative_weeks:
        pats.append(("week", f"(?P<week>{_alt(lex.relative_weeks)})"))
    return _DatePatterns(
        patterns=[(k, re.compile(p)) for k, p in pats],
        names=names,
        relative={_norm(k): v for k, v in lex.relative_days.items()},
        weeks={_norm(k): v for k, v in lex.relative_weeks.items()},
    )


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'"))


def _infer_year(month: int, day: int, reference: date, slack: int = _FUTURE_SLACK_DAYS) -> int:
    """The year that puts day/month on or before the reference date (news reports the past),
    `slack` days after it still counting as before."""
    year = reference.year
    try:
        cand = date(year, month, day)
    except ValueError:
        return year
    if cand > reference + timedelta(days=slack):
        return year - 1
    return year


def _resolve(
    kind: str,
    m: re.Match[str],
    pats: _DatePatterns,
    published: date | None,
    year_ref: date | None,
    weekday_ref: date | None = None,
):
    """(value, precision, year given in the text) or None when the date cannot be placed."""
    g = m.groupdict()
    if kind == "relative":
        if not published:
            return None
        d = published + timedelta(days=pats.relative.get(_norm(g["relative"]), 0))
        return d.isoformat(), "day", True
    if kind == "week":
        if not published:
            return None
        d = published + timedelta(weeks=pats.weeks.get(_norm(g["week"]), 0))
        return d.isoformat(), "week", True
    if kind == "weekday" and g.get("wday"):
        kind, g = "cjk_day", {"day": g["wday"]}  # "segunda-feira (25)": the 25th
    if kind == "cjk_day":
        ref = published or year_ref
        if not ref:
            return None
        day = int(g["day"])
        y, mo = ref.year, ref.month
        if day > ref.day + _FUTURE_SLACK_DAYS:  # a day after the report: the month before
            y, mo = (y - 1, 12) if mo == 1 else (y, mo - 1)
        try:
            return date(y, mo, day).isoformat(), "day", bool(published)
        except ValueError:
            return None
    if kind == "weekday":
        wd = lookup(pats.names.weekdays, g["weekday"].split()[-1])
        if wd is None:
            return None
        if not published:
            # no publication date: only the weekday of the article's own latest day
            # ("dimanche 4 octobre" … "annoncé dimanche") can be told
            if weekday_ref is not None and weekday_ref.weekday() == wd:
                return weekday_ref.isoformat(), "day", True
            return None
        delta = (published.weekday() - wd) % 7
        return (published - timedelta(days=delta)).isoformat(), "day", True
    month = (
        int(g["mnum"])
        if g.get("mnum")
        else lookup(pats.names.months, g["month"])
        if g.get("month")
        else None
    )
    year = int(g["year"]) if g.get("year") else None
    if kind == "year":
        return (f"{year:04d}", "year", True) if year else None
    if month is None or not 1 <= month <= 12:
        return None
    ref = published or year_ref
    if kind in ("month_year", "iso_month"):
        return f"{year:04d}-{month:02d}", "month", True
    if kind == "month_alone":
        if not ref:
            return None
        y = ref.year if month <= ref.month else ref.year - 1
        return f"{y:04d}-{month:02d}", "month", False
    day = int(g["day"])
    given = year is not None
    if year is None:
        if not ref:
            return None
        # the publication date bounds what a report tells; a date the article itself gives
        # does not: the report was written after it, so its year holds for the months
        # that follow ("July 27, 2022" then "August 3" is 2022)
        year = _infer_year(month, day, ref, _FUTURE_SLACK_DAYS if published else _TEXT_SLACK_DAYS)
    try:
        return date(year, month, day).isoformat(), "day", given
    except ValueError:  # 31 February and the like: not a date
        return None


def find_dates(
    text: str,
    published: str | None,
    folder: str | None = None,
    year_ref: str | None = None,
    weekday_ref: str | None = None,
    languages: tuple[str, ...] = (),
) -> list[DateMention]:
    """Every resolvable date expression in `text`, non-overlapping, in order of position.

    Relative expressions ("yesterday", "on Tuesday") need the publication date; a day and
    month without a year take their year from `published`, else from `year_ref` (the
    article's own dates, see `reference_date`). "Since" words are read in `languages` (the
    article's) when one of them has a file.
    """
    pats = _patterns(folder)
    clex = compiled_lexicon(folder)
    since_tail, since_head = clex.since_for(languages)
    pub = _parse_iso(published)
    ref = _parse_iso(year_ref)
    wref = _parse_iso(weekday_ref)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    has_digit = any(ch.isdigit() for ch in text)
    for kind, pat in pats.patterns:
        if kind in _NEEDS_DIGIT and not has_digit:
            continue
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            res = _resolve(kind, m, pats, pub, ref, wref)
            if res is None:
                continue
            taken.append((m.start(), m.end()))
            since = bool(
                (since_tail and since_tail.search(text[max(0, m.start() - 15) : m.start()]))
                or (since_head and since_head.match(text, m.end()))
            )
            out.append(DateMention(m.start(), m.end(), res[0], res[1], since, res[2]))
    return sorted(out, key=lambda d: d.start)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def month_number(word: str) -> int | None:
    """The month a word names in any of our languages ("September", "сентября"), else None."""
    return lookup(_patterns().names.months, word)
