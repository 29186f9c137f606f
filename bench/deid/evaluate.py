"""Precision and recall of de-identification on the annotated excerpts in ``eval/``.

A gold mention is *recalled* when detections cover every letter and digit of it (so its
words are gone after replacement), whatever kind the detector gave it; a detection is
*correct* (precision) when it overlaps a gold mention. Types: ``roster`` (names the
excerpt's roster lists), ``person`` (other people), ``place``, ``agency`` and the
patterned identifiers. Detections are counted under their own kind, with roster-sourced
person detections under ``roster``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from realist.deid.detector import Detector
from realist.deid.gazetteer import default_gazetteer
from realist.deid.kinds import Detection, Source
from realist.deid.roster import Roster

EVAL = Path(__file__).parent / "eval" / "eval.jsonl"
TYPES = (
    "roster",
    "person",
    "place",
    "agency",
    "phone",
    "email",
    "address",
    "date",
    "case_number",
    "url",
)
PATTERNED = ("phone", "email", "address", "date", "case_number", "url")


def load(split: str | None = None) -> list[dict[str, Any]]:
    records = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in records if split in (None, "all", r["split"])]


@dataclass
class Scores:
    gold: Counter[str] = field(default_factory=Counter)
    recalled: Counter[str] = field(default_factory=Counter)
    kind_right: Counter[str] = field(default_factory=Counter)
    predicted: Counter[str] = field(default_factory=Counter)
    correct: Counter[str] = field(default_factory=Counter)
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_alarms: list[tuple[str, str, str]] = field(default_factory=list)

    def recall(self, t: str) -> float | None:
        return self.recalled[t] / self.gold[t] if self.gold[t] else None

    def precision(self, t: str) -> float | None:
        return self.correct[t] / self.predicted[t] if self.predicted[t] else None

    def combined(self, types: Iterable[str]) -> tuple[float | None, float | None]:
        types = list(types)
        g = sum(self.gold[t] for t in types)
        p = sum(self.predicted[t] for t in types)
        r = sum(self.recalled[t] for t in types) / g if g else None
        pr = sum(self.correct[t] for t in types) / p if p else None
        return r, pr


def _type_of(d: Detection) -> str:
    return (
        "roster"
        if d.source is Source.ROSTER or d.identity.startswith("participant:")
        else d.kind.value
    )


def score(records: list[dict[str, Any]], found: list[list[Detection]]) -> Scores:
    s = Scores()
    for record, detections in zip(records, found, strict=True):
        text = record["text"]
        covered = [False] * len(text)
        for d in detections:
            for i in range(d.start, d.end):
                covered[i] = True
        for span in record["spans"]:
            t = span["kind"]
            s.gold[t] += 1
            chars = [i for i in range(span["start"], span["end"]) if text[i].isalnum()]
            if all(covered[i] for i in chars):
                s.recalled[t] += 1
                kinds = {
                    _type_of(d)
                    for d in detections
                    if d.start < span["end"] and span["start"] < d.end
                }
                gold_kind = "person" if t == "roster" else t
                if t in kinds or gold_kind in {k.replace("roster", "person") for k in kinds}:
                    s.kind_right[t] += 1
            else:
                s.misses.append((record["id"], t, span["text"]))
        for d in detections:
            t = _type_of(d)
            s.predicted[t] += 1
            if any(d.start < sp["end"] and sp["start"] < d.end for sp in record["spans"]):
                s.correct[t] += 1
            else:
                s.false_alarms.append((record["id"], t, d.text))
    return s


def detect(
    records: list[dict[str, Any]], *, nlp: Any = None, n_process: int = 1
) -> list[list[Detection]]:
    """Run the toolkit's detector on each excerpt with that excerpt's roster."""
    gazetteer = default_gazetteer()
    results = []
    for record in records:
        detector = Detector(
            roster=Roster.from_records(record["roster"]),
            gazetteer=gazetteer,
            nlp=nlp,
            n_process=n_process,
        )
        results.append(detector.detect(record["text"]))
    return results


def table(scores: dict[str, Scores]) -> list[str]:
    """Markdown rows: one per type, recall and precision for each configuration."""
    names = list(scores)
    header = (
        "| type | gold | " + " | ".join(f"recall ({n}) | precision ({n})" for n in names) + " |"
    )
    lines = [header, "|" + "---|" * (2 + 2 * len(names))]

    def fmt(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.3f}"

    first = scores[names[0]]
    for t in TYPES:
        cells = " | ".join(
            f"{fmt(scores[n].recall(t))} | {fmt(scores[n].precision(t))}" for n in names
        )
        lines.append(f"| {t} | {first.gold[t]} | {cells} |")
    for label, group in (("patterned (all six)", PATTERNED), ("all", TYPES)):
        cells = " | ".join(
            "{} | {}".format(*(fmt(v) for v in scores[n].combined(group))) for n in names
        )
        lines.append(f"| **{label}** | {sum(first.gold[t] for t in group)} | {cells} |")
    return lines
