"""Uploads through the real pipeline into a real DuckDB file: one result per file, broken
files reported while the others are stored, uploaded names never used as paths."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pytest

from dashboard.store import StoreBusyError, open_store
from dashboard.ui.ingest.page import (
    FileResult,
    display_name,
    ingest_uploads,
    results_table,
    safe_suffix,
    upload_filename,
    uploads_enabled,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
HTML = (SAMPLE / "en_2023-09-19_sample-caucasus-wire.html").read_bytes()
TEXT = (SAMPLE / "ru_2023-09-19_obrazets-novosti.txt").read_bytes()
OTHER_FILES = (
    "en_2023-10-01_sample-caucasus-wire.html",
    "fr_2023-09-20_exemple-depeches.html",
    "de_2023-09-30_beispiel-nachrichten.html",
)
GOOD_RECORD = (
    b'{"title": "Evacuation", "outlet": "Test Wire", "published": "2023-09-26", '
    b'"language": "en", "text": "More than 28,000 people have arrived in Goris from '
    b'Nagorno-Karabakh since Sunday, the Armenian government said on 26 September 2023."}'
)


@pytest.fixture
def tmpdir_root(tmp_path, monkeypatch) -> Path:
    """Temporary folders of the upload land under tmp_path, so the test can look at them."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def _by_name(results: list[FileResult]) -> dict[str, FileResult]:
    return {r.name: r for r in results}


def _sources(db: str) -> list[str]:
    with open_store(db, read_only=True) as store:
        return sorted(store.query("SELECT source FROM articles")["source"])


def test_mixed_batch_stores_good_files_and_reports_broken_ones(db_path, tmpdir_root):
    files = [
        ("wire.html", HTML),
        ("feed.jsonl", GOOD_RECORD + b"\n{not json\n"),
        ("empty.txt", b""),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
        ("big.txt", b"x" * 5000),
    ]
    steps: list[tuple[float, str]] = []
    results = ingest_uploads(files, db_path, lambda f, t: steps.append((f, t)), max_bytes=4000)

    assert [r.name for r in results] == [n for n, _ in files]
    got = _by_name(results)
    assert got["wire.html"].status == "new" and got["wire.html"].articles == 1
    assert got["wire.html"].facts > 0
    assert got["feed.jsonl"].status == "new" and got["feed.jsonl"].articles == 1
    assert "1 of 2 records failed" in got["feed.jsonl"].reason
    assert "line 2: invalid JSON" in got["feed.jsonl"].reason
    assert got["empty.txt"].status == "failed" and "empty" in got["empty.txt"].reason
    assert got["image.html"].status == "failed" and "binary" in got["image.html"].reason
    assert got["big.txt"].status == "failed" and "over the" in got["big.txt"].reason
    # stored under the uploaded names, never the temporary paths
    assert _sources(db_path) == ["feed.jsonl:1", "wire.html"]
    assert all(str(tmpdir_root) not in r.reason for r in results)
    assert steps[-1] == (1.0, "Done") and min(f for f, _ in steps) >= 0.0
    assert list(tmpdir_root.iterdir()) == []  # the temporary folder is gone


def test_second_upload_of_the_same_article_is_unchanged(db_path, tmpdir_root):
    first = ingest_uploads([("a.html", HTML)], db_path)
    again = ingest_uploads([("copy of a.html", HTML)], db_path)
    assert first[0].status == "new"
    assert again[0].status == "unchanged" and again[0].unchanged == 1
    assert again[0].articles == 0 and again[0].reason == ""


def test_traversal_name_is_not_used_as_a_path(db_path, tmp_path, tmpdir_root):
    evil = "../../etc/passwd.txt"
    results = ingest_uploads([(evil, TEXT), ("../outside.txt", TEXT)], db_path)
    assert results[0].status == "new" and results[0].name == evil
    assert results[1].status == "unchanged"  # same body, same article
    # nothing was written next to (or above) the temporary folder
    db = Path(db_path).name  # the database and the store's own sidecar files (.wal, .lock)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(db)) == ["tmp"]
    assert (tmp_path / db).exists()
    assert not (tmp_path / "outside.txt").exists() and not (tmp_path / "etc").exists()
    assert upload_filename(0, evil) == "upload_001.txt"
    assert upload_filename(11, "..\\..\\x.HTML") == "upload_012.html"


def test_absolute_windows_and_long_names_are_only_shown(db_path, tmp_path, tmpdir_root):
    target = tmp_path / "planted.html"
    names = [str(target), "C:\\Windows\\planted.html", "a/" * 5000 + "b.html"]
    payloads = [(SAMPLE / f).read_bytes() for f in OTHER_FILES]
    results = ingest_uploads(list(zip(names, payloads, strict=True)), db_path)
    assert [r.status for r in results] == ["new", "new", "new"]
    assert not target.exists() and not (tmp_path / "C:").exists()
    assert results[0].name == str(target) and len(results[2].name) == 120
    assert list(tmpdir_root.iterdir()) == []  # the temporary folder is gone


def test_archives_and_unknown_types_are_refused(db_path, tmpdir_root):
    zip_bytes = b"PK\x03\x04" + bytes(100)
    results = ingest_uploads(
        [
            ("articles.zip", zip_bytes),
            ("notes.txt.zip", zip_bytes),
            ("run.sh", b"echo"),
            (".html", HTML),
        ],
        db_path,
    )
    assert [r.status for r in results] == ["failed"] * 4
    assert all("unsupported file type" in r.reason for r in results)
    assert "archives are not accepted" in results[0].reason
    assert not Path(db_path).exists()  # nothing to ingest: the store was never opened


def test_busy_database_raises_store_busy(db_path, tmpdir_root):
    open_store(db_path).close()
    holder = duckdb.connect(db_path, read_only=True)
    try:
        with pytest.raises(StoreBusyError):
            ingest_uploads([("a.html", HTML)], db_path)
    finally:
        holder.close()
    assert list(tmpdir_root.iterdir()) == []


def test_names_suffixes_flag_and_table(monkeypatch):
    assert safe_suffix("a.JSONL") == "jsonl" and safe_suffix("a.htm") == "htm"
    assert safe_suffix("a.zip") is None and safe_suffix("noext") is None
    assert safe_suffix("dir.html/evil") is None
    assert display_name("bad\x00name\n.txt") == "badname.txt"
    assert display_name("") == "(unnamed)" and len(display_name("a" * 500)) == 120
    monkeypatch.delenv("DASHBOARD_ALLOW_UPLOAD", raising=False)
    assert uploads_enabled()
    for off in ("0", "false", "No", "off"):
        monkeypatch.setenv("DASHBOARD_ALLOW_UPLOAD", off)
        assert not uploads_enabled()
    table = results_table([FileResult("<b>x</b>.html", "failed", "file is empty")])
    assert table.to_dict("records") == [
        {
            "file": "<b>x</b>.html",
            "status": "failed",
            "new articles": 0,
            "unchanged": 0,
            "facts": 0,
            "reason": "file is empty",
        }
    ]
