"""Build ``.qdpx`` files the way each QDA program writes them, from the standard and from
what each program is known to do differently (offset units, line breaks, folder and file
names, GUID case, empty containers, flattened code names).

A fixture starts from a normalised text and the words each selection should cover; the
builder writes the source file in the program's form (CRLF, decomposed accents, byte order
mark) and computes the offsets in the program's unit, so a test can check that import puts
every selection back on the same words.
"""

from __future__ import annotations

import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

TRANSCRIPT = (
    "Facilitator: Welcome back \U0001f44b everyone. Let's start with referrals.\n"
    "P1: The Child Protection Navigator opened doors for us \u2014 honestly.\n"
    "P2: Our café meetings with families built trust \U0001f60a over many weeks.\n"
    "\n"
    "P1: When caseloads dropped to eight, we could visit twice a week.\n"
    "P3: Supported closure meant families knew who to call.\n"
)
SECOND = (
    "Facilitator: What got in the way?\n"
    "P4: Staff stress \U0001f625 and turnover in the regional team.\n"
    "P5: Naïve referrals without consent undermined engagement.\n"
)

#: (source index, words, code path, user)
SELECTIONS = [
    (0, "Child Protection Navigator opened doors", "Mechanism::Navigator", "Ann"),
    (0, "café meetings with families built trust", "Mechanism::Trust", "Ann"),
    (0, "over many weeks", "Context::Time", "Ben"),
    (0, "caseloads dropped to eight", "Context::Caseload", "Ben"),
    (0, "we could visit twice a week", "Context::Caseload", "Ann"),
    (0, "Supported closure meant families knew who to call", "Outcome", "Ann"),
    (1, "Staff stress", "Context::Stress", "Ben"),
    (1, "turnover in the regional team", "Context::Stress", "Ann"),
    (1, "Naïve referrals without consent", "Context", "Ben"),
    (1, "undermined engagement", "Outcome", "Ann"),
]


@dataclass
class Dialect:
    """How one program writes a project."""

    origin: str
    unit: str = "codepoint"  # codepoint | utf16
    crlf: bool = False  # source files use CRLF
    newline_one: bool = False  # a line break counts 1 even when the file has CRLF
    nfd: bool = False  # accents decomposed in the file
    bom: bool = False
    folder: str = "sources"
    qde_name: str = "project.qde"
    internal_prefix: bool = True
    upper_guids: bool = False
    braces: bool = False
    flatten: bool = False  # "Parent::Child" names instead of nesting
    quote_names: bool = False  # selection name = its words (ATLAS.ti)
    empty_sets: bool = False
    content_inline: bool = False  # text in <PlainTextContent> rather than a file
    inclusive_end: bool = False
    extra: dict[str, str] = field(default_factory=dict)


DIALECTS = {
    "nvivo-windows": Dialect(
        "NVivo 14.23.2 (Windows)", unit="utf16", crlf=True, bom=True, upper_guids=True
    ),
    "nvivo-mac": Dialect("NVivo for Mac 14.0.3", unit="utf16", nfd=True, folder="Sources"),
    "atlasti": Dialect(
        "ATLAS.ti 23.2.1 (Windows)",
        crlf=True,
        newline_one=True,
        flatten=True,
        quote_names=True,
        upper_guids=True,
    ),
    "maxqda": Dialect(
        "MAXQDA 2022 (Release 22.7.0)",
        crlf=True,
        folder="Sources",
        qde_name="MAXQDA export.qde",
        braces=True,
    ),
    "qualcoder": Dialect("QualCoder 3.8"),
    "taguette": Dialect("Taguette 1.4.1", upper_guids=True, empty_sets=True),
    "f4": Dialect("f4analyse 3.4", internal_prefix=False, content_inline=False),
}


def _guid(d: Dialect, seed: str) -> str:
    value = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
    if d.upper_guids:
        value = value.upper()
    return "{" + value + "}" if d.braces else value


def _raw(d: Dialect, text: str) -> str:
    if d.nfd:
        text = unicodedata.normalize("NFD", text)
    if d.crlf:
        text = text.replace("\n", "\r\n")
    return text


