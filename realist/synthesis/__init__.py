"""Demi-regularities: counted evidence, grouping suggestions and the CMO network.

Everything here is a pure function or estimator over :mod:`realist.model` objects (gathered
in a :class:`SynthesisData`) and DataFrames; ``Project`` methods connect them to the store.
"""

from realist.synthesis.data import NON_EVIDENCE_ROLES, SynthesisData, is_evidence_participant
from realist.synthesis.evidence import (
    DEFAULT_MIN_DOCUMENTS,
    Evidence,
    evidence_for,
    evidence_frame,
    evidence_of_cmocs,
    evidence_status,
)
from realist.synthesis.network import (
    build_network,
    centrality_summary,
    cmo_network,
    excerpts_behind,
    network_figure,
    write_network,
)
from realist.synthesis.suggest import CMOCGrouper, Suggestion, suggestions_frame

__all__ = [
    "DEFAULT_MIN_DOCUMENTS",
    "NON_EVIDENCE_ROLES",
    "CMOCGrouper",
    "Evidence",
    "Suggestion",
    "SynthesisData",
    "build_network",
    "centrality_summary",
    "cmo_network",
    "evidence_for",
    "evidence_frame",
    "evidence_of_cmocs",
    "evidence_status",
    "excerpts_behind",
    "is_evidence_participant",
    "network_figure",
    "suggestions_frame",
    "write_network",
]
