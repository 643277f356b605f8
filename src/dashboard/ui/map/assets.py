"""Where the map's Leaflet scripts and styles come from: our own static folder, or a CDN.

Folium points the browser at public CDNs, and without them the map is blank. When
`scripts/install_static_assets.sh` has put Leaflet into ./static/vendor/ (served by
Streamlit at /app/static/), the map loads it from the app itself and needs no internet.
The CDN is only the fallback for a checkout where nothing could be installed.

The URLs are absolute paths (`/app/static/...`) because streamlit-folium draws the map in
an iframe served from /component/..., against which a relative URL would resolve wrongly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.paths import PROJECT_ROOT

STATIC_DIR = PROJECT_ROOT / "static"
VENDOR = "vendor"

# name -> (file under static/vendor/, CDN URL of the same library)
_CDN_LEAFLET = "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist"
_CDN_CLUSTER = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.5.3"
LEAFLET_JS = ("leaflet/leaflet.js", f"{_CDN_LEAFLET}/leaflet.js")
LEAFLET_CSS = ("leaflet/leaflet.css", f"{_CDN_LEAFLET}/leaflet.css")
CLUSTER_JS = (
    "leaflet.markercluster/leaflet.markercluster.js",
    f"{_CDN_CLUSTER}/leaflet.markercluster.js",
)
CLUSTER_CSS = ("leaflet.markercluster/MarkerCluster.css", f"{_CDN_CLUSTER}/MarkerCluster.css")
CLUSTER_DEFAULT_CSS = (
    "leaflet.markercluster/MarkerCluster.Default.css",
    f"{_CDN_CLUSTER}/MarkerCluster.Default.css",
)


@dataclass(frozen=True)
class MapAssets:
    """Script and style URLs in load order, as folium's (name, url) lists."""

    map_js: list[tuple[str, str]]
    map_css: list[tuple[str, str]]
    cluster_js: list[tuple[str, str]]
    cluster_css: list[tuple[str, str]]
    local: bool


def _prefix(base_url_path: str) -> str:
    base = base_url_path.strip("/")
    return f"/{base}/app/static/{VENDOR}" if base else f"/app/static/{VENDOR}"


def map_assets(static_dir: Path = STATIC_DIR, base_url_path: str = "") -> MapAssets:
    """Local URLs when every vendored file is present, else the CDN for all of them (a mix
    of two Leaflet versions would be worse than either)."""
    wanted = (LEAFLET_JS, LEAFLET_CSS, CLUSTER_JS, CLUSTER_CSS, CLUSTER_DEFAULT_CSS)
    local = all((static_dir / VENDOR / rel).is_file() for rel, _ in wanted)
    prefix = _prefix(base_url_path)

    def url(asset: tuple[str, str]) -> str:
        return f"{prefix}/{asset[0]}" if local else asset[1]

    return MapAssets(
        map_js=[("leaflet", url(LEAFLET_JS))],
        map_css=[("leaflet_css", url(LEAFLET_CSS))],
        cluster_js=[("markerclusterjs", url(CLUSTER_JS))],
        cluster_css=[
            ("markerclustercss", url(CLUSTER_CSS)),
            ("markerclusterdefaultcss", url(CLUSTER_DEFAULT_CSS)),
        ],
        local=local,
    )
