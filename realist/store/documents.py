"""Documents, their speaker turns, and participants."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, delete, exists, func, insert, or_, select, update

from realist.model import Document, Participant, Turn, TurnDraft
from realist.store import schema as s
from realist.store.tx import now

PARTICIPANT_FIELDS = ("label", "group", "pseudonym", "role", "site", "guid")


def _document(row: Any) -> Document:
    return Document(
        id=row.id,
        name=row.name,
        text=row.text,
        sha256=row.sha256,
        source_name=row.source_name,
        source_format=row.source_format,
        metadata=dict(row.metadata or {}),
        deidentified=row.deidentified,
        guid=row.guid,
        created_at=row.created_at,
    )


def _participant(row: Any) -> Participant:
    return Participant(
        id=row.id,
        label=row.label,
        group=row.group_name,
        pseudonym=row.pseudonym,
        role=row.role,
        site=row.site,
        attributes=dict(row.attributes or {}),
        guid=row.guid,
    )


def _turn(row: Any) -> Turn:
    return Turn(
        id=row.id,
        document_id=row.document_id,
        seq=row.seq,
        speaker=row.speaker,
        start=row.start,
        end=row.end,
        participant_id=row.participant_id,
        timestamp=row.timestamp,
    )


def insert_document(
    conn: Connection,
    *,
    name: str,
    text: str,
    sha256: str,
    source_name: str,
    source_format: str,
    metadata: Mapping[str, Any],
    created_by: int | None,
    guid: str | None = None,
) -> int:
    return int(
        conn.execute(
            insert(s.documents)
            .values(
                name=name,
                text=text,
                length=len(text),
                sha256=sha256,
                source_name=source_name,
                source_format=source_format,
                metadata=dict(metadata),
                deidentified=False,
                guid=guid or str(uuid.uuid4()),
                created_at=now(),
                created_by=created_by,
            )
            .returning(s.documents.c.id)
        ).scalar_one()
    )


def get_document(conn: Connection, ref: int | str) -> Document | None:
    column = s.documents.c.id if isinstance(ref, int) else s.documents.c.name
    row = conn.execute(select(s.documents).where(column == ref)).first()
    return None if row is None else _document(row)


def document_id(conn: Connection, ref: int | str) -> int | None:
    """The id of the document with this id or name, without loading its text."""
    column = s.documents.c.id if isinstance(ref, int) else s.documents.c.name
    return conn.execute(select(s.documents.c.id).where(column == ref)).scalar_one_or_none()


def find_by_sha256(conn: Connection, sha256: str) -> Document | None:
    row = conn.execute(
        select(s.documents).where(s.documents.c.sha256 == sha256).order_by(s.documents.c.id)
    ).first()
    return None if row is None else _document(row)


def list_documents(conn: Connection) -> list[Document]:
    return [_document(r) for r in conn.execute(select(s.documents).order_by(s.documents.c.id))]


def document_lengths(conn: Connection, ids: Iterable[int] | None = None) -> dict[int, int]:
    query = select(s.documents.c.id, s.documents.c.length)
    if ids is not None:
        query = query.where(s.documents.c.id.in_(list(set(ids))))
    return {row.id: row.length for row in conn.execute(query)}


def replace_text(conn: Connection, document_id: int, text: str) -> None:
    conn.execute(
        update(s.documents)
        .where(s.documents.c.id == document_id)
        .values(text=text, length=len(text), deidentified=True)
    )


def has_annotations(conn: Connection, document_id: int) -> bool:
    """Whether any coding (live or deleted) or CMOC evidence points into the document."""
    coded = exists().where(s.codings.c.document_id == document_id)
    evidenced = exists().where(s.cmoc_evidence.c.document_id == document_id)
    return bool(conn.execute(select(or_(coded, evidenced))).scalar())


def insert_turns(
    conn: Connection,
    document_id: int,
    turns: Sequence[TurnDraft],
    participant_ids: Mapping[str, int],
) -> None:
    if not turns:
        return
    conn.execute(
        insert(s.turns),
        [
            {
                "document_id": document_id,
                "seq": seq,
                "speaker": turn.speaker,
                "participant_id": participant_ids.get(turn.speaker),
                "start": turn.start,
                "end": turn.end,
                "timestamp": turn.timestamp,
            }
            for seq, turn in enumerate(turns)
        ],
    )


def delete_turns(conn: Connection, document_id: int) -> None:
    conn.execute(delete(s.turns).where(s.turns.c.document_id == document_id))


def list_turns(conn: Connection, document_id: int | None = None) -> list[Turn]:
    query = select(s.turns).order_by(s.turns.c.document_id, s.turns.c.seq)
    if document_id is not None:
        query = query.where(s.turns.c.document_id == document_id)
    return [_turn(r) for r in conn.execute(query)]


def list_participants(conn: Connection) -> list[Participant]:
    return [
        _participant(r) for r in conn.execute(select(s.participants).order_by(s.participants.c.id))
    ]


def upsert_participant(conn: Connection, row: Mapping[str, Any]) -> Participant:
    """Create or update a participant by (label, group); other keys become attributes."""
    label = str(row["label"]).strip()
    group = str(row.get("group") or "").strip()
    attributes = {
        k: v for k, v in row.items() if k not in PARTICIPANT_FIELDS and v not in (None, "")
    }
    values: dict[str, Any] = {
        k: str(row[k]).strip() for k in ("pseudonym", "role", "site") if row.get(k) is not None
    }
    existing = conn.execute(
        select(s.participants).where(
            s.participants.c.label == label, s.participants.c.group_name == group
        )
    ).first()
    if existing is None:
        pid = conn.execute(
            insert(s.participants)
            .values(
                label=label,
                group_name=group,
                attributes=attributes,
                guid=str(row.get("guid") or uuid.uuid4()),
                **values,
            )
            .returning(s.participants.c.id)
        ).scalar_one()
    else:
        pid = existing.id
        merged = {**dict(existing.attributes or {}), **attributes}
        conn.execute(
            update(s.participants)
            .where(s.participants.c.id == pid)
            .values(attributes=merged, **values)
        )
    found = conn.execute(select(s.participants).where(s.participants.c.id == pid)).one()
    return _participant(found)


def set_metadata(conn: Connection, document_id: int, metadata: Mapping[str, Any]) -> None:
    """Replace a document's metadata (de-identification scrubs its import warnings)."""
    conn.execute(
        update(s.documents).where(s.documents.c.id == document_id).values(metadata=dict(metadata))
    )


