"""Find the places of `data/gazetteer/` in multilingual text, with exact offsets.

The gazetteer is data, not code: `places.json` (built by `scripts/build_gazetteer.py`
from GeoNames plus `manual.json`), `inflections.json` (case endings, so that Russian
"в Степанакерте" or Armenian "Երևանում" are found) and `stopwords.json` (surfaces never to
match). A new language's names or endings are a data edit.

Matching works on word tokens rather than raw characters, which gives word boundaries in
every script for free ("Baku" is not in "Bakunin", "Goris" not in "Gorisville") and lets a
multi-word name span hyphens, spaces, non-breaking spaces or apostrophes alike
("Haut-Karabakh" / "Haut Karabakh"). At each token the longest known name wins, so
"corridor de Lachin" is the corridor and not the town, and a match is never overlapped.

Precision is preferred to recall: a name matches only where the text is capitalised like
the name (or written in capitals), so ordinary lower-case words never match, and the
gazetteer holds only the region's places plus a few capitals and countries, so a town
elsewhere in the world cannot be put on the map. Scripts without capitals (Georgian,
Arabic, Persian) cannot have that guard; their names are curated at build time instead
(scripts/build_gazetteer.py).

Spelling variants that carry no meaning for a name are folded before look-up, one
character for one so that offsets stay those of the text: Greek accents and final sigma
("Καραμπαχ" in a headline is "Καραμπάχ"), the Arabic and Persian forms of yeh and kaf
(ي/ی, ك/ک) and hamza on alef (أ/ا), Russian ё. A zero-width non-joiner (Persian
"قره‌باغ") separates the words of a name like a space does.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

from dashboard.extract.lexicon import CJK
from dashboard.paths import data_dir

__all__ = ["Gazetteer", "PlaceEntry", "PlaceMention", "default_gazetteer"]

# A word token: letters and digits. The modifier letters ʻ ʼ used as apostrophes in
# transliterations ("Stepʻanakert") separate tokens, like ' and ’ do. Combining marks are
# part of a token too, but only texts that contain any pay for the slower pattern.
_WORD = r"[^\W_\u02bb\u02bc]+"
# Arabic vowel signs (harakat, rare in news but found in quotes) are marks of the same kind.
_WORD_MARKS = r"(?:[^\W_\u02bb\u02bc]|[\u0300-\u036f\u064b-\u0652\u0670])+"
_MARKS = re.compile(r"[\u0300-\u036f\u064b-\u0652\u0670]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u0652\u0670]")
# What may stand between two tokens of one multi-word name: spaces of any kind (\s covers
# no-break and thin spaces), hyphens and dashes, soft hyphen, apostrophes, and the
# zero-width non-joiner that Persian writes between the parts of one word.
_GAP = r"[\s\-\u00ad\u2010-\u2013'’‘ʻʼ`´\u200c]{1,3}"
_TOKEN = re.compile(_WORD_MARKS)
_FAST = (re.compile(_WORD), re.compile(f"{_GAP}({_WORD})"))
_SLOW = (_TOKEN, re.compile(f"{_GAP}({_WORD_MARKS})"))
_SCRIPT_RANGES = (
    ("Cyrillic", "\u0400", "\u052f"),
    ("Armenian", "\u0530", "\u058f"),
    ("Greek", "\u0370", "\u03ff"),
    ("Greek", "\u1f00", "\u1fff"),
    ("Georgian", "\u10a0", "\u10ff"),
    ("Georgian", "\u1c90", "\u1cbf"),
    ("Arabic", "\u0600", "\u06ff"),
    ("Hangul", "\uac00", "\ud7af"),
)
# One character for one (offsets of the lower-cased text stay those of the text): see the
# module doc. Applied to the lower-cased text, so only lower-case forms are listed.
_FOLD = str.maketrans(
    {
        "ё": "е",
        "ά": "α",
        "έ": "ε",
        "ή": "η",
        "ί": "ι",
        "ό": "ο",
        "ύ": "υ",
        "ώ": "ω",
        "ΐ": "ι",
        "ΰ": "υ",
        "ϊ": "ι",
        "ϋ": "υ",
        "ς": "σ",
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
    }
)
_FOLDED = re.compile("[" + "".join(chr(c) for c in _FOLD) + "]")
_KIND_RANK = {"country": 0, "region": 1, "route": 2, "site": 3, "city": 4}
# Chinese and Japanese names stand inside runs of ideographs with no space around them
# ("至少有6650多名居民进入了亚美尼亚"): word tokens cannot find them, so names written in
# those scripts are found as substrings, the longest first (see `Gazetteer._find_cjk`)
_CJK_CHAR = re.compile(f"[{CJK}]")


@dataclass(frozen=True)
class PlaceEntry:
    """One place of the gazetteer; `name` is its canonical English name."""

    name: str
    kind: str  # country | region | city | route | site
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-2
    capital: bool  # a national capital: often stands for its government ("Baku said")


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text: `text[start:end] == surface`."""

    entry: PlaceEntry
    surface: str
    start: int
    end: int
    # an adjective of the place ("бакинский суд", "нагорно-карабахского конфликта"): it
    # sets something at the place, as a locative does, rather than naming a government
    adjective: bool = False


