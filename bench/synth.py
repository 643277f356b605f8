"""Synthetic articles and facts at a given size, for the dashboard benchmarks.

    .venv/bin/python bench/synth.py --events 100000 [--out bench/.data/synth-100k.duckdb]

Every record is marked synthetic: outlets are "Synthetic outlet N", titles and every
evidence sentence start with "[SYNTHETIC]", sources are `synthetic://article/N`, URLs
point at the reserved `.invalid` domain and speakers are "Synthetic speaker N (side)". No
record can be mistaken for a real report.

The spread is meant to look like the real coverage, so that filters select realistic
shares: dates 2020-2024 with the 2020 war, the 2022-23 blockade and the September 2023
exodus as bursts; places from the project's gazetteer with a long tail (Stepanakert,
Lachin, Goris far ahead, a few far-away capitals); ten event types in uneven shares,
counts only on the types that count people; 40 outlets in Zipf shares, each writing
mostly in one of seven languages; speakers on ten sides. Per 1,000 events there are 250
articles, 750 place mentions and 375 statements; 12% of events have no place. Articles
are stored in publication order (as a continuous ingest stores them) and each article's
facts after it, so the facts are in rough date order too; ids are random-looking hashes.
Each article's search rows (`article_terms`, `article_words`) are folded by the store's
own code, as ingest writes them, and stored in word order, as the store keeps them; the
summary tables are computed by the store's own code (`store.summaries.rebuild`) in the
same transaction.

The database is created through the store (so it has the project's schema and
migrations) and then filled in one transaction by DuckDB `INSERT ... SELECT` from Arrow
tables: a million events take well under a minute. A side file `<db>.meta.json` records
the size, seed and generator version; an existing database with the same metadata is
reused.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / ".data"
# bench/dashboard.py would shadow the `dashboard` package: keep bench/ last on sys.path
_HERE = str(Path(__file__).resolve().parent)
sys.path[:] = [p for p in sys.path if str(Path(p or ".").resolve()) != _HERE] + [_HERE]
VERSION = 18  # bump when the generated data changes, so cached databases are rebuilt
# 17: the incidents' search rows carry incident_key (migration 0019)
# 18: incident_words holds an incident's sentences in sorted order (incidents.terms)

ARTICLES_PER_EVENT = 0.25
PLACES_PER_EVENT = 0.75
STATEMENTS_PER_EVENT = 0.375
UNPLACED_SHARE = 0.12
N_OUTLETS = 40
N_SPEAKERS = 60
FIRST_DAY = date(2020, 1, 1)
LAST_DAY = date(2024, 12, 31)

EVENT_TYPES = {  # share of events
    "military": 0.24,
    "political": 0.16,
    "humanitarian": 0.10,
    "casualties": 0.09,
    "evacuation": 0.08,
    "displacement": 0.08,
    "blockade": 0.08,
    "ceasefire": 0.07,
    "protest": 0.06,
    "arrest": 0.04,
}
COUNTED = {"evacuation", "displacement", "casualties", "arrest", "humanitarian", "protest"}
QUALIFIERS = {None: 0.5, "about": 0.2, "more_than": 0.15, "at_least": 0.1, "up_to": 0.05}
LANGUAGES = {"en": 0.38, "ru": 0.22, "hy": 0.12, "az": 0.12, "fr": 0.07, "de": 0.05, "es": 0.04}
ACTORS = (
    "Armenia",
    "Azerbaijan",
    "Russia",
    "Nagorno-Karabakh",
    "Turkey",
    "European Union",
    "Iran",
    "United States",
)
SIDES = {
    "Azerbaijan": 0.24,
    "Armenia": 0.22,
    "Russia": 0.14,
    "Nagorno-Karabakh authorities": 0.12,
    "European Union": 0.07,
    "United Nations": 0.06,
    "United States": 0.05,
    "France": 0.04,
    "Turkey": 0.03,
    "International": 0.03,
}
ROLES = ("spokesperson", "minister", "president", "envoy", "official", "ombudsman")
# places the coverage is about, most often first; the rest of the gazetteer is the tail
HEAD_PLACES = (
    "Stepanakert",
    "Lachin",
    "Goris",
    "Shusha",
    "Kornidzor",
    "Yerevan",
    "Baku",
    "Agdam",
    "Martakert",
    "Hadrut",
    "Fizuli",
    "Kalbajar",
    "Jabrayil",
    "Martuni",
    "Askeran",
    "Vardenis",
    "Jermuk",
    "Sisian",
)
TEMPLATES = {
    "military": "Shelling was reported near {place} on {day}.",
    "political": "Officials met to discuss {place} on {day}.",
    "humanitarian": "Aid convoys carrying {n} tonnes reached {place} on {day}.",
    "casualties": "{n} people were killed near {place} on {day}.",
    "evacuation": "{n} people were evacuated from {place} on {day}.",
    "displacement": "{n} people fled {place} on {day}.",
    "blockade": "The road to {place} remained blocked on {day}.",
    "ceasefire": "A ceasefire around {place} was announced on {day}.",
    "protest": "{n} protesters gathered in {place} on {day}.",
    "arrest": "{n} people were detained in {place} on {day}.",
}


@dataclass(frozen=True)
class Size:
    events: int

    @property
    def articles(self) -> int:
        return max(1, round(self.events * ARTICLES_PER_EVENT))

    @property
    def places(self) -> int:
        return round(self.events * PLACES_PER_EVENT)

    @property
    def statements(self) -> int:
        return round(self.events * STATEMENTS_PER_EVENT)


def label(events: int) -> str:
    """10000 -> "10k", 1000000 -> "1m"."""
    if events % 1_000_000 == 0:
        return f"{events // 1_000_000}m"
    if events % 1_000 == 0:
        return f"{events // 1_000}k"
    return str(events)


def default_path(events: int) -> Path:
    return DATA / f"synth-{label(events)}.duckdb"


# -- building blocks -----------------------------------------------------------------


def _weights(values: dict) -> tuple[list, np.ndarray]:
    keys = list(values)
    p = np.array([values[k] for k in keys], dtype=float)
    return keys, p / p.sum()


def _zipf(n: int, s: float = 1.1) -> np.ndarray:
    p = 1.0 / np.arange(1, n + 1) ** s
    return p / p.sum()


def _days(rng: np.random.Generator, n: int) -> np.ndarray:
    """Day offsets from FIRST_DAY: a background over five years plus three bursts."""
    span = (LAST_DAY - FIRST_DAY).days
    war = (date(2020, 9, 27) - FIRST_DAY).days
    blockade = (date(2022, 12, 12) - FIRST_DAY).days
    exodus = (date(2023, 9, 19) - FIRST_DAY).days
    part = rng.choice(4, size=n, p=[0.45, 0.2, 0.15, 0.2])
    out = rng.integers(0, span + 1, size=n)
    out = np.where(part == 1, war + rng.integers(0, 45, size=n), out)
    out = np.where(part == 2, blockade + rng.integers(0, 281, size=n), out)
    out = np.where(part == 3, exodus + np.minimum(rng.exponential(7, size=n), 90).astype(int), out)
    return np.clip(out, 0, span)


def _gazetteer() -> list[dict]:
    places = json.loads((ROOT / "data" / "gazetteer" / "places.json").read_text("utf-8"))["places"]
    by_name = {p["name"]: p for p in places if p.get("lat") is not None}
    head = [by_name[n] for n in HEAD_PLACES if n in by_name]
    tail = [p for n, p in sorted(by_name.items()) if n not in HEAD_PLACES]
    return head + tail


def _iso(days: np.ndarray) -> list[str]:
    base = np.datetime64(FIRST_DAY.isoformat())
    return np.datetime_as_string(base + days.astype("timedelta64[D]"), unit="D").tolist()


def _date32(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    epoch = (FIRST_DAY - date(1970, 1, 1)).days
    return pa.array((days + epoch).astype(np.int32), type=pa.date32(), mask=mask)


def _hex_ids(prefix: int, n: int) -> list[str]:
    """Unique 20-hex-digit ids in the store's format, in random order like the content
    hashes they stand for (so no zone map can prune on them), distinct per table by
    `prefix`: i * an odd constant mod 2**64 is a bijection."""
    with np.errstate(over="ignore"):
        scrambled = np.arange(n, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    return [f"{v:016x}{prefix:04x}" for v in scrambled.tolist()]


# -- the tables ----------------------------------------------------------------------


def generate(events: int, seed: int = 0) -> dict[str, pa.Table]:
    """Arrow tables (articles, places, events, statements) with the store's columns."""
    size = Size(events)
    rng = np.random.default_rng(seed)
    gaz = _gazetteer()
    place_p = _zipf(len(gaz), 1.15)
    outlet_p = _zipf(N_OUTLETS, 0.9)
    langs, lang_p = _weights(LANGUAGES)
    outlet_lang = rng.choice(len(langs), size=N_OUTLETS, p=lang_p)

    # articles: outlet, language (mostly the outlet's own), publication day
    na = size.articles
    a_outlet = rng.choice(N_OUTLETS, size=na, p=outlet_p)
    own = rng.random(na) < 0.85
    a_lang = np.where(own, outlet_lang[a_outlet], rng.choice(len(langs), size=na, p=lang_p))
    # stored in publication order, as a continuous ingest stores them
    a_day = np.sort(_days(rng, na))
    a_ids = _hex_ids(1, na)

    # events: each belongs to a random article and happens up to a few days before it
    ne = size.events
    e_art = np.sort(rng.integers(0, na, size=ne))
    e_day = np.maximum(a_day[e_art] - rng.geometric(0.6, size=ne) + 1, 0)
    types, type_p = _weights(EVENT_TYPES)
    e_type = rng.choice(len(types), size=ne, p=type_p)
    precision = rng.choice(3, size=ne, p=[0.86, 0.1, 0.04])  # day, month, year
    from_text = rng.random(ne) < 0.7
    e_place = rng.choice(len(gaz), size=ne, p=place_p)
    placed = rng.random(ne) >= UNPLACED_SHARE
    counted = np.isin(e_type, [types.index(t) for t in COUNTED]) & (rng.random(ne) < 0.7)
    e_count = np.round(rng.lognormal(5.0, 2.0, size=ne)).astype(np.int64) + 1
    quals, qual_p = _weights(QUALIFIERS)
    e_qual = rng.choice(len(quals), size=ne, p=qual_p)
    n_actors = rng.choice(3, size=ne, p=[0.3, 0.45, 0.25])
    actor_pick = rng.choice(len(ACTORS), size=(ne, 2), p=_zipf(len(ACTORS), 1.0))

    day_text = _iso(e_day)
    e_date = [
        d if p == 0 else d[:7] if p == 1 else d[:4]
        for d, p in zip(day_text, precision.tolist(), strict=True)
    ]
    e_start = np.array(
        [
            (date.fromisoformat(d if len(d) == 10 else (d + "-01-01")[:10]) - FIRST_DAY).days
            for d in e_date
        ]
    )
    names = [gaz[i]["name"] for i in e_place.tolist()]
    e_evidence = [
        f"[SYNTHETIC] Synthetic event {i}: "
        + TEMPLATES[types[t]].format(
            place=names[i] if pl else "the region", day=e_date[i], n=f"{c:,}"
        )
        for i, (t, pl, c) in enumerate(
            zip(e_type.tolist(), placed.tolist(), e_count.tolist(), strict=True)
        )
    ]
    actors = []
    for k, (x, y) in zip(n_actors.tolist(), actor_pick.tolist(), strict=True):
        chosen = list(dict.fromkeys([ACTORS[x], ACTORS[y]][:k]))
        actors.append(json.dumps(chosen))
    lat = np.array([gaz[i]["lat"] for i in e_place.tolist()], dtype=float)
    lon = np.array([gaz[i]["lon"] for i in e_place.tolist()], dtype=float)
    events_tbl = pa.table(
        {
            "id": _hex_ids(3, ne),
            "article_id": pa.array([a_ids[i] for i in e_art.tolist()]),
            "type": pa.array([types[t] for t in e_type.tolist()]),
            "date": pa.array(e_date),
            "date_start": _date32(e_start),
            "date_precision": pa.array([("day", "month", "year")[p] for p in precision.tolist()]),
            "place": pa.array(names, mask=~placed),
            "lat": pa.array(lat, mask=~placed),
            "lon": pa.array(lon, mask=~placed),
            "actors": pa.array(actors),
            "count": pa.array(e_count, mask=~counted),
            "count_qualifier": pa.array(
                [
                    quals[q] if c else None
                    for q, c in zip(e_qual.tolist(), counted.tolist(), strict=True)
                ],
                type=pa.string(),
            ),
            "evidence": pa.array(e_evidence),
            "date_source": pa.array(np.where(from_text, "text", "published").tolist()),
            "time_precision": pa.array(
                np.where(
                    from_text, [("day", "month", "year")[p] for p in precision.tolist()], "reported"
                ).tolist()
            ),
            "geo_precision": pa.array(
                np.where(placed, 1, 0).tolist(), type=pa.int32(), mask=~placed
            ),
            "place_source": pa.array(["sentence"] * ne, mask=~placed),
            "evidence_all": pa.array(["[" + json.dumps(e) + "]" for e in e_evidence]),
        }
    )

    # place mentions: a random article, a gazetteer place
    npl = size.places
    p_art = np.sort(rng.integers(0, na, size=npl))
    p_place = rng.choice(len(gaz), size=npl, p=place_p)
    p_names = [gaz[i]["name"] for i in p_place.tolist()]
    places_tbl = pa.table(
        {
            "id": _hex_ids(2, npl),
            "article_id": pa.array([a_ids[i] for i in p_art.tolist()]),
            "name": pa.array(p_names),
            "surface": pa.array(p_names),
            "lat": pa.array([gaz[i]["lat"] for i in p_place.tolist()], type=pa.float64()),
            "lon": pa.array([gaz[i]["lon"] for i in p_place.tolist()], type=pa.float64()),
            "kind": pa.array([gaz[i]["kind"] for i in p_place.tolist()]),
            "evidence": pa.array(
                [f"[SYNTHETIC] Synthetic mention {i} of {n}." for i, n in enumerate(p_names)]
            ),
        }
    )

    # statements: a speaker with a fixed side and role, direct or reported
    ns = size.statements
    sides, side_p = _weights(SIDES)
    speaker_side = rng.choice(len(sides), size=N_SPEAKERS, p=side_p)
    speaker_role = rng.choice(len(ROLES), size=N_SPEAKERS)
    speakers = [f"Synthetic speaker {k + 1} ({sides[speaker_side[k]]})" for k in range(N_SPEAKERS)]
    s_art = np.sort(rng.integers(0, na, size=ns))
    s_who = rng.choice(N_SPEAKERS, size=ns, p=_zipf(N_SPEAKERS, 1.0))
    s_day = np.maximum(a_day[s_art] - rng.geometric(0.7, size=ns) + 1, 0)
    s_direct = rng.random(ns) < 0.4
    s_dated = rng.random(ns) < 0.93
    s_text = _iso(s_day)
    quotes = [
        f"Synthetic quote {i}: the situation is under control." if d else None
        for i, d in enumerate(s_direct.tolist())
    ]
    statements_tbl = pa.table(
        {
            "id": _hex_ids(4, ns),
            "article_id": pa.array([a_ids[i] for i in s_art.tolist()]),
            "speaker": pa.array([speakers[k] for k in s_who.tolist()]),
            "speaker_role": pa.array([ROLES[speaker_role[k]] for k in s_who.tolist()]),
            "side": pa.array([sides[speaker_side[k]] for k in s_who.tolist()]),
            "date": pa.array(s_text, mask=~s_dated),
            "date_start": _date32(s_day, ~s_dated),
            "quote": pa.array(quotes, type=pa.string()),
            "mode": pa.array(np.where(s_direct, "direct", "indirect").tolist()),
            "evidence": pa.array(
                [
                    f'[SYNTHETIC] {speakers[k]} said: "{q}"'
                    if q
                    else f"[SYNTHETIC] {speakers[k]} said talks would continue (statement {i})."
                    for i, (k, q) in enumerate(zip(s_who.tolist(), quotes, strict=True))
                ]
            ),
        }
    )

    # article bodies: the evidence of every fact they hold, so the article view highlights
    bodies: list[list[str]] = [[] for _ in range(na)]
    for arts, texts in (
        (e_art, e_evidence),
        (s_art, statements_tbl["evidence"].to_pylist()),
        (p_art, places_tbl["evidence"].to_pylist()),
    ):
        for a, t in zip(arts.tolist(), texts, strict=True):
            bodies[a].append(t)
    first_place = {}
    for a, n in zip(p_art.tolist(), p_names, strict=True):
        first_place.setdefault(a, n)
    now = datetime(2025, 1, 1)
    articles_tbl = pa.table(
        {
            "id": pa.array(a_ids),
            "source": pa.array([f"synthetic://article/{i}" for i in range(na)]),
            "title": pa.array(
                [
                    f"[SYNTHETIC] Synthetic report {i} on {first_place.get(i, 'the region')}"
                    for i in range(na)
                ]
            ),
            "outlet": pa.array([f"Synthetic outlet {k + 1}" for k in a_outlet.tolist()]),
            "published": _date32(a_day),
            "language": pa.array([langs[k] for k in a_lang.tolist()]),
            "languages": pa.array([json.dumps([langs[k]]) for k in a_lang.tolist()]),
            "body": pa.array(
                [
                    "[SYNTHETIC] This is a generated article, not a real report.\n\n" + " ".join(b)
                    for b in bodies
                ]
            ),
            "url": pa.array([f"https://news.synthetic.invalid/article/{i}" for i in range(na)]),
            "ingested_at": pa.array(
                [now + timedelta(seconds=i) for i in range(na)], type=pa.timestamp("us")
            ),
        }
    )
    # each event and statement carries its article's outlet, language and day, as the
    # store writes them (schema.ARTICLE_SOURCE)
    outlets = np.array([f"Synthetic outlet {k + 1}" for k in range(N_OUTLETS)], dtype=object)

    def sourced(tbl: pa.Table, arts: np.ndarray) -> pa.Table:
        tbl = tbl.append_column("outlet", pa.array(outlets[a_outlet[arts]].tolist()))
        tbl = tbl.append_column("language", pa.array([langs[k] for k in a_lang[arts].tolist()]))
        return tbl.append_column("published", _date32(a_day[arts]))

    events_tbl, statements_tbl = sourced(events_tbl, e_art), sourced(statements_tbl, s_art)
    return {
        "articles": articles_tbl,
        "places": places_tbl,
        "events": events_tbl,
        "statements": statements_tbl,
        **search_tables(articles_tbl),
    }


