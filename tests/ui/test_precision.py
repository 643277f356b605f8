"""Issue 11 on screen: both precisions in words, region-level and inferred places drawn
apart from exact ones, missing values never shown as "None", and Leaflet served by the
app itself (copied from the Debian packages) or a message saying what to run."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from dashboard.ui import format as fmt
from dashboard.ui.map import assets
from dashboard.ui.map import build as mp
from dashboard.ui.map.elements import legend_html

GORIS = (39.5111, 46.3389)
KARABAKH = (39.9, 46.7)


def _event(**changes) -> dict:
    row = {
        "id": "e1",
        "article_id": "a1",
        "type": "evacuation",
        "date": "2023-09-26",
        "date_start": pd.Timestamp("2023-09-26"),
        "date_precision": "day",
        "time_precision": "day",
        "place": "Goris",
        "geo_precision": 1,
        "place_source": "sentence",
        "lat": GORIS[0],
        "lon": GORIS[1],
        "count": None,
        "count_qualifier": None,
        "evidence": "Buses arrived in Goris on Tuesday.",
        "outlet": "Sample Wire",
        "url": None,
    }
    row.update(changes)
    return row


def test_precisions_in_words():
    assert fmt.time_precision_text("day") == "exact day"
    assert fmt.time_precision_text("month") == "month only"
    assert fmt.time_precision_text("reported").startswith("publication date")
    assert fmt.time_precision_text(None) == "" and fmt.time_precision_text(float("nan")) == ""
    assert fmt.geo_precision_text(1, "sentence") == "town or village, named in the sentence"
    assert (
        fmt.geo_precision_text(2, "paragraph") == "district or region, inferred from the paragraph"
    )
    assert fmt.geo_precision_text(3, None) == "country or whole region"
    assert fmt.geo_precision_text(None, None) == ""


@pytest.mark.parametrize(
    ("geo", "source", "approximate"),
    [
        (1, "sentence", False),
        (2, "sentence", True),
        (3, "sentence", True),
        (1, "paragraph", True),
        (1, "article", True),
        (None, None, False),  # stored before precisions existed: drawn as before
    ],
)
def test_approximate_places(geo, source, approximate):
    assert fmt.is_approximate(geo, source) is approximate


def test_popup_says_both_precisions_in_words():
    popup = mp.popup_html(
        _event(time_precision="reported", geo_precision=2, place_source="article")
    )
    assert "2023-09-26 (publication date (the text gives no date))" in popup
    assert "Goris (district or region, inferred from the article&#x27;s main place)" in popup
    exact = mp.popup_html(_event())
    assert "2023-09-26 (exact day)" in exact
    assert "Goris (town or village, named in the sentence)" in exact
    # an event stored before issue 11 keeps its old wording
    old = mp.popup_html(_event(time_precision=None, geo_precision=None, place_source=None))
    assert "2023-09-26 (day)" in old and "<br>Goris<br>" in old


def _layer_rows(html: str) -> list[list]:
    """The marker rows every PointLayer hands to Leaflet."""
    rows = []
    for chunk in html.split("var rows = ")[1:]:
        rows.extend(json.loads(chunk.split(";\n", 1)[0].replace("<\\/", "</")))
    return rows


def test_region_level_and_inferred_places_are_dashed_rings_with_a_legend_line():
    events = pd.DataFrame(
        [
            _event(id="exact"),
            _event(id="region", geo_precision=2, place="Nagorno-Karabakh", lat=KARABAKH[0]),
            _event(id="inferred", place_source="paragraph", lat=KARABAKH[0] + 0.1),
        ]
    )
    m, info = mp.build_map(events)
    html = m.get_root().render()
    rows = _layer_rows(html)
    assert sorted(r[5] for r in rows) == [0, 1, 1]
    assert "opts.dashArray" in html  # the ring style lives in the layer's script
    assert "exact place (1)" in html and "region-level or inferred place (2)" in html
    assert info.placed == 3


def test_legend_without_precision_lines_when_nothing_is_drawn():
    text = legend_html({}, "Event types", precision=(0, 0))
    assert "exact place" not in text and "no events placed" in text


def test_display_frame_never_shows_none():
    df = pd.DataFrame(
        {
            "outlet": ["OC Media", None],
            "title": [None, "T"],
            "published": pd.to_datetime(["2023-09-19", None]),
            "events": [1, 2],
            "count": [5.0, None],
            "languages": [["en"], None],
        }
    )
    out = fmt.display_frame(df, unknown=("outlet",))
    assert out["outlet"].tolist() == ["OC Media", "unknown"]
    assert out["title"].tolist() == ["", "T"]
    assert out["published"].tolist() == ["2023-09-19", ""]
    assert out["events"].tolist() == [1, 2]  # complete numbers stay numbers
    assert out["count"].tolist() == ["5", ""]
    assert out["languages"].tolist() == [["en"], []]
    assert not out.isna().any().any()
    assert "None" not in out.astype(str).to_string()


# --- Leaflet served by the app ------------------------------------------------------------


def _debian(tmp_path: Path) -> Path:
    """A folder laid out as Debian's libjs-leaflet(.markercluster) install it."""
    source = tmp_path / "debian"
    (source / "images").mkdir(parents=True)
    for rel, _ in assets.WANTED:
        (source / Path(rel).name).write_text(f"/* {rel} */")
    (source / "images" / "layers.png").write_bytes(b"png")
    return source


def test_leaflet_is_copied_from_the_debian_packages(tmp_path):
    static = tmp_path / "static"
    assert not assets.installed(static)
    assert assets.install_from_debian(static, _debian(tmp_path))
    assert assets.installed(static)
    assert (static / "vendor" / "leaflet" / "images" / "layers.png").is_file()
    assert assets.map_assets(static).local
    assert assets.missing_message(assets.map_assets(static)) is None
    # no temporary folder left behind
    assert sorted(p.name for p in (static / "vendor").iterdir()) == [
        "leaflet",
        "leaflet.markercluster",
    ]


def test_without_packages_the_page_is_told_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "DEBIAN_DIR", tmp_path / "nothing-here")
    static = tmp_path / "static"
    assert not assets.install_from_debian(static, tmp_path / "nothing-here")
    assert not assets.ensure_installed(static)
    message = assets.missing_message(assets.map_assets(static))
    assert message and "bash scripts/install_static_assets.sh" in message
    assert "make run" in message
