"""Reading files as hostile: the checks every reader of zip containers and XML shares.

Word files (``realist.ingest``) and REFI-QDA projects (``realist.interop``) are both zips of
XML; each reader words its own errors, but the rules are kept here once.

Examples
--------
>>> safe_member_name("sources/a.txt"), safe_member_name("Sources\\\\b.txt")
('sources/a.txt', 'Sources/b.txt')
>>> safe_member_name("../x"), safe_member_name("/etc/passwd"), safe_member_name("C:/x")
(None, None, None)
>>> from lxml import etree
>>> etree.fromstring(b"<a>text</a>", hardened_xml_parser()).text
'text'
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from lxml import etree

__all__ = ["hardened_xml_parser", "safe_member_name"]


def safe_member_name(name: str) -> str | None:
    """``name`` as a relative ``/``-separated path, or ``None`` if it escapes the folder
    (absolute, a drive letter, ``..``, a NUL byte)."""
    cleaned = name.replace("\\", "/")
    if not cleaned or cleaned.startswith("/") or re.match(r"^[A-Za-z]:", cleaned):
        return None
    if "\x00" in cleaned:
        return None
    parts = PurePosixPath(cleaned).parts
    if any(part == ".." for part in parts):
        return None
    return "/".join(p for p in parts if p not in ("", "."))


def hardened_xml_parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities, loads no DTD, touches no network and
    refuses huge trees (callers still refuse any DOCTYPE before parsing)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
