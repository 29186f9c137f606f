"""The shipped lists behind de-identification, and the files and settings users add.

Package data in ``realist/deid/data``: the Victorian places and agencies
(``vic_areas.csv``, ``vic_towns.csv``, ``agencies.csv``, ``vic_towns_ambiguous.csv``,
``statewide.csv``), given names (``given_names.txt``, ``given_names_ambiguous.txt``),
capitalised words that are never names (``not_names.txt``) and peoples, nations and
languages (``peoples.txt``). :mod:`realist.deid.gazetteer` builds the matcher from them.

>>> ("Mildura", Kind.PLACE) in read_shipped("vic_towns.csv")
True
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from realist.deid.kinds import Kind

NAMES = "given_names.txt"
CUED_NAMES = "given_names_ambiguous.txt"
NOT_NAMES = "not_names.txt"
SHIPPED = ("vic_areas.csv", "vic_towns.csv", "agencies.csv")
AMBIGUOUS = "vic_towns_ambiguous.csv"
STATEWIDE = "statewide.csv"
PEOPLES = "peoples.txt"


def key(text: str) -> str:
    """How names are compared: spacing collapsed, case folded."""
    return " ".join(text.split()).casefold()


def capitalised(word: str) -> bool:
    """``Kirra``, ``O'Brien``, ``McKenzie``, ``Ngāire``: a capital, then lower case."""
    return word[:1].isupper() and any(c.islower() for c in word[1:])


@functools.cache
def not_names() -> frozenset[str]:
    """Capitalised words that are not people's names (``data/not_names.txt``), plus the
    words of the statewide services (``Child``, ``Protection``, ``Orange``, ``Door``)."""
    data = resources.files("realist.deid").joinpath("data", NOT_NAMES).read_text(encoding="utf-8")
    words = {w for line in data.splitlines() if not line.startswith("#") for w in line.split()}
    for text, _ in read_shipped(STATEWIDE):
        words.update(w for w in text.split() if capitalised(w))
    words.update(w.capitalize() for w in peoples())
    return frozenset(words)


@functools.cache
def peoples() -> frozenset[str]:
    """Casefolded words that name a nationality, a people, a language or an Aboriginal
    nation (``data/peoples.txt``): ``nuer``, ``hazaragi``, ``gunditjmara``, ``aussie``."""
    return _read_peoples()[0]


@functools.cache
def peoples_also_names() -> frozenset[str]:
    """Peoples whose name is also a given name (``Karen``), as written."""
    return _read_peoples()[1]


def _read_peoples() -> tuple[frozenset[str], frozenset[str]]:
    data = resources.files("realist.deid").joinpath("data", PEOPLES).read_text(encoding="utf-8")
    words: set[str] = set()
    names: set[str] = set()
    for line in data.splitlines():
        if line.startswith("names:"):
            names.update(w.capitalize() for w in line[6:].split())
        elif not line.startswith("#"):
            words.update(w.casefold() for w in line.split())
    return frozenset(words), frozenset(names)


def read_shipped(name: str) -> list[tuple[str, Kind]]:
    """The entries of one of the package's own lists (``"vic_towns.csv"``)."""
    data = (
        resources.files("realist.deid").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    )
    if name.endswith(".txt"):
        lines = (line.strip() for line in data.splitlines())
        return [(line, Kind.PERSON) for line in lines if line and not line.startswith("#")]
    return _read_csv(io.StringIO(data), name, Kind.PLACE)


def _read_csv(
    handle: io.TextIOBase | io.StringIO, where: str, default: Kind
) -> list[tuple[str, Kind]]:
    reader = csv.DictReader(handle)
    columns = {c.strip().lower(): c for c in (reader.fieldnames or [])}
    text_col = columns.get("text") or columns.get("name")
    if text_col is None:
        raise ValueError(f"{where}: a gazetteer CSV needs a 'text' or 'name' column")
    kind_col = columns.get("kind")
    rows = []
    for line, row in enumerate(reader, start=2):
        text = (row.get(text_col) or "").strip()
        if not text:
            continue
        kind_text = (row.get(kind_col) or "").strip() if kind_col else ""
        try:
            kind = Kind.parse(kind_text) if kind_text else default
        except ValueError as exc:
            raise ValueError(f"{where}, line {line}: {exc}") from None
        rows.append((text, kind))
    return rows


def read_gazetteer_file(
    path: str | Path, default_kind: Kind | str = Kind.PLACE
) -> list[tuple[str, Kind]]:
    """Entries from a user's CSV (``text``/``name`` and ``kind`` columns) or text file
    (one name a line, ``kind: name`` to give its kind, ``#`` starts a comment).

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "local.txt")
    >>> _ = open(path, "w").write("# our area\\nSmithton\\nagency: Smithton Family Care\\n")
    >>> read_gazetteer_file(path)
    [('Smithton', <Kind.PLACE: 'place'>), ('Smithton Family Care', <Kind.AGENCY: 'agency'>)]
    """
    path = Path(path)
    default = Kind.parse(default_kind)
    try:
        content = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(
            f"{path}: cannot read this gazetteer ({exc}); save it as UTF-8 text"
        ) from None
    if path.suffix.lower() == ".csv":
        return _read_csv(io.StringIO(content), str(path), default)
    rows = []
    for line in content.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        kind = default
        prefix, sep, rest = line.partition(":")
        if sep:
            try:
                kind = Kind.parse(prefix)
                line = rest.strip()
            except ValueError:
                pass
        if line:
            rows.append((line, kind))
    return rows


def entries_from_setting(value: object) -> list[tuple[str, Kind]]:
    """Entries from the ``deid_gazetteer`` setting: a list of ``"kind: name"`` strings or
    ``{"text": ..., "kind": ...}`` mappings."""
    if not value:
        return []
    if not isinstance(value, list):
        raise ValueError("the deid_gazetteer setting must be a list of 'kind: name' strings")
    rows = []
    for i, item in enumerate(value):
        if isinstance(item, Mapping):
            rows.append(
                (
                    str(item.get("text") or item.get("name") or ""),
                    Kind.parse(item.get("kind", "place")),
                )
            )
        else:
            prefix, sep, rest = str(item).partition(":")
            try:
                rows.append((rest.strip(), Kind.parse(prefix)) if sep else (str(item), Kind.PLACE))
            except ValueError as exc:
                raise ValueError(f"deid_gazetteer[{i}]: {exc}") from None
    return rows


def read_cued_names() -> list[tuple[str, bool]]:
    """The shipped given names that need a person cue, each with whether it is also a
    proper noun (``("May", True)``, ``("Grace", False)``)."""
    data = resources.files("realist.deid").joinpath("data", CUED_NAMES).read_text(encoding="utf-8")
    names = []
    for line in data.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            prefix, sep, rest = line.partition(":")
            names.append((rest.strip(), True) if sep and prefix == "proper" else (line, False))
    return names


@functools.cache
def not_identifying() -> frozenset[str]:
    """Casefolded names that identify nobody (statewide services, the state, the capital)."""
    return frozenset(key(text) for text, _ in read_shipped(STATEWIDE))
