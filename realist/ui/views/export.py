"""export page."""

import streamlit as st


def render() -> None:
    st.title("export")
