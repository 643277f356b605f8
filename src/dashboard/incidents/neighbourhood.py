"""Which stored incidents an ingest batch's new reports may change: the neighbourhood that
`build.attach` reads back and groups afresh with them.

A stored incident is a candidate when it is of a new report's type and kind (for an
ongoing state, an episode at a town or the state itself: reports of two kinds never
meet, `cluster.Kind`; a state's report that may take an episode, one of a day at a
region stating no figure, also keeps the episodes of its day in its region,
`_takes_episode`) and its span comes within the report's reach in days (the
tolerance, or the state's longest gap, plus a report's look-back). Incidents whose
span is one calendar year (`_whole_year`) are never candidates. Of the rest, a report at
a town (a place with coordinates, geo precision 1) keeps only those the grouping rules
let it touch (`cluster.Clusterer._best`):

- incidents whose best place (the `incidents` row's place: a town if the incident has
  one) is within twice `near_km` of it: the report may join such an incident (its towns
  are all within `near_km` of the best one, and the report must be within `near_km` of
  them), or take one of its towns' reports away from it (a town within `near_km` of both);
- incidents with no town (a region or country, or no place at all): their places may
  contain the report's town, so it may join them (the exact containment test is the
  `PlaceMatcher`'s, on the best place; an incident without a place takes any report);
- every incident of a day (a blocking bucket) holding at most `cluster.BROAD_SCAN`
  incidents of the kind: there a report naming a region or no place looks at all of
  them, so the new report's incident becomes one more choice for it (which may turn
  "one incident fits" into "several fit": `vague_joins_only_one`). In a busier day such
  a report looks only at the largest incidents, which a new report's own does not join;
- for an episode of a state, the state's incidents at a region containing the town (a
  region's report of that day may take the one episode of the day, `_episode_of`).

A report naming a region or country, or no place, keeps every candidate: such a report
founds an incident that any later report of a town nearby in days, finding no incident
of its own town, joins (an unplaced incident takes any place), so the rules give it no
reach in space. Reports that may join nothing (a year, no date) need no neighbourhood.

What this gives up: the regrouping sees fewer stored incidents around the ones it
regroups than a rebuild does, so a stored report naming a region or no place among them
may choose otherwise than it did (one fitting incident where there were several).
Measured at 100k synthetic reports: ten batches end 0.9979 in pair agreement with
a rebuild against 0.9981 with every incident of the days (BENCHMARKS.md, Incidents).

Only the `incidents` rows of the date windows are read (their ids, spans, best places and
lowest figure, from the index on (type, date_start, date_end)); the reports of the chosen
incidents are read after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from dashboard.incidents.cluster import BROAD_SCAN
from dashboard.incidents.places import PlaceKey, PlaceMatcher, distance_km
from dashboard.incidents.reports import Report, place_key_of, stored_ordinal
from dashboard.incidents.rules import Rules


class Tx(Protocol):
    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]: ...


@dataclass(frozen=True, slots=True)
class Stored:
    """A stored incident as the neighbourhood test sees it: its `incidents` row's span
    (day ordinals), best place and kind."""

    incident_id: str
    lo: int
    hi: int
    key: PlaceKey | None
    episode: bool
    size: int = 0  # its reports (a batch reads a giant's summary, not its reports)


# the incidents whose span meets any of the date windows (per type), in one statement:
# one a window (15-20 a batch) took 3-6 times as long on both backends, each a
# statement's round trip and planning (PostgreSQL) or scan (DuckDB) of its own
CANDIDATE_SQL = (
    "SELECT DISTINCT i.type, i.incident_id, i.date_start, i.date_end, i.place, i.lat, i.lon, "
    "i.geo_precision, i.count_min, i.reports FROM incidents i JOIN (SELECT UNNEST(CAST(? AS VARCHAR[])) "
    "AS type, UNNEST(CAST(? AS DATE[])) AS lo, UNNEST(CAST(? AS DATE[])) AS hi) w "
    "ON i.type = w.type AND i.date_start <= w.hi AND i.date_end >= w.lo"
)


def _state(report: Report, rules: Rules) -> bool:
    """Whether `report` is of an ongoing state itself (not an episode of it)."""
    return report.type in rules.ongoing_gap_days and not report.episode


def _reach(report: Report, rules: Rules) -> tuple[int, int]:
    """The days within which a stored incident's span may meet `report`'s: the longest
    gap of a state (for a state's report) or the tolerance, and a report's look-back."""
    gap = rules.max_gap(report.type) if _state(report, rules) else rules.day_tolerance_days
    pad = gap + rules.reported_lookback_days + 1
    return report.lo - pad, report.hi + pad  # type: ignore[operator]


def joinable(reports: Sequence[Report], rules: Rules) -> list[Report]:
    return [r for r in reports if r.lo is not None and r.precision in rules.join_precisions]


def windows(reports: Sequence[Report], rules: Rules) -> list[tuple[str, int, int]]:
    """Per type, the merged day ranges within the reach of `reports`, for one index
    range scan each."""
    by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in joinable(reports, rules):
        by_type[r.type].append(_reach(r, rules))
    out = []
    for type_, spans in sorted(by_type.items()):
        spans.sort()
        lo, hi = spans[0]
        for a, b in spans[1:]:
            if a > hi + 1:
                out.append((type_, lo, hi))
                lo, hi = a, b
            else:
                hi = max(hi, b)
        out.append((type_, lo, hi))
    return out


def _whole_year(lo: int, hi: int) -> bool:
    """Whether an incident's span is one calendar year, 1 January to 31 December: for a
    happening or an episode only reports dated to a year alone give that span (its span
    is that of its finest reports, and finer ones lie within days or a month of each
    other), and those reports never join nor are joined (`join_precisions`), so such an
    incident stays as it is whatever the batch. They are a good half of a date window's
    incidents in the synthetic data (a year report is in every window of its year)."""
    first, last = date.fromordinal(lo), date.fromordinal(hi)
    return (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and (
        first.year == last.year
    )


def candidates(tx: Tx, reports: Sequence[Report], rules: Rules) -> dict[str, list[Stored]]:
    """Per type, the stored incidents whose span meets the date windows of `reports`
    (in no particular order: `near` takes a set of them)."""
    found_windows = windows(reports, rules)
    out: dict[str, dict[str, Stored]] = {type_: {} for type_, _, _ in found_windows}
    if not found_windows:
        return {}
    ongoing = rules.ongoing_gap_days
    columns = list(zip(*found_windows, strict=True))
    rows = tx.rows(
        CANDIDATE_SQL,
        [
            list(columns[0]),
            [date.fromordinal(lo) for lo in columns[1]],
            [date.fromordinal(hi) for hi in columns[2]],
        ],
    )
    for type_, iid, start, end, place, lat, lon, geo, count_min, size in rows:
        found = out[type_]
        if iid in found or start is None or end is None:
            continue
        key = place_key_of(place, lat, lon, geo)
        # an episode's incident: its reports are at towns and state no figure (a
        # state's incident at a town has a report there stating one)
        episode = (
            type_ in ongoing
            and rules.town_episodes
            and key is not None
            and key.geo == 1
            and count_min is None
        )
        first, last = stored_ordinal(start), stored_ordinal(end)
        if (type_ not in ongoing or episode) and _whole_year(first, last):
            continue
        found[iid] = Stored(iid, first, last, key, episode, int(size))
    return {type_: list(found.values()) for type_, found in out.items()}


def _takes_episode(report: Report, rules: Rules) -> bool:
    """Whether `report`, of a state, may take an episode of it: dated to one day, at a
    region or country, stating no figure (`cluster.Clusterer._episode_of`, which only
    such a report calls). No other report of the state ever meets an episode: the two
    are kinds apart (`cluster.Kind`), so a state's report at a town or without a place
    leaves the episodes out of its neighbourhood (in the synthetic autumn-2020 burst
    they are 4,500 of the 4,600 blockade incidents within a blockade report's reach)."""
    return (
        rules.town_episodes
        and _state(report, rules)
        and report.rank == 0
        and report.key is not None
        and report.count is None
        and report.geo != 1
    )


def _is_town(key: PlaceKey | None) -> bool:
    return key is not None and key.geo == 1 and key.lat is not None and key.lon is not None


class _Days:
    """How many stored incidents of one kind touch each day (a difference array over
    their spans), to tell the days where a vague report looks at every incident."""

    def __init__(self, stored: Sequence[Stored]) -> None:
        self.first = min((s.lo for s in stored), default=0)
        last = max((s.hi for s in stored), default=0)
        steps = [0] * (last - self.first + 2)
        for s in stored:
            steps[s.lo - self.first] += 1
            steps[s.hi - self.first + 1] -= 1
        self.count: list[int] = []
        running = 0
        for step in steps[:-1]:
            running += step
            self.count.append(running)

    def quiet(self, lo: int, hi: int) -> list[tuple[int, int]]:
        """The runs of days of [lo, hi] that hold at most BROAD_SCAN incidents."""
        first, count = self.first, self.count
        runs: list[tuple[int, int]] = []
        for day in range(lo, hi + 1):
            i = day - first
            if i < 0 or i >= len(count) or count[i] <= BROAD_SCAN:
                if runs and runs[-1][1] == day - 1:
                    runs[-1] = (runs[-1][0], day)
                else:
                    runs.append((day, day))
        return runs


def near(
    reports: Sequence[Report],
    stored: dict[str, list[Stored]],
    rules: Rules,
    matcher: PlaceMatcher,
) -> set[str]:
    """The ids, among `stored` (by type, from `candidates`), of the incidents the new
    `reports` may change (see the module's docstring)."""
    chosen: set[str] = set()
    reach_km = 2 * rules.near_km
    # (town, town) -> within reach_km: a batch asks about the same few thousand pairs
    # many times over (a haversine each)
    reach: dict[tuple[PlaceKey, PlaceKey], bool] = {}
    by_type: dict[str, list[Report]] = defaultdict(list)
    for r in joinable(reports, rules):
        by_type[r.type].append(r)
    for type_, news in by_type.items():
        pools: dict[bool, list[Stored]] = {True: [], False: []}
        for s in stored.get(type_, []):
            pools[s.episode].append(s)
        days = {episode: _Days(pool) for episode, pool in pools.items() if pool}
        # what follows reads only these of a report: alike reports (one happening told
        # by several outlets: a 200-article batch in the war burst has 790 reports and
        # half as many kinds) are looked at once
        seen: set[tuple] = set()
        in_window: dict[tuple[bool, int, int], list[Stored]] = {}
        by_place: dict[tuple[bool, int, int], _Places] = {}
        for r in news:
            alike = (r.episode, r.lo, r.hi, r.key, r.rank, r.count is None, r.geo)
            if alike in seen:
                continue
            seen.add(alike)
            # a state's report keeps the state's incidents; an episode or a happening its
            # own kind. The episodes a state's report may take (`_takes_episode`) are
            # those stating its very day at a town of its region
            pool = pools[False] if _state(r, rules) else pools[r.episode]
            if _takes_episode(r, rules):
                chosen.update(
                    s.incident_id
                    for s in pools[True]
                    if s.lo <= r.lo <= s.hi  # type: ignore[operator]
                    and (s.key is None or matcher.compatible(r.key, s.key))  # type: ignore[arg-type]
                )
            lo, hi = _reach(r, rules)
            window = (pool is pools[True], lo, hi)
            within = in_window.get(window)
            if within is None:
                within = in_window[window] = [s for s in pool if s.lo <= hi and s.hi >= lo]
            key = r.key
            if not _is_town(key):
                chosen.update(s.incident_id for s in within)
                continue
            if r.episode and rules.town_episodes and r.rank == 0:
                # a region's report of the state that day may take the one episode
                chosen.update(
                    s.incident_id
                    for s in pools[False]
                    if s.lo <= r.hi
                    and s.hi >= r.lo
                    and s.key is not None
                    and not _is_town(s.key)
                    and matcher.compatible(key, s.key)  # type: ignore[arg-type]
                )
            if not within:
                continue
            gap = rules.max_gap(type_) if _state(r, rules) else rules.day_tolerance_days
            counts = days.get(r.episode)
            quiet = counts.quiet(r.lo - gap, r.hi + gap) if counts else []  # type: ignore[operator]
            if quiet:
                chosen.update(
                    s.incident_id for s in within if any(s.lo <= b and s.hi >= a for a, b in quiet)
                )
            places = by_place.get(window)
            if places is None:
                places = by_place[window] = _Places(within, reach_km)
            for s in places.vague:
                if s.key is None or matcher.compatible(key, s.key):  # type: ignore[arg-type]
                    chosen.add(s.incident_id)
            for other, ids in places.towns_near(key):  # type: ignore[arg-type]
                pair = (key, other)
                close = reach.get(pair)
                if close is None:
                    close = reach[pair] = other.name == key.name or (  # type: ignore[union-attr]
                        distance_km(key.lat, key.lon, other.lat, other.lon)  # type: ignore[arg-type, union-attr]
                        <= reach_km
                    )
                if close:
                    chosen.update(ids)
    return chosen


class _Places:
    """The incidents of one date window by place: those of no town (`vague`), and those
    of a town by town and by grid cell, so that a town report looks at the towns of its
    cell and the eight around it (`towns_near`) rather than at every incident of the
    window: in the war burst a 200-article batch has 670 town reports and a window 600
    incidents (0.46 s of tests one by one at 2900/200 in BENCHMARKS.md, now 0.11 s)."""

    def __init__(self, within: Sequence[Stored], reach_km: float) -> None:
        self.vague: list[Stored] = []
        # a cell at least as wide as the reach (twice near_km, 8 km) up to 70 degrees
        # north or south, where a degree of longitude is 38 km; towns past that are
        # looked at by every report
        self._cell = max(0.25, reach_km / 38.0)
        self._cells: dict[tuple[int, int], dict[PlaceKey, list[str]]] = defaultdict(dict)
        self._far: dict[PlaceKey, list[str]] = {}
        for s in within:
            key = s.key
            if not _is_town(key):
                self.vague.append(s)
                continue
            towns = self._far if abs(key.lat) > 70 else self._cells[self._of(key)]  # type: ignore[union-attr, arg-type]
            towns.setdefault(key, []).append(s.incident_id)  # type: ignore[arg-type]

    def _of(self, key: PlaceKey) -> tuple[int, int]:
        return int(key.lat // self._cell), int(key.lon // self._cell)  # type: ignore[operator]

    def towns_near(self, key: PlaceKey) -> list[tuple[PlaceKey, list[str]]]:
        """The towns (with their incidents' ids) that may lie within the reach of town
        `key`: those of its cell and the cells around it, and those past 70 degrees."""
        if abs(key.lat) > 70:  # type: ignore[arg-type]
            every = [t for cell in self._cells.values() for t in cell.items()]
            return every + list(self._far.items())
        row, col = self._of(key)
        out = list(self._far.items())
        for i in (-1, 0, 1):
            for j in (-1, 0, 1):
                cell = self._cells.get((row + i, col + j))
                if cell:
                    out.extend(cell.items())
        return out
