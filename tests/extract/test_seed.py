"""The real seed article against our hand annotation, judged by the project's own scorer.

The seed and gold live in ../shared (never copied into the repo). The same checks run on
real articles in other languages that we do not see, so nothing here is special-cased.
"""

import importlib.util
import json
import subprocess
import sys

import pytest
from shared_folder import SHARED, require

SEED = SHARED / "seeds" / "000_e861dd76286c35ca.txt"
GOLD = SHARED / "gold" / "000_e861dd76286c35ca.json"
SCORER = SHARED / "tools" / "score_extract.py"


def _require_shared():
    require(SEED, GOLD, SCORER)


@pytest.fixture(scope="module")
def predicted():
    _require_shared()
    out = subprocess.run(
        [sys.executable, "-m", "dashboard", "extract", str(SEED)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    docs = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    assert len(docs) == 1
    return docs[0]


@pytest.fixture(scope="module")
def gold():
    _require_shared()
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scorer():
    _require_shared()
    spec = importlib.util.spec_from_file_location("score_extract", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_output_shape(predicted):
    assert set(predicted) >= {"article", "places", "events", "statements"}
    assert set(predicted["article"]) >= {
        "id", "source", "title", "outlet", "published", "language", "languages", "body",
    }  # fmt: skip
    for p in predicted["places"]:
        assert set(p) >= {"name", "surface", "lat", "lon", "kind", "evidence"}
    for e in predicted["events"]:
        assert set(e) >= {
            "type", "date", "date_precision", "place", "lat", "lon", "actors", "count",
            "count_qualifier", "evidence",
        }  # fmt: skip
    for s in predicted["statements"]:
        assert set(s) >= {"speaker", "speaker_role", "side", "date", "quote", "mode", "evidence"}


def test_article_metadata(predicted, gold):
    art = predicted["article"]
    assert art["published"] == gold["article"]["published"]
    assert art["language"] == gold["article"]["language"]
    assert set(gold["article"]["other_languages_present"]) <= set(art["languages"])
    assert art["outlet"] == gold["article"]["outlet"]
    assert art["title"] == gold["article"]["title"]


def test_body_has_no_boilerplate(predicted, gold):
    body = predicted["article"]["body"]
    for b in gold["boilerplate_not_in_body"]:
        assert b not in body
    for b in gold["body_must_contain"]:
        assert b in body


def test_no_event_at_a_forbidden_place(predicted, gold, scorer):
    forbidden = gold["places_forbidden_as_event_locations"]
    for e in predicted["events"]:
        assert not any(scorer.names_match(e.get("place") or "", f) for f in forbidden), e


def test_every_fact_evidence_is_in_the_text(predicted):
    text = SEED.read_text(encoding="utf-8")
    body = predicted["article"]["body"]
    facts = predicted["places"] + predicted["events"] + predicted["statements"]
    assert facts
    for f in facts:
        assert f["evidence"] in body and f["evidence"] in text


def test_every_scorer_check_passes(predicted, gold, scorer):
    text = SEED.read_text(encoding="utf-8")
    checks, _, _ = scorer.score(predicted, gold, text)
    failed = [name for name, ok in checks if not ok]
    assert not failed, failed
