"""Articles: a filterable list, and each article with its facts' evidence highlighted."""

import streamlit as st

from dashboard.ui import articles

st.set_page_config(page_title="Articles", layout="wide")
articles.render()
