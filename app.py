"""Streamlit entry point: `streamlit run app.py` (or `make run`). Routes to the pages."""

import streamlit as st

from dashboard.ui import home, navigation

st.set_page_config(page_title=home.TITLE, layout="wide")
st.navigation(navigation.pages(home.render)).run()
