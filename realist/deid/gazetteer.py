"""Gazetteers: lists of place and agency names matched as whole words.

The toolkit ships Victorian lists as package data (``realist/deid/data``):

* ``vic_areas.csv``: the 17 operational areas of the former Department of Health and
  Human Services and the Child FIRST / Intensive Family Services catchment names used in
  practice (Barwon, Brimbank Melton, Hume Moreland, Northern Mallee, ...);
* ``vic_towns.csv``: regional towns, shires and metropolitan suburbs;
* ``agencies.csv``: named community service organisations, Aboriginal community
  controlled organisations and health services;
* ``statewide.csv``: statewide services and programmes (Child Protection, Child FIRST,
  The Orange Door, Victoria, Melbourne). They identify nobody, so by default they are
  *not* replaced, and a model's guess that covers one of them is dropped; set the
  project's ``deid_mask_statewide`` setting to replace them too.

Projects add their own: a CSV with a ``text`` (or ``name``) column and an optional
``kind`` column, or a text file with one name per line, optionally prefixed by its kind
(``agency: Smithton Family Care``).

Examples
--------
>>> g = Gazetteer.from_entries([("Smithton", Kind.PLACE), ("Smithton Family Care", Kind.AGENCY)])
>>> [(d.kind.value, d.text) for d in g.find("Smithton Family Care in Smithton")]
[('agency', 'Smithton Family Care'), ('place', 'Smithton')]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from realist.deid.kinds import Detection, Kind, Source
from realist.deid.trie import phrase_regex

NAMES = "given_names.txt"
SHIPPED = ("vic_areas.csv", "vic_towns.csv", "agencies.csv")
AMBIGUOUS = "vic_towns_ambiguous.csv"
STATEWIDE = "statewide.csv"
_SURNAME = re.compile(
    r"[ \t]+(?:Mc|Mac|O'|O’|D'|Van |De |Di |Le )?[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?![\w'’-])"
)
_CONTEXT = r"\b(?:in|at|from|to|near|around|past|outside|of)\s+"


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Gazetteer:
    """Names and their kinds, matched case-sensitively as written and in capitals."""

    entries: dict[str, tuple[str, Kind]] = field(default_factory=dict)
    contextual: dict[str, tuple[str, Kind]] = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)
    _regex: re.Pattern[str] | None = field(default=None, repr=False)
    _context_regex: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, Kind | str]]) -> Gazetteer:
        g = cls()
        g.add(entries)
        return g

    def add(self, entries: Iterable[tuple[str, Kind | str]]) -> None:
        """Add ``(text, kind)`` pairs; a later entry for the same words replaces its kind."""
        for text, kind in entries:
            cleaned = " ".join(str(text).split())
            if len(cleaned) >= 2:
                self.entries[_key(cleaned)] = (cleaned, Kind.parse(kind))
                self.forms.add(cleaned)
        self._regex = None

    def add_contextual(self, entries: Iterable[tuple[str, Kind | str]]) -> None:
        """Add names that are also everyday words (``Sale``, ``Bright``): they count only
        right after ``in``, ``at``, ``from``, ``to``, ``near``, ``around``, ``past``,
        ``outside`` or ``of``."""
        for text, kind in entries:
            cleaned = " ".join(str(text).split())
            if len(cleaned) >= 2:
                self.contextual[_key(cleaned)] = (cleaned, Kind.parse(kind))
        self._context_regex = None

    def __len__(self) -> int:
        return len(self.entries) + len(self.contextual)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and _key(text) in self.entries

    def kind_of(self, text: str) -> Kind | None:
        hit = self.entries.get(_key(text))
        return hit[1] if hit else None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            forms: set[str] = set()
            for text in self.forms:
                forms.add(text)
                if len(text) > 3:
                    forms.add(text.upper())
            self._regex = phrase_regex(sorted(forms))
        return self._regex

    @property
    def context_regex(self) -> re.Pattern[str]:
        if self._context_regex is None:
            names = phrase_regex(sorted(t for t, _ in self.contextual.values())).pattern
            self._context_regex = re.compile(_CONTEXT + f"(?P<name>{names})")
        return self._context_regex

    def find(self, text: str) -> list[Detection]:
        """Every whole-word occurrence of a name in ``text``."""
        found = []
        if self.contextual:
            for match in self.context_regex.finditer(text):
                hit = self.contextual.get(_key(match.group("name")))
                if hit is not None:
                    start, end = match.span("name")
                    found.append(Detection(start, end, hit[1], Source.GAZETTEER, text[start:end]))
        for match in self.regex.finditer(text):
            hit = self.entries.get(_key(match.group()))
            if hit is None:
                continue
            end = match.end()
            if hit[1] is Kind.PERSON:
                surname = _SURNAME.match(text, end)
                if surname and _key(surname.group().strip()) not in self.entries:
                    end = surname.end()
            found.append(
                Detection(match.start(), end, hit[1], Source.GAZETTEER, text[match.start() : end])
            )
        return found


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


def default_gazetteer(*, statewide: bool = False, given_names: bool = True) -> Gazetteer:
    """The shipped Victorian lists (plus the statewide services when ``statewide``), and
    common given names as people unless ``given_names`` is false. Place and agency
    names win over a given name spelt the same (``Bethany``)."""
    g = Gazetteer()
    if given_names:
        g.add(read_shipped(NAMES))
    for name in SHIPPED + ((STATEWIDE,) if statewide else ()):
        g.add(read_shipped(name))
    g.add_contextual(read_shipped(AMBIGUOUS))
    return g


def not_identifying() -> frozenset[str]:
    """Casefolded names that identify nobody (statewide services, the state, the capital)."""
    return frozenset(_key(text) for text, _ in read_shipped(STATEWIDE))
