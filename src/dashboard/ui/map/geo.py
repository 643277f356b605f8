"""The map's fixed geography: country borders, the Nagorno-Karabakh outline, the Lachin
corridor.

All of it is local, so the map still shows where it is when no tile server can be reached:
borders come from the `countryinfo` package (coarse Natural Earth shapes it ships), the
outline and corridor from hand-drawn, approximate GeoJSON files in data/geo/.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import geopandas as gpd

from dashboard.paths import PROJECT_ROOT, data_dir

# the region and its neighbours; enough context at the zoom levels the map uses
COUNTRIES = ("Armenia", "Azerbaijan", "Georgia", "Iran", "Turkey", "Russia")
OUTLINE_FILE = "nagorno_karabakh.geojson"
CORRIDOR_FILE = "lachin_corridor.geojson"


def geo_file(name: str) -> Path:
    """A file of data/geo/, from DASHBOARD_DATA_DIR when that holds it, else the repo's."""
    own = data_dir() / "geo" / name
    return own if own.is_file() else PROJECT_ROOT / "data" / "geo" / name


@lru_cache(maxsize=4)
def read_layer(name: str) -> gpd.GeoDataFrame:
    """One GeoJSON file of data/geo/ in WGS84; empty when the file is missing or broken,
    because the map is still useful without it."""
    path = geo_file(name)
    try:
        gdf = gpd.read_file(path)
    except Exception:  # noqa: BLE001 - any unreadable file just means no overlay
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
    return gdf.to_crs("EPSG:4326") if gdf.crs else gdf.set_crs("EPSG:4326")


def outline() -> gpd.GeoDataFrame:
    return read_layer(OUTLINE_FILE)


def corridor() -> gpd.GeoDataFrame:
    return read_layer(CORRIDOR_FILE)


@lru_cache(maxsize=1)
def countries() -> gpd.GeoDataFrame:
    """Borders of `COUNTRIES`; empty if the `countryinfo` package is unavailable."""
    try:
        from countryinfo import CountryInfo
    except ImportError:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
    features = []
    for name in COUNTRIES:
        try:
            collection = CountryInfo(name).geo_json()
        except Exception:  # noqa: BLE001 - a renamed country drops out, the rest still draw
            continue
        for feature in collection.get("features", []):
            features.append({**feature, "properties": {"name": name}})
    if not features:
        return gpd.GeoDataFrame({"name": []}, geometry=[], crs="EPSG:4326")
    return gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
