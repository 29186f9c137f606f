"""The YAML frame format: shipped frames load and round-trip; mistakes name their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from realist.coding.frames import (
    Frame,
    FrameCode,
    FrameError,
    dump_frame,
    load_frame,
    loads_frame,
    shipped_frame_path,
    shipped_frames,
)
from realist.model import CodeKind, Level

SHIPPED = [
    "realist-generic",
    "family-preservation-reunification",
    "perpetrator-interventions",
    "intensive-family-services",
    "safe-and-together",
]


def test_all_five_frames_are_shipped() -> None:
    assert sorted(p.stem for p in shipped_frames()) == sorted(SHIPPED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_frame_loads_and_round_trips(name: str, tmp_path: Path) -> None:
    frame = load_frame(shipped_frame_path(name))
    assert frame.key == name
    assert len(frame) >= 20
    again = tmp_path / f"{name}.yaml"
    again.write_text(dump_frame(frame), encoding="utf-8")
    assert load_frame(again) == frame
    # every code is described, so a coder knows when to use it
    assert all(code.name and code.description for code, _p, _o in frame.walk() if not _p)


def test_shipped_code_ids_never_clash_across_frames() -> None:
    seen: dict[str, str] = {}
    for path in shipped_frames():
        for code, _parent, _order in load_frame(path).walk():
            assert code.key not in seen, f"{code.key} in {path.name} and {seen[code.key]}"
            seen[code.key] = path.name


def test_family_preservation_has_twelve_themes_with_cmo_parts() -> None:
    frame = load_frame(shipped_frame_path("family-preservation-reunification"))
    themes = frame.codes
    assert len(themes) == 12
    by_level = {lv: [t for t in themes if t.level is lv] for lv in Level}
    assert [len(by_level[lv]) for lv in Level] == [4, 4, 4]
    names = " ".join(t.name.lower() for t in themes)
    for words in ("engagement", "readiness", "therapeutic relationship", "supported closure",
                  "preconditions", "caseload", "staff stress", "operationalising goals",
                  "navigator"):  # fmt: skip
        assert words in names
    for theme in themes:
        kinds = {c.kind for c in theme.children}
        assert {CodeKind.CONTEXT, CodeKind.MECHANISM_RESOURCE, CodeKind.MECHANISM_RESPONSE,
                CodeKind.OUTCOME} <= kinds  # fmt: skip
        assert all(c.level is theme.level for c in theme.children)


def test_perpetrator_features_each_have_enablers_and_barriers() -> None:
    frame = load_frame(shipped_frame_path("perpetrator-interventions"))
    assert len(frame.codes) == 6
    for feature in frame.codes:
        names = [c.name.lower() for c in feature.children]
        assert any("enablers" in n for n in names) and any("barriers" in n for n in names)


def test_children_inherit_level_and_colour() -> None:
    frame = loads_frame(
        "frame: f\nname: F\ncodes:\n"
        "  - id: a\n    name: A\n    level: system\n    colour: '#AA0000'\n"
        "    children:\n      - id: b\n        name: B\n"
        "      - id: c\n        name: C\n        level: none\n"
    )
    b, c = frame.codes[0].children
    assert (b.level, b.colour) == (Level.SYSTEM, "#aa0000")
    assert c.level is None
    assert loads_frame(dump_frame(frame)) == frame


def test_dump_writes_multiline_text_readably() -> None:
    frame = Frame("k", "K", codes=(FrameCode("a", "A", description="line one\nline two"),))
    text = dump_frame(frame)
    assert "description: |" in text
    assert loads_frame(text) == frame


def problems_of(text: str) -> list[tuple[int | None, str]]:
    with pytest.raises(FrameError) as info:
        loads_frame(text, source="study.yaml")
    assert "study.yaml" in str(info.value)
    return info.value.problems


def test_yaml_syntax_error_names_the_line() -> None:
    [(line, message)] = problems_of("frame: k\nname: K\ncodes:\n  - id: a\n    name: A: B\n")
    assert line == 5 and "YAML syntax" in message


def test_every_mistake_is_reported_with_its_line() -> None:
    text = (
        "frame: k\n"  # 1
        "name: K\n"  # 2
        "codes:\n"  # 3
        "  - id: a\n"  # 4
        "    name: A\n"  # 5
        "    kind: mechanism\n"  # 6
        "    level: famly\n"  # 7
        "    colour: red\n"  # 8
        "  - id: a\n"  # 9
        "    nme: Again\n"  # 10
        "    name: Again\n"  # 11
        "    name: Twice\n"  # 12
    )
    problems = dict(problems_of(text))
    assert "not a code kind" in problems[6]
    assert "did you mean 'family'" in problems[7]
    assert "#rrggbb" in problems[8]
    assert "used twice (first on line 4)" in problems[9]
    assert "unknown field 'nme': did you mean 'name'" in problems[10]
    assert "repeats field 'name' (first on line 11)" in problems[12]


def test_missing_parts_are_named() -> None:
    problems = problems_of("codes:\n  - name: no id\n  - id: x\n")
    messages = " | ".join(m for _l, m in problems)
    assert "needs a key" in messages
    assert "needs a name" in messages
    assert "needs an 'id'" in messages
    assert "code 'x' needs a 'name'" in messages


def test_wrong_shapes_are_named() -> None:
    assert "must be a list" in problems_of("frame: k\nname: K\ncodes: nope\n")[0][1]
    assert "version must be" in problems_of("frame: k\nname: K\nversion: two\ncodes: []\n")[0][1]
    assert "empty" in problems_of("")[0][1]
    assert "must be a mapping" in problems_of("- just\n- a list\n")[0][1]


def test_file_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(FrameError, match="no such file"):
        load_frame(tmp_path / "absent.yaml")
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("frame: k\nname: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(FrameError, match=r"latin\.yaml: not UTF-8"):
        load_frame(bad)
    with pytest.raises(FrameError, match="choose one of"):
        shipped_frame_path("no-such-frame")


def test_aliases_are_refused_so_a_file_cannot_blow_up() -> None:
    text = (
        "frame: k\nname: K\ncodes:\n  - &a {id: a, name: A, children: [{id: b, name: B}]}\n  - *a\n"
    )
    messages = [m for _l, m in problems_of(text)]
    assert any("anchors and aliases" in m for m in messages)
