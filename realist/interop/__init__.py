"""REFI-QDA exchange: ``.qdpx`` projects and ``.qdc`` codebooks to and from NVivo, ATLAS.ti,
MAXQDA, QualCoder, Taguette and f4.

Reading (:func:`read_qdpx`, :func:`read_qdc`) is pure: it returns a :class:`RefiProject`
with offsets already in code points of the normalised text, plus the warnings. Writing
(:func:`write_qdpx`, :func:`write_qdc`) takes one. ``Project.import_refi`` and
``Project.export_qdpx`` / ``export_qdc`` connect them to a project.

Examples
--------
>>> from realist.interop import canonical_guid
>>> canonical_guid("{0D62985D-B147-5D01-A9B5-CAE5DCD98342}")
'0d62985d-b147-5d01-a9b5-cae5dcd98342'
"""

from realist.interop.export import Snapshot, to_refi
from realist.interop.load import read_qdc, read_qdpx, read_refi
from realist.interop.offsets import OffsetScheme, SourceText
from realist.interop.plan import ImportPlan, ImportReport, make_plan
from realist.interop.refi import (
    RefiCase,
    RefiCode,
    RefiCoding,
    RefiLink,
    RefiNote,
    RefiProject,
    RefiSelection,
    RefiSet,
    RefiSource,
    RefiUser,
    RefiVariable,
    canonical_guid,
)
from realist.interop.safety import Limits, UnsafeFile
from realist.interop.write import write_qdc, write_qdpx

__all__ = [
    "ImportPlan",
    "ImportReport",
    "Limits",
    "OffsetScheme",
    "RefiCase",
    "RefiCode",
    "RefiCoding",
    "RefiLink",
    "RefiNote",
    "RefiProject",
    "RefiSelection",
    "RefiSet",
    "RefiSource",
    "RefiUser",
    "RefiVariable",
    "Snapshot",
    "SourceText",
    "UnsafeFile",
    "canonical_guid",
    "make_plan",
    "read_qdc",
    "read_qdpx",
    "read_refi",
    "to_refi",
    "write_qdc",
    "write_qdpx",
]
