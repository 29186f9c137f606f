"""Participant rosters: the names a transcript may use for the people in it.

A participant's label (when it is a name, not ``P3`` or ``Facilitator``), pseudonym and
name-bearing attributes (``name``, ``full_name``, ``first_name``, ``surname``,
``nickname``/``nicknames``, ``aka``, ``alias``; lists split on ``,``, ``;`` or ``|``) all
point at one person, so ``"Shaz"``, ``"Sharon"`` and ``"Sharon Nguyen"`` get one
placeholder. First names and surnames of full names are added too.

Examples
--------
>>> r = Roster.from_records([{"label": "P1", "full_name": "Sharon Nguyen", "nicknames": "Shaz"}])
>>> [(d.text, d.identity) for d in r.find("Shaz, I mean Sharon Nguyen, and Sharon")]
[('Shaz', 'participant:P1|'), ('Sharon Nguyen', 'participant:P1|'), ('Sharon', 'participant:P1|')]
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from realist.deid.kinds import Detection, Kind, Source
from realist.deid.trie import phrase_regex

NAME_ATTRIBUTES = (
    "name",
    "full_name",
    "fullname",
    "real_name",
    "first_name",
    "given_name",
    "surname",
    "last_name",
    "family_name",
    "nickname",
    "nicknames",
    "aka",
    "alias",
    "aliases",
    "other_names",
)

_CODE = re.compile(r"^[A-Z]{1,3}\s?\d*$|^\d+$")
_NOT_A_NAME = re.compile(
    r"^(?:speaker|participant|facilitator|interviewer|moderator|researcher|note\s?taker|"
    r"respondent|unknown|all|group|multiple|several|inaudible)\s*\d*$",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*[,;|/]\s*")


def is_name(text: str) -> bool:
    """Whether a label looks like a person's name rather than a code such as ``P3``.

    >>> is_name("Sharon"), is_name("Tom"), is_name("P3"), is_name("Facilitator"), is_name("FG")
    (True, True, False, False, False)
    """
    text = text.strip()
    return any(c.isalpha() for c in text) and not _CODE.match(text) and not _NOT_A_NAME.match(text)


def _given_as_name(text: str) -> bool:
    text = text.strip()
    return len(text) >= 2 and any(c.isalpha() for c in text) and not _NOT_A_NAME.match(text)


@dataclass
class Roster:
    """Name forms mapped to the participant they belong to."""

    names: dict[str, str] = field(default_factory=dict)
    _regex: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any] | Any]) -> Roster:
        """From participant rows (mappings, or :class:`realist.model.Participant` objects)."""
        roster = cls()
        for record in records:
            roster.add_participant(record)
        return roster

    def add_participant(self, record: Mapping[str, Any] | Any) -> None:
        row = _as_mapping(record)
        identity = f"participant:{row.get('label', '')}|{row.get('group', '') or ''}"
        forms: list[str] = []
        for key in ("label", "pseudonym"):
            label = str(row.get(key) or "")
            if is_name(label):
                forms.append(label)
        attributes = {str(k).lower(): v for k, v in (row.get("attributes") or {}).items()}
        attributes.update({str(k).lower(): v for k, v in row.items() if k != "attributes"})
        for key in NAME_ATTRIBUTES:
            value = attributes.get(key)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            values = value if isinstance(value, (list, tuple)) else _SPLIT.split(str(value))
            # A value given as a name is one, initials included ("AJ"); labels, above, may
            # be codes such as "P3" and are checked.
            forms.extend(str(v) for v in values if _given_as_name(str(v)))
        for form in forms:
            self.add_name(form, identity)

    def add_name(self, name: str, identity: str) -> None:
        """Add a name (and the first name and surname of a full name) for ``identity``."""
        cleaned = " ".join(name.split())
        if len(cleaned) < 2:
            return
        self.names.setdefault(cleaned, identity)
        parts = cleaned.split()
        if len(parts) > 1:
            for part in (parts[0], parts[-1]):
                if len(part) >= 2 and part[0].isupper():
                    self.names.setdefault(part, identity)
        self._regex = None

    def __len__(self) -> int:
        return len(self.names)

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            forms = set(self.names) | {n.upper() for n in self.names if len(n) > 2}
            self._regex = phrase_regex(sorted(forms))
        return self._regex

    def identity_of(self, text: str) -> str | None:
        cleaned = " ".join(text.split())
        return self.names.get(cleaned) or self.names.get(cleaned.title())

    def find(self, text: str) -> list[Detection]:
        """Every whole-word occurrence of a roster name in ``text``."""
        if not self.names:
            return []
        found = []
        for match in self.regex.finditer(text):
            identity = self.identity_of(match.group())
            if identity is not None:
                found.append(
                    Detection(
                        match.start(),
                        match.end(),
                        Kind.PERSON,
                        Source.ROSTER,
                        match.group(),
                        identity,
                    )
                )
        return found


def _as_mapping(record: Mapping[str, Any] | Any) -> dict[str, Any]:
    if isinstance(record, Mapping):
        return dict(record)
    return {
        "label": getattr(record, "label", ""),
        "group": getattr(record, "group", ""),
        "pseudonym": getattr(record, "pseudonym", ""),
        "attributes": dict(getattr(record, "attributes", {}) or {}),
    }
