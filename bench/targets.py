"""Issue 7's and 14's targets, on DuckDB and PostgreSQL, against the figures BENCHMARKS.md holds now.

    .venv/bin/python bench/targets.py          # rewrites the "Targets" block of BENCHMARKS.md

Reads the tables the other benchmark scripts wrote (each between its `bench:NAME` markers),
so the verdicts are always those of the recorded runs, never of numbers typed by hand; a
benchmark that has not been run shows as "not measured". `make bench` runs it last.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]

import common  # noqa: E402

SIZES = {"10k": "10k", "100k": "100k", "1m": "1M"}  # block name -> as the text says it
PAGES = ("Map", "Statements", "Evacuations", "Articles", "Incidents")
_NUMBER = re.compile(r"-?[\d,]*\.?\d+")


def blocks(doc: str) -> dict[str, str]:
    """Text between each `<!-- bench:NAME:start -->` and its end marker, by NAME."""
    found = re.finditer(r"<!-- bench:([\w-]+):start -->\n(.*?)<!-- bench:\1:end -->", doc, re.S)
    return {m.group(1): m.group(2) for m in found}


def tables(text: str) -> list[list[dict[str, str]]]:
    """Every Markdown table in `text`, as rows keyed by the header's cells."""
    out: list[list[dict[str, str]]] = []
    lines = [line.strip() for line in text.splitlines()]
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("| ---"):
            header = _cells(lines[i])
            rows = []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(dict(zip(header, _cells(lines[i]), strict=False)))
                i += 1
            out.append(rows)
        else:
            i += 1
    return out


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def numbers(cell: str | None) -> list[float]:
    """The numbers in a cell ("12.2 / 26.0" -> [12.2, 26.0]); [] for "—" or none."""
    return [float(n.replace(",", "")) for n in _NUMBER.findall(cell or "")]


def kib(cell: str) -> float | None:
    """A size cell ("178 KiB", "9.75 MiB") in KiB."""
    got = numbers(cell)
    if not got:
        return None
    return got[0] * 1024 if "MiB" in cell else got[0]


def _first(rows: list[list[dict[str, str]]], column: str) -> list[dict[str, str]]:
    """The first table that has `column`."""
    return next((t for t in rows if t and column in t[0]), [])


def _verdict(ok: bool | None) -> str:
    return "not measured" if ok is None else ("met" if ok else "**not met**")


def _dashboard(got: dict[str, str], prefix: str, size: str) -> list[tuple[str, str, bool | None]]:
    """(target, measured, ok) of the dashboard targets at `size` from the blocks
    `dashboard-PREFIXSIZE` (prefix "" for DuckDB, "pg-" for PostgreSQL)."""
    out: list[tuple[str, str, bool | None]] = []
    block = got.get(f"dashboard-{prefix}{size}", "")
    pages = _first(tables(block), "page")
    by_page = {r["page"]: r for r in pages}
    if size == "1m":
        slow = []
        for page in PAGES:
            p95 = numbers(by_page.get(page, {}).get("filter queries p50 / p95 (ms)"))
            if p95:
                slow.append((page, p95[-1]))
        out.append(
            (
                "every page's filter queries: p95 under 50 ms at 1M events",
                ", ".join(f"{p} {v:g} ms" for p, v in slow),
                None if not slow else all(v < 50 for _, v in slow),
            )
        )
        worst = []
        for page, r in by_page.items():
            runs = [*numbers(r.get("AppTest cold (s)"))]
            runs += numbers(r.get("AppTest filter change p50 / p95 (s)"))[-1:]
            runs += numbers(r.get("AppTest cached (s)"))
            if runs:
                worst.append((page, max(runs)))
        out.append(
            (
                "each page under 1 s in AppTest at 1M events (first visit, filter change p95)",
                ", ".join(f"{p} {v:.2f} s" for p, v in worst),
                None if not worst else all(v < 1 for _, v in worst),
            )
        )
        session = _first(tables(block), "per session")
        per = numbers(session[0]["per session"]) if session else []
        out.append(
            (
                "under 150 MB of extra memory per session at 1M events",
                f"{per[0]:g} MiB per session" if per else "",
                None if not per else per[0] * 1.048576 < 150,
            )
        )
    payload = kib(by_page.get("Map", {}).get("map payload max", ""))
    out.append(
        (
            f"map payload under 1 MB at {SIZES[size]} events",
            f"{payload:,.0f} KiB" if payload is not None else "",
            None if payload is None else payload * 1024 < 1_000_000,
        )
    )
    if size == "1m":
        search = _first(tables(block), "query")
        found = [
            numbers(r.get("p95 ms"))[0]
            for r in search
            if r.get("page") == "Articles" and "score" in r.get("query", "")
        ]
        out.append(
            (
                "article search: p95 under 50 ms at 1M events",
                f"{max(found):g} ms" if found else "",
                None if not found else max(found) < 50,
            )
        )
    return out


