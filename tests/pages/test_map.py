"""The Map page rendered headlessly with AppTest against real databases (DuckDB and
PostgreSQL): filters from and to the URL, the map component's payload, empty and missing
databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from page_app import open_page
from streamlit.testing.v1 import AppTest

from dashboard.store import open_store

PAGE = Path(__file__).resolve().parents[2] / "pages" / "1_Map.py"


def _app(
    monkeypatch, db: str, params: dict[str, list[str]] | None = None, view: str = "reports"
) -> AppTest:
    """The page on `db` with `params` in the URL; the raw reports view unless `view` says
    "incidents" (the page's default, which leaves `view` out of the URL)."""
    if view != "incidents":
        params = {"view": [view], **(params or {})}
    return open_page(monkeypatch, PAGE, db, params)


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "events match" in c.value)


def _map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    assert component.proto.component_name.startswith("streamlit_folium")
    return json.loads(component.proto.json_args)


def _text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [i.value for i in at.info])


def test_default_view_places_events_and_lists_the_rest(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db)
    assert at.title[0].value == "Map of events"
    assert _caption(at).startswith("5 events match the filters: 2 placed on the map, 3 without")
    args = _map_args(at)
    assert "Stepanakert" in args["script"] and "Goris" in args["script"]
    assert "Nagorno-Karabakh (approx.)" in args["script"]
    # Leaflet from our static folder when installed, else the CDN; never folium's extras
    links = args["js_links"] + args["css_links"]
    assert all(u.startswith(("/app/static/vendor/", "https://")) for u in links)
    assert not any("bootstrap" in u or "fontawesome" in u for u in links)
    unplaced = at.dataframe[0].value
    assert len(unplaced) == 3
    assert "К утру границу пересекли более 50 000 человек." in set(unplaced["evidence"])
    assert {b.label for b in at.get("download_button")} == {"CSV", "Parquet", "GeoJSON"}


def test_type_filter_from_the_url_reduces_the_events(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db, {"type": ["evacuation"]})
    assert at.multiselect(key="flt_types").value == ["evacuation"]
    assert _caption(at).startswith("2 events match the filters: 1 placed on the map, 1 without")
    script = _map_args(at)["script"]
    assert "Goris" in script and "Stepanakert</" not in script
    assert at.query_params["type"] == "evacuation"


def test_date_outlet_and_language_filters_from_the_url(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db, {"from": ["2023-09-28"], "lang": ["ru"]})
    assert _caption(at).startswith("1 events match the filters: 1 placed on the map, 0 without")
    at = _app(monkeypatch, populated_db, {"outlet": ["OC Media"], "actor": ["Azerbaijan"]})
    assert _caption(at).startswith("1 events match the filters: 1 placed")


def test_changed_filters_are_written_back_to_the_url(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db)
    assert "type" not in at.query_params
    at.multiselect(key="flt_types").set_value(["military", "evacuation"]).run()
    assert not at.exception
    assert at.query_params["type"] == ["military", "evacuation"]
    assert _caption(at).startswith("3 events match")
    at.multiselect(key="flt_languages").set_value(["en"]).run()
    assert at.query_params["lang"] == "en"
    assert _caption(at).startswith("1 events match")
    link = next(c.value for c in at.code)
    assert "type=military" in link and "lang=en" in link


def test_filters_matching_nothing_show_an_empty_map_not_an_error(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db, {"type": ["military"], "lang": ["hy"]})
    assert _caption(at).startswith("0 events match")
    assert "No events match these filters" in _text(at)
    assert "no events placed" in _map_args(at)["script"]
    assert not at.get("download_button")


def test_empty_database_shows_an_empty_state(monkeypatch, db_path):
    open_store(db_path).close()
    at = _app(monkeypatch, db_path)
    assert "holds no events yet" in _text(at)
    assert "First steps" in _text(at)
    assert not at.get("component_instance")


def test_missing_database_shows_an_empty_state(monkeypatch, db_path):
    at = _app(monkeypatch, db_path)
    assert "does not exist yet" in _text(at)
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()  # reading created nothing


def test_bad_tiles_setting_warns_and_still_draws(monkeypatch, populated_db):
    monkeypatch.setenv("DASHBOARD_DB", populated_db)
    monkeypatch.setenv("DASHBOARD_TILES", "not a url")
    at = AppTest.from_file(str(PAGE), default_timeout=60)
    at.run()
    assert not at.exception
    assert any("DASHBOARD_TILES" in w.value for w in at.warning)
    assert "Country borders" in _map_args(at)["script"]


def test_sample_corpus_map_is_small(monkeypatch, sample_db):
    at = _app(monkeypatch, sample_db)
    (component,) = at.get("component_instance")
    assert len(component.proto.json_args) < 1_000_000
    assert "placed on the map" in _caption(at)


# --- issue 11: precisions on the map --------------------------------------------------------


@pytest.fixture
def precise_db(db_path: str, corpus) -> str:
    """The test corpus with precisions: the Stepanakert offensive exact (day, town, from
    its sentence), the Goris arrivals dated by publication, the others without a place."""
    from dataclasses import replace

    offensive = corpus[0].events[0]
    corpus[0].events[0] = replace(
        offensive, time_precision="day", geo_precision=1, place_source="sentence"
    )
    goris = corpus[1].events[0]
    corpus[1].events[0] = replace(
        goris, time_precision="reported", geo_precision=1, place_source="paragraph"
    )
    with open_store(db_path) as store:
        store.write(corpus)
    return db_path


def test_exact_only_keeps_day_and_town_events_from_their_sentence(monkeypatch, precise_db):
    at = _app(monkeypatch, precise_db)
    script = _map_args(at)["script"]
    assert "exact day" in script and "inferred from the paragraph" in script
    assert "region-level or inferred place (1)" in script and "exact place (1)" in script
    assert not at.toggle(key="flt_exact").value
    at.toggle(key="flt_exact").set_value(True).run()
    assert at.query_params["exact"] == "1"
    assert _caption(at).startswith("1 events match the filters: 1 placed on the map, 0 without")
    assert "Stepanakert" in _map_args(at)["script"]
    assert "exact=1" in next(c.value for c in at.code)
    # and from a shared link, in the incidents view too
    at = _app(monkeypatch, precise_db, {"exact": ["1"]}, view="incidents")
    assert at.toggle(key="flt_exact").value
    assert at.caption[0].value.startswith("1 incidents match")


def test_map_without_leaflet_installed_copies_it_or_says_what_to_run(
    monkeypatch, populated_db, tmp_path
):
    from dashboard.ui.map import assets

    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path / "static")
    monkeypatch.setattr(assets, "DEBIAN_DIR", tmp_path / "no-debian-packages")
    at = _app(monkeypatch, populated_db)
    warning = next(w.value for w in at.warning if "Leaflet" in w.value)
    assert "bash scripts/install_static_assets.sh" in warning
    assert all(u.startswith("https://") for u in _map_args(at)["js_links"])

    debian = tmp_path / "debian"
    (debian / "images").mkdir(parents=True)
    for rel, _ in assets.WANTED:
        (debian / Path(rel).name).write_text("/* */")
    monkeypatch.setattr(assets, "DEBIAN_DIR", debian)
    monkeypatch.setattr(assets, "STATIC_DIR", tmp_path / "static2")
    at = _app(monkeypatch, populated_db)
    assert not any("Leaflet" in w.value for w in at.warning)
    assert all(u.startswith("/app/static/vendor/") for u in _map_args(at)["js_links"])
