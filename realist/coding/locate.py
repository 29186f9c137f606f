"""Find a quoted excerpt in a transcript: exactly, then ignoring whitespace, case and
punctuation, then fuzzily with a score. Several equally good places are reported as
ambiguous, never chosen silently.

Quotes copied into a spreadsheet drift from the transcript: curly quotes become straight,
line breaks become spaces, an ellipsis stands for words left out, a typo creeps in. The
locator undoes the first three exactly (through a normalised copy of the text with a map
back to the original offsets) and scores the rest.

Examples
--------
>>> text = "P1: We went slowly.\\nP2: They trusted us - after a while, they really did."
>>> loc = QuoteLocator(text)
>>> p = loc.locate("they trusted us after a while")
>>> p.method, text[p.start:p.end]
('normalised', 'They trusted us - after a while')
>>> loc.locate("We went slowly").method
'exact'
>>> loc.locate("we went ... really did").method
'normalised'
>>> loc.locate("nobody said this at all").method
'missing'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from rapidfuzz import fuzz

#: Where a quote leaves words out or puts words in: an ellipsis, or an editorial insertion
#: in square brackets ("she [the mother] let me in"). Either may stand for a gap.
GAP = re.compile(r"\s*(?:\.\s?\.\s?\.|…|\[[^\[\]\n]{0,80}\])\s*")
WORD = re.compile(r"[^\W_]+")
QUOTE_MARKS = "\"'\u2018\u2019\u201c\u201d"
CLOSING = re.compile(r"[.?!;:,]+$")
PUNCTUATION = frozenset(".?!;:,")
#: Hesitations that transcribers write and quote sheets leave out.
FILLERS = frozenset({"um", "umm", "uh", "uhm", "uhh", "erm", "er", "ah", "mm", "mmm", "hmm"})
#: A fuzzy match within this many points of the best one counts as equally good.
TIE_MARGIN = 1.0
#: How far (in normalised characters) the parts of a quote with gaps may lie apart.
MAX_GAP = 2000


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a quote was found, or why it was not.

    ``method`` is ``exact``, ``normalised`` or ``fuzzy`` when placed (``start``/``end`` set),
    ``ambiguous`` (``candidates`` lists the equally good spans, ``stage`` the search that
    found them) or ``missing``.
    """

    method: str
    start: int | None = None
    end: int | None = None
    score: float = 0.0
    candidates: tuple[tuple[int, int], ...] = ()
    reason: str = ""
    stage: str = ""

    @property
    def placed(self) -> bool:
        return self.start is not None and self.end is not None


def normalise(text: str) -> tuple[str, list[int]]:
    """Case-fold ``text``, drop accents, keep only words of letters and digits with one
    space between them, and leave out hesitations (um, uh, erm, ...).

    Returns the normalised string and, for each of its characters, the offset in ``text``
    of the character it came from.

    >>> norm, index = normalise("It’s  OK -- um, really!")
    >>> norm
    'it s ok really'
    >>> index[norm.index("ok")]
    6
    """
    chars: list[str] = []
    index: list[int] = []
    for match in WORD.finditer(text):
        folded: list[str] = []
        offsets: list[int] = []
        for offset, char in enumerate(match.group(), start=match.start()):
            decomposed = unicodedata.normalize("NFKD", char.casefold())
            kept = "".join(c for c in decomposed if not unicodedata.combining(c)) or char
            folded.extend(kept)
            offsets.extend([offset] * len(kept))
        if "".join(folded) in FILLERS:
            continue
        if chars:
            chars.append(" ")
            index.append(offsets[0] - 1)
        chars.extend(folded)
        index.extend(offsets)
    return "".join(chars), index


