"""Date expressions in a sentence, resolved against the article's publication date.

News dates are mostly partial ("le 20 septembre", "во вторник", "yesterday"): the year and the
weekday arithmetic come from the publication date. We find the spans with patterns built from
the per-language month and weekday lists, then resolve them with the standard library:
dateparser's `search_dates` was tried for finding spans, but it is slow (tens of ms per
sentence) and reads thousands figures such as "2 000" as dates, which costs precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from dashboard.extract.lexicon import compiled_lexicon, cue_alternation

# how far after the publication date an inferred year may land before we take the year before
_FUTURE_SLACK_DAYS = 2


_NEEDS_DIGIT = {"iso", "numeric", "day_month", "month_day", "month_year", "year"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    value: str  # YYYY-MM-DD | YYYY-MM | YYYY
    precision: str  # day | month | year
    since: bool = False  # "depuis décembre 2022": the start of something still going on


def _alt(forms) -> str:
    return cue_alternation(forms)


@dataclass
class _DatePatterns:
    patterns: list[tuple[str, re.Pattern[str]]]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]


@lru_cache(maxsize=4)
def _patterns(folder: str | None = None) -> _DatePatterns:
    lex = compiled_lexicon(folder).lex
    month = f"(?P<month>{_alt(lex.months)})"
    day_suffix = "|".join(re.escape(s) for s in sorted(lex.day_suffixes, key=len, reverse=True))
    day = rf"(?P<day>[0-3]?\d)(?:{day_suffix})?" if day_suffix else r"(?P<day>[0-3]?\d)"
    year = r"(?P<year>(?:19|20)\d{2})(?!\d)"
    ysuf = "|".join(re.escape(s) for s in sorted(lex.year_suffixes, key=len, reverse=True))
    year_tail = rf"(?:\s*(?:{ysuf}))?" if ysuf else ""
    de = r"(?:\s+de)?"  # Spanish "28 de septiembre de 2023"
    ywords = _alt(lex.year_words)
    pats = [
        ("iso", r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?!\d)"),
        (
            "numeric",
            r"(?<![\d.])(?P<day>[0-3]?\d)[./](?P<mnum>[01]?\d)[./](?P<year>(?:19|20)\d{2})(?!\d)",
        ),
        ("day_month", rf"(?<![\d\w]){day}{de}\s*{month}(?:,?{de}\s+{year}{year_tail})?"),
        ("month_day", rf"{month}\s+{day}(?![\d\w])(?:,?\s+{year})?"),
        ("month_year", rf"{month}{de}\s+{year}{year_tail}"),
        ("year", rf"(?:{ywords})\s+{year}{year_tail}"),
    ]
    if lex.weekdays:
        pats.append(("weekday", f"(?P<weekday>{_alt(lex.weekdays)})"))
    if lex.relative_days:
        pats.append(("relative", f"(?P<relative>{_alt(lex.relative_days)})"))
    return _DatePatterns(
        patterns=[(k, re.compile(p)) for k, p in pats],
        months={k.lower(): v for k, v in lex.months.items()},
        weekdays={k.lower(): v for k, v in lex.weekdays.items()},
        relative={k.lower().replace("’", "'"): v for k, v in lex.relative_days.items()},
    )


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower().replace("’", "'"))


def _infer_year(month: int, day: int, published: date) -> int:
    year = published.year
    try:
        cand = date(year, month, day)
    except ValueError:
        return year
    if cand > published + timedelta(days=_FUTURE_SLACK_DAYS):
        return year - 1
    return year


def _resolve(kind: str, m: re.Match[str], pats: _DatePatterns, published: date | None):
    g = m.groupdict()
    if kind == "relative":
        if not published:
            return None
        d = published + timedelta(days=pats.relative.get(_norm(g["relative"]), 0))
        return d.isoformat(), "day"
    if kind == "weekday":
        if not published:
            return None
        wd = pats.weekdays.get(_norm(g["weekday"]))
        if wd is None:
            return None
        delta = (published.weekday() - wd) % 7
        return (published - timedelta(days=delta)).isoformat(), "day"
    month = (
        int(g["mnum"])
        if g.get("mnum")
        else pats.months.get(g["month"].lower())
        if g.get("month")
        else None
    )
    year = int(g["year"]) if g.get("year") else None
    if kind == "year":
        return (f"{year:04d}", "year") if year else None
    if month is None or not 1 <= month <= 12:
        return None
    if kind == "month_year":
        return f"{year:04d}-{month:02d}", "month"
    day = int(g["day"])
    if year is None:
        if not published:
            return None
        year = _infer_year(month, day, published)
    try:
        return date(year, month, day).isoformat(), "day"
    except ValueError:  # 31 February and the like: not a date
        return None


def find_dates(text: str, published: str | None, folder: str | None = None) -> list[DateMention]:
    """Every resolvable date expression in `text`, non-overlapping, in order of position."""
    pats = _patterns(folder)
    since_tail = compiled_lexicon(folder).since_tail
    pub = _parse_iso(published)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    has_digit = any(ch.isdigit() for ch in text)
    for kind, pat in pats.patterns:
        if kind in _NEEDS_DIGIT and not has_digit:
            continue
        for m in pat.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            res = _resolve(kind, m, pats, pub)
            if res is None:
                continue
            taken.append((m.start(), m.end()))
            since = bool(since_tail and since_tail.search(text[max(0, m.start() - 15) : m.start()]))
            out.append(DateMention(m.start(), m.end(), res[0], res[1], since))
    return sorted(out, key=lambda d: d.start)


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
