"""The map's own Leaflet elements and colours, kept apart from the data side of the map.

Folium has a Python object per marker; these elements instead hand Leaflet one compact
JSON array per layer and build the markers in the browser, which keeps a map of thousands
of events small. Text inside them arrives already HTML-escaped (see `dashboard.ui.map.build`);
`js_data` additionally keeps it from ever closing the <script> it is embedded in.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

import folium
from folium.elements import JSCSSMixin
from folium.map import Layer
from folium.template import Template

from dashboard.ui.map.assets import MapAssets

# One colour per event type of the extractor's fixed vocabulary; OTHER_COLOUR for the rest.
TYPE_COLOURS: dict[str, str] = {
    "military": "#d62728",
    "casualties": "#67000d",
    "ceasefire": "#2ca02c",
    "evacuation": "#ff7f0e",
    "displacement": "#9467bd",
    "blockade": "#8c564b",
    "humanitarian": "#17becf",
    "political": "#1f77b4",
    "protest": "#e377c2",
    "arrest": "#7f7f7f",
}
OTHER_COLOUR = "#bcbd22"


def colour(event_type: Any) -> str:
    return TYPE_COLOURS.get(str(event_type), OTHER_COLOUR)


def js_data(value: Any) -> str:
    """JSON for an inline <script>. Text values are HTML-escaped before they get here, so
    only our own tags hold `<`; breaking every `</` and `<!--` keeps any of them from
    closing the script tag. Non-ASCII text stays as it is (shorter than \\u escapes)."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for raw, safe in (
        ("</", "<\\/"),
        ("<!--", "<\\!--"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, safe)
    return text


class SharedCluster(JSCSSMixin, folium.MacroElement):
    """One marker-cluster group for all event types, so events of different types at the
    same place merge into one bubble (a pie of their type colours) instead of a stack of
    overlapping bubbles. The per-type layers feed it (`PointLayer`), so unticking a type
    in the layer control takes its markers out of the bubbles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.EventSubGroup = L.EventSubGroup || L.FeatureGroup.extend({
            initialize: function (parent, layers) {
                L.FeatureGroup.prototype.initialize.call(this, layers);
                this._clusterParent = parent;
            },
            onAdd: function (map) { this._clusterParent.addLayers(this.getLayers()); },
            onRemove: function (map) { this._clusterParent.removeLayers(this.getLayers()); }
        });
        var {{ this.get_name() }} = L.markerClusterGroup({
            showCoverageOnHover: false, maxClusterRadius: 40, chunkedLoading: true,
            iconCreateFunction: function (c) {
                var counts = {}, markers = c.getAllChildMarkers(), n = markers.length;
                for (var i = 0; i < n; i++) {
                    var k = markers[i].options.fillColor;
                    counts[k] = (counts[k] || 0) + 1;
                }
                var stops = [], at = 0;
                Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a]; })
                    .forEach(function (k) {
                        var to = at + 100 * counts[k] / n;
                        stops.push(k + ' ' + at.toFixed(1) + '% ' + to.toFixed(1) + '%');
                        at = to;
                    });
                var s = n < 10 ? 28 : (n < 100 ? 34 : 42);
                return L.divIcon({
                    html: '<div style="width:' + s + 'px;height:' + s + 'px;border-radius:50%;'
                        + 'background:conic-gradient(' + stops.join(',') + ');'
                        + 'box-shadow:0 0 0 2px #fff,0 1px 4px rgba(0,0,0,.5)">'
                        + '<span style="position:absolute;left:50%;top:50%;'
                        + 'transform:translate(-50%,-50%);background:#fff;border-radius:9px;'
                        + 'padding:0 4px;font:bold 11px/16px sans-serif;color:#222">' + n
                        + '</span></div>',
                    className: 'event-cluster', iconSize: L.point(s, s)
                });
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, assets: MapAssets) -> None:
        super().__init__()
        self._name = "SharedCluster"
        self.default_js = assets.cluster_js
        self.default_css = assets.cluster_css


class PointLayer(JSCSSMixin, Layer):
    """Circle markers drawn in the browser from rows [lat, lon, radius, popup, colour?,
    hollow?]: a few bytes per point instead of a folium object each. A null colour keeps
    the layer's; a true `hollow` draws a dashed ring (a region-level or inferred place). Fed into `cluster` when given,
    else a plain layer (aggregated cells)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function () {
            var rows = {{ this.rows_json }};
            var style = {{ this.style_json }};
            var markers = [];
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                var opts = Object.assign({}, style, {radius: r[2]});
                if (r.length > 4 && r[4]) { opts.color = r[4]; opts.fillColor = r[4]; }
                if (r[5]) {  // region-level or inferred place: a dashed ring, faint fill
                    opts.color = opts.fillColor; opts.weight = 2; opts.dashArray = '3 3';
                    opts.fillOpacity = 0.15;
                }
                markers.push(L.circleMarker([r[0], r[1]], opts).bindPopup(r[3], {maxWidth: 320}));
            }
            {%- if this.cluster %}
            return new L.EventSubGroup({{ this.cluster.get_name() }}, markers);
            {%- else %}
            return L.featureGroup(markers);
            {%- endif %}
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows: list[list[Any]],
        name: str,
        colour: str,
        cluster: SharedCluster | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=True)
        self._name = "PointLayer"
        self.rows_json = js_data(rows)
        self.style_json = js_data(
            {"color": "#fff", "fillColor": colour, "fillOpacity": 0.85, "weight": 1}
        )
        self.cluster = cluster


