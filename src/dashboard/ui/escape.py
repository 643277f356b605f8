"""Article text made safe for plotly hover labels, which render a subset of HTML
(markdown and URLs go through `dashboard.ui.safe`).

Quotes and evidence come from arbitrary web pages; a `<b>` inside them must show as
typed, never restyle the label.
"""

from __future__ import annotations

import html
import textwrap
from typing import Any

import pandas as pd

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