def search_tables(articles: pa.Table) -> dict[str, pa.Table]:
    """The search rows of every article (`article_terms`, `article_words`), folded by the
    store's own code (`dashboard.store.terms`), as ingest writes them."""
    from dashboard.store.terms import search_rows

    term_cols: list[list] = [[], [], [], []]
    word_cols: list[list] = [[], []]
    columns = (articles[c].to_pylist() for c in ("id", "title", "body", "published"))
    for aid, title, body, published in zip(*columns, strict=True):
        terms, words = search_rows(aid, title, body, published)
        for col, values in zip(term_cols, zip(*terms, strict=True), strict=True):
            col.extend(values)
        word_cols[0].append(words[0])
        word_cols[1].append(words[1])
    return {
        "article_terms": pa.table(
            {
                "term_key": pa.array(term_cols[0], type=pa.int64()),
                "article_id": pa.array(term_cols[1], type=pa.string()),
                "published": pa.array(term_cols[2], type=pa.date32()),
                "hits": pa.array(term_cols[3], type=pa.int32()),
            }
        ),
        "article_words": pa.table({"article_id": word_cols[0], "words": word_cols[1]}),
    }


# -- the database --------------------------------------------------------------------


def _meta(events: int, seed: int) -> dict:
    return {"generator": "bench/synth.py", "version": VERSION, "events": events, "seed": seed}


