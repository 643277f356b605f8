"""Roles in the app, headlessly (AppTest with secrets and a simulated `st.user`): signed
out, viewer, editor, anonymous reading, an address on no list, and a local install."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
INGEST = ROOT / "pages" / "5_Ingest.py"

AUTH = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "a-test-cookie-secret-that-is-long-enough",
    "client_id": "dashboard",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def _secrets(anonymous_read: bool = False, allow_upload: bool | None = True) -> dict:
    dashboard: dict = {} if allow_upload is None else {"allow_upload": allow_upload}
    return {
        "auth": AUTH,
        "dashboard": {
            **dashboard,
            "roles": {
                "viewers": ["@example.org"],
                "editors": ["Editor@Example.org"],
                "anonymous_read": anonymous_read,
            },
        },
    }


def _run(monkeypatch, db: str, script: Path, user: dict | None, secrets: dict | None) -> AppTest:
    monkeypatch.setenv("DASHBOARD_DB", db)
    monkeypatch.delenv("DASHBOARD_ALLOW_UPLOAD", raising=False)
    at = AppTest.from_file(str(script), default_timeout=60)
    if secrets is not None:
        at.secrets = secrets
    at.user = user if user is not None else {"is_logged_in": False}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _viewer(email: str = "reader@example.org") -> dict:
    return {"is_logged_in": True, "email": email}


def _captions(at: AppTest) -> str:
    return "\n".join(c.value for c in at.sidebar.caption)


def test_signed_out_gets_only_the_sign_in_screen(monkeypatch, populated_db):
    at = _run(monkeypatch, populated_db, APP, None, _secrets())
    assert [b.label for b in at.button] == ["Sign in"]
    assert len(at.metric) == 0 and len(at.dataframe) == 0
    # a page reached directly (not through app.py) shows no data either
    at = _run(monkeypatch, populated_db, ROOT / "pages" / "4_Articles.py", None, _secrets())
    assert len(at.dataframe) == 0 and [b.label for b in at.button] == ["Sign in"]


def test_anonymous_reading_when_configured(monkeypatch, populated_db):
    at = _run(monkeypatch, populated_db, APP, None, _secrets(anonymous_read=True))
    assert {m.label: m.value for m in at.metric}["Articles"] == "3"
    assert "Reading without signing in." in _captions(at)
    at = _run(monkeypatch, populated_db, INGEST, None, _secrets(anonymous_read=True))
    assert len(at.file_uploader) == 0
    assert "Only editors can add articles" in at.warning[0].value


def test_viewer_reads_but_cannot_upload(monkeypatch, populated_db):
    at = _run(monkeypatch, populated_db, APP, _viewer(), _secrets())
    assert {m.label: m.value for m in at.metric}["Articles"] == "3"
    assert "Signed in as reader@example.org (viewer)" in _captions(at)
    at = _run(monkeypatch, populated_db, INGEST, _viewer(), _secrets())
    assert len(at.file_uploader) == 0
    assert "Only editors can add articles" in at.warning[0].value


def test_editor_can_upload(monkeypatch, populated_db):
    editor = _viewer("editor@example.org")
    at = _run(monkeypatch, populated_db, APP, editor, _secrets())
    assert "Signed in as editor@example.org (editor)" in _captions(at)
    at = _run(monkeypatch, populated_db, INGEST, editor, _secrets())
    assert len(at.file_uploader) == 1


def test_hosted_server_takes_no_uploads_unless_its_config_allows(monkeypatch, populated_db):
    editor = _viewer("editor@example.org")
    for allow in (None, False):  # unset, or said no: sign-in makes the server hosted
        at = _run(monkeypatch, populated_db, INGEST, editor, _secrets(allow_upload=allow))
        assert len(at.file_uploader) == 0
        assert "Uploads are turned off" in at.info[0].value
        assert "allow_upload = true" in at.info[0].value


def test_address_on_no_list_or_unverified_has_no_access(monkeypatch, populated_db):
    for user in (
        _viewer("someone@elsewhere.net"),
        {**_viewer("editor@example.org"), "email_verified": False},
    ):
        at = _run(monkeypatch, populated_db, APP, user, _secrets())
        assert len(at.metric) == 0
        assert "which has no access to this dashboard" in at.warning[0].value
        assert [b.label for b in at.button] == ["Sign out"]


def test_local_install_without_secrets_is_open(monkeypatch, populated_db):
    at = _run(monkeypatch, populated_db, APP, {}, None)
    assert {m.label: m.value for m in at.metric}["Articles"] == "3"
    assert _captions(at) == ""
    at = _run(monkeypatch, populated_db, INGEST, {}, None)
    assert len(at.file_uploader) == 1
