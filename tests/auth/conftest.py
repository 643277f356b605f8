"""Sign-in end to end: a local OpenID Connect provider (oidc-provider-mock) on 127.0.0.1, the
real Streamlit server with `.streamlit/secrets.toml`-style settings in a temporary file
(`--secrets.files`), and Debian's Chromium driven by Playwright.

Reuses the browser helpers of tests/e2e (streamlit_server.py). Skips when Chromium,
Playwright or oidc-provider-mock is missing, except in CI (env CI set), where it fails.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "e2e"))

from auth_helpers import ARTIFACTS, SEED_FILES, USERS  # noqa: E402
from streamlit_server import (  # noqa: E402
    CHROMIUM,
    ROOT,
    WAIT_MS,
    free_port,
    launch_browser,
    new_context,
    serve,
)


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError:
        return "oidc-provider-mock is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def _auth_ready() -> None:
    reason = _unavailable()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"in CI the sign-in tests must run, but {reason}")
    pytest.skip(f"sign-in browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def oidc_issuer(_auth_ready) -> Iterator[str]:
    """Base URL of an OpenID Connect provider on 127.0.0.1 that signs in whichever
    subject (here: an e-mail address, also its `email` claim) is typed into its form."""
    import werkzeug.serving
    from oidc_provider_mock import User, app

    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # plain http on loopback
    users = [User(sub=email, claims={"email": email}) for email in USERS.values()]
    server = werkzeug.serving.make_server("127.0.0.1", 0, app(user_claims=users), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()


def secrets_toml(port: int, issuer: str, anonymous_read: bool = False) -> str:
    """The secrets a deployment writes to .streamlit/secrets.toml (see the README)."""
    return f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "test-cookie-secret-{port}-0123456789abcdef"
client_id = "dashboard"
client_secret = "dashboard-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"

[dashboard]
allow_upload = true

[dashboard.roles]
viewers = ["@example.org"]
editors = ["{USERS["editor"]}"]
anonymous_read = {"true" if anonymous_read else "false"}
"""


def serve_with_secrets(db: str, secrets: Path, port: int, log_path: Path, timeout: float = 60):
    """`streamlit run app.py` on `db` with `secrets` as its only secrets file."""
    return serve(
        db,
        timeout=timeout,
        log_path=log_path,
        extra_args=("--secrets.files", str(secrets)),
        port=port,
        env={"DASHBOARD_ALLOW_UPLOAD": None},
    )


def _app_server(tmp_path_factory, corpus_db: str, issuer: str, anonymous_read: bool, name: str):
    port = free_port()
    folder = tmp_path_factory.mktemp(name)
    secrets = folder / "secrets.toml"
    secrets.write_text(secrets_toml(port, issuer, anonymous_read), encoding="utf-8")
    return serve_with_secrets(corpus_db, secrets, port, ARTIFACTS / f"streamlit-{name}.log")


@pytest.fixture(scope="session")
def auth_db(tmp_path_factory) -> str:
    """A DuckDB file of its own with two sample articles (the editor's upload adds one)."""
    from dashboard.pipeline import ingest_paths
    from dashboard.store import open_store

    path = str(tmp_path_factory.mktemp("auth-db") / "dashboard.duckdb")
    sample = ROOT / "data" / "sample"
    files = [sample / f for f in SEED_FILES]
    with open_store(path) as store:
        report = ingest_paths(files, store)
    assert report.new == len(files) and not report.failed, report.summary()
    return path


@pytest.fixture(scope="session")
def closed_url(tmp_path_factory, auth_db, oidc_issuer) -> Iterator[str]:
    """The app with sign-in required (no anonymous reading)."""
    with _app_server(tmp_path_factory, auth_db, oidc_issuer, False, "auth-closed") as url:
        yield url


@pytest.fixture(scope="session")
def anonymous_url(tmp_path_factory, auth_db, oidc_issuer) -> Iterator[str]:
    """The app with `anonymous_read = true`."""
    with _app_server(tmp_path_factory, auth_db, oidc_issuer, True, "auth-anonymous") as url:
        yield url


@pytest.fixture(scope="module")  # closed before tests/e2e opens its own Playwright
def browser(_auth_ready):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A tab in a fresh browser context: no cookies, so nobody is signed in."""
    context = new_context(browser)
    tab = context.new_page()
    yield tab
    context.close()
