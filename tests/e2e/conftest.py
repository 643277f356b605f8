"""Fixtures for the browser tests: one Streamlit server on the sample database and one
Chromium per session, a fresh browser context per test.

The tests skip when Chromium or Playwright is missing, except in CI (env CI set), where
they must run and so fail instead.
"""

from __future__ import annotations

import contextlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit_server import (
    CHROMIUM,
    ROOT,
    WAIT_MS,
    launch_browser,
    new_context,
    open_page,
    serve,
    wait_for_app,
)

ARTIFACTS = ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
EXCEPTION = '[data-testid="stException"]'


def _unavailable() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def _browser_ready() -> None:
    reason = _unavailable()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"in CI these tests must run, but {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def base_url(_browser_ready, sample_db: str) -> str:
    """Base URL of a Streamlit server running app.py on the sample database."""
    with serve(sample_db, timeout=60, log_path=ARTIFACTS / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="session")
def empty_base_url(_browser_ready, tmp_path_factory) -> str:
    """Base URL of a second server whose database does not exist yet (for uploads)."""
    db = tmp_path_factory.mktemp("empty") / "dashboard.duckdb"
    with serve(str(db), timeout=60, log_path=ARTIFACTS / "streamlit-empty.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser(_browser_ready):
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    for old in SCREENSHOTS.glob("*.png"):  # this run's pictures only
        old.unlink()
    with sync_playwright() as p:
        b = launch_browser(p)
        yield b
        b.close()


@dataclass
class AppPage:
    """A browser tab on the app, with what went wrong in it recorded."""

    page: object
    base_url: str
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def open(self, path: str = "/") -> None:
        open_page(self.page, self.base_url, path)
        self.check()

    def wait(self) -> None:
        wait_for_app(self.page)
        self.check()

    def check(self) -> None:
        """Fail on a browser exception, a dialog or a Streamlit exception box."""
        if self.page_errors:
            pytest.fail(f"exception in the browser: {self.page_errors}")
        if self.dialogs:
            pytest.fail(f"unexpected dialog: {self.dialogs}")
        boxes = self.page.locator(EXCEPTION)
        if boxes.count():
            pytest.fail(
                f"Streamlit shows an exception on {self.page.url}:\n{boxes.first.inner_text()}"
            )

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def new_app_page(browser, base_url, request):
    """Factory: a tab in a fresh browser context (nothing shared with other tabs), on the
    sample server unless given another server's URL."""
    made: list[tuple[object, AppPage]] = []

    def make(url: str | None = None) -> AppPage:
        context = new_context(browser)
        page = context.new_page()
        app = AppPage(page, url or base_url)
        page.on("pageerror", lambda e: app.page_errors.append(str(e)))
        page.on(
            "console",
            lambda m: app.console_errors.append(m.text) if m.type == "error" else None,
        )

        def on_dialog(d) -> None:
            app.dialogs.append(f"{d.type}: {d.message}")
            d.dismiss()

        page.on("dialog", on_dialog)
        made.append((context, app))
        return app

    yield make
    failed = getattr(request.node, "rep_call", None)
    for i, (context, app) in enumerate(made):
        if failed is not None and failed.failed:
            name = re.sub(r"[^\w.-]+", "_", request.node.name)
            with contextlib.suppress(Exception):
                app.screenshot(f"FAILED-{name}-{i}")
        if app.console_errors:
            print(f"console errors on {app.page.url}: {app.console_errors}")
        context.close()
    errors = [e for _, app in made for e in app.page_errors]
    if errors:
        pytest.fail(f"exception in the browser: {errors}")


@pytest.fixture
def app(new_app_page) -> AppPage:
    return new_app_page()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    rep = yield
    setattr(item, f"rep_{rep.when}", rep)
    return rep
