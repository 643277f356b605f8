"""Ingest + extract throughput on one core and on several, on the sample corpus copied
to N articles.

    .venv/bin/python bench/extract.py [--n 2000] [--workers 2] [--no-record]

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

Results go to BENCHMARKS.md unless --no-record is given.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import platform  # noqa: E402
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


def machine() -> str:
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    gib = f"{int(mem.group(1)) / 1024**2:.0f} GiB" if mem else "? GiB"
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    cpu = model.group(1).strip() if model else platform.processor() or "unknown CPU"
    return f"{os.cpu_count()} cores ({cpu}), {gib}"


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
    if mode == "extract" and workers > 1:
        from dashboard.parallel import ExtractPool

        with ExtractPool(workers, warm=True) as pool:
            pool.ready()  # workers started and warmed up, as in the 1-core run
            start = time.perf_counter()
            for result in pool.run([corpus]):
                if result[0] != "new":
                    failed += 1
                    continue
                ex = result[1]
                ids.add(ex.article.id)
                facts += len(ex.places) + len(ex.events) + len(ex.statements)
                done += 1
    elif mode == "extract":
        # load the language models and the rest first, as one article would
        from dashboard.parallel import _warm_up

        _warm_up()
        start = time.perf_counter()
        for item in iter_inputs([corpus]):
            if not isinstance(item, Article):
                failed += 1
                continue
            ex = extract(item)
            ids.add(item.id)
            facts += len(ex.places) + len(ex.events) + len(ex.statements)
            done += 1
    else:
        from dashboard.parallel import ExtractPool, _warm_up, ingest_paths_parallel
        from dashboard.pipeline import ingest_paths
        from dashboard.store import open_store

        db = corpus.parent / f"ingest-{workers}.duckdb"
        with open_store(str(db)) as store:
            if workers == 1:
                _warm_up()
                start = time.perf_counter()
                report = ingest_paths([corpus], store)
            else:
                with ExtractPool(workers, store.article_ids(), warm=True) as pool:
                    pool.ready()  # workers started and warmed up, as in the 1-worker run
                    start = time.perf_counter()
                    report = ingest_paths_parallel([corpus], store, workers, pool=pool)
        done, facts, failed = report.new + report.unchanged, report.facts, len(report.failed)
        ids = set(range(report.new))  # each new article is a distinct one
    elapsed = time.perf_counter() - start
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to process (default 2000)")
    parser.add_argument(
        "--sample", type=Path, default=None, help="corpus folder (default data/sample)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="workers of the parallel ingest (default 2)"
    )
    parser.add_argument("--no-record", action="store_true", help="do not update BENCHMARKS.md")
    parser.add_argument("--child", choices=("extract", "ingest"), help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure(args.child, args.corpus, args.workers)))
        return 0

    from dashboard.paths import data_dir

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
        results = []
        for mode, workers in runs:
            r = _run_child(mode, corpus, workers)
            results.append(r)
            print(
                f"{mode} x{workers} ({r['pinned']}): {r['articles']} articles "
                f"({r['distinct']} distinct, {r['facts']} facts, {r['failed']} failures) in "
                f"{r['seconds']:.1f} s: {r['rate']:.1f} articles/s; peak RSS "
                f"{r['peak_mib']:.0f} MiB (workers {r['worker_peak_mib']:.0f} MiB each at most)",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    single = results[0]
    if single["distinct"] < single["articles"]:
        print("warning: some copies were not distinct; see mutate()", file=sys.stderr)
    if not args.no_record:
        record(
            [
                date.today().isoformat(),
                machine(),
                f"`.venv/bin/python bench/extract.py --n {args.n}`",
                f"{single['articles']} ({single['distinct']} distinct)",
                f"{single['rate']:.1f}",
                f"{single['peak_mib']:.0f} MiB",
            ]
        )
        record_parallel(results, args)
        print(f"recorded in {BENCHMARKS.relative_to(ROOT)}")
    return 0


def record_parallel(results: list[dict], args) -> None:
    import common

    rows = []
    for r in results:
        label = "read + extract" if r["mode"] == "extract" else "ingest (read, extract, store)"
        base = next(b for b in results if b["mode"] == r["mode"] and b["workers"] == 1)
        speedup = f"{r['rate'] / base['rate']:.2f}×"
        memory = f"{r['peak_mib']:.0f} MiB"
        if r["workers"] > 1:
            memory += f" + {r['workers']} workers × ≤ {r['worker_peak_mib']:.0f} MiB"
        rows.append(
            [
                label,
                r["workers"],
                r["articles"],
                f"{r['seconds']:.1f}",
                f"{r['rate']:.1f}",
                speedup,
                memory,
            ]
        )
    text = "\n".join(
        [
            common.table(
                ["run", "cores", "articles", "seconds", "articles/s", "vs 1 worker", "peak RSS"],
                rows,
                "lrrrrrl",
            ),
            "",
            common.stamp(
                f".venv/bin/python bench/extract.py --n {args.n} --workers {args.workers}"
            ),
        ]
    )
    common.record("extract-parallel", text)


if __name__ == "__main__":
    raise SystemExit(main())
