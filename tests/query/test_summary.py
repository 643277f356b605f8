"""The aggregates computed in the database (query.summary) and the limited, ordered
queries agree with what the pages compute in pandas from the full rows, on both
backends."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import query
from dashboard.query import Filters, summary
from dashboard.ui.evacuations.figure import MEASURE_OF_TYPE, daily_range, prepare
from dashboard.ui.map import build as event_map
from dashboard.ui.statements.figure import UNKNOWN_SIDE, side_order_counts

FILTERS = [
    Filters(),
    Filters(types=("evacuation",)),
    Filters(languages=("ru",)),
    Filters(outlets=("OC Media",), actors=("Azerbaijan",)),
    Filters(date_from=date(2023, 9, 20), date_to=date(2023, 9, 30)),
    Filters(types=("military",), languages=("hy",)),
]


def _groups_key(df: pd.DataFrame) -> list[tuple]:
    out = []
    for r in df.itertuples(index=False):
        first = None if pd.isna(r.first) else pd.Timestamp(r.first).date()
        last = None if pd.isna(r.last) else pd.Timestamp(r.last).date()
        out.append(
            (round(r.lat, 5), round(r.lon, 5), r.type, r.place or "", int(r.events), first, last)
        )
    return sorted(out, key=str)


@pytest.mark.parametrize("filters", FILTERS)
def test_map_groups_match_the_events(reader, filters):
    events = query.events(reader, filters)
    groups = summary.map_groups(reader, filters)
    assert int(groups["events"].sum()) == len(events) == summary.count_events(reader, filters)
    placed, unplaced = event_map.split_placed(events)
    located = groups[groups["located"]]
    assert int(groups.loc[~groups["located"], "events"].sum()) == len(unplaced)
    assert _groups_key(located) == _groups_key(event_map.group_events(placed))


@pytest.mark.parametrize("filters", FILTERS)
def test_map_from_groups_is_the_map_from_events(reader, filters):
    events = query.events(reader, filters)
    groups = summary.map_groups(reader, filters)
    placed, _ = event_map.split_placed(events)
    _, info = event_map.build_map(events, max_markers=0)  # aggregated
    _, from_groups = event_map.build_map_groups(groups, lambda: placed, max_markers=0)
    assert info == from_groups
    _, info = event_map.build_map(events)
    _, from_groups = event_map.build_map_groups(groups, lambda: placed)
    assert info == from_groups


@pytest.mark.parametrize("limit", [1, 2, 3, 10])
@pytest.mark.parametrize("located", [None, True, False])
def test_limited_events_are_the_first_rows(reader, limit, located):
    every = query.events(reader)
    if located is not None:
        placed, unplaced = event_map.split_placed(every)
        every = placed if located else unplaced
    first = query.events(reader, limit=limit, located=located)
    assert list(first["id"]) == list(every["id"])[:limit]


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_limited_statements_and_sides(reader, limit):
    every = query.statements(reader)
    assert list(query.statements(reader, limit=limit)["id"]) == list(every["id"])[:limit]
    span = summary.statement_span(reader)
    assert span.rows == len(every)
    sides = side_order_counts(span.sides)
    named = [s if isinstance(s, str) and s else UNKNOWN_SIDE for s in every["side"]]
    for side in sides:
        picked = query.statements(reader, sides=(side,))
        assert len(picked) == named.count(side) == summary.count_statements(reader, sides=(side,))


def test_statement_timeline_counts_every_statement(reader):
    every = query.statements(reader)
    for monthly in (False, True):
        counts = summary.statement_timeline(reader, monthly=monthly)
        assert int(counts["statements"].sum()) == len(every)
        direct = int((every["mode"] == "direct").sum())
        assert int(counts["direct"].sum()) == direct


@pytest.mark.parametrize("types", [("evacuation", "displacement"), ("evacuation", "casualties")])
def test_figure_days_are_the_daily_range(reader, types):
    rows = prepare(query.figures(reader, None, types))
    measures = {t: MEASURE_OF_TYPE[t] for t in types}
    days = summary.figure_days(reader, None, types, measures)
    assert int(days["figures"].sum()) == len(rows) == summary.count_figures(reader, None, types)
    expected = daily_range(rows)
    dated = days[days["day"].notna()].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        dated[["measure", "day", "low", "high", "figures", "outlets"]],
        expected[["measure", "day", "low", "high", "figures", "outlets"]].astype(
            {"low": "int64", "high": "int64", "figures": "int64", "outlets": "int64"}
        ),
        check_dtype=False,
    )
    recent = query.recent_figures(reader, None, types, 2)
    assert len(recent) == min(2, len(rows))


@pytest.mark.parametrize(
    "order",
    [(), (("published", True),), (("events", False), ("published", False)), (("title", True),)],
)
@pytest.mark.parametrize("limit", [1, 2, None])
def test_articles_limit_and_order(reader, order, limit):
    every = query.articles(reader)
    assert query.count_articles(reader) == len(every)
    got = query.articles(reader, None, limit, order)
    expected = every
    if order:
        cols = [c for c, _ in order]
        asc = [a for _, a in order]
        expected = every.sort_values(
            cols,
            ascending=asc,
            na_position="last",
            kind="stable",
            key=lambda s: s.str.lower() if s.name == "title" else s,
        )
    ids = list(expected["id"])
    assert list(got["id"]) == (ids if limit is None else ids[:limit])
    assert list(got.columns) == list(every.columns)


@pytest.mark.parametrize("column", ["places", "events", "statements"])
@pytest.mark.parametrize("limit", [1, 2, 3, 4])
@pytest.mark.parametrize("filters", [Filters(), Filters(languages=("ru", "en"))])
def test_most_facts_first_with_a_limit_are_the_first_rows(reader, column, limit, filters):
    """The limit-th highest count is found first (ties kept); with fewer articles having
    such facts than the limit, articles without any complete the list."""
    every = query.articles(reader, filters)
    expected = every.sort_values(column, ascending=False, kind="stable")
    got = query.articles(reader, filters, limit, ((column, False),))
    assert list(got["id"]) == list(expected["id"])[:limit]
    for c in ("places", "events", "statements"):
        assert list(got[c]) == list(expected[c])[:limit]


@pytest.mark.parametrize("window", [1, 2, 4])
@pytest.mark.parametrize("limit", [1, 2, 3])
@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(languages=("ru", "en")),
        Filters(text="stepanakert"),
        Filters(date_to=date(2023, 9, 30)),
        Filters(types=("evacuation",)),
        Filters(places=("Goris",)),  # not in the newest article: a wider window
        Filters(speakers=("Nikol Pashinyan",)),  # the oldest article: the whole list
    ],
)
def test_newest_articles_through_a_window_are_the_first_rows(
    reader, monkeypatch, window, limit, filters
):
    """Newest first with a limit looks at the newest WINDOW × limit articles first, then
    at a wider window, and at all of them when those hold too few matches: the same
    rows either way."""
    from dashboard.query import facts

    monkeypatch.setattr(facts, "WINDOW", window)
    every = query.articles(reader, filters)
    for order in ((), (("published", False),)):
        got = query.articles(reader, filters, limit, order)
        assert list(got["id"]) == list(every["id"])[:limit]
        assert list(got["events"]) == list(every["events"])[:limit]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(types=("evacuation",)),
        Filters(types=("evacuation", "military")),
        Filters(speakers=("Nikol Pashinyan",)),
        Filters(places=("Stepanakert", "Goris")),
        Filters(places=("Nowhere at all",)),
        Filters(types=("evacuation",), places=("Stepanakert",)),
        Filters(types=("evacuation",), languages=("en",)),
    ],
)
def test_count_articles_with_a_fact_filter_counts_the_list(reader, filters):
    """One fact filter alone is counted from the facts' article ids (`_one_fact_filter`):
    the same number as the articles listed."""
    assert query.count_articles(reader, filters) == len(query.articles(reader, filters))


# -- the summary tables give the answers the facts give ----------------------------------

SUMMARY_FILTERS = [
    Filters(),
    Filters(types=("evacuation", "displacement")),
    Filters(languages=("ru",)),
    Filters(outlets=("OC Media",)),
    Filters(places=("Stepanakert",)),
    Filters(exact=True),
    Filters(date_from=date(2023, 9, 20), date_to=date(2023, 9, 30)),
    Filters(date_from=date(2023, 9, 1), outlets=("OC Media", "Reuters"), languages=("en",)),
    Filters(speakers=("Nikol Pashinyan",)),
    Filters(actors=("Azerbaijan",)),  # no summary has actors: the facts
]


def _every_aggregate(store, f: Filters) -> list:
    def rows(df: pd.DataFrame) -> list[str]:
        return sorted(map(repr, df.itertuples(index=False)))

    types = ("evacuation", "displacement", "casualties")
    measures = {t: MEASURE_OF_TYPE[t] for t in types}
    out = [
        rows(summary.map_groups(store, f)),
        summary.count_events(store, f),
        summary.count_statements(store, f),
        summary.count_statements(store, f, (UNKNOWN_SIDE, "Armenia")),
        summary.count_figures(store, f, types),
        rows(summary.figure_days(store, f, types, measures)),
        summary.figure_span(store, types),
    ]
    for monthly in (False, True):
        out.append(rows(summary.statement_timeline(store, f, (), monthly)))
        out.append(rows(summary.statement_timeline(store, f, ("Azerbaijan",), monthly)))
    for order in ((("events", False),), (("places", True), ("title", True))):
        out.append(query.articles(store, f, 3, order).to_dict("records"))
    # newest-first lists: their cut-off date comes from the day summaries
    for limit in (1, 4, 25):
        out.append(list(query.statements(store, f, limit)["id"]))
        out.append(list(query.statements(store, f, limit, ("Azerbaijan", UNKNOWN_SIDE))["id"]))
        out.append(list(query.recent_figures(store, f, types, limit)["id"]))
        for located in (None, True, False):
            out.append(list(query.events(store, f, limit, located)["id"]))
    return out


def test_summaries_answer_as_the_facts(reader, monkeypatch):
    assert summary.summaries_ready(reader)
    from_summaries = [_every_aggregate(reader, f) for f in SUMMARY_FILTERS]
    spans = [summary.event_span(reader), summary.statement_span(reader)]
    head = [query.overview(reader), query.facets(reader)]
    monkeypatch.setattr(summary, "summaries_ready", lambda store: False)
    assert [_every_aggregate(reader, f) for f in SUMMARY_FILTERS] == from_summaries
    assert [summary.event_span(reader), summary.statement_span(reader)] == spans
    overview, facets = query.overview(reader), query.facets(reader)
    assert facets == head[1]
    assert overview.events_by_type.to_dict("records") == head[0].events_by_type.to_dict("records")
    assert (overview.articles, overview.outlets, overview.languages, overview.places) == (
        head[0].articles,
        head[0].outlets,
        head[0].languages,
        head[0].places,
    )
    assert (overview.events, overview.statements, overview.date_from, overview.date_to) == (
        head[0].events,
        head[0].statements,
        head[0].date_from,
        head[0].date_to,
    )


@pytest.mark.parametrize(
    "types", [("evacuation", "displacement"), ("evacuation", "displacement", "casualties"), ()]
)
def test_figure_places_from_the_summaries_are_those_of_the_facts(reader, monkeypatch, types):
    assert summary.summaries_ready(reader)
    from_summaries = query.figure_places(reader, types)
    assert from_summaries  # the sample has located figures
    monkeypatch.setattr(summary, "summaries_ready", lambda store: False)
    assert query.figure_places(reader, types) == from_summaries
