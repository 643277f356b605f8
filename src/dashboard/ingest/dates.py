"""Finding and normalising publication dates to YYYY-MM-DD.

Two jobs:

* `find_date(line)` finds a date written in a common format inside a short line (a byline
  such as "Reuters 20/09/2023" or "20 сентября 2023, 14:30") and says where it is, so the
  caller can read the outlet name glued to it. Finding uses restricted patterns; month and
  weekday names come from dateparser's locale data, so no name list lives in this code.
* `normalise_date(value)` turns a date given in any common format (a JSON field) into
  YYYY-MM-DD, using the fast patterns first and dateparser as the fallback.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from dashboard.ingest.knowledge import languages

# Languages whose month and weekday names are read from dateparser's locales
# (data/ingest/languages.json, "date_names").
NAME_LANGUAGES = languages()["date_names"]

_WORD = r"[^\W\d_][^\W\d_'’]*\.?"  # a word of letters, optionally abbreviated with "."
_NUMERIC_DMY = re.compile(r"(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?![\d/-])")
_NUMERIC_YMD = re.compile(r"(?<![\d.:/-])(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?![\d/-])")
_CJK_YMD = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DAY_MONTH_YEAR = re.compile(
    rf"(?<![\d.])(\d{{1,2}})\.?\s+(?:de\s+)?({_WORD})(?:\s*,\s*|\s+)(?:de\s+|del\s+)?(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_MONTH_DAY_YEAR = re.compile(
    rf"(?<![^\W\d_])({_WORD})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")

MIN_YEAR = 1990


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    iso: str  # YYYY-MM-DD


def _clean_name(name: str) -> str:
    return name.casefold().rstrip(".").strip()


@cache
def month_names() -> dict[str, int]:
    """Month name (case-folded, without trailing ".") → month number, for NAME_LANGUAGES."""
    from dateparser.languages.loader import default_loader

    months = (
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    )
    table: dict[str, int] = {}
    for code in NAME_LANGUAGES:
        try:
            info = default_loader.get_locale(code).info
        except Exception:  # an unknown locale in this dateparser version: skip it
            continue
        for number, key in enumerate(months, start=1):
            for name in info.get(key, []):
                cleaned = _clean_name(name)
                if cleaned and not cleaned.isdigit() and " " not in cleaned:
                    table.setdefault(cleaned, number)
    return table


@cache
def weekday_names() -> frozenset[str]:
    """Weekday names and abbreviations (case-folded, without trailing ".")."""
    from dateparser.languages.loader import default_loader

    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    names: set[str] = set()
    for code in NAME_LANGUAGES:
        try:
            info = default_loader.get_locale(code).info
        except Exception:
            continue
        for key in days:
            names.update(_clean_name(n) for n in info.get(key, []) if len(n) > 1)
    return frozenset(names)


@cache
def unit_words() -> frozenset[str]:
    """Words for year, hour and minute and the AM/PM marks (case-folded, without a trailing
    "."): "року", "г.", "saat" in "3 жовтня 2023 року, 14:05" belong to the date."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    for code in NAME_LANGUAGES:
        try:
            info = default_loader.get_locale(code).info
        except Exception:  # an unknown locale in this dateparser version: skip it
            continue
        for key in ("year", "hour", "minute", "am", "pm"):
            names.update(_clean_name(n) for n in info.get(key, []))
    names.discard("")
    return frozenset(names)


def _valid(year: int, month: int, day: int) -> str | None:
    if not MIN_YEAR <= year <= dt.date.today().year + 1:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _numeric_dmy(first: int, second: int, year: int) -> str | None:
    # Day first is the common order; month first only when the day-first reading is impossible.
    return _valid(year, second, first) or _valid(year, first, second)


def _month_number(word: str) -> int | None:
    return month_names().get(_clean_name(word))


def find_date(line: str) -> DateMatch | None:
    """The first date in `line` written in a common format, or None."""
    found: list[DateMatch] = []
    for m in _NUMERIC_YMD.finditer(line):
        iso = _valid(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if iso:
            found.append(DateMatch(m.start(), m.end(), iso))
            break
    for m in _NUMERIC_DMY.finditer(line):
        iso = _numeric_dmy(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        if iso:
            found.append(DateMatch(m.start(), m.end(), iso))
            break
    for m in _CJK_YMD.finditer(line):
        iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            found.append(DateMatch(m.start(), m.end(), iso))
            break
    for m in _DAY_MONTH_YEAR.finditer(line):
        month = _month_number(m.group(2))
        iso = month and _valid(int(m.group(3)), month, int(m.group(1)))
        if iso:
            found.append(DateMatch(m.start(), m.end(), iso))
            break
    for m in _MONTH_DAY_YEAR.finditer(line):
        month = _month_number(m.group(1))
        iso = month and _valid(int(m.group(3)), month, int(m.group(2)))
        if iso:
            found.append(DateMatch(m.start(), m.end(), iso))
            break
    return min(found, key=lambda d: d.start) if found else None


@lru_cache(maxsize=4096)
def _dateparser_iso(text: str, parts: tuple[str, ...] = ("day", "month", "year")) -> str | None:
    """The date dateparser reads in `text`, if it has every one of `parts`: a month without
    a day is not made the 1st of that month (see normalise_month)."""
    import dateparser

    try:
        parsed = dateparser.parse(
            text,
            settings={
                "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "REQUIRE_PARTS": list(parts),
            },
        )
    except Exception:  # dateparser can raise on odd input; a bad date is just no date
        return None
    if parsed is None:
        return None
    return _valid(parsed.year, parsed.month, parsed.day if "day" in parts else 1)


def normalise_date(value: object) -> str | None:
    """YYYY-MM-DD for a date given as text in any common format (or a Unix timestamp)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            day = dt.datetime.fromtimestamp(float(value), tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            return None
        return _valid(day.year, day.month, day.day)
    text = str(value).strip()
    if not text or len(text) > 200:
        return None
    m = _ISO_PREFIX.match(text)
    if m:
        iso = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            return iso
    found = find_date(text)
    if found:
        return found.iso
    return _dateparser_iso(text)


def normalise_month(value: object) -> str | None:
    """YYYY-MM for a month given without a day ("2023-10", "October 2023"), else None."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        return None
    m = _ISO_MONTH.match(value)
    iso = (
        _valid(int(m.group(1)), int(m.group(2)), 1)
        if m
        else _dateparser_iso(value.strip(), ("month", "year"))
    )
    return iso[:7] if iso else None
