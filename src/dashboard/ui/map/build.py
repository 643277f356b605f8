"""The events map as a folium object, built without Streamlit so it can be tested directly.

Three choices shape it:

* Every text that reaches the map (evidence, outlet, place, title) comes from the open web
  and is inserted by Leaflet as HTML, so each value is escaped here and links point only to
  our own article view or to http(s) article URLs.
* Markers are drawn in the browser from one compact array per event type (the idea of
  folium's FastMarkerCluster; the elements are in `map_elements`), not as one folium
  object per event: a folium MarkerCluster
  of 10,000 markers is an 8 MB page. Past `MAX_MARKERS` events, or past
  `MARKER_BUDGET_BYTES` of popup text, events are counted per grid cell on the server and
  drawn as one circle per cell.
* Scripts and styles come from `assets.map_assets` (our own static folder when installed),
  and borders, outline and corridor from local files, so with no internet the map still
  draws everything but the background tiles.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import quote

import folium
import numpy as np
import pandas as pd

from dashboard.ui.format import (
    count_text,
    geo_precision_text,
    is_approximate,
    shorten,
    time_precision_text,
)
from dashboard.ui.map import geo
from dashboard.ui.map.assets import MapAssets, map_assets
from dashboard.ui.map.elements import (
    OTHER_COLOUR,
    TYPE_COLOURS,
    Backdrop,
    FitBeside,
    Legend,
    PointLayer,
    SharedCluster,
    colour,
    js_data,
)
from dashboard.ui.safe import safe_url

__all__ = [
    "OTHER_COLOUR",
    "TYPE_COLOURS",
    "Backdrop",
    "Legend",
    "MapInfo",
    "PointLayer",
    "SharedCluster",
    "build_map",
    "build_map_groups",
    "colour",
]


MAX_MARKERS = 2000  # more events than this are aggregated per grid cell
MARKER_BUDGET_BYTES = 800_000  # ... and so are fewer, if their popups would weigh more
MAX_CELLS = 1500  # the cell grows until the aggregated map has at most this many circles
CELL_DEGREES = 0.1  # smallest cell, about 11 km north-south
# cell sizes to choose from, so the popup can say "0.2° cell" rather than "0.1373° cell"
CELL_LADDER = (0.1, 0.2, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0)
CELLS_ACROSS = 30  # aim for about this many cells across the events' extent
EVIDENCE_CHARS = 200  # the popup quotes this much; the article view has the rest
ARTICLE_PAGE = "Articles"  # pages/4_Articles.py, whose URL key for an article is `article`

# Where the map opens when there is nothing to fit: Armenia, Azerbaijan and Karabakh.
REGION_BOUNDS = ((38.3, 43.4), (41.95, 50.4))

OSM_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
)
NO_TILES = {"none", "off", "no", "false", "0"}


@dataclass(frozen=True)
class TileSource:
    url: str
    attribution: str


def tile_source(value: str | None, attribution: str | None = None) -> TileSource | None:
    """The DASHBOARD_TILES setting: unset -> OpenStreetMap, "none" -> no tiles (borders
    only), else an XYZ URL template with {z}/{x}/{y}. Raises ValueError for anything else,
    so a typo is reported instead of silently showing a blank background."""
    text = (value or "").strip()
    if not text or text.lower() in {"osm", "openstreetmap"}:
        return TileSource(OSM_URL, OSM_ATTRIBUTION)
    if text.lower() in NO_TILES:
        return None
    if text.startswith(("http://", "https://", "/")) and all(
        k in text for k in ("{z}", "{x}", "{y}")
    ):
        label = html.escape(attribution) if attribution else "Map tiles: " + html.escape(text)
        return TileSource(text, label)
    raise ValueError(
        f"DASHBOARD_TILES={text!r} is neither 'none' nor a tile URL with {{z}}, {{x}} and {{y}}"
    )


def _text(value: Any) -> str:
    """Display text of a cell, '' for missing values (None, NaN, pd.NA, NaT)."""
    if value is None or isinstance(value, list):
        return ""
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        pass
    return str(value).strip()


def article_href(article_id: str, base_url_path: str = "") -> str:
    """Our own article view. Absolute from the site root, because the map lives in an
    iframe at /component/... where a relative link would resolve to the wrong place."""
    base = base_url_path.strip("/")
    root = f"/{base}/" if base else "/"
    return f"{root}{ARTICLE_PAGE}?article={quote(str(article_id), safe='')}"


def date_text(row: Mapping[str, Any]) -> str:
    """ "2023-09 (month only)": the date as the article gave it, with its precision in
    words (`time_precision`, else the older `date_precision`)."""
    when = _text(row.get("date"))
    if not when:
        start = row.get("date_start")
        when = _text(start.date() if isinstance(start, pd.Timestamp) else start)
    if not when:
        return "date unknown"
    precision = time_precision_text(row.get("time_precision")) or _text(row.get("date_precision"))
    return f"{when} ({precision})" if precision else when


def place_text(row: Mapping[str, Any]) -> str:
    """ "Goris (town or village, named in the sentence)"; "" without a place."""
    where = _text(row.get("place"))
    if not where:
        return ""
    how = geo_precision_text(row.get("geo_precision"), row.get("place_source"))
    return f"{where} ({how})" if how else where


def _count(row: Mapping[str, Any]) -> str:
    value = row.get("count")
    if _text(value) == "":
        return ""
    return count_text(int(value), _text(row.get("count_qualifier")) or None)


def popup_html(row: Mapping[str, Any], base_url_path: str = "") -> str:
    """The popup of one event; every value is escaped, links are ours or http(s)."""
    e = html.escape
    kind = _text(row.get("type")) or "event"
    parts = [
        f"<b style='color:{colour(kind)}'>{e(kind.capitalize())}</b> · {e(date_text(row))}",
    ]
    where = place_text(row)
    count = _count(row)
    details = " · ".join(x for x in (e(where), f"count: {e(count)}" if count else "") if x)
    if details:
        parts.append(details)
    evidence = _text(row.get("evidence"))
    if evidence:
        parts.append(f"<i>“{e(shorten(evidence, EVIDENCE_CHARS))}”</i>")
    source = [e(_text(row.get("outlet")) or "unknown outlet")]
    article_id = _text(row.get("article_id"))
    if article_id:
        href = e(article_href(article_id, base_url_path))
        source.append(f"<a href='{href}' target='_top'>article</a>")
    url = safe_url(row.get("url"))
    if url:
        source.append(f"<a href='{e(url)}' target='_blank' rel='noopener'>source</a>")
    parts.append(" · ".join(source))
    return "<br>".join(parts)


def split_placed(events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(events with usable coordinates, events without), in the input order."""
    if events.empty or not {"lat", "lon"} <= set(events.columns):
        return events.iloc[0:0], events
    lat = pd.to_numeric(events["lat"], errors="coerce")
    lon = pd.to_numeric(events["lon"], errors="coerce")
    ok = lat.between(-90, 90) & lon.between(-180, 180)
    return events[ok], events[~ok]


