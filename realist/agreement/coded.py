"""Agreement over pre-cut units: each coder gives each unit one label (or nothing).

Two coders (``a``, ``b``: equal-length sequences of labels) for :func:`percent_agreement`,
:func:`cohen_kappa` and :func:`scott_pi`; any number of coders (``data``: a coders x units
matrix, a list of lists, a NumPy array or a DataFrame with coders as rows) for
:func:`fleiss_kappa`, :func:`gwet_ac1` and :func:`krippendorff_alpha`. Missing labels are
``None``, ``NaN`` or ``pd.NA``; a unit needs two labels to count.

Examples
--------
>>> a = ["C", "C", "M", "O", "O"]
>>> b = ["C", "M", "M", "O", "O"]
>>> round(percent_agreement(a, b), 2)
0.8
>>> round(cohen_kappa(a, b), 3)
0.706
>>> round(krippendorff_alpha([a, b]), 3)
0.727
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from realist.agreement.result import Agreement, ratio, undefined

Level = Literal["nominal", "ordinal", "interval", "ratio"]
Weights = Literal["linear", "quadratic"] | Sequence[Sequence[float]] | np.ndarray | None

__all__ = [
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "scott_pi",
]


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _matrix(data: Any) -> list[list[Any]]:
    """Coders x units as a list of rows of Python objects."""
    if isinstance(data, pd.DataFrame):
        rows = data.astype(object).values.tolist()
    elif isinstance(data, np.ndarray):
        if data.ndim != 2:
            raise ValueError(f"data must be 2-dimensional (coders x units), got {data.ndim} dims")
        rows = data.astype(object).tolist()
    else:
        rows = [list(row) for row in data]
    widths = {len(row) for row in rows}
    if len(widths) > 1:
        raise ValueError(
            f"every coder needs one entry per unit (use None for missing); row lengths {sorted(widths)}"
        )
    return rows


def _counts(rows: list[list[Any]]) -> tuple[np.ndarray, list[Any]]:
    """Units x categories matrix of how many coders gave each label, and the labels."""
    labels: dict[Any, int] = {}
    n_units = len(rows[0]) if rows else 0
    cells: list[tuple[int, int]] = []
    for row in rows:
        for unit, value in enumerate(row):
            if _missing(value):
                continue
            key = value.item() if isinstance(value, np.generic) else value
            cells.append((unit, labels.setdefault(key, len(labels))))
    counts = np.zeros((n_units, len(labels)))
    if cells:
        idx = np.asarray(cells)
        np.add.at(counts, (idx[:, 0], idx[:, 1]), 1.0)
    return counts, list(labels)


def _pairs(a: Sequence[Any], b: Sequence[Any]) -> tuple[list[Any], list[Any]]:
    if len(a) != len(b):
        raise ValueError(f"both coders need one label per unit: got {len(a)} and {len(b)} labels")
    kept = [(x, y) for x, y in zip(a, b, strict=True) if not _missing(x) and not _missing(y)]
    return [x for x, _ in kept], [y for _, y in kept]


def _ordered(labels: list[Any], categories: Sequence[Any] | None) -> list[Any]:
    if categories is not None:
        unknown = [x for x in labels if x not in set(categories)]
        if unknown:
            raise ValueError(f"labels {unknown!r} are not among categories {list(categories)!r}")
        return list(categories)
    try:
        return sorted(labels)
    except TypeError:
        return labels


def _table(
    a: Sequence[Any], b: Sequence[Any], categories: Sequence[Any] | None = None
) -> tuple[np.ndarray, list[Any]]:
    """The two coders' contingency table (proportions) and its category order."""
    xs, ys = _pairs(a, b)
    cats = _ordered(list(dict.fromkeys([*xs, *ys])), categories)
    index = {c: i for i, c in enumerate(cats)}
    table = np.zeros((len(cats), len(cats)))
    for x, y in zip(xs, ys, strict=True):
        table[index[x], index[y]] += 1
    total = table.sum()
    return (table / total if total else table), cats


def percent_agreement(a: Sequence[Any], b: Sequence[Any]) -> Agreement:
    """Share of units (labelled by both coders) on which two coders gave the same label.

    Not chance-corrected: report it beside a kappa or alpha, never instead of one.

    Examples
    --------
    >>> float(percent_agreement([1, 2, 3, None], [1, 2, 4, 4]))
    0.6666666666666666
    """
    xs, ys = _pairs(a, b)
    if not xs:
        return undefined("percent_agreement", "no unit was labelled by both coders")
    same = sum(x == y for x, y in zip(xs, ys, strict=True)) / len(xs)
    return Agreement(same, statistic="percent_agreement", observed=same, n=len(xs))


def _weight_matrix(weights: Any, cats: list[Any], categories: Sequence[Any] | None) -> np.ndarray:
    """A disagreement-weight matrix over ``categories`` cut down to the labels in use."""
    w = np.asarray(weights, dtype=float)
    if categories is None:
        raise ValueError("a weight matrix needs categories= to say which row is which label")
    if w.shape != (len(categories), len(categories)):
        raise ValueError(
            f"the weight matrix is {w.shape}, but there are {len(categories)} categories"
        )
    if (np.diag(w) != 0).any() or (w < 0).any():
        raise ValueError("disagreement weights are 0 on the diagonal and never negative")
    index = [list(categories).index(c) for c in cats]
    return w[np.ix_(index, index)]


