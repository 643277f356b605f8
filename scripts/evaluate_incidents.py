"""Pairwise precision and recall of the incident grouping on hand-labelled reports.

    .venv/bin/python scripts/evaluate_incidents.py [--shared ../shared] [--no-write]

The labels are data/incidents/eval_pairs.json: a happening for each event annotated in
../shared/devset/*.json (whose type, date, place and count are read from there at run
time, so no annotation is copied into the repository) and for reports of our own sample
corpus. Every two reports of one type form a pair, positive when they share a happening
(reports of different types never share an incident, so those pairs would only inflate
the count). The reports are grouped with the rules in data/incidents/rules.json exactly
as a rebuild does; the result goes to its own section of EVALUATION.md, between markers,
so the extraction evaluation above it can be rewritten independently.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dashboard.incidents.cluster import Clusterer  # noqa: E402
from dashboard.incidents.places import gazetteer_places  # noqa: E402
from dashboard.incidents.reports import Report, report_from_row  # noqa: E402
from dashboard.incidents.rules import default_rules  # noqa: E402

LABELS = ROOT / "data" / "incidents" / "eval_pairs.json"
START = "<!-- incidents-evaluation:start (scripts/evaluate_incidents.py) -->"
END = "<!-- incidents-evaluation:end -->"


@dataclass
class Labelled:
    key: tuple[str, str]  # ("devset", "file:index") or ("sample", source)
    happening: str
    report: Report


def _coords() -> dict[str, tuple[str, float, float, str]]:
    """Lower-cased name -> canonical name, lat, lon, kind, from the gazetteer."""
    raw = json.loads((ROOT / "data" / "gazetteer" / "places.json").read_text("utf-8"))
    return {p["name"].lower(): (p["name"], p["lat"], p["lon"], p["kind"]) for p in raw["places"]}


def _report(
    key: str, article: str, fields: dict, gold_places: dict[str, tuple[float, float]]
) -> Report:
    coords = _coords()
    place = fields.get("place")
    lat = lon = geo = None
    if place:
        found = coords.get(place.lower())
        if found:
            place, lat, lon, kind = found
            geo = {"country": 3, "region": 2, "route": 2}.get(kind, 1)
        elif place in gold_places:
            (lat, lon), geo = gold_places[place], 1
    day = fields["date"]
    precision = "day" if len(day) == 10 else "month" if len(day) == 7 else "year"
    start = date.fromisoformat(day if precision == "day" else f"{day[:7]}-01"[:10])
    published = fields.get("published")
    row = (
        key,
        article,
        fields["type"],
        start,
        precision,
        precision,
        "text",
        place,
        lat,
        lon,
        geo,
        fields.get("count"),
        fields.get("outlet"),
        fields.get("language"),
        date.fromisoformat(published) if published else None,
    )
    return report_from_row(row, default_rules(), {n: e.kind for n, e in gazetteer_places().items()})


def load(shared: Path) -> list[Labelled]:
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    out: list[Labelled] = []
    for key, happening in labels["devset"].items():
        stem, index = key.rsplit(":", 1)
        gold = json.loads((shared / "devset" / f"{stem}.json").read_text(encoding="utf-8"))
        event = gold["events"][int(index)]
        places = {p["canonical"]: (p["lat"], p["lon"]) for p in gold.get("places", [])}
        fields = {
            **{k: event.get(k) for k in ("type", "date", "place", "count")},
            "outlet": gold.get("outlet"),
            "language": gold.get("language"),
            "published": gold.get("published"),
        }
        out.append(Labelled(("devset", key), happening, _report(key, stem, fields, places)))
    for item in labels["sample"]:
        article = (
            item["source"].split(":")[0] + ":" + item["source"].split(":")[1]
            if item["source"].startswith("feed")
            else item["source"].split(":")[0]
        )
        out.append(
            Labelled(
                ("sample", item["source"]),
                item["happening"],
                _report(item["source"], article, item, {}),
            )
        )
    return out


def evaluate(items: list[Labelled]) -> dict:
    clusterer = Clusterer(default_rules())
    clusterer.add_all([i.report for i in items])
    incident_of = {
        r.event_id: inc.incident_id for inc in clusterer.incidents.values() for r in inc.reports
    }
    tp = fp = fn = tn = 0
    errors: Counter[tuple[str, str]] = Counter()
    for a, b in combinations(items, 2):
        if a.report.type != b.report.type:
            continue
        truth = a.happening == b.happening
        said = incident_of[a.report.event_id] == incident_of[b.report.event_id]
        tp += truth and said
        fp += said and not truth
        fn += truth and not said
        tn += not truth and not said
        if said and not truth:
            errors[("joined", " / ".join(sorted((a.happening, b.happening))))] += 1
        elif truth and not said:
            errors[("split", a.happening)] += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    by_key = {i.key: i for i in items}
    hard = []
    for name, (ka, kb) in labels["hard"].items():
        a, b = by_key[tuple(ka)], by_key[tuple(kb)]
        truth = a.happening == b.happening
        said = incident_of[a.report.event_id] == incident_of[b.report.event_id]
        hard.append((name, truth, said))
    return {
        "reports": len(items),
        "pairs": tp + fp + fn + tn,
        "positives": tp + fn,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "incidents": len(clusterer.incidents),
        "hard": hard,
        "errors": errors.most_common(8),
    }


def section(result: dict) -> str:
    def yes(flag: bool) -> str:
        return "same" if flag else "different"

    lines = [
        START,
        "## Incidents: pairwise precision and recall",
        "",
        "Hand-labelled reports (data/incidents/eval_pairs.json): every event annotated in "
        "`../shared/devset` (read from there) and reports of our sample corpus; every two "
        "reports of one type are a pair, positive when they are one happening. Grouped with "
        "data/incidents/rules.json as `dashboard incidents --rebuild` does. Command: "
        "`.venv/bin/python scripts/evaluate_incidents.py`.",
        "",
        "| reports | pairs | positive pairs | precision | recall | target |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
        f"| {result['reports']} | {result['pairs']} | {result['positives']} | "
        f"{result['precision']:.2f} | {result['recall']:.2f} | P ≥ 0.90, R ≥ 0.80 |",
        "",
        f"True positives {result['tp']}, false positives {result['fp']}, false negatives "
        f"{result['fn']}; {result['incidents']} incidents.",
        "",
        "| hard case | labelled | grouped | right |",
        "| --- | --- | --- | --- |",
    ]
    for name, truth, said in result["hard"]:
        lines.append(
            f"| {name} | {yes(truth)} | {yes(said)} | {'yes' if truth == said else 'no'} |"
        )
    lines += [
        "",
        "Largest errors (wrong pairs by labelled happening):",
        "",
        "| error | happening(s) | pairs |",
        "| --- | --- | ---: |",
    ]
    for (kind, what), n in result["errors"]:
        lines.append(f"| {kind} | {what} | {n} |")
    lines.append(END)
    return "\n".join(lines)


def write(text: str, path: Path) -> None:
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in doc and END in doc:
        before, rest = doc.split(START, 1)
        after = rest.split(END, 1)[1]
        doc = before + text + after
    else:
        doc = doc.rstrip() + "\n\n" + text + "\n"
    path.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    beside = [p / "shared" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared").is_dir()]
    parser.add_argument(
        "--shared", type=Path, default=beside[0] if beside else ROOT.parent / "shared"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "EVALUATION.md")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    result = evaluate(load(args.shared))
    text = section(result)
    print(text)
    if not args.no_write:
        write(text, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
