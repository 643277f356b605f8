"""Month and weekday names for the date finder, taken from dateparser's locale data.

dateparser ships names (and common abbreviations and case forms) for 200 locales, so a new
language needs no list of ours. What we add is how the names may be written in running
text, which dateparser's data does not say:

* abbreviations ("Sept.", "окт", "Oct") only count next to a day or a year number ("17 Oct
  2020"): alone they are ordinary words in too many languages ("mar", "sen", "so");
* inflected month names ("в сентябре", "у вересні", "dekabrın", "Eylül'de") are matched by
  stem: the name minus its last letter, plus any ending, which covers the case endings of
  the Slavic, Armenian and Turkic languages without listing them;
* weekday names are taken in full only; a language file may require a preposition before
  them (`weekday_words`: Russian "в среду", where "среду" alone is "environment") and may
  exclude names that are common words there (`date_name_skip`: Azerbaijani "bazar").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# dateparser's locale keys, in calendar order
_FIRST_HALF = ("january", "february", "march", "april", "may", "june")
MONTH_KEYS = _FIRST_HALF + ("july", "august", "september", "october", "november", "december")
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# names at least this long are also matched by stem (see the module docstring)
_STEM_MIN = 5


@dataclass(frozen=True)
class DateNames:
    """Names as cues in the language files' syntax (`lexicon.cue_alternation`: a trailing
    `*` allows an ending, a capital letter makes the cue case-sensitive), so the date finder
    compiles them with the same fast alternation as every other cue list."""

    months: dict[str, int]  # lower-cased name -> 1..12
    weekdays: dict[str, int]  # lower-cased name -> 0 (Monday)..6
    month_cues: list[str]  # full names and stems, abbreviations with and without "."
    month_full_cues: list[str]  # full names and stems only (a month with no number)
    weekday_cues: dict[str, list[str]]  # language -> its weekday names


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
    full_cues: list[str] = []
    abbr_cues: list[str] = []
    weekday_cues: dict[str, list[str]] = {}
    for lang in languages:
        info = _locale_info(lang)
        case = str.title if lang in capitalised else str.lower
        for number, key in enumerate(MONTH_KEYS, start=1):
            full, abbr = _full_and_abbreviated(info.get(key, []))
            for name in full:
                if name in skip:
                    continue
                months.setdefault(name, number)
                full_cues.append(case(name))
                if len(name) >= _STEM_MIN:
                    full_cues.append(case(name[:-1]) + "*")
            for name in abbr:
                months.setdefault(name, number)
                abbr_cues.extend([case(name), case(name) + "."])
        for number, key in enumerate(WEEKDAY_KEYS):
            full, _ = _full_and_abbreviated(info.get(key, []))
            longest = max((len(n) for n in full), default=0)
            for name in full:
                if len(name) <= 0.6 * longest:  # "втр", "çrs": abbreviations dateparser lists
                    continue
                if name in skip:
                    continue
                weekdays.setdefault(name, number)
                weekday_cues.setdefault(lang, []).append(case(name))
    return DateNames(
        months=months,
        weekdays=weekdays,
        month_cues=full_cues + abbr_cues,
        month_full_cues=full_cues,
        weekday_cues=weekday_cues,
    )


def lookup(table: dict[str, int], surface: str) -> int | None:
    """The number for a surface form, also for stems ("сентябре" -> 9) and for names with
    a time of day glued on ("dienstagabend" -> 1)."""
    s = re.sub(r"['’].*$", "", surface.lower()).rstrip(".")
    if s in table:
        return table[s]
    for name, number in table.items():
        if len(name) >= _STEM_MIN and s.startswith(name):
            return number
    for name, number in table.items():
        if len(name) >= _STEM_MIN and s.startswith(name[:-1]):
            return number
    return None
