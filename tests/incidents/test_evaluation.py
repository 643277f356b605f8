"""The labelled pair set of the incident evaluation: large enough, free of copied text,
consistent with the devset convention, and scored by the script."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the clone (or beside the folder of worktrees)
SHARED = next(
    (p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()),
    ROOT.parent / "shared",
)
LABELS = json.loads((ROOT / "data" / "incidents" / "eval_pairs.json").read_text("utf-8"))


def _script():
    spec = importlib.util.spec_from_file_location(
        "evaluate_incidents", ROOT / "scripts" / "evaluate_incidents.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_labels_hold_no_text_and_keep_one_article_s_events_apart():
    for item in LABELS["sample"]:
        assert not {"evidence", "text", "quote"} & set(item)
    happenings = defaultdict(list)
    for key, happening in LABELS["devset"].items():
        happenings[key.rsplit(":", 1)[0]].append(happening)
    for stem, names in happenings.items():
        assert len(names) == len(set(names)), stem


@pytest.mark.skipif(not (SHARED / "devset").is_dir(), reason="../shared/devset not present")
def test_pair_evaluation_runs_on_at_least_150_pairs():
    module = _script()
    result = module.evaluate(module.load(SHARED))
    assert result["pairs"] >= 150 and result["positives"] >= 50
    assert 0 <= result["precision"] <= 1 and 0 <= result["recall"] <= 1
    assert {name for name, _, _ in result["hard"]} >= {
        "same day and type in two villages",
        "a blockade reported for months",
        "two evacuation figures on consecutive days",
    }
    assert "<!-- incidents-evaluation:start" in module.section(result)
