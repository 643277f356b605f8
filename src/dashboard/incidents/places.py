"""Whether two report places can be the place of one happening.

The same name always can; two towns only when closer than `near_km` (two villages shelled
on the same day are two incidents); a town and a region when the town lies inside it
(a drawn shape under data/geo/, the gazetteer's country code, or else a radius by
precision); two regions when their shapes overlap. Answers are cached per pair of names,
since a corpus names a few hundred places over and over.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.incidents.rules import Rules
from dashboard.paths import data_dir

_KM_PER_DEGREE = 111.2


@dataclass(frozen=True, slots=True)
class PlaceKey:
    name: str
    lat: float | None
    lon: float | None
    geo: int  # 1 town, 2 region, 3 country


@dataclass(frozen=True)
class GazetteerPlace:
    kind: str
    country: str | None


@lru_cache(maxsize=1)
def gazetteer_places() -> dict[str, GazetteerPlace]:
    """Canonical name -> kind and country code, from data/gazetteer/places.json."""
    path = data_dir() / "gazetteer" / "places.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {p["name"]: GazetteerPlace(p["kind"], p.get("country")) for p in raw["places"]}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _load_shape(path: Path, buffer_km: float):
    """The union of a GeoJSON file's geometries, widened by `buffer_km` (in degrees at
    this latitude: accurate enough for a few kilometres)."""
    from shapely.geometry import shape
    from shapely.ops import unary_union
    from shapely.prepared import prep

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read shape for incident rules: {exc}") from exc
    geoms = [shape(f["geometry"]) for f in raw.get("features", [])]
    if not geoms:
        raise ValueError(f"{path}: no geometry for incident rules")
    geom = unary_union(geoms)
    if buffer_km:
        geom = geom.buffer(buffer_km / _KM_PER_DEGREE)
    return geom, prep(geom)


class PlaceMatcher:
    """`compatible(a, b)` under one set of rules."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.gazetteer = gazetteer_places()
        self._shapes = {
            name: _load_shape(data_dir() / spec.file, spec.buffer_km)
            for name, spec in rules.shapes.items()
        }
        self._cache: dict[tuple[str, str], bool] = {}

    def compatible(self, a: PlaceKey, b: PlaceKey) -> bool:
        if a.name == b.name:
            return True
        key = (a.name, b.name) if a.name < b.name else (b.name, a.name)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._decide(a, b)
        return found

    def _decide(self, a: PlaceKey, b: PlaceKey) -> bool:
        if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
            return False  # two different names, nowhere to compare them
        if a.geo > b.geo:
            a, b = b, a
        if a.geo == b.geo:
            if a.geo > 1 and a.name in self._shapes and b.name in self._shapes:
                return self._shapes[a.name][0].intersects(self._shapes[b.name][0])
            return distance_km(a.lat, a.lon, b.lat, b.lon) <= self.rules.near_km
        return self._inside(a, b)

    def _inside(self, fine: PlaceKey, coarse: PlaceKey) -> bool:
        """Whether `fine` lies within `coarse` (the coarser of the two)."""
        from shapely.geometry import Point

        shape = self._shapes.get(coarse.name)
        if shape is not None:
            if fine.name in self._shapes:  # a shape in a shape: overlap will do
                return shape[0].intersects(self._shapes[fine.name][0])
            return shape[1].contains(Point(fine.lon, fine.lat))
        coarse_entry = self.gazetteer.get(coarse.name)
        fine_entry = self.gazetteer.get(fine.name)
        if coarse_entry is not None and coarse_entry.kind == "country" and fine_entry is not None:
            return fine_entry.country == coarse_entry.country
        radius = self.rules.region_radius_km.get(coarse.geo, self.rules.near_km)
        return distance_km(fine.lat, fine.lon, coarse.lat, coarse.lon) <= radius
