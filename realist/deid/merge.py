"""Combining detections from several sources into one non-overlapping set.

Where detections overlap, the longest wins; at equal length the more specific source
wins (reviewer, roster, gazetteer, pattern, then the statistical model).

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
import re
from collections.abc import Callable, Iterable

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


_TITLE = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sergeant|Sgt|Constable|Detective|"
    r"Senior Constable|Uncle|Aunty|Auntie|Nanna|Nana|Pop|Father|Sister|Pastor)\.?\s+)$"
)


def absorb_titles(text: str, detections: list[Detection]) -> list[Detection]:
    """Extend a person's span over a title right before it ("Dr", "Aunty", "Sergeant"), so
    the placeholder stands for the whole way the person is named.

    >>> from realist.deid.kinds import Detection, Kind, Source
    >>> absorb_titles("ask Aunty June", [Detection(10, 14, Kind.PERSON, Source.NER, "June")])[0].text
    'Aunty June'
    """
    result: list[Detection] = []
    for d in detections:
        if d.kind is Kind.PERSON:
            match = _TITLE.search(text, max(0, d.start - 20), d.start)
            limit = result[-1].end if result else 0
            if match and match.start() >= limit:
                d = Detection(
                    match.start(), d.end, d.kind, d.source, text[match.start() : d.end], d.identity
                )
        result.append(d)
    return result


_TITLE_WORDS = frozenset(
    [
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "prof",
        "professor",
        "sergeant",
        "sgt",
        "constable",
        "detective",
        "uncle",
        "aunty",
        "auntie",
        "nanna",
        "nana",
        "pop",
        "father",
        "sister",
        "pastor",
    ]
)


def propagate(
    text: str,
    detections: list[Detection],
    keep: Callable[[str, Detection], bool] | None = None,
) -> list[Detection]:
    """Find again, everywhere in the same text, the names already found once: a model that
    tags "Layla Hassan" in one turn may miss a bare "Layla" three turns later.

    A person's full name, first name and surname are searched for; places and agencies by
    their full text. ``keep(text, found_again)``, when given, can refuse an occurrence
    (a given name that is also a word, "Will" in "Will you"). Returns the merged set.

    >>> from realist.deid.kinds import Detection, Kind, Source
    >>> text = "Layla Hassan came. Later Layla rang."
    >>> [d.text for d in propagate(text, [Detection(0, 12, Kind.PERSON, Source.NER, "Layla Hassan")])]
    ['Layla Hassan', 'Layla']
    """
    from realist.deid.lowercase import lowercase_spans
    from realist.deid.trie import phrase_regex

    forms: dict[str, Detection] = {}
    lower: dict[str, Detection] = {}
    for d in detections:
        if d.kind not in (Kind.PERSON, Kind.PLACE, Kind.AGENCY):
            continue
        # a name found in a line written without capitals is looked for with its capital
        # elsewhere, and every name in the lines without capitals
        shown = d.text.title() if d.text.islower() else d.text
        if not shown[:1].isupper():
            continue
        identity = d.identity or " ".join(d.text.split()).casefold()
        names = [shown]
        if d.kind is Kind.PERSON:
            words = [w for w in shown.split() if w.casefold().rstrip(".") not in _TITLE_WORDS]
            if len(words) > 1:
                names += [w for w in (words[0], words[-1]) if len(w) > 2 and w[0].isupper()]
                if d.text.islower() and not re.search(r"['’]", words[-1]):
                    # a lower-case surname is only known not to be a common word: it is
                    # not looked for on its own (an O'Neill or D'Agostino is)
                    names = [n for n in names if n != words[-1]]
        for name in names:
            form = Detection(0, 0, d.kind, d.source, name, identity)
            forms.setdefault(name, form)
            lower.setdefault(" ".join(name.split()).lower(), form)
    if not forms:
        return detections
    extra = []
    for match in phrase_regex(sorted(forms)).finditer(text):
        seed = forms.get(" ".join(match.group().split()))
        if seed is not None:
            again = Detection(
                match.start(), match.end(), seed.kind, seed.source, match.group(), seed.identity
            )
            if keep is None or keep(text, again):
                extra.append(again)
    spans = lowercase_spans(text)
    if spans:
        regex = phrase_regex(sorted(lower))
        for s, e in spans:
            for match in regex.finditer(text, s, e):
                seed = lower.get(" ".join(match.group().split()))
                if seed is not None:
                    again = Detection(
                        match.start(),
                        match.end(),
                        seed.kind,
                        seed.source,
                        match.group(),
                        seed.identity,
                    )
                    if keep is None or keep(text, again):
                        extra.append(again)
    return merge(detections + extra)
