"""Transcript import: readers, speaker turns, normalisation, rosters. Pure, no database."""
