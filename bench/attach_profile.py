"""Where an incremental write's time goes: one 50-article batch's incident attach, phase
by phase, on a synthetic database (the batches of bench/incidents.py).

    .venv/bin/python bench/attach_profile.py --events 1m [--backend postgresql [--url URL]]
        [--batches 1,7] [--rounds 3] [--wide] [--compare] [--statements 15] [--seed-min N]

Each batch is written with `Store.write` and rolled back at the end of its transaction
(the database stays as it was), so batches and variants can be timed in any order on one
database. The phases are the functions of `incidents/build.py` (and `neighbourhood`,
`derived`), timed by wrapping them; `derived.update` is the group recount.

`--wide`: the neighbourhood of before (every stored incident of the batch's types whose
span is within the date windows, whatever its place), for before/after runs interleaved
on one database. `--compare`: each batch attached both ways; prints how many incidents
each regrouping read and how the two results' partitions of the batch's reports and the
wide neighbourhood's reports agree (pairs of reports in one incident).

`--statements N`: also every SQL statement of the batch timed (the incident `Tx`'s and
the store's own inserts and summaries outside the attach), and the N slowest kinds
printed (statements of the same text up to their parameter lists summed).

Without `--url`, PostgreSQL runs in a throwaway cluster loaded by bench/pg.py (minutes at
1M); with it, an already loaded database is used.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

import incidents as bench_incidents  # noqa: E402
import pg  # noqa: E402
import synth  # noqa: E402

from dashboard.incidents import build, derived, group_deltas, neighbourhood, terms  # noqa: E402
from dashboard.store import duckdb_store, postgres_store, summaries  # noqa: E402
from dashboard.store.sqlparams import chunks, marks  # noqa: E402

PHASES = (
    ("new reports", build, "_new_reports"),
    ("candidate SQL", neighbourhood, "candidates"),
    ("place test", neighbourhood, "near"),
    ("reports read", build, "_stored_reports"),
    ("giant summaries", build, "_summaries"),
    ("regroup", build, "_regroup"),
    ("rekey", build, "_rekey_taken"),
    ("incident rows", build, "incident_row"),
    ("compare", build, "_unchanged"),
    ("grown", build, "_grown"),
    ("giant rows", build, "_giant_row"),
    ("contribution", derived, "contribution"),
    ("delete", build, "_replace"),
    ("write", build, "_write"),
    ("group recount", derived, "update"),
    # parts of the group recount (`derived.update`)
    ("  events and articles read", derived, "_facts"),
    ("  search rows", terms, "update"),
    ("  grown sources", derived, "_grow_sources"),
    ("  grown popups", derived, "_grow_popups"),
    ("  grown search rows", terms, "grow"),
    ("  group contributions", group_deltas, "contribution"),
    ("  group deltas applied", group_deltas, "apply"),
)


# what `--statements` times: the attach's statements and the write's own
STATEMENT_HOOKS = (
    (duckdb_store._Tx, "rows"),
    (duckdb_store._Tx, "execute"),
    (duckdb_store._Tx, "insert"),
    (duckdb_store.DuckDBStore, "_insert"),
    (postgres_store._Tx, "rows"),
    (postgres_store._Tx, "execute"),
    (postgres_store._Tx, "insert"),
    (postgres_store, "_insert"),
    (postgres_store, "_copy"),
    (summaries, "add"),
    (summaries, "_by_id"),
    (summaries, "_merge"),
    (postgres_store, "_executor"),
)


def _shape(args) -> str:
    """A statement's kind: its text with the lists of placeholders and VALUES folded."""
    for a in args:
        if isinstance(a, str):
            text = re.sub(
                r"\(\s*(\?|%s|CAST\(\? AS [A-Z ]+\))(\s*,\s*(\?|%s|CAST\(\? AS [A-Z ]+\)))*\s*\)",
                "(..)",
                a,
            )
            text = re.sub(r"\(\.\.\)(\s*,\s*\(\.\.\))+", "(..)*", text)
            return text[:160]
    return "?"


