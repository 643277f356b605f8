"""Score `dashboard extract` against every hand annotation in ../shared/gold and write the
table to EVALUATION.md, so extraction quality is published the way speed is.

Usage: .venv/bin/python scripts/evaluate.py [--shared ../shared]
The scorer is ../shared/tools/score_extract.py, the same one used to judge the project.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    parser.add_argument("--out", default=str(ROOT / "EVALUATION.md"))
    args = parser.parse_args()
    shared = Path(args.shared)
    scorer = shared / "tools" / "score_extract.py"
    rows = []
    for gold in sorted((shared / "gold").glob("*.json")):
        doc = json.loads(gold.read_text(encoding="utf-8")).get("document", "")
        text = shared / doc if doc else shared / "seeds" / (gold.stem + ".txt")
        if not text.exists():
            print(f"{gold.name}: no text at {text}", file=sys.stderr)
            continue
        out = subprocess.run(
            [sys.executable, str(scorer), sys.executable, str(gold), str(text), "-v"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        ).stdout
        summary = next((line for line in out.splitlines() if line.startswith("SCORE")), "")
        missed = [line[5:] for line in out.splitlines() if line.startswith("MISS")]
        rows.append((gold.stem, summary.removeprefix("SCORE "), missed))
        print(f"{gold.stem}: {summary}")
    lines = [
        "# Extraction quality",
        "",
        "Each gold file in `../shared/gold/` is a hand annotation of one real article; the "
        "scorer `../shared/tools/score_extract.py` checks metadata, boilerplate removal, the "
        "required places, events (type, date at the gold's precision, place, count) and "
        "statements (speaker, date), that no event sits at a forbidden place, and that every "
        "fact's evidence is in the text. `unmatched` counts predicted events that match no "
        "annotated event (a precision signal).",
        "",
        f"Run on {date.today().isoformat()} with Python {platform.python_version()}: "
        "`.venv/bin/python scripts/evaluate.py`",
        "",
        "| article | checks passed, events predicted, unmatched | missed |",
        "| --- | --- | --- |",
    ]
    for name, summary, missed in rows:
        lines.append(f"| {name} | {summary} | {'; '.join(missed) or '-'} |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
