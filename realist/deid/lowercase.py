"""Names in text written without capitals: uncorrected automatic captions pasted as they
came ("yeah so i rang concetta and frank d'agostino about it, out at greensborough").

The unit is a line: a line whose words hold no capital letter (a speaker label such as
``P3:`` before them is ignored) is read case-insensitively. There, roster names, the
shipped given names, places and agencies are matched whatever their case, except words
that are common in English (``data/lowercase_words.txt``: *bright*, *carol*, *penny*,
*to be frank*). Given names that are also words (``given_names_ambiguous.txt``) and
roster names that are common words need a person cue: a title or role word before them
(*uncle frank*, *my worker grace*), *named* or *called* before them, a reporting verb after
them (*grace rang*), a surname after them (*frank d'agostino*) or, once the same name has
been found as a person in the document, any place where it does not read as a word.

>>> from realist.deid.gazetteer import default_gazetteer
>>> from realist.deid.roster import Roster
>>> g = default_gazetteer()
>>> text = "P2: yeah i rang concetta and uncle frank, to be frank, out at greensborough"
>>> [(d.kind.value, d.text) for d in find_lowercase(text, g, Roster())]
[('person', 'concetta'), ('person', 'frank'), ('place', 'greensborough')]
>>> find_lowercase("P2: I rang concetta", g, Roster())
[]
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from realist.deid.gazetteer import (
    _ARTICLES,
    _CONTEXT,
    _CONTRACTION,
    _DIGIT_AFTER,
    _DIGIT_BEFORE,
    _FAMILY,
    _FUNCTION_NEXT,
    _NAMING_BEFORE,
    _PLACE_AFTER,
    _PLACE_BEFORE,
    _TIME_BEFORE,
    _TOKEN,
    GREETINGS,
    GROUPS,
    ROLES,
    SAYING,
    TITLES,
    Gazetteer,
    _key,
    _left_words,
    _next_word,
    _wordset,
    peoples,
)
from realist.deid.kinds import Detection, Kind, Source
from realist.deid.roster import Roster
from realist.deid.trie import phrase_regex

COMMON_WORDS = "lowercase_words.txt"

# A speaker label, with the timestamp transcripts put before it: "P8: ", "[00:01:40] Bec: ".
_LABEL = re.compile(
    r"[ \t]*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?[ \t]+)?"
    r"[^\n:\[\]().!?]{1,40}?:[ \t]+"
)
_SURNAME = re.compile(
    rf"[ \t]+(?P<particle>(?:(?:van|von|de|di|da|del|della|le|la|du)[ \t]+"
    rf"(?:(?:den|der|la)[ \t]+)?)?)(?P<word>{_TOKEN})"
)
_APOSTROPHE_SURNAME = re.compile(r"^(?:o|d)['’][^\W\d_]{2,}")
_CONTEXT_BEFORE = re.compile(_CONTEXT + r"$")
#: Names that are words of grammar in lower case ("i will", "mum said", "you may"): never
#: a person on a role cue or when found again, only when named or before a reporting verb.
_GRAMMAR = _wordset("will said may can saw won sang sung hung hang ha son min long mere young")
#: Words before a name already found as a person that make it the word instead ("to be
#: frank", "with grace", "i hope", "in may").
_NOT_BEFORE_KNOWN = (
    _TIME_BEFORE
    | _ARTICLES
    | _wordset(
        """i you we they he she it who which there be been being is are am very so too how
        more most quite really with will would could should can must might not no don't
        didn't won't can't i'll we'll you'll they'll"""
    )
)
_ASKING = _wordset("told asked rang texted emailed phoned thanked")


