"""Read ``.qdpx`` projects and ``.qdc`` codebooks into a :class:`RefiProject`.

Reading never touches a project: it checks the archive, parses the XML safely, loads the
source texts, and converts every selection into code points of the normalised text (see
:mod:`realist.interop.offsets`). Everything that needed leniency, or could not be read, is
in ``warnings``; which way of counting offsets was used, and why, is in ``info``.

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "book.qdc"
>>> _ = path.write_text('<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
...     '<Code guid="d7aa29da-519b-4946-9b90-253b6db8fd0a" name="Economy" isCodable="true"/>'
...     '</Codes></CodeBook>')
>>> [c.name for c in read_qdc(path).codes]
['Economy']
"""

from __future__ import annotations

import codecs
import io
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

from realist.errors import ImportFailed
from realist.interop.offsets import (
    OffsetScheme,
    SchemeScore,
    SourceText,
    preferred_schemes,
    rank_schemes,
)
from realist.interop.parse import parse_tree
from realist.interop.refi import RefiProject
from realist.interop.safety import Limits, SafeArchive, UnsafeFile, parse_xml, safe_member_name

__all__ = ["read_qdc", "read_qdpx", "read_refi"]


def read_refi(path: str | Path, *, limits: Limits | None = None) -> RefiProject:
    """Read a ``.qdpx`` project or a ``.qdc`` codebook, chosen by the file's suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        return read_qdpx(path, limits=limits)
    if suffix in (".qdc", ".qde", ".xml"):
        return read_qdc(path, limits=limits)
    raise ImportFailed(path, "not a REFI-QDA file: use a .qdpx project or a .qdc codebook")


def read_qdc(path: str | Path, *, limits: Limits | None = None) -> RefiProject:
    """Read a ``.qdc`` codebook (or a bare ``project.qde``: its sources are then missing)."""
    path = Path(path)
    limits = limits or Limits()
    size = path.stat().st_size
    if size > limits.max_xml_bytes:
        raise ImportFailed(path, f"the file is {size:,} bytes (limit {limits.max_xml_bytes:,})")
    data = path.read_bytes()
    warnings = _encoding_warnings(data)
    root = parse_xml(data, str(path), limit=limits.max_xml_bytes)

    def no_sources(ref: str, what: str) -> str | None:
        return None

    project = parse_tree(root, str(path), no_sources)
    project.warnings[:0] = warnings
    _resolve_offsets(project)
    return project


def read_qdpx(path: str | Path, *, limits: Limits | None = None) -> RefiProject:
    """Read a ``.qdpx`` project: checked zip, safe XML, sources, converted offsets.

    Raises :class:`realist.errors.ImportFailed` (or its subclass ``UnsafeFile``) with the
    reason when the file cannot be read safely.
    """
    path = Path(path)
    limits = limits or Limits()
    with SafeArchive(path, limits) as archive:
        warnings: list[str] = []
        qde = _find_qde(archive, path, warnings)
        data = archive.read(qde)
        warnings += _encoding_warnings(data)
        root = parse_xml(data, f"{path.name}:{qde}", limit=limits.max_xml_bytes)
        base = str(PurePosixPath(qde).parent)
        base = "" if base == "." else base + "/"
        loader = _SourceLoader(archive, base, warnings)
        project = parse_tree(root, f"{path.name}:{qde}", loader)
        warnings += loader.summary()
    project.warnings[:0] = warnings
    _resolve_offsets(project)
    return project


def _find_qde(archive: SafeArchive, path: Path, warnings: list[str]) -> str:
    names = archive.names()
    exact = archive.find("project.qde")
    if exact is not None:
        if exact != "project.qde":
            warnings.append(f"the project file is named {exact!r}, not 'project.qde'; read anyway")
        return exact
    qdes = [n for n in names if n.lower().endswith(".qde")]
    if len(qdes) == 1:
        warnings.append(
            f"the project file is {qdes[0]!r}, not 'project.qde' at the top; read anyway"
        )
        return qdes[0]
    if not qdes:
        raise ImportFailed(
            path, "the archive holds no project.qde: is this a REFI-QDA project export?"
        )
    top = [n for n in qdes if "/" not in n]
    if len(top) == 1:
        warnings.append(f"several .qde files; read {top[0]!r}")
        return top[0]
    raise ImportFailed(path, f"the archive holds several project files ({', '.join(qdes)})")


def _encoding_warnings(data: bytes) -> list[str]:
    if data.startswith(codecs.BOM_UTF8):
        return ["the XML begins with a byte order mark; accepted"]
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return ["the XML is UTF-16, not UTF-8 as the standard asks; read anyway"]
    return []


def docx_text(data: bytes, where: str, limits: Limits) -> str:
    """The paragraphs of a Word file, one per line (the archive checked like a .qdpx)."""
    import docx  # python-docx

    try:
        inner = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFailed(where, "the Word file is not a zip archive") from None
    total = 0
    for info in inner.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if safe_member_name(info.filename) is None:
            raise UnsafeFile(where, f"member {info.filename!r} points outside the Word file")
        if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
            raise UnsafeFile(where, f"member {info.filename!r} looks like a zip bomb")
    if total > limits.max_member_bytes:
        raise UnsafeFile(where, f"the Word file would unpack to {total:,} bytes")
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def decode_text(data: bytes) -> tuple[str, str | None]:
    """Decode a source file: UTF-8 (with or without BOM), UTF-16 with BOM, else
    Windows-1252. A kept leading ``\\ufeff`` marks a BOM. Returns ``(text, warning)``.

    >>> decode_text("Café".encode("utf-8"))
    ('Café', None)
    >>> decode_text(codecs.BOM_UTF8 + b"x")[0] == "\\ufeffx"
    True
    """
    if data.startswith(codecs.BOM_UTF8):
        return "\ufeff" + data[3:].decode("utf-8", errors="replace"), None
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "\ufeff" + data.decode("utf-16"), "is UTF-16, not UTF-8"
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "is not UTF-8; read as Windows-1252"


class _SourceLoader:
    """Finds a source's text in the archive, leniently, and counts each leniency."""

    def __init__(self, archive: SafeArchive, base: str, warnings: list[str]) -> None:
        self.archive = archive
        self.base = base
        self.warnings = warnings
        self.folder_case: set[str] = set()
        self.no_scheme = 0
        self.elsewhere = 0
        self.boms = 0
        self.by_basename: dict[str, list[str]] = defaultdict(list)
        for name in archive.names():
            self.by_basename[PurePosixPath(name).name.casefold()].append(name)

    def __call__(self, ref: str, what: str) -> str | None:
        ref = ref.strip()
        lowered = ref.lower()
        if lowered.startswith(("relative://", "absolute://", "file://", "http://", "https://")):
            self.warnings.append(
                f"{what}: text is an external file ({ref}); only files inside the .qdpx are read"
            )
            return None
        if lowered.startswith("internal://"):
            name = ref[len("internal://") :].lstrip("/")
        else:
            self.no_scheme += 1
            name = ref.replace("\\", "/").lstrip("/")
            if name.lower().startswith("sources/"):
                name = name[len("sources/") :]
        member = self._member(name)
        if member is None:
            return None
        data = self.archive.read(member)
        if member.lower().endswith(".docx"):
            return docx_text(data, f"{self.archive.path.name}:{member}", self.archive.limits)
        text, problem = decode_text(data)
        if problem:
            self.warnings.append(f"{what}: the file {member!r} {problem}")
        if text.startswith("\ufeff"):
            self.boms += 1
        return text

    def _member(self, name: str) -> str | None:
        wanted = f"{self.base}sources/{name}"
        found = self.archive.find(wanted)
        if found is not None:
            if not found.startswith(f"{self.base}sources/"):
                self.folder_case.add(found.split("/")[-2] if "/" in found else found)
            return found
        candidates = self.by_basename.get(PurePosixPath(name).name.casefold(), [])
        if len(candidates) == 1:
            self.elsewhere += 1
            return candidates[0]
        return None

    def summary(self) -> list[str]:
        out = []
        if self.folder_case:
            out.append(
                f"sources are in {', '.join(sorted(self.folder_case))}/ rather than sources/; read anyway"
            )
        if self.no_scheme:
            out.append(
                f"{self.no_scheme} source path(s) without 'internal://'; read from the archive"
            )
        if self.elsewhere:
            out.append(f"{self.elsewhere} source file(s) found outside sources/ by name")
        if self.boms:
            out.append(
                f"{self.boms} source file(s) begin with a byte order mark; it is not counted"
            )
        return out


