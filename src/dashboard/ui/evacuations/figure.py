"""Reported evacuation and displacement figures over time, kept apart by outlet (no
Streamlit here, so the chart, the daily range and the conflict detection are tested
directly).

Outlets often report different numbers for the same day. Averaging them would invent a
number nobody reported, so the chart draws each outlet's own step line plus the band
between the lowest and highest figure of each day, and the table names every
disagreement.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative
from plotly.subplots import make_subplots

from dashboard.paths import data_dir
from dashboard.ui.escape import LABEL_CHARS, hover_html, label_html, plain
from dashboard.ui.format import count_text
from dashboard.ui.safe import safe_url
from dashboard.ui.statements.figure import article_link

MEASURE_OF_TYPE = {"evacuation": "people", "displacement": "people", "casualties": "casualties"}
MEASURE_LABELS = {"people": "People evacuated or displaced", "casualties": "Casualties"}
BAND_FILL = "rgba(120, 120, 120, 0.18)"
DISAGREE_COLOUR = "#d62728"
KEY_EVENT_PAD = timedelta(days=7)
LABEL_PX = 16  # height of one row of key-event labels above the plot
PLOT_PX = 600  # plot width on a small laptop, to decide whether two labels would collide
HOVER = (
    "<b>%{customdata[0]}</b> (%{customdata[1]})<br>%{customdata[2]}<br>"
    "%{customdata[3]}<extra></extra>"
)


@dataclass(frozen=True)
class KeyEvent:
    """A date every reader of the chart should see marked (data/ui/key_events.json)."""

    label: str
    day: date
    note: str = ""


def load_key_events(path: Path | None = None) -> list[KeyEvent]:
    """Key events from the data file; a missing or malformed entry is skipped."""
    path = path or data_dir() / "ui" / "key_events.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    events = []
    for item in raw if isinstance(raw, list) else []:
        try:
            events.append(
                KeyEvent(str(item["label"]), date.fromisoformat(item["date"]), item.get("note", ""))
            )
        except (KeyError, TypeError, ValueError):
            continue
    return sorted(events, key=lambda e: e.day)


KEY_INCIDENTS = 6  # marks from incidents; more would crowd a laptop-wide chart


def incident_key_events(
    incidents: pd.DataFrame, skip_types: Sequence[str] = (), limit: int = KEY_INCIDENTS
) -> list[KeyEvent]:
    """Key events from the incidents most outlets reported (issue 12): the happenings
    the figures are read against (an offensive, a ceasefire, a blockade), not the figures'
    own types (`skip_types`). Only incidents reported by two or more outlets qualify, so a
    single article cannot put a mark on the chart."""
    if incidents is None or incidents.empty:
        return []
    rows = incidents[~incidents["type"].isin(list(skip_types))]
    rows = rows[pd.to_numeric(rows["outlets"], errors="coerce").fillna(0) >= 2]
    rows = rows[pd.to_datetime(rows["date_start"], errors="coerce").notna()]
    # the Incidents page's "most outlets" order, which the query gives too
    top = rows.sort_values(["outlets", "languages", "date_start"], ascending=False).head(limit)
    events = []
    for r in top.to_dict(orient="records"):
        place = plain(r.get("place"))
        label = str(r["type"]).capitalize() + (f", {place}" if place else "")
        outlets, languages = int(r["outlets"]), int(r.get("languages") or 0)
        note = f"{outlets} outlets in {languages} languages reported it"
        first = plain(r.get("first_outlet"))
        if first:
            note += f"; first: {first}"
        day = pd.Timestamp(r["date_start"]).date()
        events.append(KeyEvent(label, day, note))
    return sorted(events, key=lambda e: e.day)


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Adds measure (which figures are comparable), day and the figure as a reader says it."""
    out = df.copy()
    out["measure"] = [MEASURE_OF_TYPE.get(t, str(t)) for t in out["type"]]
    out["day"] = pd.to_datetime(out["date_start"]).dt.normalize()
    out["figure"] = [
        count_text(int(c), plain(q) or None)
        for c, q in zip(out["count"], out["count_qualifier"], strict=True)
    ]
    out["outlet"] = [plain(o) or "unknown outlet" for o in out["outlet"]]
    return out


