"""The core of :class:`realist.Project`: the project itself (name, revision, counts,
settings, log, restore), assembled with the mixins for people, documents, codes, codings and
configurations."""

from __future__ import annotations

from typing import Any, ClassVar

from realist.errors import NotFound, ValidationError
from realist.model import (
    Coder,
    Event,
    Role,
)
from realist.project.base import (
    DEFAULT_SETTINGS,
    HIDDEN_SETTINGS,
    SENSITIVE_SETTINGS,
    SETTING_CHECKS,
)
from realist.project.codes import CodesMixin
from realist.project.codings import CodingsMixin
from realist.project.configurations import ConfigurationsMixin
from realist.project.documents import DocumentsMixin
from realist.project.people import PeopleMixin
from realist.store import cmocs as cmoc_store
from realist.store import events as event_store
from realist.store import meta, tx


class CoreMixin(PeopleMixin, DocumentsMixin, CodesMixin, CodingsMixin, ConfigurationsMixin):
    """Reads and writes every part of a project through one transaction each."""

    @property
    def name(self) -> str:
        with self._read() as conn:
            info = meta.project_info(conn)
        assert info is not None
        return info.name

    @property
    def revision(self) -> int:
        """The project revision: bumped by every write. Cheap to poll."""
        with self._read() as conn:
            return tx.revision(conn)

    @property
    def coder(self) -> Coder | None:
        """The coder this Project acts as (None: read-only)."""
        return self._coder

    def info(self) -> dict[str, Any]:
        """Name, revision and counts of everything in the project.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), name="Pilot", owner="ana")
        >>> p.info()["documents"], p.info()["coders"]
        (0, 1)
        """
        with self._read() as conn:
            info = meta.project_info(conn)
            assert info is not None
            return {"name": info.name, "revision": info.revision, **meta.counts(conn)}

    def settings(self) -> dict[str, Any]:
        """Project settings, with defaults filled in (secrets left out)."""
        with self._read() as conn:
            settings = self._settings_in(conn)
        return {k: v for k, v in settings.items() if k not in HIDDEN_SETTINGS}

    def set_setting(self, key: str, value: Any) -> None:
        """Change a setting (owners and leads).

        The change is an event; for settings that may name people or places
        (``deid_gazetteer``, ``deid_patterns``) the event records the key and how many
        entries the value has, never the value.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> p.set_setting("blind_coding", True)
        >>> p.settings()["blind_coding"]
        True
        """
        if key not in DEFAULT_SETTINGS:
            raise ValidationError(
                f"unknown setting {key!r}: known settings are {', '.join(DEFAULT_SETTINGS)}"
            )
        default = DEFAULT_SETTINGS[key]
        if isinstance(default, bool) and not isinstance(value, bool):
            raise ValidationError(f"{key} is true or false, not {value!r}")
        if isinstance(default, int) and not isinstance(default, bool) and type(value) is not int:
            raise ValidationError(f"{key} is a whole number, not {value!r}")
        check = SETTING_CHECKS.get(key)
        if check is not None:
            try:
                check(value)
            except ValueError as exc:
                raise ValidationError(f"{key}: {exc}") from None
        with self._write("setting.set", "settings", role=Role.LEAD) as w:
            meta.set_setting(w.conn, key, value)
            if key in SENSITIVE_SETTINGS:
                w.detail.update(key=key, entries=len(value) if hasattr(value, "__len__") else 1)
            else:
                w.detail.update(key=key, value=value)

    # ----- undo ------------------------------------------------------------------------
    RESTORABLE: ClassVar[dict[str, str]] = {
        "code": "codes",
        "memo": "memos",
        "cmoc": "cmocs",
        "demi_regularity": "demi_regularities",
    }

    def restore(self, entity: str, record_id: int) -> None:
        """Bring back a deleted code, memo, CMOC or demi-regularity (codings:
        :meth:`restore_coding`). The log shows what was deleted, and by whom.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
        >>> memo = p.add_memo("project", None, "first idea")
        >>> p.delete_memo(memo.id)
        >>> p.restore("memo", memo.id)
        >>> p.memo(memo.id).text
        'first idea'
        """
        if entity == "coding":
            self.restore_coding(record_id)
            return
        table = self.RESTORABLE.get(entity)
        if table is None:
            raise ValidationError(
                f"cannot restore {entity!r}: use one of coding, {', '.join(self.RESTORABLE)}"
            )
        role = Role.LEAD if entity == "code" else None
        with self._write(f"{entity}.restore", entity, record_id, role=role) as w:
            if not cmoc_store.restore(w.conn, table, record_id):
                raise NotFound(f"{entity} {record_id} is not deleted (or never existed)")

    # ----- log -------------------------------------------------------------------------
    def log(self, limit: int | None = 50, *, since_revision: int = 0) -> list[Event]:
        """The newest events first: who did what, when."""
        with self._read() as conn:
            return event_store.list_events(conn, limit, since_revision)
