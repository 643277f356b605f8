"""Stored incidents too large for an ingest batch to read whole ("giants"): an ongoing
state of years holds thousands of reports (at 1M synthetic reports the displacement state
at Stepanakert holds 18,769), and a batch whose reports come near it would read them all,
build a `Report` of each, and make its row from all of them again.

A batch reads instead a few aggregates over all its giants at once (`load`): per
precision the first and last date their reports state (per date where a span's end, or
for a giant that is no state every span, matters), their distinct places with the
reports naming each, which articles of the reports being grouped they already hold, the
first report's event id, and their stored rows. That is what the grouping consults
(`Clusterer.enter`: span bounds, spans, places, size, articles) and what the row of a
giant that gained reports needs (`grown_row`): the row equals `summary.full_row` of all
its reports (two places tied at the top, rare, are decided from their reports). Its
stored reports are not regrouped by the batch (a new report that would bridge two
states joins one of them): the rebuild regroups everything.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from dashboard.incidents.cluster import COARSE, Incident
from dashboard.incidents.neighbourhood import Stored
from dashboard.incidents.places import PlaceKey
from dashboard.incidents.reports import (
    PRECISION_RANK,
    REPORT_COLUMNS,
    Report,
    ordinal_day,
    report_from_row,
    stored_ordinal,
)
from dashboard.incidents.rules import Rules
from dashboard.incidents.summary import (
    INCIDENT_COLUMNS,
    _json_list,
    _short_day,
    best_place,
    figures,
    first_report,
)
from dashboard.store.sqlparams import ID_ARRAY

_NEVER = 10**9  # sorts unpublished reports last (as `summary`)
_FROM = (
    "FROM incident_reports r JOIN events e ON e.id = r.event_id "
    "JOIN articles a ON a.id = e.article_id "
)
# a report's precision (`reports._precision`)
_PRECISION = (
    "CASE WHEN e.time_precision IN ('day', 'week', 'reported', 'month', 'year') "
    "THEN e.time_precision WHEN e.date_source = 'published' THEN 'reported' "
    "WHEN e.date_precision IN ('day', 'week', 'reported', 'month', 'year') "
    "THEN e.date_precision ELSE 'day' END"
)
# the giants' reports, read once into a temporary table by `load` and aggregated three
# ways from there: the three joins of incident_reports with events that it replaces each
# looked up every report's event again (on PostgreSQL 0.1-0.75 s each for a batch in the
# synthetic war's weeks, by index probes; on DuckDB a scan of events each)
_GIANTS = "_giant_reports"
_GATHER = (
    "SELECT r.incident_id, e.id, e.article_id, e.date_start, e.date_precision, "
    f"e.time_precision, e.date_source, e.place, e.lat, e.lon, e.geo_precision, a.published {_FROM}"
)
GATHER_SQL = f"INSERT INTO {_GIANTS} {_GATHER}WHERE r.incident_id IN {ID_ARRAY}"
# per precision, the first and last date stated; and per date where the span's end or
# every distinct span matters (a week, month or year, whose end is its publication if
# that is earlier, `reports._span`; a giant that is no state, whose spans score a
# report), the first and last publication and whether one is missing: the spans
# between add nothing (a report nearer to one of them is nearer to the latest-ending)
DATES_SQL = (
    f"SELECT e.incident_id, {_PRECISION} AS p, CASE WHEN {_PRECISION} IN "
    f"('week', 'month', 'year') OR e.incident_id IN {ID_ARRAY} THEN e.date_start END AS d, "
    "MIN(e.date_start), MAX(e.date_start), MIN(e.published), MAX(e.published), "
    f"COUNT(*) - COUNT(e.published) FROM {_GIANTS} e "
    "WHERE e.date_start IS NOT NULL GROUP BY 1, 2, 3"
)
PLACES_SQL = (
    f"SELECT e.incident_id, e.place, e.lat, e.lon, e.geo_precision, COUNT(*) FROM {_GIANTS} e "
    "WHERE e.place <> '' GROUP BY 1, 2, 3, 4, 5"
)
# the batch's articles a giant holds, and its first report's article (whose first
# event id is the first report's)
ARTICLES_SQL = (
    f"SELECT e.incident_id, e.article_id, MIN(e.id) FROM {_GIANTS} e "
    f"WHERE e.article_id IN {ID_ARRAY} GROUP BY 1, 2"
)
ROWS_SQL = f"SELECT {', '.join(INCIDENT_COLUMNS)} FROM incidents WHERE incident_id IN {ID_ARRAY}"
# a giant's reports of one place, or published on one day: to break a tie (rare) that
# the aggregates leave to the event id
_SOME_SQL = f"SELECT {REPORT_COLUMNS} {_FROM}WHERE r.incident_id = ? AND "


class Tx(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None: ...


PlaceGroup = tuple[str, float | None, float | None, int | None]  # place, lat, lon, geo


@dataclass(slots=True)
class Summary:
    """A giant as the aggregates give it; `incident` is what the grouping sees."""

    incident: Incident
    row: tuple  # its stored `incidents` row, INCIDENT_COLUMNS order
    # per precision rank: the first and last day its reports of that rank state
    shown: dict[int, tuple[int, int]] = field(default_factory=dict)
    # per place (name, lat, lon, geo): the reports naming it
    places: dict[PlaceGroup, int] = field(default_factory=dict)
    keys: dict[PlaceGroup, PlaceKey] = field(default_factory=dict)  # as reports' keys
    first: str | None = None  # its first report's event id


def load(
    tx: Tx, giants: Sequence[Stored], new: Sequence[Report], rules: Rules, kinds: dict[str, str]
) -> dict[str, Summary]:
    """The summaries of the stored incidents `giants` (a batch's neighbourhood): their
    rows, then their reports gathered once (`_GIANTS`) and aggregated three ways;
    `new` are the reports the batch groups (its own, and the stored ones of the
    incidents around that are no giants): a giant takes none of an article it holds
    (`Rules.same_article_joins`)."""
    if not giants:
        return {}
    ids = sorted(s.incident_id for s in giants)
    out: dict[str, Summary] = {}
    for row in tx.rows(ROWS_SQL, [ids]):
        inc = Incident(row[0], row[1])
        inc.size = int(row[8])
        out[row[0]] = Summary(inc, tuple(row))
    for s in giants:
        if s.incident_id in out:
            out[s.incident_id].incident.episode = s.episode
    detailed = [
        iid
        for iid, summary in out.items()
        if summary.row[1] not in rules.ongoing_types or summary.incident.episode
    ]
    # made and dropped in the write's transaction (a failure rolls it back with the rest)
    tx.execute(f"CREATE TEMPORARY TABLE {_GIANTS} AS {_GATHER}WHERE FALSE")
    tx.execute(GATHER_SQL, [ids])
    _aggregate(tx, out, detailed, new, rules, kinds)
    tx.execute(f"DROP TABLE {_GIANTS}")
    for summary in out.values():
        _shape(summary.incident, summary.places, summary.keys)
    return out


def _aggregate(
    tx: Tx,
    out: dict[str, Summary],
    detailed: list[str],
    new: Sequence[Report],
    rules: Rules,
    kinds: dict[str, str],
) -> None:
    """Fill the summaries `out` from the giants' reports gathered in `_GIANTS`."""
    for iid, precision, day, first, last, early, late, undated in tx.rows(DATES_SQL, [detailed]):
        summary = out[iid]
        if day is not None:  # its spans: the end moves with the publication
            pubs = {early, late} | ({None} if undated else set())
            reports = [_dated(day, precision, pub, rules, kinds) for pub in pubs]
        else:  # a day or reported of a state: the first and last date are enough
            reports = [_dated(day, precision, None, rules, kinds) for day in (first, last)]
        for r in reports:
            summary.incident.spans.add((r.lo, r.hi, r.rank))  # type: ignore[arg-type]
            _widen(summary.shown, r)
    for iid, place, lat, lon, geo, count in tx.rows(PLACES_SQL):
        row = (None, None, None, None, None, None, None, place, lat, lon, geo, None)
        r = report_from_row((*row, None, None, None), rules, kinds)
        summary = out[iid]
        group = (r.place, r.lat, r.lon, r.geo)
        summary.keys[group] = r.key  # type: ignore[index, assignment]
        summary.places[group] = summary.places.get(group, 0) + int(count)  # type: ignore[index]
    articles = {r.article_id for r in new}
    firsts = {summary.row[13]: iid for iid, summary in out.items()}
    for iid, article, event in tx.rows(ARTICLES_SQL, [sorted(articles | set(firsts) - {None})]):
        summary = out[iid]
        if article in articles:
            summary.incident.articles.add(article)
        if article == summary.row[13]:
            summary.first = event


def _dated(day: date, precision: str, pub: date | None, rules: Rules, kinds: dict) -> Report:
    """A report stating `day` at `precision`, published `pub` (its span, its rank)."""
    row = (None, None, None, day, precision, precision, None, None, None, None, None, None)
    return report_from_row((*row, None, None, pub), rules, kinds)


def _widen(shown: dict[int, tuple[int, int]], r: Report) -> None:
    if r.shown_lo is None or r.shown_hi is None:
        return
    was = shown.get(r.rank)
    shown[r.rank] = (
        (r.shown_lo, r.shown_hi)
        if was is None
        else (min(was[0], r.shown_lo), max(was[1], r.shown_hi))
    )


def _shape(
    inc: Incident,
    places: Mapping[PlaceGroup, int],
    keys: Mapping[PlaceGroup, PlaceKey],
) -> None:
    """Span bounds from `inc.spans`; `inc.places` from the place groups: per name the
    place of the most reports (a name the gazetteer places once has one)."""
    for lo, hi, rank in inc.spans:
        inc.lo = lo if inc.lo is None else min(inc.lo, lo)
        inc.hi = hi if inc.hi is None else max(inc.hi, hi)
        if rank < COARSE:
            inc.fine_min_hi = min(inc.fine_min_hi, hi)
            inc.fine_max_lo = max(inc.fine_max_lo, lo)
        else:
            inc.coarse_min_hi = min(inc.coarse_min_hi, hi)
            inc.coarse_max_lo = max(inc.coarse_max_lo, lo)
    ranked = sorted(places.items(), key=lambda kv: (-kv[1], repr(kv[0])))
    for group, _ in ranked:
        name = group[0]
        if name in inc.places:
            continue
        key = keys[group]
        inc.places[name] = key
        if key.geo == 1 and key.lat is not None:
            inc.has_town = True


def grown_row(
    tx: Tx,
    summary: Summary,
    inc: Incident,
    new: list[Report],
    rules: Rules,
    kinds: dict[str, str],
) -> tuple:
    """The row of the giant `summary` after the batch gave it the reports `new` (`inc`
    is it as the grouping left it): `summary.full_row` of every report it holds, from
    its stored row, its aggregates and the new reports."""
    row = summary.row
    iid, type_ = row[0], row[1]
    ongoing = type_ in rules.ongoing_types and not inc.episode
    shown = dict(summary.shown)
    places = dict(summary.places)
    for r in new:
        _widen(shown, r)
        if r.place:
            group = (r.place, r.lat, r.lon, r.geo)
            places[group] = places.get(group, 0) + 1
    start, end = _date_range(shown, ongoing)
    place = _best_place(tx, iid, places, new, rules, kinds)
    first = _first(tx, summary, new, rules, kinds)
    # the stored figures are in `figures`' order: the new ones go in where they sort
    counted = json.loads(row[19])
    for figure in figures(new):
        at = bisect.bisect(counted, _figure_order(figure), key=_figure_order)
        counted.insert(at, figure)
    counts = [f["count"] for f in counted]
    latest = max(counted, key=_latest_order, default=None)
    reasons = _conflicts(counted, shown, inc, ongoing, rules)
    languages = sorted(
        set(json.loads(row[20])) | {r.language for r in new if r.language is not None}
    )
    outlets = sorted(set(json.loads(row[21])) | {r.outlet for r in new if r.outlet is not None})
    return (
        iid,
        type_,
        ordinal_day(start),
        ordinal_day(end),
        place[0] if place else None,
        place[1] if place else None,
        place[2] if place else None,
        place[3] if place else None,
        int(row[8]) + len(new),
        sum(1 for o in outlets if o),
        sum(1 for lang in languages if lang),
        *first,
        min(counts) if counts else None,
        max(counts) if counts else None,
        latest["count"] if latest else None,
        bool(reasons),
        json.dumps(reasons, ensure_ascii=False),
        json.dumps(counted, ensure_ascii=False),
        _json_list(languages),
        _json_list(outlets),
    )


# ISO dates compare as the days they name: a figure's order needs no date parsed
# (thousands in a state's row)


def _figure_order(figure: dict) -> tuple:
    """`summary.figures`' order of a figure: publication (none last), date, event id."""
    return (figure["published"] or "~", figure["date"] or "", figure["event_id"])


def _latest_order(figure: dict) -> tuple:
    """`summary._latest`'s order: publication (none first), date, event id."""
    return (figure["published"] or "", figure["date"] or "", figure["event_id"])


def _date_range(
    shown: Mapping[int, tuple[int, int]], ongoing: bool
) -> tuple[int | None, int | None]:
    """`summary.date_range` from the bounds per rank."""
    if not shown:
        return None, None
    finest = min(shown)
    if ongoing and finest <= PRECISION_RANK["reported"]:
        finest = PRECISION_RANK["reported"]
    chosen = [b for rank, b in shown.items() if (rank <= finest if ongoing else rank == finest)]
    return min(b[0] for b in chosen), max(b[1] for b in chosen)


def _best_place(
    tx: Tx,
    iid: str,
    places: Mapping[PlaceGroup, int],
    new: list[Report],
    rules: Rules,
    kinds: dict[str, str],
) -> PlaceGroup | None:
    """`summary.best_place` from the place groups: the most precise, most often named;
    when two places tie on that (rare at the top of a giant), from their reports, whose
    publication and event id decide."""
    if not places:
        return None
    named: Counter[str] = Counter()
    for (name, *_), count in places.items():
        named[name] += count

    def key(group: PlaceGroup) -> tuple:
        name, lat, _, geo = group
        return (geo or 9, -named[name], lat is None)

    ranked = sorted(places, key=key)
    if len(ranked) == 1 or key(ranked[0]) != key(ranked[1]):
        return ranked[0]
    names = sorted({g[0] for g in ranked if key(g) == key(ranked[0])})
    some = _some(tx, iid, f"e.place IN ({', '.join('?' * len(names))})", names, rules, kinds)
    best = best_place(some + [r for r in new if r.place in names])
    assert best is not None
    return (best.place, best.lat, best.lon, best.geo)  # type: ignore[return-value]


def _some(
    tx: Tx, iid: str, where: str, params: list[Any], rules: Rules, kinds: dict[str, str]
) -> list[Report]:
    return [
        report_from_row(row, rules, kinds) for row in tx.rows(_SOME_SQL + where, [iid, *params])
    ]


def _first(
    tx: Tx, summary: Summary, new: list[Report], rules: Rules, kinds: dict[str, str]
) -> tuple[Any, Any, Any]:
    """(outlet, published, article) of the first report (earliest published, then
    lowest event id): the stored first unless a new report comes before it."""
    row = summary.row
    stored = (row[11], row[12], row[13])
    if not new:
        return stored
    candidate = first_report(new)
    if summary.first is None:  # not found by `load` (a first report without an article)
        where = "a.published = ?" if row[12] is not None else "a.published IS NULL"
        params = [row[12]] if row[12] is not None else []
        candidate = first_report(_some(tx, row[0], where, params, rules, kinds) + list(new))
    else:
        day = stored_ordinal(row[12])
        was = (day if day is not None else _NEVER, summary.first)
        now = (
            candidate.published if candidate.published is not None else _NEVER,
            candidate.event_id,
        )
        if now > was:
            return stored
    return (candidate.outlet, ordinal_day(candidate.published), candidate.article_id)


def _conflicts(
    counted: list[dict],
    shown: Mapping[int, tuple[int, int]],
    inc: Incident,
    ongoing: bool,
    rules: Rules,
) -> list[str]:
    """`summary.conflicts` from the figures, the bounds per rank and the places."""
    out: list[str] = []
    groups: dict[Any, tuple[int, int]] = {}  # per day (a state) or in all: lowest, highest
    for f in counted:
        count = f["count"]
        if count is not None and count > 0:
            day = f["date"] if ongoing else None
            was = groups.get(day)
            groups[day] = (
                (count, count) if was is None else (min(was[0], count), max(was[1], count))
            )
    for _, (low, high) in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or "")):
        if high > low * rules.figure_conflict_ratio:
            out.append(f"figures {low:,} vs {high:,}")
    days = shown.get(PRECISION_RANK["day"])
    if not ongoing and days is not None and days[0] != days[1]:
        out.append("dates " + _short_day(date.fromordinal(days[0]), date.fromordinal(days[1])))
    towns = sorted({p.name for p in inc.places.values() if p.geo == 1})
    if len(towns) > 1:
        out.append("places " + " vs ".join(towns))
    return out