def daily_range(df: pd.DataFrame) -> pd.DataFrame:
    """Per measure and day: lowest and highest figure, how many figures and outlets."""
    dated = df[df["day"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["measure", "day", "low", "high", "figures", "outlets"])
    return (
        dated.groupby(["measure", "day"], as_index=False)
        .agg(
            low=("count", "min"),
            high=("count", "max"),
            figures=("count", "size"),
            outlets=("outlet", "nunique"),
        )
        .sort_values(["measure", "day"], ignore_index=True)
    )


def conflicts(df: pd.DataFrame) -> pd.DataFrame:
    """Days on which at least two outlets report different figures for the same measure,
    each with a sentence, lowest figure first, such as
    "26 Sep 2023: about 13,350 (B) vs more than 27,000 (A)".

    Plain Python over the rows, grouped once: a view of thousands of figures has about as
    many days, and a pandas group per day would cost seconds."""
    dated = df[df["day"].notna()]
    days: dict[tuple, list[tuple[int, str, str]]] = {}
    for measure, day, count, figure, outlet in zip(
        dated["measure"].to_list(),
        dated["day"].to_list(),
        dated["count"].to_list(),
        dated["figure"].to_list(),
        dated["outlet"].to_list(),
        strict=True,
    ):
        days.setdefault((measure, day), []).append((int(count), figure, outlet))
    rows = []
    for (measure, day), figures in sorted(days.items(), key=lambda kv: kv[0]):
        if len({c for c, _, _ in figures}) < 2 or len({o for _, _, o in figures}) < 2:
            continue
        by_figure: dict[str, dict[str, None]] = {}
        for _, figure, outlet in sorted(figures, key=lambda f: f[0]):  # stable, lowest first
            by_figure.setdefault(figure, {})[outlet] = None
        parts = [f"{figure} ({', '.join(outlets)})" for figure, outlets in by_figure.items()]
        rows.append(
            {
                "measure": measure,
                "day": day,
                "low": min(c for c, _, _ in figures),
                "high": max(c for c, _, _ in figures),
                "text": f"{day:%d %b %Y}: " + " vs ".join(parts),
            }
        )
    return pd.DataFrame(rows, columns=["measure", "day", "low", "high", "text"])


def outlet_colours(outlets: Sequence[str]) -> dict[str, str]:
    """A colour per outlet, never the red that marks disagreement."""
    palette = [c for c in qualitative.D3 if c.lower() != DISAGREE_COLOUR]
    return {o: palette[i % len(palette)] for i, o in enumerate(sorted(outlets))}


def hover_data(df: pd.DataFrame) -> list[list[str]]:
    """Per row: escaped figure, type, "date · outlet · place", evidence."""
    rows = []
    for figure, kind, when, outlet, place, evidence in zip(
        df["figure"].to_list(),
        df["type"].to_list(),
        df["date"].to_list(),
        df["outlet"].to_list(),
        df["place"].to_list(),
        df["evidence"].to_list(),
        strict=True,
    ):
        where = " · ".join(x for x in (plain(when), outlet, plain(place)) if x)
        rows.append(
            [hover_html(figure, 0), hover_html(kind, 0), hover_html(where), hover_html(evidence)]
        )
    return rows


def label_levels(
    events: Sequence[KeyEvent], start: date, end: date, plot_px: int = PLOT_PX
) -> list[int]:
    """Row (0 = lowest) for each key-event label so neighbouring labels do not overlap."""
    span = max((end - start).days, 1)
    ends: list[float] = []
    levels = []
    for event in events:
        x = (event.day - start).days
        width = (len(event.label) * 6.5 + 10) * span / plot_px
        level = next((i for i, last in enumerate(ends) if last < x), len(ends))
        if level == len(ends):
            ends.append(0.0)
        ends[level] = x + width
        levels.append(level)
    return levels


def figures_chart(
    df: pd.DataFrame, key_events: Sequence[KeyEvent] = (), outlets: Sequence[str] = ()
) -> go.Figure:
    """One panel per measure: a step line per outlet, the daily range as a shaded band,
    rings on days where outlets disagree, and the key events as dotted lines. Colours
    follow `outlets` (all known outlets) so an outlet keeps its colour as filters change."""
    dated = df[df["day"].notna()]
    measures = [m for m in dict.fromkeys(MEASURE_OF_TYPE.values()) if m in set(dated["measure"])]
    measures += sorted(set(dated["measure"]) - set(measures))
    fig = make_subplots(rows=max(len(measures), 1), cols=1, shared_xaxes=True)
    present = list(dict.fromkeys(dated["outlet"]))
    palette = outlet_colours(list(dict.fromkeys([*outlets, *present])))
    colours = {o: palette[o] for o in sorted(present)}
    disputed = conflicts(dated)
    legend: set[str] = set()  # outlets that have their legend entry already
    for row, measure in enumerate(measures, start=1):
        part = dated[dated["measure"] == measure]
        _add_band(fig, daily_range(part), row, first=row == 1)
        by_outlet = dict(tuple(part.groupby("outlet", sort=False)))
        for outlet, colour in colours.items():
            if outlet in by_outlet:
                _add_outlet(fig, by_outlet[outlet], outlet, colour, row, outlet not in legend)
                legend.add(outlet)
        days = set(disputed.loc[disputed["measure"] == measure, "day"])
        _add_disagreement(fig, part[part["day"].isin(days)], row, first=row == 1)
        _measure_axis(fig, measure, row)
    return _finish(fig, len(measures), _add_key_events(fig, dated, key_events))


def _add_band(fig: go.Figure, band: pd.DataFrame, row: int, first: bool) -> None:
    if band.empty:
        return
    # repeat the last day one day later, so the last day's range is drawn too
    tail = band.iloc[[-1]].assign(day=band["day"].iloc[-1] + pd.Timedelta(days=1))
    band = pd.concat([band, tail], ignore_index=True)
    common = {"x": band["day"], "mode": "lines", "hoverinfo": "skip", "legendgroup": "range"}
    line = {"width": 0, "shape": "hv"}
    fig.add_trace(go.Scatter(y=band["low"], line=line, showlegend=False, **common), row, 1)
    fig.add_trace(
        go.Scatter(
            y=band["high"],
            line=line,
            fill="tonexty",
            fillcolor=BAND_FILL,
            name="range reported",
            showlegend=first,
            legendrank=1,
            **common,
        ),
        row,
        1,
    )


def _add_outlet(
    fig: go.Figure,
    part: pd.DataFrame,
    outlet: str,
    colour: str,
    row: int,
    showlegend: bool | None = None,
) -> None:
    """One outlet's step line; its legend entry only once (`showlegend`, or the first
    trace of its legend group)."""
    if part.empty:
        return
    if showlegend is None:
        showlegend = not any(t.legendgroup == outlet and t.showlegend for t in fig.data)
    part = part.sort_values(["day", "count"])
    fig.add_trace(
        go.Scatter(
            x=part["day"],
            y=part["count"],
            mode="lines+markers",
            line={"shape": "hv", "color": colour, "width": 2},
            marker={"size": 8, "color": colour},
            name=label_html(outlet, LABEL_CHARS),
            legendgroup=outlet,
            legendrank=1000,
            showlegend=showlegend,
            customdata=hover_data(part),
            hovertemplate=HOVER,
        ),
        row,
        1,
    )


def _add_disagreement(fig: go.Figure, part: pd.DataFrame, row: int, first: bool) -> None:
    if part.empty:
        return
    fig.add_trace(
        go.Scatter(
            x=part["day"],
            y=part["count"],
            mode="markers",
            marker={
                "size": 17,
                "symbol": "circle-open",
                "color": DISAGREE_COLOUR,
                "line": {"width": 2},
            },
            name="outlets disagree",
            legendgroup="disagree",
            legendrank=2000,
            showlegend=first,
            hoverinfo="skip",
        ),
        row,
        1,
    )


def key_events_in_range(
    key_events: Sequence[KeyEvent], start: date, end: date, pad: timedelta = KEY_EVENT_PAD
) -> list[KeyEvent]:
    """The key events near the figures; far ones would only stretch the time axis."""
    return [e for e in key_events if start - pad <= e.day <= end + pad]


def _add_key_events(fig: go.Figure, dated: pd.DataFrame, key_events: Sequence[KeyEvent]) -> int:
    """Dotted lines with labels above the plot; returns how many label rows were used."""
    if dated.empty:
        return 0
    start, end = dated["day"].min().date(), dated["day"].max().date()
    shown = key_events_in_range(key_events, start, end)
    lo = min([start, *(e.day for e in shown)]) - timedelta(days=1)
    hi = max([end, *(e.day for e in shown)]) + timedelta(days=2)
    fig.update_xaxes(range=[lo.isoformat(), hi.isoformat()])
    levels = label_levels(shown, lo, hi)
    for event, level in zip(shown, levels, strict=True):
        x = event.day.isoformat()
        fig.add_shape(
            type="line",
            x0=x,
            x1=x,
            xref="x",
            yref="paper",
            y0=0,
            y1=1,
            line={"color": "#666666", "width": 1, "dash": "dot"},
        )
        fig.add_annotation(
            x=x,
            xref="x",
            y=1,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            yshift=2 + LABEL_PX * level,
            text=hover_html(f"{event.day:%d %b}: {event.label}", 0),
            hovertext=hover_html(event.note),
            showarrow=False,
            font={"size": 11, "color": "#444444"},
        )
    return max(levels, default=-1) + 1


def figure_table(df: pd.DataFrame, disputed: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every figure with its evidence and source; "day range" is set on disputed days
    (`disputed`: measure, day, low, high; by default found in `df` itself)."""
    disputed = conflicts(df) if disputed is None else disputed
    spans = {
        (r.measure, r.day): f"{r.low:,} – {r.high:,}" for r in disputed.itertuples(index=False)
    }
    return pd.DataFrame(
        {
            "date": [plain(d) for d in df["date"]],
            "figure": df["figure"].to_list(),
            "day range": [
                spans.get((m, d), "") for m, d in zip(df["measure"], df["day"], strict=True)
            ],
            "type": df["type"].to_list(),
            "place": [plain(p) for p in df["place"]],
            "outlet": df["outlet"].to_list(),
            "language": [plain(v) for v in df["language"]],
            "evidence": [plain(v) for v in df["evidence"]],
            "article": [article_link(a) for a in df["article_id"]],
            "source": [safe_url(u) for u in df["url"]],
        }
    )


# -- a view too large for one point per figure -------------------------------------------


def disputed_days(days: pd.DataFrame) -> pd.DataFrame:
    """Rows of a daily range (`daily_range` or `query.summary.figure_days`) on which
    outlets disagree: two or more outlets and two or more different figures."""
    if days.empty:
        return days
    return days[(days["outlets"] >= 2) & (days["low"] < days["high"])]


def days_chart(days: pd.DataFrame, key_events: Sequence[KeyEvent] = ()) -> go.Figure:
    """`figures_chart` from the daily range alone: the shaded band between the lowest and
    highest figure of each day, red rings at both ends of the range on disputed days, and
    the key events; no line per outlet, which a large view would turn into a thicket."""
    measures = [m for m in dict.fromkeys(MEASURE_OF_TYPE.values()) if m in set(days["measure"])]
    measures += sorted(set(days["measure"]) - set(measures))
    fig = make_subplots(rows=max(len(measures), 1), cols=1, shared_xaxes=True)
    disputed = disputed_days(days)
    for row, measure in enumerate(measures, start=1):
        part = days[days["measure"] == measure].sort_values("day")
        _add_band(fig, part, row, first=row == 1)
        ends = disputed[disputed["measure"] == measure]
        rings = pd.concat(
            [ends[["day"]].assign(count=ends["low"]), ends[["day"]].assign(count=ends["high"])]
        )
        _add_disagreement(fig, rings, row, first=row == 1)
        _measure_axis(fig, measure, row)
    return _finish(fig, len(measures), _add_key_events(fig, days, key_events))


def _measure_axis(fig: go.Figure, measure: str, row: int) -> None:
    """One measure's y axis: its label, thousands separators, from zero."""
    fig.update_yaxes(
        title_text=MEASURE_LABELS.get(measure, measure),
        tickformat=",",
        rangemode="tozero",
        row=row,
        col=1,
    )


def _finish(fig: go.Figure, rows: int, levels: int) -> go.Figure:
    """Height and margins for `rows` measures and `levels` rows of key-event labels."""
    fig.update_layout(
        height=380 * rows + 60 + LABEL_PX * levels,
        margin={"l": 10, "r": 10, "t": 20 + LABEL_PX * levels, "b": 10},
        hovermode="closest",
        legend={"yanchor": "top", "y": 1, "tracegroupgap": 4},
    )
    return fig
