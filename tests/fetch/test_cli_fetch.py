"""`python -m dashboard fetch / sources / watch` as a user runs them, against the
loopback site (the issue's "Done when")."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def run_cli(*args: str, allow: str | None = "1", **env: str) -> subprocess.CompletedProcess:
    full = {k: v for k, v in os.environ.items() if k != "DASHBOARD_ALLOW_PRIVATE_HOSTS"}
    full.update(PYTHONIOENCODING="utf-8", **env)
    if allow is not None:
        full["DASHBOARD_ALLOW_PRIVATE_HOSTS"] = allow
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=full,
        timeout=300,
    )


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "cli.duckdb")


def test_fetch_feed_once_then_nothing_new_and_refused_without_setting(site, db):
    url = site.url("/feed.xml")
    first = run_cli("fetch", url, "--db", db, "--delay", "0")
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == (
        "articles: 3 new, 0 unchanged, 0 failed; facts stored: "
        + first.stdout.split("facts stored: ")[1].strip()
    )
    assert "fetch" in first.stderr  # the progress bar
    again = run_cli("fetch", url, "--db", db, "--delay", "0")
    assert again.returncode == 0 and again.stdout.startswith("articles: 0 new")
    refused = run_cli("fetch", url, "--db", db, allow=None)
    assert refused.returncode == 1
    assert (
        f"{url}: refused: 127.0.0.1 is a loopback address; such hosts are refused unless "
        "DASHBOARD_ALLOW_PRIVATE_HOSTS=1" in refused.stderr
    )
    stats = run_cli("stats", "--json", "--db", db)
    assert json.loads(stats.stdout)["articles"] == 3


def test_each_failed_url_printed_and_exit_1(site, db):
    out = run_cli(
        "fetch", site.url("/missing"), site.url("/news/5.html"), "--db", db, "--delay", "0"
    )
    assert out.returncode == 1
    assert out.stdout.startswith("articles: 1 new, 0 unchanged, 1 failed")
    assert f"{site.url('/missing')}: HTTP 404 Not Found" in out.stderr.splitlines()


def test_usage_errors(db):
    out = run_cli("fetch", "--db", db)
    assert out.returncode == 2 and "give URLs, --gdelt QUERY or --sources" in out.stderr
    bad = run_cli("sources", "add", "http://a.example/feed", "--every", "5s", "--db", db)
    assert bad.returncode == 2 and "more often than once a minute" in bad.stderr
    ftp = run_cli("sources", "add", "ftp://a.example/feed", "--db", db)
    assert ftp.returncode == 2 and "only http and https" in ftp.stderr


def test_sources_add_list_fetch_remove(site, db):
    added = run_cli(
        "sources", "add", site.url("/atom.xml"), "--name", "atom", "--every", "2h", "--db", db
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.strip() == f"saved 'atom': {site.url('/atom.xml')} every 2h"
    gdelt = run_cli("sources", "add", "Karabakh refugees", "--gdelt", "--db", db)
    assert gdelt.returncode == 0 and "gdelt: Karabakh refugees" in gdelt.stdout
    listed = run_cli("sources", "list", "--db", db)
    assert "atom\turl\tevery 2h\tlast never\tnot fetched yet" in listed.stdout

    fetched = run_cli(
        "fetch", "--sources", "--db", db, "--delay", "0", DASHBOARD_GDELT_URL=site.url("/gdelt/api")
    )
    assert fetched.returncode == 0, fetched.stderr
    assert fetched.stdout.startswith("articles: 5 new, 0 unchanged, 0 failed")  # 2-4, 5-6
    rows = {
        r["name"]: r for r in json.loads(run_cli("sources", "list", "--json", "--db", db).stdout)
    }
    assert rows["atom"]["detected"] == "feed" and rows["atom"]["last_new"] == 3
    assert rows["gdelt: Karabakh refugees"]["detected"] == "gdelt"
    assert rows["gdelt: Karabakh refugees"]["total_new"] == 2

    # nothing is due now: --sources fetches nothing
    idle = run_cli("fetch", "--sources", "--db", db)
    assert idle.returncode == 0 and "No saved source is due (2 saved)" in idle.stderr

    removed = run_cli("sources", "remove", "atom", "--db", db)
    assert removed.returncode == 0 and "its articles stay" in removed.stdout
    missing = run_cli("sources", "remove", "atom", "--db", db)
    assert missing.returncode == 1 and "no saved source" in missing.stderr


def test_watch_fetches_due_sources(site, db):
    run_cli("sources", "add", site.url("/sitemap.xml"), "--db", db)
    out = run_cli("watch", "--db", db, "--rounds", "1", "--delay", "0")
    assert out.returncode == 0, out.stderr
    assert "1 source(s): articles: 2 new" in out.stdout


def test_gdelt_from_the_command_line(site, db):
    out = run_cli(
        "fetch",
        "--gdelt",
        "Karabakh refugees",
        "--timespan",
        "3d",
        "--lang",
        "english",
        "--db",
        db,
        "--delay",
        "0",
        DASHBOARD_GDELT_URL=site.url("/gdelt/api"),
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("articles: 2 new")
