"""Where coders agree and where they differ, code by code, as stretches of text.

:func:`coverage_runs` cuts each document, for each code, into maximal stretches on which the
same set of coders applied the code. From it, :func:`disagreements` keeps the stretches
where some but not all coders applied the code (largest first) and :func:`agreed_runs` the
stretches where all did. Interval arithmetic again: no loop over characters.

Spans are a DataFrame with columns ``document``, ``coder``, ``start``, ``end`` and
``value`` (or ``code``); ``coders`` lists the coders compared, in order (at most 62).

Examples
--------
>>> import pandas as pd
>>> spans = pd.DataFrame(
...     [("d", "ann", 0, 10, "C"), ("d", "bob", 5, 20, "C")],
...     columns=["document", "coder", "start", "end", "value"],
... )
>>> disagreements(spans, ["ann", "bob"])[["start", "end", "applied_by", "not_applied_by"]]
   start  end applied_by not_applied_by
0     10   20        bob            ann
1      0    5        ann            bob
>>> other = pd.concat([spans, pd.DataFrame([("d", "ann", 12, 18, "M")], columns=spans.columns)])
>>> disagreements(other, ["ann", "bob"])["instead"].tolist()
['ann: M', 'bob: C', '']
>>> agreed_runs(spans, ["ann", "bob"])[["start", "end"]].values.tolist()
[[5, 10]]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["agreed_runs", "coverage_runs", "disagreements", "item_key"]

RUN_COLUMNS = ["document", "value", "start", "end", "mask"]


def item_key(document: Any, value: Any, start: int, end: int) -> str:
    """The stable name of one disagreement: ``document:code:start-end`` (ids)."""
    return f"{document}:{value}:{start}-{end}"


def coverage_runs(spans: pd.DataFrame, coders: Sequence[Any]) -> pd.DataFrame:
    """Maximal stretches per document and code with the set of coders who applied it.

    ``mask`` has bit ``i`` set when ``coders[i]`` applied the code there. Stretches nobody
    coded are left out. Spans of coders not in ``coders`` are ignored.
    """
    if len(coders) > 62:
        raise ValueError("compare at most 62 coders at once")
    frame = spans.rename(columns={"code": "value"}) if "value" not in spans else spans
    index = {c: i for i, c in enumerate(coders)}
    frame = frame[frame["coder"].isin(list(index))]
    if frame.empty:
        return pd.DataFrame({c: [] for c in RUN_COLUMNS}).astype(
            {"start": np.int64, "end": np.int64, "mask": np.int64}
        )
    frame = frame.reset_index(drop=True)
    group_of = frame.groupby(["document", "value"], sort=True).ngroup()
    groups = group_of.to_numpy(np.int64)
    keys = frame.assign(g=group_of).drop_duplicates("g").set_index("g").sort_index()
    coder = frame["coder"].map(index).to_numpy(np.int64)
    start = frame["start"].to_numpy(np.int64)
    end = frame["end"].to_numpy(np.int64)
    big = int(end.max()) + 2
    # one coder's overlapping spans of a code become one (touching spans stay apart)
    key = groups * len(coders) + coder
    order = np.lexsort((start, key))
    key, start, end = key[order], start[order], end[order]
    reach = np.maximum.accumulate(end + key * big)
    new = np.ones(len(key), dtype=bool)
    new[1:] = (start[1:] + key[1:] * big) >= reach[:-1]
    run = np.cumsum(new) - 1
    j_end = np.zeros(run[-1] + 1, dtype=np.int64)
    np.maximum.at(j_end, run, end)
    j_key, j_start = key[new], start[new]
    j_group, j_coder = j_key // len(coders), j_key % len(coders)
    # masks: +2^coder at a start, -2^coder at an end, on one line with groups far apart
    at_start = j_group * big + j_start
    at_end = j_group * big + j_end
    bounds, inverse = np.unique(np.concatenate([at_start, at_end]), return_inverse=True)
    bit = np.left_shift(np.int64(1), j_coder)
    delta = np.zeros(len(bounds), dtype=np.int64)
    np.add.at(delta, inverse, np.concatenate([bit, -bit]))
    mask = np.cumsum(delta)[:-1]
    seg_start, seg_end = bounds[:-1], bounds[1:]
    keep = mask != 0
    seg_start, seg_end, mask = seg_start[keep], seg_end[keep], mask[keep]
    # join touching segments that have the same coders
    fresh = np.ones(len(mask), dtype=bool)
    fresh[1:] = (mask[1:] != mask[:-1]) | (seg_start[1:] != seg_end[:-1])
    ids = np.cumsum(fresh) - 1
    r_start = seg_start[fresh]
    r_end = np.zeros(int(ids[-1]) + 1 if len(ids) else 0, dtype=np.int64)
    np.maximum.at(r_end, ids, seg_end)
    r_mask = mask[fresh]
    r_group = r_start // big
    out = pd.DataFrame(
        {
            "document": keys["document"].to_numpy()[r_group],
            "value": keys["value"].to_numpy()[r_group],
            "start": r_start - r_group * big,
            "end": r_end - r_group * big,
            "mask": r_mask,
        }
    )
    return out


def _names(mask: int, coders: Sequence[Any], present: bool) -> str:
    return ", ".join(str(c) for i, c in enumerate(coders) if bool(mask >> i & 1) is present)


def _instead(
    spans: pd.DataFrame, runs: pd.DataFrame, coders: Sequence[Any], label: Callable[[Any], str]
) -> list[str]:
    """Per run, the other codes each coder who did not apply its code applied there."""
    frame = spans.rename(columns={"code": "value"}) if "value" not in spans else spans
    by_pair = {
        key: (g["start"].to_numpy(), g["end"].to_numpy(), g["value"].to_numpy())
        for key, g in frame.groupby(["document", "coder"], sort=False)
    }
    out = []
    for doc, value, start, end, mask in zip(
        runs["document"], runs["value"], runs["start"], runs["end"], runs["mask"], strict=True
    ):
        parts = []
        for i, coder in enumerate(coders):
            if int(mask) >> i & 1 or (doc, coder) not in by_pair:
                continue
            s, e, v = by_pair[(doc, coder)]
            hit = (s < end) & (e > start) & (v != value)
            if hit.any():
                names = ", ".join(sorted({label(x) for x in v[hit]}))
                parts.append(f"{coder}: {names}")
        out.append("; ".join(parts))
    return out


def disagreements(
    spans: pd.DataFrame, coders: Sequence[Any], label: Callable[[Any], str] = str
) -> pd.DataFrame:
    """Stretches where some but not all ``coders`` applied a code, largest first.

    Columns: ``key`` (see :func:`item_key`), ``document``, ``value``, ``start``, ``end``,
    ``length``, ``applied_by`` and ``not_applied_by`` (coder names joined by ", "), and
    ``instead``: what the others applied there, e.g. ``"bob: M"`` (values named by ``label``).
    """
    runs = coverage_runs(spans, coders)
    full = (1 << len(coders)) - 1
    runs = runs[(runs["mask"] != 0) & (runs["mask"] != full)].copy()
    runs["length"] = runs["end"] - runs["start"]
    runs["applied_by"] = [_names(int(m), coders, True) for m in runs["mask"]]
    runs["not_applied_by"] = [_names(int(m), coders, False) for m in runs["mask"]]
    runs["instead"] = _instead(spans, runs, coders, label)
    runs["key"] = [
        item_key(d, v, s, e)
        for d, v, s, e in zip(
            runs["document"], runs["value"], runs["start"], runs["end"], strict=True
        )
    ]
    runs = runs.sort_values(
        ["length", "document", "start", "value"], ascending=[False, True, True, True], kind="stable"
    )
    columns = [
        "key",
        "document",
        "value",
        "start",
        "end",
        "length",
        "applied_by",
        "not_applied_by",
        "instead",
    ]
    return runs[columns].reset_index(drop=True)


def agreed_runs(spans: pd.DataFrame, coders: Sequence[Any]) -> pd.DataFrame:
    """Stretches where every one of ``coders`` applied the code (document order)."""
    runs = coverage_runs(spans, coders)
    full = (1 << len(coders)) - 1
    agreed = runs[runs["mask"] == full]
    return agreed[["document", "value", "start", "end"]].reset_index(drop=True)
