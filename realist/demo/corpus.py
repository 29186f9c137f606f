"""The demo corpus: six fictional focus groups, their source text, and the files made from it.

The transcripts are authored as plain text (``corpus/source/fgN.txt``): a short header of
``key: value`` lines, a ``---`` line, then one paragraph per speaker turn (``Label: words``)
separated by blank lines. :func:`write_corpus` turns each into the file a transcription
service or Teams would have produced: Word with bold speaker names, or WebVTT with
``<v Name>`` voice tags and cue timestamps. The generated files ship as package data, so
``build_demo`` never has to run python-docx to get them.

Examples
--------
>>> groups = load_sources()
>>> [g.group for g in groups]
['1', '2', '3', '4', '5', '6']
>>> groups[0].site, groups[0].format, groups[0].turns[0].speaker
('regional', 'docx', 'Facilitator')
"""

from __future__ import annotations

import csv
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from realist.errors import ValidationError

CORPUS_DIR = Path(str(resources.files("realist.demo") / "corpus"))
SOURCE_DIR = CORPUS_DIR / "source"
ROSTER_NAME = "roster.csv"
ROSTER_COLUMNS = ("label", "pseudonym", "role", "site", "group")

_TURN = re.compile(r"^(Facilitator|P\d+): (.+)$", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[\"'A-Z\[])")
_WORDS_PER_SECOND = 2.6
_CUE_WORDS = 28
_CUE_NAMESPACE = uuid.UUID("5b3c8a52-7d0e-4f0c-9a57-3f1c2d9e8b10")


@dataclass(frozen=True, slots=True)
class SourceTurn:
    """One speaker's paragraph in an authored transcript."""

    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class FocusGroup:
    """One authored focus group: its header fields and its turns, in order."""

    key: str
    title: str
    group: str
    site: str
    date: str
    format: str
    turns: tuple[SourceTurn, ...]

    @property
    def file_name(self) -> str:
        """The name of the generated transcript file, e.g. ``fg1-regional.docx``."""
        return f"{self.key}-{self.site}.{self.format}"

    @property
    def speakers(self) -> list[str]:
        """Speaker labels in order of first appearance."""
        return list(dict.fromkeys(t.speaker for t in self.turns))

    @property
    def word_count(self) -> int:
        """Words spoken (speaker labels not counted)."""
        return sum(len(t.text.split()) for t in self.turns)


def parse_source(text: str, key: str) -> FocusGroup:
    """Read one authored transcript.

    Parameters
    ----------
    text
        The source text: header lines, ``---``, then ``Label: words`` paragraphs.
    key
        The file stem (``fg1``), used in messages and the generated file name.

    Examples
    --------
    >>> src = "title: T\\ngroup: FG9\\nsite: regional\\ndate: 2025-01-01\\nformat: vtt\\n---\\n"
    >>> fg = parse_source(src + "Facilitator: Hello.\\n\\nP1: Hi there.\\n", "fg9")
    >>> [(t.speaker, t.text) for t in fg.turns]
    [('Facilitator', 'Hello.'), ('P1', 'Hi there.')]
    """
    head, sep, body = text.partition("\n---\n")
    if not sep:
        raise ValidationError(f"{key}: no '---' line between the header and the turns")
    fields: dict[str, str] = {}
    for number, line in enumerate(head.splitlines(), start=1):
        name, colon, value = line.partition(":")
        if not colon:
            raise ValidationError(f"{key} line {number}: header lines are 'key: value'")
        fields[name.strip()] = value.strip()
    missing = [f for f in ("title", "group", "site", "date", "format") if f not in fields]
    if missing:
        raise ValidationError(f"{key}: header lacks {', '.join(missing)}")
    if fields["format"] not in ("docx", "vtt"):
        raise ValidationError(f"{key}: format must be docx or vtt, not {fields['format']!r}")
    turns = []
    for paragraph in re.split(r"\n\s*\n", body.strip()):
        match = _TURN.match(paragraph.strip())
        if match is None:
            raise ValidationError(f"{key}: paragraph is not 'Label: words': {paragraph[:60]!r}")
        turns.append(SourceTurn(match[1], " ".join(match[2].split())))
    return FocusGroup(
        key=key,
        title=fields["title"],
        group=fields["group"],
        site=fields["site"],
        date=fields["date"],
        format=fields["format"],
        turns=tuple(turns),
    )


def load_sources(directory: Path | None = None) -> list[FocusGroup]:
    """All authored focus groups, in file-name order."""
    folder = directory or SOURCE_DIR
    return [
        parse_source(path.read_text(encoding="utf-8"), path.stem)
        for path in sorted(folder.glob("fg*.txt"))
    ]


def corpus_files(directory: Path | None = None) -> list[Path]:
    """The shipped transcript files (docx and vtt), in focus-group order.

    Examples
    --------
    >>> [p.name for p in corpus_files()][:2]
    ['fg1-regional.docx', 'fg2-metropolitan.vtt']
    """
    folder = directory or CORPUS_DIR
    return [folder / fg.file_name for fg in load_sources()]


def roster_path(directory: Path | None = None) -> Path:
    """The shipped roster CSV (label, pseudonym, role, site, group)."""
    return (directory or CORPUS_DIR) / ROSTER_NAME


def read_roster(path: Path | None = None) -> list[dict[str, str]]:
    """The roster rows as dictionaries."""
    with (path or roster_path()).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ----- writers --------------------------------------------------------------------------
def write_docx(group: FocusGroup, path: Path) -> Path:
    """A transcription-service style Word file: a title, then one paragraph per turn
    with the speaker label in bold."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.core_properties.title = group.title
    document.core_properties.author = "Evaluation team"
    document.add_heading(group.title, level=1)
    for turn in group.turns:
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(6)
        paragraph.add_run(f"{turn.speaker}:").bold = True
        paragraph.add_run(f" {turn.text}")
    document.save(str(path))
    _pin_docx_timestamps(path)
    return path


def _pin_docx_timestamps(path: Path) -> None:
    """Rewrite the zip with fixed member dates so regenerating gives identical bytes."""
    import zipfile

    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 3, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, _strip_core_dates(info.filename, data))


def _strip_core_dates(name: str, data: bytes) -> bytes:
    if name != "docProps/core.xml":
        return data
    return re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2025-03-01T00:00:00Z", data)


def _cues(text: str) -> list[str]:
    """Split a turn into caption-sized pieces at sentence ends, as Teams does."""
    pieces: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        words = len(sentence.split())
        if current and sum(len(s.split()) for s in current) + words > _CUE_WORDS:
            pieces.append(" ".join(current))
            current = []
        current.append(sentence)
    if current:
        pieces.append(" ".join(current))
    return pieces


def _stamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def vtt_text(group: FocusGroup) -> str:
    """The Teams-style WebVTT transcript of ``group``: cue ids, timestamps, voice tags.

    Examples
    --------
    >>> fg = load_sources()[1]
    >>> vtt_text(fg).splitlines()[0]
    'WEBVTT'
    >>> "<v Facilitator>" in vtt_text(fg)
    True
    """
    lines = ["WEBVTT", ""]
    clock = 3.0
    for number, turn in enumerate(group.turns):
        for part, words in enumerate(_cues(turn.text)):
            duration = max(1.2, len(words.split()) / _WORDS_PER_SECOND)
            cue_id = uuid.uuid5(_CUE_NAMESPACE, f"{group.key}/{number}/{part}")
            lines += [
                f"{cue_id}/{number}-{part}",
                f"{_stamp(clock)} --> {_stamp(clock + duration)}",
                f"<v {turn.speaker}>{words}</v>",
                "",
            ]
            clock += duration + 0.4
        clock += 0.8
    return "\n".join(lines)


def write_vtt(group: FocusGroup, path: Path) -> Path:
    """Write :func:`vtt_text` to ``path``."""
    path.write_text(vtt_text(group), encoding="utf-8", newline="\n")
    return path


def check_roster(groups: Iterable[FocusGroup], rows: Iterable[dict[str, str]]) -> None:
    """Fail when a speaker has no roster row or a roster row names nobody."""
    spoken = {(g.group, s) for g in groups for s in g.speakers}
    listed = {(r["group"], r["label"]) for r in rows}
    if spoken - listed:
        raise ValidationError(f"speakers missing from the roster: {sorted(spoken - listed)}")
    if listed - spoken:
        raise ValidationError(f"roster rows for nobody who speaks: {sorted(listed - spoken)}")


def write_corpus(directory: Path | None = None) -> list[Path]:
    """Generate every transcript file from its source text into ``directory``.

    Run ``python -m realist.demo.corpus`` after editing a source file; the output is
    byte-for-byte reproducible.
    """
    folder = directory or CORPUS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    groups = load_sources()
    check_roster(groups, read_roster())
    written = []
    for group in groups:
        target = folder / group.file_name
        if group.format == "docx":
            written.append(write_docx(group, target))
        else:
            written.append(write_vtt(group, target))
    return written


if __name__ == "__main__":
    for written_path in write_corpus():
        print(written_path)
