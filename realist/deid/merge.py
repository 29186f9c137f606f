"""Combining detections from several sources into one non-overlapping set.

Where detections overlap, the longest wins; at equal length the more specific source
wins (reviewer, pattern, roster, gazetteer, then the statistical model).

>>> from realist.deid.kinds import Detection, Kind, Source
>>> a = Detection(0, 5, Kind.PERSON, Source.NER, "Sarah")
>>> b = Detection(0, 12, Kind.PERSON, Source.ROSTER, "Sarah Nguyen")
>>> c = Detection(0, 5, Kind.PERSON, Source.ROSTER, "Sarah")
>>> [d.text for d in merge([a, b, c])]
['Sarah Nguyen']
>>> merge([a, c])[0].source.value
'roster'
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from realist.deid.kinds import SOURCE_PRIORITY, Detection, Kind


def merge(detections: Iterable[Detection]) -> list[Detection]:
    """The winning detections, in text order, none overlapping another."""
    ranked = sorted(
        detections,
        key=lambda d: (-d.length, -SOURCE_PRIORITY[d.source], d.start, d.kind.value),
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Detection] = []
    for d in ranked:
        if d.length <= 0:
            continue
        i = bisect.bisect_right(starts, d.start)
        if i > 0 and ends[i - 1] > d.start:
            continue
        if i < len(starts) and starts[i] < d.end:
            continue
        starts.insert(i, d.start)
        ends.insert(i, d.end)
        kept.insert(i, d)
    return kept


def link_person_names(detections: list[Detection]) -> list[Detection]:
    """Give a lone first name or surname the identity of the one full name it belongs to
    in the same text ("Kylie" after "Kylie Brennan"), so both share a placeholder.

    >>> from realist.deid.kinds import Detection, Kind, Source
    >>> ds = [Detection(0, 13, Kind.PERSON, Source.NER, "Kylie Brennan"),
    ...       Detection(20, 25, Kind.PERSON, Source.NER, "Kylie")]
    >>> link_person_names(ds)[1].identity
    'kylie brennan'
    """
    owners: dict[str, set[str]] = {}
    for d in detections:
        if d.kind is Kind.PERSON:
            parts = d.text.split()
            if len(parts) > 1:
                full = d.identity or " ".join(parts).casefold()
                for part in (parts[0], parts[-1]):
                    owners.setdefault(part.casefold(), set()).add(full)
    linked = []
    for d in detections:
        if d.kind is Kind.PERSON and not d.identity and len(d.text.split()) == 1:
            candidates = owners.get(d.text.casefold(), set())
            if len(candidates) == 1:
                d = Detection(d.start, d.end, d.kind, d.source, d.text, next(iter(candidates)))
        linked.append(d)
    return linked
