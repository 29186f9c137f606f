"""Reads over codings as DataFrames: code co-occurrence and excerpt filtering.

Both work on the shape of :meth:`realist.Project.codings_df` (one row per coding with
``document_id``, ``start``, ``end``, ``code_key`` and participant attributes), so a notebook
can use them on any such table.

Examples
--------
>>> import pandas as pd
>>> codings = pd.DataFrame({
...     "document_id": [1, 1, 1, 2],
...     "start": [0, 5, 40, 0],
...     "end": [10, 20, 50, 9],
...     "code_key": ["ctx", "mech", "ctx", "mech"],
... })
>>> matrix = cooccurrence(codings)
>>> matrix.values.tolist()
[[2, 1], [1, 2]]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

UNITS = ("overlap", "turn")


def cooccurrence(
    codings: pd.DataFrame,
    *,
    unit: str = "overlap",
    turns: pd.DataFrame | None = None,
    codes: Sequence[str] | None = None,
    code_column: str = "code_key",
) -> pd.DataFrame:
    """A symmetric code-by-code matrix of how often two codes meet.

    Parameters
    ----------
    codings
        One row per coding: ``document_id``, ``start``, ``end`` and ``code_column``.
    unit
        ``"overlap"``: a cell counts pairs of codings (one of each code) whose spans share at
        least one character; the diagonal counts codings of the code. ``"turn"``: a cell
        counts speaker turns that both codes touch; the diagonal counts turns the code
        touches.
    turns
        For ``unit="turn"``: one row per turn with ``document_id``, ``start``, ``end``.
    codes
        Rows and columns to show, in this order (default: every code present, sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"document_id": [1, 1], "start": [0, 30],
    ...                         "end": [5, 35], "code_key": ["a", "b"]})
    >>> turns = pd.DataFrame({"document_id": [1], "start": [0], "end": [40]})
    >>> int(cooccurrence(codings, unit="turn", turns=turns).loc["a", "b"])
    1
    """
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(UNITS)}, not {unit!r}")
    keys = list(codes) if codes is not None else sorted(codings[code_column].unique())
    position = {key: i for i, key in enumerate(keys)}
    matrix = np.zeros((len(keys), len(keys)), dtype=np.int64)
    rows = codings[codings[code_column].isin(position)]
    if unit == "overlap":
        _count_overlaps(rows, position, matrix, code_column)
    else:
        if turns is None:
            raise ValueError("unit='turn' needs the turns table (Project.turns_df or turns=)")
        _count_turns(rows, turns, position, matrix, code_column)
    index = pd.Index(keys, name=code_column)
    return pd.DataFrame(matrix, index=index, columns=index.copy())


def _count_overlaps(
    rows: pd.DataFrame, position: dict[str, int], matrix: np.ndarray, code_column: str
) -> None:
    for _doc, group in rows.groupby("document_id", sort=False):
        spans = sorted(
            zip(group["start"], group["end"], group[code_column], strict=True),
            key=lambda s: s[0],
        )
        active: list[tuple[int, int]] = []  # (end, code index)
        for start, end, key in spans:
            me = position[key]
            matrix[me, me] += 1
            active = [(e, c) for e, c in active if e > start]
            for _end, other in active:
                if other != me:
                    matrix[me, other] += 1
                    matrix[other, me] += 1
            active.append((int(end), me))


def _count_turns(
    rows: pd.DataFrame,
    turns: pd.DataFrame,
    position: dict[str, int],
    matrix: np.ndarray,
    code_column: str,
) -> None:
    for doc, doc_turns in turns.groupby("document_id", sort=False):
        doc_codings = rows[rows["document_id"] == doc]
        if doc_codings.empty:
            continue
        starts = doc_codings["start"].to_numpy()
        ends = doc_codings["end"].to_numpy()
        idx = np.array([position[k] for k in doc_codings[code_column]])
        for t_start, t_end in zip(doc_turns["start"], doc_turns["end"], strict=True):
            touched = np.unique(idx[(starts < t_end) & (ends > t_start)])
            if touched.size:
                matrix[np.ix_(touched, touched)] += 1


def filter_excerpts(
    codings: pd.DataFrame,
    codes: Sequence[str],
    *,
    site: str | Sequence[str] | None = None,
    role: str | Sequence[str] | None = None,
    group: str | Sequence[str] | None = None,
    coder: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Rows of ``codings`` for any of ``codes`` (keys), narrowed by participant attributes.

    Each filter takes one value or several; matching ignores case.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"code_key": ["a", "a"], "site": ["Regional", "metro"],
    ...                    "role": ["practitioner"] * 2, "group": ["FG1", "FG2"],
    ...                    "coder": ["ann", "ann"], "excerpt": ["x", "y"]})
    >>> filter_excerpts(df, ["a"], site="regional")["excerpt"].tolist()
    ['x']
    """
    mask = codings["code_key"].isin(list(codes))
    for column, wanted in (("site", site), ("role", role), ("group", group), ("coder", coder)):
        if wanted is None:
            continue
        values = [wanted] if isinstance(wanted, str) else list(wanted)
        folded = {str(v).casefold() for v in values}
        mask &= codings[column].fillna("").astype(str).str.casefold().isin(folded)
    return codings[mask].reset_index(drop=True)


def with_descendants(rows: Sequence[Mapping[str, Any]], code_ids: set[int]) -> set[int]:
    """``code_ids`` and the ids of all their descendants among code records ``rows``.

    >>> sorted(with_descendants([{"id": 1, "parent_id": None}, {"id": 2, "parent_id": 1},
    ...                          {"id": 3, "parent_id": 2}, {"id": 4, "parent_id": None}], {1}))
    [1, 2, 3]
    """
    found = set(code_ids)
    grew = True
    while grew:
        more = {r["id"] for r in rows if r["parent_id"] in found} - found
        grew = bool(more)
        found |= more
    return found
