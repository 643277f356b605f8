"""Incidents on the map: one marker per real-world happening, sized by how many outlets
reported it, whose popup lists every outlet's report with its language, date, figure and
evidence sentence (issue 12).

Built on `dashboard.ui.map.build` (same escaping, links, clustering and aggregation as
the events map); no Streamlit here, so the popups are tested directly.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

import folium
import pandas as pd

from dashboard.query.incidents import POPUP_REPORTS
from dashboard.ui.format import count_text, geo_precision_text, shorten
from dashboard.ui.map import build
from dashboard.ui.map.assets import MapAssets
from dashboard.ui.map.elements import colour
from dashboard.ui.safe import safe_url

# the popup lists this many reports (the store keeps as many per incident for it,
# `incident_popups`); the Incidents page has them all
REPORTS_IN_POPUP = POPUP_REPORTS
REPORT_EVIDENCE_CHARS = 140
CONFLICT_COLOUR = "#d62728"
MIN_RADIUS = 6
MAX_RADIUS = 22
SIZES = "Size: how many outlets reported it"


def radius(outlets: Any) -> int:
    """Marker radius in pixels: grows with the square root of the outlets that reported
    the incident, so forty outlets read as much more than one without covering the map."""
    try:
        n = max(int(outlets), 1)
    except (TypeError, ValueError):
        n = 1
    return int(min(MAX_RADIUS, MIN_RADIUS + 3 * math.sqrt(n - 1)))


def json_list(value: Any) -> list:
    """A JSON-text list column (conflicts, figures) as a list, whatever the store gave."""
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value.strip():
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return parsed if isinstance(parsed, list) else [parsed]
    return []


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def day_text(value: Any) -> str:
    """YYYY-MM-DD of a date, timestamp or ISO text; "" when missing. Dates, timestamps
    and ISO days are read directly: a map's popups ask this of some 10,000 values, which
    parsing each as a pandas Timestamp made a sixth of drawing the map."""
    if isinstance(value, datetime) and value is not pd.NaT:  # a Timestamp is one
        return value.date().isoformat()
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        with contextlib.suppress(ValueError):  # e.g. 2023-02-30: as before, below
            return date.fromisoformat(value.strip()).isoformat()
    text = build._text(value)
    if not text:
        return ""
    try:
        return pd.Timestamp(value).date().isoformat()
    except (TypeError, ValueError):
        return text


def span_text(start: Any, end: Any) -> str:
    """ "2023-09-19" or "2023-09-19 – 2023-09-21"; "date unknown" when missing."""
    first, last = day_text(start), day_text(end)
    if not first and not last:
        return "date unknown"
    if not last or first == last:
        return first or last
    return f"{first} – {last}" if first else last


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def corroboration_text(row: Mapping[str, Any]) -> str:
    """ "5 outlets in 3 languages · 7 reports"."""
    outlets, languages, reports = (_int(row.get(k)) for k in ("outlets", "languages", "reports"))
    return (
        f"{_plural(outlets, 'outlet')} in {_plural(languages, 'language')} · "
        f"{_plural(reports, 'report')}"
    )


def first_text(row: Mapping[str, Any]) -> str:
    """ "First reported by OC Media on 2023-09-19"."""
    outlet = build._text(row.get("first_outlet")) or "unknown outlet"
    when = day_text(row.get("first_published"))
    return f"First reported by {outlet}" + (f" on {when}" if when else "")


def report_html(report: Mapping[str, Any], base_url_path: str = "") -> str:
    """One outlet's report: outlet (language, date): figure — “evidence” · article."""
    e = html.escape
    outlet = build._text(report.get("outlet")) or "unknown outlet"
    meta = ", ".join(
        x
        for x in (
            build._text(report.get("language")),
            day_text(report.get("date")) or day_text(report.get("published")),
        )
        if x
    )
    head = f"<b>{e(outlet)}</b>" + (f" ({e(meta)})" if meta else "")
    count = report.get("count")
    if build._text(count):
        head += f": {e(count_text(_int(count)))}"
    evidence = build._text(report.get("evidence"))
    if evidence:
        head += f" — <i>“{e(shorten(evidence, REPORT_EVIDENCE_CHARS))}”</i>"
    links = []
    article_id = build._text(report.get("article_id"))
    if article_id:
        href = e(build.article_href(article_id, base_url_path))
        links.append(f"<a href='{href}' target='_top'>article</a>")
    url = safe_url(report.get("url"))
    if url:
        links.append(f"<a href='{e(url)}' target='_blank' rel='noopener'>source</a>")
    return " · ".join([head, *links])


