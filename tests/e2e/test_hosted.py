"""A hosted dashboard's safe defaults, on a real server started as the README says: in a
site folder holding deploy/streamlit/config.toml, with DASHBOARD_MODE=hosted.

Readers must not see error details (the database here is a broken file, so every page
fails to read it), uploads must be off, and Streamlit's XSRF protection must refuse an
upload that does not carry the token of a page it served.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
import uuid

import pytest
from streamlit_server import ROOT, serve

pytestmark = pytest.mark.e2e
ARTIFACTS = ROOT / "tests" / "artifacts"
EXCEPTION = '[data-testid="stException"]'


@pytest.fixture(scope="module")
def hosted(_browser_ready, tmp_path_factory):
    """(base URL, database path) of a hosted server on a database file that is broken."""
    site = tmp_path_factory.mktemp("site")
    (site / ".streamlit").mkdir()
    shutil.copy(ROOT / "deploy" / "streamlit" / "config.toml", site / ".streamlit")
    db = site / "broken-dashboard.duckdb"
    db.write_bytes(b"not a database at all " * 400)
    env = {"DASHBOARD_MODE": "hosted", "DASHBOARD_ALLOW_UPLOAD": None}
    log = ARTIFACTS / "streamlit-hosted.log"
    with serve(str(db), timeout=60, log_path=log, env=env, cwd=site) as url:
        yield url, str(db)


def test_readers_see_no_error_details(new_app_page, hosted):
    url, db = hosted
    app = new_app_page(url)
    app.page.goto(f"{url}/", wait_until="domcontentloaded")
    box = app.page.locator(EXCEPTION).first
    box.wait_for()
    shown = app.page.inner_text("body")
    for detail in (db, "broken-dashboard", "StoreError", "Traceback", "duckdb", ".py"):
        assert detail not in shown, f"{detail!r} shown to a reader:\n{shown}"
    assert "error" in box.inner_text().lower()  # a generic message still says something broke
    app.screenshot("hosted-error")
    # the details are in the server's log for whoever runs it
    assert "broken-dashboard.duckdb" in (ARTIFACTS / "streamlit-hosted.log").read_text()


def test_uploads_are_off(new_app_page, hosted):
    url, _ = hosted
    app = new_app_page(url)
    app.open("/Ingest")
    assert "Uploads are turned off" in app.page.inner_text("body")
    assert app.page.locator('input[type="file"]').count() == 0


def test_an_upload_without_the_xsrf_token_is_refused(hosted):
    url, _ = hosted
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n'
        f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
    ).encode()
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{uuid.uuid4()}/{uuid.uuid4()}",
        data=body,
        method="PUT",
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
