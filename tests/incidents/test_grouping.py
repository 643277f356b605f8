"""The grouping rules on hand-made reports: the hard cases of issue 12 (two villages on
one day, a blockade reported for months, figures on consecutive days), containment in
Nagorno-Karabakh, conflicts, and the rules file's errors."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from dashboard.incidents.cluster import Clusterer
from dashboard.incidents.reports import report_from_row
from dashboard.incidents.rules import default_rules, load_rules
from dashboard.incidents.summary import incident_row
from dashboard.store.schema import COLUMNS

# name -> (lat, lon, geo precision), as the extractor stores them
PLACES = {
    "Stepanakert": (39.8177, 46.7528, 1),
    "Shusha": (39.7583, 46.7484, 1),
    "Martakert": (40.2150, 46.8167, 1),
    "Martuni": (39.7953, 47.1150, 1),
    "Goris": (39.5111, 46.3386, 1),
    "Yerevan": (40.1811, 44.5136, 1),
    "Nagorno-Karabakh": (39.82, 46.75, 2),
    "Lachin corridor": (39.6, 46.55, 2),
    "Hakari bridge": (39.556, 46.55, 1),
    "Armenia": (40.07, 45.04, 3),
}
_n = 0


def report(
    type_="military",
    day="2023-09-19",
    place="Stepanakert",
    precision="day",
    count=None,
    outlet="Outlet A",
    language="en",
    published=None,
):
    global _n
    _n += 1
    lat, lon, geo = PLACES[place] if place else (None, None, None)
    start = date.fromisoformat(day if len(day) == 10 else f"{day}-01")
    row = (
        f"e{_n:04d}",
        f"a{_n:04d}",
        type_,
        start,
        {"reported": "day", "week": "day"}.get(precision, precision),
        precision,
        "published" if precision == "reported" else "text",
        place,
        lat,
        lon,
        geo,
        count,
        outlet,
        language,
        date.fromisoformat(published or (day if len(day) == 10 else f"{day}-28")),
    )
    return report_from_row(row, default_rules(), {})


def group(*reports, rules=None):
    clusterer = Clusterer(rules or default_rules())
    clusterer.add_all(reports)
    by_event = {r.event_id: inc for inc in clusterer.incidents.values() for r in inc.reports}
    return clusterer, [by_event[r.event_id].incident_id for r in reports]


def same(*reports, rules=None) -> bool:
    _, ids = group(*reports, rules=rules)
    return len(set(ids)) == 1


def row_of(clusterer, incident_id):
    values = incident_row(clusterer.incidents[incident_id], clusterer.rules)
    return dict(zip(COLUMNS["incidents"], values, strict=True))


def test_same_day_same_place_in_two_languages_is_one_incident():
    assert same(report(outlet="A", language="en"), report(outlet="B", language="ru"))


def test_two_villages_on_the_same_day_are_two_incidents():
    assert not same(report(place="Martakert"), report(place="Martuni"))
    assert not same(report(place="Stepanakert"), report(place="Shusha"))


def test_one_day_apart_joins_with_a_date_conflict_two_days_do_not():
    a, b = report(day="2023-09-19"), report(day="2023-09-20", outlet="B")
    clusterer, ids = group(a, b)
    assert ids[0] == ids[1]
    assert "dates 19 vs 20 Sep" in json.loads(row_of(clusterer, ids[0])["conflicts"])
    assert not same(report(day="2023-09-19"), report(day="2023-09-21"))


def test_no_chain_along_days():
    """19, 20 and 21: the 21st is two days from the 19th, so it founds its own."""
    _, ids = group(report(day="2023-09-19"), report(day="2023-09-20"), report(day="2023-09-21"))
    assert ids[0] == ids[1] != ids[2]


def test_month_report_joins_a_day_of_that_month_not_of_another():
    assert same(report(day="2023-09-19"), report(day="2023-09", precision="month"))
    assert not same(report(day="2023-10-02"), report(day="2023-09", precision="month"))


def test_undated_text_joins_what_happened_just_before_publication():
    assert same(report(day="2023-09-19"), report(day="2023-09-20", precision="reported"))
    assert not same(report(day="2023-09-15"), report(day="2023-09-20", precision="reported"))


def test_town_inside_nagorno_karabakh_joins_the_region_not_a_town_outside():
    assert same(report(place="Martakert"), report(place="Nagorno-Karabakh"))
    assert not same(report(place="Goris"), report(place="Nagorno-Karabakh"))
    assert same(report(place="Yerevan"), report(place="Armenia"))
    assert not same(report(place="Stepanakert"), report(place="Armenia"))


def test_region_report_does_not_bridge_two_villages_nor_guess_between_them():
    _, ids = group(
        report(place="Martakert"), report(place="Martuni"), report(place="Nagorno-Karabakh")
    )
    assert len(set(ids)) == 3
    _, ids = group(report(place="Martakert"), report(place="Nagorno-Karabakh"), report(place=None))
    assert len(set(ids)) == 1  # one town only: no doubt where the vague reports belong


def test_blockade_reported_for_months_is_one_incident():
    days = ["2022-12-12", "2023-01-10", "2023-02-20", "2023-04-01", "2023-04-23"]
    reports = [report("blockade", d, "Lachin corridor", outlet=f"O{i}") for i, d in enumerate(days)]
    clusterer, ids = group(*reports)
    assert len(set(ids)) == 1
    row = row_of(clusterer, ids[0])
    assert (row["date_start"], row["date_end"]) == (date(2022, 12, 12), date(2023, 4, 23))
    assert row["outlets"] == 5 and not row["conflict"]
    # a pause longer than the rules' gap is a new blockade
    assert not same(report("blockade", "2022-12-12"), report("blockade", "2023-06-01"))


def test_an_episode_at_a_town_stays_apart_from_the_state_it_belongs_to():
    state = [
        report("blockade", d, "Lachin corridor", outlet=f"O{i}")
        for i, d in enumerate(["2022-12-12", "2023-02-20", "2023-04-01"])
    ]
    # a checkpoint set up at a bridge (a town, no figure) is an episode of its own ...
    bridge = report("blockade", "2023-04-23", "Hakari bridge", outlet="Monitor")
    # ... which a report dated that day, at the corridor that holds the bridge, tells of
    corridor = report("blockade", "2023-04-23", "Lachin corridor", outlet="Daily")
    later = report("blockade", "2023-06-01", "Lachin corridor", outlet="Late")
    _, ids = group(*state, bridge, corridor, later)
    assert len(set(ids[:3])) == 1 and ids[5] == ids[0]
    assert ids[3] == ids[4] != ids[0]
    # arrivals: a town report with a figure counts the exodus as a whole; without one,
    # a bus arriving in Goris is an episode there
    total = report("displacement", "2023-09-30", "Armenia", count=100_000)
    counted = report("displacement", "2023-09-28", "Goris", count=28_000, outlet="B")
    bus = report("displacement", "2023-10-01", "Goris", outlet="C")
    _, ids = group(total, counted, bus)
    assert ids[0] == ids[1] != ids[2]


def test_alike_reports_of_one_article_with_two_figures_make_others_ambiguous():
    # one article: 49 of one side and 50 of the other killed, same day, same country
    ours = report("casualties", "2022-09-13", "Armenia", count=49, outlet="A")
    theirs = replace(
        report("casualties", "2022-09-13", "Armenia", count=50), article_id=ours.article_id
    )
    other = report("casualties", "2022-09-13", "Armenia", count=207, outlet="B")
    _, ids = group(ours, theirs, other)
    assert len(set(ids)) == 3
    # one figure per article: alike reports join as usual
    assert same(ours, other)


def test_parallel_rebuild_groups_as_one_process(monkeypatch):
    from dashboard.incidents import pool

    rows = []
    for i, (type_, day, place) in enumerate(
        [
            ("military", "2023-09-19", "Stepanakert"),
            ("military", "2023-09-20", "Stepanakert"),
            ("blockade", "2023-01-10", "Lachin corridor"),
            ("blockade", "2023-03-01", "Lachin corridor"),
            ("protest", "2023-09-19", "Yerevan"),
            ("casualties", "2023-09-19", "Martuni"),
        ]
        * 3
    ):
        lat, lon, geo = PLACES[place]
        start = date.fromisoformat(day)
        rows.append(
            (
                f"e{i:03d}",
                f"a{i:03d}",
                type_,
                start,
                "day",
                "day",
                "text",
                place,
                lat,
                lon,
                geo,
                None,
                f"O{i}",
                "en",
                start,
            )
        )
    monkeypatch.setattr(pool, "MIN_PARALLEL", 0)
    one = pool.group_all(rows, default_rules(), processes=1)
    two = pool.group_all(rows, default_rules(), processes=2)
    assert sorted(one[0]) == sorted(two[0]) and sorted(one[1]) == sorted(two[1])
    assert len(one[0]) == 4 and len(one[1]) == len(rows)
    # packed as DuckDB takes them (Arrow tables made in the workers): the same rows
    from dashboard.store.duckdb_store import _Tx

    packed = pool.group_all(rows, default_rules(), 2, _Tx.pack, _Tx.concat)
    links = sorted((d["event_id"], d["incident_id"]) for d in packed[1].to_pylist())
    assert links == sorted(one[1])
    assert sorted(packed[0].column("incident_id").to_pylist()) == sorted(r[0] for r in one[0])


def test_evacuation_figures_on_consecutive_days_join_and_disagree():
    a = report("evacuation", "2023-09-25", "Goris", count=6650, outlet="A", published="2023-09-25")
    b = report("evacuation", "2023-09-26", "Goris", count=28000, outlet="B", published="2023-09-26")
    clusterer, ids = group(a, b)
    assert ids[0] == ids[1]
    row = row_of(clusterer, ids[0])
    assert (row["count_min"], row["count_max"], row["count_latest"]) == (6650, 28000, 28000)
    assert "figures 6,650 vs 28,000" in json.loads(row["conflicts"])
    figures = json.loads(row["figures"])
    assert [(f["outlet"], f["count"]) for f in figures] == [("A", 6650), ("B", 28000)]


def test_close_figures_are_no_conflict_and_types_never_mix():
    a = report("displacement", count=28000)
    b = report("displacement", count=27000, outlet="B")
    clusterer, ids = group(a, b)
    assert ids[0] == ids[1] and not row_of(clusterer, ids[0])["conflict"]
    assert not same(report("military"), report("casualties"))


def test_incident_records_best_place_first_report_and_counts():
    a = report(place="Nagorno-Karabakh", outlet="Early", language="fr", published="2023-09-19")
    b = report(place="Stepanakert", outlet="Late", language="ru", published="2023-09-21")
    c = report(place="Stepanakert", outlet="Late", language="ru", published="2023-09-22")
    clusterer, ids = group(a, b, c)
    row = row_of(clusterer, ids[0])
    assert (row["place"], row["geo_precision"]) == ("Stepanakert", 1)
    assert (row["reports"], row["outlets"], row["languages"]) == (3, 2, 2)
    assert (row["first_outlet"], row["first_published"]) == ("Early", date(2023, 9, 19))


def test_rules_come_from_the_data_file(tmp_path):
    assert default_rules().day_tolerance_days == 1
    loose = replace(default_rules(), day_tolerance_days=3)
    assert same(report(day="2023-09-19"), report(day="2023-09-21"), rules=loose)
    bad = tmp_path / "rules.json"
    bad.write_text('{"day_tolerance": 2}', encoding="utf-8")
    with pytest.raises(ValueError, match="rules.json: unknown incident rule"):
        load_rules(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match="rules.json: cannot read"):
        load_rules(bad)


def test_one_report_rows_take_a_short_cut_to_the_same_values():
    from dashboard.incidents.summary import _lone_row, full_row

    reports = [
        report(place=None),
        report("evacuation", count=5, place="Goris"),
        report("casualties", day="2023-09", precision="month", place="Nagorno-Karabakh"),
        report("political", day="2023-09-20", precision="reported", outlet=None, language=None),
    ]
    clusterer, _ = group(*reports)
    for inc in clusterer.incidents.values():
        assert len(inc.reports) == 1
        assert _lone_row(inc) == full_row(inc, clusterer.rules)
