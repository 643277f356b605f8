"""Where the map's Leaflet scripts and styles come from: our own static folder, or a CDN.

Folium points the browser at public CDNs, and without them the map is blank. When
`scripts/install_static_assets.sh` has put Leaflet into ./static/vendor/ (served by
Streamlit at /app/static/), the map loads it from the app itself and needs no internet.
The CDN is only the fallback for a checkout where nothing could be installed.

The URLs are absolute paths (`/app/static/...`) because streamlit-folium draws the map in
an iframe served from /component/..., against which a relative URL would resolve wrongly.
"""

from __future__ import annotations

import shutil
import tempfile
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


WANTED = (LEAFLET_JS, LEAFLET_CSS, CLUSTER_JS, CLUSTER_CSS, CLUSTER_DEFAULT_CSS)
# Debian's libjs-leaflet and libjs-leaflet.markercluster put both libraries here
DEBIAN_DIR = Path("/usr/share/javascript/leaflet")
INSTALL_COMMAND = "bash scripts/install_static_assets.sh"


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


def installed(static_dir: Path | None = None) -> bool:
    """Whether every vendored file is in `static_dir` (default: the app's static/)."""
    folder = (static_dir or STATIC_DIR) / VENDOR
    return all((folder / rel).is_file() for rel, _ in WANTED)


def install_from_debian(static_dir: Path | None = None, source: Path | None = None) -> bool:
    """Copy Leaflet from the Debian packages into static/vendor/ (what
    `scripts/install_static_assets.sh` does first), so an app started with a bare
    `streamlit run app.py` serves its own map scripts. Only files, no network and no
    package manager; a copy is built aside and moved in whole. False when the packages
    are not there or the folder is not writable."""
    source = source or DEBIAN_DIR
    files = {rel: source / Path(rel).name for rel, _ in WANTED}
    if not all(src.is_file() for src in files.values()):
        return False
    vendor = (static_dir or STATIC_DIR) / VENDOR
    try:
        vendor.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=vendor) as tmp:
            for rel, src in files.items():
                (Path(tmp) / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, Path(tmp) / rel)
            images = Path(tmp) / "leaflet" / "images"
            images.mkdir()
            for image in (source / "images").glob("*.png"):
                shutil.copyfile(image, images / image.name)
            for folder in ("leaflet", "leaflet.markercluster"):
                if (vendor / folder).exists():
                    shutil.rmtree(vendor / folder)
                (Path(tmp) / folder).rename(vendor / folder)
    except OSError:
        return False
    return installed(static_dir)


_TRIED: set[Path] = set()


def ensure_installed(static_dir: Path | None = None) -> bool:
    """True when the vendored files are there, after copying them from the Debian
    packages if they were not (tried once per process and folder)."""
    folder = static_dir or STATIC_DIR
    if installed(folder):
        return True
    if folder in _TRIED:
        return False
    _TRIED.add(folder)
    return install_from_debian(folder)


def missing_message(assets: MapAssets) -> str | None:
    """What the Map page says when it has to load Leaflet from the internet: offline, the
    map would otherwise stay blank without a word."""
    if assets.local:
        return None
    return (
        "The map's scripts (Leaflet) are not installed in `static/vendor/`, so the map loads "
        "them from a public CDN and stays blank without internet. To serve them from this "
        f"app, run `{INSTALL_COMMAND}` (or `make run`, which runs it) and reload the page."
    )


def map_assets(static_dir: Path | None = None, base_url_path: str = "") -> MapAssets:
    """Local URLs when every vendored file is present, else the CDN for all of them (a mix
    of two Leaflet versions would be worse than either)."""
    local = installed(static_dir)
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
