"""Benchmark of quote placement for spreadsheet import (run: python -m bench.coding)."""
