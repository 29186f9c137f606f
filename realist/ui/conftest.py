"""Keep pytest's doctest collection away from the page scripts: they run only inside Streamlit."""

collect_ignore_glob = ["pages/*.py", "app_script.py"]
