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
# The lookbehind and the possessive quantifiers keep this linear: without them a run of
# a million dots (bad input) is retried from every position with every shorter length,
# which never finishes. They match exactly what the plain pattern matched: a run of
# terminators followed by whitespace can only end where the run ends.
_END = re.compile(r"""(?<![.!?…։])[.!?…։]++["»”’)\]]*+(?=\s+["«“„(\[—–-]?[\d\w])""")
# Armenian ends a sentence with "։" (above) or, often in web text, with a plain colon
# before the next capital
_ARMENIAN_COLON = re.compile(r":(?=\s+[\u0531-\u0556])")
# Chinese and Japanese end a sentence with a full-width mark and no space after it
# ("…进入了亚美尼亚。纳戈尔诺…"): the mark (and a closing quote) ends it whatever follows
_CJK_END = re.compile(r"[。！？]+[」』”’）)]*")
_SINGLE_INITIAL = re.compile(
    r"(?:^|[\s(])(?:\w|Mr|Mrs|Ms|Dr|St|Mme|Mlle|Pr|Gen|Col|Lt|Sgt|Gov|Sen|Rep|Jr|No|art|г|гг|тыс|млн|ул|им|т\.е|т\.к|др|вкл|ca|bzw|Nr|vgl|etc|approx|env|p|pp)$",
    re.I,
)
# "am 24. September": a short number before a period is an ordinal when a month follows
# ("on September 27. One of them" ends a sentence)
_ORDINAL = re.compile(r"(?:^|\s)\d{1,2}$")
_NEXT_WORD = re.compile(r"[^\W\d_]+")
# pages whose line breaks were lost glue sentences together: "las hostilidades.Nagorno"
_GLUED = re.compile(r"(?<=[^\W\d_]{3})\.(?=[^\W\d_]{2})")
# Both patterns above only look at the end of the text before a full stop, never further
# back than this ("approx" plus the preceding space, with room to spare): the search is
# run on that tail only, so "A. A. A. ..." (no sentence ever ends) stays linear.
_TAIL = 16
_SPACES = re.compile(r"\s*")
# Longer "sentences" are cut into pieces of at most this many characters. Real ones are far
# shorter (the longest in the sample corpus has about 300); the extractors do work that
# grows with the square of a sentence's length (every speech verb looks back for a name,
# every number is checked against every date), which a megabyte-long line never finished.
MAX_SENTENCE_CHARS = 2000
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
        for m in _stops(para):
            # only the tail of the text before the stop, and only the next character after
            # it, are read: copying the rest of the paragraph at every stop was quadratic
            if m.start() < start:
                continue
            before = para[max(start, m.start() - _TAIL) : m.start()]
            after = _SPACES.match(para, m.end()).end()
            if _SINGLE_INITIAL.search(before) or (
                _ORDINAL.search(before) and _month_follows(para, after)
            ):
                continue
            if para[after : after + 1].islower():
                continue
            _add(out, text, idx + start, idx + m.end())
            start = m.end()
        _add(out, text, idx + start, idx + len(para))
    return out


def _stops(para: str):
    """Full stops that may end a sentence: before whitespace, or glued to a capitalised
    word ("hostilidades.Nagorno", never "e.g.", "U.S.", "3.5" or "example.com")."""
    glued = (
        list(_ARMENIAN_COLON.finditer(para))
        + list(_CJK_END.finditer(para))
        + [
            m
            for m in _GLUED.finditer(para)
            if para[m.start() - 1].islower()
            and para[m.end()].isupper()
            and para[m.end() + 1].islower()
        ]
    )
    if not glued:
        return _END.finditer(para)
    return sorted([*_END.finditer(para), *glued], key=lambda m: m.start())


def _month_follows(para: str, pos: int) -> bool:
    from dashboard.extract.dates import month_number

    word = _NEXT_WORD.match(para, pos)
    return bool(word) and month_number(word.group()) is not None


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        # a run-on "sentence" (no full stops: a table, a list, a script whose full stop we
        # do not know, or junk): cut it at the last whitespace before the limit (mid-word
        # if there is none), so that every later per-sentence step works on bounded text
        limit = start + MAX_SENTENCE_CHARS
        cut = next(
            (i for i in range(limit, start + MAX_SENTENCE_CHARS // 2, -1) if text[i].isspace()),
            limit,
        )
        _add(out, text, start, cut)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