class Statements:
    """Seconds and calls per statement kind, while installed."""

    def __init__(self) -> None:
        self.times: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
        self._undo: list[tuple[object, str, object]] = []

    def install(self) -> None:
        for owner, name in STATEMENT_HOOKS:
            original = getattr(owner, name, None)
            if original is None:  # (an older checkout's code, compared with this one)
                continue
            self._undo.append((owner, name, original))
            setattr(owner, name, self._timed(owner, name, original))

    def uninstall(self) -> None:
        for owner, name, original in reversed(self._undo):
            setattr(owner, name, original)
        self._undo.clear()

    def _timed(self, owner, name, fn):
        times = self.times
        label = f"{getattr(owner, '__name__', owner)}.{name}"

        if name == "_executor":  # PostgreSQL's statements of the summaries, each timed

            def executor(*args, **kwargs):
                return self._timed(owner, "execute", fn(*args, **kwargs))

            return executor

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                key = label if name in ("_insert", "_copy", "add", "insert") else _shape(args)
                if name == "_merge":  # a summary cube's delta merged (both backends)
                    key = f"{label} {args[1].name}"
                elif name == "_by_id":
                    key = f"{label} {args[2]}"
                if name in ("_insert", "_copy", "insert"):
                    key += " " + next((a for a in args if isinstance(a, str)), "")
                entry = times[key]
                entry[0] += time.perf_counter() - start
                entry[1] += 1

        return wrapper

    def report(self, top: int) -> None:
        ranked = sorted(self.times.items(), key=lambda kv: -kv[1][0])
        total = sum(v[0] for v in self.times.values())
        print(f"  statements: {total:.3f} s in {sum(v[1] for v in self.times.values())}")
        for text, (secs, calls) in ranked[:top]:
            print(f"  {secs:7.3f} s {calls:4d}x  {text}")
        self.times.clear()


def wide_candidates(tx, reports, rules):
    """The neighbourhood before this branch: every stored incident of a new report's type
    whose span is within its type's longest gap (and a look-back) of the report."""
    by_type = defaultdict(list)
    for r in neighbourhood.joinable(reports, rules):
        pad = rules.max_gap(r.type) + rules.reported_lookback_days + 1
        by_type[r.type].append((r.lo - pad, r.hi + pad))
    out = {}
    for type_, spans in by_type.items():
        found = {}
        for lo, hi in spans:
            for (iid,) in tx.rows(
                "SELECT incident_id FROM incidents WHERE type = ? AND date_start <= ? "
                "AND date_end >= ?",
                [type_, date.fromordinal(hi), date.fromordinal(lo)],
            ):
                found[iid] = neighbourhood.Stored(iid, 0, 0, None, False)
        out[type_] = list(found.values())
    return out


def every(reports, stored, rules, matcher):
    return {s.incident_id for found in stored.values() for s in found}


class _Rollback(Exception):
    pass


class Profile:
    """Wraps the phases; `times` accumulates seconds per phase of the current batch."""

    def __init__(self) -> None:
        self.times: dict[str, float] = defaultdict(float)
        self.sizes: dict[str, int] = {}
        self.partition: dict[str, str] = {}
        self._undo: list[tuple[object, str, object]] = []

    def install(self, wide: bool) -> None:
        for label, module, name in PHASES:
            original = getattr(module, name, None)
            if original is None:  # a phase this code does not have (an older branch's)
                continue
            self._undo.append((module, name, original))
            setattr(module, name, self._timed(label, original))
        if wide:
            self._undo.append((neighbourhood, "candidates", neighbourhood.candidates))
            self._undo.append((neighbourhood, "near", neighbourhood.near))
            neighbourhood.candidates = self._timed("candidate SQL", wide_candidates)
            neighbourhood.near = self._timed("place test", every)  # type: ignore[assignment]
        original_attach = build.attach
        self._undo.append((build, "attach", original_attach))
        profile = self

        def attach(tx, event_ids, rules=None, **kwargs):
            start = time.perf_counter()
            result = original_attach(tx, event_ids, rules, **kwargs)
            profile.times["attach"] += time.perf_counter() - start
            profile.sizes["new"] = result.reports
            profile.sizes["written"] = result.incidents
            profile.partition = profile._partition(tx)
            raise _Rollback

        build.attach = attach  # type: ignore[assignment]

    def _partition(self, tx) -> dict[str, str]:
        """event -> incident of the reports of the wide neighbourhood and the batch."""
        events = self.sizes.get("_events")
        if not events:
            return {}
        out: dict[str, str] = {}
        for part in chunks(events, 5000):
            for event_id, incident_id in tx.rows(
                "SELECT event_id, incident_id FROM incident_reports WHERE event_id IN "
                f"({marks(part)})",
                list(part),
            ):
                out[event_id] = incident_id
        return out

    def uninstall(self) -> None:
        for module, name, original in reversed(self._undo):
            setattr(module, name, original)
        self._undo.clear()

    def _timed(self, label, fn):
        profile = self

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            result = fn(*args, **kwargs)
            profile.times[label] += time.perf_counter() - start
            if label == "place test":
                profile.sizes["candidates"] = sum(len(v) for v in args[1].values())
                profile.sizes["neighbourhood"] = len(result)
            if label == "reports read":
                profile.sizes["stored reports"] = len(result[0])
            if label == "group recount":
                profile.sizes["changed"] = len(args[1])
            return result

        return wrapper


