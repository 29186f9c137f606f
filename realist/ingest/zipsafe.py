"""Open a zip container (a ``.docx``) as a hostile file.

Checks, before any XML is parsed: it is a zip at all; member names are relative and
unique; the number of members, the total unpacked size and each member's compression
ratio stay within limits (a zip bomb fails here, read in bounded chunks, whatever its
headers claim); XML parts declare no DTD or entities.

Examples
--------
>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("word/document.xml", "<w:document/>")
>>> SafeZip(buf.getvalue(), "x.docx", max_bytes=10_000_000).read("word/document.xml")
b'<w:document/>'
"""

from __future__ import annotations

import io
import zipfile

from realist.errors import ImportFailed
from realist.hostile import safe_member_name

__all__ = ["SafeZip"]

MAX_MEMBERS = 5000
#: Word's XML compresses about 10:1; a ratio far above that is a bomb.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024  # small members may compress very well (runs of spaces)
_FORBIDDEN = (b"<!DOCTYPE", b"<!ENTITY")
_FORBIDDEN_ALL = _FORBIDDEN + tuple(
    marker.decode().encode(enc) for marker in _FORBIDDEN for enc in ("utf-16-le", "utf-16-be")
)


class SafeZip:
    """A zip read with limits: ``max_bytes`` is the largest total unpacked size."""

    def __init__(self, data: bytes, name: str, *, max_bytes: int) -> None:
        self.name = name
        self.max_bytes = max_bytes
        self._unpacked = 0
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
            raise ImportFailed(
                name,
                "is not a Word document (not a valid .docx zip container): if it opens in"
                " Word, save it again as .docx; otherwise it is damaged or another kind of file",
            ) from None
        if len(infos) > MAX_MEMBERS:
            raise ImportFailed(name, f"holds {len(infos)} parts: too many for a Word document")
        seen: set[str] = set()
        declared = 0
        for info in infos:
            member = info.filename
            if safe_member_name(member) is None:
                raise ImportFailed(name, f"has an unsafe part name {member!r}: refused")
            if member.lower() in seen:
                raise ImportFailed(name, f"has the part {member!r} twice: refused as tampered")
            seen.add(member.lower())
            if info.flag_bits & 0x1:
                raise ImportFailed(
                    name, "is encrypted or password-protected: remove the password in Word first"
                )
            declared += info.file_size
            self._check_ratio(info.filename, info.file_size, info.compress_size)
        if declared > max_bytes:
            raise ImportFailed(name, self._too_big_message(declared))
        self.names = {info.filename for info in infos}

    def has(self, member: str) -> bool:
        """True when the container holds ``member``."""
        return member in self.names

    def read(self, member: str) -> bytes:
        """Unpack ``member`` in bounded chunks, refusing bombs and DTDs in XML parts."""
        info = self._zip.getinfo(member)
        budget = self.max_bytes - self._unpacked
        chunks: list[bytes] = []
        size = 0
        try:
            with self._zip.open(info) as stream:
                while True:
                    chunk = stream.read(1 << 20)
                    if not chunk:
                        break
                    size += len(chunk)
                    if size > budget:
                        raise ImportFailed(self.name, self._too_big_message(self._unpacked + size))
                    self._check_ratio(member, size, info.compress_size)
                    chunks.append(chunk)
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise ImportFailed(self.name, f"is damaged (part {member}: {exc})") from None
        self._unpacked += size
        data = b"".join(chunks)
        if member.lower().endswith((".xml", ".rels")) and any(m in data for m in _FORBIDDEN_ALL):
            raise ImportFailed(
                self.name,
                f"declares a DTD or XML entities in {member}, which Word never writes"
                " (a sign of a crafted file): refused",
            )
        return data

    def _check_ratio(self, member: str, size: int, compressed: int) -> None:
        if size > _RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
            raise ImportFailed(
                self.name,
                f"part {member} unpacks to over {MAX_RATIO} times its packed size"
                " (a zip bomb): refused",
            )

    def _too_big_message(self, size: int) -> str:
        return (
            f"unpacks to more than {self.max_bytes / 2**20:.0f} MB ({size / 2**20:.0f} MB or"
            " more): refused; if it really is a transcript, raise the limit with --max-mb"
        )
