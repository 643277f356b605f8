"""Helpers shared by the benchmark scripts: machine description, load, statistics,
process memory and writing result tables into BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import re
import statistics
import sys
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "BENCHMARKS.md"
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def machine() -> str:
    mem = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())
    gib = f"{int(mem.group(1)) / 1024**2:.0f} GiB" if mem else "? GiB"
    model = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    cpu = model.group(1).strip() if model else platform.processor() or "unknown CPU"
    return f"{os.cpu_count()} cores ({cpu}), {gib}"


def load() -> str:
    """The 1-minute load average, for the record: other work on the machine slows runs."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "?"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sample."""
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def p50(values: Sequence[float]) -> float:
    return statistics.median(values)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 95)


def rss_mib(pid: int | None = None) -> float:
    """Resident memory of a process (this one by default), in MiB."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024


def server_pid(url: str) -> int:
    """The pid of the process listening on `url`'s port (the Streamlit server we started)."""
    import subprocess

    port = url.rsplit(":", 1)[1]
    found = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout
    for part in found.split("pid=")[1:]:
        return int(part.split(",", 1)[0])
    raise RuntimeError(f"no process listens on {url}")


def peak_rss_mib(pid: int | None = None) -> float:
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024


def table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "") -> str:
    """A Markdown table; `align` has one letter per column, l or r (default: first left,
    the rest right)."""
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(sep) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def record(section: str, text: str) -> None:
    """Replace the block between `<!-- bench:SECTION:start -->` and `...:end -->` in
    BENCHMARKS.md with `text` (appending the block if missing)."""
    start, end = f"<!-- bench:{section}:start -->", f"<!-- bench:{section}:end -->"
    doc = BENCHMARKS.read_text(encoding="utf-8") if BENCHMARKS.exists() else "# Benchmarks\n"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in doc and end in doc:
        head, rest = doc.split(start, 1)
        _, tail = rest.split(end, 1)
        doc = head + block + tail
    else:
        doc = doc.rstrip() + f"\n\n{block}\n"
    BENCHMARKS.write_text(doc.rstrip() + "\n", encoding="utf-8")


LOAD_AT_START = load()


def stamp(command: str) -> str:
    """The line under each table: when, where, how loaded, how to reproduce."""
    return (
        f"_{date.today().isoformat()}, {machine()}; 1-min load average {LOAD_AT_START} when "
        f"the script started, {load()} at this table; reproduce with `{command}`._"
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def mib(n_bytes: float) -> str:
    return f"{n_bytes / 1024**2:,.2f} MiB" if n_bytes >= 1024**2 else f"{n_bytes / 1024:,.0f} KiB"