def cohen_kappa(
    a: Sequence[Any],
    b: Sequence[Any],
    *,
    weights: Weights = None,
    categories: Sequence[Any] | None = None,
) -> Agreement:
    """Cohen's (1960) kappa for two coders; with ``weights``, Cohen's (1968) weighted kappa.

    Chance agreement uses each coder's own label distribution. ``weights="linear"`` or
    ``"quadratic"`` penalise a disagreement by ``|i - j|`` or ``(i - j)**2``, where ``i`` and
    ``j`` are the positions of the two labels in ``categories`` (default: sorted labels). A
    square matrix of disagreement weights (0 on the diagonal, rows and columns in the order
    of ``categories``) sets any penalty, as in Cohen's 1968 paper. Units missing a label from
    either coder are left out.

    Examples
    --------
    >>> round(cohen_kappa([1, 2, 3, 3], [1, 2, 3, 2]), 3)
    0.636
    >>> round(cohen_kappa([1, 2, 3, 3], [1, 2, 3, 2], weights="linear"), 3)
    0.714
    """
    table, cats = _table(a, b, categories)
    label = weights if isinstance(weights, str) else "custom"
    name = "cohen_kappa" if weights is None else f"cohen_kappa_{label}"
    n = len(_pairs(a, b)[0])
    if n == 0:
        return undefined(name, "no unit was labelled by both coders")
    expected_table = np.outer(table.sum(axis=1), table.sum(axis=0))
    if weights is None:
        return ratio(
            name,
            float(np.trace(table)),
            float(np.trace(expected_table)),
            disagreement=False,
            n=n,
            no_variation="both coders used one and the same label throughout",
        )
    i, j = np.indices(table.shape)
    if isinstance(weights, str) and weights == "linear":
        w = np.abs(i - j).astype(float)
    elif isinstance(weights, str) and weights == "quadratic":
        w = ((i - j) ** 2).astype(float)
    elif not isinstance(weights, str):
        w = _weight_matrix(weights, cats, categories)
    else:
        raise ValueError(
            f"weights must be None, 'linear', 'quadratic' or a matrix, not {weights!r}"
        )
    return ratio(
        name,
        float((w * table).sum()),
        float((w * expected_table).sum()),
        disagreement=True,
        n=n,
        no_variation="both coders used one and the same label throughout",
    )


def scott_pi(a: Sequence[Any], b: Sequence[Any]) -> Agreement:
    """Scott's (1955) pi for two coders: chance from the pooled label distribution.

    Examples
    --------
    >>> round(scott_pi([1, 2, 3, 3], [1, 2, 3, 2]), 3)
    0.619
    """
    table, _ = _table(a, b)
    n = len(_pairs(a, b)[0])
    if n == 0:
        return undefined("scott_pi", "no unit was labelled by both coders")
    pooled = (table.sum(axis=1) + table.sum(axis=0)) / 2
    return ratio(
        "scott_pi",
        float(np.trace(table)),
        float((pooled**2).sum()),
        disagreement=False,
        n=n,
        no_variation="both coders used one and the same label throughout",
    )


def fleiss_kappa(data: Any) -> Agreement:
    """Fleiss' (1971) kappa for any number of coders (a coders x units matrix).

    Per unit, agreement is the share of agreeing coder pairs; chance comes from the pooled
    label distribution. Units labelled by fewer than two coders are left out; when units
    carry unequal numbers of labels this is the usual generalisation (each unit's pairs are
    averaged within the unit), which equals Fleiss' formula when every unit has all coders.

    Examples
    --------
    >>> round(fleiss_kappa([[1, 1, 2], [1, 1, 2], [1, 2, 2]]), 3)
    0.55
    """
    rows = _matrix(data)
    if len(rows) < 2:
        return undefined("fleiss_kappa", "fewer than two coders")
    return fleiss_from_counts(_counts(rows)[0])


def fleiss_from_counts(counts: np.ndarray) -> Agreement:
    """:func:`fleiss_kappa` from a units x labels matrix of how many coders gave each label."""
    per_unit = counts.sum(axis=1)
    counts = counts[per_unit >= 2]
    per_unit = per_unit[per_unit >= 2]
    if len(per_unit) == 0:
        return undefined("fleiss_kappa", "no unit was labelled by two or more coders")
    agree = ((counts * (counts - 1)).sum(axis=1) / (per_unit * (per_unit - 1))).mean()
    shares = counts.sum(axis=0) / per_unit.sum()
    return ratio(
        "fleiss_kappa",
        float(agree),
        float((shares**2).sum()),
        disagreement=False,
        n=len(per_unit),
        no_variation="every coder used one and the same label",
    )


