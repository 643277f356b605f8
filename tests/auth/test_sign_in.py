"""Sign-in and roles in a real browser against a local OpenID Connect provider: signed out
(sign-in screen only), a viewer (every page but Ingest, no upload), an editor (upload
works), an address on no list, signing out, and anonymous reading when configured."""

from __future__ import annotations

import re

import pytest
from auth_helpers import UPLOAD_FILE, USERS
from streamlit_server import open_page, wait_for_app

from dashboard.store import open_store

pytestmark = pytest.mark.e2e

NAV = '[data-testid="stSidebarNav"]'
METRIC = '[data-testid="stMetric"]'
UPLOADER = '[data-testid="stFileUploader"]'
TABLE = '[data-testid="stDataFrame"]'


def _nav_titles(page) -> list[str]:
    links = page.locator(f'{NAV} a[data-testid="stSidebarNavLink"]')
    # each link's text is its icon's name, then its title
    return [t.strip().splitlines()[-1].strip() for t in links.all_inner_texts() if t.strip()]


def _at(prefix: str) -> re.Pattern:
    """URLs starting with `prefix` (not merely naming it in a query parameter)."""
    return re.compile("^" + re.escape(prefix))


def _sign_in(page, base_url: str, issuer: str, email: str) -> None:
    """Sign in through the provider's form, as a person would."""
    open_page(page, base_url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(_at(issuer + "/oauth2/authorize"))
    page.fill('input[name="sub"]', email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(_at(base_url + "/"))
    wait_for_app(page)


def test_signed_out_visitor_sees_only_the_sign_in_screen(page, closed_url):
    open_page(page, closed_url)
    assert page.get_by_role("button", name="Sign in").is_visible()
    assert page.locator(METRIC).count() == 0 and page.locator(NAV).count() == 0
    for path in ("/Articles", "/Ingest", "/Map"):  # deep links show nothing either
        open_page(page, closed_url, path)
        assert page.get_by_role("button", name="Sign in").is_visible(), path
        assert page.locator(f"{TABLE}, {METRIC}, {UPLOADER}").count() == 0, path


def test_viewer_reads_every_page_but_cannot_upload(page, closed_url, oidc_issuer):
    _sign_in(page, closed_url, oidc_issuer, USERS["viewer"])
    page.locator(METRIC).first.wait_for()
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "Signed in as viewer@example.org (viewer)" in sidebar.inner_text()
    titles = _nav_titles(page)
    assert {"Overview", "Map", "Statements", "Evacuations", "Articles"} <= set(titles)
    assert "Ingest" not in titles
    open_page(page, closed_url, "/Articles")
    page.locator(TABLE).first.wait_for()
    open_page(page, closed_url, "/Ingest")  # not a page for viewers
    assert page.locator(UPLOADER).count() == 0
    assert page.locator('input[type="file"]').count() == 0


def test_editor_uploads_an_article(page, closed_url, oidc_issuer, auth_db):
    with open_store(auth_db, read_only=True) as store:
        before = store.counts()["articles"]
    _sign_in(page, closed_url, oidc_issuer, USERS["editor"])
    assert "Ingest" in _nav_titles(page)
    open_page(page, closed_url, "/Ingest")
    page.locator(UPLOADER).wait_for()
    page.locator('input[type="file"]').set_input_files(str(UPLOAD_FILE))
    page.get_by_role("button", name="Ingest 1 file(s)").click()
    page.get_by_text("1 new article(s)").wait_for()
    wait_for_app(page)
    with open_store(auth_db, read_only=True) as store:
        assert store.counts()["articles"] == before + 1


def test_address_on_no_list_is_turned_away_and_can_sign_out(page, closed_url, oidc_issuer):
    _sign_in(page, closed_url, oidc_issuer, USERS["stranger"])
    page.get_by_text("which has no access to this dashboard").wait_for()
    assert page.locator(f"{METRIC}, {TABLE}").count() == 0
    page.get_by_role("button", name="Sign out").click()
    # Streamlit ends the session at the provider too, which asks to confirm
    page.wait_for_url(_at(oidc_issuer + "/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(_at(closed_url + "/"))
    wait_for_app(page)
    assert page.get_by_role("button", name="Sign in").is_visible()


def test_anonymous_reading_when_configured(page, anonymous_url):
    open_page(page, anonymous_url)
    page.locator(METRIC).first.wait_for()
    assert "Ingest" not in _nav_titles(page)
    assert page.get_by_role("button", name="Sign in").is_visible()  # in the sidebar
    open_page(page, anonymous_url, "/Ingest")
    assert page.locator(UPLOADER).count() == 0