def participant_turn_counts(conn: Connection) -> dict[int, int]:
    """How many turns each participant speaks, by participant id (only those with turns)."""
    rows = conn.execute(
        select(s.turns.c.participant_id, func.count())
        .where(s.turns.c.participant_id.is_not(None))
        .group_by(s.turns.c.participant_id)
    )
    return {int(pid): int(count) for pid, count in rows}


def rename_participant(
    conn: Connection, participant_id: int, label: str, attributes: Mapping[str, Any]
) -> None:
    """Give a participant a new label (and attributes), keeping its id and GUID; the
    labels of its turns are the caller's to set."""
    conn.execute(
        update(s.participants)
        .where(s.participants.c.id == participant_id)
        .values(label=label, attributes=dict(attributes))
    )


def merge_participant(conn: Connection, duplicate_id: int, keep_id: int) -> None:
    """Fold participant ``duplicate_id`` into ``keep_id`` and delete it: its turns move
    (taking the kept participant's label), the kept participant's attributes, pseudonym,
    role and site stay, and what it lacks comes from the duplicate."""
    rows = {
        r.id: r
        for r in conn.execute(
            select(s.participants).where(s.participants.c.id.in_([duplicate_id, keep_id]))
        )
    }
    duplicate, keep = rows[duplicate_id], rows[keep_id]
    attributes = {**dict(duplicate.attributes or {}), **dict(keep.attributes or {})}
    filled = {
        column: getattr(duplicate, column)
        for column in ("pseudonym", "role", "site")
        if not getattr(keep, column) and getattr(duplicate, column)
    }
    conn.execute(
        update(s.participants)
        .where(s.participants.c.id == keep_id)
        .values(attributes=attributes, **filled)
    )
    conn.execute(
        update(s.turns)
        .where(s.turns.c.participant_id == duplicate_id)
        .values(participant_id=keep_id, speaker=keep.label)
    )
    conn.execute(delete(s.participants).where(s.participants.c.id == duplicate_id))


def annotation_spans(conn: Connection, document_id: int) -> dict[str, list[tuple[int, int, int]]]:
    """Every coding (live or deleted) and CMOC evidence span in the document, as
    ``{"codings": [(id, start, end)], "cmoc_evidence": [...]}``."""
    spans: dict[str, list[tuple[int, int, int]]] = {}
    for table in (s.codings, s.cmoc_evidence):
        rows = conn.execute(
            select(table.c.id, table.c.start, table.c.end).where(table.c.document_id == document_id)
        )
        spans[table.name] = [(r.id, r.start, r.end) for r in rows]
    return spans


def move_spans(conn: Connection, table_name: str, spans: Sequence[tuple[int, int, int]]) -> None:
    """Set new ``(id, start, end)`` offsets on codings or CMOC evidence rows."""
    table = s.metadata.tables[table_name]
    for span_id, start, end in spans:
        conn.execute(update(table).where(table.c.id == span_id).values(start=start, end=end))
