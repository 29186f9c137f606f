"""Project methods for coding frames, coding and coding reads, and quote-sheet import.

The work itself lives in :mod:`realist.coding`; these methods connect it to the store, each
write in one transaction with one event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from realist.coding import cmoc as cmoc_parts
from realist.coding import reads
from realist.coding.frames import Frame, FrameCode, code_tree
from realist.coding.frames import load_frame as read_frame_file
from realist.coding.reads import with_descendants
from realist.errors import NotFound, ValidationError
from realist.model import (
    CMOC,
    Code,
    Coding,
    CodingFrame,
    Document,
    EvidenceRole,
    Level,
    Role,
    TheoryStatus,
)
from realist.project.core import CoreMixin
from realist.store import Connection, meta, tx
from realist.store import codes as code_store
from realist.store import coding as coding_query
from realist.store import codings as coding_store
from realist.store.tx import now

#: Code columns a frame file sets; a reload compares and updates these.
FRAME_CODE_FIELDS = (
    "name",
    "kind",
    "level",
    "colour",
    "description",
    "inclusion",
    "exclusion",
    "example",
    "sort_order",
    "parent_id",
)
EXCERPT_COLUMNS = [
    "coding_id",
    "document_id",
    "document",
    "start",
    "end",
    "excerpt",
    "code_key",
    "code_name",
    "code_kind",
    "code_level",
    "coder",
    "speaker",
    "participant",
    "role",
    "site",
    "group",
    "memo",
]


class CodingMixin(CoreMixin):
    """Coding methods of :class:`realist.Project`."""

    # ----- frames ----------------------------------------------------------------------
    def load_frame(self, frame: str | Path | Frame) -> CodingFrame:
        """Load a coding frame (a YAML file or a :class:`~realist.coding.frames.Frame`).

        Loading again after the file changed updates the project's codes by key: changed
        codes get a new version, new codes are added, codes dropped from the file are
        retired unless a coding or CMOC points at them (then they stay). The frame's version
        goes up by one and the change is logged as one event. Loading an unchanged frame
        writes nothing.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> p.load_frame(shipped_frame_path("realist-generic")).key
        'realist-generic'
        >>> p.code("cmo.outcome").kind.value
        'outcome'
        """
        spec = frame if isinstance(frame, Frame) else read_frame_file(frame)
        with self._read() as conn:
            plan = _FramePlan.make(conn, spec)
        if plan.unchanged:
            assert plan.existing is not None
            return plan.existing
        with self._write("frame.load", "frame", role=Role.LEAD) as w:
            plan = _FramePlan.make(w.conn, spec)
            loaded = plan.apply(w)
            w.entity_id = loaded.id
            return loaded

    def export_frame(self, frame_key: str | None = None) -> Frame:
        """The project's codes as a :class:`~realist.coding.frames.Frame` (for
        :func:`~realist.coding.frames.dump_frame`).

        ``frame_key`` picks one loaded frame; without it every live code of the project is
        exported, under the project's only frame's key (or the project name).

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> _ = p.load_frame(shipped_frame_path("safe-and-together"))
        >>> _ = p.add_code("st.extra", "Extra", "outcome", parent="st.outcomes")
        >>> "st.extra" in [c.key for c in p.export_frame().code("st.outcomes").children]
        True
        """
        head: CodingFrame | None
        with self._read() as conn:
            if frame_key is not None:
                loaded = code_store.get_frame(conn, frame_key)
                if loaded is None:
                    keys = ", ".join(f.key for f in code_store.list_frames(conn)) or "none"
                    raise ValidationError(
                        f"no frame {frame_key!r} in this project (frames: {keys})"
                    )
                rows = [
                    r
                    for r in coding_query.frame_code_rows(conn, loaded.id)
                    if r["deleted_at"] is None
                ]
                head = loaded
            else:
                rows = coding_query.live_code_rows(conn)
                frames = code_store.list_frames(conn)
                head = frames[0] if len(frames) == 1 else None
                info = meta.project_info(conn)
                project_name = info.name if info is not None else "project"
        if head is not None:
            return Frame(
                key=head.key,
                name=head.name,
                version=head.version,
                description=head.description,
                source=head.source,
                codes=code_tree(rows),
            )
        slug = re.sub(r"[^a-z0-9]+", "-", project_name.casefold()).strip("-") or "project"
        return Frame(key=slug, name=f"{project_name} codes", codes=code_tree(rows))

    # ----- coding ----------------------------------------------------------------------
    def apply_codes(
        self,
        document: int | str | Document,
        start: int,
        end: int,
        codes: Sequence[int | str | Code] | int | str | Code,
        memo: str | None = None,
    ) -> list[Coding]:
        """Apply one or more codes to ``[start, end)`` as the current coder, in one event.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> from realist.model import DocumentDraft
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> doc = p.add_document(DocumentDraft("FG1", "We trusted her because she stayed.", "x"))
        >>> _ = p.add_code("trust", "Trust", "outcome"); _ = p.add_code("stay", "Staying", "context")
        >>> [c.code_id for c in p.apply_codes("FG1", 0, 34, ["trust", "stay"])] != []
        True
        """
        refs: list[int | str | Code] = (
            [codes] if isinstance(codes, int | str | Code) else list(codes)
        )
        if not refs:
            raise ValidationError("name at least one code to apply")
        with self._write("coding.add", "coding") as w:
            doc = self._document_in(w.conn, document)
            self._check_span(doc.id, len(doc.text), start, end)
            found: dict[int, Code] = {}
            for ref in refs:
                code = self._code_in(w.conn, ref)
                found.setdefault(code.id, code)
            rows = [
                {"document_id": doc.id, "code_id": code_id, "coder_id": w.coder_id,
                 "start": start, "end": end, "memo": memo}
                for code_id in found
            ]  # fmt: skip
            ids = coding_store.insert_codings(w.conn, rows, w.at)
            w.entity_id = ids[0]
            w.detail.update(
                document=doc.id, codes=[c.key for c in found.values()], start=start, end=end
            )
            out = [coding_store.get_coding(w.conn, i) for i in ids]
            return [c for c in out if c is not None]

    # ----- CMOCs from codings ----------------------------------------------------------
    def cmoc_from_codings(
        self,
        label: str,
        codings: Sequence[int | Coding],
        *,
        statement: str | None = None,
        roles: Mapping[int, EvidenceRole | str] | None = None,
        level: Level | str | None = None,
        status: TheoryStatus | str = TheoryStatus.NEW,
        theory_code: int | str | None = None,
    ) -> CMOC:
        """Assemble a CMOC from codings (any turns, any documents of the study).

        Each coding becomes an evidence span linked to it, with the role its code's kind
        implies (or the one given in ``roles``, by coding id: needed for theme codes). The
        statement defaults to "If [C], then [O], because [M]" filled with the codes' names,
        for the analyst to rewrite; the level defaults to the codes' level when they share one.
        Validation is the CMOC's: an outcome and at least one context or mechanism.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> from realist.model import DocumentDraft
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> _ = p.add_document(DocumentDraft("FG1", "She feared us. We kept coming. She let us in.", "x"))
        >>> _ = p.add_code("fear", "fear of removal", "context")
        >>> _ = p.add_code("persist", "persistence", "mechanism_resource")
        >>> _ = p.add_code("open", "the door opens", "outcome")
        >>> ids = [p.apply_codes("FG1", s, e, [k])[0].id
        ...        for s, e, k in [(0, 14, "fear"), (15, 30, "persist"), (31, 45, "open")]]
        >>> p.cmoc_from_codings("Persistence", ids).statement
        'If fear of removal, then the door opens, because persistence'
        """
        ids = [c.id if isinstance(c, Coding) else int(c) for c in codings]
        with self._read() as conn:
            visible = self._visible_coder_ids(conn)
            found: list[Coding] = []
            for coding_id in ids:
                coding = coding_store.get_coding(conn, coding_id)
                if coding is None or (visible is not None and coding.coder_id not in visible):
                    raise NotFound(f"no coding {coding_id} that you can see")
                found.append(coding)
            codes = {c.code_id: self._code_in(conn, c.code_id) for c in found}
        try:
            spans = cmoc_parts.evidence_from_codings(found, codes, roles=roles)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
        by_coding = {c.id: codes[c.code_id] for c in found}
        text = statement if statement is not None else cmoc_parts.draft_statement(spans, by_coding)
        if level is None:
            levels = {code.level for code in codes.values()}
            level = levels.pop() if len(levels) == 1 else None
        return self.add_cmoc(
            label, text, spans, level=level, status=status, theory_code=theory_code
        )

    # ----- reads -----------------------------------------------------------------------
    def excerpts(
        self,
        code: int | str | Code | Sequence[int | str | Code],
        *,
        site: str | Sequence[str] | None = None,
        role: str | Sequence[str] | None = None,
        group: str | Sequence[str] | None = None,
        coder: str | Sequence[str] | None = None,
        descendants: bool = False,
    ) -> pd.DataFrame:
        """The coded excerpts of a code (or several), with document, speaker and participant
        attributes, narrowed by participant ``site``, ``role``, ``group`` and ``coder``.

        ``descendants=True`` adds the codings of the code's children. Under blind coding a
        coder sees only their own codings.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> from realist.model import DocumentDraft, TurnDraft
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> text = "P1: We kept coming.\\nP2: The navigator helped."
        >>> _ = p.add_document(DocumentDraft("FG1", text, "x",
        ...     turns=(TurnDraft("P1", 0, 19), TurnDraft("P2", 20, 45))), group="FG1")
        >>> _ = p.upsert_participants([{"label": "P2", "group": "FG1", "site": "regional"}])
        >>> _ = p.add_code("nav", "Navigator", "mechanism_resource")
        >>> _ = p.apply_codes("FG1", 24, 44, ["nav"])
        >>> p.excerpts("nav", site="regional")[["excerpt", "speaker"]].values.tolist()
        [['The navigator helped', 'P2']]
        """
        refs = list(code) if isinstance(code, list | tuple) else [code]
        with self._read() as conn:
            code_ids = {self._code_in(conn, r).id for r in refs}  # type: ignore[arg-type]
            if descendants:
                code_ids = with_descendants(coding_query.live_code_rows(conn), code_ids)
            rows = coding_query.coding_rows(
                conn, coder_ids=self._visible_coder_ids(conn), code_ids=sorted(code_ids)
            )
        frame = pd.DataFrame(rows, columns=EXCERPT_COLUMNS)
        keys = frame["code_key"].unique().tolist()
        return reads.filter_excerpts(frame, keys, site=site, role=role, group=group, coder=coder)

    def cooccurrence(
        self,
        codes: Sequence[int | str | Code] | None = None,
        *,
        document: int | str | Document | None = None,
        unit: str = "overlap",
    ) -> pd.DataFrame:
        """A code-by-code matrix of co-occurrence (see :func:`realist.coding.reads.cooccurrence`).

        ``unit="overlap"`` counts pairs of overlapping codings; ``unit="turn"`` counts speaker
        turns both codes touch. Rows and columns are code keys.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> from realist.model import DocumentDraft
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> _ = p.add_document(DocumentDraft("FG1", "We kept coming until she let us in.", "x"))
        >>> _ = p.add_code("c", "C", "context"); _ = p.add_code("o", "O", "outcome")
        >>> _ = p.apply_codes("FG1", 0, 14, ["c"]); _ = p.apply_codes("FG1", 3, 35, ["o"])
        >>> p.cooccurrence().values.tolist()
        [[1, 1], [1, 1]]
        """
        with self._read() as conn:
            doc_id = None if document is None else self._document_in(conn, document).id
            keys = None if codes is None else [self._code_in(conn, c).key for c in codes]
            rows = coding_query.coding_rows(
                conn, coder_ids=self._visible_coder_ids(conn), document_id=doc_id
            )
            turns = coding_query.turn_rows(conn, doc_id) if unit == "turn" else None
        codings = pd.DataFrame(rows, columns=EXCERPT_COLUMNS)
        turn_frame = None if turns is None else pd.DataFrame(turns)
        if turn_frame is not None and turn_frame.empty:
            turn_frame = pd.DataFrame(columns=["document_id", "start", "end"])
        return reads.cooccurrence(codings, unit=unit, turns=turn_frame, codes=keys)


def shipped_frame_path(name: str) -> Path:
    """The path of a frame shipped with realist (see :func:`realist.coding.frames.shipped_frame_path`)."""
    from realist.coding.frames import shipped_frame_path as find

    return find(name)


class _FramePlan:
    """What loading a frame file into the project would change, computed in a transaction."""

    def __init__(self, spec: Frame, existing: CodingFrame | None) -> None:
        self.spec = spec
        self.existing = existing
        self.rows: dict[str, dict[str, Any]] = {}
        self.added: list[str] = []
        self.changed: dict[str, dict[str, list[Any]]] = {}
        self.restored: list[str] = []
        self.retire: list[dict[str, Any]] = []
        self.meta_changed = False
        self.kept: set[int] = set()

    @classmethod
    def make(cls, conn: Connection, spec: Frame) -> _FramePlan:
        plan = cls(spec, code_store.get_frame(conn, spec.key))
        keys = [code.key for code, _p, _o in spec.walk()]
        plan.rows = coding_query.codes_by_key(conn, keys)
        frame_id = plan.existing.id if plan.existing else None
        clashes = [
            f"code {key!r} already belongs to another frame (id {row['frame_id']})"
            for key, row in plan.rows.items()
            if row["frame_id"] is not None and row["frame_id"] != frame_id
        ]
        if clashes:
            raise ValidationError(
                f"cannot load frame {spec.key!r}: "
                + "; ".join(clashes[:5])
                + ": give those codes other ids in the file"
            )
        ids = {key: row["id"] for key, row in plan.rows.items()}
        for code, parent, order in spec.walk():
            row = plan.rows.get(code.key)
            if row is None:
                plan.added.append(code.key)
                continue
            wanted = _code_values(code, ids.get(parent) if parent else None, order)
            diff = [f for f in FRAME_CODE_FIELDS if row[f] != wanted[f]]
            if parent is not None and parent not in ids:
                diff.append("parent_id")
            if frame_id is None or row["frame_id"] != frame_id:
                diff.append("frame_id")  # adopted into this frame
            if diff:
                plan.changed[code.key] = {
                    field: _change(conn, field, row[field], wanted.get(field, spec.key), parent)
                    for field in sorted(set(diff))
                }
            if row["deleted_at"] is not None:
                plan.restored.append(code.key)
        if plan.existing is not None:
            wanted_keys = set(keys)
            plan.retire = [
                row
                for row in coding_query.frame_code_rows(conn, plan.existing.id)
                if row["key"] not in wanted_keys and row["deleted_at"] is None
            ]
            e = plan.existing
            plan.meta_changed = (e.name, e.description, e.source) != (
                spec.name,
                spec.description,
                spec.source,
            ) or spec.version > e.version
            plan.kept = coding_query.codes_in_use(conn, [r["id"] for r in plan.retire])
        return plan

    @property
    def unchanged(self) -> bool:
        return self.existing is not None and not (
            self.added or self.changed or self.restored or self.retire or self.meta_changed
        )

    def apply(self, w: tx.Writer) -> CodingFrame:
        spec, conn = self.spec, w.conn
        if self.existing is None:
            frame = code_store.upsert_frame(
                conn, spec.key, spec.name, spec.description, spec.source
            )
            coding_query.set_frame_row(conn, frame.id, {"version": spec.version})
        else:
            version = max(self.existing.version + 1, spec.version)
            frame = self.existing
            coding_query.set_frame_row(
                conn,
                frame.id,
                {"name": spec.name, "description": spec.description, "source": spec.source,
                 "version": version, "loaded_at": now()},
            )  # fmt: skip
        ids = {key: row["id"] for key, row in self.rows.items()}
        for code, parent, order in spec.walk():
            values = _code_values(code, ids.get(parent) if parent else None, order)
            if code.key in self.added:
                created = code_store.insert_code(
                    conn, {"key": code.key, "frame_id": frame.id, **values}
                )
                ids[code.key] = created.id
            elif code.key in self.changed or code.key in self.restored:
                coding_query.set_code_row(
                    conn, ids[code.key], {**values, "frame_id": frame.id, "deleted_at": None}
                )
        retired, kept = [], []
        for row in self.retire:
            if row["id"] in self.kept:
                kept.append(row["key"])
            else:
                coding_query.set_code_row(conn, row["id"], {"deleted_at": w.at})
                retired.append(row["key"])
        loaded = code_store.get_frame(conn, frame.id)
        assert loaded is not None
        w.detail.update(
            key=loaded.key,
            version=loaded.version,
            codes=len(spec),
            added=self.added,
            changed=self.changed,
            restored=self.restored,
            retired=retired,
            kept=kept,
        )
        return loaded


def _change(conn: Connection, field: str, old: Any, new: Any, parent: str | None) -> list[Any]:
    """``[old, new]`` for the log, with parents by key and long text shortened."""
    if field == "parent_id":
        before = code_store.get_code(conn, old, include_deleted=True) if old else None
        return [before.key if before else None, parent]

    def short(value: Any) -> Any:
        return value[:117] + "..." if isinstance(value, str) and len(value) > 120 else value

    return [short(old), short(new)]


def _code_values(code: FrameCode, parent_id: int | None, order: int) -> dict[str, Any]:
    return {
        "name": code.name,
        "kind": code.kind.value,
        "level": code.level.value if code.level else None,
        "colour": code.colour,
        "description": code.description,
        "inclusion": code.inclusion,
        "exclusion": code.exclusion,
        "example": code.example,
        "sort_order": order,
        "parent_id": parent_id,
    }
