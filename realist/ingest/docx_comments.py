"""Word comments as codings: the comment text names the code(s), its author is the coder.

Many teams start coding in Word: select a passage, add a comment ``Engagement; Trust``.
The first paragraph of a comment names one or more codes (separated by ``;``, ``,``, a
new line or ``#tags``); further paragraphs become the coding's memo. A comment that reads
like prose rather than code names is kept whole as a memo on the code ``Word comment``.
Replies in a comment thread are not codes.

Examples
--------
>>> split_comment("Engagement; trust\\nShe felt heard here.")
(('Engagement', 'trust'), 'She felt heard here.')
>>> split_comment("#readiness #closure")
(('readiness', 'closure'), None)
>>> split_comment("This whole bit shows how the worker built rapport over many visits.")
(('Word comment',), 'This whole bit shows how the worker built rapport over many visits.')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

__all__ = ["FALLBACK_CODE", "WordComment", "parse_comments", "split_comment"]

FALLBACK_CODE = "Word comment"
_SEPARATORS = re.compile(r"[;,\n|]+")
_MAX_CODE_WORDS = 8
_MAX_CODE_CHARS = 80

W_NAMESPACES = (
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
)
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


@dataclass(frozen=True, slots=True)
class WordComment:
    """One comment of ``word/comments.xml``."""

    id: str
    author: str
    codes: tuple[str, ...]
    memo: str | None
    reply: bool = False


def split_comment(text: str) -> tuple[tuple[str, ...], str | None]:
    """Code names and memo from a comment's text (see the module docstring)."""
    text = text.strip()
    if not text:
        return (), None
    head, _, rest = text.partition("\n\n") if "\n\n" in text else text.partition("\n")
    memo = rest.strip() or None
    if head.lstrip().startswith("#"):
        names = [t.strip().lstrip("#").strip() for t in re.split(r"\s*#", head)]
    else:
        names = [t.strip() for t in _SEPARATORS.split(head)]
    names = [n.strip(" .:-") for n in names if n.strip(" .:-")]
    if not names or any(
        len(n) > _MAX_CODE_CHARS or len(n.split()) > _MAX_CODE_WORDS for n in names
    ):
        return (FALLBACK_CODE,), text
    unique = tuple(dict.fromkeys(names))
    return unique, memo


def parse_comments(
    comments: etree._Element, extended: etree._Element | None = None
) -> dict[str, WordComment]:
    """Comments by id from the root of ``comments.xml`` (and ``commentsExtended.xml``)."""
    replies = _reply_paragraph_ids(extended)
    found: dict[str, WordComment] = {}
    for ns in W_NAMESPACES:
        for element in comments.iter(f"{{{ns}}}comment"):
            comment_id = element.get(f"{{{ns}}}id", "")
            author = (element.get(f"{{{ns}}}author") or "").strip()
            paragraphs = list(element.iter(f"{{{ns}}}p"))
            text = "\n".join(_paragraph_text(p, ns) for p in paragraphs)
            last_para = paragraphs[-1].get(f"{{{W14}}}paraId") if paragraphs else None
            reply = last_para is not None and last_para in replies
            codes, memo = split_comment(text)
            found[comment_id] = WordComment(comment_id, author, codes, memo, reply)
    return found


def _paragraph_text(paragraph: etree._Element, ns: str) -> str:
    parts = []
    for node in paragraph.iter(f"{{{ns}}}t", f"{{{ns}}}tab", f"{{{ns}}}br"):
        if node.tag.endswith("}t"):
            parts.append(node.text or "")
        else:
            parts.append(" " if node.tag.endswith("}tab") else "\n")
    return "".join(parts)


def _reply_paragraph_ids(extended: etree._Element | None) -> set[str]:
    if extended is None:
        return set()
    return {
        element.get(f"{{{W15}}}paraId", "")
        for element in extended.iter(f"{{{W15}}}commentEx")
        if element.get(f"{{{W15}}}paraIdParent")
    }