def build(path: str | Path, events: int, seed: int = 0, force: bool = False) -> dict[str, int]:
    """Create (or reuse) the synthetic DuckDB database at `path`; returns rows per table."""
    import duckdb

    from dashboard.store import article_counts, open_store, summaries
    from dashboard.store.schema import column_list

    path = Path(path)
    meta_path = path.with_name(path.name + ".meta.json")
    wanted = _meta(events, seed)
    if not force and path.is_file() and meta_path.is_file():
        try:
            held = json.loads(meta_path.read_text("utf-8"))
        except ValueError:
            held = {}
        if {k: held.get(k) for k in wanted} == wanted:
            return held["rows"]
    for p in (path, path.with_name(path.name + ".wal"), meta_path):
        p.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    open_store(str(path)).close()  # the project's schema and migrations
    from dashboard.store.term_order import ORDER

    tables = generate(events, seed)
    con = duckdb.connect(str(path))
    try:
        con.execute("BEGIN TRANSACTION")
        for name in tables:
            con.register("_synthetic", tables[name])
            cols = column_list(name)
            # the search rows in word order, as the store keeps them (store.term_order)
            order = f" ORDER BY {ORDER}" if name == "article_terms" else ""
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM _synthetic{order}")
            con.unregister("_synthetic")
        # the summary tables and each article's fact counts, as the store's writes keep
        # them (store.summaries, store.article_counts)
        summaries.rebuild(lambda sql, params: con.execute(sql, list(params)).fetchall())
        article_counts.recount(lambda sql, params: con.execute(sql, list(params)).fetchall())
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    rows = {name: tables[name].num_rows for name in tables}
    # the incidents, as ingest keeps them: the Map and Overview open on them, so a
    # database without them would time those pages on empty tables
    with open_store(str(path)) as store:
        made = store.rebuild_incidents()
    rows["incidents"] = made.incidents
    meta_path.write_text(json.dumps({**wanted, "rows": rows}, indent=1), "utf-8")
    return rows


def ensure(events: int, seed: int = 0) -> Path:
    """The cached database of `events` events under bench/.data, built if needed."""
    path = default_path(events)
    build(path, events, seed)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000, help="events (default 10000)")
    parser.add_argument("--out", type=Path, help="database file (default bench/.data/...)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    out = args.out or default_path(args.events)
    start = time.perf_counter()
    rows = build(out, args.events, args.seed, force=args.force)
    took = time.perf_counter() - start
    size = out.stat().st_size / 1024**2
    print(f"{out}: {rows} in {took:.1f} s ({size:.0f} MiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
