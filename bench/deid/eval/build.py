"""Turn the excerpt files (inline ``[[kind:words]]`` markup) into ``eval.jsonl`` (text plus
character spans). Run ``python bench/deid/eval/build.py`` after editing the excerpts.

``excerpts.txt`` holds the development and test splits; ``fresh2.txt`` to ``fresh7.txt``
are held-out splits, each written by someone who had not seen the detector's lists or
rules and added after the last change to them (see ``bench/deid/__main__.py`` for what
each first run scored)."""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
SOURCES = (
    "excerpts.txt",
    "fresh2.txt",
    "fresh3.txt",
    "fresh4.txt",
    "fresh5.txt",
    "fresh6.txt",
    "fresh7.txt",
    "fresh8.txt",
)
MARK = re.compile(r"\[\[(?P<kind>[a-z_]+):(?P<words>[^\]]+)\]\]")
KINDS = {
    "person",
    "roster",
    "place",
    "agency",
    "phone",
    "email",
    "address",
    "date",
    "case_number",
    "url",
}


def parse(source: str) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for block in source.split("=== ")[1:]:
        header, _, body = block.partition("\n")
        name, split = header.split()
        roster_line, _, body = body.partition("\n")
        if not roster_line.startswith("roster: "):
            raise ValueError(f"{name}: the line after the header must be 'roster: [...]'")
        roster = json.loads(roster_line[len("roster: ") :])
        text_parts: list[str] = []
        spans = []
        cursor = 0
        length = 0
        for match in MARK.finditer(body):
            kind, words = match.group("kind"), match.group("words")
            if kind not in KINDS:
                raise ValueError(f"{name}: unknown kind {kind!r}")
            plain = body[cursor : match.start()]
            text_parts.append(plain)
            length += len(plain)
            spans.append({"start": length, "end": length + len(words), "kind": kind, "text": words})
            text_parts.append(words)
            length += len(words)
            cursor = match.end()
        text_parts.append(body[cursor:])
        text = "".join(text_parts).strip("\n") + "\n"
        records.append({"id": name, "split": split, "roster": roster, "text": text, "spans": spans})
    return records


def main() -> None:
    records = [
        record for name in SOURCES for record in parse((HERE / name).read_text(encoding="utf-8"))
    ]
    with open(HERE / "eval.jsonl", "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    total = sum(len(r["spans"]) for r in records)  # type: ignore[arg-type]
    print(f"{len(records)} excerpts, {total} annotated mentions -> {HERE / 'eval.jsonl'}")


if __name__ == "__main__":
    main()
