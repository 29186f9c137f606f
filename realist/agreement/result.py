"""An agreement coefficient that says why when it cannot be computed.

Every statistic in :mod:`realist.agreement` returns an :class:`Agreement`: a ``float`` (so it
rounds, compares, formats and goes into a DataFrame like any number) that also carries its
observed and expected (dis)agreement and, when the coefficient is undefined, the reason.
Undefined cases (one coder, no variation, nothing coded twice) give ``nan`` plus an
:class:`UndefinedAgreementWarning`, never ``0`` and never an exception: a notebook user sees
the warning, and ``result.reason`` says it again later.

Examples
--------
>>> a = Agreement(0.5, statistic="kappa", observed=0.75, expected=0.5)
>>> round(a, 2), a.defined
(0.5, True)
>>> import warnings
>>> with warnings.catch_warnings():
...     warnings.simplefilter("ignore")
...     b = undefined("kappa", "only one coder")
>>> b.defined, b.reason
(False, 'only one coder')
"""

from __future__ import annotations

import math
import warnings
from typing import Any


class UndefinedAgreementWarning(UserWarning):
    """An agreement coefficient was undefined (0 / 0) and is reported as ``nan``."""


class Agreement(float):
    """A coefficient value with its ingredients.

    Attributes
    ----------
    statistic : str
        Which coefficient this is (``"cohen_kappa"``, ``"u_alpha"``, ...).
    observed, expected : float
        The observed and chance-expected agreement (kappa family) or disagreement
        (alpha family) the value was computed from; ``nan`` when not applicable.
    reason : str
        Empty when the value is defined; otherwise why it is ``nan``.
    n : float
        The amount of data behind the value (units, pairable values or characters).
    """

    statistic: str
    observed: float
    expected: float
    reason: str
    n: float

    def __new__(
        cls,
        value: float,
        *,
        statistic: str,
        observed: float = math.nan,
        expected: float = math.nan,
        reason: str = "",
        n: float = 0,
    ) -> Agreement:
        self = super().__new__(cls, value)
        self.statistic = statistic
        self.observed = float(observed)
        self.expected = float(expected)
        self.reason = reason
        self.n = n
        return self

    @property
    def defined(self) -> bool:
        """False when the coefficient is ``nan`` (see :attr:`reason`)."""
        return not math.isnan(self)

    def as_dict(self) -> dict[str, Any]:
        """The value and its ingredients, for tables and JSON."""
        return {
            "statistic": self.statistic,
            "value": None if math.isnan(self) else float(self),
            "observed": None if math.isnan(self.observed) else self.observed,
            "expected": None if math.isnan(self.expected) else self.expected,
            "n": self.n,
            "reason": self.reason,
        }

    def __repr__(self) -> str:
        if math.isnan(self):
            return f"{self.statistic}=nan ({self.reason})"
        return f"{self.statistic}={float(self):.4f}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (float(self), self.statistic, self.observed, self.expected, self.reason, self.n),
        )


def _rebuild(
    value: float, statistic: str, observed: float, expected: float, reason: str, n: float
) -> Agreement:
    return Agreement(
        value, statistic=statistic, observed=observed, expected=expected, reason=reason, n=n
    )


def undefined(statistic: str, reason: str, *, n: float = 0, warn: bool = True) -> Agreement:
    """A ``nan`` result for ``statistic`` that says ``reason`` (and warns, by default)."""
    if warn:
        warnings.warn(
            f"{statistic} is undefined: {reason}", UndefinedAgreementWarning, stacklevel=3
        )
    return Agreement(math.nan, statistic=statistic, reason=reason, n=n)


def ratio(
    statistic: str,
    observed: float,
    expected: float,
    *,
    disagreement: bool,
    n: float,
    no_variation: str,
    warn: bool = True,
) -> Agreement:
    """Build ``1 - Do/De`` (``disagreement=True``) or ``(Po - Pe)/(1 - Pe)``.

    ``no_variation`` is the reason given when the denominator is zero.
    """
    if disagreement:
        if expected <= 0 or math.isclose(expected, 0.0, abs_tol=1e-15):
            return undefined(statistic, no_variation, n=n, warn=warn)
        value = 1.0 - observed / expected
    else:
        if math.isclose(expected, 1.0, abs_tol=1e-15):
            return undefined(statistic, no_variation, n=n, warn=warn)
        value = (observed - expected) / (1.0 - expected)
    return Agreement(value, statistic=statistic, observed=observed, expected=expected, n=n)
