"""From codings to a CMOC: evidence roles from code kinds, and a first statement.

Coding context, mechanism and outcome as separate codes does not by itself give
configurations. These helpers turn a chosen set of codings (from any turns and any
documents of a study) into evidence spans with roles, and draft the statement
"If [C], then [O], because [M]" from the codes' names for the analyst to rewrite.

Examples
--------
>>> from realist.model import Code, Coding, CodeKind
>>> codes = {1: Code(1, "c", "families fear removal", CodeKind.CONTEXT),
...          2: Code(2, "o", "children stay home", CodeKind.OUTCOME),
...          3: Code(3, "m", "workers arrive informed", CodeKind.MECHANISM_RESOURCE)}
>>> codings = [Coding(10, 1, 1, 1, 0, 20), Coding(11, 2, 2, 1, 5, 30), Coding(12, 1, 3, 1, 40, 60)]
>>> spans = evidence_from_codings(codings, codes)
>>> [(e.role.value, e.document_id, e.coding_id) for e in spans]
[('C', 1, 10), ('O', 2, 11), ('M-resource', 1, 12)]
>>> draft_statement(spans, codes={c.coding_id: codes[k] for c, k in zip(spans, [1, 2, 3])})
'If families fear removal, then children stay home, because workers arrive informed'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from realist.model import Code, Coding, EvidenceRole, EvidenceSpan

TEMPLATE = "If {C}, then {O}, because {M}"
ICAMO_TEMPLATE = "When {I} is delivered by {A}, if {C}, then {O}, because {M}"


def statement(
    context: str = "",
    outcome: str = "",
    mechanism: str = "",
    *,
    intervention: str = "",
    actor: str = "",
) -> str:
    """The CMOC statement template, with ``[C]``/``[O]``/``[M]`` where a part is not given.

    With an intervention or actor, the ICAMO form is used.

    >>> statement("families fear removal", mechanism="trust")
    'If families fear removal, then [O], because trust'
    >>> statement(intervention="outreach", actor="the practitioner")
    'When outreach is delivered by the practitioner, if [C], then [O], because [M]'
    """
    parts = {
        "C": context.strip() or "[C]",
        "O": outcome.strip() or "[O]",
        "M": mechanism.strip() or "[M]",
        "I": intervention.strip() or "[I]",
        "A": actor.strip() or "[A]",
    }
    template = ICAMO_TEMPLATE if intervention.strip() or actor.strip() else TEMPLATE
    return template.format(**parts)


def evidence_from_codings(
    codings: Iterable[Coding],
    codes: Mapping[int, Code],
    *,
    roles: Mapping[int, EvidenceRole | str] | None = None,
) -> tuple[EvidenceSpan, ...]:
    """Evidence spans for ``codings``, each linked to its coding.

    A span's role comes from ``roles`` (by coding id) when given, else from its code's kind
    (context -> C, mechanism_resource -> M-resource, ...). A theme code has no natural role:
    name one in ``roles``.
    """
    chosen = dict(roles or {})
    spans = []
    for coding in codings:
        code = codes[coding.code_id]
        if coding.id in chosen:
            role = EvidenceRole.parse(chosen[coding.id])
        else:
            found = EvidenceRole.for_kind(code.kind)
            if found is None:
                raise ValueError(
                    f"coding {coding.id} uses code {code.key!r} of kind {code.kind.value}, which "
                    f"plays no CMOC role by itself: pass roles={{{coding.id}: 'C'}} (or M-resource,"
                    " M-response, O, I, A)"
                )
            role = found
        spans.append(
            EvidenceSpan(coding.document_id, coding.start, coding.end, role, coding_id=coding.id)
        )
    return tuple(spans)


def draft_statement(spans: Iterable[EvidenceSpan], codes: Mapping[int, Code]) -> str:
    """A first statement from the names of the codes behind ``spans`` (``codes`` by coding
    id); parts without evidence stay as ``[C]``, ``[O]``, ``[M]``."""
    names: dict[EvidenceRole, list[str]] = {}
    for span in spans:
        code = codes.get(span.coding_id) if span.coding_id is not None else None
        if code is not None and code.name not in names.setdefault(span.role, []):
            names[span.role].append(code.name)

    def joined(*roles: EvidenceRole) -> str:
        return " and ".join(n for r in roles for n in names.get(r, []))

    return statement(
        joined(EvidenceRole.CONTEXT),
        joined(EvidenceRole.OUTCOME),
        joined(EvidenceRole.MECHANISM_RESOURCE, EvidenceRole.MECHANISM_RESPONSE),
        intervention=joined(EvidenceRole.INTERVENTION),
        actor=joined(EvidenceRole.ACTOR),
    )