class Backdrop(folium.MacroElement):
    """Sea-blue map background under the land-coloured country shapes, so that without
    any tiles (offline, or DASHBOARD_TILES=none) land and sea still read apart."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().style.background = {{ this.colour_json }};
        {% endmacro %}
        """
    )

    def __init__(self, colour: str = "#dce8ef") -> None:
        super().__init__()
        self._name = "Backdrop"
        self.colour_json = js_data(colour)


class Legend(JSCSSMixin, folium.MacroElement):
    """A fixed box on the map: colour per event type, bottom right where the markers are
    fewest (bottom left hid the ones around Yerevan), folded with a click. The HTML is built
    (and escaped) in Python and handed to Leaflet as a JSON string."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: 'bottomright'});
            legend.onAdd = function (map) {
                var div = L.DomUtil.create('div', 'event-legend');
                // a fixed most width: the view is fitted beside it before Leaflet's CSS loads
                div.style.cssText = 'max-width:250px;background:rgba(255,255,255,.9);padding:6px 8px;'
                    + 'border-radius:4px;font:12px/1.5 sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3)';
                div.innerHTML = {{ this.html_json }};
                // a narrow map starts with the legend folded: it would hide the markers
                var box = div.querySelector('details');
                if (box && map.getSize().x < 640) { box.open = false; }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(
        self,
        counts: Mapping[str, int],
        title: str,
        precision: tuple[int, int] | None = None,
        sizes: str | None = None,
    ) -> None:
        super().__init__()
        self._name = "Legend"
        self.html_json = js_data(legend_html(counts, title, precision, sizes))


class FitBeside(folium.MacroElement):
    """Fit the view to the markers in the part of the map the legend leaves free: the
    legend's box is only known in the browser, so the padding is measured there (folium's
    own `fit_bounds` pads by a fixed amount or not at all). Added after the legend."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var pad = [0, 0];
            var box = map.getContainer().querySelector('.event-legend details');
            var wide = map.getSize().x;
            // only where the markers keep most of the width (a narrow map folds its legend)
            if (box && box.open && wide >= 3 * box.parentNode.offsetWidth) {
                pad = [box.parentNode.offsetWidth + 12, 0];
            }
            map.fitBounds({{ this.bounds_json }}, {paddingBottomRight: pad, maxZoom: {{ this.max_zoom }}});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]], max_zoom: int) -> None:
        super().__init__()
        self._name = "FitBeside"
        self.bounds_json = js_data(bounds)
        self.max_zoom = int(max_zoom)


RING = (
    '<span style="display:inline-block;width:10px;height:10px;border-radius:50%;'
    'border:2px {style} #555;background:{fill};vertical-align:middle"></span>'
)


def legend_html(
    counts: Mapping[str, int],
    title: str,
    precision: tuple[int, int] | None = None,
    sizes: str | None = None,
) -> str:
    """Colour per type; with `precision` (exact, approximate markers) a line for each
    marker style, and `sizes` a line on what a marker's size means (escaped here)."""
    lines: list[str] = []
    for kind, n in counts.items():
        dot = f'<span style="color:{colour(kind)};font-size:14px">●</span>'
        lines.append(f"{dot} {html.escape(str(kind))} ({int(n):,})")
    if not lines:
        lines.append("no events placed")
    if precision and (precision[0] or precision[1]):
        exact, approximate = precision
        lines.append(f"{RING.format(style='solid', fill='#555')} exact place ({exact:,})")
        lines.append(
            f"{RING.format(style='dashed', fill='rgba(85,85,85,.15)')} region-level or "
            f"inferred place ({approximate:,})"
        )
    if sizes:
        lines.append(html.escape(sizes))
    # folded with a click on the title (a <details> box), so nothing under it stays hidden
    return (
        f'<details open><summary style="cursor:pointer"><b>{html.escape(title)}</b></summary>'
        + "<br>".join(lines)
        + "</details>"
    )
