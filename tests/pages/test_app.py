"""The Streamlit home page rendered headlessly with AppTest against real databases
(DuckDB and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from page_app import open_page
from streamlit.testing.v1 import AppTest

from dashboard.store import open_store
from dashboard.ui.safe import md_escape

APP = Path(__file__).resolve().parents[2] / "app.py"


def _run(monkeypatch, db: str) -> AppTest:
    return open_page(monkeypatch, APP, db)


def _text(at: AppTest) -> str:
    parts = (
        [m.value for m in at.markdown] + [i.value for i in at.info] + [c.value for c in at.caption]
    )
    return "\n".join(parts)


def test_missing_database_shows_first_steps(monkeypatch, db_path):
    at = _run(monkeypatch, db_path)
    assert "does not exist yet" in _text(at)
    assert "First steps" in _text(at)
    assert "python -m dashboard ingest" in _text(at)
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()  # reading created nothing


def test_empty_database_shows_first_steps(monkeypatch, db_path):
    open_store(db_path).close()
    at = _run(monkeypatch, db_path)
    assert "holds no articles yet" in _text(at)
    assert "First steps" in _text(at)
    assert len(at.metric) == 0


def test_populated_database_shows_counts_figure_and_articles(monkeypatch, populated_db):
    at = _run(monkeypatch, populated_db)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "3"
    assert metrics["Outlets"] == "3"
    assert metrics["Languages"] == "3"
    assert metrics["Events"] == "5"
    assert metrics["Statements"] == "2"
    assert any(c.value.startswith("Published ") for c in at.caption)
    # the label is Markdown: its date (from the article) arrives escaped
    assert metrics[md_escape("Evacuation, 2023-09-30")] == "100,417"
    text = _text(at)
    assert "В Армению прибыли 100 417" in text
    assert "Kavkazsky Uzel" in text
    assert "First steps" not in text
    frames = [df.value for df in at.dataframe]
    recent = next(f for f in frames if "title" in f.columns)
    assert recent["title"].tolist()[0] == "Օգնություն"
