"""The Ingest page's "From the web" section with AppTest, fetching from the loopback
site into a real DuckDB file."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard.store import open_store

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "5_Ingest.py"


@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def page(monkeypatch, tmp_path):
    db = str(tmp_path / "page.duckdb")
    monkeypatch.setenv("DASHBOARD_DB", db)
    for name in ("DASHBOARD_MODE", "DASHBOARD_ALLOW_FETCH", "DASHBOARD_ALLOW_UPLOAD"):
        monkeypatch.delenv(name, raising=False)

    def run(at: AppTest | None = None) -> AppTest:
        at = at or AppTest.from_file(str(PAGE), default_timeout=120)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    run.db = db
    return run


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label.startswith(label))


def test_paste_urls_and_fetch(page, site):
    at = page()
    assert "From the web" in [h.value for h in at.header]
    assert any("No saved sources yet" in c.value for c in at.caption)
    at.text_area[0].input(f"{site.url('/feed.xml')}\nftp://sample.example/x\n")
    _button(at, "Fetch now").click()
    at = page(at)
    assert at.warning[0].value.startswith("articles: 3 new, 0 unchanged, 0 failed")
    table = at.dataframe[-1].value
    assert table["address"].tolist() == ["ftp://sample.example/x"]
    assert "only http and https" in table["reason"][0]
    with open_store(page.db, read_only=True) as store:
        assert store.counts()["articles"] == 3


def test_save_a_source_then_fetch_it(page, site):
    at = page()
    at.text_input(key="source_address").input(site.url("/atom.xml"))
    at.text_input(key="source_name").input("sample atom")
    _button(at, "Save source").click()
    at = page(at)
    assert any("Saved sample atom" in s.value for s in at.success)
    table = at.dataframe[0].value
    assert table["name"].tolist() == ["sample atom"]
    assert table["status"].tolist() == ["not fetched yet"]
    _button(at, "Fetch 1 due source").click()
    at = page(at)
    table = at.dataframe[0].value
    assert table["kind"].tolist() == ["feed"] and table["new"].tolist() == [3]
    assert table["status"].tolist() == ["ok"]
    assert _button(at, "Fetch 0 due source").disabled  # fetched just now: not due


def test_refused_address_is_not_saved(page):
    at = page()
    at.text_input(key="source_address").input("file:///etc/passwd")
    _button(at, "Save source").click()
    at = page(at)
    assert "only http and https" in at.error[0].value
    with open_store(page.db, read_only=True) as store:
        assert store.sources() == []


def test_hosted_without_sign_in_cannot_fetch(page, monkeypatch):
    monkeypatch.setenv("DASHBOARD_MODE", "hosted")
    at = page()
    assert any("Fetching from the web is off" in i.value for i in at.info)
    assert not [b for b in at.button if b.label == "Fetch now"]
