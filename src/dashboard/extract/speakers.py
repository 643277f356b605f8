"""Known speakers (people and institutions) with their roles and sides, from data/extract/speakers.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.extract.lexicon import is_cjk
from dashboard.paths import data_dir


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    side: str | None
    kind: str = "person"  # person | institution | media: "he said" only ever means a person


@dataclass(frozen=True)
class SpeakerMention:
    speaker: Speaker
    start: int
    end: int


class SpeakerIndex:
    """Finds speakers by any alias on word boundaries.

    One-word aliases (surnames, acronyms) match case-sensitively, so "Power" or "Michel" in
    running text never becomes a speaker; longer aliases ignore case, because institutions
    are written both ways ("Armenia's foreign ministry", "Armenia's Foreign Ministry").
    """

    def __init__(self, speakers: list[Speaker], aliases: dict[str, Speaker]):
        self.speakers = speakers
        self._by_alias = {_key(a): sp for a, sp in aliases.items()}
        alts = sorted(aliases, key=lambda a: (-len(a), a))
        # Chinese and Japanese write no spaces: a name there is a substring ("パシニャン首相")
        spaced = [(a, len(a.split()) > 1) for a in alts if not _is_cjk(a)]
        unspaced = [_escape(a) for a in alts if _is_cjk(a)]
        parts = [rf"(?<!\w)(?:{_alternation(spaced)})(?!\w)"] if spaced else []
        parts += [f"(?:{'|'.join(unspaced)})"] if unspaced else []
        self._pattern = re.compile("|".join(parts)) if parts else None

    @classmethod
    def load(cls, path: Path | None = None) -> SpeakerIndex:
        path = path or data_dir() / "extract" / "speakers.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
        speakers, aliases = [], {}
        for item in raw["speakers"]:
            sp = Speaker(
                item["name"], item.get("role"), item.get("side"), item.get("kind", "person")
            )
            speakers.append(sp)
            for alias in [item["name"], *item.get("aliases", [])]:
                for form in _forms(alias):
                    aliases.setdefault(form.replace("’", "'"), sp)
        return cls(speakers, aliases)

    def find(self, text: str) -> list[SpeakerMention]:
        if self._pattern is None:
            return []
        return [
            SpeakerMention(self._by_alias[_key(m.group(0))], m.start(), m.end())
            for m in self._pattern.finditer(text)
            if _key(m.group(0)) in self._by_alias
        ]


# Korean particles glued after a name ("파시냔은", "그리고랸이", "라브로프의")
_HANGUL_PARTICLES = ("은", "는", "이", "가", "의", "와", "과", "도", "에게", "측", "을", "를")


def _is_cjk(alias: str) -> bool:
    return any(is_cjk(ch) for ch in alias)


def _forms(alias: str) -> list[str]:
    """The alias and, for an Armenian name, its form with the definite article that a
    subject takes ("Փաշինյանը"); for a Korean name, its forms with a particle."""
    if alias[-1:] and "\u0561" <= alias[-1] <= "\u0587":
        return [alias, alias + "ը"]
    if alias[-1:] and "\uac00" <= alias[-1] <= "\ud7af":
        return [alias, *(alias + p for p in _HANGUL_PARTICLES)]
    return [alias]


def _alias_regex(alias: str, ignore_case: bool) -> str:
    return f"(?i:{_escape(alias)})" if ignore_case else _escape(alias)


def _first_matches(char: str, first: str, ignore_case: bool) -> bool:
    return (
        re.fullmatch(f"(?i:{re.escape(first)})" if ignore_case else re.escape(first), char)
        is not None
    )


def _may_share(a: tuple[str, bool], b: tuple[str, bool]) -> bool:
    """Whether one character can match both aliases' first letters (with their case
    rules); only the two letters themselves can be such a character."""
    return any(_first_matches(x, *a) and _first_matches(x, *b) for x in {a[0], b[0]})


def _alternation(aliases: list[tuple[str, bool]]) -> str:
    """The aliases' alternation in their order, (alias, ignore case) each, gathered into
    branches by first letter, each branch behind a look-ahead for its first letters: the
    engine tests a position against a few branches instead of every alias. Aliases in
    different branches cannot match at one position, so the alias chosen is the same."""
    plain = "|".join(_alias_regex(a, ci) for a, ci in aliases)
    if not all(a[:1].isalnum() for a, _ in aliases):
        return plain
    branches: list[tuple[list[tuple[str, bool]], list[str]]] = []
    for alias, ci in aliases:
        first = (alias[0], ci)
        for firsts, members in branches:
            if any(_may_share(first, other) for other in firsts):
                firsts.append(first)
                members.append(_alias_regex(alias, ci))
                break
        else:
            branches.append(([first], [_alias_regex(alias, ci)]))
    parts = []
    for firsts, members in branches:
        sensitive = "".join(sorted({re.escape(f) for f, ci in firsts if not ci}))
        folded = "".join(sorted({re.escape(f) for f, ci in firsts if ci}))
        ahead = "|".join(
            ([f"(?i:[{folded}])"] if folded else []) + ([f"[{sensitive}]"] if sensitive else [])
        )
        parts.append(f"(?=(?:{ahead}))(?:{'|'.join(members)})")
    return "|".join(parts)


def _escape(alias: str) -> str:
    return re.escape(alias).replace("'", "['’]").replace(r"\ ", r"\s+")


def _key(surface: str) -> str:
    return re.sub(r"\s+", " ", surface.replace("’", "'")).casefold()


@lru_cache(maxsize=1)
def default_speakers() -> SpeakerIndex:
    return SpeakerIndex.load()