# ---------------------------------------------------------------------------------------
# aggregation


def _column_text(df: pd.DataFrame, column: str, missing: str = "") -> pd.Series:
    if column not in df.columns:
        return pd.Series(missing, index=df.index, dtype=object)
    return df[column].map(lambda v: _text(v) or missing)


def _top(counts: pd.Series, keys: list[str], label: str) -> dict[tuple, list[tuple[str, int]]]:
    """Per cell key, its (label, count) pairs, most frequent first (ties by label)."""
    frame = counts.rename("n").reset_index()
    frame = frame.sort_values([*keys, "n", label], ascending=[True, True, False, True])
    out: dict[tuple, list[tuple[str, int]]] = {}
    for row in frame.itertuples(index=False):
        d = row._asdict()
        out.setdefault(tuple(d[k] for k in keys), []).append((str(d[label]), int(d["n"])))
    return out


GROUP_COLUMNS = ["lat", "lon", "type", "place", "events", "first", "last"]


def group_events(placed: pd.DataFrame) -> pd.DataFrame:
    """Placed events grouped by (lat, lon, type, place) with `events`, `first`, `last`:
    the same rows `query.summary.map_groups` computes in the database, so the map is
    drawn the same way from a DataFrame of events or from the database's groups."""
    if placed.empty:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    start = (
        placed["date_start"] if "date_start" in placed else pd.Series(pd.NaT, index=placed.index)
    )
    df = pd.DataFrame(
        {
            "lat": pd.to_numeric(placed["lat"]).astype(float),
            "lon": pd.to_numeric(placed["lon"]).astype(float),
            "type": _column_text(placed, "type", "event"),
            "place": _column_text(placed, "place"),
            "start": pd.to_datetime(start, errors="coerce"),
        }
    )
    return (
        df.groupby(["lat", "lon", "type", "place"], sort=False)
        .agg(events=("start", "size"), first=("start", "min"), last=("start", "max"))
        .reset_index()
    )


