"""The naive build of the Map page, side by side with ours, on the same database.

    .venv/bin/python bench/naive.py --db bench/.data/synth-100k.duckdb --build naive|ours

naive: every event (joined to its article) loaded into pandas, then a folium map with a
MarkerCluster holding one folium Marker and popup per placed event, rendered to the HTML
Streamlit would ship; a filter change filters the DataFrame and builds the map again.

ours: what the Map page does (`query.summary.map_groups` in the database, then
`map.build_map_groups`, which draws single markers only for a few thousand events and
grid cells beyond), rendered the same way.

Each build runs in its own process (so peak memory is its own) and prints one JSON line
per finished stage, so a naive build stopped by the time limit still reports how far it
got. `side_by_side` (called by bench/dashboard.py) runs both per size and writes the
ratios to BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]

import common  # noqa: E402

FILTER = {"types": ("evacuation",)}  # the filter change: one event type


def _emit(result: dict) -> None:
    print(json.dumps(result), flush=True)


def _payload(m) -> int:
    return len(json.dumps(m.get_root().render()))


def naive(db: str) -> None:
    import folium
    from folium.plugins import MarkerCluster

    from dashboard.store import open_store
    from dashboard.store.schema import own_columns
    from dashboard.ui.map.build import popup_html, split_placed

    result: dict = {"build": "naive"}
    start = time.perf_counter()
    own = ", ".join(f'e."{c}"' for c in own_columns("events"))
    with open_store(db, read_only=True) as store:
        df = store.query(
            f"SELECT {own}, a.outlet, a.title, a.url, a.published, a.language "
            "FROM events e JOIN articles a ON a.id = e.article_id"
        )
    result.update(load_s=time.perf_counter() - start, rows=len(df))
    result["rss_mib"] = common.peak_rss_mib()
    _emit(result)

    def build(frame) -> tuple[float, int]:
        t = time.perf_counter()
        placed, _ = split_placed(frame)
        m = folium.Map(location=[40.0, 46.5], zoom_start=7)
        cluster = MarkerCluster().add_to(m)
        for row in placed.to_dict(orient="records"):
            folium.Marker(
                [float(row["lat"]), float(row["lon"])],
                popup=folium.Popup(popup_html(row), max_width=320),
            ).add_to(cluster)
        size = _payload(m)
        return time.perf_counter() - t, size

    took, size = build(df)
    result.update(map_s=took, first_map_s=result["load_s"] + took, payload_bytes=size)
    result["rss_mib"] = common.peak_rss_mib()
    _emit(result)
    t = time.perf_counter()
    filtered = df[df["type"].isin(FILTER["types"])]
    took, size = build(filtered)
    result.update(change_s=time.perf_counter() - t, change_payload_bytes=size)
    result["rss_mib"] = common.peak_rss_mib()
    _emit(result)


def ours(db: str) -> None:
    from dashboard import query
    from dashboard.query import Filters, summary
    from dashboard.store import open_store
    from dashboard.ui.map.build import build_map_groups

    result: dict = {"build": "ours"}
    with open_store(db, read_only=True) as store:

        def build(filters: Filters) -> tuple[float, int]:
            t = time.perf_counter()
            groups = summary.map_groups(store, filters)
            m, _ = build_map_groups(groups, lambda: query.events(store, filters, 2000, True))
            size = _payload(m)
            return time.perf_counter() - t, size

        took, size = build(Filters())
        result.update(first_map_s=took, payload_bytes=size)
        took, size = build(Filters(**FILTER))
        result.update(change_s=took, change_payload_bytes=size)
    result["rss_mib"] = common.peak_rss_mib()
    _emit(result)


# The naive build's address space is capped, so that at 1M events (about 20 GB by the
# 100k figures) it fails with MemoryError instead of pushing the machine into swap or
# the OOM killer; the table then says it ran out of memory.
MEMORY_CAP_GIB = 12


def _cap_memory() -> None:
    import resource

    cap = MEMORY_CAP_GIB * 1024**3
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def run(db: Path, build: str, timeout: float) -> dict:
    """One build in its own process; the last stage it finished (plus `timed_out` and
    `out_of_memory`)."""
    cmd = [sys.executable, __file__, "--db", str(db), "--build", build]
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_cap_memory
    )
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    out_of_memory = "MemoryError" in err or "std::bad_alloc" in err or "Out of Memory" in err
    if not lines and not out_of_memory:
        raise RuntimeError(f"{build} build on {db} failed:\n{err[-3000:]}")
    last = lines[-1] if lines else {}
    return {**last, "timed_out": timed_out, "out_of_memory": out_of_memory, "timeout_s": timeout}


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{a / b:,.0f}×" if a / b >= 10 else f"{a / b:,.1f}×"


def side_by_side(dbs: dict[str, Path], _results, timeout: float, command: str, record: bool):
    """Both builds on each database; one table per size (`naive-SIZE` in BENCHMARKS.md)."""
    texts = []
    for size, db in dbs.items():
        print(f"naive vs ours, {size} ...", flush=True)
        ours_r = run(db, "ours", timeout)
        naive_r = run(db, "naive", timeout)
        print(f"  ours {ours_r}\n  naive {naive_r}", flush=True)
        stopped = naive_r["timed_out"] or naive_r["out_of_memory"]
        why = (
            f"ran out of memory ({MEMORY_CAP_GIB} GiB cap)"
            if naive_r["out_of_memory"]
            else f"not reached in {timeout:.0f} s"
        )
        rows = []
        sec = lambda v: f"{v:,.2f}"  # noqa: E731
        for label, key, fmt in (
            ("first map (s)", "first_map_s", sec),
            ("filter change (s)", "change_s", sec),
            ("map payload", "payload_bytes", common.mib),
            ("filter change payload", "change_payload_bytes", common.mib),
            ("peak RSS (MiB)", "rss_mib", lambda v: f"{v:,.0f}"),
        ):
            if key in naive_r and not (key == "rss_mib" and stopped):
                naive_cell, naive_v = fmt(naive_r[key]), naive_r[key]
            else:
                naive_cell = why if stopped else "—"
                naive_v = None
            rows.append([label, naive_cell, fmt(ours_r[key]), _ratio(naive_v, ours_r[key])])
        if stopped:
            rows.append(
                ["naive: loading every row (s)", sec(naive_r["load_s"]), "—", "—"]
                if "load_s" in naive_r
                else ["naive: loading every row", why, "—", "—"]
            )
        text = "\n".join(
            [
                f"#### {size} events: naive build vs ours",
                "",
                common.table(["measure", "naive", "ours", "naive / ours"], rows, "lrrr"),
                "",
                common.stamp(command),
            ]
        )
        print(text, flush=True)
        texts.append(text)
        if record:
            common.record(f"naive-{size}", text)
    return "\n\n".join(texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--build", choices=("naive", "ours"), default="naive")
    args = parser.parse_args(argv)
    (naive if args.build == "naive" else ours)(args.db)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
