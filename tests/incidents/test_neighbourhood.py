"""Which stored incidents a batch's new reports may change (`incidents.neighbourhood`), on
hand-made reports and stored incident rows: by kind, days and place."""

from __future__ import annotations

from datetime import date

from dashboard.incidents import neighbourhood as nb
from dashboard.incidents.places import PlaceMatcher
from dashboard.incidents.reports import place_key_of, report_from_row
from dashboard.incidents.rules import default_rules

RULES = default_rules()
MATCHER = PlaceMatcher(RULES)
PLACES = {
    "Stepanakert": (39.8177, 46.7528, 1),
    "Shusha": (39.7583, 46.7484, 1),  # 6.6 km from Stepanakert: within twice near_km
    "Martuni": (39.7953, 47.1150, 1),  # 31 km
    "Yerevan": (40.1811, 44.5136, 1),
    "Nagorno-Karabakh": (39.82, 46.75, 2),
    "Lachin corridor": (39.6, 46.55, 2),  # its drawn shape holds Stepanakert
    "Armenia": (40.07, 45.04, 3),
    # two towns 4.4 km apart on either side of a grid line (0.25 degrees)
    "South of the line": (39.99, 45.10, 1),
    "North of the line": (40.03, 45.10, 1),
    # and two 5.7 km apart far north, where a degree of longitude is short
    "Arctic west": (75.0, 19.90, 1),
    "Arctic east": (75.0, 20.10, 1),
}
DAY = date(2023, 9, 19).toordinal()
_n = 0


def report(type_="military", day="2023-09-19", place="Stepanakert", precision="day", count=None):
    global _n
    _n += 1
    lat, lon, geo = PLACES[place] if place else (None, None, None)
    start = date.fromisoformat(day)
    row = (
        f"new{_n}", f"art{_n}", type_, start, precision, precision, "text", place, lat, lon,
        geo, count, "Outlet", "en", start,
    )  # fmt: skip
    return report_from_row(row, RULES, {})


def stored(iid, place, lo=DAY, hi=None, episode=False, year=False):
    lat, lon, geo = PLACES[place] if place else (None, None, None)
    return nb.Stored(
        iid, lo, hi if hi is not None else lo, place_key_of(place, lat, lon, geo), episode
    )


# enough incidents of other places on the day that it is busy (a vague report there looks
# at the largest incidents only, not every one)
CROWD = [stored(f"yerevan-{i}", "Yerevan") for i in range(40)]


def near(reports, incidents):
    return nb.near(reports, {"military": incidents, "blockade": incidents}, RULES, MATCHER)


def test_a_town_report_reaches_its_town_its_neighbours_regions_holding_it_and_unplaced():
    incidents = [
        stored("same", "Stepanakert"),
        stored("neighbour", "Shusha"),
        stored("far", "Martuni"),
        stored("region", "Nagorno-Karabakh"),
        stored("other-region", "Armenia"),
        stored("unplaced", None),
        stored("days-later", "Stepanakert", DAY + 5),
        *CROWD,
    ]
    assert near([report()], incidents) == {"same", "neighbour", "region", "unplaced"}


def test_on_a_quiet_day_a_town_report_reaches_every_incident_of_the_day():
    incidents = [
        stored("same", "Stepanakert"),
        stored("far", "Martuni"),
        stored("yerevan", "Yerevan"),
    ]
    assert near([report()], incidents) == {"same", "far", "yerevan"}


def test_a_report_without_a_town_reaches_every_incident_within_its_days():
    incidents = [stored("far", "Martuni"), stored("days-later", "Martuni", DAY + 5), *CROWD]
    found = near([report(place=None)], incidents)
    assert found == {"far"} | {s.incident_id for s in CROWD}
    assert near([report(place="Nagorno-Karabakh")], incidents) == found


def test_an_episode_reaches_episodes_within_days_a_state_reaches_months():
    """A state's report leaves out the episodes (4,500 of 4,600 blockade incidents within
    reach in the synthetic war burst) unless it may take one."""
    episodes = [
        stored("episode", "Stepanakert", episode=True),
        stored("episode-later", "Stepanakert", DAY + 30, episode=True),
    ]
    states = [
        stored("state", None, DAY - 60, DAY - 50),
        stored("corridor", "Lachin corridor"),
        stored("armenia", "Armenia"),
    ]
    crowd = [stored(f"ep-{i}", "Yerevan", episode=True) for i in range(40)]
    everything = episodes + states + crowd
    # a checkpoint at a town, no figure: an episode; the state's incidents are another
    # kind, but for a report of that day at a region holding the town (`_episode_of`)
    bridge = report("blockade", place="Stepanakert")
    assert bridge.episode
    assert near([bridge], everything) == {"episode", "corridor"}
    # the state stated with a figure at no town: the state's incidents months around,
    # no episode (only a report that may take one, below, ever meets an episode)
    state = report("blockade", place=None, count=100)
    assert not state.episode
    assert near([state], everything) == {"state", "corridor", "armenia"}
    # a report of the state dated to a day at a region, stating no figure, may take the
    # one episode of that day in the region (`_episode_of`): those episodes too
    region = report("blockade", place="Lachin corridor")
    assert not region.episode and nb._takes_episode(region, RULES)
    assert near([region], everything) == {"episode", "state", "corridor", "armenia"}
    assert not nb._takes_episode(report("blockade", place="Lachin corridor", count=5), RULES)
    assert not nb._takes_episode(report("blockade", place=None), RULES)


def test_a_town_report_reaches_the_towns_near_it_across_grid_cells_and_far_north():
    """`near` looks at the towns of a report's grid cell and the cells around it."""
    incidents = [
        stored("north", "North of the line"),
        stored("arctic-east", "Arctic east"),
        stored("arctic-west", "Arctic west"),
        *CROWD,
    ]
    assert near([report(place="South of the line")], incidents) == {"north"}
    assert near([report(place="Arctic west")], incidents) == {"arctic-east", "arctic-west"}


def test_a_year_alone_is_never_a_candidate():
    assert nb._whole_year(date(2023, 1, 1).toordinal(), date(2023, 12, 31).toordinal())
    assert not nb._whole_year(date(2023, 1, 1).toordinal(), date(2023, 12, 30).toordinal())
    assert not nb._whole_year(date(2022, 1, 1).toordinal(), date(2023, 12, 31).toordinal())
    # and a report dated to a year has no neighbourhood at all
    assert nb.windows([report(precision="year")], RULES) == []
