"""Incidents on the map and in tables, built without Streamlit: marker size by outlets,
popups listing each outlet's report (escaped, links ours or http(s)), conflicts shown,
and table rows with no "None"."""

from __future__ import annotations

import json

import pandas as pd

from dashboard.ui.incidents import table as incident_table
from dashboard.ui.map import incidents as im

STEPANAKERT = (39.8156, 46.7519)
HOSTILE = '<img src=x onerror="alert(1)">'


def _incident(**changes) -> dict:
    row = {
        "incident_id": "inc-1",
        "type": "military",
        "date_start": pd.Timestamp("2023-09-19"),
        "date_end": pd.Timestamp("2023-09-20"),
        "place": "Stepanakert",
        "lat": STEPANAKERT[0],
        "lon": STEPANAKERT[1],
        "geo_precision": 1,
        "reports": 3,
        "outlets": 3,
        "languages": 2,
        "first_outlet": "OC Media",
        "first_published": pd.Timestamp("2023-09-19"),
        "first_article_id": "a1",
        "count_min": 5000,
        "count_max": 30000,
        "count_latest": 30000,
        "conflict": True,
        "conflicts": json.dumps(["figures 5,000 vs 30,000"]),
        "figures": "[]",
    }
    row.update(changes)
    return row


def _report(n: int, **changes) -> dict:
    row = {
        "incident_id": "inc-1",
        "event_id": f"e{n}",
        "article_id": f"a{n}",
        "outlet": f"Outlet {n}",
        "language": "en" if n % 2 else "ru",
        "published": pd.Timestamp(f"2023-09-{19 + n:02d}"),
        "date": "2023-09-19",
        "place": "Stepanakert",
        "count": 5000 * n,
        "evidence": f"Report number {n} about the offensive.",
        "url": f"https://example.org/{n}",
        "title": f"Title {n}",
    }
    row.update(changes)
    return row


def test_marker_size_grows_with_outlets_within_bounds():
    sizes = [im.radius(n) for n in (1, 2, 5, 40, 1000)]
    assert sizes == sorted(sizes)
    assert sizes[0] == im.MIN_RADIUS and sizes[-1] == im.MAX_RADIUS
    assert im.radius(None) == im.MIN_RADIUS


def test_popup_lists_each_outlets_report_with_language_date_figure_and_evidence():
    reports = [_report(1), _report(2)]
    popup = im.popup_html(_incident(), reports)
    assert "2023-09-19 – 2023-09-20" in popup
    assert "Stepanakert (town or village)" in popup
    assert "3 outlets in 2 languages · 3 reports" in popup
    assert "First reported by OC Media on 2023-09-19" in popup
    assert "⚠ figures 5,000 vs 30,000" in popup
    assert "<b>Outlet 1</b> (en, 2023-09-19): 5,000" in popup
    assert "“Report number 2 about the offensive.”" in popup
    assert "href='/Articles?article=a2'" in popup and "href='https://example.org/2'" in popup
    assert "+ 1 more report on the Incidents page" in popup


def test_popup_escapes_report_text_and_drops_unsafe_links():
    reports = [_report(1, outlet=HOSTILE, evidence=HOSTILE, url="javascript:alert(1)")]
    popup = im.popup_html(_incident(place=HOSTILE, conflicts=json.dumps([HOSTILE])), reports)
    assert "<img" not in popup and "&lt;img" in popup
    assert "javascript:" not in popup


def test_incident_map_sizes_markers_and_hollows_region_level_places():
    incidents = pd.DataFrame(
        [
            _incident(),
            _incident(incident_id="inc-2", outlets=1, geo_precision=2, place="Karabakh", lat=39.9),
            _incident(incident_id="inc-3", lat=None, lon=None, place=None),
        ]
    )
    reports = pd.DataFrame([_report(1), _report(2, incident_id="inc-2")])
    m, info = im.build_incident_map(incidents, reports)
    html = m.get_root().render()
    assert info.placed == 2 and info.unplaced == 1
    assert "Size: how many outlets reported it" in html
    rows = []
    for chunk in html.split("var rows = ")[1:]:
        rows.extend(json.loads(chunk.split(";\n", 1)[0].replace("<\\/", "</")))
    by_radius = sorted((r[2], r[5]) for r in rows)
    assert by_radius == [(im.radius(1), 1), (im.radius(3), 0)]


def test_incident_table_rows_and_conflict_highlight():
    df = pd.DataFrame(
        [
            _incident(),
            _incident(
                incident_id="inc-2",
                conflict=False,
                conflicts=None,
                count_min=None,
                count_max=None,
                place=None,
                geo_precision=None,
                first_outlet=None,
                first_published=None,
                date_end=None,
            ),
        ]
    )
    shown = incident_table.table(df)
    assert shown["conflict"].tolist() == ["⚠", ""]
    assert shown["figures"].tolist() == ["5,000 – 30,000", ""]
    assert shown["first reported"].tolist() == ["OC Media, 2023-09-19", "unknown outlet"]
    assert shown["dates"].tolist() == ["2023-09-19 – 2023-09-20", "2023-09-19"]
    assert not shown.isna().any().any()
    assert "None" not in shown.astype(str).to_string()
    styles = incident_table.highlighted(shown).to_html()
    assert incident_table.CONFLICT_BACKGROUND.split(": ")[1] in styles
    ordered = incident_table.sort_incidents(df.assign(outlets=[1, 5]), "outlets")
    assert ordered["incident_id"].tolist() == ["inc-2", "inc-1"]
    assert incident_table.sort_key("nonsense") == incident_table.DEFAULT_SORT


def test_report_table_has_links_and_no_none():
    reports = pd.DataFrame([_report(1), _report(2, outlet=None, url=None, count=None)])
    shown = incident_table.report_table(reports)
    assert shown["article"].tolist() == ["/Articles?article=a1", "/Articles?article=a2"]
    assert shown["outlet"].tolist() == ["Outlet 1", "unknown"]
    assert shown["figure"].tolist() == ["5,000", ""]
    assert "None" not in shown.astype(str).to_string()


def _groups(counts: dict[tuple[float, float, str], int]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "lat": lat,
                "lon": lon,
                "type": kind,
                "place": f"Place {lat}",
                "located": lat is not None,
                "events": n,
                "first": pd.Timestamp("2023-09-19"),
                "last": pd.Timestamp("2023-09-20"),
            }
            for (lat, lon, kind), n in counts.items()
        ]
    )


def test_a_large_view_is_drawn_from_groups_without_reading_incidents():
    groups = _groups({(39.8, 46.7, "military"): 1500, (40.1, 46.5, "blockade"): 900})
    asked = []
    m, info = im.build_incident_map_groups(groups, lambda: asked.append(1))
    html = m.get_root().render()
    assert not asked  # 2,400 placed incidents are counted per cell, never read
    assert info.aggregated and info.placed == 2400
    assert "1,500 incidents" in html and "see single incidents" in html


def test_a_view_with_few_placed_incidents_reads_them_with_their_reports():
    groups = _groups(
        {(STEPANAKERT[0], STEPANAKERT[1], "military"): 1, (None, None, "arrest"): 2500}
    )
    loaded = (pd.DataFrame([_incident()]), pd.DataFrame([_report(1), _report(2)]))
    m, info = im.build_incident_map_groups(groups, lambda: loaded)
    html = m.get_root().render()
    assert not info.aggregated and info.placed == 1 and info.unplaced == 2500
    assert "Outlet 1" in html and "Size: how many outlets reported it" in html
