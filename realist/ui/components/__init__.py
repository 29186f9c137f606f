"""Browser components of the realist app (``st.components.v2``, inline, no build step)."""
