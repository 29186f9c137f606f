"""Agreement for every pair of coders: who codes like whom, and who drifts.

With three or more coders an overall coefficient hides where the disagreement comes from.
:func:`pairwise_unitized` computes the unitized alphas for each pair separately, plus the
mean of the per-code ``|u alpha`` over the codes defined for that pair.

Examples
--------
>>> spans = [("ann", 0, 10, "C"), ("bob", 0, 10, "C"), ("cat", 20, 30, "C")]
>>> pairwise_unitized(spans, 40)[["coder_a", "coder_b", "binary_u_alpha"]].round(2)
  coder_a coder_b  binary_u_alpha
0     ann     bob            1.00
1     ann     cat           -0.28
2     bob     cat           -0.28
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from realist.agreement.result import UndefinedAgreementWarning
from realist.agreement.unitized import Continuum, _frame, u_alpha_by_value, unitized_alphas

__all__ = ["pairwise_unitized"]


def pairwise_unitized(
    spans: Any,
    length: int | Mapping[Any, int],
    coders: Sequence[Any] | None = None,
) -> pd.DataFrame:
    """One row per pair of coders: ``u_alpha``, ``binary_u_alpha``, ``cu_alpha`` and
    ``mean_code_alpha`` (mean per-code ``|u alpha``; codes undefined for the pair skipped).

    ``spans``, ``length`` and ``coders`` as in :func:`realist.agreement.u_alpha`.
    """
    frame = _frame(spans)
    coder_list = list(coders) if coders is not None else sorted(set(frame["coder"]), key=str)
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedAgreementWarning)
        for a, b in itertools.combinations(coder_list, 2):
            pair = frame[frame["coder"].isin([a, b])]
            continuum = Continuum.from_spans(pair, length, [a, b])
            overall = unitized_alphas(continuum, warn=False)
            per_code = u_alpha_by_value(continuum)["binary_u_alpha"].to_numpy(dtype=float)
            defined = per_code[~np.isnan(per_code)]
            rows.append(
                {
                    "coder_a": a,
                    "coder_b": b,
                    "u_alpha": float(overall["u_alpha"]),
                    "binary_u_alpha": float(overall["binary_u_alpha"]),
                    "cu_alpha": float(overall["cu_alpha"]),
                    "mean_code_alpha": float(defined.mean()) if len(defined) else np.nan,
                    "codes": len(defined),
                }
            )
    columns = ["coder_a", "coder_b", "u_alpha", "binary_u_alpha", "cu_alpha",
               "mean_code_alpha", "codes"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