def popup_html(
    row: Mapping[str, Any], reports: list[Mapping[str, Any]], base_url_path: str = ""
) -> str:
    """The popup of one incident; every value escaped, links ours or http(s)."""
    e = html.escape
    kind = build._text(row.get("type")) or "event"
    parts = [
        f"<b style='color:{colour(kind)}'>{e(kind.capitalize())}</b> · "
        f"{e(span_text(row.get('date_start'), row.get('date_end')))}"
    ]
    where = build._text(row.get("place"))
    if where:
        how = geo_precision_text(row.get("geo_precision"))
        parts.append(e(f"{where} ({how})" if how else where))
    parts.append(f"<b>{e(corroboration_text(row))}</b>")
    parts.append(e(first_text(row)))
    low, high = row.get("count_min"), row.get("count_max")
    if build._text(low) and build._text(high):
        figures = count_text(_int(low))
        if _int(high) != _int(low):
            figures += f" – {count_text(_int(high))}"
        parts.append(f"figures: {e(figures)}")
    for reason in json_list(row.get("conflicts")):
        parts.append(f"<span style='color:{CONFLICT_COLOUR}'>⚠ {e(str(reason))}</span>")
    items = [f"<li>{report_html(r, base_url_path)}</li>" for r in reports[:REPORTS_IN_POPUP]]
    if items:
        parts.append(
            "<ul style='padding-left:16px;margin:4px 0;max-height:180px;overflow:auto'>"
            + "".join(items)
            + "</ul>"
        )
    hidden = max(_int(row.get("reports")), len(reports)) - len(items)
    if hidden > 0:
        parts.append(e(f"+ {_plural(hidden, 'more report')} on the Incidents page"))
    return "<br>".join(parts)


def reports_by_incident(reports: pd.DataFrame) -> dict[str, list[dict]]:
    """`incident_reports` rows grouped per incident, earliest published first."""
    if reports is None or reports.empty:
        return {}
    ordered = reports.sort_values(["published", "outlet"], na_position="last", kind="stable")
    out: dict[str, list[dict]] = {}
    for r in ordered.to_dict(orient="records"):
        out.setdefault(str(r["incident_id"]), []).append(r)
    return out


def marker_rows(
    placed: pd.DataFrame, reports: Mapping[str, list[dict]], base_url_path: str = ""
) -> dict[str, list[list[Any]]]:
    """Per type, [lat, lon, radius, popup, colour, hollow] per incident (as
    `build._marker_rows`): hollow for a region-level place."""
    rows: dict[str, list[list[Any]]] = {}
    for row in placed.to_dict(orient="records"):
        kind = build._text(row.get("type")) or "event"
        point = [round(float(row["lat"]), 5), round(float(row["lon"]), 5)]
        hollow = int(_int(row.get("geo_precision")) >= 2)
        popup = popup_html(row, reports.get(str(row.get("incident_id")), []), base_url_path)
        rows.setdefault(kind, []).append([*point, radius(row.get("outlets")), popup, None, hollow])
    return rows


def _incident_markers(by_incident: Mapping[str, list[dict]]) -> dict[str, Any]:
    """What an incident map passes to the map builder: markers with each incident's
    reports in the popup, sized by outlets, and cells that count incidents."""
    return {
        "marker_rows": lambda frame, base: marker_rows(frame, by_incident, base),
        "sizes": SIZES,
        "noun": "incidents",
    }


def build_incident_map(
    incidents: pd.DataFrame,
    reports: pd.DataFrame,
    assets: MapAssets | None = None,
    tiles: build.TileSource | None = None,
    base_url_path: str = "",
    max_markers: int = build.MAX_MARKERS,
    marker_budget: int = build.MARKER_BUDGET_BYTES,
) -> tuple[folium.Map, build.MapInfo]:
    """The map of `incidents` (as `query.incidents.incidents` returns them) with their
    `reports` (`query.incidents.incident_reports` of those incidents) in the popups.
    Counted per grid cell past `max_markers`, as events are."""
    by_incident = reports_by_incident(reports)
    return build.build_rows(
        incidents,
        assets,
        tiles,
        base_url_path,
        max_markers,
        marker_budget,
        **_incident_markers(by_incident),
    )


def build_incident_map_groups(
    groups: pd.DataFrame,
    load: Callable[[], tuple[pd.DataFrame, pd.DataFrame]],
    assets: MapAssets | None = None,
    tiles: build.TileSource | None = None,
    base_url_path: str = "",
    max_markers: int = build.MAX_MARKERS,
    marker_budget: int = build.MARKER_BUDGET_BYTES,
) -> tuple[folium.Map, build.MapInfo]:
    """The map from `query.incidents.incident_groups` rows, for views too large to read
    every incident: `load()` gives the placed incidents and their reports, and is asked
    only when they are few enough to draw one by one."""
    by_incident: dict[str, list[dict]] = {}

    def points() -> pd.DataFrame:
        placed, reports = load()
        by_incident.update(reports_by_incident(reports))
        return placed

    return build.build_map_groups(
        groups,
        points,
        assets,
        tiles,
        base_url_path,
        max_markers,
        marker_budget,
        **_incident_markers(by_incident),
    )