class QuoteLocator:
    """Places quotes in one document's text. Build once per document, locate many quotes.

    Parameters
    ----------
    text
        The document text (offsets returned index into it).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = normalise(text)

    def locate(self, quote: str, *, min_score: float = 90.0, fuzzy: bool = True) -> Placement:
        """Find ``quote``; fuzzy matches scoring under ``min_score`` (0-100) are missing.

        ``fuzzy=False`` stops after the exact and normalised searches."""
        quote = quote.strip()
        if not quote:
            return Placement("missing", reason="the excerpt cell is empty")
        exact = _all_occurrences(self.text, quote)
        if len(exact) == 1:
            start = exact[0]
            return Placement("exact", start, start + len(quote), 100.0)
        if len(exact) > 1:
            spans = tuple((s, s + len(quote)) for s in exact)
            return _ambiguous(spans, 100.0, "the exact words occur", "exact")
        parts = [p for p in (normalise(part)[0] for part in GAP.split(quote)) if p]
        if not parts:
            return Placement("missing", reason="the excerpt has no letters or digits")
        found = self._normalised(parts)
        if found is None and not fuzzy:
            return Placement("missing", reason="the words do not occur (fuzzy search not run)")
        if found is None:
            found = self._fuzzy(" ".join(parts), min_score)
        return self._with_closing_punctuation(found, quote)

    def _with_closing_punctuation(self, placement: Placement, quote: str) -> Placement:
        """Take in the punctuation that ends the quote (``.``, ``?``, ``!``), which the
        word-level searches leave out, when the transcript has it there too."""
        if not placement.placed or placement.end is None:
            return placement
        tail = CLOSING.search(quote.strip().rstrip(QUOTE_MARKS + " "))
        if tail is None or GAP.fullmatch(tail.group()):
            return placement
        end = placement.end
        limit = min(len(self.text), end + len(tail.group()))
        while end < limit and self.text[end] in PUNCTUATION:
            end += 1
        return replace(placement, end=end)

    def _span(self, nstart: int, nend: int) -> tuple[int, int]:
        """Original offsets of the normalised range ``[nstart, nend)``."""
        return self.index[nstart], self.index[nend - 1] + 1

    def _normalised(self, parts: list[str]) -> Placement | None:
        matches = _chain(self.norm, parts)
        if not matches:
            return None
        bounded = [m for m in matches if _on_word_boundaries(self.norm, *m)]
        chosen = bounded or matches
        spans = tuple(dict.fromkeys(self._span(s, e) for s, e in chosen))
        if len(spans) == 1:
            start, end = spans[0]
            return Placement("normalised", start, end, 100.0)
        what = "the words (ignoring case, spacing and punctuation) occur"
        return _ambiguous(spans, 100.0, what, "normalised")

    def _fuzzy(self, needle: str, min_score: float) -> Placement:
        if not self.norm:
            return Placement("missing", reason="the transcript has no text")
        best = fuzz.partial_ratio_alignment(needle, self.norm)
        if best is None or best.score < min_score:
            score = best.score if best is not None else 0.0
            return Placement(
                "missing",
                score=round(score, 1),
                reason=f"no passage matches well enough (best score {score:.1f} < {min_score:g})",
            )
        nstart, nend = _refine(self.norm, needle, *_snap(self.norm, best.dest_start, best.dest_end))
        rivals: list[tuple[int, int]] = []
        for lo, hi in ((0, best.dest_start), (best.dest_end, len(self.norm))):
            if hi - lo < len(needle) // 2:
                continue
            other = fuzz.partial_ratio_alignment(
                needle, self.norm[lo:hi], score_cutoff=best.score - TIE_MARGIN
            )
            if other is not None and other.score >= best.score - TIE_MARGIN:
                rivals.append(_snap(self.norm, lo + other.dest_start, lo + other.dest_end))
        if rivals:
            spans = tuple(self._span(s, e) for s, e in [(nstart, nend), *rivals])
            return _ambiguous(spans, round(best.score, 1), "similar passages score alike", "fuzzy")
        start, end = self._span(nstart, nend)
        return Placement("fuzzy", start, end, round(best.score, 1))


def _all_occurrences(haystack: str, needle: str) -> list[int]:
    found = []
    at = haystack.find(needle)
    while at != -1:
        found.append(at)
        at = haystack.find(needle, at + 1)
    return found


def _chain(norm: str, parts: list[str]) -> list[tuple[int, int]]:
    """Every place where ``parts`` occur in order, each within ``MAX_GAP`` of the last."""
    results = []
    for first in _all_occurrences(norm, parts[0]):
        end = first + len(parts[0])
        for part in parts[1:]:
            nxt = norm.find(part, end, end + MAX_GAP + len(part))
            if nxt == -1:
                break
            end = nxt + len(part)
        else:
            results.append((first, end))
    return results


def _on_word_boundaries(norm: str, start: int, end: int) -> bool:
    return (start == 0 or norm[start - 1] == " ") and (end == len(norm) or norm[end] == " ")


def _snap(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to whole words and trim spaces at either end."""
    while start > 0 and norm[start - 1] != " ":
        start -= 1
    while end < len(norm) and norm[end] != " ":
        end += 1
    while start < end and norm[start] == " ":
        start += 1
    while end > start and norm[end - 1] == " ":
        end -= 1
    return start, max(end, start + 1)


def _refine(norm: str, needle: str, start: int, end: int) -> tuple[int, int]:
    """Move the ends of a fuzzy match to the word boundaries that fit the quote best.

    The alignment window has the quote's length, so words the quote leaves out push the
    true passage past one of its ends; nearby word boundaries are tried on both sides.
    """
    slack = max(12, len(needle) // 5)
    starts = [i for i in range(max(0, start - slack), min(end, start + slack) + 1)
              if i == 0 or norm[i - 1] == " "]  # fmt: skip
    ends = [i for i in range(max(start + 1, end - slack), min(len(norm), end + slack) + 1)
            if i == len(norm) or norm[i] == " "]  # fmt: skip
    # a quote's first and last words are rarely the ones that changed: prefer ends on them
    first, last = needle.split(" ", maxsplit=1)[0], needle.rsplit(" ", maxsplit=1)[-1]
    starts = [i for i in starts if norm.startswith(first + " ", i)] or starts
    ends = [i for i in ends if norm[:i].endswith(" " + last)] or ends
    best = (fuzz.ratio(needle, norm[start:end]), start, end)
    for s in starts:
        for e in ends:
            if e > s:
                score = fuzz.ratio(needle, norm[s:e], score_cutoff=best[0])
                if score > best[0]:
                    best = (score, s, e)
    return best[1], best[2]


def _ambiguous(
    spans: tuple[tuple[int, int], ...], score: float, what: str, stage: str
) -> Placement:
    where = ", ".join(f"{s}-{e}" for s, e in spans[:5])
    more = f" and {len(spans) - 5} more" if len(spans) > 5 else ""
    return Placement(
        "ambiguous",
        score=score,
        candidates=spans,
        reason=f"{what} {len(spans)} times (at {where}{more}): quote more words to choose one",
        stage=stage,
    )
