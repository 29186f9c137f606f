"""A deterministic corpus of long focus-group transcripts as Word files.

Speakers are written the two ways transcription services do: a bold name opening the
paragraph (odd-numbered files) or a typed ``Name:`` label (even-numbered files).
"""

from __future__ import annotations

import random
from pathlib import Path

import docx

SPEAKERS = ["Facilitator", "P1", "P2", "P3", "P4", "P5", "Team Leader", "P6"]
WORDS = [
    "family",
    "worker",
    "trust",
    "visit",
    "week",
    "navigator",
    "referral",
    "home",
    "child",
    "safety",
    "plan",
    "engage",
    "caseload",
    "closure",
    "support",
    "listen",
    "parent",
    "school",
    "time",
    "team",
    "leader",
    "practice",
    "goal",
    "report",
    "meeting",
    "service",
    "program",
    "reunification",
    "preservation",
    "they",
    "we",
    "she",
    "really",
    "think",
    "that",
    "the",
    "and",
    "was",
    "because",
    "when",
    "then",
    "about",
    "with",
    "every",
    "first",
    "after",
    "back",
]


def transcript(rng: random.Random, words: int) -> list[tuple[str, str]]:
    """Turns of one transcript totalling ``words`` words."""
    turns: list[tuple[str, str]] = []
    total = 0
    while total < words:
        size = min(words - total, rng.randint(15, 110))
        sentence = " ".join(rng.choice(WORDS) for _ in range(size))
        turns.append((rng.choice(SPEAKERS), sentence.capitalize() + "."))
        total += size
    return turns


def write_corpus(folder: Path, files: int = 40, words: int = 20_000, seed: int = 7) -> list[Path]:
    """Write ``files`` transcripts of ``words`` words each into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for number in range(1, files + 1):
        document = docx.Document()
        document.add_heading(f"Focus group {number}", level=1)
        for speaker, text in transcript(rng, words):
            paragraph = document.add_paragraph()
            if number % 2:
                paragraph.add_run(speaker).bold = True
                paragraph.add_run("  " + text)
            else:
                paragraph.add_run(f"{speaker}: {text}")
        path = folder / f"fg{number:02d}.docx"
        document.save(path)
        paths.append(path)
    return paths
