"""Score extraction on every hand-annotated real article and write EVALUATION.md.

    .venv/bin/python scripts/evaluate.py [--shared ../shared] [--workers 2] [--record]

Extraction quality is published the way speed is: one row per article, totals by kind of
check, by language and the precision of predicted events. The articles are the seed
(../shared/gold/*.json with their texts in ../shared/seeds) and the dev set
(../shared/devset/NN_*.json beside NN_*.txt). Nothing from ../shared is copied here.

Why in-process: the scorer (../shared/tools/score_extract.py) runs `python -m dashboard
extract` once per article, paying the start-up (imports, language models) 25 times. This
script imports the scorer file itself and calls its `score()` on the same JSON object the
command prints (read by the same reader, serialised and parsed back), so the numbers are
the scorer's, and the start-up is paid once per worker process.

The dev-set totals (overall and per kind) are a regression floor in
tests/extract/devset_floor.json, which tests/extract/test_devset_floor.py checks. `--record`
(`make evaluate-record`) writes the current figures there, after the extraction improved.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(os.environ.get("DASHBOARD_SHARED") or ROOT.parent / "shared")
FLOOR_FILE = ROOT / "tests" / "extract" / "devset_floor.json"
KINDS = ("metadata", "places", "events", "statements", "other")
SETS = ("devset", "seed")


@dataclass(frozen=True)
class Case:
    """One annotated article: its gold file, its text, which set and which language."""

    name: str
    set: str  # "devset" or "seed"
    gold: Path
    text: Path
    language: str


@dataclass
class Result:
    case: Case
    checks: list[tuple[str, bool]]
    events_pred: int = 0
    unmatched: int = 0

    @property
    def passed(self) -> int:
        return sum(ok for _, ok in self.checks)

    @property
    def missed(self) -> list[str]:
        return [name for name, ok in self.checks if not ok]


@dataclass
class Tally:
    """Checks passed / counted, and predicted / unmatched events, over some articles."""

    articles: int = 0
    passed: int = 0
    total: int = 0
    events_pred: int = 0
    unmatched: int = 0
    by_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in KINDS})

    def add(self, result: Result) -> None:
        self.articles += 1
        self.passed += result.passed
        self.total += len(result.checks)
        self.events_pred += result.events_pred
        self.unmatched += result.unmatched
        for name, ok in result.checks:
            cell = self.by_kind[kind_of(name)]
            cell[0] += int(ok)
            cell[1] += 1

    def floor(self) -> dict:
        """The figures the regression test guards (and the precision, for reading)."""
        out = {"all": {"passed": self.passed, "total": self.total}}
        for kind, (passed, total) in self.by_kind.items():
            out[kind] = {"passed": passed, "total": total}
        out["event_precision"] = {
            "matched": self.events_pred - self.unmatched,
            "predicted": self.events_pred,
        }
        return out


def kind_of(check: str) -> str:
    """The kind of a scorer check, from the name the scorer gives it."""
    if check.startswith("article."):
        return "metadata"
    for prefix, kind in (("place ", "places"), ("event ", "events"), ("statement ", "statements")):
        if check.startswith(prefix):
            return kind
    return "other"  # boilerplate, body, forbidden places, evidence, an extraction error


@cache
def load_scorer(shared: Path) -> ModuleType:
    """The project's scorer, imported from its file (never copied into the repository)."""
    path = shared / "tools" / "score_extract.py"
    spec = importlib.util.spec_from_file_location("score_extract", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no scorer at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_language(gold: dict) -> str:
    return gold.get("language") or (gold.get("article") or {}).get("language") or "?"


def find_cases(shared: Path) -> list[Case]:
    """Every annotated article under `shared`: the seed gold files, then the dev set."""
    cases: list[Case] = []
    for gold_path in sorted((shared / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = gold.get("document")
        text = shared / doc if doc else shared / "seeds" / f"{gold_path.stem}.txt"
        cases.append(Case(gold_path.stem, "seed", gold_path, text, _gold_language(gold)))
    for gold_path in sorted((shared / "devset").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_suffix(".txt")
        cases.append(Case(gold_path.stem, "devset", gold_path, text, _gold_language(gold)))
    return cases


def predict(path: Path) -> dict:
    """What `python -m dashboard extract PATH` prints for the first article, as parsed JSON.

    Raises RuntimeError where the scorer's own run would fail (no article read)."""
    from dashboard.extract import extract
    from dashboard.ingest import iter_inputs
    from dashboard.models import IngestFailure

    failures = []
    for item in iter_inputs([path]):
        if isinstance(item, IngestFailure):
            failures.append(str(item))
            continue
        return json.loads(json.dumps(extract(item).to_dict(), ensure_ascii=False))
    raise RuntimeError("extract printed no JSON object: " + "; ".join(failures))


def score_case(case: Case, shared: Path) -> Result:
    """The scorer's verdict on one article, as its command line would give it."""
    scorer = load_scorer(shared)
    if not case.text.is_file():
        return Result(case, [(f"ERROR no text at {case.text}", False)])
    gold = json.loads(case.gold.read_text(encoding="utf-8"))
    text = case.text.read_text(encoding="utf-8", errors="replace")
    try:
        pred = predict(case.text)
    except Exception as exc:  # the scorer scores a failed run 0/1
        return Result(case, [(f"ERROR {type(exc).__name__}: {exc}", False)])
    checks, npred, unmatched = scorer.score(pred, gold, text)
    return Result(case, list(checks), npred, unmatched)


def evaluate(shared: Path, workers: int = 1, sets: tuple[str, ...] = SETS) -> list[Result]:
    """Score every case of `sets`; `workers` > 1 spreads the articles over processes."""
    cases = [c for c in find_cases(shared) if c.set in sets]
    if workers <= 1:
        return [score_case(c, shared) for c in cases]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(score_case, cases, [shared] * len(cases)))


def tally(results: list[Result], key=lambda r: r.case.set) -> dict[str, Tally]:
    out: dict[str, Tally] = defaultdict(Tally)
    for result in results:
        out[key(result)].add(result)
    return dict(out)


def _pct(passed: int, total: int) -> str:
    return f"{passed}/{total} ({100 * passed / total:.0f}%)" if total else "-"


def _escape(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())


def render(results: list[Result], command: str) -> str:
    """EVALUATION.md: explanation, totals by set and kind, by language, then each article."""
    by_set = tally(results)
    sets = [s for s in SETS if s in by_set]
    lines = [
        "# Extraction quality",
        "",
        "Every hand-annotated real article in `../shared` is read and extracted as "
        "`python -m dashboard extract` does, and judged by the project's scorer "
        "`../shared/tools/score_extract.py` (its `score()`, imported from the file): the "
        "**seed** (`../shared/gold/`, a saved web page) and the **dev set** "
        "(`../shared/devset/`, real excerpts in nine languages, annotated as "
        "`../shared/devset/GUIDE.md` says). Kinds of check: *metadata* (the article's "
        "publication date and language, and for the seed its title and outlet), *places*, "
        "*events* (type, date at the annotation's precision, place, count), *statements* "
        "(speaker, date), *other* (boilerplate kept out of the body, no event at a "
        "boilerplate place, every fact's evidence in the text). *Event precision* is the "
        "share of predicted events that match an annotated event.",
        "",
        f"Run on {datetime.now(UTC):%Y-%m-%d} with Python {platform.python_version()}: "
        f"`{command}`. The dev-set totals are the floor that "
        "`tests/extract/test_devset_floor.py` guards (`tests/extract/devset_floor.json`, "
        "rewritten by `make evaluate-record`).",
        "",
        "## Totals by kind of check",
        "",
        "| kind | " + " | ".join(sets) + " |",
        "| --- |" + " --- |" * len(sets),
    ]
    for kind in KINDS:
        cells = [_pct(*by_set[s].by_kind[kind]) for s in sets]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines.append(
        "| **all checks** | "
        + " | ".join(_pct(by_set[s].passed, by_set[s].total) for s in sets)
        + " |"
    )
    lines.append(
        "| event precision (matched / predicted) | "
        + " | ".join(
            _pct(by_set[s].events_pred - by_set[s].unmatched, by_set[s].events_pred) for s in sets
        )
        + " |"
    )
    lines.append("| articles | " + " | ".join(str(by_set[s].articles) for s in sets) + " |")

    lines += [
        "",
        "## By language (seed and dev set together)",
        "",
        "| language | articles | all checks | " + " | ".join(KINDS) + " | event precision |",
        "| --- | --- | --- |" + " --- |" * len(KINDS) + " --- |",
    ]
    by_lang = tally(results, key=lambda r: r.case.language)
    for lang in sorted(by_lang, key=lambda code: (-by_lang[code].articles, code)):
        t = by_lang[lang]
        kinds = " | ".join(_pct(*t.by_kind[k]) for k in KINDS)
        precision = _pct(t.events_pred - t.unmatched, t.events_pred)
        lines.append(
            f"| {lang} | {t.articles} | {_pct(t.passed, t.total)} | {kinds} | {precision} |"
        )

    lines += [
        "",
        "## Articles",
        "",
        "| set | article | language | checks passed | events predicted | unmatched | missed checks |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in results:
        missed = "; ".join(_escape(m) for m in r.missed) or "-"
        lines.append(
            f"| {r.case.set} | {r.case.name} | {r.case.language} | {r.passed}/{len(r.checks)} "
            f"| {r.events_pred} | {r.unmatched} | {missed} |"
        )
    return "\n".join(lines) + "\n"


def read_floor(path: Path = FLOOR_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def below_floor(current: dict, floor: dict) -> list[str]:
    """Each guarded figure (all checks and each kind) that dropped below the recorded one."""
    drops = []
    for key in ("all", *KINDS):
        want = (floor.get(key) or {}).get("passed")
        have = (current.get(key) or {}).get("passed", 0)
        if want is not None and have < want:
            drops.append(f"{key}: {have} checks passed, the recorded floor is {want}")
    return drops


def record_floor(current: dict, path: Path = FLOOR_FILE) -> None:
    doc = {
        "_about": "Dev-set figures that tests/extract/test_devset_floor.py guards: the checks "
        "passed overall ('all') and per kind must not drop below these. Written by "
        "`make evaluate-record` (scripts/evaluate.py --record); event_precision is for "
        "reading only.",
        **current,
    }
    path.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")


# sections other scripts own, kept when the extraction results are rewritten
KEPT_SECTIONS = (("<!-- incidents-evaluation:start", "<!-- incidents-evaluation:end -->"),)


def _kept_sections(path: Path) -> str:
    """The blocks of `path` between KEPT_SECTIONS markers (markers included)."""
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = []
    for start, end in KEPT_SECTIONS:
        if start in doc and end in doc.split(start, 1)[1]:
            body = doc.split(start, 1)[1].split(end, 1)[0]
            kept.append(f"\n{start}{body}{end}\n")
    return "".join(kept)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(DEFAULT_SHARED), help="the shared folder")
    parser.add_argument("--out", default=str(ROOT / "EVALUATION.md"))
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument(
        "--record", action="store_true", help="also write the dev-set totals as the new floor"
    )
    args = parser.parse_args(argv)
    shared = Path(args.shared).resolve()
    if not (shared / "tools" / "score_extract.py").is_file():
        print(f"no scorer at {shared}/tools/score_extract.py; pass --shared", file=sys.stderr)
        return 2
    results = evaluate(shared, args.workers)
    for r in results:
        print(
            f"{r.case.set} {r.case.name}: {r.passed}/{len(r.checks)} "
            f"events_pred={r.events_pred} unmatched={r.unmatched}"
        )
    out = Path(args.out)
    out.write_text(render(results, "make evaluate") + _kept_sections(out), encoding="utf-8")
    for name, t in tally(results).items():
        kinds = ", ".join(f"{k} {_pct(*t.by_kind[k])}" for k in KINDS)
        precision = _pct(t.events_pred - t.unmatched, t.events_pred)
        print(f"{name}: {_pct(t.passed, t.total)} of checks; {kinds}; event precision {precision}")
    devset = tally(results).get("devset")
    if devset is None:
        print("no dev set found: the floor is left as it is", file=sys.stderr)
        return 0
    current = devset.floor()
    drops = below_floor(current, read_floor())
    if args.record:
        record_floor(current)
        for drop in drops:
            print(f"recorded a lower floor than before: {drop}", file=sys.stderr)
        print(f"floor recorded in {FLOOR_FILE.relative_to(ROOT)}")
    else:
        for drop in drops:
            print(f"below the floor: {drop}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
