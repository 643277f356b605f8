"""Month and weekday names for the date finder, taken from dateparser's locale data.

dateparser ships names (and common abbreviations and case forms) for 200 locales, so a new
language needs no list of ours. What we add is how the names may be written in running
text, which dateparser's data does not say:

* abbreviations ("Sept.", "окт", "Oct") only count next to a day or a year number ("17 Oct
  2020"): alone they are ordinary words in too many languages ("mar", "sen", "so");
* inflected month names ("в сентябре", "у вересні", "dekabrın", "Eylül'de") are matched by
  stem: the name minus its last letter, plus up to three letters, which covers the case
  endings of the Slavic, Armenian and Turkic languages without listing them;
* weekday names are taken in full only; a language file may require a preposition before
  them (`weekday_words`: Russian "в среду", where "среду" alone is "environment") and may
  exclude names that are common words there (`date_name_skip`: Azerbaijani "bazar").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MONTH_KEYS = (
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
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# names at least this long are also matched by stem (see the module docstring)
_STEM_MIN = 5
_STEM_TAIL = r"\w{0,3}"


@dataclass(frozen=True)
class DateNames:
    months: dict[str, int]  # lower-cased surface (full stop kept for abbreviations) -> 1..12
    weekdays: dict[str, int]  # lower-cased surface -> 0 (Monday)..6
    month_pattern: str  # regex alternation of every month form, abbreviations included
    month_full_pattern: str  # full names and their stems only (a month with no number)
    weekday_patterns: dict[str, str]  # language -> regex alternation of its weekday names


def _locale_info(lang: str) -> dict:
    from dateparser.languages.loader import default_loader

    try:
        return default_loader.get_locale(lang).info
    except Exception:  # a language dateparser does not know: no names from it
        return {}


def _full_and_abbreviated(names: list[str]) -> tuple[list[str], list[str]]:
    """Split one month's names: a name that starts another, longer name is an abbreviation."""
    low = sorted({n.lower().rstrip(".") for n in names if n and not n.isdigit()}, key=len)
    full, abbr = [], []
    for n in low:
        if len(n) < 3:
            continue
        (abbr if any(o != n and o.startswith(n) for o in low) else full).append(n)
    return full, abbr


@lru_cache(maxsize=8)
def date_names(
    languages: tuple[str, ...],
    skip: frozenset[str] = frozenset(),
    capitalised: frozenset[str] = frozenset(),
) -> DateNames:
    """Names for `languages` (ISO 639-1), minus `skip`; languages in `capitalised` write
    months and weekdays with a capital letter (English, German), which keeps the verb
    "may" from being a month."""
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    month_parts: list[str] = []
    abbr_parts: list[str] = []
    weekday_parts: dict[str, list[str]] = {}
    for lang in languages:
        info = _locale_info(lang)
        for number, key in enumerate(MONTH_KEYS, start=1):
            full, abbr = _full_and_abbreviated(info.get(key, []))
            for name in full:
                if name in skip:
                    continue
                months.setdefault(name, number)
                month_parts.append(_form(name, lang in capitalised, stem=len(name) >= _STEM_MIN))
            for name in abbr:
                months.setdefault(name, number)
                abbr_parts.append(_form(name, lang in capitalised, stem=False, dot=True))
        for number, key in enumerate(WEEKDAY_KEYS):
            full, _ = _full_and_abbreviated(info.get(key, []))
            longest = max((len(n) for n in full), default=0)
            for name in full:
                if len(name) <= 0.6 * longest:  # "втр", "çrs": abbreviations dateparser lists
                    continue
                if name in skip:
                    continue
                weekdays.setdefault(name, number)
                weekday_parts.setdefault(lang, []).append(
                    _form(name, lang in capitalised, stem=False, end=False)
                )
    return DateNames(
        months=months,
        weekdays=weekdays,
        month_pattern=_alternation(month_parts + abbr_parts),
        month_full_pattern=_alternation(month_parts),
        weekday_patterns={lang: _alternation(parts) for lang, parts in weekday_parts.items()},
    )


def _form(name: str, capital: bool, stem: bool, dot: bool = False, end: bool = True) -> str:
    """The regex for one name: case-insensitive unless the language capitalises it; an
    abbreviation (`dot`) may carry its full stop ("Sept.", "Oct")."""
    body = re.escape(name[:-1]) + _STEM_TAIL if stem else re.escape(name)
    if capital:
        head = re.escape(name[:1].upper())
        rest = body[len(re.escape(name[:1])) :]
        out = f"{head}(?i:{rest})" if rest else head
    else:
        out = f"(?i:{body})"
    # a name is a whole word; a full stop ends an abbreviation by itself
    if not end:  # the caller closes the word (weekdays may take a suffix: "Dienstagabend")
        return rf"(?<!\w){out}"
    return rf"(?<!\w){out}" + (r"(?:\.|(?!\w))" if dot else r"(?!\w)")


def _alternation(parts: list[str]) -> str:
    # longest first so that "сентября" wins over "сент." and full names over stems
    uniq = sorted(set(parts), key=lambda p: (-len(p), p))
    return "|".join(uniq)


def lookup(table: dict[str, int], surface: str) -> int | None:
    """The number for a surface form, also for stems ("сентябре" -> 9)."""
    s = re.sub(r"['’].*$", "", surface.lower()).rstrip(".")
    if s in table:
        return table[s]
    for name, number in table.items():
        if len(name) >= _STEM_MIN and s.startswith(name[:-1]):
            return number
    return None
