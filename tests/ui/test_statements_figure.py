"""The statements timeline built directly from DataFrames: order, colour, symbols, escaping."""

from __future__ import annotations

import pandas as pd

from dashboard.ui.statements.figure import (
    DAY_MS,
    HOVER,
    MODE_SYMBOLS,
    UNKNOWN_SIDE,
    article_link,
    filter_sides,
    listing,
    prepare,
    selected_ids,
    side_order,
    speaker_order,
    timeline_figure,
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {
        "article_id": "a1",
        "speaker_role": None,
        "date": "2023-09-20",
        "quote": None,
        "mode": "indirect",
        "evidence": "Someone said something.",
        "outlet": "Wire",
        "title": "T",
        "url": "https://example.org/a",
        "published": pd.Timestamp("2023-09-20"),
        "language": "en",
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["date_start"] = pd.to_datetime(df["date"])
    return prepare(df)


ROWS = [
    {"id": "s1", "speaker": "Nikol Pashinyan", "side": "Armenia", "mode": "direct"},
    {"id": "s2", "speaker": "Ararat Mirzoyan", "side": "Armenia"},
    {"id": "s3", "speaker": "Ilham Aliyev", "side": "Azerbaijan", "date": "2023-09-21"},
    {"id": "s4", "speaker": "State Border Service", "side": None, "mode": None},
    {"id": "s5", "speaker": "Nikol Pashinyan", "side": "Armenia", "date": "2023-09-22"},
]


def test_missing_side_and_mode_get_names_and_unknown_side_sorts_last():
    df = _frame(ROWS)
    assert df.loc[df["id"] == "s4", "side"].item() == UNKNOWN_SIDE
    assert df.loc[df["id"] == "s4", "mode"].item() == "unknown"
    assert side_order(df) == ["Armenia", "Azerbaijan", UNKNOWN_SIDE]
    assert filter_sides(df, ["Azerbaijan"])["id"].tolist() == ["s3"]
    assert len(filter_sides(df, [])) == len(df)


def test_speakers_on_y_are_grouped_by_side_and_coloured_by_side():
    df = _frame(ROWS)
    expected = ["Ararat Mirzoyan", "Nikol Pashinyan", "Ilham Aliyev", "State Border Service"]
    assert speaker_order(df, side_order(df)) == expected
    fig = timeline_figure(df)
    assert list(fig.layout.yaxis.categoryarray) == expected
    assert fig.layout.yaxis.categoryorder == "array"
    points = [t for t in fig.data if t.x[0] is not None]
    assert [t.name for t in points] == ["Armenia", "Azerbaijan", UNKNOWN_SIDE]
    assert len({t.marker.color for t in points}) == 3
    # one dotted separator between each pair of side groups
    assert len(fig.layout.shapes) == 2


def test_marker_symbol_follows_mode_and_legend_explains_it():
    fig = timeline_figure(_frame(ROWS))
    armenia = next(t for t in fig.data if t.name == "Armenia")
    by_id = dict(zip([c[0] for c in armenia.customdata], armenia.marker.symbol, strict=True))
    assert by_id["s1"] == MODE_SYMBOLS["direct"]
    assert by_id["s2"] == MODE_SYMBOLS["indirect"]
    keys = {t.name for t in fig.data if t.x[0] is None}
    assert {"direct quote", "reported speech"} <= keys


def test_hover_text_is_escaped_and_prefers_the_quote():
    rows = [
        {
            "id": "x1",
            "speaker": "A <b>bold</b> & co",
            "side": "Armenia",
            "quote": "<script>alert(1)</script> we will stay",
            "outlet": "Wire <i>x</i>",
        },
        {
            "id": "x2",
            "speaker": "B",
            "side": "Armenia",
            "evidence": "Gist with <a href=x>link</a>.",
        },
    ]
    fig = timeline_figure(_frame(rows))
    trace = fig.data[0]
    assert trace.hovertemplate == HOVER
    text = " ".join(" ".join(map(str, row)) for row in trace.customdata)
    assert "<script>" not in text and "<b>bold" not in text and "<a href" not in text
    assert "A &lt;b&gt;bold&lt;/b&gt; &amp; co" in text
    assert "“&lt;script&gt;alert(1)&lt;/script&gt; we will stay”" in text
    assert "Wire &lt;i&gt;x&lt;/i&gt;" in text
    assert "Gist with &lt;a href=x&gt;link&lt;/a&gt;." in text


def test_short_spans_get_one_tick_per_day_not_hours():
    fig = timeline_figure(_frame(ROWS))
    assert fig.layout.xaxis.dtick == DAY_MS
    assert fig.layout.xaxis.range[0] < "2023-09-20" < "2023-09-22" < fig.layout.xaxis.range[1]


def test_selected_ids_come_from_point_customdata():
    event = {
        "selection": {
            "points": [
                {"customdata": ["s3", "x"], "x": "2023-09-21"},
                {"customdata": ["s1"]},
                {"customdata": ["s3"]},
                {"x": 1},  # a point of a legend-only trace carries no id
            ]
        }
    }
    assert selected_ids(event) == ["s3", "s1"]
    assert selected_ids(None) == []
    assert selected_ids({"selection": {"points": []}}) == []


def test_listing_links_to_the_article_view_and_only_to_web_sources():
    rows = [
        {"id": "s1", "speaker": "A", "side": "Armenia", "article_id": "id/with?odd&chars"},
        {"id": "s2", "speaker": "B", "side": "Armenia", "url": "javascript:alert(1)"},
        {"id": "s3", "speaker": "C", "side": "Armenia", "url": None},
    ]
    table = listing(_frame(rows))
    assert list(table.columns) == [
        "date",
        "speaker",
        "side",
        "mode",
        "quote",
        "evidence",
        "outlet",
        "article",
        "source",
    ]
    assert table["article"][0] == "./Articles?article=id%2Fwith%3Fodd%26chars"
    assert article_link("abc") == "./Articles?article=abc"
    sources = [v if isinstance(v, str) else None for v in table["source"]]
    assert sources == ["https://example.org/a", None, None]


def test_legend_and_speaker_axis_show_names_as_text():
    """Trace names and category ticks are plotly HTML too: a side or speaker carrying
    markup shows as typed, and a long one is cut so it cannot cover the plot."""
    side = 'Side <b>bold</b><a href="javascript:alert(1)">x</a>' + " long" * 20
    speaker = "Speaker <img src=x onerror=alert(1)> & co" + " long" * 20
    df = _frame([{"id": "h", "speaker": speaker, "side": side, "mode": "direct"}, *ROWS])
    fig = timeline_figure(df)
    names = [t.name for t in fig.data if t.x[0] is not None]
    hostile = next(n for n in names if n.startswith("Side"))
    assert "<b>" not in hostile and "<a " not in hostile and "&lt;b&gt;bold" in hostile
    assert len(hostile) < 80 and hostile.endswith("…")
    axis = fig.layout.yaxis
    assert "<img" not in " ".join(axis.categoryarray + axis.ticktext)
    escaped = "Speaker &lt;img src=x onerror=alert(1)&gt; &amp; co" + " long" * 20
    assert escaped in axis.categoryarray  # the full name: two speakers never share a row
    point = next(t for t in fig.data if t.name == hostile)
    assert list(point.y) == [escaped]
    tick = axis.ticktext[list(axis.tickvals).index(escaped)]
    assert tick.startswith("Speaker &lt;img") and tick.endswith("…")
    assert "Nikol Pashinyan" in axis.ticktext
