"""Disagreements between coders, and the consensus a lead settles them into."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd

from realist.agreement import compare
from realist.errors import ValidationError
from realist.model import Coder, Coding, Role
from realist.project.agreement import AgreementMixin, Refs, _parse_key, example_project
from realist.store import agreement as agreement_store
from realist.store import codings as coding_store
from realist.store import tx

__all__ = ["CONSENSUS", "ConsensusMixin", "Decision", "example_project"]

CONSENSUS = "consensus"
Decision = Literal["accept", "reject", "edit"]


class ConsensusMixin(AgreementMixin):
    """Disagreements between coders, and the consensus a lead settles them into."""

    def disagreements(
        self,
        coders: Refs,
        documents: Refs = None,
        codes: Refs = None,
        *,
        include_resolved: bool = False,
    ) -> pd.DataFrame:
        """Where ``coders`` differ: stretches some but not all of them coded with a code.

        One row per stretch and code, largest first: ``key`` (pass it to
        :meth:`resolve_disagreement`), ``document``, ``code``, ``start``, ``end``, ``length``,
        ``text``, ``applied_by``, ``not_applied_by``, ``instead`` (what the others coded
        there: ``"ben: caseload"``) and, once settled, ``decision`` and ``decided_by``.
        Settled stretches are left out unless ``include_resolved=True``.

        Examples
        --------
        >>> import os, tempfile
        >>> p = example_project(os.path.join(tempfile.mkdtemp(), "x.realist"))
        >>> p.disagreements(["ann", "ben"])[["key", "code", "length", "not_applied_by"]]
                 key     code  length not_applied_by
        0  1:1:25-37  persist      12            ben
        1  1:2:42-51    heard       9            ann
        """
        with self._read() as conn:
            inputs = self._agreement_inputs(conn, coders, documents, codes)
            keys = {c.id: c.key for c in inputs.codes}
            found = compare.disagreements(
                inputs.spans, inputs.names, label=lambda v: keys.get(v, str(v))
            )
            texts = agreement_store.document_texts(conn, sorted(set(found["document"])))
            decisions = agreement_store.consensus_decisions(conn)
        latest = {d.get("key"): d for d in decisions}
        names = {doc_id: name for doc_id, name, _ in inputs.documents}
        codes_by_id = {c.id: c.key for c in inputs.codes}
        out = pd.DataFrame(
            {
                "key": found["key"],
                "document": found["document"].map(names),
                "code": found["value"].map(codes_by_id),
                "start": found["start"],
                "end": found["end"],
                "length": found["length"],
                "text": [
                    texts[d][s:e]
                    for d, s, e in zip(found["document"], found["start"], found["end"], strict=True)
                ],
                "applied_by": found["applied_by"],
                "not_applied_by": found["not_applied_by"],
                "instead": found["instead"],
                "decision": [latest.get(k, {}).get("decision", "") for k in found["key"]],
                "decided_by": [latest.get(k, {}).get("decided_by", "") for k in found["key"]],
            }
        )
        if not include_resolved:
            out = out[out["decision"] == ""].reset_index(drop=True)
        out.attrs.update(coders=inputs.names)
        return out

    def _consensus_coder_in(self, w: tx.Writer) -> Coder:
        return self._ensure_coder_in(w, CONSENSUS, Role.CODER)

    def seed_consensus(self, coders: Refs, documents: Refs = None, codes: Refs = None) -> int:
        """Copy what ``coders`` all agree on to the ``consensus`` coder; returns how many.

        Only stretches every one of them coded with the same code, and only where the
        consensus coder does not have that code yet, so running it twice adds nothing.
        Owners and leads only. Originals are never changed.

        Examples
        --------
        >>> import os, tempfile
        >>> p = example_project(os.path.join(tempfile.mkdtemp(), "x.realist"))
        >>> p.seed_consensus(["ann", "ben"]), p.seed_consensus(["ann", "ben"])
        (2, 0)
        """
        with self._write("consensus.seed", "coding", role=Role.LEAD) as w:
            consensus = self._consensus_coder_in(w)
            inputs = self._agreement_inputs(w.conn, coders, documents, codes)
            if len(inputs.coders) < 2:
                raise ValidationError("seeding a consensus needs at least two coders to agree")
            agreed = compare.agreed_runs(inputs.spans, inputs.names)
            existing = agreement_store.span_table(
                w.conn, [consensus.id], [d[0] for d in inputs.documents]
            )
            have = pd.DataFrame(existing, columns=["document", "coder", "start", "end", "value"])
            merged = pd.concat(
                [agreed.assign(coder="agreed"), have.assign(coder=CONSENSUS)], ignore_index=True
            )
            runs = compare.coverage_runs(merged, ["agreed", CONSENSUS])
            todo = runs[runs["mask"] == 1]
            rows = [
                {
                    "document_id": int(d),
                    "code_id": int(v),
                    "start": int(s),
                    "end": int(e),
                    "coder_id": consensus.id,
                }
                for d, v, s, e in zip(
                    todo["document"], todo["value"], todo["start"], todo["end"], strict=True
                )
            ]
            count = self._add_codings_in(w, rows) if rows else 0
            w.detail.update(coders=inputs.names, count=count)
            return count

    def resolve_disagreement(
        self,
        item: Any,
        decision: Decision = "accept",
        start: int | None = None,
        end: int | None = None,
        *,
        note: str | None = None,
    ) -> Coding | None:
        """Settle one disagreement as the ``consensus`` coder (owners and leads only).

        ``item`` is a row of :meth:`disagreements` or its ``key``. ``"accept"`` codes the
        stretch with the code as consensus; ``"reject"`` records that it stays uncoded;
        ``"edit"`` codes ``[start, end)`` instead (e.g. the whole sentence). A consensus
        coding of the same code that touches or overlaps the new one is joined with it (the
        old piece is removed, restorably). Every original coding of the compared coders stays
        as it was; the decision goes into the log with who made it. Returns the consensus
        coding, or None for ``"reject"``.

        Examples
        --------
        >>> import os, tempfile
        >>> p = example_project(os.path.join(tempfile.mkdtemp(), "x.realist"))
        >>> _ = p.seed_consensus(["ann", "ben"])
        >>> todo = p.disagreements(["ann", "ben"])
        >>> made = p.resolve_disagreement(todo.iloc[0], "accept", note="the whole clause")
        >>> p.document("fg1").excerpt(made.start, made.end)
        'They kept coming back every week.'
        >>> p.resolve_disagreement(todo.iloc[1], "reject") is None
        True
        >>> p.consensus_decisions()["decision"].tolist()
        ['accept', 'reject']
        """
        if decision not in ("accept", "reject", "edit"):
            raise ValidationError(f"decision must be accept, reject or edit, not {decision!r}")
        document_id, code_id, s, e = _parse_key(item)
        key = compare.item_key(document_id, code_id, s, e)
        if decision == "edit":
            if start is None or end is None:
                raise ValidationError("an edit needs the new start and end of the coding")
            s, e = start, end
        with self._write(f"consensus.{decision}", "coding", role=Role.LEAD) as w:
            doc = self._document_in(w.conn, document_id)
            code = self._code_in(w.conn, code_id)
            for previous in agreement_store.consensus_decisions(w.conn):
                if previous.get("key") == key:
                    raise ValidationError(
                        f"{key} was settled already ({previous['decision']} by "
                        f"{previous['decided_by']}): change the consensus coder's codings instead"
                    )
            consensus = self._consensus_coder_in(w)
            w.detail.update(
                key=key, document_id=doc.id, code=code.key, start=s, end=e, note=note or ""
            )
            if decision == "reject":
                return None
            # join with the consensus coder's touching codings of the same code, so that an
            # accepted stretch and the agreed part beside it become one coding
            existing = coding_store.list_codings(
                w.conn, document_id=doc.id, coder_ids=[consensus.id], code_ids=[code.id]
            )
            joined = [c for c in existing if c.start <= e and c.end >= s]
            for old in joined:
                coding_store.set_deleted(w.conn, old.id, w.at, w.coder_id)
            s = min([s, *(c.start for c in joined)])
            e = max([e, *(c.end for c in joined)])
            memo = "; ".join(m for m in [*(c.memo for c in joined), note] if m) or None
            self._add_codings_in(
                w,
                [
                    {
                        "document_id": doc.id,
                        "code_id": code.id,
                        "start": s,
                        "end": e,
                        "coder_id": consensus.id,
                        "memo": memo,
                    }
                ],
            )
            made = coding_store.list_codings(
                w.conn, document_id=doc.id, coder_ids=[consensus.id], code_ids=[code.id]
            )
            coding = max((c for c in made if c.start == s and c.end == e), key=lambda c: c.id)
            w.detail.update(coded_start=s, coded_end=e, joined=[c.id for c in joined])
            w.entity_id = coding.id
            return coding

    def consensus_decisions(self) -> pd.DataFrame:
        """Every consensus decision so far: key, decision, span, note, who and when."""
        with self._read() as conn:
            rows = agreement_store.consensus_decisions(conn)
        columns = [
            "key",
            "decision",
            "document_id",
            "code",
            "start",
            "end",
            "note",
            "decided_by",
            "decided_at",
        ]
        return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=columns)
