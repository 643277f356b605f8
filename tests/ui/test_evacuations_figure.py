"""Reported figures over time: step lines per outlet, the daily range, conflicts, key events."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from dashboard.ui.evacuations.figure import (
    BAND_FILL,
    HOVER,
    KeyEvent,
    conflicts,
    daily_range,
    figure_table,
    figures_chart,
    key_events_in_range,
    label_levels,
    load_key_events,
    prepare,
)


def _frame(rows: list[dict]) -> pd.DataFrame:
    base = {
        "article_id": "a1",
        "type": "displacement",
        "date_precision": "day",
        "place": "Nagorno-Karabakh",
        "count_qualifier": "exact",
        "evidence": "Many people left.",
        "title": "T",
        "url": "https://example.org/a",
        "published": pd.Timestamp("2023-09-26"),
        "language": "en",
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["date_start"] = pd.to_datetime(df["date"])
    return prepare(df)


ROWS = [
    {"id": "e1", "date": "2023-09-20", "count": 2000, "outlet": "Exemple", "type": "evacuation"},
    {"id": "e2", "date": "2023-09-26", "count": 27000, "outlet": "Beispiel"},
    {"id": "e3", "date": "2023-09-26", "count": 28000, "outlet": "Exemple"},
    {"id": "e4", "date": "2023-09-30", "count": 100417, "outlet": "Beispiel"},
    {"id": "e5", "date": "2023-09-30", "count": 100417, "outlet": "Exemple"},
]


def test_one_step_line_per_outlet_with_its_own_figures():
    fig = figures_chart(_frame(ROWS))
    lines = {t.name: t for t in fig.data if t.mode == "lines+markers"}
    assert set(lines) == {"Beispiel", "Exemple"}
    assert all(t.line.shape == "hv" for t in lines.values())
    assert list(lines["Exemple"].y) == [2000, 28000, 100417]
    assert list(lines["Beispiel"].y) == [27000, 100417]
    assert lines["Exemple"].hovertemplate == HOVER
    assert lines["Exemple"].line.color != lines["Beispiel"].line.color
    # colours come from every known outlet, so narrowing the data keeps them
    only_one = figures_chart(_frame(ROWS[:1]), outlets=["Beispiel", "Exemple"])
    assert only_one.data[-1].line.color == lines["Exemple"].line.color


def test_band_spans_lowest_to_highest_figure_of_each_day():
    df = _frame(ROWS)
    band = daily_range(df)
    assert band[["low", "high"]].values.tolist() == [[2000, 2000], [27000, 28000], [100417, 100417]]
    assert band["outlets"].tolist() == [1, 2, 2]
    fig = figures_chart(df)
    upper = next(t for t in fig.data if t.name == "range reported")
    lower = fig.data[fig.data.index(upper) - 1]
    assert upper.fill == "tonexty" and upper.fillcolor == BAND_FILL
    # the last day is repeated a day later so its own range is drawn too
    assert list(upper.y) == [2000, 28000, 100417, 100417]
    assert list(lower.y) == [2000, 27000, 100417, 100417]


def test_conflicting_figures_are_named_not_averaged():
    df = _frame(ROWS)
    found = conflicts(df)
    assert found["text"].tolist() == ["26 Sep 2023: 27,000 (Beispiel) vs 28,000 (Exemple)"]
    table = figure_table(df)
    assert table["day range"].tolist() == ["", "27,000 – 28,000", "27,000 – 28,000", "", ""]
    fig = figures_chart(df)
    rings = next(t for t in fig.data if t.name == "outlets disagree")
    assert sorted(rings.y) == [27000, 28000]
    # the same figure from two outlets, or two figures from one outlet, is no disagreement
    same_outlet = _frame(
        [
            {"id": "a", "date": "2023-09-26", "count": 1, "outlet": "X"},
            {"id": "b", "date": "2023-09-26", "count": 2, "outlet": "X"},
        ]
    )
    assert conflicts(same_outlet).empty


def test_qualifiers_and_outlets_are_grouped_in_the_conflict_text():
    df = _frame(
        [
            {"id": "a", "date": "2023-09-25", "count": 68, "count_qualifier": "at_least",
             "outlet": "A", "type": "casualties"},
            {"id": "b", "date": "2023-09-25", "count": 68, "count_qualifier": "at_least",
             "outlet": "B", "type": "casualties"},
            {"id": "c", "date": "2023-09-25", "count": 170, "count_qualifier": "more_than",
             "outlet": "C", "type": "casualties"},
        ]
    )  # fmt: skip
    assert conflicts(df)["text"].tolist() == [
        "25 Sep 2023: at least 68 (A, B) vs more than 170 (C)"
    ]
    assert (df["measure"] == "casualties").all()


def test_hover_text_escapes_evidence_and_outlet():
    df = _frame(
        [
            {
                "id": "x",
                "date": "2023-09-26",
                "count": 5,
                "outlet": "<b>Wire</b>",
                "evidence": "Over 5 <img src=x onerror=alert(1)> people & more left.",
                "count_qualifier": "more_than",
            }
        ]
    )
    trace = next(t for t in figures_chart(df).data if t.mode == "lines+markers")
    text = " ".join(trace.customdata[0])
    assert "<img" not in text and "<b>Wire" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text and "&amp; more" in text
    assert trace.customdata[0][0] == "more than 5"


def test_key_events_are_data_and_marked_near_the_figures(tmp_path):
    shipped = load_key_events()
    days = {e.day: e.label for e in shipped}
    assert date(2023, 9, 19) in days and date(2023, 9, 20) in days
    path = tmp_path / "key_events.json"
    path.write_text(
        json.dumps(
            [
                {"label": "Far <b>away</b>", "date": "2020-01-01", "note": "n"},
                {"label": "Ceasefire", "date": "2023-09-20", "note": "a & b"},
                {"label": "broken", "date": "not a date"},
            ]
        ),
        encoding="utf-8",
    )
    events = load_key_events(path)
    assert [e.label for e in events] == ["Far <b>away</b>", "Ceasefire"]
    assert load_key_events(tmp_path / "missing.json") == []
    assert key_events_in_range(events, date(2023, 9, 20), date(2023, 9, 30)) == [events[1]]
    fig = figures_chart(_frame(ROWS), events)
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].x0 == "2023-09-20"
    assert fig.layout.annotations[0].text == "20 Sep: Ceasefire"
    assert fig.layout.annotations[0].hovertext == "a &amp; b"


def test_neighbouring_key_event_labels_go_on_different_rows():
    events = [
        KeyEvent("Offensive", date(2023, 9, 19)),
        KeyEvent("Ceasefire", date(2023, 9, 20)),
        KeyEvent("Much later", date(2023, 12, 1)),
    ]
    levels = label_levels(events, date(2023, 9, 18), date(2023, 12, 5))
    assert levels[0] != levels[1]
    assert levels[2] == 0


def test_casualties_get_their_own_panel_and_table_keeps_only_web_links():
    rows = [
        *ROWS,
        {"id": "c1", "date": "2023-09-19", "count": 27, "outlet": "Exemple",
         "type": "casualties", "url": "javascript:alert(1)"},
    ]  # fmt: skip
    df = _frame(rows)
    fig = figures_chart(df)
    assert fig.layout.yaxis.title.text == "People evacuated or displaced"
    assert fig.layout.yaxis2.title.text == "Casualties"
    table = figure_table(df)
    assert table["article"].tolist()[0] == "./Articles?article=a1"
    assert not isinstance(table["source"].tolist()[-1], str)


def test_outlet_names_in_the_legend_are_text():
    df = _frame(
        [
            {
                "id": "x",
                "date": "2023-09-26",
                "count": 5,
                "outlet": '<a href="javascript:alert(1)">Wire</a> <b>x</b>',
                "evidence": "Five people left.",
                "count_qualifier": None,
            }
        ]
    )
    trace = next(t for t in figures_chart(df).data if t.mode == "lines+markers")
    assert trace.name.startswith("&lt;a href=") and "<a" not in trace.name
    assert "<b>" not in trace.name