def _text_column(values: pd.Series, missing: str = "") -> pd.Series:
    """`_text` of every value of a text column, vectorised (the groups of a million events
    are thousands of rows)."""
    text = values.astype(object).where(values.notna(), "").astype(str).str.strip()
    return text.where(text != "", missing)


def _clean_groups(groups: pd.DataFrame) -> pd.DataFrame:
    """Groups with text keys as the map shows them ('' place, 'event' for no type)."""
    out = pd.DataFrame(
        {
            "lat": pd.to_numeric(groups["lat"]).astype(float),
            "lon": pd.to_numeric(groups["lon"]).astype(float),
            "type": _text_column(groups["type"], "event"),
            "place": _text_column(groups["place"]),
            "events": groups["events"].astype("int64"),
            "first": pd.to_datetime(groups["first"], errors="coerce"),
            "last": pd.to_datetime(groups["last"], errors="coerce"),
        }
    )
    return out[out["events"] > 0]


def aggregate(events: pd.DataFrame, cell: float = CELL_DEGREES) -> pd.DataFrame:
    """Placed events counted per grid cell of `cell` degrees: one row per cell with its
    centre (mean of its events), total, counts by type, main type, places and dates."""
    placed, _ = split_placed(events)
    return aggregate_groups(group_events(placed), cell)


