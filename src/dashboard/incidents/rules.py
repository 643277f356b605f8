"""The parameters that decide when two event reports are one incident.

They live in `data/incidents/rules.json`, not in code, so that an analyst can loosen or
tighten them (and then run `dashboard incidents --rebuild`) without a release.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from dashboard.paths import data_dir

TIME_PRECISIONS = ("day", "week", "reported", "month", "year")


@dataclass(frozen=True)
class Shape:
    """A region drawn in a GeoJSON file under data/, widened by `buffer_km`, so that
    "inside Nagorno-Karabakh" is a polygon test rather than a radius."""

    file: str
    buffer_km: float = 0.0


@dataclass(frozen=True, eq=False)
class Rules:
    # two reports' dates may be at most this many days apart (19 and 20 Sep: yes)
    day_tolerance_days: int = 1
    # a report without a date in its text happened at most this long before publication
    reported_lookback_days: int = 1
    # states that last (a blockade, an exodus): per type, the longest silence between
    # two reports of one such state, in days
    ongoing_gap_days: dict[str, int] = field(
        default_factory=lambda: {"blockade": 120, "displacement": 7}
    )
    # a report of an ongoing state placed at a town and stating no figure is an episode
    # there (a checkpoint set up, a bus arriving), grouped like a point happening rather
    # than joined to the months-long state (see reports.is_episode)
    town_episodes: bool = True
    # precisions whose reports may join others (a year alone says too little)
    join_precisions: tuple[str, ...] = ("day", "week", "reported", "month")
    # a report without a place may join a placed incident
    unplaced_joins: bool = True
    # a report naming only a region (or no place) that fits several incidents of other
    # places founds its own rather than guessing which one it means
    vague_joins_only_one: bool = True
    # two reports of one article are two happenings (the extractor already merges the
    # sentences of one happening into one event)
    same_article_joins: bool = False
    # when one article reports several alike happenings (type, days, place) with
    # different figures, other alike reports cannot be told apart: each stays alone
    split_alike_figures: bool = True
    # two distinct towns closer than this are one place (spelling, suburb)
    near_km: float = 4.0
    # how far from its point a region (geo precision 2) or country (3) reaches, when no
    # shape or country code says better
    region_radius_km: dict[int, float] = field(default_factory=lambda: {2: 40.0, 3: 400.0})
    shapes: dict[str, Shape] = field(default_factory=dict)
    # figures of one happening further apart than this ratio are a conflict
    figure_conflict_ratio: float = 1.5
    # blocking: a candidate search looks only at incidents of the same type in nearby
    # buckets of days and, for towns, nearby grid cells
    block_days: int = 1
    block_days_ongoing: int = 30
    cell_degrees: float = 0.25

    @property
    def ongoing_types(self) -> frozenset[str]:
        return frozenset(self.ongoing_gap_days)

    def bucket_days(self, type_: str) -> int:
        """Width of a blocking bucket: a day for happenings (a report looks at the days
        around its own), a month for ongoing states (whose gaps are long)."""
        return self.block_days_ongoing if type_ in self.ongoing_gap_days else self.block_days

    def max_gap(self, type_: str) -> int:
        """The widest date gap across which a report of `type_` may still join."""
        return max(self.ongoing_gap_days.get(type_, 0), self.day_tolerance_days)


def load_rules(path: str | Path | None = None) -> Rules:
    """Rules from `path` (default data/incidents/rules.json); keys left out keep their
    default, unknown keys are an error naming the file."""
    path = Path(path) if path else data_dir() / "incidents" / "rules.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read incident rules: {exc}") from exc
    raw = {k: v for k, v in raw.items() if not k.startswith("_")}
    known = set(Rules.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise ValueError(f"{path}: unknown incident rule(s): {', '.join(unknown)}")
    if "ongoing_gap_days" in raw:
        raw["ongoing_gap_days"] = {str(k): int(v) for k, v in raw["ongoing_gap_days"].items()}
    if "join_precisions" in raw:
        bad = set(raw["join_precisions"]) - set(TIME_PRECISIONS)
        if bad:
            raise ValueError(f"{path}: unknown precision(s) in join_precisions: {sorted(bad)}")
        raw["join_precisions"] = tuple(raw["join_precisions"])
    if "region_radius_km" in raw:
        raw["region_radius_km"] = {int(k): float(v) for k, v in raw["region_radius_km"].items()}
    if "shapes" in raw:
        raw["shapes"] = {name: Shape(**spec) for name, spec in raw["shapes"].items()}
    return Rules(**raw)


@lru_cache(maxsize=1)
def default_rules() -> Rules:
    return load_rules()
