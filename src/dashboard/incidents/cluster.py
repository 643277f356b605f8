"""Grouping reports into incidents: each report joins the best incident that accepts it,
or founds a new one.

An incident accepts a report of its type when the report's days are compatible with every
distinct span its reports gave (within `day_tolerance_days`; for an ongoing state such as
a blockade, within `ongoing_gap_days` of the incident's whole span) and its place is
compatible with every distinct place they named (see `places`). Requiring every member,
not just one, keeps incidents from drifting along a chain of reports a day apart.

An episode of an ongoing state (a town, no figure: see `reports.is_episode`) is grouped
like a point happening and never with the state itself, so (type, episode) is the kind
of a report and reports of two kinds never meet.

Blocking keeps the cost near linear: incidents are indexed by (kind, bucket of days of
their span), and within a bucket by place name; a report looks at the incidents with its
own place name first and, only when none of those accepts it, at those of the towns
within `near_km` of its town (or, for a region or no place, the whole bucket).

The same `Clusterer` serves a full rebuild and an ingest batch (the batch's reports with
those of the stored incidents near them): reports go in a fixed order, finest dates first,
so precise reports found incidents and vague ones join them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dashboard.incidents.places import PlaceKey, PlaceMatcher
from dashboard.incidents.reports import PRECISION_RANK, Report
from dashboard.incidents.rules import Rules
from dashboard.store.rows import fact_id

Cell = tuple[int, int]
# A report without a town looks at every incident of a bucket up to BROAD_SCAN of them,
# else at the TOP largest: those it would choose anyway (score: size), at a bounded cost.
BROAD_SCAN = 32
TOP = 8
COARSE = PRECISION_RANK["month"]  # month and year spans must contain, not be near
_FAR = 1 << 40  # a day number beyond any span
_UNSET = object()  # `accepts` computes the report's place key itself


@dataclass(slots=True, eq=False)
class Incident:
    incident_id: str
    type: str
    reports: list[Report] = field(default_factory=list)
    # how many reports it holds: len(reports), except for a stored incident that entered
    # a batch's regrouping as a summary (`enter`), whose stored reports are not read
    size: int = 0
    articles: set[str] = field(default_factory=set)
    spans: set[tuple[int, int, int]] = field(default_factory=set)  # lo, hi, precision rank
    places: dict[str, PlaceKey] = field(default_factory=dict)
    lo: int | None = None
    hi: int | None = None
    open: bool = True  # False: a lone year-precision or undated report nothing joins
    episode: bool = False  # an episode of an ongoing state at one town (reports.is_episode)
    buckets: set[int] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # indexed place names
    has_town: bool = False  # a town (with coordinates) among its places
    # bounds of its spans, fine (day, week, reported) and coarse (month, year), so that
    # "every span near enough" is four comparisons rather than a loop
    fine_min_hi: int = _FAR
    fine_max_lo: int = -_FAR
    coarse_min_hi: int = _FAR
    coarse_max_lo: int = -_FAR


@dataclass(slots=True)
class _Block:
    """The incidents of one type whose span touches one bucket of days."""

    by_name: dict[str, list[Incident]] = field(default_factory=dict)
    vague: list[Incident] = field(default_factory=list)  # no town among their places
    every: list[Incident] = field(default_factory=list)
    top: list[Incident] = field(default_factory=list)  # the TOP largest, any order
    top_min: int = 0  # size of the smallest of them once there are TOP


Kind = tuple[str, bool]  # type, episode: reports of two kinds never share an incident


def sort_key(report: Report) -> tuple:
    """Rebuild order: finest date first, then by day, town before region, then id."""
    return (report.rank, report.lo or 0, report.geo or 9, report.event_id)


def _gap(lo1: int, hi1: int, lo2: int, hi2: int) -> int:
    return max(0, max(lo1, lo2) - min(hi1, hi2))


def place_key(report: Report) -> PlaceKey | None:
    return report.key


class Clusterer:
    def __init__(self, rules: Rules, matcher: PlaceMatcher | None = None) -> None:
        self.rules = rules
        self.matcher = matcher or PlaceMatcher(rules)
        self.incidents: dict[str, Incident] = {}
        # per kind, the blocks by bucket number
        self._blocks: dict[Kind, dict[int, _Block]] = {}
        self._joinable = frozenset(rules.join_precisions)
        # rules read on every candidate check (Rules is frozen)
        self._same_article_joins = rules.same_article_joins
        self._unplaced_joins = rules.unplaced_joins
        self._ongoing = rules.ongoing_gap_days
        self._tolerance = rules.day_tolerance_days
        self._near: dict[Cell, list[Cell]] = {}  # a cell -> it and its eight neighbours
        # every town seen, by cell, and per town the other names within near_km of it:
        # the only other towns whose incidents a town report may join
        self._towns: dict[Cell, list[PlaceKey]] = {}
        self._near_names: dict[PlaceKey, set[str]] = {}
        # the narrowest a cell gets (east-west, at 60 degrees north)
        self._cell_km = rules.cell_degrees * 111.2 * 0.5

    # -- building --------------------------------------------------------------------

    def add(self, report: Report, *alike: Report) -> Incident:
        """Put `report` into the best incident that accepts it, or a new one; `alike`
        (joinable reports with the same type, span and place) go with it."""
        joins = self._can_join(report)
        inc = self._best(report) if joins else None
        if inc is None:
            inc = Incident(fact_id("incident", report.event_id), report.type)
            inc.open = joins
            inc.episode = report.episode
            self.incidents[inc.incident_id] = inc
        self._attach(inc, report)
        apart = []  # of an article already in the incident: one happening per article
        for r in alike:
            if r.article_id in inc.articles and not self.rules.same_article_joins:
                apart.append(r)
            else:
                self._attach(inc, r)
        self._index(inc)
        self._rank(inc)
        for r in apart:
            self.add(r)
        return inc

    def enter(self, inc: Incident) -> None:
        """A stored incident as a summary (`incidents.giants`): its size, spans, span
        bounds, places and the batch's articles it holds set, no report in `reports`;
        the batch's reports join it (or not) as they would join it read whole."""
        self.incidents[inc.incident_id] = inc
        for key in inc.places.values():
            if key.geo == 1 and key.lat is not None and key not in self._near_names:
                self._see_town(key)
        self._index(inc)
        self._rank(inc)

    def _rank(self, inc: Incident) -> None:
        """Keep `inc` among its buckets' TOP largest incidents if it is one of them."""
        if not inc.open:
            return
        size = inc.size
        blocks = self._blocks[(inc.type, inc.episode)]
        for b in inc.buckets:
            block = blocks[b]
            top = block.top
            full = len(top) >= TOP
            if full and size <= block.top_min:
                continue  # too small to enter (or already in, at the smallest size)
            if inc not in top:  # identity: incidents compare by identity (eq=False)
                if not full:
                    top.append(inc)
                else:
                    i = min(range(TOP), key=lambda k: top[k].size)
                    top[i] = inc
            block.top_min = min([t.size for t in top]) if len(top) >= TOP else 0

    def add_all(self, reports: Iterable[Report]) -> None:
        """Add reports in rebuild order; alike ones (type, span, place) at once, which
        is the same as one by one (the first one's incident accepts the others) and
        much faster on a large corpus that repeats itself.

        When one article tells of several happenings alike in all that (its separate
        figures say so: 49 Armenian and 50 Azerbaijani soldiers killed on one day in
        one country), nothing tells which of them another outlet's alike report means:
        each report of that kind stays its own incident rather than a guess."""
        groups: dict[tuple, list[Report]] = {}
        late: list[Report] = []
        # per alike key, each article's first figure; keys where an article gave two
        figures: dict[tuple, dict[str, int | None]] = {}
        two_figures: set[tuple] = set()
        same_article_joins = self.rules.same_article_joins
        can_join = self._can_join
        for r in sorted(reports, key=sort_key):
            if not can_join(r):
                self.add(r)  # a lone year or undated report: its own incident
                continue
            key = (r.type, r.episode, r.lo, r.hi, r.place, r.geo)
            seen = figures.get(key)
            if seen is None:
                figures[key] = {r.article_id: r.count}
                groups[key] = [r]
                continue
            aid, count = r.article_id, r.count
            if aid not in seen:
                groups[key].append(r)
                seen[aid] = count
                continue
            if same_article_joins:
                groups[key].append(r)
            else:
                late.append(r)
            if count is not None:
                first = seen[aid]
                if first is None:
                    seen[aid] = count
                elif first != count:
                    two_figures.add(key)
        apart: set[tuple] = set()
        if self.rules.split_alike_figures:
            apart = {key for key in two_figures if self._state(key[0], key[1]) is None}
        for key, group in groups.items():
            if key in apart:
                for r in group:
                    self._found(r)
            else:
                self.add(*group)
        for r in late:  # a second report of one article on the same day and place
            if (r.type, r.episode, r.lo, r.hi, r.place, r.geo) in apart:
                self._found(r)
            else:
                self.add(r)

    def _found(self, report: Report) -> Incident:
        """A new incident of `report` alone (others may still join it)."""
        inc = Incident(fact_id("incident", report.event_id), report.type)
        inc.episode = report.episode
        self.incidents[inc.incident_id] = inc
        self._attach(inc, report)
        self._index(inc)
        self._rank(inc)
        return inc

    # -- rules -------------------------------------------------------------------------

    def _state(self, type_: str, episode: bool) -> int | None:
        """The longest silence within one ongoing state of `type_`; None for a point
        happening (and for an episode of a state, which is grouped like one)."""
        return None if episode else self._ongoing.get(type_)

    def _can_join(self, report: Report) -> bool:
        return report.lo is not None and report.precision in self._joinable

    def accepts(self, inc: Incident, report: Report, key: object = _UNSET) -> bool:
        """Whether `inc` takes `report`; `key` is `place_key(report)` when the caller
        already has it (a candidate search asks about one report many times)."""
        if not inc.open or inc.type != report.type or inc.lo is None:
            return False
        if inc.episode != report.episode:
            return False
        if not self._same_article_joins and report.article_id in inc.articles:
            return False
        lo, hi = report.lo, report.hi
        ongoing = None if report.episode else self._ongoing.get(report.type)
        if ongoing is not None:
            # gap to the whole span: no member span is nearer than that
            if max(lo, inc.lo) - min(hi, inc.hi) > ongoing:
                return False
        else:
            # the tolerance is for two stated days (or weeks) that disagree a little; a
            # month or a year must contain the other report's days. Two spans are within
            # t days when neither starts more than t days after the other ends, so every
            # span is near enough when the extreme ones are.
            tol = self._tolerance if report.rank < COARSE else 0
            if lo - inc.fine_min_hi > tol or inc.fine_max_lo - hi > tol:
                return False
            if lo - inc.coarse_min_hi > 0 or inc.coarse_max_lo - hi > 0:
                return False
        if key is _UNSET:
            key = place_key(report)
        if key is None:
            return self._unplaced_joins or not inc.places
        places = inc.places
        if len(places) < inc.size and not self._unplaced_joins:
            return False  # an unplaced member, which may not share an incident
        name = key.name  # type: ignore[attr-defined]
        if len(places) == 1 and name in places:
            return True  # the same name is always compatible
        compatible = self.matcher.compatible
        return all(compatible(key, other) for other in places.values())

    def _score(self, inc: Incident, report: Report) -> tuple:
        same_place = report.place is not None and report.place in inc.places
        if self._state(report.type, report.episode) is not None:  # the established state
            core = _gap(report.lo, report.hi, inc.lo, inc.hi)
            return (same_place, inc.size, -core, inc.incident_id)
        core = min((_gap(report.lo, report.hi, a, b) for a, b, _ in inc.spans), default=0)
        return (same_place, -core, inc.size, inc.incident_id)

    def _episode_of(self, report: Report, key: PlaceKey) -> Incident | None:
        """The one episode of a state that `report` (of the state, dated to one day, at a
        region, without a figure) tells of: an episode stated for that very day at a
        town within the region ("on 23 April a checkpoint was set up in the Lachin
        corridor"). A figure counts the state as a whole, so a report with one stays."""
        w = self._width(report.type, True)
        day = report.lo
        compatible = self.matcher.compatible
        found: dict[Incident, None] = {}
        blocks = self._blocks.get((report.type, True), {})
        for b in range(day // w, report.hi // w + 1):
            block = blocks.get(b)
            if block is None:
                continue
            for inc in block.every:
                if (
                    inc.open
                    and report.article_id not in inc.articles
                    and (day, day, 0) in inc.spans
                    and all(compatible(key, p) for p in inc.places.values())
                ):
                    found[inc] = None
        return next(iter(found)) if len(found) == 1 else None

    def _best(self, report: Report) -> Incident | None:
        key = place_key(report)
        if (
            report.rank == 0
            and key is not None
            and report.count is None
            and report.geo != 1
            and self.rules.town_episodes
            and self._state(report.type, report.episode) is not None
        ):
            episode = self._episode_of(report, key)
            if episode is not None:
                return episode
        buckets = self._buckets(report)
        place = report.place or ""
        named = self._candidates(buckets, lambda b: b.by_name.get(place, ()))
        accepts = self.accepts
        found = [inc for inc in named if accepts(inc, report, key)]
        if len(found) == 1:
            return found[0]
        if not found:
            if report.geo == 1 and report.lat is not None and report.lon is not None:
                names = self._town_names(key)  # type: ignore[arg-type]

                def near(block: _Block) -> list[Incident]:
                    by_name = block.by_name
                    out = [inc for n in names if n in by_name for inc in by_name[n]]
                    out += block.vague
                    return out

                others = self._candidates(buckets, near)
            else:  # a region or no place: the whole bucket, or its largest in a big one
                others = self._candidates(
                    buckets, lambda b: b.every if len(b.every) <= BROAD_SCAN else b.top
                )
            found = [inc for inc in others if accepts(inc, report, key)]
        if len(found) < 2:
            return found[0] if found else None
        if (
            report.geo != 1
            and self.rules.vague_joins_only_one
            and self._state(report.type, report.episode) is None
        ):
            return None  # a region or no place fits several happenings: do not guess
        return max(found, key=lambda inc: self._score(inc, report))

    # -- index -------------------------------------------------------------------------

    def _width(self, type_: str, episode: bool) -> int:
        """Days per blocking bucket: wide for a state, whose gaps are long."""
        state = self._state(type_, episode) is not None
        return self.rules.block_days_ongoing if state else self.rules.block_days

    def _buckets(self, report: Report) -> list[_Block]:
        """The blocks of `report`'s kind within reach of its days."""
        type_, episode = report.type, report.episode
        blocks = self._blocks.get((type_, episode))
        if not blocks:
            return []
        gap = max(self._state(type_, episode) or 0, self._tolerance)
        w = self._width(type_, episode)
        return [
            blocks[b]
            for b in range((report.lo - gap) // w, (report.hi + gap) // w + 1)
            if b in blocks
        ]

    @staticmethod
    def _candidates(buckets: list[_Block], pick) -> list[Incident]:
        # one incident object per id, so identity dedupes (the caller's choice does not
        # depend on the order: a single match, or the best by a score ending in the id)
        if len(buckets) == 1:
            return list(dict.fromkeys(pick(buckets[0])))
        seen: dict[Incident, None] = {}
        for block in buckets:
            found = pick(block)
            if found:
                seen.update(dict.fromkeys(found))
        return list(seen)

    def _town_names(self, key: PlaceKey) -> set[str]:
        """The names of the towns seen so far within near_km of town `key`, its own
        name excepted (kept up to date as towns are seen: see `_see_town`)."""
        found = self._near_names.get(key)
        if found is None:
            found = self._see_town(key)
        return found

    def _see_town(self, key: PlaceKey) -> set[str]:
        """Index a town not seen before: it and the towns near it learn of each other.
        Compatibility of two towns is their distance alone (`PlaceMatcher`), so these
        names are every other town whose incidents could take a report of this one."""
        compatible = self.matcher.compatible
        mine: set[str] = set()
        if self._cell_km > self.rules.near_km:
            cells = self._near_cells(key.lat, key.lon)  # type: ignore[arg-type]
        else:  # a cell narrower than near_km: look at every town seen
            cells = list(self._towns)
        for cell in cells:
            for other in self._towns.get(cell, ()):
                if other.name != key.name and compatible(key, other):
                    mine.add(other.name)
                    self._near_names[other].add(key.name)
        self._near_names[key] = mine
        self._towns.setdefault(self._cell(key.lat, key.lon), []).append(key)  # type: ignore[arg-type]
        return mine

    def _cell(self, lat: float, lon: float) -> Cell:
        d = self.rules.cell_degrees
        return (int(lat // d), int(lon // d))

    def _near_cells(self, lat: float, lon: float) -> list[Cell]:
        cell = self._cell(lat, lon)
        found = self._near.get(cell)
        if found is None:
            r, c = cell
            found = self._near[cell] = [(r + i, c + j) for i in (-1, 0, 1) for j in (-1, 0, 1)]
        return found

    def _attach(self, inc: Incident, report: Report) -> None:
        inc.reports.append(report)
        inc.size += 1
        inc.articles.add(report.article_id)
        lo, hi = report.lo, report.hi
        if lo is not None:
            inc.spans.add((lo, hi, report.rank))
            if inc.lo is None:
                inc.lo, inc.hi = lo, hi
            else:
                inc.lo, inc.hi = min(inc.lo, lo), max(inc.hi, hi)
            if report.rank < COARSE:
                inc.fine_min_hi = min(inc.fine_min_hi, hi)
                inc.fine_max_lo = max(inc.fine_max_lo, lo)
            else:
                inc.coarse_min_hi = min(inc.coarse_min_hi, hi)
                inc.coarse_max_lo = max(inc.coarse_max_lo, lo)
        key = place_key(report)
        if key is not None and key.name not in inc.places:
            inc.places[key.name] = key
            if key.geo == 1 and key.lat is not None:
                inc.has_town = True
                if key not in self._near_names:
                    self._see_town(key)

    def _index(self, inc: Incident) -> None:
        """(Re)register `inc` under every bucket its span touches and its place names;
        registrations only ever grow with the incident."""
        if not inc.open or inc.lo is None:
            return
        w = self._width(inc.type, inc.episode)
        kind = (inc.type, inc.episode)
        names = inc.names
        new_names = (
            [n for n in inc.places if n not in names] if len(inc.places) > len(names) else ()
        )
        blocks = self._blocks.get(kind)
        if blocks is None:
            blocks = self._blocks[kind] = {}
        if new_names:
            for b in inc.buckets:
                self._register(blocks[b], inc, new_names)
        buckets = inc.buckets
        for b in range(inc.lo // w, inc.hi // w + 1):
            if b in buckets:
                continue
            block = blocks.get(b)
            if block is None:
                block = blocks[b] = _Block()
            buckets.add(b)
            block.every.append(inc)
            if not inc.has_town:
                block.vague.append(inc)
            self._register(block, inc, inc.places)
        names.update(new_names)

    @staticmethod
    def _register(block: _Block, inc: Incident, names: Iterable[str]) -> None:
        by_name = block.by_name
        for name in names:
            if name in by_name:
                by_name[name].append(inc)
            else:
                by_name[name] = [inc]
