"""Every page of the dashboard in a real browser (Chromium) on the sample database.

Each test opens its page in a fresh browser context; the `app` fixture fails the test on
any exception in the browser or a Streamlit exception box, and each page's screenshot goes
to tests/artifacts/screenshots/.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pandas as pd
import pytest
from streamlit_server import LOAD_MS, ROOT

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip these tests (or fail them in CI) and say why
    expect = None

pytestmark = pytest.mark.e2e

SAMPLE_ARTICLES = 29
SAMPLE_RU_ARTICLES = 7  # one more since the sample reports a count in three languages
FOLIUM = 'iframe[title="streamlit_folium.st_folium"]'
DATAFRAME = '[data-testid="stDataFrame"]'
GRID = f'{DATAFRAME} table[role="grid"]'  # the grid's hidden accessible copy


# -- helpers -------------------------------------------------------------------------------


def sidebar(app):
    return app.page.locator('[data-testid="stSidebar"]')


def choose(app, label: str, option: str) -> None:
    """Pick `option` in the sidebar multiselect called `label` and wait for the rerun."""
    sidebar(app).get_by_role("combobox", name=label).click()
    app.page.get_by_role("option", name=option, exact=True).click()
    app.page.keyboard.press("Escape")
    app.wait()


def chosen(app, label: str):
    """The tags shown in the sidebar multiselect called `label` (a locator, for `expect`)."""
    box = (
        sidebar(app)
        .locator('[data-testid="stMultiSelect"]')
        .filter(has=app.page.get_by_role("combobox", name=label))
    )
    return box.locator(".react-aria-ComboBox [data-tag] span[title]")


def grid_rows(app) -> list[list[str]]:
    """The cells of the first data table, row by row (from its accessible copy)."""
    grid = app.page.locator(GRID).first
    grid.wait_for(state="attached")
    rows = grid.locator("tbody tr")
    return [[c.strip() for c in r.locator("td").all_text_contents()] for r in rows.all()]


def grid_row_count(app) -> int:
    grid = app.page.locator(GRID).first
    grid.wait_for(state="attached")
    return int(grid.get_attribute("aria-rowcount")) - 1  # minus the header row


def caption_count(app, pattern: str) -> int:
    text = "\n".join(app.page.locator('[data-testid="stCaptionContainer"]').all_inner_texts())
    match = re.search(pattern, text)
    assert match, f"no caption matches {pattern!r}: {text!r}"
    return int(match.group(1).replace(",", ""))


def download(app, label: str):
    """Click the download button `label` and return the saved file's path."""
    button = app.page.locator('[data-testid="stDownloadButton"]').get_by_role("button", name=label)
    with app.page.expect_download() as info:
        button.first.click()
    dl = info.value
    assert dl.failure() is None, dl.failure()
    return dl.suggested_filename, dl.path()


def query(app) -> dict[str, list[str]]:
    return parse_qs(urlsplit(app.page.url).query)


def plotted_points(app) -> list[int]:
    """Points per plotly figure on the page, read from the figures' own data."""
    app.page.locator(".js-plotly-plot .main-svg").first.wait_for()
    return app.page.locator(".js-plotly-plot").evaluate_all(
        """els => els.map(el => (el.data || []).reduce(
            (n, t) => n + ((t.x || t.y || []).length || 0), 0))"""
    )


# -- every page ----------------------------------------------------------------------------

PAGES = {
    "overview": "/",
    "map": "/Map",
    "incidents": "/Incidents",
    "statements": "/Statements",
    "evacuations": "/Evacuations",
    "articles": "/Articles",
    "ingest": "/Ingest",
}


def visit(app, name: str) -> None:
    """Open a page and check what every page has: no exception (the fixture fails the test
    on one), a title, the navigation to every page and, where the page has a view to
    share, a copyable link to it."""
    app.open(PAGES[name])
    app.page.locator("h1").first.wait_for()
    nav = app.page.locator('[data-testid="stSidebarNav"]')
    for label in ("Map", "Incidents", "Statements", "Evacuations", "Articles", "Ingest"):
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label
    if name != "overview":
        link = sidebar(app).locator('[data-testid="stCode"]').first.inner_text()
        assert link.startswith(f"{app.base_url}{PAGES[name]}"), link
    app.check()


def test_home_shows_counts_chart_and_recent_articles(app):
    visit(app, "overview")
    page = app.page
    page.get_by_role("heading", name="Nagorno-Karabakh conflict news").wait_for()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Articles")
    value = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    assert value == str(SAMPLE_ARTICLES)
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    assert grid_row_count(app) > 0
    assert page.get_by_text("First steps").count() == 0
    app.screenshot("overview")


