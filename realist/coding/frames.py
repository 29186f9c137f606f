"""Coding frames as YAML: read, validate (with line numbers) and write.

A frame file is a mapping with the frame's ``frame`` key, ``name``, ``version``,
``description``, ``source`` and a list of ``codes``; each code has an ``id``, a ``name``,
a ``kind``, a ``level``, a ``description`` with ``inclusion`` and ``exclusion`` notes and an
``example``, a ``colour`` and nested ``children``. See ``docs/coding-frames.md``.

Examples
--------
>>> text = '''
... frame: pilot
... name: Pilot frame
... codes:
...   - id: ctx
...     name: Context
...     kind: context
...     level: family
...     children:
...       - id: ctx.readiness
...         name: Readiness to change
... '''
>>> frame = loads_frame(text)
>>> [code.key for code, parent, order in frame.walk()]
['ctx', 'ctx.readiness']
>>> frame.codes[0].children[0].level   # inherited from the parent
<Level.FAMILY: 'family'>
>>> loads_frame(dump_frame(frame)) == frame
True
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from realist.errors import ValidationError
from realist.model import CodeKind, Level

KEY_PATTERN = re.compile(r"^[^\x00-\x1f\x7f]{1,200}$")
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_COLOUR = "#999999"


def _shipped_dir() -> Path:
    """``coding_frames/`` of the source tree (editable installs, a checkout), else the copy a
    wheel installs under ``<prefix>/share/realist``."""
    source = Path(__file__).resolve().parents[2] / "coding_frames"
    if source.is_dir():
        return source
    return Path(sys.prefix) / "share" / "realist" / "coding_frames"


SHIPPED_DIR = _shipped_dir()

FRAME_FIELDS = ("frame", "name", "version", "description", "source", "codes")
CODE_FIELDS = (
    "id",
    "name",
    "kind",
    "level",
    "description",
    "inclusion",
    "exclusion",
    "example",
    "colour",
    "children",
)
MAX_DEPTH = 8
MAX_FRAME_BYTES = 5 * 1024 * 1024


class FrameError(ValidationError):
    """A frame file is not valid. ``problems`` lists ``(line, message)`` pairs."""

    def __init__(self, source: str, problems: list[tuple[int | None, str]]) -> None:
        self.source = source
        self.problems = sorted(problems, key=lambda p: (p[0] or 0, p[1]))
        lines = [
            f"{source}, line {line}: {message}" if line else f"{source}: {message}"
            for line, message in self.problems
        ]
        head = f"{len(lines)} problem(s) in coding frame {source}; fix them and load again"
        super().__init__(head + "\n" + "\n".join(lines))


@dataclass(frozen=True, slots=True)
class FrameCode:
    """One code of a frame file, with its children."""

    key: str
    name: str
    kind: CodeKind = CodeKind.THEME
    level: Level | None = None
    description: str = ""
    inclusion: str = ""
    exclusion: str = ""
    example: str = ""
    colour: str = DEFAULT_COLOUR
    children: tuple[FrameCode, ...] = ()


@dataclass(frozen=True, slots=True)
class Frame:
    """A coding frame as written in a YAML file: a key, a name, a version and a code tree.

    ``path`` records where it was read from and takes no part in equality.
    """

    key: str
    name: str
    version: int = 1
    description: str = ""
    source: str = ""
    codes: tuple[FrameCode, ...] = ()
    path: str = field(default="", compare=False)

    def walk(self) -> Iterator[tuple[FrameCode, str | None, int]]:
        """Every code depth-first as ``(code, parent key or None, sort order among siblings)``."""

        def visit(
            codes: tuple[FrameCode, ...], parent: str | None
        ) -> Iterator[tuple[FrameCode, str | None, int]]:
            for order, code in enumerate(codes):
                yield code, parent, order
                yield from visit(code.children, code.key)

        return visit(self.codes, None)

    def code(self, key: str) -> FrameCode:
        """The code with ``key``; ``KeyError`` if there is none."""
        for code, _parent, _order in self.walk():
            if code.key == key:
                return code
        raise KeyError(key)

    def __len__(self) -> int:
        return sum(1 for _ in self.walk())


def load_frame(path: str | Path) -> Frame:
    """Read and validate a coding frame file.

    Parameters
    ----------
    path
        A ``.yaml`` file in the format of ``docs/coding-frames.md``.

    Returns
    -------
    Frame
        The frame; every problem found raises one :class:`FrameError` naming the file and
        the line of each problem.

    Examples
    --------
    >>> frame = load_frame(shipped_frame_path("realist-generic"))
    >>> frame.key
    'realist-generic'
    """
    file = Path(path)
    if file.is_file() and file.stat().st_size > MAX_FRAME_BYTES:
        raise FrameError(str(file), [(None, "larger than 5 MB: is this really a coding frame?")])
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FrameError(str(file), [(None, "no such file: check the path")]) from None
    except UnicodeDecodeError as exc:
        raise FrameError(
            str(file), [(None, f"not UTF-8 text ({exc.reason}): save the file as UTF-8")]
        ) from None
    frame = loads_frame(text, source=str(file))
    return Frame(
        key=frame.key,
        name=frame.name,
        version=frame.version,
        description=frame.description,
        source=frame.source,
        codes=frame.codes,
        path=str(file),
    )


def loads_frame(text: str, source: str = "<frame>") -> Frame:
    """Parse and validate a coding frame from YAML text (``source`` names it in errors).

    >>> try:
    ...     loads_frame("frame: x\\nname: X\\ncodes:\\n  - id: a\\n    name: A\\n    kind: outcom\\n")
    ... except FrameError as err:
    ...     line, message = err.problems[0]
    >>> line, message.split(":")[0:2]
    (6, ["kind 'outcom' is not a code kind", " did you mean 'outcome'? use one of context, mechanism_resource, mechanism_response, outcome, intervention, actor, theme"])
    """
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise FrameError(source, [(line, f"YAML syntax: {problem}")]) from None
    except yaml.YAMLError as exc:
        raise FrameError(source, [(None, f"YAML syntax: {exc}")]) from None
    reader = _Reader(source)
    frame = reader.frame(root)
    if reader.problems or frame is None:
        raise FrameError(source, reader.problems or [(None, "empty frame")])
    return frame


def dump_frame(frame: Frame) -> str:
    """Write a frame as YAML that :func:`loads_frame` reads back to an equal frame.

    A child's level and colour are written only where they differ from its parent's.

    >>> print(dump_frame(Frame("k", "Name", codes=(FrameCode("a", "A"),))), end="")
    frame: k
    name: Name
    version: 1
    codes:
    - id: a
      name: A
      kind: theme
    """
    data: dict[str, Any] = {"frame": frame.key, "name": frame.name, "version": frame.version}
    if frame.description:
        data["description"] = frame.description
    if frame.source:
        data["source"] = frame.source
    data["codes"] = [_code_data(code, None, DEFAULT_COLOUR) for code in frame.codes]
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=96, indent=2)


def shipped_frames() -> list[Path]:
    """The frame files shipped with realist (``coding_frames/*.yaml``), sorted by name."""
    if not SHIPPED_DIR.is_dir():
        return []
    return sorted(SHIPPED_DIR.glob("*.yaml"))


def shipped_frame_path(name: str) -> Path:
    """The shipped frame file called ``name`` (with or without ``.yaml``).

    >>> shipped_frame_path("safe-and-together").name
    'safe-and-together.yaml'
    """
    stem = name[:-5] if name.endswith(".yaml") else name
    path = SHIPPED_DIR / f"{stem}.yaml"
    if not path.is_file():
        names = ", ".join(p.stem for p in shipped_frames()) or "none found"
        raise FrameError(name, [(None, f"no shipped frame of that name: choose one of {names}")])
    return path


def _code_data(code: FrameCode, parent_level: Level | None, parent_colour: str) -> dict[str, Any]:
    data: dict[str, Any] = {"id": code.key, "name": code.name, "kind": code.kind.value}
    if code.level != parent_level:
        data["level"] = code.level.value if code.level else "none"
    for name in ("description", "inclusion", "exclusion", "example"):
        value = getattr(code, name)
        if value:
            data[name] = value
    if code.colour != parent_colour:
        data["colour"] = code.colour
    if code.children:
        data["children"] = [_code_data(child, code.level, code.colour) for child in code.children]
    return data


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, so a dumped frame stays readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not value.endswith((" ", "\t")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _suggest(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? " if close else ""


class _Reader:
    """Turns a composed YAML node tree into a Frame, collecting every problem with its line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[tuple[int | None, str]] = []
        self.seen: dict[str, int] = {}
        self.visited: set[int] = set()

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append((_line(node) if node is not None else None, message))

    def reused(self, node: Node) -> bool:
        """True (and a problem noted) when YAML aliases make a node appear twice; refusing
        them keeps a hostile file from expanding without bound."""
        if id(node) in self.visited:
            self.problem(node, "YAML anchors and aliases (&name, *name) are not supported here")
            return True
        self.visited.add(id(node))
        return False

    def mapping(
        self, node: Node, allowed: tuple[str, ...], what: str
    ) -> dict[str, tuple[ScalarNode, Node]] | None:
        if self.reused(node):
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, f"{what} must be a mapping of field: value")
            return None
        fields: dict[str, tuple[ScalarNode, Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, f"{what} has a field name that is not plain text")
                continue
            name = str(key_node.value)
            if name in fields:
                first = _line(fields[name][0])
                self.problem(key_node, f"{what} repeats field {name!r} (first on line {first})")
                continue
            if name not in allowed:
                hint = _suggest(name, allowed)
                self.problem(
                    key_node,
                    f"{what} has unknown field {name!r}: {hint}allowed fields are "
                    + ", ".join(allowed),
                )
                continue
            fields[name] = (key_node, value_node)
        return fields

    def text(
        self, fields: dict[str, tuple[ScalarNode, Node]], name: str, what: str, default: str = ""
    ) -> str:
        if name not in fields:
            return default
        node = fields[name][1]
        if not isinstance(node, ScalarNode):
            self.problem(node, f"{what} field {name!r} must be text, not a list or mapping")
            return default
        if node.tag == "tag:yaml.org,2002:null":
            return default
        return str(node.value).strip() if name in ("frame", "id", "name") else str(node.value)

    def frame(self, root: Node | None) -> Frame | None:
        if root is None:
            self.problems.append((None, "the file is empty: start with 'frame: <key>'"))
            return None
        fields = self.mapping(root, FRAME_FIELDS, "the frame")
        if fields is None:
            return None
        key = self.text(fields, "frame", "the frame")
        if not key:
            self.problem(root, "the frame needs a key: add 'frame: <key>' (e.g. frame: my-study)")
        elif not KEY_PATTERN.match(key) or len(key) > 100:
            self.problem(
                fields["frame"][1],
                f"frame key {key!r} must be one line of at most 100 characters",
            )
        name = self.text(fields, "name", "the frame")
        if not name:
            self.problem(root, "the frame needs a name: add 'name: <words>'")
        version = self.version(fields)
        codes: tuple[FrameCode, ...] = ()
        if "codes" not in fields:
            self.problem(root, "the frame has no 'codes:' list")
        else:
            codes = self.codes(fields["codes"][1], None, "the frame", 1)
        return Frame(
            key=key,
            name=name,
            version=version,
            description=self.text(fields, "description", "the frame"),
            source=self.text(fields, "source", "the frame"),
            codes=codes,
        )

    def version(self, fields: dict[str, tuple[ScalarNode, Node]]) -> int:
        if "version" not in fields:
            return 1
        node = fields["version"][1]
        value = node.value if isinstance(node, ScalarNode) else None
        if isinstance(value, str) and value.isdigit() and int(value) >= 1:
            return int(value)
        self.problem(node, f"version must be a whole number from 1 up, not {value!r}")
        return 1

    def codes(
        self, node: Node, parent: FrameCode | None, where: str, depth: int
    ) -> tuple[FrameCode, ...]:
        if depth > MAX_DEPTH:
            self.problem(node, f"codes nest deeper than {MAX_DEPTH} levels: flatten the tree")
            return ()
        if self.reused(node):
            return ()
        if not isinstance(node, SequenceNode):
            self.problem(node, f"'codes'/'children' of {where} must be a list (items start '- ')")
            return ()
        out = []
        for item in node.value:
            code = self.code(item, parent, depth)
            if code is not None:
                out.append(code)
        return tuple(out)

    def code(self, node: Node, parent: FrameCode | None, depth: int) -> FrameCode | None:
        fields = self.mapping(node, CODE_FIELDS, "a code")
        if fields is None:
            return None
        key = self.text(fields, "id", "a code")
        what = f"code {key!r}" if key else "a code"
        if not key:
            self.problem(node, "a code needs an 'id' (a short key such as ctx.readiness)")
        elif not KEY_PATTERN.match(key):
            self.problem(
                fields["id"][1],
                f"code id {key!r} must be one line of at most 200 characters",
            )
        elif key in self.seen:
            self.problem(
                fields["id"][1],
                f"code id {key!r} is used twice (first on line {self.seen[key]}): ids must be"
                " unique in a frame",
            )
        else:
            self.seen[key] = _line(fields["id"][1])
        name = self.text(fields, "name", what)
        if not name:
            self.problem(node, f"{what} needs a 'name'")
        kind = self.kind(fields, what)
        level = self.level(fields, what, parent.level if parent else None)
        inherited_colour = parent.colour if parent else DEFAULT_COLOUR
        colour = self.text(fields, "colour", what, inherited_colour).strip()
        if not COLOUR_PATTERN.match(colour):
            self.problem(
                fields["colour"][1],
                f"{what} colour {colour!r} must be '#rrggbb' (quote it: colour: \"#1f77b4\")",
            )
            colour = inherited_colour
        code = FrameCode(
            key=key,
            name=name,
            kind=kind,
            level=level,
            description=self.text(fields, "description", what),
            inclusion=self.text(fields, "inclusion", what),
            exclusion=self.text(fields, "exclusion", what),
            example=self.text(fields, "example", what),
            colour=colour.lower(),
        )
        if "children" in fields:
            children = self.codes(fields["children"][1], code, what, depth + 1)
            code = FrameCode(**{**_fields_of(code), "children": children})
        return code

    def kind(self, fields: dict[str, tuple[ScalarNode, Node]], what: str) -> CodeKind:
        value = self.text(fields, "kind", what, CodeKind.THEME.value).strip()
        try:
            return CodeKind(value)
        except ValueError:
            choices = tuple(k.value for k in CodeKind)
            self.problem(
                fields["kind"][1],
                f"kind {value!r} is not a code kind: {_suggest(value, choices)}"
                f"use one of {', '.join(choices)}",
            )
            return CodeKind.THEME

    def level(
        self, fields: dict[str, tuple[ScalarNode, Node]], what: str, inherited: Level | None
    ) -> Level | None:
        if "level" not in fields:
            return inherited
        value = self.text(fields, "level", what, "none").strip()
        if value in ("none", ""):
            return None
        try:
            return Level(value)
        except ValueError:
            choices = (*(lv.value for lv in Level), "none")
            self.problem(
                fields["level"][1],
                f"level {value!r} is not a level: {_suggest(value, choices)}"
                f"use one of {', '.join(choices)}",
            )
            return inherited


def _fields_of(code: FrameCode) -> dict[str, Any]:
    return {name: getattr(code, name) for name in FrameCode.__slots__}


def code_tree(rows: list[dict[str, Any]]) -> tuple[FrameCode, ...]:
    """Frame codes from flat code records (``id``, ``parent_id``, ``sort_order`` and the code
    fields, as stored); a code whose parent is not among ``rows`` becomes a root.

    >>> rows = [{"id": 1, "parent_id": None, "sort_order": 0, "key": "a", "name": "A",
    ...          "kind": "context", "level": None, "colour": "#999999", "description": "",
    ...          "inclusion": "", "exclusion": "", "example": ""}]
    >>> rows.append({**rows[0], "id": 2, "parent_id": 1, "key": "b", "name": "B"})
    >>> [c.key for c in code_tree(rows)[0].children]
    ['b']
    """
    ids = {row["id"] for row in rows}
    children: dict[int | None, list[dict[str, Any]]] = {}
    for row in rows:
        parent = row["parent_id"] if row["parent_id"] in ids else None
        children.setdefault(parent, []).append(row)

    def build(parent: int | None, depth: int) -> tuple[FrameCode, ...]:
        found = sorted(children.get(parent, []), key=lambda r: (r["sort_order"], r["id"]))
        return tuple(
            FrameCode(
                key=row["key"],
                name=row["name"],
                kind=CodeKind(row["kind"]),
                level=Level(row["level"]) if row["level"] else None,
                description=row["description"],
                inclusion=row["inclusion"],
                exclusion=row["exclusion"],
                example=row["example"],
                colour=(row["colour"] or DEFAULT_COLOUR).lower(),
                children=build(row["id"], depth + 1) if depth < 50 else (),
            )
            for row in found
        )

    return build(None, 0)
