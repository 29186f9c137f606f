"""CMOCs with their evidence spans, and demi-regularities with their member CMOCs."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from realist.model import (
    CMOC,
    DemiRegularity,
    EvidenceRole,
    EvidenceSpan,
    Level,
    TheoryStatus,
)
from realist.store import schema as s
from realist.store.tx import now

DR_TEXT_FIELDS = (
    "context",
    "mechanism_resource",
    "mechanism_response",
    "outcome",
    "intervention",
    "actor",
    "statement",
)


def insert_cmoc(conn: Connection, values: dict[str, Any], evidence: Sequence[EvidenceSpan]) -> int:
    at = now()
    cmoc_id = int(
        conn.execute(
            insert(s.cmocs)
            .values(
                guid=values.pop("guid", None) or str(uuid.uuid4()),
                created_at=at,
                updated_at=at,
                **values,
            )
            .returning(s.cmocs.c.id)
        ).scalar_one()
    )
    replace_evidence(conn, cmoc_id, evidence)
    return cmoc_id


def replace_evidence(conn: Connection, cmoc_id: int, evidence: Sequence[EvidenceSpan]) -> None:
    conn.execute(delete(s.cmoc_evidence).where(s.cmoc_evidence.c.cmoc_id == cmoc_id))
    if evidence:
        conn.execute(
            insert(s.cmoc_evidence),
            [
                {
                    "cmoc_id": cmoc_id,
                    "document_id": e.document_id,
                    "start": e.start,
                    "end": e.end,
                    "role": e.role.value,
                    "coding_id": e.coding_id,
                    "note": e.note,
                    "seq": seq,
                }
                for seq, e in enumerate(evidence)
            ],
        )


def update_cmoc(conn: Connection, cmoc_id: int, version: int, values: dict[str, Any]) -> bool:
    result = conn.execute(
        update(s.cmocs)
        .where(
            s.cmocs.c.id == cmoc_id, s.cmocs.c.version == version, s.cmocs.c.deleted_at.is_(None)
        )
        .values(version=s.cmocs.c.version + 1, updated_at=now(), **values)
    )
    return result.rowcount == 1


def list_cmocs(
    conn: Connection, *, ids: Sequence[int] | None = None, coder_ids: Sequence[int] | None = None
) -> list[CMOC]:
    query = select(s.cmocs).where(s.cmocs.c.deleted_at.is_(None)).order_by(s.cmocs.c.id)
    if ids is not None:
        query = query.where(s.cmocs.c.id.in_(list(ids)))
    if coder_ids is not None:
        query = query.where(s.cmocs.c.coder_id.in_(list(coder_ids)))
    rows = conn.execute(query).all()
    if not rows:
        return []
    evidence: dict[int, list[EvidenceSpan]] = defaultdict(list)
    ev_query = (
        select(s.cmoc_evidence)
        .where(s.cmoc_evidence.c.cmoc_id.in_([r.id for r in rows]))
        .order_by(s.cmoc_evidence.c.cmoc_id, s.cmoc_evidence.c.seq)
    )
    for e in conn.execute(ev_query):
        evidence[e.cmoc_id].append(
            EvidenceSpan(
                document_id=e.document_id,
                start=e.start,
                end=e.end,
                role=EvidenceRole(e.role),
                coding_id=e.coding_id,
                note=e.note,
                id=e.id,
            )
        )
    return [
        CMOC(
            id=r.id,
            label=r.label,
            statement=r.statement,
            evidence=tuple(evidence[r.id]),
            level=Level(r.level) if r.level else None,
            status=TheoryStatus(r.status),
            theory_code_id=r.theory_code_id,
            coder_id=r.coder_id,
            version=r.version,
            guid=r.guid,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


def soft_delete(conn: Connection, table_name: str, record_id: int) -> bool:
    table = s.metadata.tables[table_name]
    result = conn.execute(
        update(table)
        .where(table.c.id == record_id, table.c.deleted_at.is_(None))
        .values(deleted_at=now())
    )
    return result.rowcount == 1


def restore(conn: Connection, table_name: str, record_id: int) -> bool:
    """Undo a soft delete; False when the record is not deleted (or does not exist)."""
    table = s.metadata.tables[table_name]
    result = conn.execute(
        update(table)
        .where(table.c.id == record_id, table.c.deleted_at.is_not(None))
        .values(deleted_at=None)
    )
    return result.rowcount == 1


def insert_demi_regularity(
    conn: Connection, values: dict[str, Any], cmoc_ids: Sequence[int]
) -> int:
    at = now()
    dr_id = int(
        conn.execute(
            insert(s.demi_regularities)
            .values(
                guid=values.pop("guid", None) or str(uuid.uuid4()),
                created_at=at,
                updated_at=at,
                **values,
            )
            .returning(s.demi_regularities.c.id)
        ).scalar_one()
    )
    replace_members(conn, dr_id, cmoc_ids)
    return dr_id


def replace_members(conn: Connection, dr_id: int, cmoc_ids: Sequence[int]) -> None:
    table = s.demi_regularity_members
    conn.execute(delete(table).where(table.c.demi_regularity_id == dr_id))
    unique = list(dict.fromkeys(cmoc_ids))
    if unique:
        conn.execute(insert(table), [{"demi_regularity_id": dr_id, "cmoc_id": c} for c in unique])


def update_demi_regularity(
    conn: Connection, dr_id: int, version: int, values: dict[str, Any]
) -> bool:
    table = s.demi_regularities
    result = conn.execute(
        update(table)
        .where(table.c.id == dr_id, table.c.version == version, table.c.deleted_at.is_(None))
        .values(version=table.c.version + 1, updated_at=now(), **values)
    )
    return result.rowcount == 1


def list_demi_regularities(
    conn: Connection, ids: Sequence[int] | None = None
) -> list[DemiRegularity]:
    table = s.demi_regularities
    query = select(table).where(table.c.deleted_at.is_(None)).order_by(table.c.id)
    if ids is not None:
        query = query.where(table.c.id.in_(list(ids)))
    rows = conn.execute(query).all()
    members: dict[int, list[int]] = defaultdict(list)
    live = select(s.cmocs.c.id).where(s.cmocs.c.deleted_at.is_(None))
    member_rows = conn.execute(
        select(s.demi_regularity_members).where(s.demi_regularity_members.c.cmoc_id.in_(live))
    )
    for m in member_rows:
        members[m.demi_regularity_id].append(m.cmoc_id)
    return [
        DemiRegularity(
            id=r.id,
            label=r.label,
            **{f: getattr(r, f) for f in DR_TEXT_FIELDS},
            level=Level(r.level) if r.level else None,
            status=TheoryStatus(r.status),
            cmoc_ids=tuple(sorted(members[r.id])),
            coder_id=r.coder_id,
            version=r.version,
            guid=r.guid,
            created_at=r.created_at,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


def current_version(conn: Connection, table_name: str, record_id: int) -> int | None:
    table = s.metadata.tables[table_name]
    return conn.execute(select(table.c.version).where(table.c.id == record_id)).scalar_one_or_none()