def _batch(
    store, rows, profile: Profile, wide: bool, statements: Statements | None = None
) -> tuple[float, dict, dict]:
    profile.times.clear()
    profile.sizes.clear()
    profile.install(wide)
    if statements is not None:
        statements.install()
    start = time.perf_counter()
    try:
        store.write(rows)
    except _Rollback:
        pass
    finally:
        profile.uninstall()
        if statements is not None:
            statements.uninstall()
    return time.perf_counter() - start, dict(profile.times), dict(profile.sizes)


def _agreement(one: dict[str, str], other: dict[str, str]) -> tuple[int, int, float]:
    """Pairs of reports sharing an incident in `one` and in `other` (over the reports of
    `one`), and their agreement 2|A & B| / (|A| + |B|), counted without listing pairs (an
    incident may hold thousands of reports)."""
    both: dict[tuple[str, str | None], int] = defaultdict(int)
    size_a: dict[str, int] = defaultdict(int)
    size_b: dict[str | None, int] = defaultdict(int)
    for event, incident in one.items():
        other_incident = other.get(event)
        both[(incident, other_incident)] += 1
        size_a[incident] += 1
        if other_incident is not None:
            size_b[other_incident] += 1
    pairs = lambda n: n * (n - 1) // 2  # noqa: E731
    a = sum(pairs(n) for n in size_a.values())
    b = sum(pairs(n) for n in size_b.values())
    common = sum(pairs(n) for (_, o), n in both.items() if o is not None)
    return a, b, (2 * common / (a + b) if a + b else 1.0)


