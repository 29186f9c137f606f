"""One detector over every source: model, roster, gazetteers and patterns.

Examples
--------
>>> from realist.deid.roster import Roster
>>> det = Detector(roster=Roster.from_records([{"label": "Mick Dawson"}]), ner_model=None)
>>> [(d.kind.value, d.source.value, d.text) for d in det.detect(
...     "Mick from Mallee Family Care in Mildura: 0412 345 678")]
[('person', 'roster', 'Mick'), ('agency', 'gazetteer', 'Mallee Family Care'), ('place', 'gazetteer', 'Mildura'), ('phone', 'pattern', '0412 345 678')]
>>> det.notices
['Named-entity recognition is switched off (ner_model is empty): rules only.']
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from realist.deid.gazetteer import (
    GROUPS,
    Gazetteer,
    _next_word,
    default_gazetteer,
    names_a_group,
    not_identifying,
    people_in_context,
    peoples_also_names,
)
from realist.deid.kinds import Detection, Kind, Source
from realist.deid.lowercase import common_words, find_lowercase, keep_found_again, lowercase_spans
from realist.deid.merge import absorb_titles, link_person_names, merge, propagate
from realist.deid.ner import iter_entities, load_model
from realist.deid.patterns import (
    DEFAULT_PATTERNS,
    Pattern,
    find_patterns,
    find_patterns_in_lowercase,
)
from realist.deid.roster import Roster

_UNSET: Any = object()
_NAMED = (Kind.PERSON, Kind.PLACE, Kind.AGENCY)
_PEOPLE_AFTER = GROUPS | frozenset(
    [
        "woman",
        "man",
        "boy",
        "girl",
        "person",
        "country",
        "land",
        "nation",
        "mob",
        "elder",
        "elders",
        "family",
        "families",
        "kin",
        "clan",
        "clans",
        "language",
        "people",
        "peoples",
        "heritage",
        "descent",
        "background",
    ]
)
_PLACEHOLDER = re.compile(r"\[[A-Z][a-z]+(?: [a-z]+)* \d+\]")


class Detector:
    """Finds identifying text.

    Parameters
    ----------
    roster
        Participants' names (see :class:`~realist.deid.roster.Roster`).
    gazetteer
        Place and agency names; default: the shipped Victorian lists.
    ner_model
        A spaCy model name, or ``None`` for rules only. Ignored when ``nlp`` is given.
    nlp
        An already loaded spaCy pipeline (its ``ner`` component is used).
    patterns
        Patterned identifiers (default: phones, emails, URLs, addresses, dates, case numbers).
    mask_statewide
        Also replace statewide services and the state's and capital's names.
    n_process, batch_size
        Passed to ``nlp.pipe`` by :meth:`detect_many`.
    """

    def __init__(
        self,
        *,
        roster: Roster | None = None,
        gazetteer: Gazetteer | None = None,
        ner_model: str | None = "en_core_web_sm",
        nlp: Any = _UNSET,
        patterns: Sequence[Pattern] = DEFAULT_PATTERNS,
        mask_statewide: bool = False,
        n_process: int = 1,
        batch_size: int = 8,
    ) -> None:
        self.roster = roster or Roster()
        self.gazetteer = (
            gazetteer if gazetteer is not None else default_gazetteer(statewide=mask_statewide)
        )
        self.patterns = tuple(patterns)
        self.mask_statewide = mask_statewide
        self.n_process = n_process
        self.batch_size = batch_size
        self.notices: list[str] = []
        if nlp is _UNSET:
            nlp, notice = load_model(ner_model)
            if notice:
                self.notices.append(notice)
        self.nlp = nlp
        self.skip = frozenset() if mask_statewide else not_identifying()

    @property
    def uses_model(self) -> bool:
        return self.nlp is not None

    def rule_detections(self, text: str) -> list[Detection]:
        """What the roster, gazetteers and patterns find (overlaps kept)."""
        found = (
            self.roster.find(text)
            + self.gazetteer.find(text)
            + people_in_context(text, self.gazetteer)
            + find_lowercase(text, self.gazetteer, self.roster)
        )
        known = [(d.start, d.end) for d in found if d.kind is Kind.AGENCY]
        patterned = [
            d
            for d in find_patterns(text, self.patterns)
            + find_patterns_in_lowercase(
                text, lowercase_spans(text), self.patterns, is_place=self._is_place
            )
            if d.kind is not Kind.AGENCY
            or (
                " ".join(d.text.split()).casefold() not in self.skip
                and not any(d.start < e and s < d.end for s, e in known)
            )
        ]
        return [d for d in found + patterned if not self._names_a_group(text, d)]

    def _names_a_group(self, text: str, d: Detection) -> bool:
        """Whether a rule's finding is only a people's or a language's name (``Congolese``,
        ``Yorta Yorta``). A name the gazetteer lists (an agency called ``Wathaurong``)
        still counts, except before a word for its people (``Wathaurong woman``)."""
        if d.source is Source.ROSTER or d.kind not in _NAMED or not names_a_group(d.text):
            return False
        if d.source is Source.GAZETTEER and d.text in self.gazetteer:
            return _next_word(text, d.end) in _PEOPLE_AFTER
        return True

    def detect(self, text: str) -> list[Detection]:
        """Merged detections for one text."""
        return self.detect_many([text])[0]

    def detect_many(self, texts: Sequence[str]) -> list[list[Detection]]:
        """Merged detections for each text; the model runs over all texts at once."""
        if self.nlp is not None:
            model = iter_entities(
                self.nlp,
                texts,
                skip=self.skip,
                n_process=self.n_process,
                batch_size=self.batch_size,
            )
        else:
            model = ((i, []) for i in range(len(texts)))
        results = []
        for i, from_model in model:
            text = texts[i]
            from_model = [d for d in from_model if self._model_keeps(text, d)]
            found = _outside_placeholders(text, merge(from_model + self.rule_detections(text)))
            found = absorb_titles(text, propagate(text, found, self._keep_found_again))
            results.append(
                link_person_names([_with_roster_identity(d, self.roster) for d in found])
            )
        return results

    def _model_keeps(self, text: str, d: Detection) -> bool:
        """A model's guess that is a people's name and a given name (``Karen``) counts only
        as a person, with a person cue (``Karen said``, not ``Karen families``). A single
        common word that has its capital only because it starts a sentence ("Email's
        ...", "Foster carer, twenty years") is no name unless a list knows it."""
        if _sentence_start_word(text, d) and not self._listed(d.text):
            return False
        if d.text not in peoples_also_names():
            return True
        return (
            d.kind is Kind.PERSON
            and self.gazetteer.person_here(text, d.start, d.end, proper=True) is not None
        )

    def _is_place(self, words: str) -> bool:
        return self.gazetteer.kind_of(words) is Kind.PLACE

    def _listed(self, word: str) -> bool:
        """Whether the roster or a list knows ``word`` as a name (``Archer``, ``Sale``)."""
        return bool(
            word in self.gazetteer
            or word in self.gazetteer.cued
            or any(form == word for form, _kind in self.gazetteer.contextual.values())
            or self.roster.identity_of(word)
        )

    def _keep_found_again(self, text: str, d: Detection) -> bool:
        """A one-word name found again by propagation counts only where it can be a
        person's: not a group (``Karen families``), not ``Will you`` or ``in May`` for a
        name that is also a word or a month; not a people's name before a word for its
        people (``Wathaurong woman``)."""
        if names_a_group(d.text) and _next_word(text, d.end) in _PEOPLE_AFTER:
            return False
        if d.text.islower():
            return keep_found_again(self.gazetteer, text, d)
        if _sentence_start_word(text, d) and not self._listed(d.text):
            return False
        if d.kind is not Kind.PERSON or " " in d.text:
            return True
        proper = self.gazetteer.cued.get(d.text)
        if proper is None:
            return self.gazetteer.name_here(text, d.start, d.end)
        return (
            self.gazetteer.person_here(text, d.start, d.end, proper=proper, known=True) is not None
        )


_SENTENCE_END = tuple('.!?…:;"“([]')


def _sentence_start_word(text: str, d: Detection) -> bool:
    """Whether ``d`` is one common word, capitalised, at the start of a line or sentence."""
    if " " in d.text or not d.text[:1].isupper() or d.text.casefold() not in common_words():
        return False
    line_start = text.rfind("\n", 0, d.start) + 1
    before = text[line_start : d.start].rstrip()
    return not before or before.endswith(_SENTENCE_END)


def _with_roster_identity(d: Detection, roster: Roster) -> Detection:
    """A model's person that is also a roster name takes the participant's identity."""
    if d.source is Source.NER and not d.identity:
        identity = roster.identity_of(d.text)
        if identity is None:
            owners = {roster.identity_of(part) for part in d.text.split()}
            identity = owners.pop() if len(owners) == 1 else None
        if identity:
            return Detection(d.start, d.end, d.kind, d.source, d.text, identity)
    return d


def _outside_placeholders(text: str, found: list[Detection]) -> list[Detection]:
    """Drop detections that touch a placeholder left by an earlier run (``[Person 4]``)."""
    spans = [m.span() for m in _PLACEHOLDER.finditer(text)]
    if not spans:
        return found
    return [d for d in found if not any(d.start < e and s < d.end for s, e in spans)]
