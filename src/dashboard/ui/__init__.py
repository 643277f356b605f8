"""Streamlit layout helpers; pages stay thin and call these plus the query layer."""
