"""Article text made safe for plotly, whose hover labels, legend entries and tick labels
all render a subset of HTML, links included (markdown and URLs go through
`dashboard.ui.safe`).

Quotes and evidence come from arbitrary web pages; a `<b>` inside them must show as
typed, never restyle the label.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

import pandas as pd

from dashboard.ui.format import shorten

HOVER_WIDTH = 72


def plain(value: Any) -> str:
    """Text of a cell; '' for None/NaN."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value)


def hover_html(value: Any, width: int = HOVER_WIDTH) -> str:
    """Escaped text wrapped into `<br>`-separated lines, so a long sentence does not make
    a hover label wider than the chart."""
    text = " ".join(plain(value).split())
    lines = textwrap.wrap(text, width=width, break_long_words=True) if width else [text]
    return "<br>".join(html.escape(line, quote=False) for line in lines)


LABEL_CHARS = 40  # a legend entry or tick label longer than this is cut (the hover has all)


def label_html(value: Any, limit: int | None = None) -> str:
    """Escaped text for the other places plotly reads its HTML subset: legend entries
    (trace names) and category tick labels (speakers). Without `limit` one-to-one, so two
    different names never share a row; with it, cut to `limit` characters so that a long
    name cannot push the legend or the axis over the plot."""
    text = plain(value)
    return html.escape(shorten(text, limit) if limit else text, quote=False)