@functools.cache
def common_words() -> frozenset[str]:
    """Words (and a few phrases) that are never a name in a line without capitals
    (``data/lowercase_words.txt``)."""
    data = resources.files("realist.deid").joinpath("data", COMMON_WORDS).read_text("utf-8")
    lines = (" ".join(line.split()).casefold() for line in data.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@functools.cache
def _not_surnames() -> frozenset[str]:
    return (
        common_words()
        | TITLES
        | ROLES
        | SAYING
        | GREETINGS
        | GROUPS
        | _PLACE_AFTER
        | _FUNCTION_NEXT
        | _TIME_BEFORE
        | _ARTICLES
        | peoples()
        | frozenset(_FAMILY.split("|"))
    )


def lowercase_spans(text: str) -> list[tuple[int, int]]:
    """The lines of ``text`` whose words hold no capital letter (a speaker label before
    them may have some), as ``(start, end)`` offsets.

    >>> lowercase_spans("P1: Hello Kylie\\nP2: yeah so i rang sal\\nok")
    [(20, 38), (39, 41)]
    >>> lowercase_spans("[00:01:40] Bec Halloran: yeah so i rang sal")
    [(25, 43)]
    """
    spans = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if line.islower():
            spans.append((start, end))
            continue
        label = _LABEL.match(text, start, end)
        if label is not None and text[label.end() : end].islower():
            spans.append((label.end(), end))
    return spans


def in_lowercase_line(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies in a line without capitals (see
    :func:`lowercase_spans`)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    spans = lowercase_spans(text[line_start:line_end])
    return any(s + line_start <= start and end <= e + line_start for s, e in spans)


def _lower_regex(gazetteer: Gazetteer) -> re.Pattern[str]:
    cached = gazetteer.__dict__.get("_lowercase_regex")
    size = len(gazetteer)
    if cached is None or cached[0] != size:
        forms = {k.lower() for k in gazetteer.entries}
        forms |= {k.lower() for k in gazetteer.contextual}
        forms |= {k.lower() for k in gazetteer.cued}
        cached = (size, phrase_regex(sorted(forms)))
        gazetteer.__dict__["_lowercase_regex"] = cached
    return cached[1]


def _cued_names(gazetteer: Gazetteer) -> dict[str, bool]:
    cached = gazetteer.__dict__.get("_lowercase_cued")
    if cached is None or len(cached) != len(gazetteer.cued):
        cached = {name.casefold(): proper for name, proper in gazetteer.cued.items()}
        gazetteer.__dict__["_lowercase_cued"] = cached
    return cached


def surname_end(gazetteer: Gazetteer, text: str, end: int, *, strict: bool = False) -> int | None:
    """Where a lower-case surname right after a given name ends (``frank d'agostino``,
    ``terri o'neill``, ``jasmine cheng``), or ``None``: the next word must be no common
    English word, title, role, place, agency or given name. ``strict`` takes only
    surnames shaped as surnames (``o'neill``, ``d'agostino``, ``van den broek``)."""
    match = _SURNAME.match(text, end)
    if match is None:
        return None
    word, stop = match.group("word"), match.end()
    if word[-2:] in ("'s", "’s"):
        word, stop = word[:-2], stop - 2
    after = text[stop : stop + 3]
    if not word.islower() or _CONTRACTION.match(after) or after[:1] == "-":
        return None
    key = word.casefold()
    if _APOSTROPHE_SURNAME.match(key):
        return stop
    if strict and not match.group("particle"):
        return None
    if len(key) < 2 or key in _not_surnames() or key in gazetteer.entries:
        return None
    if key in _cued_names(gazetteer):
        return None
    return stop


def given_name_here(gazetteer: Gazetteer, text: str, start: int, end: int) -> bool:
    """Whether a listed given name in a line without capitals is a person's there: not
    in a contraction, before a group word (``karen community``) or a place word
    (``elizabeth street``), after ``st`` or ``mount``, or after an article unless a
    family word or surname follows."""
    if _CONTRACTION.match(text, end) or _DIGIT_AFTER.match(text, end):
        return False
    following = _next_word(text, end)
    if following in GROUPS or following in _PLACE_AFTER:
        return False
    left = _left_words(text, start, 2)
    previous = left[-1] if left else ""
    if previous in _PLACE_BEFORE or previous == "et":
        return False
    if previous in _ARTICLES:
        return following in _FAMILY.split("|") or surname_end(gazetteer, text, end) is not None
    return True


def person_end(
    gazetteer: Gazetteer, text: str, start: int, end: int, *, known: bool = False
) -> int | None:
    """Where the mention ends when ``text[start:end]``, a given name that is also a word,
    names a person in a line without capitals; ``None`` when there is no person cue."""
    if _CONTRACTION.match(text, end) or _DIGIT_AFTER.match(text, end):
        return None
    if _DIGIT_BEFORE.search(text, max(0, start - 16), start):
        return None
    following = _next_word(text, end)
    if following in GROUPS or following in _PLACE_AFTER:
        return None
    left = _left_words(text, start, 3)
    previous = left[-1] if left else ""
    if previous in _PLACE_BEFORE or previous in _ARTICLES:
        return None
    name = text[start:end].casefold()
    surname = surname_end(gazetteer, text, end, strict=True)
    if following in SAYING or _NAMING_BEFORE.search(text, max(0, start - 24), start):
        return surname or end
    if name in _GRAMMAR:
        return None
    if surname is not None:
        return surname
    after_role = previous in TITLES or previous in ROLES
    after_role = after_role or (len(left) > 1 and previous == "," and left[-2] in ROLES)
    if after_role and following not in _FUNCTION_NEXT:
        return end
    if previous in _ASKING and following not in _FUNCTION_NEXT:
        return end
    if known and previous not in _NOT_BEFORE_KNOWN and following not in _FUNCTION_NEXT:
        return end
    return None


def find_lowercase(
    text: str,
    gazetteer: Gazetteer,
    roster: Roster,
    spans: list[tuple[int, int]] | None = None,
) -> list[Detection]:
    """Roster names, given names, places and agencies in the lines of ``text`` written
    without capitals (overlaps kept; :func:`~realist.deid.merge.merge` settles them)."""
    spans = lowercase_spans(text) if spans is None else spans
    if not spans:
        return []
    common = common_words()
    cued = _cued_names(gazetteer)
    regex = _lower_regex(gazetteer)
    found: list[Detection] = []
    for s, e in spans:
        for match in regex.finditer(text, s, e):
            start, end = match.span()
            key = _key(match.group())
            hit = gazetteer.entries.get(key)
            if hit is not None and hit[1] is not Kind.PERSON:
                if key not in common:
                    found.append(Detection(start, end, hit[1], Source.GAZETTEER, text[start:end]))
                continue
            if hit is not None and key not in common and key not in cued:
                if given_name_here(gazetteer, text, start, end):
                    end = surname_end(gazetteer, text, end) or end
                    found.append(
                        Detection(start, end, Kind.PERSON, Source.GAZETTEER, text[start:end])
                    )
                continue
            if key in cued or hit is not None:
                person = person_end(gazetteer, text, start, end)
                if person is not None:
                    found.append(
                        Detection(start, person, Kind.PERSON, Source.GAZETTEER, text[start:person])
                    )
                continue
            place = gazetteer.contextual.get(key)
            if (
                place is not None
                and key not in common
                and _CONTEXT_BEFORE.search(text, max(0, start - 12), start)
            ):
                found.append(Detection(start, end, place[1], Source.GAZETTEER, text[start:end]))
        found.extend(_roster_lowercase(text, gazetteer, roster, s, e))
    return found


def _roster_lowercase(
    text: str, gazetteer: Gazetteer, roster: Roster, s: int, e: int
) -> list[Detection]:
    if not roster.names:
        return []
    names = roster.__dict__.get("_lowercase_names")
    if names is None or names[0] != len(roster.names):
        by_key = {_key(n): identity for n, identity in roster.names.items()}
        names = (len(roster.names), by_key, phrase_regex(sorted(by_key)))
        roster.__dict__["_lowercase_names"] = names
    _, by_key, regex = names
    found = []
    for match in regex.finditer(text, s, e):
        start, end = match.span()
        key = _key(match.group())
        if " " not in key and (key in common_words() or key in _cued_names(gazetteer)):
            end = person_end(gazetteer, text, start, end) or -1
            if end < 0:
                continue
        found.append(
            Detection(start, end, Kind.PERSON, Source.ROSTER, text[start:end], by_key[key])
        )
    return found


def keep_found_again(gazetteer: Gazetteer, text: str, d: Detection) -> bool:
    """Whether a name already found elsewhere in the document, found again in a line
    without capitals, names the same there (``so was frank``; not ``to be frank``)."""
    key = _key(d.text)
    if d.kind is not Kind.PERSON:
        return key not in common_words()
    if " " in key:
        return True
    cued = _cued_names(gazetteer)
    if key in common_words() or key in cued:
        return person_end(gazetteer, text, d.start, d.end, known=True) is not None
    return given_name_here(gazetteer, text, d.start, d.end)
