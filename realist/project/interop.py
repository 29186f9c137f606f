"""Project methods for REFI-QDA exchange: export ``.qdpx`` / ``.qdc``, import either.

The work itself (reading, offsets, writing, mapping) lives in :mod:`realist.interop`;
these methods read a consistent snapshot for export, and carry out an import plan in one
transaction, so a failed import leaves the project as it was.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from realist.errors import ImportFailed, StorageError
from realist.interop.export import Snapshot, to_refi
from realist.interop.load import read_refi
from realist.interop.plan import ImportPlan, ImportReport, make_plan
from realist.interop.safety import Limits
from realist.interop.write import write_qdc, write_qdpx
from realist.model import CodeKind, EvidenceSpan, Level, MemoTarget, Role, TheoryStatus
from realist.project.core import CoreMixin
from realist.store import cmocs as cmoc_store
from realist.store import coders as coder_store
from realist.store import codes as code_store
from realist.store import codings as coding_store
from realist.store import documents as document_store
from realist.store import interop as interop_store
from realist.store import memos as memo_store
from realist.store import tx

ORIGIN = "realist 0.1"


class InteropMixin(CoreMixin):
    """REFI-QDA methods of :class:`realist.Project`."""

    # ----- export ----------------------------------------------------------------------
    def _snapshot(self) -> Snapshot:
        with self._read() as conn:
            guid, name = interop_store.project_guid(conn)
            visible = self._visible_coder_ids(conn)
            return Snapshot(
                name=name,
                guid=guid,
                coders=coder_store.list_coders(conn),
                frames=code_store.list_frames(conn),
                codes=code_store.list_codes(conn),
                documents=document_store.list_documents(conn),
                turns=document_store.list_turns(conn),
                participants=document_store.list_participants(conn),
                codings=coding_store.list_codings(conn, coder_ids=visible),
                memos=memo_store.list_memos(conn),
                memo_guids=interop_store.memo_guids(conn),
                cmocs=cmoc_store.list_cmocs(conn, coder_ids=visible),
                demi_regularities=cmoc_store.list_demi_regularities(conn),
            )

    def export_qdpx(self, path: str | Path) -> Path:
        """Write the whole project as a REFI-QDA ``.qdpx`` for NVivo, ATLAS.ti, MAXQDA,
        QualCoder (and back into realist, which restores it exactly).

        Examples
        --------
        >>> import realist, tempfile, os
        >>> folder = tempfile.mkdtemp()
        >>> p = realist.init_project(os.path.join(folder, "s.realist"), owner="ana")
        >>> p.export_qdpx(os.path.join(folder, "s.qdpx")).name
        's.qdpx'
        """
        return write_qdpx(to_refi(self._snapshot(), origin=ORIGIN), path)

    def export_qdc(self, path: str | Path) -> Path:
        """Write the coding frame (hierarchy, colours, descriptions) as a ``.qdc`` codebook."""
        return write_qdc(to_refi(self._snapshot(), origin=ORIGIN), path)

    # ----- import ----------------------------------------------------------------------
    def import_refi(
        self, path: str | Path, *, strict: bool = False, limits: Limits | None = None
    ) -> ImportReport:
        """Import a ``.qdpx`` project or ``.qdc`` codebook from any REFI-QDA program.

        Everything goes in one transaction: on any error nothing is stored. Warnings
        (leniencies, things other programs keep that realist does not) are in the report;
        with ``strict=True`` any warning stops the import instead. Owners and leads only.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> folder = tempfile.mkdtemp()
        >>> p = realist.init_project(os.path.join(folder, "a.realist"), owner="ana")
        >>> _ = p.add_code("ctx.trust", "Trust", "context")
        >>> book = p.export_qdc(os.path.join(folder, "frame.qdc"))
        >>> q = realist.init_project(os.path.join(folder, "b.realist"), owner="ana")
        >>> q.import_refi(book).codes
        1
        """
        path = Path(path)
        self._require_writer(Role.LEAD)
        refi = read_refi(path, limits=limits)
        plan = make_plan(refi)
        report = ImportReport(str(path), refi.origin, refi.kind, warnings=list(plan.warnings),
                              info=list(plan.info))  # fmt: skip
        if strict and plan.warnings:
            raise ImportFailed(
                path,
                "stopped (strict): "
                + "; ".join(plan.warnings[:5])
                + (f" (+{len(plan.warnings) - 5} more)" if len(plan.warnings) > 5 else ""),
            )
        try:
            with self._write("refi.import", "project", role=Role.LEAD) as w:
                _Importer(self, w, plan, report).run()
                w.detail.update(file=path.name, origin=refi.origin, **report.counts(),
                                warnings=len(report.warnings))  # fmt: skip
        except StorageError as exc:
            raise ImportFailed(path, str(exc.args[0])) from None
        return report


class _Importer:
    """Carries out an :class:`ImportPlan` inside one open write transaction."""

    def __init__(self, project: InteropMixin, w: tx.Writer, plan: ImportPlan,
                 report: ImportReport) -> None:  # fmt: skip
        self.p = project
        self.w = w
        self.conn = w.conn
        self.plan = plan
        self.report = report
        self.coder_ids: dict[str, int] = {}
        self.code_ids: dict[str, int] = {}
        self.doc_ids: dict[str, int] = {}
        self.coding_ids: dict[str, int] = {}
        self.cmoc_ids: dict[str, int] = {}
        self.dr_ids: dict[str, int] = {}

    def warn(self, message: str) -> None:
        self.report.warnings.append(message)

    def coder(self, name: str | None) -> int:
        if not name or not name.strip():
            return int(self.w.coder_id or 0)
        name = name.strip()[:100]
        if name not in self.coder_ids:
            before = coder_store.get_coder(self.conn, name)
            coder = self.p._ensure_coder_in(self.w, name, Role.CODER)
            if before is None:
                self.report.coders += 1
            self.coder_ids[name] = coder.id
        return self.coder_ids[name]

    def run(self) -> None:
        plan = self.plan
        taken = interop_store.existing_guids(
            self.conn, "documents", [d.guid for d in plan.documents]
        )
        if taken:
            raise ImportFailed(
                self.report.path,
                f"{len(taken)} of its documents are already in this project (same GUIDs): "
                "it was imported before; import it into a new project instead",
            )
        for name, _role in plan.coders:
            self.coder(name)
        for frame in plan.frames:
            if code_store.get_frame(self.conn, str(frame.get("key"))) is None:
                code_store.upsert_frame(
                    self.conn, str(frame["key"]), str(frame.get("name") or frame["key"]),
                    str(frame.get("description") or ""), str(frame.get("source") or ""),
                )  # fmt: skip
        self.codes()
        for row in plan.participants:
            self.participant(row)
        self.documents()
        self.codings()
        self.cmocs()
        self.memos()

    def participant(self, row: dict[str, Any]) -> None:
        row = {
            k: (
                v[:200]
                if isinstance(v, str) and k in ("label", "group", "pseudonym", "role", "site")
                else v
            )
            for k, v in row.items()
        }
        guid = str(row.pop("guid", "") or "")
        label, group = str(row.get("label") or ""), str(row.get("group") or "")
        new = not interop_store.participant_exists(self.conn, label, group)
        document_store.upsert_participant(self.conn, row)
        if new:
            self.report.participants += 1
            if guid:
                interop_store.set_participant_guid(self.conn, label, group, guid)

    def codes(self) -> None:
        existing = {c.guid: c for c in code_store.list_codes(self.conn)}
        merged: list[str] = []
        same_guid = 0
        by_name = {(c.parent_id, c.name.casefold()): c for c in existing.values()}
        for planned in self.plan.codes:
            parent_id = self.code_ids.get(planned.parent_guid or "")
            if planned.guid in existing:
                self.code_ids[planned.guid] = existing[planned.guid].id
                same_guid += 1
                continue
            same = by_name.get((parent_id, planned.name.casefold()))
            if same is not None:
                self.code_ids[planned.guid] = same.id
                merged.append(planned.name)
                continue
            key = planned.key
            number = 2
            while code_store.get_code(self.conn, key, include_deleted=True) is not None:
                key = f"{planned.key}-{number}"
                number += 1
            try:
                kind = CodeKind(planned.kind).value
            except ValueError:
                kind = CodeKind.THEME.value
            level = planned.level if planned.level in {lv.value for lv in Level} else None
            frame = code_store.get_frame(self.conn, planned.frame) if planned.frame else None
            values: dict[str, Any] = {
                "guid": planned.guid, "key": key, "name": planned.name[:300], "kind": kind,
                "level": level, "parent_id": parent_id,
                "frame_id": frame.id if frame else None,
                "colour": planned.colour or "#999999", "description": planned.description,
                "inclusion": planned.inclusion, "exclusion": planned.exclusion,
                "example": planned.example, "sort_order": planned.sort_order,
            }  # fmt: skip
            code = code_store.insert_code(self.conn, values)
            self.code_ids[planned.guid] = code.id
            self.report.codes += 1
        if same_guid:
            self.report.info.append(
                f"{same_guid} code(s) of the file are already in the project (same GUID); reused"
            )
        if merged:
            shown = ", ".join(repr(n) for n in merged[:5])
            more = f" and {len(merged) - 5} more" if len(merged) > 5 else ""
            self.warn(
                f"{len(merged)} code(s) already in the project were reused (codings join them): "
                f"{shown}{more}"
            )

    def documents(self) -> None:
        for planned in self.plan.documents:
            draft = planned.draft
            name = draft.name.strip()[:300] or "Imported source"
            base, number = name, 2
            while document_store.get_document(self.conn, name) is not None:
                name = f"{base} ({number})"
                number += 1
            if name != draft.name:
                self.warn(f"document {draft.name!r} renamed {name!r}: the name was taken")
            metadata = dict(draft.metadata)
            doc_id = document_store.insert_document(
                self.conn, name=name, text=draft.text, sha256=draft.sha256,
                source_name=draft.source_name[:500], source_format=draft.source_format[:20],
                metadata=metadata, created_by=self.w.coder_id, guid=planned.guid,
            )  # fmt: skip
            group = str(metadata.get("group", ""))
            speakers = list(dict.fromkeys(t.speaker for t in draft.turns if t.speaker))
            ids = {
                sp: document_store.upsert_participant(self.conn, {"label": sp, "group": group}).id
                for sp in speakers
            }
            document_store.insert_turns(self.conn, doc_id, draft.turns, ids)
            if planned.deidentified:
                interop_store.set_deidentified(self.conn, doc_id, True)
            self.doc_ids[planned.guid] = doc_id
            self.report.documents += 1

    def codings(self) -> None:
        rows = []
        guids = []
        for c in self.plan.codings:
            if c.document_guid not in self.doc_ids or c.code_guid not in self.code_ids:
                continue
            rows.append({
                "document_id": self.doc_ids[c.document_guid], "code_id": self.code_ids[c.code_guid],
                "coder_id": self.coder(c.coder), "start": c.start, "end": c.end, "memo": c.memo,
                "guid": c.guid,
            })  # fmt: skip
            guids.append(c.guid)
        taken = interop_store.existing_guids(self.conn, "codings", guids)
        for row in rows:
            if row["guid"] in taken:
                row["guid"] = None
        ids = coding_store.insert_codings(self.conn, rows, self.w.at)
        self.coding_ids = dict(zip(guids, ids, strict=True))
        self.report.codings += len(ids)

    def cmocs(self) -> None:
        taken = interop_store.existing_guids(self.conn, "cmocs", [c.guid for c in self.plan.cmocs])
        for c in self.plan.cmocs:
            spans = [
                EvidenceSpan(self.doc_ids[e.document_guid], e.start, e.end, e.role,
                             self.coding_ids.get(e.coding_guid or ""), e.note)
                for e in c.evidence if e.document_guid in self.doc_ids
            ]  # fmt: skip
            status = c.status if c.status in {s.value for s in TheoryStatus} else "new"
            values = {
                "label": c.label[:300], "statement": c.statement,
                "level": c.level if c.level in {lv.value for lv in Level} else None,
                "status": status, "theory_code_id": self.code_ids.get(c.theory_code_guid or ""),
                "coder_id": self.coder(c.coder),
                "guid": None if c.guid in taken else c.guid,
            }  # fmt: skip
            self.cmoc_ids[c.guid] = cmoc_store.insert_cmoc(self.conn, values, spans)
            self.report.cmocs += 1
        taken = interop_store.existing_guids(
            self.conn, "demi_regularities", [d.guid for d in self.plan.demi_regularities]
        )
        for d in self.plan.demi_regularities:
            status = d.status if d.status in {s.value for s in TheoryStatus} else "new"
            values = {
                "label": d.label[:300], **d.fields,
                "level": d.level if d.level in {lv.value for lv in Level} else None,
                "status": status, "coder_id": self.coder(d.coder),
                "guid": None if d.guid in taken else d.guid,
            }  # fmt: skip
            members = [self.cmoc_ids[g] for g in d.cmoc_guids if g in self.cmoc_ids]
            self.dr_ids[d.guid] = cmoc_store.insert_demi_regularity(self.conn, values, members)
            self.report.demi_regularities += 1

    def memos(self) -> None:
        targets: dict[MemoTarget, dict[str, int]] = {
            MemoTarget.DOCUMENT: self.doc_ids,
            MemoTarget.CODE: self.code_ids,
            MemoTarget.CODING: self.coding_ids,
            MemoTarget.CMOC: self.cmoc_ids,
            MemoTarget.DEMI_REGULARITY: self.dr_ids,
        }
        known = interop_store.memo_guids(self.conn)
        taken = set(known.values())
        for m in self.plan.memos:
            target, target_id = m.target, None
            if target is not MemoTarget.PROJECT:
                target_id = targets[target].get(m.target_guid or "")
                if target_id is None:
                    target = MemoTarget.PROJECT
            memo = memo_store.insert_memo(self.conn, target, target_id, self.coder(m.coder),
                                          m.text, m.title[:300])  # fmt: skip
            if m.guid and m.guid not in taken:
                interop_store.set_memo_guid(self.conn, memo.id, m.guid)
                taken.add(m.guid)
            self.report.memos += 1
