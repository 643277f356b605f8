"""An article body as HTML with every fact's evidence sentence marked and labelled.

The body and the labels come from the open web, so every piece of text goes through
`html.escape` here and nothing else is ever passed to the page as HTML; the only markup
is the fixed tags and styles below. Evidence is an exact substring of the body, so spans
are found by plain substring search (no sentence splitting that could disagree with the
extractor's). Several facts read from the same sentence become one highlight with several
labels; partly overlapping spans are cut into pieces, each marked once.

Kept free of Streamlit so it can be tested directly.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# kind -> (highlight colour, label colour); fixed strings, never user data
COLOURS: dict[str, tuple[str, str]] = {
    "event": ("#fde68a", "#92400e"),
    "statement": ("#bfdbfe", "#1e3a8a"),
    "place": ("#bbf7d0", "#14532d"),
}
_KIND_ORDER = tuple(COLOURS)
_BODY_STYLE = "white-space: pre-wrap; line-height: 1.7; font-size: 1rem;"
_MARK_STYLE = "background: {bg}; color: #111; padding: 0.05em 0.15em; border-radius: 0.2em;"
_LABEL_STYLE = (
    "display: inline-block; margin: 0 0.3em 0 0.15em; padding: 0 0.35em; font-size: 0.72em; "
    "line-height: 1.5; border-radius: 0.6em; border: 1px solid {fg}; color: {fg}; "
    "background: {bg}; vertical-align: 0.15em; white-space: nowrap;"
)


@dataclass(frozen=True)
class Mark:
    """One fact to show: its evidence sentence, its label and its kind (event, ...)."""

    evidence: str
    label: str
    kind: str = "event"


@dataclass(frozen=True)
class Segment:
    """A piece of the body and the marks covering it (none: plain text).

    `ending` are the marks whose span ends with this piece: their labels go right after it."""

    text: str
    marks: tuple[Mark, ...] = ()
    ending: tuple[Mark, ...] = ()


def find_spans(body: str, marks: Iterable[Mark]) -> tuple[list[tuple[int, int, Mark]], list[Mark]]:
    """(start, end, mark) of each mark's first occurrence, and the marks not found.

    Identical marks (same evidence, label and kind) count once."""
    found: list[tuple[int, int, Mark]] = []
    missing: list[Mark] = []
    for mark in dict.fromkeys(marks):
        start = body.find(mark.evidence) if mark.evidence else -1
        if start < 0:
            missing.append(mark)
        else:
            found.append((start, start + len(mark.evidence), mark))
    return found, missing


def segments(body: str, spans: Sequence[tuple[int, int, Mark]]) -> list[Segment]:
    """Cut `body` at every span boundary; neighbours with the same marks are merged."""
    cuts = sorted({0, len(body), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[Segment] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        if lo == hi:
            continue
        covering = tuple(m for s, e, m in spans if s <= lo and hi <= e)
        ending = tuple(m for s, e, m in spans if e == hi)
        if out and out[-1].marks == covering and not out[-1].ending:
            prev = out.pop()
            out.append(Segment(prev.text + body[lo:hi], covering, ending))
        else:
            out.append(Segment(body[lo:hi], covering, ending))
    return out


def _colour_kind(marks: Sequence[Mark]) -> str:
    kinds = {m.kind for m in marks}
    return next((k for k in _KIND_ORDER if k in kinds), "event")


def label_html(mark: Mark) -> str:
    """A small escaped chip naming the fact, e.g. "event: evacuation · 2023-09-20"."""
    bg, fg = COLOURS.get(mark.kind, COLOURS["event"])
    style = _LABEL_STYLE.format(bg=bg, fg=fg)
    return f'<span class="fact-label" style="{style}">{html.escape(mark.label)}</span>'


def segment_html(segment: Segment) -> str:
    text = html.escape(segment.text)
    if segment.marks:
        bg, _ = COLOURS.get(_colour_kind(segment.marks), COLOURS["event"])
        title = html.escape(" | ".join(m.label for m in segment.marks), quote=True)
        style = _MARK_STYLE.format(bg=bg)
        text = f'<mark title="{title}" style="{style}">{text}</mark>'
    return text + "".join(label_html(m) for m in segment.ending)


def highlight_html(body: str, marks: Iterable[Mark]) -> str:
    """The whole body as one escaped HTML block with its evidence highlighted.

    Newlines are kept by `white-space: pre-wrap` rather than turned into tags, so a
    highlight may run across a paragraph break without breaking the markup."""
    spans, _ = find_spans(body or "", marks)
    inner = "".join(segment_html(s) for s in segments(body or "", spans))
    return f'<div class="article-body" style="{_BODY_STYLE}">{inner}</div>'


def legend_html() -> str:
    """The colour key shown above the body."""
    chips = "".join(label_html(Mark("", kind, kind)) for kind in _KIND_ORDER)
    return f'<div class="fact-legend">Highlighted evidence: {chips}</div>'
