"""Concurrent readers: N headless Chromium sessions changing filters on the Map page of
Streamlit servers (127.0.0.1; two app processes by default, the sessions alternating
between them) over one synthetic database of 100k events, DuckDB or PostgreSQL.

    .venv/bin/python bench/readers.py [--sessions 20] [--servers 2] [--events 100000]
                                      [--backend duckdb|postgresql] [--timeout 900]
                                      [--no-record]

Every session opens /Map, waits for the map's markers, then makes three filter changes
in the sidebar (event type, language, outlet), each time waiting until the script has
rerun and the map shows markers again: that wait is the "time to an updated page". All
sessions run at once (one browser, one context each). Errors are exceptions shown by the
app, JavaScript errors, failed responses from the server and waits that time out; there
must be none. Each error names the session, the step it happened at (opening the page,
the first map, which filter change) and what went wrong, and the servers' logs are read
for tracebacks afterwards (an exception in the app counts even when the page hid it), so
a report tells the app's errors from a machine too busy to render. The run is bounded:
each wait by --wait seconds, the whole run by --timeout seconds (sessions still running
then count as errors). Sessions start --ramp seconds apart (20 readers arriving within
a few seconds, not in the same instant); --ramp 0 starts them all at once.

Uses the server and offline routing of the end-to-end tests (tests/e2e/streamlit_server.py).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]

import common  # noqa: E402
import pg  # noqa: E402

sys.path.insert(0, str(common.ROOT / "tests" / "e2e"))
import synth  # noqa: E402
from streamlit_server import (  # noqa: E402
    _BLANK_PNG,
    APP,
    CHROMIUM,
    CHROMIUM_ARGS,
    LOCAL_ASSETS,
    RUNNING,
    VIEWPORT,
    serve,
)

FOLIUM = 'iframe[title="streamlit_folium.st_folium"]'
MARKERS = "path.leaflet-interactive"
LANGUAGES = ("en", "ru", "hy", "az", "fr", "de", "es")
TYPES = ("evacuation", "military", "displacement", "casualties", "political")


async def _route(route) -> None:
    """Keep every request on this machine, as the end-to-end tests do."""
    url = route.request.url
    host = urlsplit(url).hostname or ""
    if host in ("127.0.0.1", "localhost") or url.startswith(("data:", "blob:")):
        await route.continue_()
        return
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    local = LOCAL_ASSETS.get(name)
    if local is not None and local.exists():
        await route.fulfill(path=str(local))
    elif name.endswith(".js"):
        await route.fulfill(status=200, content_type="application/javascript", body="")
    elif name.endswith(".css"):
        await route.fulfill(status=200, content_type="text/css", body="")
    elif route.request.resource_type == "image":
        await route.fulfill(status=200, content_type="image/png", body=_BLANK_PNG)
    else:
        await route.abort()


async def _script_state(page) -> tuple[str | None, bool]:
    state = await page.get_attribute(APP, "data-test-script-state")
    running = await page.locator(RUNNING).count() > 0
    return state, running


async def _rerun_done(page, wait_s: float, started: float) -> float:
    """Wait for the rerun a widget change started to finish; seconds since `started`."""
    deadline = time.monotonic() + wait_s
    seen_running = False
    idle_since = None
    while True:
        state, running = await _script_state(page)
        busy = state != "notRunning" or running
        now = time.monotonic()
        if busy:
            seen_running, idle_since = True, None
        elif idle_since is None:
            idle_since = now
        # idle for a moment after having run, or for a second if the run was too quick
        # to be seen
        if idle_since is not None and now - idle_since >= (0.2 if seen_running else 1.0):
            return idle_since - started
        if now > deadline:
            raise TimeoutError(f"still running after {wait_s:.0f} s")
        await asyncio.sleep(0.05)


async def _markers(page, wait_s: float) -> None:
    frame = page.frame_locator(FOLIUM).first
    await frame.locator(MARKERS).first.wait_for(timeout=wait_s * 1000)


async def _choose(page, label: str, option: str) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    await sidebar.get_by_role("combobox", name=label).click()
    await page.get_by_role("option", name=option, exact=True).click()
    await page.keyboard.press("Escape")


async def session(
    i: int, browser, url: str, wait_s: float, outlets: list[str], delay: float = 0.0
) -> dict:
    out: dict = {"session": i, "times": [], "errors": []}
    await asyncio.sleep(delay)
    step = "opening /Map"
    context = await browser.new_context(viewport=VIEWPORT)
    context.set_default_timeout(wait_s * 1000)
    await context.route("**/*", _route)
    page = await context.new_page()
    page.on("pageerror", lambda exc: out["errors"].append(f"javascript: {exc}"))

    def response(r) -> None:
        if r.status >= 500 and urlsplit(r.url).hostname == "127.0.0.1":
            out["errors"].append(f"HTTP {r.status} {r.url}")

    page.on("response", response)
    try:
        start = time.monotonic()
        await page.goto(f"{url}/Map", wait_until="domcontentloaded")
        await page.wait_for_selector(f'{APP}[data-test-connection-state="CONNECTED"]')
        step = "first run of /Map"
        await _rerun_done(page, wait_s, start)
        step = "first map markers"
        await _markers(page, wait_s)
        out["first_map_s"] = time.monotonic() - start
        changes = [
            ("Event type", TYPES[i % len(TYPES)]),
            ("Language", LANGUAGES[i % len(LANGUAGES)]),
            ("Outlet", outlets[i % len(outlets)]),
        ]
        for label, option in changes:
            started = time.monotonic()
            step = f"choosing {label}={option}"
            await _choose(page, label, option)
            step = f"rerun after {label}={option}"
            updated = await _rerun_done(page, wait_s, started)
            step = f"map markers after {label}={option}"
            await _markers(page, wait_s)  # the map is there again (checked, not timed)
            out["times"].append(updated)
            if await page.locator('[data-testid="stException"]').count():
                out["errors"].append(f"app exception after {label}={option}")
    except Exception as exc:  # a timeout or a broken page: an error of this session
        first = str(exc).splitlines()[0][:200] if str(exc) else ""
        out["errors"].append(f"session {i}, {step}: {type(exc).__name__}: {first}")
    finally:
        await context.close()
    return out


async def run(
    urls: list[str], sessions: int, wait_s: float, timeout_s: float, outlets, ramp: float = 0.0
) -> list[dict]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tasks = [
            asyncio.create_task(session(i, browser, urls[i % len(urls)], wait_s, outlets, i * ramp))
            for i in range(sessions)
        ]
        done, pending = await asyncio.wait(tasks, timeout=timeout_s)
        results = [t.result() for t in done]
        for t in pending:
            t.cancel()
            results.append({"session": -1, "times": [], "errors": ["not done in time"]})
        await browser.close()
    return results


def log_errors(log: Path) -> list[str]:
    """Exceptions a server logged (tracebacks, Streamlit's error lines): each one's last
    line, which names the exception."""
    if not log.is_file():
        return []
    lines = log.read_text("utf-8", errors="replace").splitlines()
    found = []
    for n, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            tail = next((x for x in lines[n + 1 :] if x and not x.startswith(" ")), line)
            found.append(f"server log {log.name}: {tail[:200]}")
    return found


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--wait", type=float, default=180, help="bound of one wait (s)")
    parser.add_argument("--timeout", type=float, default=900, help="bound of the run (s)")
    parser.add_argument("--servers", type=int, default=2, help="app processes")
    parser.add_argument("--backend", choices=("duckdb", "postgresql"), default="duckdb")
    parser.add_argument("--ramp", type=float, default=0.5, help="seconds between session starts")
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args(argv)
    from dashboard import query
    from dashboard.store import open_store

    with contextlib.ExitStack() as stack:
        if args.backend == "postgresql":
            db = pg.load(stack.enter_context(pg.cluster()), args.events)
        else:
            db = str(synth.ensure(args.events))
        with open_store(db, read_only=True) as store:
            outlets = list(query.facets(store).outlets[:10])
        urls, logs = [], []
        for n in range(args.servers):
            logs.append(Path("/tmp") / f"bench-readers-{os.getpid()}-{n}.log")
            urls.append(stack.enter_context(serve(db, timeout=120, log_path=logs[-1])))
        # one session on each server first, so the numbers are for servers that have started
        warm = asyncio.run(run(urls, len(urls), args.wait, args.timeout, outlets))
        pids = [common.server_pid(url) for url in urls]
        cpu_before = sum(_cpu_seconds(pid) for pid in pids)
        start = time.monotonic()
        results = asyncio.run(run(urls, args.sessions, args.wait, args.timeout, outlets, args.ramp))
        wall = time.monotonic() - start
        server_cpu = sum(_cpu_seconds(pid) for pid in pids) - cpu_before
        load_end = os.getloadavg()[0]
    times = [t for r in results for t in r["times"]]
    errors = [e for r in results for e in r["errors"]]
    logged = [e for log in logs for e in log_errors(log)]
    errors += logged
    firsts = [r["first_map_s"] for r in results if "first_map_s" in r]
    summary = {
        "sessions": args.sessions,
        "changes": len(times),
        "errors": len(errors),
        "p50_s": common.p50(times) if times else None,
        "p95_s": common.p95(times) if times else None,
        "first_map_p95_s": common.p95(firsts) if firsts else None,
        "wall_s": wall,
        "warm_errors": sum(len(r["errors"]) for r in warm),
        "server_cpu_s": server_cpu,
        "server_log_errors": len(logged),
        "load_at_end": load_end,
    }
    print(summary)
    for e in errors[:20]:
        print("error:", e)
    label = synth.label(args.events)
    name = "PostgreSQL" if args.backend == "postgresql" else "DuckDB"
    command = f".venv/bin/python bench/readers.py --sessions {args.sessions}"
    command += f" --servers {args.servers} --ramp {args.ramp:g}"
    if args.backend == "postgresql":
        command += " --backend postgresql"
    text = "\n".join(
        [
            common.table(
                [
                    "backend",
                    "app processes",
                    "events",
                    "sessions at once",
                    "filter changes",
                    "errors",
                    "time to updated page p50 / p95 (s)",
                    "first map p95 (s)",
                    "wall time (s)",
                    "server CPU (s)",
                ],
                [
                    [
                        name,
                        args.servers,
                        label,
                        args.sessions,
                        len(times),
                        len(errors),
                        f"{summary['p50_s']:.1f} / {summary['p95_s']:.1f}" if times else "—",
                        f"{summary['first_map_p95_s']:.1f}" if firsts else "—",
                        f"{wall:.0f}",
                        f"{server_cpu:.0f} ({server_cpu / max(wall, 1e-9):.0%} of one core)",
                    ]
                ],
            ),
            "",
            f"Sessions started {args.ramp:g} s apart; 1-min load average {load_end:.1f} when "
            "the last session ended. "
            + (
                "Errors (session, step, what): " + "; ".join(errors[:10]) + "."
                if errors
                else "No errors, none in the servers' logs."
            ),
            "",
            common.stamp(command),
        ]
    )
    print(text)
    if not args.no_record:
        common.record("readers-pg" if args.backend == "postgresql" else "readers", text)
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
