"""A first consolidated statement for a group of CMOCs, and checks on accept/merge/split.

When the analyst accepts a suggestion, the new demi-regularity needs a context, mechanism
and outcome to start from. They are drafted from the member CMOCs: the codes behind their
evidence, most used first, or else the parts of their "If C, then O, because M" statements.
The analyst edits them afterwards; nothing here is final wording.

Examples
--------
>>> parse_statement("If workers are consistent, then parents engage, because they feel safe.")
{'context': 'workers are consistent', 'outcome': 'parents engage', 'mechanism': 'they feel safe'}
>>> parse_statement("Caseloads matter") is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from realist.errors import ValidationError
from realist.model import CMOC, DemiRegularity, EvidenceRole, Level
from realist.synthesis.data import SynthesisData

_STATEMENT = re.compile(
    r"^\s*if\s+(?P<context>.+?),?\s+then\s+(?P<outcome>.+?),?\s+because\s+(?P<mechanism>.+?)\.?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_TEMPLATE = "[C]"  # the placeholder the project writes when a CMOC has no statement


def parse_statement(statement: str) -> dict[str, str] | None:
    """Split "If C, then O, because M" into its parts (None when it has another form)."""
    found = _STATEMENT.match(statement or "")
    if not found or _TEMPLATE in statement:
        return None
    return {k: v.strip() for k, v in found.groupdict().items()}


def _most_common(values: Sequence[str], top: int) -> str:
    counted = Counter(v for v in values if v)
    order = {v: i for i, v in reversed(list(enumerate(values)))}
    ranked = sorted(counted, key=lambda v: (-counted[v], order[v]))
    return "; ".join(ranked[:top])


_FIELDS = {
    "context": EvidenceRole.CONTEXT,
    "mechanism_resource": EvidenceRole.MECHANISM_RESOURCE,
    "mechanism_response": EvidenceRole.MECHANISM_RESPONSE,
    "outcome": EvidenceRole.OUTCOME,
    "intervention": EvidenceRole.INTERVENTION,
    "actor": EvidenceRole.ACTOR,
}


def draft_statements(cmocs: Sequence[CMOC], data: SynthesisData, *, top: int = 2) -> dict[str, str]:
    """Context, mechanism, outcome (and intervention, actor) drafted from ``cmocs``.

    Each part lists the ``top`` codes most used by the members' evidence for that part;
    where no evidence of a part came from a coding, the most common parsed statement part
    is used (mechanisms from statements go to ``mechanism_response``).
    """
    members = sorted(cmocs, key=lambda c: c.id)
    drafted: dict[str, str] = {}
    for name, role in _FIELDS.items():
        names = [
            code.name
            for c in members
            for e in c.evidence_for(role)
            if (code := data.evidence_code(e)) is not None
        ]
        drafted[name] = _most_common(names, top)
    parsed = [p for c in members if (p := parse_statement(c.statement))]
    fallback = {"context": "context", "mechanism_response": "mechanism", "outcome": "outcome"}
    for name, part in fallback.items():
        if not drafted[name] and parsed:
            drafted[name] = _most_common([p[part] for p in parsed], 1)
    statements = [c.statement for c in members if parse_statement(c.statement)]
    drafted["statement"] = statements[0] if len(statements) == 1 else ""
    return drafted


def majority_level(cmocs: Sequence[CMOC]) -> Level | None:
    """The level most members share (ties: family before organisation before system)."""
    counted = Counter(c.level for c in cmocs if c.level is not None)
    if not counted:
        return None
    order = list(Level)
    return min(counted, key=lambda v: (-counted[v], order.index(v)))


def check_unassigned(
    cmoc_ids: Sequence[int], existing: Sequence[DemiRegularity], *, allow_shared: bool
) -> None:
    """Refuse CMOCs that already belong to a demi-regularity, unless sharing is allowed."""
    if allow_shared:
        return
    taken = {i: dr for dr in existing for i in dr.cmoc_ids}
    clash = sorted(i for i in cmoc_ids if i in taken)
    if clash:
        where = ", ".join(f"CMOC {i} in {taken[i].label!r} (#{taken[i].id})" for i in clash[:5])
        raise ValidationError(
            f"already grouped: {where}; pass allow_shared=True to let a CMOC support two "
            "demi-regularities, or merge them instead"
        )


def check_split(
    demi_regularity: DemiRegularity, groups: Sequence[Sequence[int]] | Mapping[str, Sequence[int]]
) -> list[tuple[str | None, tuple[int, ...]]]:
    """Validate a split: every member in exactly one group, no outsiders, two groups or more.

    >>> dr = DemiRegularity(id=1, label="Trust", cmoc_ids=(1, 2, 3))
    >>> check_split(dr, {"Trust early": [1, 2], "Trust late": [3]})
    [('Trust early', (1, 2)), ('Trust late', (3,))]
    >>> check_split(dr, [[1], [2]])
    Traceback (most recent call last):
    ...
    realist.errors.ValidationError: CMOC(s) [3] of 'Trust' are in no group: every member must go to exactly one group [R006]
    """
    named: list[tuple[str | None, tuple[int, ...]]] = (
        [(str(k), tuple(v)) for k, v in groups.items()]
        if isinstance(groups, Mapping)
        else [(None, tuple(v)) for v in groups]
    )
    if len(named) < 2 or any(not ids for _, ids in named):
        raise ValidationError("a split needs at least two groups, none of them empty")
    seen: Counter[int] = Counter(i for _, ids in named for i in ids)
    members = set(demi_regularity.cmoc_ids)
    twice = sorted(i for i, n in seen.items() if n > 1)
    outside = sorted(set(seen) - members)
    missing = sorted(members - set(seen))
    label = demi_regularity.label
    if twice:
        raise ValidationError(f"CMOC(s) {twice} are in more than one group: put each in one")
    if outside:
        raise ValidationError(
            f"CMOC(s) {outside} are not members of {label!r}: a split only divides its members"
        )
    if missing:
        raise ValidationError(
            f"CMOC(s) {missing} of {label!r} are in no group: every member must go to "
            "exactly one group"
        )
    return named
