"""Transcript import: readers, speaker turns, normalisation, rosters. Pure, no database.

>>> from realist.ingest import read_bytes
>>> draft = read_bytes(b"Facilitator: Hello.\\nP1: Hi.\\n", "fg1.txt")
>>> [t.speaker for t in draft.turns]
['Facilitator', 'P1']
"""

from realist.ingest.normalise import OffsetMap, normalise, normalise_with_map
from realist.ingest.registry import (
    DEFAULT_MAX_MB,
    Reader,
    ReadOptions,
    read_bytes,
    read_file,
    reader_for,
    readers,
    register,
    supported_suffixes,
)
from realist.ingest.result import ImportResult, ImportStatus
from realist.ingest.roster import read_roster
from realist.ingest.speakers import build_turns, compile_speaker_pattern, find_marks

__all__ = [
    "DEFAULT_MAX_MB",
    "ImportResult",
    "ImportStatus",
    "OffsetMap",
    "ReadOptions",
    "Reader",
    "build_turns",
    "compile_speaker_pattern",
    "find_marks",
    "normalise",
    "normalise_with_map",
    "read_bytes",
    "read_file",
    "read_roster",
    "reader_for",
    "readers",
    "register",
    "supported_suffixes",
]
