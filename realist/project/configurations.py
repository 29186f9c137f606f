"""CMOCs assembled from evidence spans, and demi-regularities grouping them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from realist.errors import NotFound, PermissionDenied, ValidationError
from realist.model import (
    CMOC,
    DemiRegularity,
    EvidenceRole,
    EvidenceSpan,
    Level,
    TheoryStatus,
)
from realist.project.base import ProjectBase, level_value, status_value
from realist.store import cmocs as cmoc_store
from realist.store import documents as document_store
from realist.store import tx

DR_FIELDS = (
    "label", "context", "mechanism_resource", "mechanism_response", "outcome",
    "intervention", "actor", "statement", "level", "status", "cmoc_ids",
)  # fmt: skip


class ConfigurationsMixin(ProjectBase):
    """CMOCs and demi-regularities."""

    def add_cmoc(
        self,
        label: str,
        statement: str = "",
        evidence: Sequence[EvidenceSpan] = (),
        *,
        level: Level | str | None = None,
        status: TheoryStatus | str = TheoryStatus.NEW,
        theory_code: int | str | None = None,
    ) -> CMOC:
        """Assemble a CMOC from evidence spans (from any turns and documents of the study).

        It needs an outcome and at least one context or mechanism, every span inside its
        document. ``statement`` defaults to the template "If [C], then [O], because [M]".
        """
        with self._write("cmoc.add", "cmoc") as w:
            values = self._cmoc_values(w, label=label, statement=statement, level=level,
                                       status=status, theory_code=theory_code)  # fmt: skip
            spans = self._checked_evidence(w, evidence)
            if not values["statement"]:
                values["statement"] = "If [C], then [O], because [M]"
            cmoc_id = cmoc_store.insert_cmoc(w.conn, {**values, "coder_id": w.coder_id}, spans)
            w.entity_id = cmoc_id
            w.detail.update(label=label, evidence=len(spans))
            return cmoc_store.list_cmocs(w.conn, ids=[cmoc_id])[0]

    def _cmoc_values(self, w: tx.Writer, **fields: Any) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field, value in fields.items():
            if field == "label":
                if not str(value).strip():
                    raise ValidationError("a CMOC needs a label")
                values["label"] = str(value).strip()
            elif field == "level":
                values["level"] = level_value(value)
            elif field == "status":
                values["status"] = status_value(value)
            elif field == "theory_code":
                values["theory_code_id"] = (
                    None if value is None else self._code_in(w.conn, value).id
                )
            else:
                values[field] = value
        return values

    def _checked_evidence(
        self, w: tx.Writer, evidence: Sequence[EvidenceSpan]
    ) -> list[EvidenceSpan]:
        spans = [e if isinstance(e, EvidenceSpan) else EvidenceSpan(**dict(e)) for e in evidence]
        spans = [EvidenceSpan(e.document_id, e.start, e.end, EvidenceRole.parse(e.role),
                              e.coding_id, e.note) for e in spans]  # fmt: skip
        roles = {e.role for e in spans}
        if EvidenceRole.OUTCOME not in roles:
            raise ValidationError(
                "a CMOC needs evidence for its outcome (role O): add the span where the outcome is told"
            )
        if not roles & {
            EvidenceRole.CONTEXT,
            EvidenceRole.MECHANISM_RESOURCE,
            EvidenceRole.MECHANISM_RESPONSE,
        }:
            raise ValidationError(
                "a CMOC needs at least one context (C) or mechanism (M-resource / M-response) span"
            )
        lengths = document_store.document_lengths(w.conn, (e.document_id for e in spans))
        for e in spans:
            if e.document_id not in lengths:
                raise NotFound(f"evidence points at document {e.document_id}, which does not exist")
            self._check_span(e.document_id, lengths[e.document_id], e.start, e.end)
        return spans

    def _editable_cmoc_in(self, w: tx.Writer, cmoc_id: int) -> CMOC:
        found = cmoc_store.list_cmocs(w.conn, ids=[cmoc_id])
        if not found:
            raise NotFound(f"no CMOC {cmoc_id}")
        if found[0].coder_id not in (None, w.coder_id) and not self._is_manager():
            raise PermissionDenied("a coder can change only their own CMOCs: ask a lead")
        return found[0]

    def update_cmoc(self, cmoc_id: int, *, version: int, **changes: Any) -> CMOC:
        """Change a CMOC's label, statement, evidence, level, status or theory_code."""
        allowed = ("label", "statement", "evidence", "level", "status", "theory_code")
        self._pick(changes, allowed)
        with self._write("cmoc.update", "cmoc", cmoc_id) as w:
            current = self._editable_cmoc_in(w, cmoc_id)
            evidence = changes.pop("evidence", None)
            values = self._cmoc_values(w, **changes)
            if not cmoc_store.update_cmoc(w.conn, cmoc_id, version, values):
                raise self._stale("cmoc", cmoc_id, version, current.version, current)
            if evidence is not None:
                cmoc_store.replace_evidence(w.conn, cmoc_id, self._checked_evidence(w, evidence))
            w.detail.update(
                fields=sorted([*changes, *(["evidence"] if evidence is not None else [])])
            )
            return cmoc_store.list_cmocs(w.conn, ids=[cmoc_id])[0]

    def delete_cmoc(self, cmoc_id: int) -> None:
        with self._write("cmoc.delete", "cmoc", cmoc_id) as w:
            self._editable_cmoc_in(w, cmoc_id)
            cmoc_store.soft_delete(w.conn, "cmocs", cmoc_id)

    def cmocs(self) -> list[CMOC]:
        """Live CMOCs with their evidence (under blind coding, a coder's own only)."""
        with self._read() as conn:
            return cmoc_store.list_cmocs(conn, coder_ids=self._visible_coder_ids(conn))

    def cmoc(self, cmoc_id: int) -> CMOC:
        with self._read() as conn:
            found = cmoc_store.list_cmocs(
                conn, ids=[cmoc_id], coder_ids=self._visible_coder_ids(conn)
            )
        if not found:
            raise NotFound(f"no CMOC {cmoc_id}")
        return found[0]

    def add_demi_regularity(
        self, label: str, cmoc_ids: Sequence[int] = (), **fields: Any
    ) -> DemiRegularity:
        """Group CMOCs into a demi-regularity with a consolidated C / M / O statement."""
        with self._write("demi_regularity.add", "demi_regularity") as w:
            values = self._dr_values(w, {"label": label, **fields})
            dr_id = cmoc_store.insert_demi_regularity(
                w.conn, {**values, "coder_id": w.coder_id}, cmoc_ids
            )
            w.entity_id = dr_id
            w.detail.update(label=label, cmocs=list(cmoc_ids))
            return cmoc_store.list_demi_regularities(w.conn, [dr_id])[0]

    def _dr_values(self, w: tx.Writer, fields: Mapping[str, Any]) -> dict[str, Any]:
        self._pick(fields, DR_FIELDS)
        values: dict[str, Any] = {}
        for field, value in fields.items():
            if field == "label" and not str(value).strip():
                raise ValidationError("a demi-regularity needs a label")
            if field == "level":
                values["level"] = level_value(value)
            elif field == "status":
                values["status"] = status_value(value)
            elif field != "cmoc_ids":
                values[field] = "" if value is None else str(value)
        if "cmoc_ids" in fields:
            ids = list(fields["cmoc_ids"])
            live = {c.id for c in cmoc_store.list_cmocs(w.conn, ids=ids)}
            missing = sorted(set(ids) - live)
            if missing:
                raise NotFound(f"no CMOC(s) {missing}: they do not exist or were deleted")
        return values

    def update_demi_regularity(self, dr_id: int, *, version: int, **changes: Any) -> DemiRegularity:
        with self._write("demi_regularity.update", "demi_regularity", dr_id) as w:
            values = self._dr_values(w, changes)
            current = cmoc_store.list_demi_regularities(w.conn, [dr_id])
            if not cmoc_store.update_demi_regularity(w.conn, dr_id, version, values):
                raise self._stale("demi_regularity", dr_id, version,
                                  current[0].version if current else None, current[0] if current else None)  # fmt: skip
            if "cmoc_ids" in changes:
                cmoc_store.replace_members(w.conn, dr_id, list(changes["cmoc_ids"]))
            w.detail.update(fields=sorted(changes))
            return cmoc_store.list_demi_regularities(w.conn, [dr_id])[0]

    def delete_demi_regularity(self, dr_id: int) -> None:
        with self._write("demi_regularity.delete", "demi_regularity", dr_id) as w:
            if not cmoc_store.soft_delete(w.conn, "demi_regularities", dr_id):
                raise NotFound(f"no demi-regularity {dr_id}")

    def demi_regularities(self) -> list[DemiRegularity]:
        with self._read() as conn:
            return cmoc_store.list_demi_regularities(conn)

    def demi_regularity(self, dr_id: int) -> DemiRegularity:
        with self._read() as conn:
            found = cmoc_store.list_demi_regularities(conn, [dr_id])
        if not found:
            raise NotFound(f"no demi-regularity {dr_id}")
        return found[0]
