"""Reported figures straight from the store: only counted events of the asked types."""

from __future__ import annotations

from datetime import date

from dashboard.query import CASUALTY_TYPES, PEOPLE_TYPES, Filters, figure_places, figures


def test_figures_are_counted_events_oldest_first_with_their_source(reader):
    df = figures(reader)
    assert df["count"].tolist() == [50000, 100417]
    assert set(df["type"]) == {"evacuation"}
    assert df["outlet"].tolist() == ["Kavkazsky Uzel", "Kavkazsky Uzel"]
    assert df["evidence"].str.len().gt(0).all()


def test_figures_use_dates_places_outlets_and_ignore_filter_types(reader):
    assert figures(reader, Filters(places=("Goris",)))["count"].tolist() == [100417]
    assert figures(reader, Filters(date_to=date(2023, 9, 28)))["count"].tolist() == [50000]
    assert figures(reader, Filters(outlets=("OC Media",))).empty
    assert len(figures(reader, Filters(types=("military",)))) == 2
    assert figures(reader, types=CASUALTY_TYPES).empty
    assert figure_places(reader, PEOPLE_TYPES) == ("Goris",)
