"""Ingest: upload article files and store their facts, one result per file."""

import streamlit as st

from dashboard.ui import ingest

st.set_page_config(page_title="Ingest", layout="wide")
ingest.render()
