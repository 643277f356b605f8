"""Incidents in the pages (issue 12 item 3), rendered with AppTest on real databases of
both backends: the Map and the Overview show incidents by default with a switch to raw
reports, "reported by at least N outlets" and the Incidents page's sort and open
incident live in the URL, conflicts are highlighted and every view downloads."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from page_app import open_page
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
INCIDENTS = ROOT / "pages" / "6_Incidents.py"
MAP = ROOT / "pages" / "1_Map.py"
OVERVIEW = ROOT / "app.py"


def _app(monkeypatch, page: Path, db: str, **params: str | list[str]) -> AppTest:
    return open_page(monkeypatch, page, db, params)


def _caption(at: AppTest, words: str) -> str:
    return next(c.value for c in at.caption if words in c.value)


def _script(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["script"]


def _columns_asked(monkeypatch) -> list:
    """The `columns` of every `query.incidents` call the page makes from now on."""
    from dashboard.query import incidents as incident_query

    asked = []
    real = incident_query.incidents

    def spy(*args, **kwargs):
        asked.append(kwargs.get("columns", args[6] if len(args) > 6 else None))
        return real(*args, **kwargs)

    monkeypatch.setattr(incident_query, "incidents", spy)
    return asked


# --- the Incidents page -------------------------------------------------------------------


def test_incidents_table_lists_every_happening_with_conflicts_marked(monkeypatch, sample_db):
    at = _app(monkeypatch, INCIDENTS, sample_db)
    assert at.title[0].value == "Incidents"
    table = at.dataframe[0].value
    caption = _caption(at, "incidents,")
    total = int(caption.split(" incidents")[0].replace(",", ""))
    assert len(table) == total > 0
    conflicting = int(caption.split("incidents, ")[1].split(" with")[0])
    assert conflicting == (table["conflict"] == "⚠").sum() > 0
    assert (table.loc[table["conflict"] == "⚠", "conflicts"] != "").all()
    assert "None" not in table.astype(str).to_string()
    assert {b.label for b in at.get("download_button")} == {"CSV", "Parquet", "GeoJSON"}


def test_a_long_list_shows_its_first_rows_without_reading_the_figures(monkeypatch, sample_db):
    """More incidents than are listed: the first ones in the chosen order, as the whole
    list shows them, read without each outlet's figures (which the table does not show
    and the deferred download reads itself)."""
    from dashboard.query import incidents as incident_query
    from dashboard.store import open_store
    from dashboard.ui.incidents import page

    full = _app(monkeypatch, INCIDENTS, sample_db, sort="outlets").dataframe[0].value
    real = incident_query.incidents
    asked = _columns_asked(monkeypatch)
    monkeypatch.setattr(page, "MAX_LISTED", 3)
    at = _app(monkeypatch, INCIDENTS, sample_db, sort="outlets")
    table = at.dataframe[0].value
    assert len(full) > 3
    pd.testing.assert_frame_equal(table.reset_index(drop=True), full.head(3).reset_index(drop=True))
    assert asked == [incident_query.LISTED_COLUMNS]
    assert "figures" not in asked[0]
    assert "The first 3 are listed" in _caption(at, "incidents,")
    with open_store(sample_db, read_only=True) as store:
        opened = str(real(store, order="outlets").iloc[0]["incident_id"])
    at = _app(monkeypatch, INCIDENTS, sample_db, sort="outlets", incident=opened)
    assert len(at.dataframe) == 2  # the open incident's reports above the table


def test_sort_and_min_outlets_come_from_and_go_to_the_url(monkeypatch, sample_db):
    at = _app(monkeypatch, INCIDENTS, sample_db, sort="outlets", min_outlets="3")
    table = at.dataframe[0].value
    assert at.selectbox(key="flt_incident_sort").value == "outlets"
    assert at.number_input(key="flt_min_outlets").value == 3
    outlets = table["outlets"].tolist()
    assert outlets and min(outlets) >= 3 and outlets == sorted(outlets, reverse=True)
    at.number_input(key="flt_min_outlets").set_value(1).run()
    assert "min_outlets" not in at.query_params
    assert len(at.dataframe[0].value) > len(table)
    at.selectbox(key="flt_incident_sort").set_value("oldest").run()
    assert at.query_params["sort"] == "oldest"
    link = next(c.value for c in at.code)
    assert "sort=oldest" in link


def test_an_incident_in_the_url_lists_every_outlets_report(monkeypatch, sample_db):
    from dashboard.query.incidents import incidents
    from dashboard.store import open_store

    with open_store(sample_db, read_only=True) as store:
        top = incidents(store).sort_values("outlets", ascending=False).iloc[0]
    at = _app(monkeypatch, INCIDENTS, sample_db, incident=str(top["incident_id"]))
    reports = at.dataframe[0].value  # the open incident sits above the table
    assert len(reports) == int(top["reports"])
    assert reports["outlet"].nunique() == int(top["outlets"])
    assert reports["article"].str.startswith("/Articles?article=").all()
    assert (reports["evidence"] != "").all()
    at.button(key="close_incident").click().run()
    assert "incident" not in at.query_params


def test_the_search_box_finds_whole_words_and_says_so(monkeypatch, sample_db):
    """The text box searches words (migration 0018): any case and accents, a whole word
    only, as its label and help say."""
    at = _app(monkeypatch, INCIDENTS, sample_db, q="LACHÍN")
    box = at.text_input(key="flt_text")
    assert "phrase" in box.label and "whole words" in box.help
    found = at.dataframe[0].value
    assert 0 < len(found) < len(_app(monkeypatch, INCIDENTS, sample_db).dataframe[0].value)
    at = _app(monkeypatch, INCIDENTS, sample_db, q="lach")
    assert "No incident matches these filters." in _caption(at, "No incident")


def test_filters_matching_nothing_say_so(monkeypatch, populated_db):
    at = _app(monkeypatch, INCIDENTS, populated_db, type="military", lang="hy")
    assert "No incident matches these filters." in _caption(at, "No incident")
    assert "clear filters" in at.info[0].value


def test_events_without_incidents_say_what_to_run(monkeypatch, backend, populated_db):
    if backend != "duckdb":
        pytest.skip("emptied with the DuckDB client; the message does not depend on it")
    import duckdb

    with duckdb.connect(populated_db) as con:
        # and what is kept with them (migration 0009), as the writer would
        for table in (
            "incident_sources",
            "sum_incident_groups",
            "sum_incident_language_groups",
            "sum_incident_outlet_groups",
            "sum_incident_actor_groups",
            "incident_reports",
            "incidents",
        ):
            con.execute(f"DELETE FROM {table}")
    at = _app(monkeypatch, INCIDENTS, populated_db)
    assert "python -m dashboard incidents --rebuild" in at.info[0].value
    at = _app(monkeypatch, MAP, populated_db)
    assert "python -m dashboard incidents --rebuild" in at.info[0].value


# --- the Map ------------------------------------------------------------------------------


def test_map_shows_incidents_by_default_sized_by_outlets(monkeypatch, sample_db):
    at = _app(monkeypatch, MAP, sample_db)
    assert at.radio(key="flt_view").value == "incidents"
    assert "view" not in at.query_params
    caption = _caption(at, "incidents match")
    script = _script(at)
    assert "Size: how many outlets reported it" in script
    assert "outlets in" in script and "First reported by" in script
    assert "⚠" in script  # a conflicting incident says why in its popup
    assert "placed on the map" in caption
    assert {b.label for b in at.get("download_button")} == {"CSV", "Parquet", "GeoJSON"}


def test_map_reads_incidents_without_figures_and_downloads_them_on_click(monkeypatch, sample_db):
    """The Map never shows each outlet's figures (megabytes of JSON on an exodus view at
    scale): it reads the listed columns only, and its downloads read the full rows
    themselves when clicked."""
    from dashboard.query import incidents as incident_query

    asked = _columns_asked(monkeypatch)
    at = _app(monkeypatch, MAP, sample_db)
    assert asked and all(c == incident_query.LISTED_COLUMNS for c in asked), asked
    assert "figures" not in asked[0]
    assert {b.label for b in at.get("download_button")} == {"CSV", "Parquet", "GeoJSON"}
    assert any("prepared when you click" in c.value for c in at.caption)


def test_map_switch_to_reports_and_min_outlets(monkeypatch, sample_db):
    at = _app(monkeypatch, MAP, sample_db)
    every = int(_caption(at, "incidents match").split(" ")[0])
    at.number_input(key="flt_min_outlets").set_value(3).run()
    assert at.query_params["min_outlets"] == "3"
    fewer = int(_caption(at, "incidents match").split(" ")[0])
    assert 0 < fewer < every
    at.radio(key="flt_view").set_value("reports").run()
    assert at.query_params["view"] == "reports"
    assert "min_outlets" not in at.query_params  # only means something for incidents
    assert "events match the filters" in _caption(at, "events match")
    assert at.number_input(key="flt_min_outlets").disabled


def test_map_incidents_from_a_shared_link(monkeypatch, sample_db):
    from dashboard.query.incidents import incidents
    from dashboard.store import open_store

    with open_store(sample_db, read_only=True) as store:
        top = incidents(store).sort_values("outlets", ascending=False).iloc[0]
    most = int(top["outlets"])
    at = _app(monkeypatch, MAP, sample_db, min_outlets=str(most), type=str(top["type"]))
    assert at.number_input(key="flt_min_outlets").value == most
    caption = _caption(at, "incidents match")
    assert f"(reported by at least {most} outlets)" in caption and not caption.startswith("0 ")
    assert str(top["type"]).capitalize() in _script(at)


# --- the Overview and Evacuations -----------------------------------------------------------


def test_overview_counts_incidents_and_lists_the_most_reported(monkeypatch, sample_db):
    at = _app(monkeypatch, OVERVIEW, sample_db)
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Incidents"]) > 0
    assert any(s.value == "Incidents by type" for s in at.subheader)
    top = at.dataframe[0].value
    assert top["outlets"].tolist() == sorted(top["outlets"], reverse=True)
    at.radio(key="flt_view").set_value("reports").run()
    assert at.query_params["view"] == "reports"
    assert any(s.value == "Events by type" for s in at.subheader)
    assert "Incidents" not in {m.label for m in at.metric}
