"""The folium map built without Streamlit: escaping, colours, aggregation, payload size,
the local geography files and where the browser is told to fetch Leaflet from."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pandas as pd
import pytest
from shapely.geometry import Point

from dashboard.ui.map import assets, geo
from dashboard.ui.map import build as mp

STEPANAKERT = (39.8156, 46.7519)
LACHIN = (39.64, 46.55)
GORIS = (39.5111, 46.3389)


def _events(n: int, evidence: str = "Shelling was reported near the town.", seed: int = 1):
    """`n` synthetic events spread over the region, cycling through every type."""
    rng = random.Random(seed)
    types = list(mp.TYPE_COLOURS)
    return pd.DataFrame(
        {
            "id": [f"e{i}" for i in range(n)],
            "article_id": [f"a{i % 500}" for i in range(n)],
            "type": [types[i % len(types)] for i in range(n)],
            "date": ["2023-09-19"] * n,
            "date_start": pd.to_datetime(["2023-09-19"] * n),
            "date_precision": ["day"] * n,
            "place": [f"Place {i % 300}" for i in range(n)],
            "lat": [38.8 + rng.random() * 2.5 for _ in range(n)],
            "lon": [44.5 + rng.random() * 4 for _ in range(n)],
            "count": pd.array([None] * n, dtype="Int64"),
            "count_qualifier": [None] * n,
            "evidence": [evidence] * n,
            "outlet": ["Some Outlet"] * n,
            "title": ["A title"] * n,
            "url": ["https://example.org/news/1"] * n,
            "language": ["en"] * n,
        }
    )


def _html(m) -> str:
    return m.get_root().render()


# --- popups -------------------------------------------------------------------------------


def test_popup_escapes_every_text_value_and_links_only_safely():
    row = {
        "type": "military<script>",
        "date": "2023-09-19",
        "date_precision": "day",
        "place": '"><img src=x onerror=alert(1)>',
        "count": 120000,
        "count_qualifier": "about",
        "evidence": "Fighting </script><script>alert('x')</script> near Shusha & Lachin.",
        "outlet": "<b>Outlet</b>",
        "article_id": "id&x=\"'<>",
        "url": "javascript:alert(1)",
    }
    out = mp.popup_html(row)
    for raw in ("<script", "</script", "<img", "<b>Outlet", "javascript:", "onerror=alert(1)>"):
        assert raw not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "&lt;b&gt;Outlet&lt;/b&gt;" in out
    assert "Shusha &amp; Lachin" in out
    assert "about 120,000" in out
    assert "2023-09-19 (day)" in out
    # our own article view, percent-encoded, opened in the app rather than in the iframe
    assert "href='/Articles?article=id%26x%3D%22%27%3C%3E' target='_top'" in out


def test_popup_links_http_sources_and_respects_a_base_path():
    row = {"type": "ceasefire", "article_id": "abc", "url": "https://example.org/a?b=1&c=2"}
    out = mp.popup_html(row, base_url_path="/dash/")
    assert "href='/dash/Articles?article=abc'" in out
    assert "href='https://example.org/a?b=1&amp;c=2' target='_blank'" in out
    assert "date unknown" in out
    assert mp.safe_url("data:text/html,x") is None
    assert mp.safe_url(" HTTP://example.org ") == "HTTP://example.org"


def test_script_tags_in_evidence_cannot_close_the_map_script():
    events = _events(3, evidence="</script><script>alert(1)</script>")
    events.loc[0, "outlet"] = "</script>"
    m, _ = mp.build_map(events)
    html = _html(m)
    assert "<script>alert(1)" not in html
    assert html.count("</script>") == html.count("<script")


def test_date_text_keeps_the_precision_the_article_gave():
    assert mp.date_text({"date": "2023-10", "date_precision": "month"}) == "2023-10 (month)"
    ts = pd.Timestamp("2020-11-10")
    assert mp.date_text({"date": None, "date_start": ts}) == "2020-11-10"
    assert mp.date_text({}) == "date unknown"


# --- colours, layers, legend --------------------------------------------------------------


def test_every_event_type_has_its_own_colour_and_layer():
    colours = list(mp.TYPE_COLOURS.values())
    assert len(set(colours)) == len(colours) == 10
    assert mp.OTHER_COLOUR not in colours
    assert mp.colour("no-such-type") == mp.OTHER_COLOUR

    m, info = mp.build_map(_events(30))
    assert not info.aggregated and info.placed == 30
    layers = [c for c in m._children.values() if isinstance(c, mp.PointLayer)]
    assert len(layers) == 10
    for layer in layers:
        kind = next(k for k in mp.TYPE_COLOURS if f"> {k} (" in layer.layer_name)
        assert json.loads(layer.style_json)["fillColor"] == mp.TYPE_COLOURS[kind]
        assert len(json.loads(layer.rows_json)) == 3
    legend = next(c for c in m._children.values() if isinstance(c, mp.Legend))
    assert all(k in json.loads(legend.html_json) for k in mp.TYPE_COLOURS)


def test_layer_names_and_legend_escape_unknown_types():
    events = _events(2)
    events["type"] = "<i>odd</i>"
    m, _ = mp.build_map(events)
    html = _html(m)
    assert "<i>odd</i>" not in html
    assert "&lt;i&gt;odd&lt;/i&gt;" in html


def test_no_events_still_draws_borders_outline_and_corridor():
    m, info = mp.build_map(_events(0))
    html = _html(m)
    assert (info.placed, info.unplaced, info.aggregated) == (0, 0, False)
    for name in ("Country borders", "Nagorno-Karabakh (approx.)", "Lachin corridor (approx.)"):
        assert name in html
    assert "no events placed" in html


def test_events_without_coordinates_are_split_off():
    events = _events(4)
    events.loc[0, "lat"] = None
    events.loc[1, "lon"] = float("nan")
    events.loc[2, "lat"] = 123.0  # not a latitude
    placed, unplaced = mp.split_placed(events)
    assert list(placed["id"]) == ["e3"]
    assert list(unplaced["id"]) == ["e0", "e1", "e2"]
    _, info = mp.build_map(events)
    assert (info.placed, info.unplaced) == (1, 3)


# --- aggregation and payload --------------------------------------------------------------


def test_many_events_are_aggregated_per_cell_and_counts_add_up():
    events = _events(mp.MAX_MARKERS + 1)
    m, info = mp.build_map(events)
    assert info.aggregated and 0 < info.cells <= mp.MAX_CELLS
    cells, _ = mp.aggregate_within(events)
    assert cells["events"].sum() == len(events)
    by_type: dict[str, int] = {}
    for counts in cells["by_type"]:
        for k, n in counts.items():
            by_type[k] = by_type.get(k, 0) + n
    assert by_type == events["type"].value_counts().to_dict()
    assert not any(isinstance(c, mp.SharedCluster) for c in m._children.values())


def test_aggregate_groups_by_grid_cell_with_counts_by_type():
    events = pd.DataFrame(
        {
            "type": ["military", "military", "evacuation", "protest"],
            "lat": [39.81, 39.82, 39.83, 40.18],
            "lon": [46.74, 46.75, 46.76, 44.51],
            "place": ["Stepanakert", "Stepanakert", "<Shusha>", "Yerevan"],
            "date_start": pd.to_datetime(["2023-09-19", "2023-09-20", "2023-09-25", None]),
        }
    )
    cells = mp.aggregate(events, cell=0.1)
    assert list(cells["events"]) == [3, 1]
    first = cells.iloc[0]
    assert first["by_type"] == {"military": 2, "evacuation": 1}
    assert first["main_type"] == "military"
    assert first["places"] == ["Stepanakert", "<Shusha>"]
    assert str(first["first"]) == "2023-09-19" and str(first["last"]) == "2023-09-25"
    popup = mp.cell_popup_html(first, 0.1)
    assert "&lt;Shusha&gt;" in popup and "<Shusha>" not in popup
    assert "military: 2" in popup


def test_heavy_popups_are_aggregated_even_below_the_marker_count():
    # 1,500 events whose quoted sentences are long and Cyrillic would ship > 1 MB of popups
    events = _events(1500, evidence="Я" * 400)
    m, info = mp.build_map(events)
    assert info.aggregated
    assert mp.payload_bytes(m) < 1_000_000


@pytest.mark.parametrize("n", [10_000, 1_000])
def test_payload_stays_under_one_megabyte(n):
    m, info = mp.build_map(_events(n))
    assert info.aggregated == (n > mp.MAX_MARKERS)
    assert mp.payload_bytes(m) < 1_000_000


# --- geography ----------------------------------------------------------------------------


def test_outline_and_corridor_geojson_load_with_geopandas():
    outline = geo.outline()
    assert len(outline) == 1 and outline.crs.to_epsg() == 4326
    shape = outline.geometry.iloc[0]
    assert shape.is_valid and shape.geom_type == "Polygon"
    assert shape.contains(Point(STEPANAKERT[1], STEPANAKERT[0]))
    assert not shape.contains(Point(LACHIN[1], LACHIN[0]))
    assert "pproximate" in outline["note"].iloc[0]

    corridor = geo.corridor()
    line = corridor.geometry.iloc[0]
    assert line.geom_type == "LineString"
    start, end = line.coords[0], line.coords[-1]
    assert Point(start).distance(Point(GORIS[1], GORIS[0])) < 0.05
    assert Point(end).distance(Point(STEPANAKERT[1], STEPANAKERT[0])) < 0.05


def test_country_borders_come_from_a_package():
    countries = geo.countries()
    assert {"Armenia", "Azerbaijan", "Georgia", "Iran", "Turkey"} <= set(countries["name"])
    yerevan = Point(44.51, 40.18)
    armenia = countries[countries["name"] == "Armenia"].geometry.union_all()
    assert armenia.contains(yerevan)


def test_a_missing_geo_file_means_no_overlay_not_an_error(tmp_path):
    assert geo.read_layer.__wrapped__("no_such_file.geojson").empty


# --- assets and tiles ---------------------------------------------------------------------


def _vendor(tmp_path: Path) -> Path:
    static = tmp_path / "static"
    for rel, _ in (
        assets.LEAFLET_JS,
        assets.LEAFLET_CSS,
        assets.CLUSTER_JS,
        assets.CLUSTER_CSS,
        assets.CLUSTER_DEFAULT_CSS,
    ):
        path = static / assets.VENDOR / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("/* test */")
    return static


def test_assets_are_local_when_installed(tmp_path):
    found = assets.map_assets(_vendor(tmp_path))
    assert found.local
    m, info = mp.build_map(_events(5), assets=found)
    urls = mp.asset_urls(m)
    assert info.local_assets
    assert urls == [
        "/app/static/vendor/leaflet/leaflet.js",
        "/app/static/vendor/leaflet/leaflet.css",
        "/app/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.css",
        "/app/static/vendor/leaflet.markercluster/MarkerCluster.Default.css",
    ]
    # nothing else in the page points outside the app either (no tiles asked for here)
    html = _html(m).replace("https://example.org/news/1", "")
    assert "https://" not in html and "http://" not in html
    behind_proxy = assets.map_assets(_vendor(tmp_path), base_url_path="/dash/")
    assert behind_proxy.map_js == [("leaflet", "/dash/app/static/vendor/leaflet/leaflet.js")]


def test_assets_fall_back_to_the_cdn_when_missing(tmp_path):
    static = _vendor(tmp_path)
    (static / assets.VENDOR / assets.CLUSTER_CSS[0]).unlink()  # incomplete install
    found = assets.map_assets(static)
    assert not found.local
    m, _ = mp.build_map(_events(5), assets=found)
    urls = mp.asset_urls(m)
    assert urls and all(u.startswith("https://") for u in urls)
    # folium's extras this map never uses are not loaded from anywhere
    assert not any(x in u for u in urls for x in ("bootstrap", "fontawesome", "awesome-markers"))


def test_tile_source_setting():
    assert mp.tile_source(None).url == mp.OSM_URL
    assert mp.tile_source("none") is None
    custom = mp.tile_source("http://tiles.local/{z}/{x}/{y}.png", "<b>Local</b>")
    assert custom.url == "http://tiles.local/{z}/{x}/{y}.png"
    assert custom.attribution == "&lt;b&gt;Local&lt;/b&gt;"
    with pytest.raises(ValueError):
        mp.tile_source("satelite")
    m, _ = mp.build_map(_events(1), tiles=mp.tile_source(None))
    assert "tile.openstreetmap.org" in _html(m)
    m, _ = mp.build_map(_events(1), tiles=None)
    assert "tile.openstreetmap.org" not in _html(m)