# -- map -----------------------------------------------------------------------------------


def test_map_draws_markers_and_exports_geojson(app):
    visit(app, "map")
    placed = caption_count(app, r"([\d,]+) placed on the map")
    assert placed > 0
    frame = app.page.frame_locator(FOLIUM).first
    frame.locator(".leaflet-container").wait_for()
    markers = frame.locator(".event-cluster, .marker-cluster, path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() > 0
    # clusters show how many events they hold; together never more than the placed events
    in_clusters = sum(int(t) for t in frame.locator(".event-cluster").all_inner_texts() if t)
    assert 0 < in_clusters <= placed
    app.screenshot("map")

    name, path = download(app, "GeoJSON")
    assert name.endswith(".geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == placed
    lon, lat = collection["features"][0]["geometry"]["coordinates"]
    assert 38 < lat < 42 and 43 < lon < 49  # the South Caucasus

    name, path = download(app, "CSV")
    incidents = pd.read_csv(path)
    assert name == "incidents.csv"
    assert len(incidents) == caption_count(app, r"([\d,]+) incidents match the filters")
    assert {"incident_id", "outlets", "languages", "conflict", "figures"} <= set(incidents.columns)


def test_map_incident_popup_switch_to_reports_and_min_outlets(app):
    """Incidents by default: a popup lists each outlet's report; the sidebar switches to
    raw reports and keeps incidents reported by at least N outlets, all in the URL."""
    visit(app, "map")
    frame = app.page.frame_locator(FOLIUM).first
    frame.locator(".event-legend").wait_for()
    assert "how many outlets reported it" in frame.locator(".event-legend").inner_text()
    incidents = caption_count(app, r"([\d,]+) incidents match the filters")

    number = sidebar(app).get_by_role("spinbutton", name="Reported by at least N outlets")
    number.fill("3")
    number.press("Enter")
    app.wait()
    assert query(app)["min_outlets"] == ["3"]
    fewer = caption_count(app, r"([\d,]+) incidents match the filters")
    assert 0 < fewer < incidents
    # the biggest marker's popup: several outlets, each with its sentence and article
    frame.locator("path.leaflet-interactive").first.wait_for()
    popup = frame.locator(".leaflet-popup-content")
    for marker in frame.locator("path.leaflet-interactive").all():
        try:
            marker.click(timeout=2000)
            popup.first.wait_for(timeout=2000)
        except Exception:  # noqa: BLE001 - a border shape under a cluster, not a marker
            continue
        if "outlets in" in popup.first.inner_text():
            break
    text = popup.first.inner_text()
    assert "outlets in" in text and "First reported by" in text, text
    assert popup.first.locator("li").count() >= 3
    app.screenshot("map-incident-popup")

    sidebar(app).get_by_text("Reports (one per article)").click()
    app.wait()
    assert query(app)["view"] == ["reports"]
    assert "min_outlets" not in query(app)
    assert caption_count(app, r"([\d,]+) events match the filters") > incidents


def test_incidents_page_sorts_opens_an_incident_and_exports(app):
    visit(app, "incidents")
    rows = grid_row_count(app)
    assert rows > 0
    app.screenshot("incidents")
    app.open("/Incidents?sort=outlets")
    grid = app.page.locator(DATAFRAME).first
    app.page.locator(GRID).first.wait_for(state="attached")
    box = grid.bounding_box()
    app.page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # select the first row
    app.wait()
    assert query(app).get("incident"), app.page.url
    app.page.locator(GRID).nth(1).wait_for(state="attached")
    reports = app.page.locator(GRID).first  # the open incident sits above the table
    assert int(reports.get_attribute("aria-rowcount")) - 1 >= 2
    app.screenshot("incident-reports")
    name, path = download(app, "GeoJSON")
    assert name == "incidents.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["features"] and "outlets" in collection["features"][0]["properties"]


# -- timelines -----------------------------------------------------------------------------


def test_statements_timeline_draws_and_exports(app):
    visit(app, "statements")
    points = plotted_points(app)
    assert points and sum(points) > 0, points
    assert app.page.locator(".js-plotly-plot g.trace").count() > 0
    app.screenshot("statements")
    name, path = download(app, "CSV")
    assert name == "statements.csv"
    table = pd.read_csv(path)
    assert len(table) > 0
    assert {"speaker", "evidence"} <= set(table.columns)


def test_evacuations_chart_draws_and_exports(app):
    visit(app, "evacuations")
    points = plotted_points(app)
    assert points and sum(points) > 0, points
    assert app.page.locator(".js-plotly-plot g.trace").count() > 0
    app.screenshot("evacuations")
    name, path = download(app, "CSV")
    assert name == "figures.csv"
    assert len(pd.read_csv(path)) > 0


# -- articles: filter, shared link, export, article view -----------------------------------


def test_language_filter_changes_list_url_and_export(app, new_app_page):
    visit(app, "articles")
    assert grid_row_count(app) == SAMPLE_ARTICLES
    app.screenshot("articles")
    assert "lang" not in query(app)

    choose(app, "Language", "ru")
    assert query(app)["lang"] == ["ru"]
    expect(chosen(app, "Language")).to_have_text(["ru"])
    assert grid_row_count(app) == SAMPLE_RU_ARTICLES
    rows = grid_rows(app)
    assert len(rows) == SAMPLE_RU_ARTICLES
    assert all("ru" in row for row in rows), rows
    link = sidebar(app).locator('[data-testid="stCode"]').first.inner_text().strip()
    assert parse_qs(urlsplit(link).query)["lang"] == ["ru"]
    app.screenshot("articles-ru")

    name, path = download(app, "CSV")
    assert name == "articles.csv"
    exported = pd.read_csv(path)
    assert len(exported) == SAMPLE_RU_ARTICLES
    assert set(exported["language"]) == {"ru"}

    # the address reopens the same view in a browser that has seen nothing before
    other = new_app_page()
    other.open(urlsplit(app.page.url)._replace(scheme="", netloc="").geturl())
    expect(chosen(other, "Language")).to_have_text(["ru"])
    assert grid_row_count(other) == SAMPLE_RU_ARTICLES
    assert grid_rows(other) == rows
    assert query(other)["lang"] == ["ru"]


def test_selecting_an_article_shows_its_evidence_highlighted(app):
    app.open("/Articles")
    grid = app.page.locator(DATAFRAME).first
    app.page.locator(GRID).first.wait_for(state="attached")
    first_title = grid_rows(app)[0][1]
    box = grid.bounding_box()
    # the row-selection column sits left of the first row (under a 35 px header)
    app.page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)
    app.wait()
    article = query(app).get("article")
    assert article and article[0], app.page.url
    app.page.get_by_role("heading", name=first_title).wait_for()
    marks = app.page.locator('[data-testid="stHtml"] mark')
    marks.first.wait_for()
    assert marks.count() > 0
    app.screenshot("article")

    # the article's own link opens it directly, and "Back" returns to the list
    other_url = f"/Articles?article={article[0]}"
    app.open(other_url)
    app.page.get_by_role("heading", name=first_title).wait_for()
    app.page.get_by_role("button", name="Back to the list").click()
    app.page.wait_for_url(lambda url: "article=" not in url, timeout=LOAD_MS)
    app.wait()
    assert "article" not in query(app)
    assert grid_row_count(app) == SAMPLE_ARTICLES


# -- a fresh server: the first visit is a shared link, not the home page --------------------


def test_a_shared_link_first_after_a_restart_shows_the_app_navigation(new_app_page, empty_base_url):
    app = new_app_page(empty_base_url)  # nobody has opened this server's home page yet
    app.open("/Articles")
    nav = app.page.locator('[data-testid="stSidebarNav"]')
    expect(nav.get_by_role("link", name="Overview")).to_have_count(1, timeout=20000)


# -- ingest: upload into an empty database, then find the article --------------------------


def test_ingest_uploads_files_and_reports_each(new_app_page, empty_base_url, tmp_path):
    app = new_app_page(empty_base_url)
    visit(app, "ingest")
    page = app.page
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    good = ROOT / "data" / "sample" / "en_2023-09-19_sample-caucasus-wire.html"
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        [str(good), str(broken)]
    )
    app.wait()
    page.get_by_role("button", name="Ingest 2 file(s)").click()
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="new article(s)")
    alert.wait_for(timeout=LOAD_MS)
    app.wait()
    assert "1 new article(s)" in alert.inner_text()
    assert "1 file(s) failed" in alert.inner_text()
    rows = grid_rows(app)
    assert len(rows) == 2
    assert any("broken.json" in row[0] for row in rows), rows
    app.screenshot("ingest")

    # the link to the new articles (a page link; follow its address)
    href = page.get_by_role("link", name="See the articles").get_attribute("href")
    target = urljoin(page.url, href)
    assert urlsplit(target).path == "/Articles", target
    app.open(urlsplit(target).path)
    assert grid_row_count(app) == 1
    assert "Sample Caucasus Wire" in grid_rows(app)[0]
