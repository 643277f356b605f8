"""Every page of the dashboard in a real browser on the sample database."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_home_shows_counts_chart_and_recent_articles(app):
    app.open("/")
    page = app.page
    page.get_by_role("heading", name="Nagorno-Karabakh conflict news").wait_for()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Articles")
    assert metric.locator('[data-testid="stMetricValue"]').inner_text().strip() == "26"
    page.locator('[data-testid="stVegaLiteChart"]').first.wait_for()
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    assert page.get_by_text("First steps").count() == 0
    app.screenshot("overview")