def aggregate_groups(groups: pd.DataFrame, cell: float = CELL_DEGREES) -> pd.DataFrame:
    """`aggregate` from grouped events (`group_events` or `query.summary.map_groups`,
    placed groups only). Looping only per cell, so a million events cost as much as the
    few thousand groups they fall into."""
    cols = ["lat", "lon", "events", "by_type", "main_type", "places", "first", "last"]
    g = _clean_groups(groups)
    if g.empty:
        return pd.DataFrame(columns=cols)
    g = g.assign(
        cy=np.floor(g["lat"] / cell).astype(int),
        cx=np.floor(g["lon"] / cell).astype(int),
        wlat=g["lat"] * g["events"],
        wlon=g["lon"] * g["events"],
    )
    keys = ["cy", "cx"]
    base = g.groupby(keys, sort=False).agg(
        wlat=("wlat", "sum"),
        wlon=("wlon", "sum"),
        events=("events", "sum"),
        first=("first", "min"),
        last=("last", "max"),
    )
    types = _top(g.groupby([*keys, "type"])["events"].sum(), keys, "type")
    named = g[g["place"] != ""]
    places = (
        _top(named.groupby([*keys, "place"])["events"].sum(), keys, "place") if len(named) else {}
    )
    rows = []
    for key, cell_row in zip(base.index, base.itertuples(index=False), strict=True):
        by_type = types[key]
        rows.append(
            {
                "lat": float(cell_row.wlat / cell_row.events),
                "lon": float(cell_row.wlon / cell_row.events),
                "events": int(cell_row.events),
                "by_type": dict(by_type),
                "main_type": by_type[0][0],
                "places": [name for name, _ in places.get(key, [])[:3]],
                "first": None if pd.isna(cell_row.first) else cell_row.first.date(),
                "last": None if pd.isna(cell_row.last) else cell_row.last.date(),
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values("events", ascending=False, kind="stable").reset_index(drop=True)


def weighted_quantile(values: pd.Series, weights: pd.Series, q: float) -> float:
    """The `q` quantile (linear interpolation, as pandas) of `values` each repeated
    `weights` times, without repeating them."""
    order = np.argsort(values.to_numpy(dtype=float), kind="stable")
    v = values.to_numpy(dtype=float)[order]
    cum = np.cumsum(weights.to_numpy(dtype="int64")[order])
    h = (cum[-1] - 1) * q
    lo = int(np.floor(h))

    def at(k: int) -> float:
        return float(v[min(np.searchsorted(cum, k, side="right"), len(v) - 1)])

    a = at(lo)
    return a + (h - lo) * (at(min(lo + 1, int(cum[-1]) - 1)) - a)


def aggregate_within(
    events: pd.DataFrame, max_cells: int = MAX_CELLS
) -> tuple[pd.DataFrame, float]:
    """`aggregate` with the smallest cell of `CELL_LADDER` that puts about `CELLS_ACROSS`
    cells across the events' extent (so circles do not pile up at the zoom that shows
    them all) and leaves at most `max_cells` circles."""
    placed, _ = split_placed(events)
    return aggregate_groups_within(group_events(placed), max_cells)


def aggregate_groups_within(
    groups: pd.DataFrame, max_cells: int = MAX_CELLS
) -> tuple[pd.DataFrame, float]:
    """`aggregate_within` from grouped events (placed groups only)."""
    span = 0.0
    g = groups[groups["events"] > 0] if len(groups) else groups
    if len(g):
        # the central 90%: a few reports from Brussels or Moscow must not coarsen Karabakh
        n = g["events"]
        lat, lon = pd.to_numeric(g["lat"]), pd.to_numeric(g["lon"])
        span = max(
            weighted_quantile(lat, n, 0.95) - weighted_quantile(lat, n, 0.05),
            weighted_quantile(lon, n, 0.95) - weighted_quantile(lon, n, 0.05),
        )
    wanted = max(CELL_DEGREES, span / CELLS_ACROSS)
    ladder = [c for c in CELL_LADDER if c >= wanted] or [CELL_LADDER[-1]]
    for cell in ladder:
        cells = aggregate_groups(g, cell)
        if len(cells) <= max_cells:
            break
    return cells, cell


def cell_popup_html(cell: Mapping[str, Any], cell_degrees: float, noun: str = "events") -> str:
    """Counts by type for one grid cell, escaped like every popup; `noun` names what is
    counted (events or incidents)."""
    e = html.escape
    head = f"<b>{int(cell['events']):,} {e(noun)}</b> in this {cell_degrees:g}° cell"
    lines = [head]
    if cell.get("places"):
        lines.append("near " + e(", ".join(cell["places"])))
    first, last = cell.get("first"), cell.get("last")
    if first:
        lines.append(e(f"{first} – {last}" if last and last != first else str(first)))
    for kind, n in cell["by_type"].items():
        lines.append(f'<span style="color:{colour(kind)}">●</span> {e(kind)}: {int(n):,}')
    lines.append(f"<small>Filter or narrow the dates to see single {e(noun)}.</small>")
    return "<br>".join(lines)


def _cell_radius(n: int, largest: int) -> float:
    """Area in proportion to the count, relative to the fullest cell: 4 to 16 px."""
    return round(4.0 + 12.0 * math.sqrt(n / max(largest, 1)), 1)


# ---------------------------------------------------------------------------------------
# the map


@dataclass(frozen=True)
class MapInfo:
    """What the page says about the map it shows."""

    placed: int
    unplaced: int
    aggregated: bool
    cells: int = 0
    cell_degrees: float = 0.0
    local_assets: bool = False


def _marker_rows(placed: pd.DataFrame, base_url_path: str) -> dict[str, list[list[Any]]]:
    """Per type, [lat, lon, radius, popup, colour, hollow] per event: `hollow` (1) for a
    region-level or inferred place, which `PointLayer` draws as a dashed ring."""
    rows: dict[str, list[list[Any]]] = {}
    for row in placed.to_dict(orient="records"):
        kind = _text(row.get("type")) or "event"
        point = [round(float(row["lat"]), 5), round(float(row["lon"]), 5), 7]
        hollow = int(is_approximate(row.get("geo_precision"), row.get("place_source")))
        rows.setdefault(kind, []).append([*point, popup_html(row, base_url_path), None, hollow])
    return rows


def _approximate_count(rows: dict[str, list[list[Any]]]) -> tuple[int, int]:
    """(exact, approximate) markers among `rows`."""
    flags = [r[5] for layer in rows.values() for r in layer if len(r) > 5]
    return len(flags) - sum(flags), sum(flags)


def _rows_bytes(rows: dict[str, list[list[Any]]]) -> int:
    """Bytes the rows add to the page as Streamlit ships it (JSON, non-ASCII escaped)."""
    return sum(len(json.dumps(js_data(r))) for r in rows.values())


def _bounds(placed: pd.DataFrame) -> list[list[float]]:
    """Fit for placed events or their groups (only lat and lon are read)."""
    if placed.empty:
        (s, w), (n, e) = REGION_BOUNDS
        return [[s, w], [n, e]]
    lat = pd.to_numeric(placed["lat"])
    lon = pd.to_numeric(placed["lon"])
    s, n, w, e = lat.min(), lat.max(), lon.min(), lon.max()
    pad = 0.25  # a lone point or a tight group still shows its surroundings
    return [[float(s) - pad, float(w) - pad], [float(n) + pad, float(e) + pad]]


def _base_map(assets: MapAssets, tiles: TileSource | None, bounds: list[list[float]]) -> folium.Map:
    m = folium.Map(
        location=[(bounds[0][0] + bounds[1][0]) / 2, (bounds[0][1] + bounds[1][1]) / 2],
        zoom_start=7,
        tiles=None,
        control_scale=True,
        # marker clustering needs the map's maxZoom, which otherwise only a tile layer sets
        maxZoom=18,
        minZoom=3,
    )
    # only Leaflet: no bootstrap, font-awesome or awesome-markers, which this map never uses
    m.default_js = assets.map_js
    m.default_css = assets.map_css
    if tiles is not None:
        folium.TileLayer(
            tiles=tiles.url,
            attr=tiles.attribution,
            name="Map tiles",
            overlay=False,
            control=False,
            max_zoom=18,
        ).add_to(m)
    return m


# the reference layers drawn under the markers: name shown in the layer control, style
_GEOGRAPHY_STYLES = (
    (
        "Country borders",
        {"color": "#555", "weight": 1, "fillColor": "#f7f4ec", "fillOpacity": 0.5},
    ),
    (
        "Nagorno-Karabakh (approx.)",
        {
            "color": "#b8860b",
            "weight": 2,
            "dashArray": "6 4",
            "fillColor": "#ffd700",
            "fillOpacity": 0.08,
        },
    ),
    ("Lachin corridor (approx.)", {"color": "#000", "weight": 3, "dashArray": "2 6"}),
)


@lru_cache(maxsize=1)
def _geography_json() -> tuple[str | None, ...]:
    """Borders, outline and corridor as GeoJSON text, serialised once per process (the
    files do not change while the app runs)."""
    frames = (geo.countries(), geo.outline(), geo.corridor())
    return tuple(None if f.empty else f[["name", "geometry"]].to_json() for f in frames)


def _add_geography(m: folium.Map) -> None:
    for text, (name, style) in zip(_geography_json(), _GEOGRAPHY_STYLES, strict=True):
        if text is not None:
            folium.GeoJson(
                text,
                name=name,
                style_function=lambda _, style=style: style,
                tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
            ).add_to(m)


def build_map(
    events: pd.DataFrame,
    assets: MapAssets | None = None,
    tiles: TileSource | None = None,
    base_url_path: str = "",
    max_markers: int = MAX_MARKERS,
    marker_budget: int = MARKER_BUDGET_BYTES,
) -> tuple[folium.Map, MapInfo]:
    """The folium map of `events` (an events table as `query.events` returns it)."""
    return build_rows(events, assets, tiles, base_url_path, max_markers, marker_budget)


def build_rows(
    rows: pd.DataFrame,
    assets: MapAssets | None,
    tiles: TileSource | None,
    base_url_path: str,
    max_markers: int,
    marker_budget: int,
    **marker_options: Any,
) -> tuple[folium.Map, MapInfo]:
    """The map of rows that each carry a place (events or incidents): placed ones grouped
    per place, the others counted; `marker_options` go to `_build`."""
    placed, unplaced = split_placed(rows)
    return _build(
        group_events(placed),
        len(unplaced),
        lambda: placed,
        assets,
        tiles,
        base_url_path,
        max_markers,
        marker_budget,
        **marker_options,
    )


def build_map_groups(
    groups: pd.DataFrame,
    points: Callable[[], pd.DataFrame],
    assets: MapAssets | None = None,
    tiles: TileSource | None = None,
    base_url_path: str = "",
    max_markers: int = MAX_MARKERS,
    marker_budget: int = MARKER_BUDGET_BYTES,
    **marker_options: Any,
) -> tuple[folium.Map, MapInfo]:
    """The same map from `query.summary.map_groups` rows: `points()` is asked for the
    placed events only when there are few enough to draw one by one, so a million events
    never leave the database. `marker_options` go to `_build`."""
    located = groups["located"].astype(bool) if len(groups) else pd.Series([], dtype=bool)
    unplaced = int(groups.loc[~located, "events"].sum()) if len(groups) else 0
    return _build(
        groups[located] if len(groups) else groups.reindex(columns=GROUP_COLUMNS),
        unplaced,
        points,
        assets,
        tiles,
        base_url_path,
        max_markers,
        marker_budget,
        **marker_options,
    )


def _build(
    groups: pd.DataFrame,
    unplaced: int,
    points: Callable[[], pd.DataFrame],
    assets: MapAssets | None,
    tiles: TileSource | None,
    base_url_path: str,
    max_markers: int,
    marker_budget: int,
    marker_rows: Callable[[pd.DataFrame, str], dict[str, list[list[Any]]]] | None = None,
    sizes: str | None = None,
    noun: str = "events",
) -> tuple[folium.Map, MapInfo]:
    assets = assets or map_assets(base_url_path=base_url_path)
    marker_rows = marker_rows or _marker_rows
    placed_n = int(groups["events"].sum()) if len(groups) else 0
    bounds = _bounds(groups)
    m = _base_map(assets, tiles, bounds)
    Backdrop().add_to(m)
    _add_geography(m)

    rows = marker_rows(points(), base_url_path) if 0 < placed_n <= max_markers else {}
    aggregated = placed_n > max_markers or _rows_bytes(rows) > marker_budget
    info = MapInfo(placed_n, unplaced, False, local_assets=assets.local)
    if aggregated:
        cells, degrees = aggregate_groups_within(groups)
        largest = int(cells["events"].max())
        cell_rows = [
            [
                round(c["lat"], 5),
                round(c["lon"], 5),
                _cell_radius(int(c["events"]), largest),
                cell_popup_html(c, degrees, noun),
                colour(c["main_type"]),
            ]
            for c in cells.to_dict(orient="records")
        ]
        PointLayer(cell_rows, "Events per grid cell", OTHER_COLOUR).add_to(m)
        counts = _clean_groups(groups).groupby("type")["events"].sum()
        legend = sorted(((str(k), int(n)) for k, n in counts.items()), key=lambda x: (-x[1], x[0]))
        Legend(dict(legend), "Colour: main event type of a cell").add_to(m)
        info = MapInfo(placed_n, unplaced, True, len(cells), degrees, assets.local)
    elif rows:
        cluster = SharedCluster(assets).add_to(m)
        order = sorted(rows, key=lambda k: (-len(rows[k]), k))  # biggest layer first
        for kind in order:
            label = (
                f'<span style="color:{colour(kind)}">●</span> '
                f"{html.escape(kind)} ({len(rows[kind]):,})"
            )
            PointLayer(rows[kind], label, colour(kind), cluster).add_to(m)
        Legend(
            {k: len(rows[k]) for k in order},
            "Event types",
            precision=_approximate_count(rows),
            sizes=sizes,
        ).add_to(m)
    else:
        Legend({}, "Event types").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    FitBeside([list(map(float, corner)) for corner in bounds], max_zoom=10).add_to(m)
    return m, info


def asset_urls(m: folium.Map) -> list[str]:
    """Every script and style URL the map asks the browser to load (as streamlit-folium
    collects them: `default_js`/`default_css` of the map and all its elements)."""
    urls: list[str] = []

    def walk(element: Any) -> None:
        urls.extend(u for _, u in getattr(element, "default_js", []))
        urls.extend(u for _, u in getattr(element, "default_css", []))
        for child in getattr(element, "_children", {}).values():
            walk(child)

    walk(m)
    return list(dict.fromkeys(urls))


def payload_bytes(m: folium.Map) -> int:
    """Size of the map page as Streamlit would ship it to the browser (a JSON string)."""
    return len(json.dumps(m.get_root().render()))
