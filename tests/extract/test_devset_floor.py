"""Regression guard on real articles: the dev-set totals may not drop below the recorded floor.

The dev set (../shared/devset, real excerpts in nine languages with hand annotations) is
scored exactly as `make evaluate` scores it, with the project's scorer
../shared/tools/score_extract.py. The floor is tests/extract/devset_floor.json, raised with
`make evaluate-record` once extraction improves. Nothing from ../shared is copied here;
the texts are read where they are (DASHBOARD_SHARED may point elsewhere).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from shared_folder import SHARED, require

ROOT = Path(__file__).resolve().parents[2]
SCORER = SHARED / "tools" / "score_extract.py"


def _load_evaluate():
    spec = importlib.util.spec_from_file_location(
        "evaluate_script", ROOT / "scripts" / "evaluate.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


evaluate = _load_evaluate()


def _require_devset() -> None:
    require(SCORER, SHARED / "devset" / "GUIDE.md")


@pytest.fixture(scope="module")
def devset_results():
    _require_devset()
    return evaluate.evaluate(SHARED, workers=1, sets=("devset",))


def test_devset_totals_do_not_drop_below_the_recorded_floor(devset_results):
    floor = evaluate.read_floor()
    assert floor, f"no floor recorded in {evaluate.FLOOR_FILE}"
    current = evaluate.tally(devset_results)["devset"].floor()
    drops = evaluate.below_floor(current, floor)
    assert not drops, "dev-set checks dropped below the floor: " + "; ".join(drops)


def test_every_devset_article_is_read_and_scored(devset_results):
    texts = sorted((SHARED / "devset").glob("*.txt"))
    assert len(devset_results) == len(texts)
    for result in devset_results:
        assert not result.checks[0][0].startswith("ERROR"), (result.case.name, result.checks)


def test_in_process_figures_equal_the_scorer_command(devset_results):
    """The scorer's own command line (a `python -m dashboard extract` subprocess) gives the
    same figures as the in-process run, on the article with the most checks."""
    result = max(devset_results, key=lambda r: len(r.checks))
    out = subprocess.run(
        [sys.executable, str(SCORER), sys.executable, str(result.case.gold), str(result.case.text)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    ).stdout
    summary = next(line for line in out.splitlines() if line.startswith("SCORE"))
    expected = (
        f"SCORE {result.passed}/{len(result.checks)} "
        f"events_pred={result.events_pred} unmatched={result.unmatched}"
    )
    assert summary == expected


def test_kinds_of_check():
    assert evaluate.kind_of("article.published") == "metadata"
    assert evaluate.kind_of("place Goris") == "places"
    assert evaluate.kind_of("event  military 2020-10-04 Stepanakert") == "events"
    assert evaluate.kind_of("statement  Government of Armenia") == "statements"
    assert evaluate.kind_of("every fact has evidence in the text (3/3)") == "other"
    assert evaluate.kind_of("body excludes 'Comment (0)'") == "other"


def test_floor_comparison_names_each_drop():
    floor = {"all": {"passed": 10}, "events": {"passed": 4}, "places": {"passed": 3}}
    current = {"all": {"passed": 11}, "events": {"passed": 2}, "places": {"passed": 3}}
    drops = evaluate.below_floor(current, floor)
    assert drops == ["events: 2 checks passed, the recorded floor is 4"]
