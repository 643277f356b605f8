"""The statements timeline and its table, built from a statements DataFrame (no Streamlit,
so the figure and the escaping are tested directly).

Speakers sit on the y axis grouped by side, so one glance shows who on which side spoke
when; colour is the side, the marker says whether the article quotes the speaker or
reports what they said.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from dashboard.ui.escape import LABEL_CHARS, hover_html, label_html, plain
from dashboard.ui.safe import safe_url

UNKNOWN_SIDE = "unknown side"
UNKNOWN_MODE = "unknown"
MODE_SYMBOLS = {"direct": "circle", "indirect": "diamond-open", UNKNOWN_MODE: "x-thin-open"}
MODE_LABELS = {"direct": "direct quote", "indirect": "reported speech", UNKNOWN_MODE: "unknown"}
ARTICLE_PAGE = "./Articles"
ROW_PX = 26
DAY_MS = 86_400_000

HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
    "%{customdata[3]} · %{customdata[4]}<br>%{customdata[5]}<extra></extra>"
)


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Names for missing sides and modes, so they can be chosen, coloured and listed."""
    out = df.copy()
    out["side"] = [plain(v) or UNKNOWN_SIDE for v in out["side"]]
    out["mode"] = [plain(v) or UNKNOWN_MODE for v in out["mode"]]
    return out


def filter_sides(df: pd.DataFrame, sides: Iterable[str]) -> pd.DataFrame:
    """Rows of the chosen sides; no choice keeps all."""
    sides = list(sides)
    return df[df["side"].isin(sides)] if sides else df


def side_order(df: pd.DataFrame) -> list[str]:
    """Sides with the most statements first, the unknown side last."""
    counts = df["side"].value_counts()
    known = sorted((s for s in counts.index if s != UNKNOWN_SIDE), key=lambda s: (-counts[s], s))
    return known + ([UNKNOWN_SIDE] if UNKNOWN_SIDE in counts.index else [])


def speaker_order(df: pd.DataFrame, sides: Sequence[str]) -> list[str]:
    """Speakers grouped by their (most frequent) side in `sides` order, by name within."""
    if df.empty:
        return []
    home = df.groupby("speaker")["side"].agg(lambda s: s.value_counts().index[0])
    rank = {side: i for i, side in enumerate(sides)}
    return sorted(home.index, key=lambda sp: (rank.get(home[sp], len(rank)), sp.casefold()))


def side_colours(sides: Sequence[str]) -> dict[str, str]:
    palette = qualitative.D3
    colours = {s: palette[i % len(palette)] for i, s in enumerate(x for x in sides)}
    if UNKNOWN_SIDE in colours:
        colours[UNKNOWN_SIDE] = "#999999"
    return colours


def _said(row: Mapping[str, Any]) -> str:
    """The quote when there is one, else the evidence sentence as the gist."""
    quote_text = plain(row.get("quote"))
    if quote_text:
        return hover_html(f"“{quote_text}”")
    return hover_html(row.get("evidence"))


def hover_data(df: pd.DataFrame) -> list[list[str]]:
    """Per row: id (for selection), then escaped speaker, role/side, date, outlet, text."""
    rows = []
    columns = ("id", "speaker", "speaker_role", "side", "date", "outlet", "quote", "evidence")
    for sid, speaker, role, side, when, outlet, quote_text, evidence in zip(
        *(df[c].to_list() if c in df.columns else [None] * len(df) for c in columns),
        strict=True,
    ):
        who = ", ".join(x for x in (plain(role), side) if x)
        said = plain(quote_text)
        rows.append(
            [
                str(sid),
                hover_html(speaker, 0),
                hover_html(who),
                hover_html(when, 0),
                hover_html(outlet or "unknown outlet", 0),
                hover_html(f"“{said}”") if said else hover_html(evidence),
            ]
        )
    return rows