def _key(token: str) -> str:
    """The form under which a token is looked up: lower case, NFC, folded (see the module
    doc), no dot above, no Arabic vowel signs."""
    k = unicodedata.normalize("NFC", token).lower().translate(_FOLD)
    k = k.replace("\u0307", "")
    return _ARABIC_MARKS.sub("", k) if _ARABIC_MARKS.search(k) else k


def _caseless(alias: str) -> bool:
    """Whether `alias` is written in a script without capitals (Arabic, Persian, Georgian:
    Unicode counts Georgian's everyday letters as small ones, but text never capitalises
    them), so that the capital-letter guard cannot apply to it."""
    return all(
        not (ch.isupper() or ch.islower()) or "\u10d0" <= ch <= "\u10ff"
        for ch in alias
        if ch.isalpha()
    )


def _is_word_char(ch: str) -> bool:
    """Whether `ch` belongs to a token (see _WORD)."""
    return ch.isalnum() and ch not in "\u02bb\u02bc"


def _script(alias: str) -> str:
    for ch in alias:
        if ch.isalpha():
            for name, lo, hi in _SCRIPT_RANGES:
                if lo <= ch <= hi:
                    return name
            return "Latin"
    return "Latin"


def _case_ok(text_tok: str, alias_tok: str) -> bool:
    """Capitals of the name must be capitals in the text; an all-caps word is accepted."""
    if text_tok == alias_tok or text_tok.isupper() or not any(a.isupper() for a in alias_tok):
        return True
    if len(text_tok) != len(alias_tok):
        text_tok = unicodedata.normalize("NFC", text_tok)  # decomposed accents
        if len(text_tok) != len(alias_tok):
            return False
    return all(t.isupper() for a, t in zip(alias_tok, text_tok, strict=True) if a.isupper())


