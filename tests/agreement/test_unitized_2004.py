"""The 1995/2004 unitizing alpha against Krippendorff's own worked example.

Krippendorff, *Content Analysis* (2nd ed., 2004), p. 254: two observers, a continuum from
150 to 450, categories c and k. Published: for c, D_o = .0144, D_e = .0532, alpha = .7286;
for k, D_o = 0 and alpha = 1 (D_e = .0490). The units (begin, length) were read from DKPro
Statistics' test of the same example (Krippendorff2004Test.java), which cites the page.
"""

from __future__ import annotations

import pytest

from realist.agreement import alpha_u_2004, binary_u_alpha

BEGIN = 150
UNITS = [  # (begin, length, observer, category)
    (225, 70, 0, "c"),
    (370, 30, 0, "c"),
    (220, 80, 1, "c"),
    (355, 20, 1, "c"),
    (400, 20, 1, "c"),
    (180, 60, 0, "k"),
    (300, 50, 0, "k"),
    (180, 60, 1, "k"),
    (300, 50, 1, "k"),
]
SPANS = [(observer, b - BEGIN, b - BEGIN + n, cat) for b, n, observer, cat in UNITS]


def test_krippendorff_2004_page_254_category_c() -> None:
    alpha = alpha_u_2004(SPANS, length=300, value="c")
    assert round(alpha, 4) == 0.7286
    assert round(alpha.observed, 4) == 0.0144
    assert round(alpha.expected, 4) == 0.0532


def test_krippendorff_2004_page_254_category_k() -> None:
    alpha = alpha_u_2004(SPANS, length=300, value="k")
    assert alpha == pytest.approx(1.0)
    assert alpha.observed == 0.0
    assert round(alpha.expected, 4) == 0.0490


def test_the_2016_definition_gives_a_different_number_on_the_same_data() -> None:
    only_c = [s for s in SPANS if s[3] == "c"]
    newer = binary_u_alpha(only_c, length=300)
    assert abs(newer - alpha_u_2004(SPANS, length=300, value="c")) > 0.01
