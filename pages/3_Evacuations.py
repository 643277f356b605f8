"""Evacuations and displacement: every reported figure over time, by outlet, with evidence."""

import streamlit as st

from dashboard.ui import evacuations

st.set_page_config(page_title="Evacuations", layout="wide")
evacuations.render()
