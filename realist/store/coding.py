"""Queries for frame loading and coding reads: a frame's codes with their use, code
restoration, and codings joined with their words, speaker and participant attributes."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select, update

from realist.store import schema as s


def codes_by_key(conn: Connection, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Code rows (deleted ones too) for ``keys``, as dicts keyed by code key."""
    if not keys:
        return {}
    rows = conn.execute(select(s.codes).where(s.codes.c.key.in_(list(keys)))).mappings()
    return {row["key"]: dict(row) for row in rows}


def names_several_codes(conn: Connection, ref: str) -> bool:
    """True when ``ref`` is no live code's key but the name of more than one live code."""
    live = s.codes.c.deleted_at.is_(None)
    if conn.execute(select(s.codes.c.id).where(s.codes.c.key == ref, live)).first():
        return False
    named = select(func.count()).where(s.codes.c.name.ilike(ref), live)
    return int(conn.execute(named).scalar_one()) > 1


def frame_code_rows(conn: Connection, frame_id: int) -> list[dict[str, Any]]:
    """Every code row of a frame, live and retired, in id order."""
    query = select(s.codes).where(s.codes.c.frame_id == frame_id).order_by(s.codes.c.id)
    return [dict(row) for row in conn.execute(query).mappings()]


def live_code_rows(conn: Connection) -> list[dict[str, Any]]:
    """Every live code row, in sort order."""
    query = (
        select(s.codes)
        .where(s.codes.c.deleted_at.is_(None))
        .order_by(s.codes.c.sort_order, s.codes.c.id)
    )
    return [dict(row) for row in conn.execute(query).mappings()]


def codes_in_use(conn: Connection, code_ids: Sequence[int]) -> set[int]:
    """Which of ``code_ids`` a live coding or a live CMOC (as its theory code) points at."""
    if not code_ids:
        return set()
    ids = list(code_ids)
    used = set(
        conn.execute(
            select(s.codings.c.code_id)
            .where(s.codings.c.code_id.in_(ids), s.codings.c.deleted_at.is_(None))
            .distinct()
        ).scalars()
    )
    used |= set(
        conn.execute(
            select(s.cmocs.c.theory_code_id)
            .where(s.cmocs.c.theory_code_id.in_(ids), s.cmocs.c.deleted_at.is_(None))
            .distinct()
        ).scalars()
    )
    return {int(i) for i in used if i is not None}


def set_code_row(conn: Connection, code_id: int, values: dict[str, Any]) -> None:
    """Change a code's columns and bump its version (frame reloads: the caller holds the
    transaction and has just read the row)."""
    conn.execute(
        update(s.codes)
        .where(s.codes.c.id == code_id)
        .values(version=s.codes.c.version + 1, **values)
    )


def set_frame_row(conn: Connection, frame_id: int, values: dict[str, Any]) -> None:
    conn.execute(update(s.frames).where(s.frames.c.id == frame_id).values(**values))


def coding_rows(
    conn: Connection,
    *,
    coder_ids: Sequence[int] | None = None,
    code_ids: Sequence[int] | None = None,
    document_id: int | None = None,
) -> list[dict[str, Any]]:
    """Live codings with their words, code, coder, document, speaker and participant.

    The speaker is the one whose turn holds the coding's first character.
    """
    c, k, d, who = s.codings, s.codes, s.documents, s.coders
    query = (
        select(
            c.c.id.label("coding_id"),
            c.c.document_id,
            d.c.name.label("document"),
            c.c.start,
            c.c.end,
            func.substr(d.c.text, c.c.start + 1, c.c.end - c.c.start).label("excerpt"),
            k.c.id.label("code_id"),
            k.c.key.label("code_key"),
            k.c.name.label("code_name"),
            k.c.kind.label("code_kind"),
            k.c.level.label("code_level"),
            who.c.name.label("coder"),
            c.c.memo,
            c.c.created_at,
        )
        .join(k, k.c.id == c.c.code_id)
        .join(d, d.c.id == c.c.document_id)
        .join(who, who.c.id == c.c.coder_id)
        .where(c.c.deleted_at.is_(None))
        .order_by(c.c.document_id, c.c.start, c.c.id)
    )
    if coder_ids is not None:
        query = query.where(c.c.coder_id.in_(list(coder_ids)))
    if code_ids is not None:
        query = query.where(c.c.code_id.in_(list(code_ids)))
    if document_id is not None:
        query = query.where(c.c.document_id == document_id)
    rows = [dict(r) for r in conn.execute(query).mappings()]
    _attach_speakers(conn, rows)
    return rows


def turn_rows(conn: Connection, document_id: int | None = None) -> list[dict[str, Any]]:
    """Turns as ``document_id, seq, speaker, start, end`` rows."""
    t = s.turns
    query = select(t.c.id, t.c.document_id, t.c.seq, t.c.speaker, t.c.start, t.c.end).order_by(
        t.c.document_id, t.c.start
    )
    if document_id is not None:
        query = query.where(t.c.document_id == document_id)
    return [dict(r) for r in conn.execute(query).mappings()]


def _attach_speakers(conn: Connection, rows: list[dict[str, Any]]) -> None:
    doc_ids = sorted({r["document_id"] for r in rows})
    if not doc_ids:
        return
    t, p = s.turns, s.participants
    query = (
        select(
            t.c.document_id,
            t.c.start,
            t.c.end,
            t.c.speaker,
            p.c.label,
            p.c.role,
            p.c.site,
            p.c.group_name,
            p.c.attributes,
        )
        .outerjoin(p, p.c.id == t.c.participant_id)
        .where(t.c.document_id.in_(doc_ids))
        .order_by(t.c.document_id, t.c.start)
    )
    by_doc: dict[int, list[Any]] = defaultdict(list)
    for found in conn.execute(query):
        by_doc[found.document_id].append(found)
    starts = {doc: [t.start for t in turns] for doc, turns in by_doc.items()}
    for row in rows:
        turns = by_doc.get(row["document_id"], [])
        at = bisect.bisect_right(starts.get(row["document_id"], []), row["start"]) - 1
        turn: Any = turns[at] if at >= 0 and turns[at].end > row["start"] else None
        row["speaker"] = turn.speaker if turn is not None else ""
        row["participant"] = (turn.label or "") if turn is not None else ""
        row["role"] = (turn.role or "") if turn is not None else ""
        row["site"] = (turn.site or "") if turn is not None else ""
        row["group"] = (turn.group_name or "") if turn is not None else ""
        row["attributes"] = dict(turn.attributes or {}) if turn is not None else {}
