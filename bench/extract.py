"""Ingest + extract throughput on one core, on the sample corpus copied to N articles.

    .venv/bin/python bench/extract.py [--n 2000] [--no-record]

Each copy of a sample file gets a marker sentence ("Bench copy 17.") so its article id
(a hash of the body) differs and nothing is deduplicated. The process is pinned to one
CPU and BLAS-style thread pools are limited to one thread, so the number is per core.
Reading + extraction are timed; making the copies is not. The result is appended to the
table in BENCHMARKS.md unless --no-record is given.
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
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="articles to process (default 2000)")
    parser.add_argument(
        "--sample", type=Path, default=None, help="corpus folder (default data/sample)"
    )
    parser.add_argument("--no-record", action="store_true", help="do not update BENCHMARKS.md")
    args = parser.parse_args(argv)

    pinned = pin_one_core()
    from dashboard.extract import extract
    from dashboard.ingest import iter_inputs
    from dashboard.models import Article
    from dashboard.paths import data_dir

    sample_dir = args.sample or data_dir() / "sample"
    files = sample_files(sample_dir)
    per_pass = sum(isinstance(x, Article) for x in iter_inputs(files))
    if not per_pass:
        print(f"no articles in {sample_dir}", file=sys.stderr)
        return 1
    copies = math.ceil(args.n / per_pass)
    print(f"sample: {len(files)} files -> {per_pass} articles; {copies} copies; {pinned}")

    work = Path(tempfile.mkdtemp(prefix="bench-extract-"))
    try:
        for i in range(copies):
            for f in files:
                dest = work / f"copy{i:04d}" / f.relative_to(sample_dir)
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(mutate(f, i))
        done = facts = failed = 0
        ids: set[str] = set()
        start = time.perf_counter()
        for item in iter_inputs([work]):
            if not isinstance(item, Article):
                failed += 1
                continue
            ex = extract(item)
            ids.add(item.id)
            facts += len(ex.places) + len(ex.events) + len(ex.statements)
            done += 1
            if done >= args.n:
                break
        elapsed = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = done / elapsed if elapsed else float("inf")
    print(
        f"{done} articles ({len(ids)} distinct, {facts} facts, {failed} input failures) "
        f"in {elapsed:.1f} s: {rate:.1f} articles/s on 1 core; peak RSS {rss_mib:.0f} MiB"
    )
    if len(ids) < done:
        print("warning: some copies were not distinct; see mutate()", file=sys.stderr)
    if not args.no_record:
        record(
            [
                date.today().isoformat(),
                machine(),
                f"`.venv/bin/python bench/extract.py --n {args.n}`",
                f"{done} ({len(ids)} distinct)",
                f"{rate:.1f}",
                f"{rss_mib:.0f} MiB",
            ]
        )
        print(f"recorded in {BENCHMARKS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
