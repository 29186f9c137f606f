"""Streamlit's own floor: the smallest page, one line of text, with no realist code."""

import streamlit as st

st.write("ready")
