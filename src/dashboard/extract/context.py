"""What every extractor needs to know about one sentence, computed once per sentence.

Dates, counts, places, actors and speakers are found once here, so that the event and
statement extractors only decide how to combine them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dashboard.extract.counts import CountMention, find_counts
from dashboard.extract.dates import DateMention, find_dates
from dashboard.extract.gazetteer import Gazetteer, PlaceMention
from dashboard.extract.lexicon import CompiledLexicon
from dashboard.extract.sentences import Sentence

# clause boundaries inside a sentence: a fronted date ("Le 20 septembre, ...") belongs to the
# whole sentence, a date inside a later clause only to that clause
_FRONT_MAX = 80  # a fronted clause longer than this is a clause of its own, not a dateline
# a date after the cue, beyond its clause, still dates it when this close ("Strikes shook
# the city, on Sunday 4 October"); further on it dates something else
_AFTER_MAX = 80
_CLAUSE = re.compile(r"[,;:()]|\s[—–-]\s")


@dataclass
class SentenceContext:
    sentence: Sentence
    places: list[PlaceMention]  # offsets relative to the sentence
    dates: list[DateMention]
    counts: list[CountMention]
    actors: list[tuple[int, str]] = field(default_factory=list)  # (offset, canonical actor)
    clause_bounds: list[int] = field(default_factory=list)
    paragraph: int = 0  # index of the paragraph the sentence belongs to
    languages: tuple[str, ...] = ()  # the article's, for the words read per language

    @property
    def text(self) -> str:
        return self.sentence.text

    def clause_of(self, pos: int) -> tuple[int, int]:
        start, end = 0, len(self.text)
        for b in self.clause_bounds:
            if b <= pos:
                start = b
            else:
                end = b
                break
        return start, end

    def fronted_date(self, dates: list[DateMention]) -> DateMention | None:
        """A date opening the sentence, before its first clause boundary, rules it all."""
        if not dates or dates[0] is not (self.dates[0] if self.dates else None):
            return None
        first = dates[0]
        first_bound = self.clause_bounds[0] if self.clause_bounds else len(self.text)
        if first.end <= first_bound <= _FRONT_MAX:
            return first
        return None

    def date_for(
        self, pos: int, latest: str | None = None, allow_since: bool = True
    ) -> DateMention | None:
        """The date governing position `pos`: its own clause's, the fronted one, or the
        nearest one before it ("depuis décembre 2022, lorsqu'un groupe a bloqué ...").

        Dates after `latest` (the publication date) are plans, not events, and are skipped;
        so are "since" dates when the caller reports a running total.
        """
        dates = [
            d
            for d in self.dates
            if (allow_since or not d.since) and (not latest or d.value[: len(latest)] <= latest)
        ]
        start, end = self.clause_of(pos)
        # "from 1 January 2024" after "on 28 September": a start still to come, not the date
        # of what the sentence reports
        firm = [d for d in dates if not d.since]
        dates = [d for d in dates if not d.since or all(d.value <= f.value for f in firm)]
        same = [d for d in dates if start <= d.start < end]
        if same:
            return min(same, key=lambda d: abs(d.start - pos))
        fronted = self.fronted_date(dates)
        if fronted:
            return fronted
        before = [d for d in dates if d.end <= pos]
        if before:
            return before[-1]
        # "Strikes shook the city, on Sunday 4 October": a date after the cue still dates it
        after = [d for d in dates if pos <= d.start <= pos + _AFTER_MAX and not d.since]
        return after[0] if after else None


def build_context(
    sentence: Sentence,
    published: str | None,
    gazetteer: Gazetteer,
    clex: CompiledLexicon,
    paragraph: int = 0,
    year_ref: str | None = None,
    weekday_ref: str | None = None,
    languages: tuple[str, ...] = (),
) -> SentenceContext:
    text = sentence.text
    dates = find_dates(
        text, published, year_ref=year_ref, weekday_ref=weekday_ref, languages=languages
    )
    counts = find_counts(text, exclude=[(d.start, d.end) for d in dates], languages=languages)
    places = gazetteer.find(text)
    actors: list[tuple[int, str]] = []
    any_actor, by_actor = clex.actors_for(languages)
    if any_actor is None or any_actor.search(text) is not None:
        for name, pat in by_actor.items():
            actors.extend((m.start(), name) for m in pat.finditer(text))
    for pm in places:
        if pm.entry.kind == "country":
            actors.append((pm.start, pm.entry.name))
    bounds = [m.start() for m in _CLAUSE.finditer(text)]
    return SentenceContext(
        sentence=sentence,
        places=places,
        dates=dates,
        counts=counts,
        actors=sorted(actors),
        clause_bounds=bounds,
        paragraph=paragraph,
        languages=languages,
    )
