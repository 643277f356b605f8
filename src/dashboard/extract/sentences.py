"""Sentence spans with offsets, so that every fact's evidence is an exact slice of the body.

Written here rather than taken from a library because we need character offsets into the
original text (not re-joined tokens), several scripts, and French/Russian abbreviation habits
("M. Hajiyev", "2 тыс. человек"); the rule set is small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# a sentence ends at . ! ? … (optionally followed by closing quotes/brackets) when the next
# non-space character starts a new sentence (capital letter, digit, opening quote or dash)
_END = re.compile(r"""[.!?…]+["»”’)\]]*(?=\s+["«“„(\[—–-]?[\d\w])""")
_SINGLE_INITIAL = re.compile(
    r"(?:^|[\s(])(?:\w|Mr|Mrs|Ms|Dr|St|Mme|Mlle|Pr|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Jr|No|art|г|гг|тыс|млн|ул|им|т\.е|т\.к|др|вкл|ca|bzw|Nr|vgl|etc|approx|env|p|pp)$",
    re.I,
)
# "am 24. September", "der 3. Tag": a short number before a period is an ordinal
_ORDINAL = re.compile(r"(?:^|\s)\d{1,2}$")
_PARA = re.compile(r"\n\s*\n|\n")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    for para in _PARA.split(text):
        # recover the paragraph's offset in the original text
        idx = text.find(para, pos)
        if idx < 0:
            continue
        pos = idx + len(para)
        start = 0
        for m in _END.finditer(para):
            before = para[start : m.start()]
            if _SINGLE_INITIAL.search(before) or _ORDINAL.search(before):
                continue
            nxt = para[m.end() :].lstrip()
            if nxt[:1].islower():
                continue
            _add(out, text, idx + start, idx + m.end())
            start = m.end()
        _add(out, text, idx + start, idx + len(para))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
