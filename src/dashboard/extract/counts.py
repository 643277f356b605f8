"""People counts with their qualifier ("plus de 2 000 civils", "about 100,000", "более 2 тыс.").

A number only counts when a people noun follows it closely (civils, people, человек, …):
a bare number in a news sentence is as often a year, a distance or a vehicle count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dashboard.extract.lexicon import CJK, compiled_lexicon, is_cjk

# thousands separated by space, no-break space, thin space, comma or dot ("2 000", "100,000",
# "28.000"), or a plain integer, or a decimal when a multiplier follows ("2,5 тыс.")
# (an ideograph may stand right before the number: Chinese has no spaces, "有6650多名")
_NUMBER = (
    rf"(?<![.,])(?<![^\W{CJK}])"
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?![.,]?\d)|\d+(?:[.,]\d+)?)"
)
# words allowed between the number (or its multiplier) and the people noun ("ethnic", "de")
_GAP_WORDS = 2
MAX_COUNT = 10_000_000  # more people than the whole region: a misreading, not a figure


@dataclass(frozen=True)
class CountMention:
    start: int
    end: int
    value: int
    qualifier: str  # exact | more_than | at_least | about | up_to


@lru_cache(maxsize=4)
def _number_pattern(folder: str | None = None) -> re.Pattern[str]:
    lex = compiled_lexicon(folder).lex
    mults = sorted(lex.count_multipliers, key=len, reverse=True)
    # a word multiplier may take a case ending (Turkish "47 bini aştı", "bine"): up to
    # three letters more, never a longer word ("binlerce" is "thousands of")
    mult = "|".join(
        re.escape(m)
        + (
            r"(?:[^\W\d]{0,3})(?!\w)"
            if len(m) >= 3 and m.isalpha()
            else r"(?!\w)"
            if m[-1].isalnum() and not is_cjk(m[-1])
            else ""
        )
        for m in mults
    )
    # "47 bin 115" (Turkish), "47 тысяч 115": the hundreds after the multiplier add up
    rest = r"(?:[ \u00a0\u202f]+(?P<rest>\d{1,3})(?![\d.,]\d))?"
    return re.compile(rf"{_NUMBER}(?:[ \u00a0\u202f]*(?P<mult>{mult}){rest})?")


def _to_int(num: str, mult: str | None, multipliers: dict[str, int]) -> int | None:
    factor = 1
    if mult:
        # the multiplier as written, or the one its case ending was added to ("bini")
        factor = multipliers.get(mult) or next(
            (
                v
                for k, v in sorted(multipliers.items(), key=lambda kv: -len(kv[0]))
                if mult.startswith(k)
            ),
            1,
        )
    try:
        if re.fullmatch(r"\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+", num) and not (
            mult and re.fullmatch(r"\d{1,3}[.,]\d{3}", num) and factor > 1
        ):
            value = int(re.sub(r"\D", "", num))
        else:
            value = float(num.replace(",", "."))
        out = int(round(value * factor))
    except (ValueError, OverflowError):
        # not a number, or far too long to be a count: int() refuses more than 4,300
        # digits (ValueError) and a 400-digit float is infinite (OverflowError on round)
        return None
    return out if 0 < out <= MAX_COUNT else None


def find_counts(
    text: str,
    exclude: list[tuple[int, int]] = (),
    folder: str | None = None,
    languages: tuple[str, ...] = (),
) -> list[CountMention]:
    """Counts of people in `text`, skipping spans in `exclude` (dates already read);
    qualifiers ("more than") are read in `languages` when one of them has a file."""
    clex = compiled_lexicon(folder)
    quals = clex.qualifiers_for(languages)
    if clex.count_nouns is None:
        return []
    out: list[CountMention] = []
    for m in _number_pattern(folder).finditer(text):
        if any(m.start() < e and s < m.end() for s, e in exclude):
            continue
        if (
            not _noun_follows(text, m.end(), clex)
            and not _toll_before(text, m.start(), clex)
            and not _number_of_before(text, m.start(), clex)
        ):
            continue
        value = _to_int(m.group("num"), m.group("mult"), clex.lex.count_multipliers)
        if value is None:
            continue
        if m.group("rest") and value % 1000 == 0:
            value += int(m.group("rest"))
        out.append(CountMention(m.start(), m.end(), value, _qualifier(text, m.start(), quals)))
    if clex.number_words is not None:
        # "three civilians", "двое мирных жителей": small counts are written in words
        words = {k.lower(): v for k, v in clex.lex.number_words.items()}
        for m in clex.number_words.finditer(text):
            value = words.get(m.group().lower())
            if not value or not _noun_follows(text, m.end(), clex):
                continue
            if any(m.start() < c.end and c.start < m.end() for c in out):
                continue
            out.append(CountMention(m.start(), m.end(), value, _qualifier(text, m.start(), quals)))
        out.sort(key=lambda c: c.start)
    return _people_in_brackets(text, out)


# "20 families (86 people)", "20 семей (86 человек)": the figure in brackets counts the people
_BRACKETED = re.compile(r"\s*[^\W\d]+\s*\(\s*")


def _people_in_brackets(text: str, counts: list[CountMention]) -> list[CountMention]:
    """Drop a count of families or households whose people are counted right after it in
    brackets: the GUIDE counts people, and the nearer figure would otherwise win."""
    return [
        c
        for i, c in enumerate(counts)
        if i + 1 == len(counts) or not _BRACKETED.fullmatch(text, c.end, counts[i + 1].start)
    ]


def _toll_before(text: str, start: int, clex) -> bool:
    """ "the death toll rose to 27", "զոհերի թիվը 135 է": the noun came first."""
    if clex.toll_words is None:
        return False
    return clex.toll_words.search(text[max(0, start - 40) : start]) is not None


# how far before a figure "the number of refugees" may stand ("… who fled the region, rose
# to 42,000"): a relative clause lies between them
_NUMBER_OF_CHARS = 120


def _number_of_before(text: str, start: int, clex) -> bool:
    """ "The number of refugees who fled … rose to 42,000", "liczba Ormian, którzy …
    wzrosła do 42 tysięcy": the people noun came first, after "the number of", with no
    other figure between it and this one."""
    if clex.number_of is None:
        return False
    lo = max(0, start - _NUMBER_OF_CHARS)
    before = text[lo:start]
    for m in clex.number_of.finditer(before):
        if _noun_follows(before, m.end(), clex) and not re.search(r"\d", before[m.end() :]):
            return True
    return False


def _noun_follows(text: str, end: int, clex) -> bool:
    """A people noun within _GAP_WORDS words after the number ("ethnic", "de", "мирных")."""
    tail = text[end : end + 60]
    pos = 0
    for _ in range(_GAP_WORDS + 1):
        rest = tail[pos:].lstrip()
        if clex.count_nouns.match(rest):
            return True
        step = re.match(r"\s*\S+", tail[pos:])
        if not step:
            return False
        pos += step.end()
    return False


def _qualifier(text: str, start: int, quals: list[tuple[str, re.Pattern[str]]]) -> str:
    before = text[max(0, start - 40) : start]
    for qual, pat in quals:
        if pat.search(before):
            return qual
    return "exact"
