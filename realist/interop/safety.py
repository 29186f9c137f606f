"""Open REFI-QDA files as hostile input: checked zip members, size limits, no XML entities.

A ``.qdpx`` is a zip archive. Before any member is read, its name is checked (no ``..``,
no absolute path, no drive letter, no link) and the archive's declared sizes are checked
against limits (per member, in total, and compression ratio); while reading, the actual
bytes are counted again, so a member that lies about its size is stopped too. XML is parsed
without DTDs, entities or network access, and a document that carries a ``DOCTYPE`` is
refused outright.

Examples
--------
>>> parse_xml(b"<a><b/></a>", "example.xml").tag
'a'
>>> parse_xml(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', "bad.xml")
Traceback (most recent call last):
...
realist.interop.safety.UnsafeFile: bad.xml: the XML declares a DOCTYPE (entities or external references); REFI-QDA files never need one, so it is refused: export the file again from its program [R007]
"""

from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from lxml import etree

from realist.errors import ImportFailed
from realist.hostile import hardened_xml_parser, safe_member_name

__all__ = ["Limits", "SafeArchive", "UnsafeFile", "parse_xml"]

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


class UnsafeFile(ImportFailed):
    """The file looks hostile or broken (zip member names, sizes, XML entities)."""


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a single import may read.

    The defaults fit a large qualitative project (hundreds of long transcripts) and stop
    archives built to exhaust memory or disk.
    """

    max_members: int = 20_000
    max_member_bytes: int = 512 * 1024**2
    max_total_bytes: int = 2 * 1024**3
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1024**2
    max_xml_bytes: int = 512 * 1024**2


class SafeArchive:
    """A zip archive whose member names and sizes were checked on opening.

    Members are found case-insensitively (``Sources/`` and ``sources/`` both work) and read
    with a byte counter that stops at the declared size and at the limits.
    """

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.path = Path(path)
        self.limits = limits or Limits()
        try:
            self._zip = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFailed(
                self.path, f"not a readable zip archive ({exc}): a .qdpx must be a zip file"
            ) from None
        self._members: dict[str, zipfile.ZipInfo] = {}
        try:
            self._check()
        except BaseException:
            self._zip.close()
            raise

    def close(self) -> None:
        """Close the underlying zip file."""
        self._zip.close()

    def __enter__(self) -> SafeArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check(self) -> None:
        infos = self._zip.infolist()
        limits = self.limits
        if len(infos) > limits.max_members:
            raise UnsafeFile(
                self.path, f"the archive holds {len(infos)} members (limit {limits.max_members})"
            )
        total = 0
        for info in infos:
            name = safe_member_name(info.filename)
            if name is None:
                raise UnsafeFile(
                    self.path,
                    f"member name {info.filename!r} points outside the archive folder "
                    "(absolute path, drive letter or '..'); the file is refused",
                )
            mode = info.external_attr >> 16
            if mode and stat.S_ISLNK(mode):
                raise UnsafeFile(self.path, f"member {info.filename!r} is a symbolic link")
            if info.flag_bits & 0x1:
                raise UnsafeFile(
                    self.path, f"member {info.filename!r} is encrypted: export it unencrypted"
                )
            if info.is_dir():
                continue
            if info.file_size > limits.max_member_bytes:
                raise UnsafeFile(
                    self.path,
                    f"member {info.filename!r} would unpack to {info.file_size:,} bytes "
                    f"(limit {limits.max_member_bytes:,})",
                )
            if (
                info.file_size > limits.ratio_floor_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)
            ):
                raise UnsafeFile(
                    self.path,
                    f"member {info.filename!r} is compressed {info.file_size / max(info.compress_size, 1):,.0f}"
                    f" to 1 (limit {limits.max_ratio:,.0f} to 1): this looks like a zip bomb",
                )
            total += info.file_size
            key = name.casefold()
            if key in self._members:
                raise UnsafeFile(self.path, f"member {info.filename!r} appears twice")
            self._members[key] = info
        if total > limits.max_total_bytes:
            raise UnsafeFile(
                self.path,
                f"the archive would unpack to {total:,} bytes (limit {limits.max_total_bytes:,})",
            )

    def names(self) -> list[str]:
        """Names of the file members (checked, ``/``-separated)."""
        return [str(safe_member_name(i.filename)) for i in self._members.values()]

    def find(self, name: str) -> str | None:
        """The stored name matching ``name`` case-insensitively, if any."""
        info = self._members.get(name.strip("/").casefold())
        return str(safe_member_name(info.filename)) if info else None

    def read(self, name: str) -> bytes:
        """The bytes of member ``name``, counted while reading."""
        info = self._members.get(name.strip("/").casefold())
        if info is None:
            raise KeyError(name)
        limit = min(info.file_size, self.limits.max_member_bytes)
        with self._zip.open(info) as handle:
            return _read_bounded(handle, limit, self.path, info.filename)


def _read_bounded(handle: IO[bytes], limit: int, path: Path, member: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = handle.read(1024 * 1024)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise UnsafeFile(
                path, f"member {member!r} unpacks to more than its declared {limit:,} bytes"
            )
        chunks.append(chunk)
    return b"".join(chunks)


def parse_xml(data: bytes, where: str, *, limit: int | None = None) -> etree._Element:
    """Parse ``data`` as XML with no DTD, entities or network; refuse any ``DOCTYPE``."""
    if limit is not None and len(data) > limit:
        raise UnsafeFile(where, f"the XML is {len(data):,} bytes (limit {limit:,})")
    probe = data
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        probe = data.decode("utf-16", errors="replace").encode("utf-8", errors="replace")
    if _DOCTYPE.search(probe) or _ENTITY.search(probe):
        raise UnsafeFile(
            where,
            "the XML declares a DOCTYPE (entities or external references); REFI-QDA files "
            "never need one, so it is refused: export the file again from its program",
        )
    try:
        root = etree.fromstring(data, hardened_xml_parser())
    except etree.XMLSyntaxError as exc:
        raise ImportFailed(where, f"not well-formed XML: {exc}") from None
    docinfo = root.getroottree().docinfo
    if getattr(docinfo, "doctype", ""):
        raise UnsafeFile(where, "the XML declares a DOCTYPE; it is refused")
    return root
