"""Event reports as the incident grouping sees them: one stored event with its article's
outlet, language and publication date, and the span of days it may have happened in.

A report's span follows its time precision: a day is one day, a month its whole month, a
report whose text gave no date ("reported") the days just before its publication. Spans
are day numbers (proleptic ordinals) so that comparing them is integer arithmetic.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from dashboard.incidents.places import PlaceKey
from dashboard.incidents.rules import Rules

# every column a report needs, from events `e` joined to articles `a`
REPORT_EVENT_COLUMNS = (
    "e.id, e.article_id, e.type, e.date_start, e.date_precision, e.time_precision, "
    'e.date_source, e.place, e.lat, e.lon, e.geo_precision, e."count"'
)
REPORT_ARTICLE_COLUMNS = "a.outlet, a.language, a.published"
REPORT_COLUMNS = f"{REPORT_EVENT_COLUMNS}, {REPORT_ARTICLE_COLUMNS}"
REPORT_SQL = f"SELECT {REPORT_COLUMNS} FROM events e JOIN articles a ON a.id = e.article_id"
# finest first: the order in which a rebuild lets reports found incidents
PRECISION_RANK = {"day": 0, "week": 1, "reported": 2, "month": 3, "year": 4}
_KIND_GEO = {"city": 1, "site": 1, "region": 2, "route": 2, "country": 3}


@dataclass(slots=True)
class Report:
    event_id: str
    article_id: str
    type: str
    precision: str | None  # day | week | reported | month | year; None: undated
    lo: int | None  # first and last day it may have happened (ordinals)
    hi: int | None
    shown_lo: int | None  # the dates it states (a "reported" one: its publication day)
    shown_hi: int | None
    place: str | None
    lat: float | None
    lon: float | None
    geo: int | None  # 1 town, 2 region, 3 country; None without a place
    count: int | None
    outlet: str | None
    language: str | None
    published: int | None  # ordinal of the article's publication day
    rank: int = 9  # PRECISION_RANK of `precision` (9: undated)
    # a report of an ongoing state that is an episode at one town (see `is_episode`)
    episode: bool = False
    key: PlaceKey | None = None  # its place as the grouping compares places


_KEYS: dict[tuple, PlaceKey] = {}  # one PlaceKey object per place (a corpus repeats them)


def _place_key(place: str | None, lat: float | None, lon: float | None, geo: int | None):
    if not place:
        return None
    raw = (place, lat, lon, geo or 2)
    key = _KEYS.get(raw)
    if key is None:
        key = _KEYS[raw] = PlaceKey(*raw)
    return key


def place_key_of(
    place: str | None, lat: float | None, lon: float | None, geo: int | None
) -> PlaceKey | None:
    """The place key of a stored place (an incident's best place): the one object the
    reports of that place share."""
    return _place_key(
        place, _number(lat), _number(lon), int(geo) if geo is not None and geo == geo else None
    )


def is_episode(type_: str, geo: int | None, count: int | None, rules: Rules) -> bool:
    """Whether a report of an ongoing state (a blockade, an exodus) tells of one episode
    at one town (a checkpoint set up at a bridge, a bus arriving in Goris) rather than
    of the state: placed at a town and stating no figure. An episode is grouped like a
    point happening (days within the tolerance, nearby places), apart from the state.
    A figure (people arrived so far, people cut off) counts the state as a whole,
    wherever the report was filed from, so a report stating one stays with the state."""
    return rules.town_episodes and type_ in rules.ongoing_gap_days and geo == 1 and count is None


def stored_day(value: object) -> date | None:
    """A stored DATE as a date (DuckDB may hand back a datetime, pandas a Timestamp or
    NaT, a JSON value an ISO string)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    try:  # pandas Timestamp / NaT
        return None if value != value else value.date()  # type: ignore[attr-defined]
    except AttributeError:
        return None


def stored_ordinal(value: object) -> int | None:
    """A stored DATE as the day number reports keep (`date.toordinal`)."""
    day = stored_day(value)
    return day.toordinal() if day is not None else None


def ordinal_day(ordinal: int | None) -> date | None:
    """A report's day number back as the date a row stores."""
    return date.fromordinal(ordinal) if ordinal is not None else None


def _precision(time_precision: str | None, date_precision: str | None, source: str | None):
    if time_precision in PRECISION_RANK:
        return time_precision
    if source == "published":
        return "reported"
    return date_precision if date_precision in PRECISION_RANK else "day"


def _number(value: object) -> float | None:
    if value is None or value != value:  # NULL or NaN
        return None
    return float(value)  # type: ignore[arg-type]


@lru_cache(maxsize=1 << 16)
def _span(start: date, precision: str, pub: date | None, lookback: int) -> tuple[int, ...]:
    """lo, hi, shown_lo, shown_hi of a report stating `start` at `precision`; cached,
    since a corpus repeats a few thousand (date, precision, publication) triples."""
    d = start.toordinal()
    lo = hi = shown_lo = shown_hi = d
    if precision == "week":
        hi = shown_hi = d + 6
    elif precision == "reported":
        lo = d - lookback
    elif precision == "month":
        days = calendar.monthrange(start.year, start.month)[1]
        hi = shown_hi = date(start.year, start.month, days).toordinal()
    elif precision == "year":
        hi = shown_hi = date(start.year, 12, 31).toordinal()
    if pub is not None and precision in ("month", "year", "week"):
        # nothing is reported before it happens: the span ends at publication
        hi = max(lo, min(hi, pub.toordinal()))
    return lo, hi, shown_lo, shown_hi


def report_from_row(row: tuple, rules: Rules, kinds: dict[str, str]) -> Report:
    """A `REPORT_SQL` row as a Report; `kinds` (place name -> gazetteer kind) stands in
    for a missing geo precision (rows stored before it existed)."""
    (eid, aid, type_, start, date_prec, time_prec, source, place, lat, lon, geo, count) = row[:12]
    outlet, language, published = row[12:15]
    start = stored_day(start)
    pub = stored_day(published)
    precision = lo = hi = shown_lo = shown_hi = None
    if start is not None:
        precision = _precision(time_prec, date_prec, source)
        lo, hi, shown_lo, shown_hi = _span(start, precision, pub, rules.reported_lookback_days)
    lat, lon = _number(lat), _number(lon)
    if geo is not None and geo == geo:
        geo = int(geo)
    elif place:
        geo = _KIND_GEO.get(kinds.get(place, ""), 1 if lat is not None else 2)
    else:
        geo = None
    count = None if count is None or count != count else int(count)
    return Report(
        eid,
        aid,
        type_,
        precision,
        lo,
        hi,
        shown_lo,
        shown_hi,
        place or None,
        lat,
        lon,
        geo,
        count,
        outlet,
        language,
        pub.toordinal() if pub is not None else None,
        PRECISION_RANK.get(precision or "", 9),
        is_episode(type_, geo if place else None, count, rules),
        _place_key(place, lat, lon, geo),
    )
