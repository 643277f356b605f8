"""The Ingest page rendered headlessly with AppTest, uploading into a real database
(DuckDB and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.store import open_store

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "pages" / "5_Ingest.py"
HTML = (ROOT / "data" / "sample" / "en_2023-09-19_sample-caucasus-wire.html").read_bytes()


def _run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _page(monkeypatch, db: str, allow: str | None = None) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", db)
    if allow is None:
        monkeypatch.delenv("DASHBOARD_ALLOW_UPLOAD", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_ALLOW_UPLOAD", allow)
    return _run(AppTest.from_file(str(PAGE), default_timeout=120))


def test_uploader_is_shown_by_default(monkeypatch, db_path):
    at = _page(monkeypatch, db_path)
    assert len(at.file_uploader) == 1
    uploader = at.file_uploader[0]
    assert uploader.accept_multiple_files
    assert {t.lstrip(".") for t in uploader.allowed_type} == {"html", "htm", "txt", "json", "jsonl"}
    assert at.button[0].disabled  # nothing to ingest yet
    with open_store(db_path, read_only=True) as store:
        assert not store.exists()  # showing the page created nothing


def test_uploads_can_be_turned_off(monkeypatch, db_path):
    at = _page(monkeypatch, db_path, allow="0")
    assert len(at.file_uploader) == 0
    assert "Uploads are turned off" in at.info[0].value


def test_hosted_server_takes_no_uploads_by_default(monkeypatch, db_path):
    monkeypatch.setenv("DASHBOARD_MODE", "hosted")
    at = _page(monkeypatch, db_path)
    assert len(at.file_uploader) == 0
    assert "Uploads are turned off" in at.info[0].value
    at = _page(monkeypatch, db_path, allow="1")  # unless the environment turns them on
    assert len(at.file_uploader) == 1


def test_upload_stores_good_files_and_lists_each_result(monkeypatch, db_path):
    at = _page(monkeypatch, db_path)
    at.file_uploader[0].set_value(
        [
            ("wire.html", HTML, "text/html"),
            ("<b>broken</b>.jsonl", b"{not json\n", "application/jsonl"),
        ]
    )
    _run(at)
    at.button[0].click()
    _run(at)
    results = at.dataframe[0].value
    assert results["file"].tolist() == ["wire.html", "<b>broken</b>.jsonl"]
    assert results["status"].tolist() == ["new", "failed"]
    assert "line 1: invalid JSON" in results["reason"].tolist()[1]
    assert "1 file(s) failed" in at.warning[0].value
    with open_store(db_path, read_only=True) as store:
        assert store.counts()["articles"] == 1
    # the store is closed again: the app (and a CLI ingest) can use the file at once
    open_store(db_path).close()
