"""Frames in a project: load, reload with versions, export; each change is one event."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import realist
from realist.coding.frames import Frame, dump_frame, load_frame, loads_frame, shipped_frame_path
from realist.errors import PermissionDenied, ValidationError

FPR = "family-preservation-reunification"


def test_every_shipped_frame_loads_into_one_project(project: realist.Project) -> None:
    total = 0
    for name in ("realist-generic", FPR, "perpetrator-interventions",
                 "intensive-family-services", "safe-and-together"):  # fmt: skip
        frame = load_frame(shipped_frame_path(name))
        loaded = project.load_frame(shipped_frame_path(name))
        assert (loaded.key, loaded.version) == (name, 1)
        total += len(frame)
        assert project.export_frame(name) == frame
    assert len(project.codes()) == total
    code = project.code("fpr.family.engagement.mres")
    assert code.kind.value == "mechanism_resource" and code.level is not None
    assert project.code(code.parent_id or 0).key == "fpr.family.engagement"


def test_loading_an_unchanged_frame_writes_nothing(project: realist.Project) -> None:
    project.load_frame(shipped_frame_path(FPR))
    revision = project.revision
    assert project.load_frame(shipped_frame_path(FPR)).version == 1
    assert project.revision == revision


def edited(frame: Frame, **names: str) -> Frame:
    """``frame`` with some top-level codes renamed (by key)."""
    codes = tuple(dataclasses.replace(c, name=names.get(c.key, c.name)) for c in frame.codes)
    return dataclasses.replace(frame, codes=codes)


def test_reload_updates_codes_by_key_with_versions(project: realist.Project) -> None:
    original = load_frame(shipped_frame_path(FPR))
    project.load_frame(original)
    before = project.code("fpr.family.readiness")
    doc_free_codes = len(project.codes())
    changed = edited(original, **{"fpr.family.readiness": "Family: readiness to change"})
    loaded = project.load_frame(changed)
    after = project.code("fpr.family.readiness")
    assert loaded.version == 2
    assert after.id == before.id and after.version == before.version + 1
    assert after.name == "Family: readiness to change"
    assert len(project.codes()) == doc_free_codes
    event = project.log(1)[0]
    assert event.action == "frame.load"
    assert event.detail["changed"] == {
        "fpr.family.readiness": {"name": ["Family: readiness", "Family: readiness to change"]}
    }


def test_reload_never_retires_a_code_that_codings_use(project: realist.Project) -> None:
    from tests.coding.conftest import add_transcript

    original = load_frame(shipped_frame_path(FPR))
    project.load_frame(original)
    doc = add_transcript(project, "fg1-regional", "FG1")
    project.add_coding(doc.id, 0, 11, "fpr.family.closure.o")
    dropped = {"fpr.family.closure.o", "fpr.family.closure.c"}

    def without(codes: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(
            dataclasses.replace(c, children=without(c.children))
            for c in codes
            if c.key not in dropped
        )

    smaller = dataclasses.replace(original, codes=without(original.codes))
    project.load_frame(smaller)
    detail = project.log(1)[0].detail
    assert detail["kept"] == ["fpr.family.closure.o"]
    assert detail["retired"] == ["fpr.family.closure.c"]
    keys = {c.key for c in project.codes()}
    assert "fpr.family.closure.o" in keys and "fpr.family.closure.c" not in keys
    assert project.codings()[0].code_id == project.code("fpr.family.closure.o").id
    # loading the full frame again brings the retired code back, same id
    project.load_frame(original)
    assert project.log(1)[0].detail["restored"] == ["fpr.family.closure.c"]
    assert "fpr.family.closure.c" in {c.key for c in project.codes()}
    assert project.frames()[0].version == 3


def test_new_codes_and_moved_codes(project: realist.Project) -> None:
    text = "frame: f\nname: F\ncodes:\n  - id: a\n    name: A\n  - id: b\n    name: B\n"
    project.load_frame(loads_frame(text))
    moved = text.replace("  - id: b\n    name: B\n", "    children:\n      - id: b\n        name: B\n      - id: c\n        name: C\n")  # fmt: skip
    project.load_frame(loads_frame(moved))
    a, b, c = (project.code(k) for k in "abc")
    assert b.parent_id == a.id and c.parent_id == a.id
    detail = project.log(1)[0].detail
    assert detail["added"] == ["c"]
    assert detail["changed"]["b"]["parent_id"] == [None, "a"]
    assert project.export_frame("f").codes == loads_frame(moved).codes
    assert project.export_frame("f").version == 2


def test_a_code_key_owned_by_another_frame_is_refused(project: realist.Project) -> None:
    project.load_frame(loads_frame("frame: one\nname: One\ncodes:\n  - id: x\n    name: X\n"))
    revision = project.revision
    with pytest.raises(ValidationError, match="'x' already belongs to another frame"):
        project.load_frame(loads_frame("frame: two\nname: Two\ncodes:\n  - id: x\n    name: X\n"))
    assert project.revision == revision


def test_export_without_key_includes_codes_added_by_hand(
    project: realist.Project, tmp_path: Path
) -> None:
    project.load_frame(shipped_frame_path("realist-generic"))
    project.add_code("extra.hope", "Hope", "mechanism_response", parent="cmo.mechanism_response")
    exported = project.export_frame()
    assert exported.key == "realist-generic"
    out = tmp_path / "out.yaml"
    out.write_text(dump_frame(exported), encoding="utf-8")
    again = load_frame(out)
    assert again.code("extra.hope").kind.value == "mechanism_response"
    assert [c.key for c in again.code("cmo.mechanism_response").children] == ["extra.hope"]


def test_only_leads_load_frames(project: realist.Project) -> None:
    project.add_coder("kim", "coder")
    with pytest.raises(PermissionDenied):
        project.with_coder("kim").load_frame(shipped_frame_path("realist-generic"))
    with pytest.raises(ValidationError, match="no frame"):
        project.export_frame("absent")


def test_a_frame_adopts_a_code_added_by_hand_with_the_same_id(project: realist.Project) -> None:
    made = project.add_code("trust", "Trust", "context")
    project.load_frame(
        loads_frame(
            "frame: f\nname: F\ncodes:\n  - id: trust\n    name: Trust\n    kind: outcome\n"
        )
    )
    adopted = project.code("trust")
    assert adopted.id == made.id and adopted.frame_id is not None
    assert adopted.kind.value == "outcome" and adopted.version == made.version + 1
    changed = project.log(1)[0].detail["changed"]["trust"]
    assert changed["kind"] == ["context", "outcome"]
    assert changed["frame_id"] == [None, "f"]
