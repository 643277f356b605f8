"""Table columns shared by every page that lists facts with their evidence.

Each fact row ends with the same three columns (the sentence, our evidence view, the
original page) so a reader finds the evidence in the same place on every page.
"""

from __future__ import annotations

import streamlit as st

EVIDENCE_COLUMNS = {
    "evidence": st.column_config.TextColumn("Evidence", width="large"),
    "article": st.column_config.LinkColumn("Article", display_text="evidence view"),
    "source": st.column_config.LinkColumn("Original", display_text=r"https?://([^/]+)"),
}
