"""Ingest + extract throughput on one core and on several, on the sample corpus copied
to N articles.

    .venv/bin/python bench/extract.py [--n 2000] [--workers 2] [--repeat 1] [--no-record]

Each copy of a sample file gets a marker sentence ("Bench copy 17.") so its article id
(a hash of the body) differs and nothing is deduplicated. Making the copies is not timed.
Each measurement runs in its own process (so its peak memory is its own):

* extract, 1 core: reading + extraction in one process pinned to one CPU, BLAS-style
  thread pools limited to one thread (the per-core number, appended to the history
  table in BENCHMARKS.md);
* ingest, 1 worker: the same plus storing into a fresh DuckDB file (`dashboard ingest`),
  pinned to one CPU;
* extract, N workers: reading + extraction in N worker processes (the pool of
  `dashboard ingest --workers N`), results back in this process, on N CPUs;
* ingest, N workers: `dashboard ingest --workers N` (reading and extraction in N worker
  processes, one writer: this process), on N CPUs.

The speed-up over one core is the scaling. Worker start-up (loading the language models,
a few seconds per process, paid by one process as well) is outside the timed part in
every run, so the figures are throughput.

Other work on the machine slows the runs unevenly, so each run also reports its CPU time
per article (user + system, all threads: this process, and the workers apart) and the
1-minute load average before and after it. CPU time does not depend on the load: the
speed-up "from CPU time" is what N cores would give if each process had one to itself.
`--repeat R` runs every measurement R times, alternating, and records the fastest run
of each (load only slows runs down), listing every run's rate and load beside it.

Results go to BENCHMARKS.md unless --no-record is given.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
_HERE = str(Path(__file__).resolve().parent)
# bench/dashboard.py would shadow the `dashboard` package: keep bench/ last on sys.path
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]
import common  # noqa: E402  (bench/common.py: machine, load average at start, tables)

BENCHMARKS = ROOT / "BENCHMARKS.md"
START, END = "<!-- bench:extract:start -->", "<!-- bench:extract:end -->"
TEXT_KEYS = ("body", "text", "content", "article")


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    return "not pinned (no sched_setaffinity)"


def sample_files(sample_dir: Path) -> list[Path]:
    return sorted(
        p
        for p in sample_dir.rglob("*")
        if p.is_file()
        and not p.name.lower().startswith("readme")
        and not any(part.startswith(".") for part in p.relative_to(sample_dir).parts)
    )


def _mark_text(text: str, marker: str) -> str:
    """Append the marker to the longest blank-line-separated paragraph (the body, not
    the header or boilerplate that ingest strips)."""
    blocks = text.split("\n\n")
    i = max(range(len(blocks)), key=lambda k: len(blocks[k]))
    blocks[i] = blocks[i].rstrip() + f" {marker}"
    return "\n\n".join(blocks)


def _mark_html(html: str, marker: str) -> str:
    """Append the marker inside the longest <p> element."""
    paragraphs = list(re.finditer(r"<p\b[^>]*>(.*?)</p>", html, flags=re.S | re.I))
    if not paragraphs:
        return _mark_text(html, marker)
    longest = max(paragraphs, key=lambda m: len(m.group(1)))
    at = longest.end(1)
    return html[:at] + f" {marker}" + html[at:]


def _mark_json(value, marker: str):
    if isinstance(value, list):
        return [_mark_json(v, marker) for v in value]
    if isinstance(value, dict):
        if isinstance(value.get("html"), str):
            return {**value, "html": _mark_html(value["html"], marker)}
        for key in TEXT_KEYS:
            if isinstance(value.get(key), str):
                return {**value, key: _mark_text(value[key], marker)}
        return {k: _mark_json(v, marker) for k, v in value.items()}
    return value


def mutate(path: Path, copy: int) -> bytes:
    """The file's content with a marker sentence added to its body text."""
    marker = f"Bench copy {copy}."
    raw = path.read_bytes()
    suffix = path.suffix.lower()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw + f"\n{marker}\n".encode()
    if suffix in (".html", ".htm", ".xhtml"):
        text = _mark_html(text, marker)
    elif suffix == ".json":
        text = json.dumps(_mark_json(json.loads(text), marker), ensure_ascii=False)
    elif suffix in (".jsonl", ".ndjson"):
        lines = [
            json.dumps(_mark_json(json.loads(line), marker), ensure_ascii=False)
            if line.strip()
            else line
            for line in text.splitlines()
        ]
        text = "\n".join(lines) + "\n"
    else:
        text = _mark_text(text, marker)
    return text.encode("utf-8")


