"""Ingest: upload article files and store their facts, one result per file."""

import streamlit as st

from dashboard.ui.ingest import page as ingest
from dashboard.ui.navigation import route_through_app

route_through_app()

st.set_page_config(page_title="Ingest", layout="wide")
ingest.render()