def _readers(got: dict[str, str], name: str) -> tuple[str, str, bool | None]:
    readers = _first(tables(got.get(name, "")), "errors")
    if not readers:
        return ("20 browser sessions at once on 100k events: no errors", "", None)
    r = readers[-1]
    errors = numbers(r["errors"])[0]
    times = r.get("time to updated page p50 / p95 (s)", "")
    servers = r.get("app processes", "1")
    return (
        f"{r.get('sessions at once', '?')} browser sessions at once on "
        f"{r.get('events', '?')} events: no errors",
        f"{errors:.0f} errors in {r.get('filter changes', '?')} filter changes "
        f"({servers} app process{'es' if servers != '1' else ''}); time to an updated page "
        f"p50 / p95 {times} s",
        errors == 0,
    )


def rows_for(doc: str) -> list[list[str]]:
    """[target, DuckDB, PostgreSQL, verdict] rows; the verdict of a target measured on
    both backends is met only when both meet it ("—": not a backend's target)."""
    got = blocks(doc)
    out: list[list[str]] = []

    def add(target: str, measured: str, ok: bool | None, pg: tuple | None = None) -> None:
        oks = [ok] if pg is None else [ok, pg[1]]
        verdict = False if False in oks else None if None in oks else True
        on_pg = "—" if pg is None else pg[0] or "not measured"
        out.append([target, measured or "—", on_pg, _verdict(verdict)])

    # -- ingest + extract --------------------------------------------------------------
    par = _first(tables(got.get("extract-parallel", "")), "run")
    by = {(r["run"], r["cores"]): r for r in par}
    one = by.get(("read + extract", "1"))
    rate = numbers(one["articles/s"])[0] if one else None
    add(
        "ingest + extract: at least 50 articles/s on one core (2,000 distinct articles)",
        f"read + extract {rate:,.1f} articles/s" if rate is not None else "",
        None if rate is None else rate >= 50,
    )
    for run in ("read + extract", "ingest (read, extract, store)"):
        two = by.get((run, "2"))
        ratio = numbers(two["vs 1 worker"])[0] if two else None
        cpu = two.get("vs 1 worker, from CPU time", "") if two else ""
        add(
            f"{run}: at least 1.8× on 2 cores",
            f"{ratio:.2f}× measured" + (f", {cpu} from CPU time" if cpu else "") if two else "",
            None if ratio is None else ratio >= 1.8,
        )

    # -- dashboard at each size, on both backends -----------------------------------------
    for size in SIZES:
        on_pg = _dashboard(got, "pg-", size)
        for (target, measured, ok), (_, pg_measured, pg_ok) in zip(
            _dashboard(got, "", size), on_pg, strict=True
        ):
            add(target, measured, ok, (pg_measured, pg_ok))

    # -- readers -----------------------------------------------------------------------
    target, measured, ok = _readers(got, "readers")
    _, pg_measured, pg_ok = _readers(got, "readers-pg")
    add(target, measured, ok, (pg_measured, pg_ok))
    return out


def main() -> int:
    doc = common.BENCHMARKS.read_text(encoding="utf-8")
    rows = rows_for(doc)
    text = "\n".join(
        [
            common.table(
                ["target (issues 7, 14)", "DuckDB (tables below)", "PostgreSQL", "verdict"],
                rows,
                "llll",
            ),
            "",
            "_Read from the tables below by `bench/targets.py`; each table says when and at "
            "what load it was measured._",
        ]
    )
    print(text)
    common.record("targets", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
