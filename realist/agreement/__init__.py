"""Inter-coder agreement: coefficients over pre-cut units and over coded spans.

Pre-cut units (turns, sentences, documents): :func:`percent_agreement`, :func:`cohen_kappa`
(weighted with ``weights=``), :func:`scott_pi`, :func:`fleiss_kappa`, :func:`gwet_ac1`,
:func:`krippendorff_alpha`. Spans on a continuum (character offsets): :func:`u_alpha`,
:func:`binary_u_alpha`, :func:`cu_alpha`, :func:`u_alpha_by_value` (Krippendorff, Mathet,
Bouvry & Widlöcher 2016), and for comparison with older studies
:func:`alpha_u_2004` (Krippendorff 1995/2004). Every coefficient is an :class:`Agreement`: a float that carries
its ingredients and, when undefined (``nan``), the reason.
"""

from realist.agreement.coded import (
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    percent_agreement,
    scott_pi,
)
from realist.agreement.result import Agreement, UndefinedAgreementWarning
from realist.agreement.unitized import (
    Continuum,
    binary_u_alpha,
    cu_alpha,
    u_alpha,
    u_alpha_by_value,
    unitized_alphas,
)
from realist.agreement.unitized_2004 import alpha_u_2004

__all__ = [
    "Agreement",
    "Continuum",
    "UndefinedAgreementWarning",
    "alpha_u_2004",
    "binary_u_alpha",
    "cohen_kappa",
    "cu_alpha",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "percent_agreement",
    "scott_pi",
    "u_alpha",
    "u_alpha_by_value",
    "unitized_alphas",
]
