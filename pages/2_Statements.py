"""Statements: who said what and when, grouped by side, with the evidence behind each."""

import streamlit as st

from dashboard.ui import statements

st.set_page_config(page_title="Statements", layout="wide")
statements.render()
