"""Take the README screenshots (docs/screenshots/*.png) of the dashboard on the sample data.

    .venv/bin/python scripts/screenshots.py [--db PATH] [--out DIR]

Builds the sample database in a temporary folder (unless --db is given), starts the app
with the same helpers as the browser tests (tests/e2e/streamlit_server.py) and saves one
1280x800 PNG per page. Needs Debian's Chromium (/usr/bin/chromium) and playwright.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from streamlit_server import (  # noqa: E402
    launch_browser,
    new_context,
    open_page,
    serve,
)

SIZE = {"width": 1280, "height": 800}
# file name -> (URL path, a selector that shows the page's main content has drawn)
SHOTS: dict[str, tuple[str, str | None]] = {
    "overview": ("/", '[data-testid="stVegaLiteChart"]'),
    "map": ("/Map", "iframe"),
    "incidents": ("/Incidents", '[data-testid="stDataFrame"]'),
    "statements": ("/Statements", ".js-plotly-plot"),
    "evacuations": ("/Evacuations", ".js-plotly-plot"),
    "articles": ("/Articles", '[data-testid="stDataFrame"]'),
}


def build_sample(folder: Path) -> str:
    from dashboard.pipeline import ingest_paths
    from dashboard.store import open_store

    path = str(folder / "sample.duckdb")
    with open_store(path) as store:
        report = ingest_paths([ROOT / "data" / "sample"], store)
    if report.failed:
        raise SystemExit(f"sample ingest failed: {report.failed}")
    return path


def _wait_for_map(page) -> None:
    """streamlit-folium draws in an iframe: wait for Leaflet's markers (or clusters)."""
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.locator(".leaflet-interactive, .marker-cluster, .leaflet-marker-icon").first.wait_for()


def take(base_url: str, out: Path, names: list[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    with sync_playwright() as p:
        browser = launch_browser(p)
        context = new_context(browser)
        page = context.new_page()
        page.set_viewport_size(SIZE)
        for name in names:
            path, ready = SHOTS[name]
            open_page(page, base_url, path)
            if name == "map":
                _wait_for_map(page)
            elif ready:
                page.locator(ready).first.wait_for()
            page.wait_for_timeout(1000)  # let charts finish their transitions
            target = out / f"{name}.png"
            page.screenshot(path=str(target))
            saved.append(target)
            print(f"saved {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        context.close()
        browser.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="database to show (default: build the sample)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("pages", nargs="*", help=f"some of {', '.join(SHOTS)} (default: all)")
    args = parser.parse_args(argv)
    names = args.pages or list(SHOTS)
    unknown = sorted(set(names) - set(SHOTS))
    if unknown:
        parser.error(f"unknown page(s): {', '.join(unknown)}")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build_sample(Path(tmp))
        # viewer toolbar: no "Deploy" button in the pictures
        with serve(
            db,
            log_path=Path(tmp) / "streamlit.log",
            extra_args=("--client.toolbarMode", "viewer"),
        ) as base_url:
            take(base_url, args.out, names)
    return 0


if __name__ == "__main__":
    sys.exit(main())
