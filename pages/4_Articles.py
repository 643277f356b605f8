"""Articles: a filterable list, and each article with its facts' evidence highlighted."""

import streamlit as st

from dashboard.ui.articles import page as articles
from dashboard.ui.navigation import route_through_app

route_through_app()

st.set_page_config(page_title="Articles", layout="wide")
articles.render()
