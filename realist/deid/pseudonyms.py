"""Consistent placeholders: the same person is ``[Person 4]`` in every transcript.

A placeholder is remembered by a keyed hash (HMAC-SHA256 with the project's secret) of
the kind and the normalised original, never by the original itself. Whoever holds the
project database *and* its secret can still test a guess ("is [Person 4] Sharon
Nguyen?") by hashing it; without the secret the digests say nothing. That is the
trade-off that makes placeholders stable across runs without keeping a name list in
the project: keep the database as confidential as the transcripts were.

Examples
--------
>>> book = Pseudonyms(secret=b"k" * 32)
>>> book.placeholder(Kind.PERSON, "Sharon Nguyen"), book.placeholder(Kind.PLACE, "Mildura")
('[Person 1]', '[Place 1]')
>>> book.placeholder(Kind.PERSON, "sharon  NGUYEN's")
'[Person 1]'
>>> book.placeholder(Kind.PHONE, "+61 412 345 678") == book.placeholder(Kind.PHONE, "0412345678")
True
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from realist.deid.kinds import Kind

PLACEHOLDER = re.compile(r"^\[(?P<label>[A-Z][a-z]+(?: [a-z]+)*) (?P<number>\d+)\]$")


def new_secret() -> str:
    """A fresh per-project secret (64 hex digits)."""
    return secrets.token_hex(32)


def normalise(kind: Kind, text: str) -> str:
    """The form two mentions share when they name the same thing.

    >>> normalise(Kind.PERSON, " Kylie   Brennan’s ")
    'kylie brennan'
    >>> normalise(Kind.URL, "https://www.Example.org/")
    'example.org'
    """
    value = unicodedata.normalize("NFKC", text).strip()
    if kind is Kind.PHONE:
        digits = re.sub(r"\D", "", value)
        return "0" + digits[2:] if digits.startswith("61") and len(digits) == 11 else digits
    value = " ".join(value.split()).casefold()
    if kind is Kind.URL:
        value = re.sub(r"^(?:https?://)?(?:www\.)?", "", value).rstrip("/")
    elif kind is Kind.CASE_NUMBER:
        value = re.sub(r"[\s\-/]", "", value)
    elif kind in (Kind.PERSON, Kind.PLACE, Kind.AGENCY):
        value = re.sub(r"['’]s$", "", value).strip(" .,;:")
    return value


def digest(secret: bytes, kind: Kind, identity: str) -> str:
    """HMAC-SHA256 of ``kind`` and ``identity`` (already normalised) under ``secret``."""
    message = f"{kind.value}\x1f{identity}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


@dataclass
class Pseudonyms:
    """Placeholders already given (``known``: digest to placeholder) plus new ones.

    ``secret`` may be given as bytes or as the hex text kept in the project's settings.
    """

    secret: bytes | str
    known: Mapping[str, str] = field(default_factory=dict)
    new: dict[str, tuple[Kind, str]] = field(default_factory=dict)
    _next: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.secret, str):
            self.secret = bytes.fromhex(self.secret)
        for placeholder in self.known.values():
            match = PLACEHOLDER.match(placeholder)
            if match:
                label, number = match.group("label"), int(match.group("number"))
                self._next[label] = max(self._next.get(label, 1), number + 1)

    def digest_for(self, kind: Kind, original: str, identity: str = "") -> str:
        key = (
            identity
            if identity.startswith("participant:")
            else normalise(kind, identity or original)
        )
        assert isinstance(self.secret, bytes)
        return digest(self.secret, kind, key)

    def placeholder(self, kind: Kind, original: str, identity: str = "") -> str:
        """The placeholder for this mention, allotting the next number if it is new."""
        key = self.digest_for(kind, original, identity)
        if key in self.known:
            return self.known[key]
        if key in self.new:
            return self.new[key][1]
        number = self._next.get(kind.label, 1)
        self._next[kind.label] = number + 1
        text = f"[{kind.label} {number}]"
        self.new[key] = (kind, text)
        return text


def is_placeholder(text: str) -> bool:
    """Whether ``text`` looks like a generated placeholder (``[Person 4]``).

    >>> is_placeholder("[Case number 12]"), is_placeholder("[a worker]")
    (True, False)
    """
    return bool(PLACEHOLDER.match(text.strip()))