def record(row: list[str]) -> None:
    header = (
        "| date | machine | command | articles | articles/s | peak RSS |\n"
        "| --- | --- | --- | ---: | ---: | ---: |\n"
    )
    text = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else ""
    text = re.sub(r"\n_No result yet[^\n]*\n", "\n", text)
    line = "| " + " | ".join(row) + " |\n"
    if START in text and END in text:
        head, rest = text.split(START, 1)
        body, tail = rest.split(END, 1)
        rows = [
            r + "\n" for r in body.strip().splitlines() if r.startswith("| ") and "---" not in r
        ]
        rows = [r for r in rows if not r.startswith("| date ")]
        text = head + START + "\n" + header + "".join(rows) + line + END + tail
    else:
        text += f"\n## Ingest + extract\n\n{START}\n{header}{line}{END}\n"
    BENCHMARKS.write_text(text.rstrip() + "\n", encoding="utf-8")


def make_corpus(n: int, sample_dir: Path, work: Path) -> tuple[int, int]:
    """Copies of the sample under `work` until they hold at least `n` articles; returns
    (articles per pass, copies)."""
    from dashboard.ingest import iter_inputs
    from dashboard.models import Article

    files = sample_files(sample_dir)
    per_pass = sum(isinstance(x, Article) for x in iter_inputs(files))
    if not per_pass:
        raise SystemExit(f"no articles in {sample_dir}")
    copies = math.ceil(n / per_pass)
    for i in range(copies):
        for f in files:
            dest = work / f"copy{i:04d}" / f.relative_to(sample_dir)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(mutate(f, i))
    return per_pass, copies