def gwet_ac1(data: Any) -> Agreement:
    """Gwet's (2008) AC1 for any number of coders, with missing labels.

    Observed agreement as in :func:`fleiss_kappa` (units with two or more labels); chance
    agreement ``sum_k pi_k (1 - pi_k) / (q - 1)`` with ``pi_k`` the mean share of label ``k``
    per unit over all labelled units and ``q`` the number of labels in use. AC1 stays close
    to percent agreement when one label dominates, where kappa and pi collapse.

    Examples
    --------
    >>> round(gwet_ac1([["y"] * 8 + ["n", "y"], ["y"] * 8 + ["n", "n"]]), 4)
    0.8658
    """
    rows = _matrix(data)
    if len(rows) < 2:
        return undefined("gwet_ac1", "fewer than two coders")
    counts, labels = _counts(rows)
    return ac1_from_counts(counts, len(labels))


def ac1_from_counts(counts: np.ndarray, n_labels: int) -> Agreement:
    """:func:`gwet_ac1` from a units x labels count matrix (``n_labels`` labels in use)."""
    per_unit = counts.sum(axis=1)
    if n_labels < 2:
        return undefined("gwet_ac1", "fewer than two different labels were used")
    pairable = per_unit >= 2
    if not pairable.any():
        return undefined("gwet_ac1", "no unit was labelled by two or more coders")
    c2, r2 = counts[pairable], per_unit[pairable]
    agree = float(((c2 * (c2 - 1)).sum(axis=1) / (r2 * (r2 - 1))).mean())
    seen = per_unit >= 1
    shares = (counts[seen] / per_unit[seen, None]).mean(axis=0)
    chance = float((shares * (1 - shares)).sum() / (n_labels - 1))
    return ratio(
        "gwet_ac1",
        agree,
        chance,
        disagreement=False,
        n=int(pairable.sum()),
        no_variation="chance agreement is 1",
    )


def _delta(level: str, values: list[Any], totals: np.ndarray) -> np.ndarray:
    """Squared difference delta^2(c, k) between every pair of values at ``level``."""
    v = len(values)
    if level == "nominal":
        return 1.0 - np.eye(v)
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{level} alpha needs numeric labels; got {values[:5]!r}") from None
    if level == "interval":
        return (x[:, None] - x[None, :]) ** 2
    if level == "ratio":
        if (x < 0).any():
            raise ValueError("ratio alpha needs non-negative labels")
        s = x[:, None] + x[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((x[:, None] - x[None, :]) / s) ** 2
        return np.nan_to_num(d)
    if level == "ordinal":
        order = np.argsort(x)
        ranked = totals[order]
        cum = np.concatenate([[0.0], np.cumsum(ranked)])
        d = np.zeros((v, v))
        for a in range(v):
            for b in range(a + 1, v):
                between = cum[b + 1] - cum[a] - (ranked[a] + ranked[b]) / 2
                d[order[a], order[b]] = d[order[b], order[a]] = between**2
        return d
    raise ValueError(f"level must be nominal, ordinal, interval or ratio, not {level!r}")


def krippendorff_alpha(data: Any, level: Level = "nominal") -> Agreement:
    """Krippendorff's alpha for any number of coders, missing labels and four levels.

    Follows Krippendorff (2011), "Computing Krippendorff's alpha-reliability": a
    coincidence matrix over all pairable values (units with two or more labels), then
    ``alpha = 1 - D_o / D_e`` with the squared difference function of ``level``
    (``"nominal"``, ``"ordinal"``, ``"interval"`` or ``"ratio"``). ``D_o`` and ``D_e`` are on
    the result as ``observed`` and ``expected``.

    Examples
    --------
    >>> data = [[1, 2, 3, 3, None], [1, 2, 3, 2, 2], [1, 3, 3, 3, 2]]
    >>> round(krippendorff_alpha(data), 3)
    0.587
    >>> round(krippendorff_alpha(data, level="interval"), 3)
    0.778
    """
    name = f"krippendorff_alpha_{level}"
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError(f"level must be nominal, ordinal, interval or ratio, not {level!r}")
    rows = _matrix(data)
    if len(rows) < 2:
        return undefined(name, "fewer than two coders")
    counts, values = _counts(rows)
    return alpha_from_counts(counts, values, level)


def alpha_from_counts(counts: np.ndarray, values: list[Any], level: Level = "nominal") -> Agreement:
    """:func:`krippendorff_alpha` from a units x values count matrix."""
    name = f"krippendorff_alpha_{level}"
    m_u = counts.sum(axis=1)
    counts, m_u = counts[m_u >= 2], m_u[m_u >= 2]
    if len(m_u) == 0:
        return undefined(name, "no unit was labelled by two or more coders")
    weight = 1.0 / (m_u - 1)
    weighted = counts * weight[:, None]
    coincidences = weighted.T @ counts - np.diag(weighted.sum(0))
    totals = coincidences.sum(axis=1)
    n = float(totals.sum())
    delta = _delta(level, values, totals)
    observed = float((coincidences * delta).sum() / n)
    expected = float((np.outer(totals, totals) * delta).sum() / (n * (n - 1)))
    return ratio(
        name,
        observed,
        expected,
        disagreement=True,
        n=n,
        no_variation="all pairable labels are the same: there is no variation",
    )
