"""The hosting mode: which servers count as hosted, and what that turns off."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.ui.hosting import DEVELOPMENT, HOSTED, LOCAL, decide

AUTH = {"auth": {"client_id": "x"}}
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("address", ["127.0.0.1", "localhost", "::1"])
def test_loopback_without_sign_in_is_local_and_takes_uploads(address):
    hosting = decide({}, {}, address)
    assert hosting.mode == LOCAL
    assert hosting.allow_upload and not hosting.hides_errors


@pytest.mark.parametrize("address", [None, "", "0.0.0.0", "10.1.2.3", "dashboard.example.org"])
def test_any_other_address_is_hosted(address):
    hosting = decide({}, {}, address)
    assert hosting.mode == HOSTED
    assert hosting.hides_errors and not hosting.allow_upload


@pytest.mark.parametrize(
    "secrets", [AUTH, {"dashboard": {"roles": {"viewers": ["*"]}}}, {**AUTH, "dashboard": {}}]
)
def test_sign_in_or_roles_make_a_loopback_server_hosted(secrets):
    hosting = decide(secrets, {}, "127.0.0.1")
    assert hosting.mode == HOSTED and not hosting.allow_upload


def test_mode_from_the_environment():
    assert decide({}, {"DASHBOARD_MODE": "hosted"}, "127.0.0.1").mode == HOSTED
    assert decide({}, {"DASHBOARD_MODE": " Hosted "}, "127.0.0.1").mode == HOSTED
    dev = decide(AUTH, {"DASHBOARD_MODE": "development"}, "0.0.0.0")
    assert dev.mode == DEVELOPMENT and not dev.hides_errors
    # a mode we do not know changes nothing: the address and secrets decide
    assert decide({}, {"DASHBOARD_MODE": "prod"}, "127.0.0.1").mode == LOCAL
    assert decide({}, {"DASHBOARD_MODE": "prod"}, "0.0.0.0").mode == HOSTED


def test_uploads_on_a_hosted_server_only_when_configured():
    assert decide({**AUTH, "dashboard": {"allow_upload": True}}, {}, "127.0.0.1").allow_upload
    assert decide({**AUTH, "dashboard": {"allow_upload": "yes"}}, {}, None).allow_upload
    assert not decide({**AUTH, "dashboard": {"allow_upload": False}}, {}, None).allow_upload
    # a value that is neither yes nor no is no setting: the safe default stays
    assert not decide({**AUTH, "dashboard": {"allow_upload": "maybe"}}, {}, None).allow_upload


def test_the_environment_decides_uploads_over_the_secrets():
    allowed = {**AUTH, "dashboard": {"allow_upload": True}}
    for off in ("0", "false", "no", "off", ""):
        assert not decide(allowed, {"DASHBOARD_ALLOW_UPLOAD": off}, "127.0.0.1").allow_upload
        assert not decide({}, {"DASHBOARD_ALLOW_UPLOAD": off}, "127.0.0.1").allow_upload
    assert decide(AUTH, {"DASHBOARD_ALLOW_UPLOAD": "1"}, "0.0.0.0").allow_upload


def test_app_hides_error_details_when_hosted(monkeypatch, tmp_path):
    """app.py sets the client options itself, so a site config that forgot still hides."""
    from streamlit import config

    monkeypatch.setenv("DASHBOARD_DB", str(tmp_path / "none.duckdb"))
    before = config.get_option("client.showErrorDetails")
    try:
        monkeypatch.setenv("DASHBOARD_MODE", "development")
        AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert config.get_option("client.showErrorDetails") == before
        monkeypatch.setenv("DASHBOARD_MODE", "hosted")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception
        assert config.get_option("client.showErrorDetails") == "none"
        assert config.get_option("client.toolbarMode") == "viewer"
    finally:
        config.set_option("client.showErrorDetails", before)
        config.set_option("client.toolbarMode", "auto")


def test_fetching_from_the_web_needs_sign_in_on_a_hosted_server():
    assert decide({}, {}, "127.0.0.1").allow_fetch  # local
    assert not decide({}, {}, "0.0.0.0").allow_fetch  # hosted, every visitor an editor
    assert not decide({}, {"DASHBOARD_MODE": "hosted"}, "127.0.0.1").allow_fetch
    assert decide(AUTH, {}, "0.0.0.0").allow_fetch  # signed-in editors only (Ingest page)
    assert not decide({**AUTH, "dashboard": {"allow_fetch": False}}, {}, None).allow_fetch
    assert decide({"dashboard": {"allow_fetch": True}}, {}, "0.0.0.0").allow_fetch
    assert not decide(AUTH, {"DASHBOARD_ALLOW_FETCH": "0"}, "0.0.0.0").allow_fetch
