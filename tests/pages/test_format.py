"""Screen text helpers."""

from __future__ import annotations

from datetime import date

from dashboard.query import Figure
from dashboard.ui.format import count_text, date_range_text, figure_source, month_range_text


def test_count_text():
    assert count_text(100417) == "100,417"
    assert count_text(50000, "more_than") == "more than 50,000"
    assert count_text(7, "about") == "about 7"


def test_date_range_text():
    assert date_range_text(None, None) == "—"
    assert date_range_text(date(2023, 9, 1), date(2023, 9, 1)) == "2023-09-01"
    assert date_range_text(date(2023, 9, 1), date(2023, 10, 1)) == "2023-09-01 – 2023-10-01"
    assert month_range_text(date(2022, 12, 13), date(2023, 10, 4)) == "Dec 2022 – Oct 2023"
    assert month_range_text(date(2023, 9, 1), date(2023, 9, 30)) == "Sep 2023"
    assert month_range_text(None, None) == "—"


def test_figure_source():
    fig = Figure(
        "evacuation", 5, None, None, None, "e.", "a", "OC Media", "T", None, date(2023, 9, 1)
    )
    assert figure_source(fig) == "OC Media, 2023-09-01: T"
    bare = Figure("evacuation", 5, None, None, None, "e.", "a", None, None, None, None)
    assert figure_source(bare) == "unknown outlet"
