"""Issue 11 in the query layer and exports: events carry both precisions and every
evidence sentence; `Filters(exact=True)` keeps day-precision events placed at a town by
their own sentence, on both backends; the GeoJSON and table exports carry the columns."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from dashboard import query
from dashboard.cli import main
from dashboard.query import Filters
from dashboard.store import open_store


@pytest.fixture
def precise_db(db_path: str, corpus) -> str:
    offensive, goris = corpus[0].events[0], corpus[1].events[0]
    corpus[0].events[0] = replace(
        offensive,
        time_precision="day",
        geo_precision=1,
        place_source="sentence",
        evidence_all=[offensive.evidence, "A second sentence on the offensive."],
    )
    corpus[1].events[0] = replace(
        goris, time_precision="reported", geo_precision=1, place_source="paragraph"
    )
    with open_store(db_path) as store:
        store.write(corpus)
    return db_path


def test_events_carry_precisions_and_every_evidence_sentence(precise_db):
    with open_store(precise_db, read_only=True) as store:
        df = query.events(store).set_index("type", drop=False)
        offensive = df.loc["military"]
        assert offensive["time_precision"] == "day" and int(offensive["geo_precision"]) == 1
        assert offensive["place_source"] == "sentence"
        assert offensive["evidence_all"][1] == "A second sentence on the offensive."
        exact = query.events(store, Filters(exact=True))
        assert exact["type"].tolist() == ["military"]
        assert len(query.events(store, Filters(exact=True, types=("evacuation",)))) == 0
        collection = query.events_geojson(store, Filters(types=("evacuation",)))
        (feature,) = collection["features"]  # the one placed evacuation, Goris
        props = feature["properties"]
        assert props["time_precision"] == "reported" and props["place_source"] == "paragraph"
        assert props["geo_precision"] == 1 and isinstance(props["evidence_all"], list)


def test_cli_exports_carry_both_precisions(precise_db, tmp_path, backend):
    out = tmp_path / "events.geojson"
    assert main(["export", "--format", "geojson", "--out", str(out), "--db", precise_db]) == 0
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    assert {"time_precision", "geo_precision", "place_source"} <= set(features[0]["properties"])
    csv = tmp_path / "events.csv"
    args = ["export", "--format", "csv", "--table", "events", "--out", str(csv)]
    assert main([*args, "--db", precise_db]) == 0
    header = csv.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert {"time_precision", "geo_precision", "place_source", "evidence_all"} <= set(header)