def timeline_figure(df: pd.DataFrame) -> go.Figure:
    """One trace per side (colour), symbols by mode, speakers in side groups on y."""
    dated = df[df["date_start"].notna()]
    sides = side_order(dated)
    speakers = speaker_order(dated, sides)
    colours = side_colours(sides)
    fig = go.Figure()
    for side in sides:
        part = dated[dated["side"] == side]
        fig.add_trace(
            go.Scatter(
                x=part["date_start"],
                y=[label_html(s) for s in part["speaker"]],
                mode="markers",
                name=label_html(side, LABEL_CHARS),
                legendgroup="side",
                legendgrouptitle_text="Side",
                marker={
                    "color": colours[side],
                    "size": 11,
                    "opacity": 0.8,
                    "symbol": [
                        MODE_SYMBOLS.get(m, MODE_SYMBOLS[UNKNOWN_MODE]) for m in part["mode"]
                    ],
                    "line": {"width": 1.5, "color": colours[side]},
                },
                customdata=hover_data(part),
                hovertemplate=HOVER,
            )
        )
    for mode in [m for m in MODE_SYMBOLS if m in set(dated["mode"])]:
        # legend-only keys for the symbols; they hold no points, so selection ignores them
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=MODE_LABELS[mode],
                legendgroup="mode",
                legendgrouptitle_text="Statement",
                marker={"color": "#555555", "size": 11, "symbol": MODE_SYMBOLS[mode]},
                hoverinfo="skip",
            )
        )
    _side_separators(fig, dated, speakers)
    fig.update_yaxes(autorange="reversed", title=None, automargin=True, **speaker_axis(speakers))
    # ticks on top: a long speaker list pushes the bottom axis below a laptop screen
    fig.update_xaxes(title=None, showgrid=True, side="top", **time_axis(dated["date_start"]))
    fig.update_layout(
        height=max(320, ROW_PX * len(speakers) + 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="closest",
        # drag zooms into the crowded weeks; a click selects (Streamlit turns click
        # selection off while the box or lasso tool is the drag mode)
        dragmode="zoom",
        legend={"groupclick": "toggleitem"},
    )
    return fig


def speaker_axis(speakers: Sequence[str]) -> dict[str, Any]:
    """The y axis: one category per speaker (escaped, as the points' y values are), its
    label cut to `LABEL_CHARS`."""
    rows = [label_html(s) for s in speakers]
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": rows,
        "tickvals": rows,
        "ticktext": [label_html(s, LABEL_CHARS) for s in speakers],
    }


def time_axis(days: pd.Series) -> dict[str, Any]:
    """Range padded by a day or more; on a span of a week or less, one tick per day
    (plotly would otherwise label hours, and statements carry no time of day)."""
    days = pd.to_datetime(days).dropna()
    if days.empty:
        return {}
    lo, hi = days.min().normalize(), days.max().normalize()
    pad = max(pd.Timedelta(days=1), (hi - lo) * 0.03)
    axis: dict[str, Any] = {"range": [(lo - pad).isoformat(), (hi + pad).isoformat()]}
    if hi - lo <= pd.Timedelta(days=7):
        axis.update(dtick=DAY_MS, tickformat="%d %b %Y")
    return axis


def _side_separators(fig: go.Figure, df: pd.DataFrame, speakers: Sequence[str]) -> None:
    """A thin line between side groups (positions are category indices)."""
    home = df.groupby("speaker")["side"].agg(lambda s: s.value_counts().index[0])
    for i in range(1, len(speakers)):
        if home[speakers[i]] != home[speakers[i - 1]]:
            fig.add_hline(y=i - 0.5, line={"color": "#bbbbbb", "width": 1, "dash": "dot"})


def selected_ids(selection: Mapping[str, Any] | None) -> list[str]:
    """Statement ids of the points chosen on the chart (click, box or lasso)."""
    points = ((selection or {}).get("selection") or {}).get("points") or []
    ids = []
    for point in points:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if data:
            ids.append(str(data[0]))
    return list(dict.fromkeys(ids))


def article_link(article_id: str) -> str:
    """Relative link to the Articles page showing this article's evidence."""
    return f"{ARTICLE_PAGE}?article={quote(str(article_id), safe='')}"


def listing(df: pd.DataFrame) -> pd.DataFrame:
    """The table under the chart: what was said, its evidence and where to read it."""
    return pd.DataFrame(
        {
            "date": df["date"].map(plain).to_list(),
            "speaker": df["speaker"].to_list(),
            "side": df["side"].to_list(),
            "mode": df["mode"].to_list(),
            "quote": df["quote"].map(plain).to_list(),
            "evidence": df["evidence"].map(plain).to_list(),
            "outlet": df["outlet"].map(plain).to_list(),
            "article": [article_link(a) for a in df["article_id"]],
            "source": [safe_url(u) for u in df["url"]],
        }
    )