class _Inflector:
    """Case forms of an alias, from one language's rules in inflections.json."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.script: str = spec["script"]
        pat = spec.get("alias_pattern")
        self.alias_pattern = re.compile(pat) if pat else None
        self.aliases: set[str] = set(spec.get("aliases", []))
        self.kinds: set[str] | None = set(spec["kinds"]) if spec.get("kinds") else None
        self.multiword: list[str] = list(spec.get("multiword", ["last"]))
        adj = spec.get("adjective") or {}
        self.adjective_suffix: str = adj.get("suffix", "")
        self.adjective_after = re.compile(f"(?:{adj['after']})$") if adj.get("after") else None
        self.adjective_kinds: set[str] = set(adj.get("kinds", []))
        self.rules: list[tuple[re.Pattern[str], dict[str, list[str]]]] = []
        for rule in spec["rules"]:
            forms = {
                slot: [v] if isinstance(v, str) else list(v) for slot, v in rule["forms"].items()
            }
            self.rules.append((re.compile(f"(?:{rule['end']})$"), forms))

    def applies(self, alias: str, kind: str) -> bool:
        if _script(alias) != self.script:
            return False
        if self.kinds is not None and kind not in self.kinds:
            return False
        if self.alias_pattern is None and not self.aliases:
            return True
        return alias in self.aliases or bool(
            self.alias_pattern and self.alias_pattern.search(alias)
        )

    def adjective(self, alias: str, kind: str) -> str | None:
        """The adjective of a one-word town or region name ("Лачин" -> "лачинский"), or None."""
        if (
            not self.adjective_suffix
            or self.adjective_after is None
            or kind not in self.adjective_kinds
            or _script(alias) != self.script
            or not re.fullmatch(r"[^\W\d_]+", alias)
            or not alias[1:].islower()
        ):
            return None
        low = alias.lower()
        return low + self.adjective_suffix if self.adjective_after.search(low) else None

    def _token_forms(self, token: str) -> dict[str, list[str]]:
        if token[-1].isupper():  # abbreviations (США, ՀՀ) do not inflect
            return {}
        for pattern, forms in self.rules:
            m = pattern.search(token)
            if m:
                stem = token[: m.start()]
                return {slot: [stem + m.expand(f) for f in fs] for slot, fs in forms.items()}
        return {}

    def forms(self, alias: str) -> set[str]:
        spans = [m.span() for m in _TOKEN.finditer(alias)]
        if not spans:
            return set()
        per_token = [self._token_forms(alias[s:e]) for s, e in spans]

        def rebuild(replacements: dict[int, str]) -> str:
            out, pos = [], 0
            for i, (s, e) in enumerate(spans):
                out.append(alias[pos:s])
                out.append(replacements.get(i, alias[s:e]))
                pos = e
            out.append(alias[pos:])
            return "".join(out)

        result: set[str] = set()
        n = len(spans)
        for policy in self.multiword if n > 1 else ["agree"]:
            idx = {"agree": range(n), "first": [0], "last": [n - 1]}[policy]
            slots = set().union(*(per_token[i].keys() for i in idx))
            for slot in slots:
                choices = [per_token[i].get(slot, [alias[spans[i][0] : spans[i][1]]]) for i in idx]
                for combo in product(*choices):
                    result.add(rebuild(dict(zip(idx, combo, strict=True))))
        result.discard(alias)
        return result


class Gazetteer:
    """The places of one gazetteer and a token index of every surface form of them."""

    def __init__(
        self,
        entries: Iterable[tuple[PlaceEntry, Iterable[str]]],
        inflections: dict[str, Any] | None = None,
        stopwords: Iterable[str] = (),
        adjectives: dict[str, Iterable[str]] | None = None,
    ) -> None:
        """`adjectives`: place name -> its adjectives in lower case (they match in any case;
        an alias must be capitalised, or it would match ordinary words)."""
        stop = {_key(s) for s in stopwords}
        adjectives = adjectives or {}
        self._adjective_keys: set[tuple[str, ...]] = set()
        inflectors = [_Inflector(spec) for spec in (inflections or {}).values()]
        self._cjk: dict[str, PlaceEntry] = {}  # names in ideographs or kana: substrings
        self._entries: dict[str, PlaceEntry] = {}
        # token-key tuple -> (rank, entry, case variants of the alias's tokens)
        cands: dict[tuple[str, ...], tuple[tuple[int, int, int], PlaceEntry, list[tuple[str, ...]]]]
        cands = {}
        for order, (entry, aliases) in enumerate(entries):
            self._entries.setdefault(entry.name, entry)
            base = set(aliases) | {entry.name}
            adjs = {a.lower() for a in adjectives.get(entry.name, ())}
            for alias in base:
                for inf in inflectors:
                    made = inf.adjective(alias, entry.kind)
                    if made:
                        adjs.add(made)
            generated: set[str] = set()
            for alias in base | adjs:
                for inf in inflectors:
                    if inf.applies(alias, entry.kind):
                        forms = inf.forms(alias)
                        generated |= forms
                        if alias in adjs:
                            adjs |= forms
            for alias, is_generated in [
                *((a, 0) for a in base | adjs),
                *((a, 1) for a in generated),
            ]:
                if is_generated and alias in base:
                    continue
                adjective = alias in adjs
                if _CJK_CHAR.search(alias):
                    self._cjk.setdefault(alias, entry)
                    continue
                if not any(c.isupper() for c in alias) and not adjective and not _caseless(alias):
                    continue  # a lower-case alias would match ordinary words
                if _key(alias) in stop:
                    continue
                toks = tuple(m.group() for m in _TOKEN.finditer(alias))
                if not toks:
                    continue
                key = tuple(_key(t) for t in toks)
                rank = (is_generated, _KIND_RANK.get(entry.kind, 5), order)
                if adjective:
                    self._adjective_keys.add(key)
                prev = cands.get(key)
                if prev is None or rank < prev[0]:
                    cands[key] = (rank, entry, [toks])
                elif prev[1] is entry:
                    prev[2].append(toks)
        self._index: dict[tuple[str, ...], tuple[PlaceEntry, list[tuple[str, ...]]]] = {
            k: (v[1], v[2]) for k, v in cands.items()
        }
        alts = sorted(self._cjk, key=lambda a: (-len(a), a))
        self._cjk_pattern = re.compile("|".join(map(re.escape, alts))) if alts else None
        # first token -> longest name (in tokens) starting with it
        self._first: dict[str, int] = {}
        for key in self._index:
            if len(key) > self._first.get(key[0], 0):
                self._first[key[0]] = len(key)

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read places.json and, beside it, inflections.json and stopwords.json (optional)."""
        path = Path(path) if path is not None else data_dir() / "gazetteer" / "places.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        places = doc["places"] if isinstance(doc, dict) else doc
        entries = []
        adjectives: dict[str, list[str]] = {}
        for p in places:
            if p.get("adjectives"):
                adjectives[p["name"]] = list(p["adjectives"])
            entry = PlaceEntry(
                name=p["name"],
                kind=p["kind"],
                lat=float(p["lat"]),
                lon=float(p["lon"]),
                country=p.get("country"),
                capital=bool(p.get("capital", False)),
            )
            entries.append((entry, p.get("aliases", [])))
        inf_path = path.parent / "inflections.json"
        inflections = (
            json.loads(inf_path.read_text(encoding="utf-8"))["languages"]
            if inf_path.exists()
            else {}
        )
        stop_path = path.parent / "stopwords.json"
        stopwords = (
            json.loads(stop_path.read_text(encoding="utf-8"))["never_match"]
            if stop_path.exists()
            else []
        )
        return cls(entries, inflections, stopwords, adjectives)

    def get(self, name: str) -> PlaceEntry | None:
        """The entry whose canonical name is `name`, if any."""
        return self._entries.get(name)

    @property
    def entries(self) -> tuple[PlaceEntry, ...]:
        return tuple(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[PlaceEntry]:
        return iter(self._entries.values())

    def find(self, text: str) -> list[PlaceMention]:
        """Every place named in `text`, sorted by offset, non-overlapping, longest first."""
        if not text:
            return []
        if self._cjk_pattern is not None and _CJK_CHAR.search(text):
            return self._find_cjk(text)
        return self._find_tokens(text)

    def _find_cjk(self, text: str) -> list[PlaceMention]:
        """Names in ideographs as substrings (longest first), then the rest by tokens."""
        assert self._cjk_pattern is not None
        out = [
            PlaceMention(self._cjk[m.group()], m.group(), m.start(), m.end())
            for m in self._cjk_pattern.finditer(text)
        ]
        taken = [(pm.start, pm.end) for pm in out]
        out += [
            pm
            for pm in self._find_tokens(text)
            if not any(s < pm.end and pm.start < e for s, e in taken)
        ]
        return sorted(out, key=lambda pm: pm.start)

    def _find_tokens(self, text: str) -> list[PlaceMention]:
        low = text.lower()
        if (
            len(low) != len(text)  # lower() lengthens "İ"
            or _MARKS.search(text)
            or not unicodedata.is_normalized("NFC", text)
        ):
            return self._find_slow(text)
        # The lower-cased text has the text's offsets and its tokens are the look-up keys.
        # Only the few tokens that can start a name are located, with str.find from the
        # previous one: every token equal to such a key is in the list, so the first
        # occurrence of the key that is a whole token is the one.
        if _FOLDED.search(low):
            low = low.translate(_FOLD)
        first, index = self._first, self._index
        word, gap_word = _FAST
        out: list[PlaceMention] = []
        pos = until = 0
        n_low = len(low)
        for key in [k for k in word.findall(low) if k in first]:
            while True:
                start = low.find(key, pos)
                if start < 0:  # cannot happen: every key came from low's own tokens
                    return out
                pos = end = start + len(key)
                if (start == 0 or not _is_word_char(low[start - 1])) and (
                    end == n_low or not _is_word_char(low[end])
                ):
                    break
            if start < until:
                continue
            longest = first[key]
            if longest == 1:  # the common case, kept free of the general loop's overhead
                entry, variants = index[(key,)]
                tok = text[start:end]
                if any(_case_ok(tok, v[0]) for v in variants):
                    adj = (key,) in self._adjective_keys
                    out.append(PlaceMention(entry, tok, start, end, adj))
                    until = end
                continue
            mention = self._longest(text, low, key, start, end, longest, gap_word)
            if mention is not None:
                out.append(mention)
                until = mention.end
        return out

    def _longest(
        self,
        text: str,
        src: str,
        key: str,
        start: int,
        end: int,
        longest: int,
        gap_word: re.Pattern[str],
        keyf: Callable[[str], str] | None = None,
    ) -> PlaceMention | None:
        """The longest name that starts with the token src[start:end], if any."""
        keys, bounds = [key], [(start, end)]
        pos = end
        while len(keys) < longest:
            g = gap_word.match(src, pos)
            if g is None:
                break
            keys.append(g.group(1) if keyf is None else keyf(g.group(1)))
            bounds.append(g.span(1))
            pos = g.end(1)
        index = self._index
        for n in range(len(keys), 0, -1):
            hit = index.get(tuple(keys[:n]))
            if hit is None:
                continue
            entry, variants = hit
            stop = bounds[n - 1][1]
            if n == 1:
                tok = text[start:stop]
                ok = any(_case_ok(tok, v[0]) for v in variants)
            else:
                toks = [text[s:e] for s, e in bounds[:n]]
                ok = any(
                    all(_case_ok(t, a) for t, a in zip(toks, v, strict=True)) for v in variants
                )
            if ok:
                adj = tuple(keys[:n]) in self._adjective_keys
                return PlaceMention(entry, text[start:stop], start, stop, adj)
        return None

    def _find_slow(self, text: str) -> list[PlaceMention]:
        """`find` for texts whose lower-case form has other offsets, or not in NFC."""
        word, gap_word = _SLOW
        out: list[PlaceMention] = []
        until = 0
        for m in word.finditer(text):
            if m.start() < until:
                continue
            key = _key(m.group())
            longest = self._first.get(key)
            if longest is None:
                continue
            mention = self._longest(text, text, key, m.start(), m.end(), longest, gap_word, _key)
            if mention is not None:
                out.append(mention)
                until = mention.end
        return out


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The project's gazetteer, loaded once per process (building the index takes ~0.1 s)."""
    return Gazetteer.load()
