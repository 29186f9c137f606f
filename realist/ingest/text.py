"""Plain text and Markdown transcripts (``.txt``, ``.md``).

The text is kept as written (normalised to NFC and ``\\n``); speaker turns come from the
labels transcribers type at the start of lines.

Examples
--------
>>> draft = READER.read("Interviewer: Hello.\\r\\nR1: Hi.".encode("utf-8-sig"), "i.txt", ReadOptions())
>>> draft.text, [t.speaker for t in draft.turns]
('Interviewer: Hello.\\nR1: Hi.', ['Interviewer', 'R1'])
"""

from __future__ import annotations

from pathlib import Path

from realist.ingest.draft import DraftBuilder
from realist.ingest.encoding import decode_text, looks_binary
from realist.ingest.registry import ReadOptions, document_name, sha256_of
from realist.model import DocumentDraft

__all__ = ["READER", "TextReader"]


class TextReader:
    """Reads ``.txt`` and ``.md`` files in UTF-8, UTF-16 or Windows-1252."""

    name = "text"
    suffixes = (".txt", ".text", ".md", ".markdown")

    def sniff(self, head: bytes) -> bool:
        """Text is whatever is not binary."""
        return not looks_binary(head) or head.startswith((b"\xff\xfe", b"\xfe\xff"))

    def read(self, data: bytes, name: str, options: ReadOptions) -> DocumentDraft:
        """Decode, normalise and find turns."""
        text, warnings = decode_text(data, name)
        suffix = Path(name).suffix.lower()
        builder = DraftBuilder(
            document_name(name),
            source_name=Path(name).name,
            source_format="md" if suffix in (".md", ".markdown") else "txt",
            sha256=sha256_of(data),
        )
        builder.append(text)
        for warning in warnings:
            builder.warn(warning)
        return builder.finish(options.speaker_pattern, options.known_speakers)


READER = TextReader()
