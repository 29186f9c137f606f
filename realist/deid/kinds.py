"""What a detection is: a kind of identifier, where it was found and by which source.

Examples
--------
>>> d = Detection(start=0, end=5, kind=Kind.PERSON, source=Source.ROSTER, text="Sarah")
>>> d.length, Kind.CASE_NUMBER.label
(5, 'Case number')
>>> Kind.parse("Case number") is Kind.CASE_NUMBER
True
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Kind(enum.StrEnum):
    """The kinds of identifying text the toolkit replaces, each with its placeholder word."""

    PERSON = "person"
    PLACE = "place"
    AGENCY = "agency"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"
    DATE = "date"
    CASE_NUMBER = "case_number"
    URL = "url"

    @property
    def label(self) -> str:
        """The word used in placeholders: ``[Case number 1]``."""
        return self.value.replace("_", " ").capitalize()

    @property
    def patterned(self) -> bool:
        """Kinds found by patterns rather than by names."""
        return self in PATTERNED_KINDS

    @classmethod
    def parse(cls, value: str | Kind) -> Kind:
        """Accept ``"case_number"``, ``"Case number"``, ``"CASE_NUMBER"`` or common synonyms."""
        if isinstance(value, Kind):
            return value
        text = str(value).strip().lower().replace(" ", "_").replace("-", "_")
        synonyms = {
            "name": cls.PERSON,
            "per": cls.PERSON,
            "people": cls.PERSON,
            "location": cls.PLACE,
            "loc": cls.PLACE,
            "gpe": cls.PLACE,
            "town": cls.PLACE,
            "organisation": cls.AGENCY,
            "organization": cls.AGENCY,
            "org": cls.AGENCY,
            "service": cls.AGENCY,
            "telephone": cls.PHONE,
            "case": cls.CASE_NUMBER,
            "case_no": cls.CASE_NUMBER,
            "dob": cls.DATE,
            "web": cls.URL,
        }
        for kind in cls:
            if text == kind.value:
                return kind
        if text in synonyms:
            return synonyms[text]
        names = ", ".join(k.value for k in cls)
        raise ValueError(f"unknown kind {value!r}: use one of {names}")


PATTERNED_KINDS = frozenset(
    {Kind.PHONE, Kind.EMAIL, Kind.ADDRESS, Kind.DATE, Kind.CASE_NUMBER, Kind.URL}
)


class Source(enum.StrEnum):
    """Which detector proposed a replacement (a reviewer's own row is ``REVIEWER``)."""

    NER = "ner"
    ROSTER = "roster"
    GAZETTEER = "gazetteer"
    PATTERN = "pattern"
    REVIEWER = "reviewer"


#: When two detections overlap and have the same length, the more specific source wins.
SOURCE_PRIORITY = {
    Source.REVIEWER: 5,
    Source.ROSTER: 4,
    Source.GAZETTEER: 3,
    Source.PATTERN: 2,
    Source.NER: 1,
}


@dataclass(frozen=True, slots=True)
class Detection:
    """One proposed replacement: ``text`` is ``document_text[start:end]``.

    ``identity`` names the person or thing behind the words when a source knows it (a
    roster links ``"Shaz"`` and ``"Sharon Nguyen"`` to one participant), so both get the
    same placeholder; otherwise the normalised words are the identity.
    """

    start: int
    end: int
    kind: Kind
    source: Source
    text: str
    identity: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start
