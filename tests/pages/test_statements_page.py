"""The Statements page rendered headlessly with AppTest against real databases
(DuckDB and PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path

from page_app import open_page
from streamlit.testing.v1 import AppTest

from dashboard.store import open_store

PAGE = Path(__file__).resolve().parents[2] / "pages" / "2_Statements.py"


def _app(monkeypatch, db: str, **params) -> AppTest:
    return open_page(monkeypatch, PAGE, db, params)


def _table(at: AppTest):
    return next(df.value for df in at.dataframe if "speaker" in df.value.columns)


def _spec(at: AppTest) -> dict:
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.spec)


def test_sample_default_view_has_timeline_and_every_statement(monkeypatch, sample_db):
    at = _app(monkeypatch, sample_db)
    spec = _spec(at)
    speakers = spec["layout"]["yaxis"]["categoryarray"]
    assert "Nikol Pashinyan" in speakers and "Ilham Aliyev" in speakers
    table = _table(at)
    with open_store(sample_db, read_only=True) as store:  # the sample corpus grows
        assert len(table) == store.counts()["statements"] > 0
    assert table["article"].str.startswith("./Articles?article=").all()
    assert {b.label for b in at.get("download_button")} >= {"CSV", "Parquet"}


def test_url_filters_before_first_run_narrow_chart_and_table(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db, side="Azerbaijan")
    table = _table(at)
    assert table["speaker"].tolist() == ["Ilham Aliyev"]
    assert table["quote"].tolist() == ["операция завершена"]
    assert _spec(at)["layout"]["yaxis"]["categoryarray"] == ["Ilham Aliyev"]
    assert at.multiselect(key="flt_side").value == ["Azerbaijan"]

    at = _app(monkeypatch, populated_db, lang="en")
    assert _table(at)["speaker"].tolist() == ["Nikol Pashinyan"]


def test_side_choice_round_trips_through_the_url(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db)
    assert "side" not in at.query_params
    at.multiselect(key="flt_side").set_value(["Armenia"]).run()
    assert at.query_params["side"] == "Armenia"
    assert _table(at)["speaker"].tolist() == ["Nikol Pashinyan"]
    at.multiselect(key="flt_speakers").set_value(["Ilham Aliyev"]).run()
    assert at.query_params["speaker"] == "Ilham Aliyev"
    assert any("No statements match" in i.value for i in at.info)
    # the side filter stays on screen so the empty view can be undone
    at.multiselect(key="flt_side").set_value([]).run()
    assert "side" not in at.query_params
    assert _table(at)["speaker"].tolist() == ["Ilham Aliyev"]


def test_stale_side_in_link_is_dropped_not_raised(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db, side=["Atlantis", "Armenia"])
    assert at.multiselect(key="flt_side").value == ["Armenia"]
    assert at.query_params["side"] == "Armenia"


def test_clear_filters_also_clears_the_side(monkeypatch, populated_db):
    at = _app(monkeypatch, populated_db, side="Armenia", lang="en")
    next(b for b in at.button if b.label == "Clear filters").click().run()
    assert "side" not in at.query_params and "lang" not in at.query_params
    assert len(_table(at)) == 2


def test_empty_and_missing_databases_explain_instead_of_failing(monkeypatch, db_path):
    at = _app(monkeypatch, db_path)
    assert any("does not exist yet" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()  # reading created nothing

    open_store(db_path).close()
    at = _app(monkeypatch, db_path)
    assert any("holds no statements yet" in i.value for i in at.info)
    assert not at.get("plotly_chart")
