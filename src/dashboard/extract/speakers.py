"""Known speakers (people and institutions) with their roles and sides, from data/extract/speakers.json."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dashboard.paths import data_dir


@dataclass(frozen=True)
class Speaker:
    name: str
    role: str | None
    side: str | None


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
        body = "|".join((f"(?i:{_escape(a)})" if len(a.split()) > 1 else _escape(a)) for a in alts)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if alts else None

    @classmethod
    def load(cls, path: Path | None = None) -> SpeakerIndex:
        path = path or data_dir() / "extract" / "speakers.json"
        raw = json.loads(path.read_text(encoding="utf-8"))
        speakers, aliases = [], {}
        for item in raw["speakers"]:
            sp = Speaker(item["name"], item.get("role"), item.get("side"))
            speakers.append(sp)
            for alias in [item["name"], *item.get("aliases", [])]:
                aliases.setdefault(alias.replace("’", "'"), sp)
        return cls(speakers, aliases)

    def find(self, text: str) -> list[SpeakerMention]:
        if self._pattern is None:
            return []
        return [
            SpeakerMention(self._by_alias[_key(m.group(0))], m.start(), m.end())
            for m in self._pattern.finditer(text)
            if _key(m.group(0)) in self._by_alias
        ]


def _escape(alias: str) -> str:
    return re.escape(alias).replace("'", "['’]").replace(r"\ ", r"\s+")


def _key(surface: str) -> str:
    return re.sub(r"\s+", " ", surface.replace("’", "'")).casefold()


@lru_cache(maxsize=1)
def default_speakers() -> SpeakerIndex:
    return SpeakerIndex.load()
