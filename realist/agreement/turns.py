"""Agreement over speaker turns: a turn counts as coded with X by a coder when any of that
coder's codings of X overlaps the turn.

Turns are pre-cut units, so the classic coefficients apply, per code (coded / not coded):
percent agreement, Cohen's kappa (two coders) or Fleiss' kappa (more), Gwet's AC1 and
Krippendorff's alpha. Pooled over all codes, each (turn, code) pair is one unit.

Examples
--------
>>> import pandas as pd
>>> turns = pd.DataFrame({"document": [1, 1, 1, 1], "start": [0, 10, 20, 30], "end": [10, 20, 30, 40]})
>>> spans = pd.DataFrame(
...     [(1, "ann", 2, 5, "C"), (1, "bob", 8, 12, "C"), (1, "ann", 21, 25, "C")],
...     columns=["document", "coder", "start", "end", "value"],
... )
>>> turn_agreement(spans, turns, ["ann", "bob"])[["value", "turns", "percent_agreement"]]
         value  turns  percent_agreement
0            C      4                0.5
1  (all codes)      4                0.5
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from realist.agreement.coded import ac1_from_counts, alpha_from_counts, fleiss_from_counts
from realist.agreement.result import Agreement, ratio, undefined

__all__ = ["turn_agreement", "turn_matrix"]

ALL = "(all codes)"


def turn_matrix(
    spans: pd.DataFrame, turns: pd.DataFrame, coders: Sequence[Any], values: Sequence[Any]
) -> np.ndarray:
    """Boolean array ``values x coders x turns``: did the coder apply the value in the turn.

    ``turns`` has columns ``document``, ``start``, ``end`` (turns of a document do not
    overlap); rows of the result follow the order of ``turns``.
    """
    frame = spans.rename(columns={"code": "value"}) if "value" not in spans else spans
    coder_index = {c: i for i, c in enumerate(coders)}
    value_index = {v: i for i, v in enumerate(values)}
    frame = frame[frame["coder"].isin(list(coder_index)) & frame["value"].isin(list(value_index))]
    out = np.zeros((len(values), len(coders), len(turns)), dtype=bool)
    if frame.empty or turns.empty:
        return out
    order = np.lexsort((turns["start"].to_numpy(), turns["document"].astype(str).to_numpy()))
    t = turns.iloc[order]
    docs = t["document"].to_numpy()
    t_start = t["start"].to_numpy(np.int64)
    t_end = t["end"].to_numpy(np.int64)
    for doc in pd.unique(frame["document"]):
        rows = np.flatnonzero(docs == doc)
        if len(rows) == 0:
            continue
        starts, ends = t_start[rows], t_end[rows]
        part = frame[frame["document"] == doc]
        s = part["start"].to_numpy(np.int64)
        e = part["end"].to_numpy(np.int64)
        first = np.searchsorted(ends, s, side="right")  # first turn ending after the start
        last = np.searchsorted(starts, e, side="left") - 1  # last turn starting before the end
        count = np.maximum(last - first + 1, 0)
        if count.sum() == 0:
            continue
        which = np.repeat(np.arange(len(s)), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        turn_pos = rows[first[which] + offset]
        v = part["value"].map(value_index).to_numpy()[which]
        c = part["coder"].map(coder_index).to_numpy()[which]
        out[v, c, order[turn_pos]] = True
    return out


def _cohen_binary(a: np.ndarray, b: np.ndarray) -> Agreement:
    if len(a) == 0:
        return undefined("cohen_kappa", "there are no turns", warn=False)
    po = float((a == b).mean())
    pa, pb = float(a.mean()), float(b.mean())
    pe = pa * pb + (1 - pa) * (1 - pb)
    return ratio(
        "cohen_kappa",
        po,
        pe,
        disagreement=False,
        n=len(a),
        no_variation="both coders coded every turn alike (all or none)",
        warn=False,
    )


def _stats(block: np.ndarray) -> dict[str, Any]:
    """Coefficients for one coders x units boolean block."""
    m, n = block.shape
    ones = block.sum(axis=0).astype(float)
    counts = np.stack([m - ones, ones], axis=1)
    used = int((ones > 0).any()) + int((ones < m).any())
    fleiss = fleiss_from_counts(counts) if n else undefined("fleiss_kappa", "no turns", warn=False)
    row: dict[str, Any] = {
        "turns": n,
        "coded_turns": int((ones > 0).sum()),
        "percent_agreement": fleiss.observed if n else np.nan,
    }
    kappa = _cohen_binary(block[0], block[1]) if m == 2 else fleiss
    row["cohen_kappa" if m == 2 else "fleiss_kappa"] = float(kappa)
    ac1 = ac1_from_counts(counts, used) if n else undefined("gwet_ac1", "no turns", warn=False)
    row["gwet_ac1"] = float(ac1)
    alpha = (
        alpha_from_counts(counts, [0, 1])
        if n and 0 < ones.sum() < m * n
        else undefined(
            "krippendorff_alpha_nominal", "no variation: every coder coded all or none", warn=False
        )
    )
    row["krippendorff_alpha"] = float(alpha)
    reasons = [r.reason for r in (kappa, ac1, alpha) if not r.defined]
    row["reason"] = "; ".join(dict.fromkeys(reasons))
    return row


def turn_agreement(
    spans: pd.DataFrame,
    turns: pd.DataFrame,
    coders: Sequence[Any],
    values: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """Per value (and pooled over all values): agreement on which turns carry the value.

    Returns one row per value plus a last row ``(all codes)``: ``value``, ``turns``,
    ``coded_turns``, ``percent_agreement``, ``cohen_kappa`` (two coders) or
    ``fleiss_kappa`` (three or more), ``gwet_ac1``, ``krippendorff_alpha`` (nominal) and
    ``reason`` (why a coefficient is ``nan``). Undefined values do not warn: see ``reason``.
    """
    import warnings

    from realist.agreement.result import UndefinedAgreementWarning

    frame = spans.rename(columns={"code": "value"}) if "value" not in spans else spans
    value_list = list(values) if values is not None else sorted(set(frame["value"]), key=str)
    reason = ""
    if len(coders) < 2:
        reason = "fewer than two coders"
    elif turns.empty:
        reason = "the documents have no speaker turns: use unit='character'"
    if reason:
        kappa = "cohen_kappa" if len(coders) <= 2 else "fleiss_kappa"
        columns = ["value", "turns", "coded_turns", "percent_agreement", kappa, "gwet_ac1",
                   "krippendorff_alpha", "reason"]  # fmt: skip
        rows = [{"value": v, "turns": len(turns), "reason": reason} for v in [*value_list, ALL]]
        return pd.DataFrame(rows, columns=columns)
    cube = turn_matrix(frame, turns, coders, value_list)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedAgreementWarning)
        for i, value in enumerate(value_list):
            rows.append({"value": value, **_stats(cube[i])})
        pooled = cube.transpose(1, 0, 2).reshape(len(coders), -1)
        rows.append({"value": ALL, **_stats(pooled)})
    table = pd.DataFrame(rows)
    table["turns"] = table["turns"].where(table["value"] != ALL, len(turns))
    return table