def _own_sched() -> tuple[float, float] | None:
    """(CPU time, time ready but waiting for a CPU) of this process's main thread (the
    one that reads, extracts or stores; DuckDB's helper threads would count their waits
    behind it on a pinned core)."""
    try:
        fields = Path(f"/proc/self/task/{os.getpid()}/schedstat").read_text().split()
        return int(fields[0]) / 1e9, int(fields[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _delta(end: tuple[float, float] | None, start: tuple[float, float] | None):
    if end is None or start is None:
        return None
    return end[0] - start[0], end[1] - start[1]


def _children_peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(mode: str, corpus: Path, workers: int) -> dict:
    """One measurement in this process (see the module doc); a JSON-able dict."""
    if mode in ("extract", "ingest") and workers == 1:
        pinned = pin_one_core()
    else:
        cpus = sorted(os.sched_getaffinity(0))[:workers]
        os.sched_setaffinity(0, set(cpus))
        pinned = f"on CPUs {cpus}"
    from dashboard.extract import extract
    from dashboard.ingest import iter_inputs
    from dashboard.models import Article

    done = facts = failed = 0
    ids: set[str] = set()
    load_start = os.getloadavg()[0]
    worker: tuple[float, float] | None = None  # workers' (CPU, waiting for a CPU) seconds
    if mode == "extract" and workers > 1:
        from dashboard.parallel import ExtractPool

        with ExtractPool(workers, warm=True) as pool:
            pool.ready()  # workers started and warmed up, as in the 1-core run
            start, cpu_start, w_start = time.perf_counter(), time.process_time(), pool.cpu_seconds()
            own = _own_sched()
            for result in pool.run([corpus]):
                if result[0] != "new":
                    failed += 1
                    continue
                ids.add(result[1].id)
                facts += result[1].facts()
                done += 1
            elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
            worker, own = _delta(pool.cpu_seconds(), w_start), _delta(_own_sched(), own)
    elif mode == "extract":
        # load the language models and the rest first, as one article would
        from dashboard.parallel import _warm_up

        _warm_up()
        start, cpu_start, own = time.perf_counter(), time.process_time(), _own_sched()
        for item in iter_inputs([corpus]):
            if not isinstance(item, Article):
                failed += 1
                continue
            ex = extract(item)
            ids.add(item.id)
            facts += len(ex.places) + len(ex.events) + len(ex.statements)
            done += 1
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        own = _delta(_own_sched(), own)
    else:
        from dashboard.parallel import ExtractPool, _warm_up, ingest_paths_parallel
        from dashboard.pipeline import ingest_paths
        from dashboard.store import open_store

        db = corpus.parent / f"ingest-{workers}-{os.getpid()}.duckdb"  # fresh for each run
        with open_store(str(db)) as store:
            if workers == 1:
                _warm_up()
                start, cpu_start, own = time.perf_counter(), time.process_time(), _own_sched()
                report = ingest_paths([corpus], store)
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
                own = _delta(_own_sched(), own)
            else:
                with ExtractPool(workers, store.article_ids(), warm=True) as pool:
                    pool.ready()  # workers started and warmed up, as in the 1-worker run
                    start, cpu_start = time.perf_counter(), time.process_time()
                    w_start, own = pool.cpu_seconds(), _own_sched()
                    report = ingest_paths_parallel([corpus], store, workers, pool=pool)
                    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
                    worker, own = _delta(pool.cpu_seconds(), w_start), _delta(_own_sched(), own)
        done, facts, failed = report.new + report.unchanged, report.facts, len(report.failed)
        ids = set(range(report.new))  # each new article is a distinct one
    return {
        "mode": mode,
        "workers": workers,
        "pinned": pinned,
        "articles": done,
        "distinct": len(ids),
        "facts": facts,
        "failed": failed,
        "seconds": elapsed,
        "rate": done / elapsed if elapsed else float("inf"),
        # CPU time per article (user + system, all threads): independent of the load
        "cpu_ms": 1000 * cpu / done if done else 0.0,
        "worker_cpu_ms": 1000 * worker[0] / done if done and worker is not None else None,
        # share of the run's wall time spent ready to run but without a CPU (taken by
        # other processes, or by this run's own other processes): this one, the workers
        "waiting": own[1] / elapsed if own and elapsed else None,
        "worker_waiting": worker[1] / (elapsed * workers) if worker and elapsed else None,
        "load": [load_start, os.getloadavg()[0]],
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_peak_mib": _children_peak_mib(),
    }


def _run_child(mode: str, corpus: Path, workers: int) -> dict:
    cmd = [sys.executable, __file__, "--child", mode, "--corpus", str(corpus)]
    cmd += ["--workers", str(workers)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} x{workers} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _line(r: dict) -> str:
    cpu = f"CPU {r['cpu_ms']:.2f} ms/article"
    if r.get("worker_cpu_ms") is not None:
        cpu += f" here + {r['worker_cpu_ms']:.2f} in the workers"
    if r.get("waiting") is not None:
        cpu += f"; waiting for a CPU {r['waiting']:.0%} of the time"
    if r.get("worker_waiting") is not None:
        cpu += f" (workers {r['worker_waiting']:.0%})"
    return (
        f"{r['mode']} x{r['workers']} ({r['pinned']}): {r['articles']} articles "
        f"({r['distinct']} distinct, {r['facts']} facts, {r['failed']} failures) in "
        f"{r['seconds']:.1f} s: {r['rate']:.1f} articles/s; {cpu}; load "
        f"{r['load'][0]:.1f} -> {r['load'][1]:.1f}; peak RSS {r['peak_mib']:.0f} MiB "
        f"(workers {r['worker_peak_mib']:.0f} MiB each at most)"
    )


def _best_run(runs: list[dict]) -> dict:
    """The fastest of the runs, with every run's rate and load kept beside it. Other
    work on the machine only ever slows a run down, so the fastest is the one closest to
    what the machine itself does."""
    best = dict(max(runs, key=lambda r: r["rate"]))
    best["rates"] = [r["rate"] for r in runs]
    best["loads"] = [r["load"] for r in runs]
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to process (default 2000)")
    parser.add_argument(
        "--sample", type=Path, default=None, help="corpus folder (default data/sample)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="workers of the parallel ingest (default 2)"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="runs of each measurement, alternating; the fastest is recorded (default 1)",
    )
    parser.add_argument("--no-record", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--child", choices=("extract", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.corpus, args.workers)))
        return 0

    from dashboard.paths import data_dir

    print(f"{common.machine()}; 1-min load average {common.LOAD_AT_START}", flush=True)
    sample_dir = args.sample or data_dir() / "sample"
    work = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    try:
        corpus = work / "corpus"
        per_pass, copies = make_corpus(args.n, sample_dir, corpus)
        print(f"sample: {per_pass} articles per pass; {copies} copies", flush=True)
        runs = [("extract", 1)]
        if args.workers > 1:
            runs.append(("extract", args.workers))
        runs.append(("ingest", 1))
        if args.workers > 1:
            runs.append(("ingest", args.workers))
        measured: dict[tuple[str, int], list[dict]] = {run: [] for run in runs}
        for _ in range(max(1, args.repeat)):  # alternate, so a burst of load hits all
            for mode, workers in runs:
                r = _run_child(mode, corpus, workers)
                measured[(mode, workers)].append(r)
                print(_line(r), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = [_best_run(measured[run]) for run in runs]
    single = results[0]
    if single["distinct"] < single["articles"]:
        print("warning: some copies were not distinct; see mutate()", file=sys.stderr)
    print(_summary(results))
    if not args.no_record:
        command = f"`.venv/bin/python bench/extract.py --n {args.n}`"
        if args.repeat > 1:
            command = f"`.venv/bin/python bench/extract.py --n {args.n} --repeat {args.repeat}`"
        record(
            [
                date.today().isoformat(),
                common.machine(),
                command,
                f"{single['articles']} ({single['distinct']} distinct)",
                f"{single['rate']:.1f}",
                f"{single['peak_mib']:.0f} MiB",
            ]
        )
        record_parallel(results, args)
        print(f"recorded in {BENCHMARKS.relative_to(ROOT)}")
    return 0


def _cpu_speedup(r: dict, base: dict) -> str:
    """How much faster than `base` the run would be if each process had a core of its
    own: CPU per article on one core over the run's CPU per article spread on its cores.
    Unlike the measured rate it does not depend on what else the machine runs."""
    if r["workers"] == 1:
        return "1.00×"
    if r.get("worker_cpu_ms") is None:
        return "?"
    per_core = (r["cpu_ms"] + r["worker_cpu_ms"]) / r["workers"]
    return f"{base['cpu_ms'] / per_core:.2f}×"


def _cpu_cell(r: dict) -> str:
    if r.get("worker_cpu_ms") is None:
        return f"{r['cpu_ms']:.2f}"
    return f"{r['cpu_ms']:.2f} + {r['worker_cpu_ms']:.2f}"


def _summary(results: list[dict]) -> str:
    lines = []
    for r in results:
        base = next(b for b in results if b["mode"] == r["mode"] and b["workers"] == 1)
        lines.append(
            f"{r['mode']} x{r['workers']}: best {r['rate']:.1f} articles/s "
            f"(runs: {', '.join(f'{x:.1f}' for x in r['rates'])}), "
            f"{r['rate'] / base['rate']:.2f}x measured, {_cpu_speedup(r, base)} from CPU time"
        )
    return "\n".join(lines)


def record_parallel(results: list[dict], args) -> None:
    rows = []
    for r in results:
        label = "read + extract" if r["mode"] == "extract" else "ingest (read, extract, store)"
        base = next(b for b in results if b["mode"] == r["mode"] and b["workers"] == 1)
        memory = f"{r['peak_mib']:.0f} MiB"
        if r["workers"] > 1:
            memory += f" + {r['workers']} workers × ≤ {r['worker_peak_mib']:.0f} MiB"
        rate = f"{r['rate']:.1f}"
        if len(r["rates"]) > 1:
            rate += f" ({min(r['rates']):.0f}–{max(r['rates']):.0f})"
        loads = ", ".join(f"{a:.1f}→{b:.1f}" for a, b in r["loads"])
        waiting = "?" if r.get("waiting") is None else f"{r['waiting']:.0%}"
        if r.get("worker_waiting") is not None:
            waiting += f" / {r['worker_waiting']:.0%}"
        rows.append(
            [
                label,
                r["workers"],
                r["articles"],
                f"{r['seconds']:.1f}",
                rate,
                f"{r['rate'] / base['rate']:.2f}×",
                _cpu_cell(r),
                _cpu_speedup(r, base),
                waiting,
                loads,
                memory,
            ]
        )
    command = f".venv/bin/python bench/extract.py --n {args.n} --workers {args.workers}"
    if args.repeat > 1:
        command += f" --repeat {args.repeat}"
    text = "\n".join(
        [
            common.table(
                [
                    "run",
                    "cores",
                    "articles",
                    "seconds",
                    "articles/s",
                    "vs 1 worker",
                    "CPU ms/article (writer + workers)",
                    "vs 1 worker, from CPU time",
                    "waiting for a CPU (writer / workers)",
                    "load (1 min, start→end, each run)",
                    "peak RSS",
                ],
                rows,
                "lrrrrrrrrll",
            ),
            "",
            common.stamp(command),
        ]
    )
    common.record("extract-parallel", text)


if __name__ == "__main__":
    raise SystemExit(main())