# -- a view too large for one point per statement ------------------------------------------

SUMMARY_MAX_MARKERS = 1500  # coarser periods until the summary has at most this many
PERIODS = (("D", "day", "%d %b %Y"), ("MS", "month", "%b %Y"), ("QS", "quarter", "%b %Y"))
PERIODS += (("YS", "year", "%Y"),)


def side_order_counts(counts: Iterable[tuple[str, int]]) -> list[str]:
    """`side_order` from (side, statements) pairs: most statements first, unknown last."""
    totals: dict[str, int] = {}
    for side, n in counts:
        totals[side] = totals.get(side, 0) + int(n)
    known = sorted((s for s in totals if s != UNKNOWN_SIDE), key=lambda s: (-totals[s], s))
    return known + ([UNKNOWN_SIDE] if UNKNOWN_SIDE in totals else [])


def coarsen(
    counts: pd.DataFrame, period: str = "day", max_markers: int = SUMMARY_MAX_MARKERS
) -> tuple[pd.DataFrame, str]:
    """Counts per (speaker, side, `period`) merged into longer periods (month, quarter,
    year) until there are at most `max_markers` of them; returns them and their period."""
    names = [name for _, name, _ in PERIODS]
    df = counts
    for freq, name, _ in PERIODS[names.index(period) :]:
        start = df["period"] if name == "day" else df["period"].dt.to_period(freq[0]).dt.start_time
        merged = (
            df.assign(period=start)
            .groupby(["speaker", "side", "period"], as_index=False)[["statements", "direct"]]
            .sum()
        )
        if len(merged) <= max_markers or name == names[-1]:
            return merged, name
    raise AssertionError("unreachable")  # pragma: no cover


def summary_figure(counts: pd.DataFrame, period: str = "day") -> go.Figure:
    """The timeline from statements counted per (speaker, side, period), as
    `query.summary.statement_timeline` returns them (merged by `coarsen`): one marker per
    speaker and period, its area growing with the count; colour is the side, as in
    `timeline_figure`."""
    df = counts.copy()
    df["side"] = [plain(v) or UNKNOWN_SIDE for v in df["side"]]
    if "direct" not in df.columns:
        df["direct"] = 0
    label = next(fmt for _, name, fmt in PERIODS if name == period)
    totals = df.groupby("side")["statements"].sum()
    sides = side_order_counts(totals.items())
    by_speaker = df.groupby(["speaker", "side"])["statements"].sum().reset_index()
    by_speaker = by_speaker.sort_values(
        ["speaker", "statements", "side"], ascending=[True, False, True]
    )
    home = by_speaker.drop_duplicates("speaker").set_index("speaker")["side"]
    rank = {side: i for i, side in enumerate(sides)}
    speakers = sorted(home.index, key=lambda sp: (rank.get(home[sp], len(rank)), sp.casefold()))
    colours = side_colours(sides)
    largest = max(int(df["statements"].max()), 1) if len(df) else 1
    fig = go.Figure()
    for side in sides:
        part = df[df["side"] == side]
        n = part["statements"].to_numpy()
        hover = [
            f"<b>{hover_html(sp, 0)}</b><br>{hover_html(side, 0)}<br>"
            f"{pd.Timestamp(p):{label}}: {int(k):,} statement(s), {int(d):,} quoted directly"
            for sp, p, k, d in zip(
                part["speaker"], part["period"], part["statements"], part["direct"], strict=True
            )
        ]
        fig.add_trace(
            go.Scatter(
                x=part["period"].to_numpy(),
                y=[label_html(s) for s in part["speaker"]],
                mode="markers",
                name=label_html(side, LABEL_CHARS),
                marker={
                    "color": colours[side],
                    "size": 6 + 16 * (n / largest) ** 0.5,
                    "opacity": 0.7,
                    "line": {"width": 1, "color": colours[side]},
                },
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_yaxes(autorange="reversed", title=None, automargin=True, **speaker_axis(speakers))
    fig.update_xaxes(title=None, showgrid=True, side="top", **time_axis(df["period"]))
    fig.update_layout(
        height=max(320, ROW_PX * len(speakers) + 140),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        hovermode="closest",
        legend={"title": {"text": "Side"}},
        meta={"period": period},
    )
    return fig