def _units(d: Dialect, normalised_prefix: str) -> int:
    raw = _raw(d, normalised_prefix)
    if d.newline_one:
        raw = raw.replace("\r\n", "\n")
    if d.unit == "utf16":
        return len(raw.encode("utf-16-le")) // 2
    return len(raw)


def offsets(d: Dialect, text: str, words: str) -> tuple[int, int]:
    """``words`` in ``text`` as the program would count them."""
    start = text.index(words)
    end = start + len(words)
    return _units(d, text[:start]), _units(d, text[:end]) - (1 if d.inclusive_end else 0)


def build(d: Dialect, path: Path, *, texts: tuple[str, ...] = (TRANSCRIPT, SECOND),
          selections: list[tuple[int, str, str, str]] | None = None) -> Path:  # fmt: skip
    """Write a ``.qdpx`` in dialect ``d`` and return its path."""
    selections = SELECTIONS if selections is None else selections
    users = sorted({s[3] for s in selections})
    user_guid = {u: _guid(d, f"user/{u}") for u in users}
    paths = sorted({s[2] for s in selections})
    tree: dict[str, str] = {}
    for p in paths:
        parts = p.split("::")
        for i in range(1, len(parts) + 1):
            tree.setdefault("::".join(parts[:i]), _guid(d, f"code/{'::'.join(parts[:i])}"))

    def code_xml(prefix: str) -> str:
        out = []
        for full, guid in tree.items():
            parent = full.rsplit("::", 1)[0] if "::" in full else ""
            if parent != prefix:
                continue
            name = full.split("::")[-1]
            children = code_xml(full)
            out.append(
                f'<Code guid="{guid}" name={quoteattr(name)} isCodable="true" color="#A3BEA5">'
                f"<Description>About {name}</Description>{children}</Code>"
            )
        return "".join(out)

    if d.flatten:
        codes = "".join(
            f'<Code guid="{g}" name={quoteattr(full)} isCodable="true" color="#F00082"/>'
            for full, g in tree.items()
        )
    else:
        codes = code_xml("")
    sources = []
    files: dict[str, bytes] = {}
    for index, text in enumerate(texts):
        sguid = _guid(d, f"source/{index}")
        file_guid = _guid(d, f"file/{index}").strip("{}")
        raw = _raw(d, text)
        data = raw.encode("utf-8")
        if d.bom:
            data = b"\xef\xbb\xbf" + data
        files[f"{d.folder}/{file_guid}.txt"] = data
        ref = f"internal://{file_guid}.txt" if d.internal_prefix else f"{d.folder}/{file_guid}.txt"
        sels = []
        for number, (src, words, code, user) in enumerate(selections):
            if src != index:
                continue
            start, end = offsets(d, text, words)
            name = words if d.quote_names else ""
            sels.append(
                f'<PlainTextSelection guid="{_guid(d, f"sel/{number}")}" name={quoteattr(name)} '
                f'startPosition="{start}" endPosition="{end}" creatingUser="{user_guid[user]}">'
                f'<Coding guid="{_guid(d, f"coding/{number}")}" creatingUser="{user_guid[user]}">'
                f'<CodeRef targetGUID="{tree[code]}"/></Coding></PlainTextSelection>'
            )
        sources.append(
            f'<TextSource guid="{sguid}" name="Focus group {index + 1}.docx" '
            f'plainTextPath="{ref}">{"".join(sels)}</TextSource>'
        )
    users_xml = "".join(f'<User guid="{g}" name="{u}"/>' for u, g in user_guid.items())
    sets = "<Sets/>" if d.empty_sets else ""
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<Project xmlns="urn:QDA-XML:project:1.0" name="Dialect test" origin={quoteattr(d.origin)}>'
        f"<Users>{users_xml}</Users><CodeBook><Codes>{codes}</Codes></CodeBook>"
        f"<Sources>{''.join(sources)}</Sources>{sets}</Project>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(d.qde_name, qde.encode("utf-8"))
        for name, data in files.items():
            archive.writestr(name, data)
    return path
