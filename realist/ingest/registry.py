"""Readers, registered once and found by file suffix and content.

A reader turns the bytes of one file into a :class:`~realist.model.DocumentDraft`. It
never touches a database. :func:`read_file` picks the reader, enforces the size limit and
turns every failure into one :class:`~realist.errors.ImportFailed` line.

Examples
--------
>>> sorted(r.name for r in readers())
['docx', 'srt', 'text', 'vtt']
>>> draft = read_bytes(b"P1: hello\\nP2: hi\\n", "fg.txt")
>>> [t.speaker for t in draft.turns]
['P1', 'P2']
"""

from __future__ import annotations

import hashlib
import importlib
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from realist.errors import ImportFailed, ValidationError
from realist.model import DocumentDraft

__all__ = [
    "DEFAULT_MAX_MB",
    "ReadOptions",
    "Reader",
    "read_bytes",
    "read_file",
    "reader_for",
    "readers",
    "register",
]

#: Files larger than this many megabytes are refused unless the limit is raised
#: (``ReadOptions(max_mb=...)``, ``realist import --max-mb``, or ``REALIST_IMPORT_MAX_MB``).
DEFAULT_MAX_MB = 50.0


def _default_max_mb() -> float:
    value = os.environ.get("REALIST_IMPORT_MAX_MB", "")
    try:
        return float(value) if value else DEFAULT_MAX_MB
    except ValueError:
        return DEFAULT_MAX_MB


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How to read files.

    Parameters
    ----------
    speaker_pattern
        A regular expression with a ``(?P<speaker>...)`` group (and optionally
        ``(?P<ts>...)``) that replaces the built-in speaker patterns.
    known_speakers
        Labels that are always speakers (e.g. from a roster).
    max_mb
        The largest file accepted, in megabytes; Word files may unpack to at most
        four times this.
    """

    speaker_pattern: str | re.Pattern[str] | None = None
    known_speakers: tuple[str, ...] = ()
    max_mb: float | None = None

    @property
    def max_bytes(self) -> int:
        mb = self.max_mb if self.max_mb is not None else _default_max_mb()
        return int(mb * 1024 * 1024)


class Reader(Protocol):
    """What a reader provides: a name, the suffixes it owns, a content test and ``read``."""

    name: str
    suffixes: tuple[str, ...]

    def sniff(self, head: bytes) -> bool:
        """True when the first bytes of a file look like this reader's format."""
        ...

    def read(self, data: bytes, name: str, options: ReadOptions) -> DocumentDraft:
        """Read a whole file's bytes (``name`` is the file name, for messages)."""
        ...


_READERS: dict[str, Reader] = {}


def register(reader: Reader) -> Reader:
    """Add ``reader`` to the registry (a reader of the same name is replaced)."""
    _READERS[reader.name] = reader
    return reader


def readers() -> list[Reader]:
    """The registered readers."""
    _load_builtin()
    return list(_READERS.values())


def supported_suffixes() -> list[str]:
    """Every suffix a registered reader owns, e.g. ``['.docx', '.md', ...]``."""
    return sorted({s for r in readers() for s in r.suffixes})


def reader_for(name: str, head: bytes) -> Reader:
    """Choose the reader for a file called ``name`` whose content starts with ``head``.

    The suffix decides, except that a text file whose content is plainly WebVTT or
    SubRip goes to that reader; an unknown suffix is decided by content.
    """
    suffix = Path(name).suffix.lower()
    _refuse_known_foreign(name, head)
    by_suffix = next((r for r in readers() if suffix in r.suffixes), None)
    if by_suffix is not None and by_suffix.name != "text":
        return by_suffix
    for reader in readers():
        if reader.name != "text" and reader.sniff(head):
            return reader
    if by_suffix is not None:
        return by_suffix
    text_reader = _READERS["text"]
    if text_reader.sniff(head):
        return text_reader
    raise ImportFailed(
        name,
        f"is not a supported kind of file ({suffix or 'no suffix'}): "
        f"use one of {', '.join(supported_suffixes())}",
    )


def _refuse_known_foreign(name: str, head: bytes) -> None:
    """Name the formats people most often try, and what to do instead."""
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise ImportFailed(
            name,
            "is an old Word .doc file or a password-protected Office document: open it in Word,"
            " remove any password and save as .docx",
        )
    if head.startswith(b"%PDF"):
        raise ImportFailed(name, "is a PDF: export the transcript from its source as .docx or .txt")
    if head.lstrip().startswith(b"{\\rtf"):
        raise ImportFailed(name, "is a Rich Text (.rtf) file: open it in Word and save as .docx")


def read_bytes(data: bytes, name: str, options: ReadOptions | None = None) -> DocumentDraft:
    """Read the content ``data`` of a file called ``name``.

    Raises
    ------
    ImportFailed
        With a one-line reason, for anything that stops the file being read.
    """
    options = options or ReadOptions()
    if not data:
        raise ImportFailed(name, "is empty (0 bytes)")
    if len(data) > options.max_bytes:
        raise _too_large(name, len(data), options)
    reader = reader_for(name, data[:4096])
    try:
        return reader.read(data, name, options)
    except (ImportFailed, ValidationError):
        raise
    except (ValueError, KeyError, IndexError, OSError, zipfile.BadZipFile, RecursionError) as exc:
        raise ImportFailed(name, f"could not be read as {reader.name} ({exc})") from exc


def read_file(path: str | os.PathLike[str], options: ReadOptions | None = None) -> DocumentDraft:
    """Read one transcript file into a draft, checking its size before reading it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "fg2.txt"
    >>> _ = path.write_text("Facilitator: Shall we start?\\nP1: Yes.\\n", encoding="utf-8")
    >>> draft = read_file(path)
    >>> draft.name, draft.source_format, len(draft.turns)
    ('fg2', 'txt', 2)
    """
    options = options or ReadOptions()
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportFailed(path, "is not a file")
        if size > options.max_bytes:
            raise _too_large(path.name, size, options)
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(path, "does not exist: check the path") from None
    except PermissionError:
        raise ImportFailed(path, "cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise ImportFailed(path, "is a folder: name the files inside it") from None
    return read_bytes(data, str(path), options)


def sha256_of(data: bytes) -> str:
    """The hex SHA-256 of a file's bytes, used to recognise a file imported before."""
    return hashlib.sha256(data).hexdigest()


def document_name(name: str) -> str:
    """A document's name from its file name: the stem.

    >>> document_name("/data/FG 3 Ballarat.docx")
    'FG 3 Ballarat'
    """
    return Path(name).stem or Path(name).name


def _too_large(name: str | os.PathLike[str], size: int, options: ReadOptions) -> ImportFailed:
    mb = size / (1024 * 1024)
    limit = options.max_bytes / (1024 * 1024)
    return ImportFailed(
        name,
        f"is {mb:.1f} MB, larger than the import limit of {limit:.0f} MB: check it is a "
        f"transcript, or raise the limit (realist import --max-mb {int(mb) + 1}, "
        "or the REALIST_IMPORT_MAX_MB environment variable)",
    )


def _load_builtin() -> None:
    if _READERS:
        return
    for module in ("docx", "text", "vtt", "srt"):
        register(importlib.import_module(f"realist.ingest.{module}").READER)
