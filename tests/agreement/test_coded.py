"""Coefficients over pre-cut units, checked against published worked examples.

Every expected number below is quoted from the publication named beside it (found through
the test suites of tidycomm, DKPro Statistics and quallmer, which cite the same sources);
none was produced by this package.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from realist.agreement import (
    Agreement,
    UndefinedAgreementWarning,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section E: 4 coders
# (A-D) x 12 units, values 1-5, with missing values.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_four_levels(level: str, published: float) -> None:
    assert round(krippendorff_alpha(K2011, level=level), 3) == published  # type: ignore[arg-type]


def test_krippendorff_2011_accepts_nan_arrays_and_dataframes() -> None:
    array = np.array([[np.nan if v is None else v for v in row] for row in K2011])
    assert round(krippendorff_alpha(array), 3) == 0.743
    assert round(krippendorff_alpha(pd.DataFrame(K2011)), 3) == 0.743


def test_krippendorff_2011_nominal_with_word_labels() -> None:
    words = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
    data = [[None if v is None else words[v] for v in row] for row in K2011]
    assert round(krippendorff_alpha(data), 3) == 0.743


def _from_table(table: list[list[int]], labels: list[object]) -> tuple[list[object], list[object]]:
    a: list[object] = []
    b: list[object] = []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [labels[i]] * count
            b += [labels[j]] * count
    return a, b


def test_cohen_1960_table_2() -> None:
    # Cohen (1960), Educational and Psychological Measurement 20:37-46, p. 45: 200 units,
    # 3 categories; p_o = .70, p_c = .41, kappa = .492.
    a, b = _from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]], [1, 2, 3])
    kappa = cohen_kappa(a, b)
    assert round(kappa, 3) == 0.492
    assert round(kappa.observed, 2) == 0.70
    assert round(kappa.expected, 2) == 0.41
    assert round(percent_agreement(a, b), 2) == 0.70


def test_artstein_poesio_2008_pi_and_kappa() -> None:
    # Artstein & Poesio (2008), Computational Linguistics 34(4), p. 558 (STAT / IReq):
    # A_o = .7, pi = .341 (A_e = .545), kappa = .348 (A_e = .54).
    a, b = _from_table([[20, 10], [20, 50]], ["STAT", "IReq"])
    assert round(scott_pi(a, b), 3) == 0.341
    assert round(scott_pi(a, b).expected, 3) == 0.545
    assert round(cohen_kappa(a, b), 3) == 0.348
    # p. 568 (STAT / IReq / Chck): pi = .799, kappa = .801.
    a, b = _from_table([[46, 0, 0], [6, 32, 6], [0, 0, 10]], ["STAT", "IReq", "Chck"])
    # the paper prints .799 for pi = (.88 - .4014) / (1 - .4014) = .79953 (truncated, not
    # rounded): agree to within one unit in the third decimal
    assert abs(scott_pi(a, b) - 0.799) < 0.001
    assert round(cohen_kappa(a, b), 3) == 0.801


# Fleiss (1971), Psychological Bulletin 76(5):378-382, table 1: 30 patients, 6 psychiatrists,
# 5 diagnoses; kappa = .430, column totals 26, 26, 30, 55, 43 and sum n_ij^2 = 680 (p. 379).
FLEISS_1971 = [
    (0, 0, 0, 6, 0),
    (0, 3, 0, 0, 3),
    (0, 1, 4, 0, 1),
    (0, 0, 0, 0, 6),
    (0, 3, 0, 3, 0),
    (2, 0, 4, 0, 0),
    (0, 0, 4, 0, 2),
    (2, 0, 3, 1, 0),
    (2, 0, 0, 4, 0),
    (0, 0, 0, 0, 6),
    (1, 0, 0, 5, 0),
    (1, 1, 0, 4, 0),
    (0, 3, 3, 0, 0),
    (1, 0, 0, 5, 0),
    (0, 2, 0, 3, 1),
    (0, 0, 5, 0, 1),
    (3, 0, 0, 1, 2),
    (5, 1, 0, 0, 0),
    (0, 2, 0, 4, 0),
    (1, 0, 2, 0, 3),
    (0, 0, 0, 0, 6),
    (0, 1, 0, 5, 0),
    (0, 2, 0, 1, 3),
    (2, 0, 0, 4, 0),
    (1, 0, 0, 4, 1),
    (0, 5, 0, 1, 0),
    (4, 0, 0, 0, 2),
    (0, 2, 0, 4, 0),
    (1, 0, 5, 0, 0),
    (0, 0, 0, 0, 6),
]


def test_fleiss_1971_psychiatric_diagnoses() -> None:
    counts = np.array(FLEISS_1971)
    assert counts.sum(axis=0).tolist() == [26, 26, 30, 55, 43]
    assert int((counts**2).sum()) == 680
    # raters are anonymous in Fleiss' design: rater r gets the r-th label of each unit
    units = [[d for d, n in enumerate(row, start=1) for _ in range(n)] for row in FLEISS_1971]
    data = np.array(units).T
    assert round(fleiss_kappa(data), 3) == 0.430


def test_gwet_ac1_irrcac_reference_values() -> None:
    # Gwet's own R package irrCAC 1.4 (gwet.ac1.raw), as recorded in DKPro Statistics'
    # test fixtures: skewed 2x2 table [[80, 7], [8, 5]] -> pa .85, pe .21875, AC1 .808;
    # Cohen's (1960) p. 45 table -> pa .70, pe .2925, AC1 .57597.
    a, b = _from_table([[80, 7], [8, 5]], [1, 2])
    ac1 = gwet_ac1([a, b])
    assert round(ac1, 3) == 0.808
    assert ac1.observed == pytest.approx(0.85)
    assert ac1.expected == pytest.approx(0.21875)
    a, b = _from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]], [1, 2, 3])
    assert round(gwet_ac1([a, b]), 3) == 0.576


def test_gwet_ac1_handbook_four_raters() -> None:
    # Gwet (2014), Handbook of Inter-Rater Reliability, 4th ed., dataset cac.raw4raters (the
    # same 4 raters x 12 units as Krippendorff 2011): AC1 = 0.77544 as printed in the
    # documentation of Gwet's R package irrCAC.
    assert round(gwet_ac1(K2011), 5) == 0.77544


def test_weighted_kappa_orders_disagreements() -> None:
    a = [1, 1, 2, 2, 3, 3, 4, 4]
    near = [1, 2, 2, 3, 3, 4, 4, 3]
    far = [1, 4, 2, 4, 3, 1, 4, 1]
    assert cohen_kappa(a, near) == pytest.approx(cohen_kappa(a, far), abs=0.05)
    # same unweighted disagreement count, but near misses cost less when weighted
    assert cohen_kappa(a, near, weights="linear") > cohen_kappa(a, far, weights="linear")
    assert cohen_kappa(a, near, weights="quadratic") > cohen_kappa(a, near, weights="linear")
    # with two categories every weighting is the same as unweighted kappa
    x, y = [0, 0, 1, 1, 1], [0, 1, 1, 1, 0]
    assert cohen_kappa(x, y, weights="linear") == pytest.approx(cohen_kappa(x, y))


def test_weight_matrix_generalises_the_named_weights() -> None:
    a, b = [1, 1, 2, 2, 3, 3, 4, 4], [1, 2, 2, 3, 3, 4, 4, 3]
    cats = [1, 2, 3, 4]
    linear = [[abs(i - j) for j in range(4)] for i in range(4)]
    assert cohen_kappa(a, b, weights=linear, categories=cats) == pytest.approx(
        float(cohen_kappa(a, b, weights="linear"))
    )
    flat = [[0 if i == j else 1 for j in range(4)] for i in range(4)]
    assert cohen_kappa(a, b, weights=flat, categories=cats) == pytest.approx(
        float(cohen_kappa(a, b))
    )
    with pytest.raises(ValueError, match="categories="):
        cohen_kappa(a, b, weights=linear)
    with pytest.raises(ValueError, match="diagonal"):
        cohen_kappa(a, b, weights=[[1] * 4] * 4, categories=cats)


def test_missing_pairs_are_left_out() -> None:
    assert percent_agreement([1, 2, None, 3], [1, 2, 2, None]) == 1.0
    assert cohen_kappa([1, 2, None], [1, 2, 5]) == 1.0


@pytest.mark.parametrize(
    ("compute", "reason"),
    [
        (lambda: cohen_kappa([1, 1, 1], [1, 1, 1]), "same label"),
        (lambda: krippendorff_alpha([[1, 1, 1], [1, 1, 1]]), "no variation"),
        (lambda: krippendorff_alpha([[1, 2, 3]]), "fewer than two coders"),
        (lambda: krippendorff_alpha([[1, None], [None, 2]]), "two or more coders"),
        (lambda: fleiss_kappa([[1, 2]]), "fewer than two coders"),
        (lambda: gwet_ac1([["y", "y"], ["y", "y"]]), "different labels"),
        (lambda: percent_agreement([None], [1]), "both coders"),
    ],
)
def test_undefined_is_nan_with_a_reason_and_a_warning(compute, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.warns(UndefinedAgreementWarning, match=reason):
        result = compute()
    assert isinstance(result, Agreement)
    assert math.isnan(result) and not result.defined
    assert reason in result.reason
    assert "nan" in repr(result)


def test_agreement_behaves_as_a_float() -> None:
    a, b = _from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]], [1, 2, 3])
    kappa = cohen_kappa(a, b)
    assert f"{kappa:.2f}" == "0.49"
    assert pd.Series([kappa]).dtype == float
    assert kappa.as_dict()["statistic"] == "cohen_kappa"
    import pickle

    again = pickle.loads(pickle.dumps(kappa))
    assert again == kappa and again.statistic == "cohen_kappa"


def test_bad_shapes_are_refused() -> None:
    with pytest.raises(ValueError, match="one label per unit"):
        cohen_kappa([1, 2], [1])
    with pytest.raises(ValueError, match="one entry per unit"):
        krippendorff_alpha([[1, 2], [1]])
    with pytest.raises(ValueError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], level="interval")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert krippendorff_alpha([[1, 2], [1, 2]]) == 1.0


# Hayes & Krippendorff (2007), "Answering the call for a standard reliability measure for
# coding data", Communication Methods and Measures 1(1):77-89, p. 84: 40 news items judged by
# 5 observers on a 0-3 scale, with missing judgements; ordinal alpha = .7598. Units as rows
# (observers 1-5 as columns), as printed; read from DKPro Statistics' test of the example.
HAYES_2007 = [
    (1, 1, 2, None, 2), (1, 1, 0, 1, None), (2, 3, 3, 3, None), (None, 0, 0, None, 0),
    (0, 0, 0, None, 0), (0, 0, 0, None, 0), (1, 0, 2, None, 1), (1, None, 2, 0, None),
    (2, 2, 2, None, 2), (2, 1, 1, 1, None), (None, 1, 0, 0, None), (0, 0, 0, 0, None),
    (1, 2, 2, 2, None), (3, 3, 2, 2, 3), (1, 1, 1, None, 1), (1, 1, 1, None, 1),
    (2, 1, 2, None, 2), (1, 2, 3, 3, None), (1, 1, 0, 1, None), (0, 0, 0, None, 0),
    (0, 0, 1, 1, None), (0, 0, None, 0, 0), (2, 3, 3, 3, None), (0, 0, 0, 0, None),
    (1, 2, None, 2, 2), (0, 1, 1, 1, None), (0, 0, 0, 1, 0), (1, 2, 1, 2, None),
    (1, 1, 2, 2, None), (1, 1, 2, None, 2), (1, 1, 0, None, 0), (2, 1, 2, 1, None),
    (2, 2, None, 2, 2), (3, 2, 2, 2, None), (2, 2, 2, None, 2), (2, 2, 3, None, 2),
    (2, 2, 2, None, 2), (2, 2, None, 1, 2), (2, 2, 2, 2, None), (1, 1, 1, None, 1),
]  # fmt: skip


def test_hayes_krippendorff_2007_ordinal() -> None:
    coders_by_units = [list(column) for column in zip(*HAYES_2007, strict=True)]
    assert round(krippendorff_alpha(coders_by_units, level="ordinal"), 4) == 0.7598
