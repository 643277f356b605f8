"""What an incident records, computed from its reports: the row of the `incidents` table.

Best place = the most precise place (a town before a region), most often named; first
reported = the earliest publication; figures = every report's count with who said it,
plus their min, max and latest; conflicts = short readable reasons ("figures 5,000 vs
30,000", "dates 19 vs 20 Sep", "places Stepanakert vs Shusha") so an analyst sees at once
where outlets disagree.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date

from dashboard.incidents.cluster import Incident
from dashboard.incidents.reports import PRECISION_RANK, Report, ordinal_day
from dashboard.incidents.rules import Rules
from dashboard.store.schema import COLUMNS

INCIDENT_COLUMNS = COLUMNS["incidents"]
_NEVER = 10**9  # sorts unpublished reports last


def _iso(ordinal: int | None) -> str | None:
    return date.fromordinal(ordinal).isoformat() if ordinal is not None else None


def date_range(reports: list[Report], ongoing: bool = False) -> tuple[int | None, int | None]:
    """The days stated by the reports of the finest precision present; for an ongoing
    state, by every report that names a day (or week) at all, so a blockade reported
    from December to April spans those months."""
    dated = [r for r in reports if r.shown_lo is not None]
    if not dated:
        return None, None
    finest = min(r.rank for r in dated)
    if ongoing and finest <= PRECISION_RANK["reported"]:
        finest = PRECISION_RANK["reported"]
    chosen = (
        [r for r in dated if r.rank <= finest]
        if ongoing
        else [r for r in dated if r.rank == finest]
    )
    return min(r.shown_lo for r in chosen), max(r.shown_hi for r in chosen)


def best_place(reports: list[Report]) -> Report | None:
    """The report whose place is the most precise, most often named, first published;
    then by place name and event id, so that the choice does not depend on the order the
    reports came in (an incident grown in place lists its new reports last)."""
    placed = [r for r in reports if r.place]
    if not placed:
        return None
    named = Counter(r.place for r in placed)
    return min(
        placed,
        key=lambda r: (
            r.geo or 9,
            -named[r.place],
            r.lat is None,
            r.published or _NEVER,
            r.place,
            r.event_id,
        ),
    )


def first_report(reports: list[Report]) -> Report:
    return min(reports, key=lambda r: (r.published or _NEVER, r.event_id))


def _latest(reports: list[Report]) -> Report:
    return max(reports, key=lambda r: (r.published or 0, r.shown_lo or 0, r.event_id))


def figures(reports: list[Report]) -> list[dict]:
    counted = sorted(
        (r for r in reports if r.count is not None),
        key=lambda r: (r.published or _NEVER, r.shown_lo or 0, r.event_id),
    )
    return [
        {
            "outlet": r.outlet,
            "language": r.language,
            "date": _iso(r.shown_lo),
            "published": _iso(r.published),
            "count": r.count,
            "event_id": r.event_id,
        }
        for r in counted
    ]


def _short_day(a: date, b: date) -> str:
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} vs {b.day} {b:%b}"
    if a.year == b.year:
        return f"{a.day} {a:%b} vs {b.day} {b:%b}"
    return f"{a.isoformat()} vs {b.isoformat()}"


def conflicts(inc: Incident, rules: Rules) -> list[str]:
    """Where the reports disagree: figures further apart than the ratio (per day for an
    ongoing state, whose figures may grow, in order of days), distinct days, distinct
    towns."""
    out: list[str] = []
    ongoing = inc.type in rules.ongoing_types and not inc.episode
    groups: dict[int | None, list[int]] = defaultdict(list)
    for r in inc.reports:
        if r.count is not None and r.count > 0:
            groups[r.shown_lo if ongoing else None].append(r.count)
    # by day (an undated figure last), not by the order the reports came in: an
    # incident grown from its summary (`giants`) has no such order
    for _, counts in sorted(groups.items(), key=_day_first):
        low, high = min(counts), max(counts)
        if high > low * rules.figure_conflict_ratio:
            out.append(f"figures {low:,} vs {high:,}")
    if not ongoing:
        days = sorted({r.shown_lo for r in inc.reports if r.precision == "day"})
        if len(days) > 1:
            out.append("dates " + _short_day(ordinal_day(days[0]), ordinal_day(days[-1])))
    towns = sorted({p.name for p in inc.places.values() if p.geo == 1})
    if len(towns) > 1:
        out.append("places " + " vs ".join(towns))
    return out


def _day_first(item: tuple[int | None, list[int]]) -> tuple[bool, int]:
    return (item[0] is None, item[0] or 0)


def source_lists(reports: list[Report]) -> tuple[str, str]:
    """The incident's `source_languages` and `source_outlets`: its reports' distinct
    languages and outlets as compact JSON lists, sorted (by code point, as the migration
    that fills them sorts: `COLLATE "C"` / DuckDB's byte order); written with the row, so
    a language or outlet filter tests them instead of reading `incident_sources`."""
    languages = sorted({r.language for r in reports if r.language is not None})
    outlets = sorted({r.outlet for r in reports if r.outlet is not None})
    return _json_list(languages), _json_list(outlets)


def _json_list(values: list[str]) -> str:
    # compact, as PostgreSQL's and DuckDB's to_json write a list of text
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


def _lone_row(inc: Incident) -> tuple:
    """`incident_row` of a one-report incident (most of them), without the comparisons."""
    r = inc.reports[0]
    placed = r.place is not None
    figure = figures(inc.reports)
    return (
        inc.incident_id,
        inc.type,
        ordinal_day(r.shown_lo),
        ordinal_day(r.shown_hi),
        r.place,
        r.lat if placed else None,
        r.lon if placed else None,
        r.geo if placed else None,
        1,
        1 if r.outlet else 0,
        1 if r.language else 0,
        r.outlet,
        ordinal_day(r.published),
        r.article_id,
        r.count,
        r.count,
        r.count,
        False,
        "[]",
        json.dumps(figure, ensure_ascii=False) if figure else "[]",
        _json_list([] if r.language is None else [r.language]),
        _json_list([] if r.outlet is None else [r.outlet]),
    )


def incident_row(inc: Incident, rules: Rules) -> tuple:
    """The `incidents` row of `inc`, in INCIDENT_COLUMNS order."""
    return _lone_row(inc) if len(inc.reports) == 1 else full_row(inc, rules)


def full_row(inc: Incident, rules: Rules) -> tuple:
    """`incident_row` computed the general way (any number of reports)."""
    reports = inc.reports
    start, end = date_range(reports, inc.type in rules.ongoing_types and not inc.episode)
    place = best_place(reports)
    first = first_report(reports)
    counted = [r for r in reports if r.count is not None]
    reasons = conflicts(inc, rules)
    return (
        inc.incident_id,
        inc.type,
        ordinal_day(start),
        ordinal_day(end),
        place.place if place else None,
        place.lat if place else None,
        place.lon if place else None,
        place.geo if place else None,
        len(reports),
        len({r.outlet for r in reports if r.outlet}),
        len({r.language for r in reports if r.language}),
        first.outlet,
        ordinal_day(first.published),
        first.article_id,
        min(r.count for r in counted) if counted else None,
        max(r.count for r in counted) if counted else None,
        _latest(counted).count if counted else None,
        bool(reasons),
        json.dumps(reasons, ensure_ascii=False),
        json.dumps(figures(reports), ensure_ascii=False),
        *source_lists(reports),
    )
