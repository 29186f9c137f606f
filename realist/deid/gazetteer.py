"""Gazetteers: lists of place and agency names matched as whole words.

The toolkit ships Victorian lists as package data (``realist/deid/data``):

* ``vic_areas.csv``: the 17 operational areas of the former Department of Health and
  Human Services and the Child FIRST / Intensive Family Services catchment names used in
  practice (Barwon, Brimbank Melton, Hume Moreland, Northern Mallee, ...);
* ``vic_towns.csv``: regional towns, shires and metropolitan suburbs;
* ``agencies.csv``: named community service organisations, Aboriginal community
  controlled organisations and health services;
* ``statewide.csv``: statewide services and programmes (Child Protection, Child FIRST,
  The Orange Door, Victoria, Melbourne). They identify nobody, so by default they are
  *not* replaced, and a model's guess that covers one of them is dropped; set the
  project's ``deid_mask_statewide`` setting to replace them too.

Projects add their own: a CSV with a ``text`` (or ``name``) column and an optional
``kind`` column, or a text file with one name per line, optionally prefixed by its kind
(``agency: Smithton Family Care``).

Examples
--------
>>> g = Gazetteer.from_entries([("Smithton", Kind.PLACE), ("Smithton Family Care", Kind.AGENCY)])
>>> [(d.kind.value, d.text) for d in g.find("Smithton Family Care in Smithton")]
[('agency', 'Smithton Family Care'), ('place', 'Smithton')]

People's given names come in two lists. ``given_names.txt`` holds names that are nothing
else (Saoirse, Kylie, Thanh): each one is a person wherever it is written with
its capital, unless it names a group or a place there (:meth:`Gazetteer.name_here`). ``given_names_ambiguous.txt`` holds names that are also words or other proper
nouns (Will, Grace, Hope, May, Sydney): those count only with a person cue around them
(:meth:`Gazetteer.person_here`). Names in neither list are found by the model, by
:func:`people_in_context` ("the mum, Kirra", "when Odette said") and by propagation.

>>> g = default_gazetteer()
>>> [d.text for d in g.find("Will you ring Grace? Her worker Will Thompson said May suits.")]
['Grace', 'Will Thompson']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from realist.deid.kinds import Detection, Kind, Source
from realist.deid.lists import (
    AMBIGUOUS,
    CUED_NAMES,
    NAMES,
    NOT_NAMES,
    PEOPLES,
    SHIPPED,
    STATEWIDE,
    entries_from_setting,
    not_identifying,
    not_names,
    peoples,
    peoples_also_names,
    read_cued_names,
    read_gazetteer_file,
    read_shipped,
)
from realist.deid.lists import capitalised as _capitalised
from realist.deid.lists import key as _key
from realist.deid.trie import phrase_regex

__all__ = [
    "AMBIGUOUS",
    "CUED_NAMES",
    "NAMES",
    "NOT_NAMES",
    "PEOPLES",
    "SHIPPED",
    "STATEWIDE",
    "Gazetteer",
    "default_gazetteer",
    "entries_from_setting",
    "names_a_group",
    "not_identifying",
    "not_names",
    "people_in_context",
    "peoples",
    "peoples_also_names",
    "read_cued_names",
    "read_gazetteer_file",
    "read_shipped",
]

_CONTEXT = r"\b(?:in|at|from|to|near|around|past|outside|of)\s+"


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A word as people write names: letters, with inner apostrophes or hyphens (O'Brien,
# Carmody-Jones). Whether it starts with a capital is checked in code (any script).
_TOKEN = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_RUN = rf"{_TOKEN}(?:[ \t]+{_TOKEN}){{0,2}}"
_SURNAME = re.compile(
    rf"[ \t]+(?P<particle>(?:Mc|Mac|O['’]|D['’]|Van |Von |De |Di |Da |Del |Della |Le |La )?)"
    rf"(?P<word>{_TOKEN})"
)
_CONTRACTION = re.compile(r"['’](?:t|ll|ve|re|d|m)\b")
_POSSESSIVE_WORD = re.compile(r"['’]s[ \t]+[a-z]")
_DIGIT_AFTER = re.compile(r"[ \t]*,?[ \t]*\d")
_DIGIT_BEFORE = re.compile(r"\d(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?$")
_LEFT_TOKENS = re.compile(rf"{_TOKEN}|\d+|[^\w\s]")
_NEXT_WORD = re.compile(rf"[ \t]+({_TOKEN})")
_PREVIOUS_WORD = re.compile(rf"({_TOKEN})[ \t]+$")
_OPENERS = "\n.!?:…"
_SKIPPED_BEFORE = " \t\"“”‘'([*#>|-•"

#: Words right before a name that make it a person's: titles and what people are to others.
TITLES = _wordset(
    "mr mrs ms miss mx dr prof professor sergeant sgt constable detective senior aunty "
    "auntie uncle nan nanna nana pop father sister brother pastor"
)
ROLES = _wordset(
    """mum mother dad father stepdad stepmum stepfather stepmother nan nanna nana grandma
    grandmother grandpa grandfather granny grandson granddaughter grandchild aunt aunty
    auntie uncle cousin niece nephew
    sister brother son daughter stepson stepdaughter eldest youngest kid child baby boy girl
    teenager husband wife partner ex boyfriend girlfriend fiance fiancé fiancee carer
    guardian neighbour neighbor friend mate colleague coworker co-worker worker caseworker
    practitioner manager supervisor leader coordinator navigator counsellor psychologist
    psych therapist teacher principal nurse doctor midwife lawyer solicitor magistrate
    officer client senior contact coach mentor interpreter boss director student
    advocate"""
)
#: Words that introduce a name ("a girl named Kirra", "her name's Kirra", "call me Gary").
NAMING = (
    r"named|called|nicknamed|name(?:\s+is|\s+was|['’]s)|call\s+(?:me|her|him|them)|"
    r"known\s+as|go(?:es)?\s+by"
)
#: Verbs right after a name that make it a person's ("Chantelle texted", "Odette said").
SAYING = _wordset(
    """said says rang rings rung told tells texted texts emailed emails messaged phoned
    asked asks reckons reckoned explained mentioned replied"""
)
#: Words that greet or thank someone by name at the start of a sentence ("Thanks Will").
GREETINGS = _wordset("hi hello hey thanks cheers bye dear sorry morning")
#: Words after a name that make it a group's, not a person's ("the Karen community").
GROUPS = _wordset(
    """community communities people families language languages interpreter interpreters
    refugees women men elders culture background speaking speakers community-controlled
    mob worker workers staff client clients students kids children mums dads church
    association"""
)
#: Words before or after a name that make it part of a place's or an institution's name
#: ("St Vincent's", "Mount Martha", "Elizabeth Street", "Albert Park").
_PLACE_BEFORE = _wordset("st saint san santa mount mt port lake point cape fort")
_PLACE_AFTER = _wordset(
    """street st road rd avenue ave drive crescent place lane way parade highway grove close
    terrace boulevard square park gardens reserve hospital primary secondary college school
    kindergarten kinder centre house hall church clinic library oval station bridge hill
    hills creek river lake bay beach valley heights island estate"""
)
#: Words after a capitalised word at the start of a sentence that make it a verb or a
#: month rather than a name ("Will you", "May I", "Hope that").
_FUNCTION_NEXT = _wordset(
    """you i we they he she it the a an be not have this that there your our their his her
    my me us them also just never always still only so as if to of"""
)
_TIME_BEFORE = _wordset(
    """in on since until till by during last next this early late mid of from to before
    after at near around outside past every each"""
)
_ARTICLES = _wordset("the a an this that these those every each no")
_FAMILY = r"family|families|kids|children|boys|girls|household|twins|siblings|brothers|sisters"

_ROLE_WORDS = phrase_regex(sorted(ROLES | {r.capitalize() for r in ROLES}))
_AFTER_ROLE = re.compile(rf",?[ \t]+(?:(?i:is|was)[ \t]+)?(?P<name>{_RUN})")
_NAMING_BEFORE = re.compile(rf"\b(?:{NAMING})[ \t]+$")
_NAMING_CUE = re.compile(rf"\b(?:{NAMING})[ \t]+(?P<name>{_RUN})")
_SAYING_WORDS = re.compile(rf"[ \t]+(?:{'|'.join(sorted(SAYING))})\b")
_APPOSITION = re.compile(
    rf",[ \t]+(?i:(?:my|our|the|her|his|their|a)[ \t]+)?(?:[a-z]+[ \t]+)?"
    rf"(?i:{phrase_regex(ROLES).pattern})"
)
_WORDS = re.compile(_TOKEN)
_FAMILY_CUE = re.compile(
    rf"\b[Tt]he[ \t]+(?P<name>{_TOKEN}(?:[ \t]+{_TOKEN})?)[ \t]+(?:{_FAMILY})\b"
    rf"|\bfamily,[ \t]+the[ \t]+(?P<plural>{_TOKEN})"
)


@dataclass
class Gazetteer:
    """Names and their kinds, matched case-sensitively as written and in capitals.

    ``cued`` holds given names that are also words or other proper nouns, each mapped to
    whether it is a proper noun too (``May``: true; ``Grace``: false). They become people
    only where :meth:`person_here` finds a person cue.
    """

    entries: dict[str, tuple[str, Kind]] = field(default_factory=dict)
    contextual: dict[str, tuple[str, Kind]] = field(default_factory=dict)
    forms: set[str] = field(default_factory=set)
    cued: dict[str, bool] = field(default_factory=dict)
    _regex: re.Pattern[str] | None = field(default=None, repr=False)
    _context_regex: re.Pattern[str] | None = field(default=None, repr=False)
    _cued_regex: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def from_entries(cls, entries: Iterable[tuple[str, Kind | str]]) -> Gazetteer:
        g = cls()
        g.add(entries)
        return g

    def add(self, entries: Iterable[tuple[str, Kind | str]]) -> None:
        """Add ``(text, kind)`` pairs; a later entry for the same words replaces its kind."""
        for text, kind in entries:
            cleaned = " ".join(str(text).split())
            if len(cleaned) >= 2:
                self.entries[_key(cleaned)] = (cleaned, Kind.parse(kind))
                self.forms.add(cleaned)
        self._regex = None

    def add_contextual(self, entries: Iterable[tuple[str, Kind | str]]) -> None:
        """Add names that are also everyday words (``Sale``, ``Bright``): they count only
        right after ``in``, ``at``, ``from``, ``to``, ``near``, ``around``, ``past``,
        ``outside`` or ``of``."""
        for text, kind in entries:
            cleaned = " ".join(str(text).split())
            if len(cleaned) >= 2:
                self.contextual[_key(cleaned)] = (cleaned, Kind.parse(kind))
        self._context_regex = None

    def add_cued(self, names: Iterable[tuple[str, bool]]) -> None:
        """Add given names that need a person cue: ``(name, also_a_proper_noun)`` pairs."""
        for name, proper in names:
            cleaned = " ".join(str(name).split())
            if len(cleaned) >= 2:
                self.cued[cleaned] = bool(proper)
        self._cued_regex = None

    def __len__(self) -> int:
        return len(self.entries) + len(self.contextual) + len(self.cued)

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and _key(text) in self.entries

    def kind_of(self, text: str) -> Kind | None:
        hit = self.entries.get(_key(text))
        return hit[1] if hit else None

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            forms: set[str] = set()
            for text in self.forms:
                forms.add(text)
                if len(text) > 3:
                    forms.add(text.upper())
            self._regex = phrase_regex(sorted(forms))
        return self._regex

    @property
    def context_regex(self) -> re.Pattern[str]:
        if self._context_regex is None:
            names = phrase_regex(sorted(t for t, _ in self.contextual.values())).pattern
            self._context_regex = re.compile(_CONTEXT + f"(?P<name>{names})")
        return self._context_regex

    @property
    def cued_regex(self) -> re.Pattern[str]:
        if self._cued_regex is None:
            self._cued_regex = phrase_regex(sorted(self.cued))
        return self._cued_regex

    def find(self, text: str) -> list[Detection]:
        """Every whole-word occurrence of a name in ``text`` (given names that are also
        words only where a person cue is around them)."""
        found = []
        if self.contextual:
            for match in self.context_regex.finditer(text):
                hit = self.contextual.get(_key(match.group("name")))
                if hit is not None:
                    start, end = match.span("name")
                    found.append(Detection(start, end, hit[1], Source.GAZETTEER, text[start:end]))
        for match in self.regex.finditer(text):
            hit = self.entries.get(_key(match.group()))
            if hit is None:
                continue
            start, end = match.span()
            if hit[1] is Kind.PERSON:
                if match.group().isupper() and (
                    match.group() in not_names() or _among_capitals(text, start, end)
                ):
                    continue
                if not self.name_here(text, start, end):
                    continue
                end = self._surname_end(text, end, people_too=False) or end
            found.append(Detection(start, end, hit[1], Source.GAZETTEER, text[start:end]))
        if self.cued:
            for match in self.cued_regex.finditer(text):
                start, end = match.span()
                proper = self.cued.get(match.group())
                if proper is None or self.kind_of(match.group()) not in (None, Kind.PERSON):
                    continue
                person_end = self.person_here(text, start, end, proper=proper)
                if person_end is not None:
                    found.append(
                        Detection(
                            start, person_end, Kind.PERSON, Source.GAZETTEER, text[start:person_end]
                        )
                    )
        return found

    def not_a_name(self, word: str) -> bool:
        """Whether a capitalised word is known not to be a person's name here: a place or
        agency in this gazetteer, a word of a statewide service, or a word such as
        ``Street``, ``Navigator`` or ``Monday`` (``data/not_names.txt``)."""
        if word in not_names():
            return True
        hit = self.entries.get(_key(word))
        return hit is not None and hit[1] is not Kind.PERSON

    def _surname_end(self, text: str, end: int, *, people_too: bool) -> int | None:
        """Where a surname right after a given name ends (``Kylie Brennan``, ``Natalie
        Cho's``), or ``None``. A place, agency, known given name (unless ``people_too``)
        or a word such as ``Street`` is not a surname."""
        match = _SURNAME.match(text, end)
        if match is None:
            return None
        word, stop = match.group("word"), match.end()
        if word[-2:] in ("'s", "’s"):
            word, stop = word[:-2], stop - 2
        after = text[stop : stop + 3]
        if not _capitalised(word) or _CONTRACTION.match(after) or after[:1] == "-":
            return None
        if self.not_a_name(word) or word in self.cued:
            return None
        if not people_too and _key(word) in self.entries:
            return None
        return stop

    def name_here(self, text: str, start: int, end: int) -> bool:
        """Whether a listed given name at ``text[start:end]`` is a person's: not when it
        is part of a contraction, names a group (``Karen community``), a place or an
        institution (``Mount Martha``, ``St Vincent's``, ``at the Alfred``)."""
        after = text[end : end + 12]
        if _CONTRACTION.match(after):
            return False
        following = _next_word(text, end)
        if following in GROUPS:
            return False
        if following in _PLACE_AFTER and text[end:].lstrip(" \t")[:1].isupper():
            return False
        left = _left_words(text, start, 2)
        if left and left[-1] == ".":
            left = left[:-1]
        if left and left[-1] in _PLACE_BEFORE:
            return False
        if left and left[-1] == "the":
            return (
                following in _FAMILY.split("|")
                or self._surname_end(text, end, people_too=True) is not None
            )
        return True

    def person_here(
        self, text: str, start: int, end: int, *, proper: bool, known: bool = False
    ) -> int | None:
        """Whether ``text[start:end]``, a given name that is also a word (``proper``:
        also a month, place or other proper noun), names a person there; returns where the
        mention ends (a surname after it is included) or ``None``.

        A person cue is any of: a title or kinship word before it (``Aunty June``), a
        surname after it (``Grace Nguyen``), a reporting verb after it (``Hope rang``), a
        naming word or role before it (``named Hope``, ``my worker, Will``). A word-like name
        written with its capital in the middle of a sentence counts too, and at the start
        of one when it is possessive (``Grace's kids``). ``known`` says the same name was
        already found as a person in the document: then it counts wherever it is not
        a verb (``Will you``) or, for a proper name, a date (``in June``, ``30 June``).
        Never a person: contractions (``Don't``), numbers around it (``May 2024``), an
        article before it (``the Royal``) or a group word after it (``Karen families``).
        """
        after = text[end : end + 12]
        if _CONTRACTION.match(after) or _DIGIT_AFTER.match(after):
            return None
        if _DIGIT_BEFORE.search(text, max(0, start - 16), start):
            return None
        following = _next_word(text, end)
        if following in GROUPS:
            return None
        left = _left_words(text, start, 3)
        previous = left[-1] if left else ""
        surname = self._surname_end(text, end, people_too=True)
        if previous in _ARTICLES:
            return surname
        if previous in TITLES or surname is not None:
            return surname or end
        if previous in GREETINGS and (len(left) < 2 or left[-2] in _OPENERS):
            return end
        if following in SAYING or _NAMING_BEFORE.search(text, max(0, start - 24), start):
            return end
        if previous in ROLES or (len(left) > 1 and previous == "," and left[-2] in ROLES):
            return end
        opening = _opening(text, start)
        if proper:
            if known and previous not in _TIME_BEFORE:
                return end
            if previous in ("told", "asked", "rang", "texted", "emailed", "phoned", "thanked"):
                return end
            return None
        if not opening:
            # not when it is one of a run of capitalised words ("Sky News", "Byte Order Mark")
            before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
            following_raw = _NEXT_WORD.match(text, end)
            if (before and before.group(1)[:1].isupper()) or (
                following_raw and following_raw.group(1)[:1].isupper()
            ):
                return None
            return end
        if _POSSESSIVE_WORD.match(after):
            return end
        if known and following not in _FUNCTION_NEXT:
            return end
        return None


def _next_word(text: str, end: int) -> str:
    """The word right after ``end`` (spaces skipped), lower-cased; ``""`` if none."""
    match = _NEXT_WORD.match(text, end)
    return match.group(1).casefold() if match else ""


def _among_capitals(text: str, start: int, end: int) -> bool:
    """Whether the words on both sides of ``text[start:end]`` are in capitals too (a
    heading or a character name such as ``THAI CHARACTER SARA A``)."""
    before = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
    after = _NEXT_WORD.match(text, end)
    return bool(before and after and before.group(1).isupper() and after.group(1).isupper())


def _left_words(text: str, start: int, n: int) -> list[str]:
    """The last ``n`` words and punctuation marks before ``start``, lower-cased."""
    return [t.casefold() for t in _LEFT_TOKENS.findall(text, max(0, start - 60), start)[-n:]]


def _opening(text: str, start: int) -> bool:
    """Whether ``start`` begins a sentence, a line, a turn (``P3: ``) or a list item."""
    i = start
    while i > 0 and text[i - 1] in _SKIPPED_BEFORE:
        i -= 1
    return i == 0 or text[i - 1] in _OPENERS


_GROUP_PREFIX = re.compile(r"^(?:non|ex|anti|pro)[-‐]", re.IGNORECASE)


#: Words that may follow a people's name and still name no one: "Gunaikurnai Elder",
#: "Yorta Yorta woman".
_GROUP_AFTER = _wordset(
    """elder elders woman women man men mob people peoples community communities nation
    nations country families family kids language languages clan clans"""
)


def names_a_group(text: str) -> bool:
    """Whether ``text`` is made only of words naming peoples, nationalities or languages
    (``Yorta Yorta``, ``non-Aboriginal``, ``Torres Strait Islander``, ``Congolese``), so it
    names no one person, place or agency.

    >>> [names_a_group(t) for t in ("Yorta Yorta", "non-Aboriginal", "Gunditjmara Aboriginal Co-operative")]
    [True, True, False]
    >>> [names_a_group(t) for t in ("Gunaikurnai Elder", "Elder", "Wamba Wamba")]
    [True, False, True]
    """
    words = [_GROUP_PREFIX.sub("", w) for w in text.replace("’", "'").split()]
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    while len(words) > 1 and words[-1].casefold() in _GROUP_AFTER:
        words.pop()
    parts = [p.casefold() for w in words for p in re.split(r"[-‐]", w) if p]
    if not parts or not any(p in peoples() for p in parts):
        return False
    return all(p in peoples() or p in ("and", "&") for p in parts)


def _name_run(gazetteer: Gazetteer, text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest stretch of ``text[start:end]`` that reads as a name: capitalised words
    that are not known non-names, leading non-names dropped (``When Odette Marchetti`` to
    ``Odette Marchetti``), stopping at the first word that is not one; possessive ``'s``
    left out. ``None`` when nothing is left or it is a place or agency."""
    words = [m.span() for m in _WORDS.finditer(text, start, end)]
    run: list[tuple[int, int]] = []
    for ws, we in words:
        word = text[ws:we]
        if word[-2:] in ("'s", "’s"):
            word, we = word[:-2], we - 2
        good = _capitalised(word) and not any(
            gazetteer.not_a_name(part) for part in [word, *word.split("-")] if part
        )
        if good:
            run.append((ws, we))
            if we < end and text[we : we + 2] in ("'s", "’s"):
                break
        elif run:
            break
    if not run:
        return None
    s, e = run[0][0], run[-1][1]
    if gazetteer.not_a_name(text[s:e]) or _key(text[s:e]) in not_identifying():
        return None
    return s, e


def people_in_context(text: str, gazetteer: Gazetteer) -> list[Detection]:
    """Capitalised words that are in no list but stand where a person's name stands:
    after a role or kinship word (``the mum, Kirra``; ``our school contact is Tomasz
    Wieczorek``), after a naming word (``a girl named Saoirse``), before a reporting verb
    in mid-sentence (``when Odette Marchetti said``), before an apposition (``Demelza
    Pruitt, our senior``) or as a family (``the Duffy kids``).

    >>> g = default_gazetteer()
    >>> [d.text for d in people_in_context("I had a mum, Zephyrine, and when Okoro said no, "
    ...     "the Duffy kids and the Navigator, Rowan Tuckwell, came.", g)]
    ['Zephyrine', 'Okoro', 'Duffy', 'Rowan Tuckwell']
    """
    found: list[Detection] = []

    def add(start: int, end: int, *, mid_sentence: bool = False, full: bool = False) -> None:
        run = _name_run(gazetteer, text, start, end)
        if run is None:
            return
        s, e = run
        opening = _opening(text, s)
        if mid_sentence and (opening or _left_words(text, s, 1) in (["the"], ["a"], ["an"])):
            return
        if full and (
            (opening and len(text[s:e].split()) < 2)
            or _left_words(text, s, 1) in (["from"], ["in"], ["at"], ["to"], ["near"])
        ):
            return
        found.append(Detection(s, e, Kind.PERSON, Source.PATTERN, text[s:e]))

    def before(at: int) -> tuple[int, int] | None:
        """The run of up to three words, spaces between, that ends at ``at``."""
        words = [m.span() for m in _WORDS.finditer(text, max(0, at - 60), at)][-3:]
        if not words or words[-1][1] != at:
            return None
        start = words[-1][0]
        for ws, we in reversed(words[:-1]):
            if text[we:start].strip(" \t"):
                break
            start = ws
        return start, at

    for role in _ROLE_WORDS.finditer(text):
        match = _AFTER_ROLE.match(text, role.end())
        if match and _capitalised(match.group("name").split()[0]):
            add(*match.span("name"))
    for match in _NAMING_CUE.finditer(text):
        if _capitalised(match.group("name").split()[0]):
            add(*match.span("name"))
    for match in _SAYING_WORDS.finditer(text):
        span = before(match.start())
        if span:
            add(*span, mid_sentence=True)
    for match in _APPOSITION.finditer(text):
        span = before(match.start())
        if span:
            add(*span, full=True)
    for match in _FAMILY_CUE.finditer(text):
        add(*match.span("name" if match.group("name") else "plural"))
    return sorted(found, key=lambda d: (d.start, d.end))


def default_gazetteer(*, statewide: bool = False, given_names: bool = True) -> Gazetteer:
    """The shipped Victorian lists (plus the statewide services when ``statewide``), and
    given names as people unless ``given_names`` is false. Place and agency names win
    over a given name spelt the same (``Bethany``); a given name that is also a word or
    another proper noun (``Grace``, ``May``) needs a person cue."""
    g = Gazetteer()
    if given_names:
        g.add(read_shipped(NAMES))
        g.add_cued(read_cued_names())
    for name in SHIPPED + ((STATEWIDE,) if statewide else ()):
        g.add(read_shipped(name))
    g.add_contextual(read_shipped(AMBIGUOUS))
    return g
