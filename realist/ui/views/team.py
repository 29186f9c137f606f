"""team page."""

import streamlit as st


def render() -> None:
    st.title("team")
