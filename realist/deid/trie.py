"""A compact regular expression for a large list of phrases (a character trie).

A plain alternation of a thousand town names makes the regex engine try every name at
every position; a trie shares prefixes so each position costs a handful of steps.

>>> rx = phrase_regex(["Swan Hill", "Swan Reach", "Sale"])
>>> [m.group() for m in rx.finditer("From Swan  Hill to Sale's office, not Salem.")]
['Swan  Hill', 'Sale']
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""


def _insert(trie: dict[str, dict], phrase: str) -> None:
    node = trie
    for ch in phrase:
        node = node.setdefault(ch, {})
    node[_END] = {}


def _emit(node: dict[str, dict]) -> str:
    optional = _END in node
    branches = []
    for ch in sorted(k for k in node if k != _END):
        atom = r"\s+" if ch == " " else re.escape(ch)
        branches.append(atom + _emit(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
    if optional:
        body = (body if body.startswith("(?:") and len(branches) > 1 else f"(?:{body})") + "?"
    return body


def phrase_regex(phrases: Iterable[str], *, ignore_case: bool = False) -> re.Pattern[str]:
    """A regex matching any of ``phrases`` as whole words (any run of whitespace between
    words), longest phrase first at each position."""
    trie: dict[str, dict] = {}
    count = 0
    for phrase in phrases:
        cleaned = " ".join(phrase.split())
        if cleaned:
            _insert(trie, cleaned)
            count += 1
    if not count:
        return re.compile(r"(?!x)x")
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(r"(?<![\w])" + _emit(trie) + r"(?![\w])", flags)
