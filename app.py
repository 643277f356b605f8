"""Streamlit home page: `streamlit run app.py` (or `make run`)."""

import streamlit as st

from dashboard.ui import home

st.set_page_config(page_title=home.TITLE, layout="wide")
home.render()
