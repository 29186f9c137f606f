"""Quote placement on the demo study's transcripts: realistic talk with repeated phrases.

Every coding of the demo project becomes a spreadsheet quote, changed in one of five ways
(kept exact, re-spaced with curly quotes, hesitations cleaned out, elided with "...",
mistyped), and each method places it in its transcript. A placement is scored against the
coding's own span: exactly the same span, close (Jaccard >= 0.9), wrong, or not placed.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections import Counter
from pathlib import Path

import realist

PERTURB = ("exact", "respaced", "cleaned", "elided", "typos")


def perturb(rng: random.Random, words: str, kind: str) -> str:
    if kind == "respaced":
        changed = words.replace("\n", " ").replace("'", "\u2019").replace(", ", " , ")
        return "\u201c" + changed + "\u201d"
    if kind == "cleaned":
        for filler in ("um, ", "Um, ", "uh, ", "you know, "):
            words = words.replace(filler, "")
        return words
    if kind == "elided":
        tokens = words.split(" ")
        return words if len(tokens) < 12 else " ".join([*tokens[:4], "...", *tokens[-4:]])
    if kind == "typos":
        chars = list(words)
        for _ in range(max(1, len(chars) // 80)):
            at = rng.randrange(len(chars))
            if chars[at].isalpha():
                chars[at] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        return "".join(chars)
    return words


def run_demo(placers: dict[str, object], seed: int = 3) -> list[dict[str, object]]:
    """Counts per method: exact span, close, wrong, not placed, seconds."""
    from realist.demo.build import build_demo

    with tempfile.TemporaryDirectory() as folder:
        path = build_demo(Path(folder) / "demo.realist")
        project = realist.open_project(path, coder="pat")
        texts = {d.id: d.text for d in project.documents()}
        codings = project.codings_df()
        project.close()
    rng = random.Random(seed)
    cases = [
        (int(doc), int(start), int(end), perturb(rng, str(words), PERTURB[i % 5]))
        for i, (doc, start, end, words) in enumerate(
            zip(codings["document_id"], codings["start"], codings["end"], codings["excerpt"],
                strict=True)
        )
    ]  # fmt: skip
    rows: list[dict[str, object]] = []
    for name, make in placers.items():
        counts: Counter[str] = Counter()
        began = time.perf_counter()
        place = make()  # type: ignore[operator]
        for doc, start, end, quote in cases:
            got = place(doc, texts[doc], quote)
            if got is None:
                counts["none"] += 1
                continue
            inter = max(0, min(end, got[1]) - max(start, got[0]))
            union = max(end, got[1]) - min(start, got[0])
            if got == (start, end):
                counts["exact span"] += 1
            elif union and inter / union >= 0.9:
                counts["close"] += 1
            else:
                counts["wrong"] += 1
        rows.append({"method": name, "seconds": time.perf_counter() - began, **counts,
                     "quotes": len(cases)})  # fmt: skip
    return rows
