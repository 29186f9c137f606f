"""The project database, as SQLAlchemy Core tables.

One database holds one project. The tables follow ``realist.model``; a change here needs a
new Alembic migration in ``realist/store/migrations/versions`` (the drift test fails
otherwise).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC timestamps on every backend (SQLite keeps no zone: it is
    stored as UTC and read back as UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return as_utc(value)


def as_utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (SQLite hands back naive ones)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


Timestamp = UTCDateTime()

project = Table(
    "project",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("guid", String(36), nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("created_at", Timestamp, nullable=False),
    CheckConstraint("id = 1", name="single_row"),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON, nullable=True),
)

coders = Table(
    "coders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", String(255), nullable=True),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("guid", String(36), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    CheckConstraint("role in ('owner', 'lead', 'coder', 'viewer')", name="role"),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", String(200), nullable=False),
    Column("group_name", String(200), nullable=False, server_default=""),
    Column("pseudonym", String(200), nullable=False, server_default=""),
    Column("role", String(200), nullable=False, server_default=""),
    Column("site", String(200), nullable=False, server_default=""),
    Column("attributes", JSON, nullable=False),
    Column("guid", String(36), nullable=False),
    UniqueConstraint("label", "group_name", name="uq_participants_label_group"),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(300), nullable=False, unique=True),
    Column("text", Text, nullable=False),
    Column("length", Integer, nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("source_name", String(500), nullable=False, server_default=""),
    Column("source_format", String(20), nullable=False, server_default=""),
    Column("metadata", JSON, nullable=False),
    Column("deidentified", Boolean, nullable=False, server_default="0"),
    Column("guid", String(36), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("created_by", Integer, ForeignKey("coders.id"), nullable=True),
)

turns = Table(
    "turns",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("speaker", String(200), nullable=False),
    Column("participant_id", Integer, ForeignKey("participants.id"), nullable=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("timestamp", Float, nullable=True),
    CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
    Index("ix_turns_document", "document_id", "start"),
)

frames = Table(
    "frames",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(100), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("description", Text, nullable=False, server_default=""),
    Column("source", Text, nullable=False, server_default=""),
    Column("loaded_at", Timestamp, nullable=False),
)

codes = Table(
    "codes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(200), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("level", String(20), nullable=True),
    Column("parent_id", Integer, ForeignKey("codes.id"), nullable=True),
    Column("frame_id", Integer, ForeignKey("frames.id"), nullable=True),
    Column("colour", String(9), nullable=False, server_default="#999999"),
    Column("description", Text, nullable=False, server_default=""),
    Column("inclusion", Text, nullable=False, server_default=""),
    Column("exclusion", Text, nullable=False, server_default=""),
    Column("example", Text, nullable=False, server_default=""),
    Column("sort_order", Integer, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("guid", String(36), nullable=False),
    Column("deleted_at", Timestamp, nullable=True),
    CheckConstraint(
        "kind in ('context', 'mechanism_resource', 'mechanism_response', 'outcome',"
        " 'intervention', 'actor', 'theme')",
        name="kind",
    ),
    CheckConstraint("level is null or level in ('family', 'organisation', 'system')", name="level"),
)

codings = Table(
    "codings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("code_id", Integer, ForeignKey("codes.id"), nullable=False),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("memo", Text, nullable=True),
    Column("guid", String(36), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("deleted_at", Timestamp, nullable=True),
    Column("deleted_by", Integer, ForeignKey("coders.id"), nullable=True),
    CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
    Index("ix_codings_document", "document_id", "start"),
    Index("ix_codings_coder", "coder_id"),
    Index("ix_codings_code", "code_id"),
)

memos = Table(
    "memos",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target", String(30), nullable=False),
    Column("target_id", Integer, nullable=True),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=False),
    Column("title", String(300), nullable=False, server_default=""),
    Column("text", Text, nullable=False),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("guid", String(36), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("deleted_at", Timestamp, nullable=True),
    Index("ix_memos_target", "target", "target_id"),
)

cmocs = Table(
    "cmocs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", String(300), nullable=False),
    Column("statement", Text, nullable=False, server_default=""),
    Column("level", String(20), nullable=True),
    Column("status", String(20), nullable=False, server_default="new"),
    Column("theory_code_id", Integer, ForeignKey("codes.id"), nullable=True),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("guid", String(36), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("deleted_at", Timestamp, nullable=True),
    CheckConstraint("status in ('supports', 'refines', 'refutes', 'new')", name="status"),
)

cmoc_evidence = Table(
    "cmoc_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("cmoc_id", Integer, ForeignKey("cmocs.id", ondelete="CASCADE"), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("role", String(20), nullable=False),
    Column("coding_id", Integer, ForeignKey("codings.id"), nullable=True),
    Column("note", Text, nullable=False, server_default=""),
    Column("seq", Integer, nullable=False, server_default="0"),
    CheckConstraint('"start" >= 0 AND "end" > "start"', name="span"),
    Index("ix_cmoc_evidence_cmoc", "cmoc_id"),
)

demi_regularities = Table(
    "demi_regularities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("label", String(300), nullable=False),
    Column("context", Text, nullable=False, server_default=""),
    Column("mechanism_resource", Text, nullable=False, server_default=""),
    Column("mechanism_response", Text, nullable=False, server_default=""),
    Column("outcome", Text, nullable=False, server_default=""),
    Column("intervention", Text, nullable=False, server_default=""),
    Column("actor", Text, nullable=False, server_default=""),
    Column("statement", Text, nullable=False, server_default=""),
    Column("level", String(20), nullable=True),
    Column("status", String(20), nullable=False, server_default="new"),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=True),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("guid", String(36), nullable=False),
    Column("created_at", Timestamp, nullable=False),
    Column("updated_at", Timestamp, nullable=False),
    Column("deleted_at", Timestamp, nullable=True),
)

demi_regularity_members = Table(
    "demi_regularity_members",
    metadata,
    Column(
        "demi_regularity_id",
        Integer,
        ForeignKey("demi_regularities.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("cmoc_id", Integer, ForeignKey("cmocs.id", ondelete="CASCADE"), primary_key=True),
)

pseudonyms = Table(
    "pseudonyms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(30), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("placeholder", String(100), nullable=False),
    Column("created_at", Timestamp, nullable=False),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("revision", Integer, nullable=False, unique=True),
    Column("at", Timestamp, nullable=False),
    Column("coder_id", Integer, ForeignKey("coders.id"), nullable=True),
    Column("coder_name", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Integer, nullable=True),
    Column("detail", JSON, nullable=False),
)
