"""Start the dashboard with a real Streamlit server and drive it with Debian's Chromium.

Shared by the end-to-end tests (tests/e2e) and scripts/screenshots.py, so both see the app
exactly as a user does. No browser is downloaded: Playwright drives /usr/bin/chromium.

The browser never leaves 127.0.0.1. Folium asks for Leaflet and its plugins from public
CDNs; those requests are answered from Debian's libjs-leaflet packages when installed, and
with an empty file otherwise (map tiles get a blank image), so the tests are the same with
or without a network.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1440, "height": 900}
WAIT_MS = 30_000  # one bounded wait for a widget, a chart or a rerun
LOAD_MS = 60_000  # a page load (its first run imports folium, plotly... on a cold server)

# CDN file name -> local copy (Debian packages libjs-leaflet, libjs-leaflet.markercluster)
_JS = Path("/usr/share/javascript")
LOCAL_ASSETS: dict[str, Path] = {
    "leaflet.js": _JS / "leaflet/leaflet.js",
    "leaflet.css": _JS / "leaflet/leaflet.css",
    "leaflet.markercluster.js": _JS / "leaflet/leaflet.markercluster.js",
    "leaflet.markercluster-src.js": _JS / "leaflet/leaflet.markercluster.js",
    "MarkerCluster.css": _JS / "leaflet/MarkerCluster.css",
    "MarkerCluster.Default.css": _JS / "leaflet/MarkerCluster.Default.css",
    "jquery.min.js": _JS / "jquery/jquery.min.js",
    "jquery-3.7.1.min.js": _JS / "jquery/jquery.min.js",
}
# a 1x1 transparent PNG for map tiles and marker images
_BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


@contextlib.contextmanager
def serve(
    db: str,
    *,
    timeout: float = 60,
    log_path: Path | None = None,
    extra_args: tuple[str, ...] = (),
    port: int | None = None,
    env: dict[str, str | None] | None = None,
    cwd: Path = ROOT,
) -> Iterator[str]:
    """Run `streamlit run app.py` on `db` (DASHBOARD_DB) and yield its base URL.

    `port` is a free one unless given (sign-in needs it known in advance); `env` adds
    variables to the server's environment, or removes those set to None. The server's
    output goes to `log_path` (a temporary file by default) and is quoted in the error
    when it does not come up within `timeout` seconds. The server starts in `cwd` and so
    reads the `.streamlit/config.toml` there (a hosted site's folder, say)."""
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
        *extra_args,
    ]
    changes = {"STREAMLIT_SERVER_PORT": None, **(env or {})}
    env = {**os.environ, "DASHBOARD_DB": str(db), "PYTHONUNBUFFERED": "1"}
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    if log_path is None:
        import tempfile

        log_path = Path(tempfile.mkstemp(prefix="streamlit-", suffix=".log")[1])
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while not _healthy(base_url):
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"streamlit exited with {proc.returncode}:\n{_tail(log_path)}"
                    )
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"streamlit did not answer {base_url}/_stcore/health within "
                        f"{timeout:.0f} s:\n{_tail(log_path)}"
                    )
                time.sleep(0.25)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


def _tail(path: Path, chars: int = 4000) -> str:
    return path.read_text(errors="replace")[-chars:]


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def _route_offline(route) -> None:
    url = route.request.url
    host = urlsplit(url).hostname or ""
    if host in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
        route.continue_()
        return
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    local = LOCAL_ASSETS.get(name)
    if local is not None and local.exists():
        route.fulfill(path=str(local))
    elif name.endswith(".js"):
        route.fulfill(status=200, content_type="application/javascript", body="")
    elif name.endswith(".css"):
        route.fulfill(status=200, content_type="text/css", body="")
    elif route.request.resource_type == "image":
        route.fulfill(status=200, content_type="image/png", body=_BLANK_PNG)
    else:
        route.abort()


def new_context(browser, **kwargs):
    """A browser context that keeps every request on this machine (see module doc)."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, **kwargs)
    context.set_default_timeout(WAIT_MS)
    context.route("**/*", _route_offline)
    return context


APP = '[data-testid="stApp"]'
RUNNING = '[data-testid="stStatusWidgetRunningIcon"], [data-testid="stStatusWidgetRunningManIcon"]'


def wait_for_app(page, timeout_ms: int = WAIT_MS, settle_ms: int = 300) -> None:
    """Wait until Streamlit is connected and its script is done (stable for `settle_ms`).

    A rerun that a click has asked for may start a moment later, so the idle state must
    hold for a few polls in a row."""
    page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]', timeout=timeout_ms)
    deadline = time.monotonic() + timeout_ms / 1000
    idle_since = None
    while True:
        state = page.get_attribute(APP, "data-test-script-state")
        idle = state == "notRunning" and page.locator(RUNNING).count() == 0
        now = time.monotonic()
        if idle:
            idle_since = idle_since or now
            if (now - idle_since) * 1000 >= settle_ms:
                return
        else:
            idle_since = None
        if now > deadline:
            raise TimeoutError(f"Streamlit still running after {timeout_ms} ms (state {state})")
        page.wait_for_timeout(100)


def open_page(page, base_url: str, path: str = "/", timeout_ms: int = LOAD_MS) -> None:
    page.goto(f"{base_url}{path}", wait_until="domcontentloaded", timeout=timeout_ms)
    wait_for_app(page, timeout_ms)