def _moved(one: dict[str, str], other: dict[str, str]) -> int:
    """How many reports have other companions in `other` than in `one`."""

    def groups(partition: dict[str, str]) -> dict[str, frozenset[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for event, incident in partition.items():
            members[incident].add(event)
        frozen = {i: frozenset(m) for i, m in members.items()}
        return {event: frozen[incident] for event, incident in partition.items()}

    a, b = groups(one), groups(other)
    # frozensets cache their hash: one hash per incident, then a comparison per report
    return sum(1 for event in a if event not in b or hash(a[event]) != hash(b[event]))


def _links(store) -> dict[str, str]:
    df = store.query("SELECT event_id, incident_id FROM incident_reports")
    return dict(zip(df["event_id"], df["incident_id"], strict=True))


def _versus_rebuild(store, batches, wide: bool) -> int:
    """The ten batches written for good (with the neighbourhood of before if `wide`),
    then the incidents compared with a rebuild of the same database."""
    undo = []
    if wide:
        undo = [(neighbourhood, "candidates", neighbourhood.candidates)]
        undo.append((neighbourhood, "near", neighbourhood.near))
        neighbourhood.candidates = wide_candidates
        neighbourhood.near = every  # type: ignore[assignment]
    try:
        for i in range(0, len(batches), 50):
            start = time.perf_counter()
            store.write(batches[i : i + 50])
            print(f"batch {i // 50 + 1}: {time.perf_counter() - start:.2f} s", flush=True)
    finally:
        for module, name, original in undo:
            setattr(module, name, original)
    incremental = _links(store)
    store.rebuild_incidents()
    rebuilt = _links(store)
    a, b, agree = _agreement(incremental, rebuilt)
    print(
        f"{'wide' if wide else 'narrow'}: incidents incremental "
        f"{len(set(incremental.values()))}, rebuild {len(set(rebuilt.values()))}; pairs "
        f"{a} / {b}, agreement {agree:.5f}; reports whose incident differs "
        f"{_moved(incremental, rebuilt)}",
        flush=True,
    )
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", default="1m", choices=sorted(bench_incidents.SIZES))
    parser.add_argument("--backend", choices=("duckdb", "postgresql"), default="duckdb")
    parser.add_argument("--url", help="an already loaded PostgreSQL database")
    parser.add_argument("--batches", default="1,7", help="which of the ten batches (1-10)")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--wide", action="store_true", help="the neighbourhood of before")
    parser.add_argument("--compare", action="store_true", help="both neighbourhoods")
    parser.add_argument("--statements", type=int, default=0, help="print the N slowest SQL kinds")
    parser.add_argument(
        "--versus-rebuild",
        action="store_true",
        help="write the ten batches (kept), then compare the incidents with a rebuild's",
    )
    parser.add_argument(
        "--seed-min",
        type=int,
        help="stored incidents of this many reports taken as they stand (build.SEED_MIN)",
    )
    args = parser.parse_args()
    if args.seed_min is not None:
        build.SEED_MIN = args.seed_min
    from dashboard.store import open_store

    n = bench_incidents.SIZES[args.events]
    batches = bench_incidents._article_rows(20_000, seed=7, limit=500)
    chosen = [int(b) for b in args.batches.split(",")]
    with contextlib.ExitStack() as stack:
        if args.backend == "duckdb":
            source = synth.ensure(n)
            work = source.with_name(f"attach-profile-{args.events}.duckdb")
            shutil.copyfile(source, work)
            stack.callback(work.unlink, missing_ok=True)
            db = str(work)
        elif args.url:
            db = args.url
        else:
            admin = stack.enter_context(pg.cluster())
            db = pg.load(admin, n)
        store = stack.enter_context(open_store(db))
        if args.versus_rebuild:
            return _versus_rebuild(store, batches, args.wide)
        variants = [True, False] if args.compare else [args.wide]
        totals: dict[tuple[int, bool], list[tuple[float, dict, dict]]] = defaultdict(list)
        for round_ in range(args.rounds):
            for b in chosen:
                rows = batches[(b - 1) * 50 : b * 50]
                parts = {}
                for wide in variants:
                    profile = Profile()
                    if args.compare:
                        # the partition is read over the wide neighbourhood's reports
                        keep = build._neighbourhood

                        def grab(tx, new, rules, matcher, _p=profile, _k=keep):
                            found = wide_candidates(tx, new, rules)
                            ids = sorted(s.incident_id for f in found.values() for s in f)
                            events = [r.event_id for r in new]
                            for part in chunks(ids, 5000):
                                events += [
                                    row[0]
                                    for row in tx.rows(
                                        "SELECT event_id FROM incident_reports WHERE "
                                        f"incident_id IN ({marks(part)})",
                                        list(part),
                                    )
                                ]
                            _p.sizes["_events"] = events
                            return _k(tx, new, rules, matcher)

                        build._neighbourhood = grab  # type: ignore[assignment]
                    try:
                        statements = Statements() if args.statements else None
                        took, times, sizes = _batch(store, rows, profile, wide, statements)
                    finally:
                        if args.compare:
                            build._neighbourhood = keep  # type: ignore[assignment]
                    parts[wide] = (profile.partition, sizes)
                    totals[(b, wide)].append((took, times, sizes))
                    load = os.getloadavg()[0]
                    shown = ", ".join(
                        f"{label} {times.get(label, 0):.3f}" for label, _, _ in PHASES
                    )
                    sizes.pop("_events", None)
                    print(
                        f"batch {b} {'wide' if wide else 'narrow'} round {round_ + 1}: "
                        f"write {took:.2f} s, attach {times.get('attach', 0):.2f} s, "
                        f"load {load:.1f}; {shown}; {sizes}",
                        flush=True,
                    )
                    if statements is not None:
                        statements.report(args.statements)
                if args.compare:
                    (wide_part, _), (narrow_part, _) = parts[True], parts[False]
                    a, b_, agree = _agreement(wide_part, narrow_part)
                    moved = _moved(wide_part, narrow_part)
                    print(
                        f"batch {b}: pairs wide {a}, narrow {b_}, agreement "
                        f"{agree:.4f}; reports whose incident differs: {moved}",
                        flush=True,
                    )
        for (b, wide), runs in sorted(totals.items()):
            med = statistics.median(t for t, _, _ in runs)
            print(f"batch {b} {'wide' if wide else 'narrow'}: median write {med:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