def _resolve_offsets(project: RefiProject) -> None:
    """Convert every selection to code points of its source's normalised text."""
    schemes = preferred_schemes(project.origin)
    prepared: list[tuple[int, SourceText, list[SchemeScore]]] = []
    totals: dict[OffsetScheme, float] = defaultdict(float)
    for index, source in enumerate(project.sources):
        empty = [s for s in source.selections if s.raw_end <= s.raw_start]
        if empty:
            project.warn(
                f"source {source.name!r}: {len(empty)} selection(s) with no extent "
                "(end not after start) skipped"
            )
            source.selections[:] = [s for s in source.selections if s.raw_end > s.raw_start]
        text = SourceText(source.text)
        pairs = [(s.raw_start, s.raw_end) for s in source.selections]
        names = [s.name for s in source.selections]
        ranked = rank_schemes(text, pairs, names, schemes) if pairs else []
        for r in ranked:
            totals[r.scheme] += r.score
        prepared.append((index, text, ranked))
    if not any(ranked for _, _, ranked in prepared):
        for index, text, _ in prepared:
            project.sources[index].text = text.text
        return
    usable = [s for s in schemes if s in totals]
    best_total = max(totals[s] for s in usable)
    overall = next(s for s in usable if totals[s] == best_total)
    origin = project.origin or "an unnamed program"
    project.info.append(f"selection offsets read as {overall.label} (file from {origin})")
    if overall != schemes[0]:
        project.warn(
            f"{origin} usually writes offsets as {schemes[0].label}, but the selections line up "
            f"with the text as {overall.label}; read that way"
        )
    for index, text, ranked in prepared:
        source = project.sources[index]
        source.text = text.text
        if not ranked:
            continue
        chosen = _choose(
            ranked, overall, text, [(s.raw_start, s.raw_end) for s in source.selections]
        )
        source.offset_scheme = chosen.scheme.label
        if chosen.scheme != overall:
            project.warn(
                f"source {source.name!r}: selections line up as {chosen.scheme.label}; read that way"
            )
        kept = []
        outside = 0
        for selection, span in zip(source.selections, chosen.spans, strict=True):
            if span is None:
                outside += 1
                if outside > 5:
                    continue
                project.warn(
                    f"source {source.name!r}: selection {selection.name or selection.guid!r} "
                    f"[{selection.raw_start}, {selection.raw_end}) lies outside the text "
                    f"({len(text.text)} characters); skipped"
                )
                continue
            selection.start, selection.end = span
            kept.append(selection)
        if outside > 5:
            project.warn(
                f"source {source.name!r}: {outside} selections in all lie outside the text; skipped"
            )
        source.selections[:] = kept


def _choose(
    ranked: list[SchemeScore], overall: OffsetScheme, text: SourceText, pairs: list[tuple[int, int]]
) -> SchemeScore:
    """The project-wide scheme unless another one fits this source strictly better."""
    mine = next((r for r in ranked if r.scheme == overall), None)
    if mine is None:
        return ranked[0]
    best = ranked[0]
    margin = max(2.0, 0.25 * len(pairs))
    if best.misplaced < mine.misplaced or best.score >= mine.score + margin:
        return best
    return mine
