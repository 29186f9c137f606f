"""Project methods for agreement: see the capability package for the work itself."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from realist.agreement import pairs, turns, unitized
from realist.agreement.result import UndefinedAgreementWarning
from realist.errors import PermissionDenied, ValidationError
from realist.model import Code, Coder
from realist.project.core import CoreMixin
from realist.store import Connection
from realist.store import agreement as agreement_store

Refs = str | int | Sequence[str | int] | None


@dataclass(frozen=True)
class _Inputs:
    coders: list[Coder]
    documents: list[tuple[int, str, int]]
    codes: list[Code]
    spans: pd.DataFrame  # document (id), coder (name), start, end, value (code id)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.coders]

    @property
    def lengths(self) -> dict[int, int]:
        return {doc_id: length for doc_id, _, length in self.documents}


def _refs(value: Refs) -> list[str | int] | None:
    if value is None:
        return None
    if isinstance(value, str | int):
        return [value]
    return list(value)


def _parse_key(item: Any) -> tuple[int, int, int, int]:
    """``(document_id, code_id, start, end)`` from a key string or a disagreements row."""
    if isinstance(item, pd.Series | Mapping):
        item = item["key"]
    text = str(item)
    try:
        document, code, span = text.split(":")
        start, end = span.split("-")
        return int(document), int(code), int(start), int(end)
    except ValueError:
        raise ValidationError(
            f"{text!r} is not a disagreement key: use the 'key' column of disagreements() "
            "(document:code:start-end)"
        ) from None


def example_project(path: str) -> Any:
    """A tiny two-coder project at ``path`` (a new file) for the examples below.

    One focus-group excerpt; ``ann`` and ``ben`` coded it with ``persist`` and ``heard``;
    opened as its owner ``lee``.
    """
    import realist
    from realist.model import DocumentDraft, TurnDraft

    text = "P1: They kept coming back every week.\nP2: For once we felt heard."

    def at(phrase: str) -> tuple[int, int]:
        return text.index(phrase), text.index(phrase) + len(phrase)

    p = realist.init_project(path, name="Example", owner="lee")
    turns = (TurnDraft("P1", 0, text.index("\n")), TurnDraft("P2", text.index("\n") + 1, len(text)))
    p.add_document(DocumentDraft("fg1", text, "example", turns=turns))
    p.add_code("persist", "Persistent engagement")
    p.add_code("heard", "Feeling heard")
    for name in ("ann", "ben"):
        p.add_coder(name, "coder")
    p.with_coder("ann").add_coding("fg1", *at("They kept coming back every week."), "persist")
    p.with_coder("ben").add_coding("fg1", *at("They kept coming back"), "persist")
    p.with_coder("ann").add_coding("fg1", *at("we felt heard."), "heard")
    p.with_coder("ben").add_coding("fg1", *at("For once we felt heard."), "heard")
    return p


class AgreementMixin(CoreMixin):
    """Agreement methods of :class:`realist.Project`.

    Examples
    --------
    >>> import os, tempfile
    >>> p = example_project(os.path.join(tempfile.mkdtemp(), "x.realist"))
    >>> p.disagreements(["ann", "ben"])[["text", "applied_by"]]
                      text applied_by
    0   every week.               ann
    1            For once         ben
    """

    # ----- inputs --------------------------------------------------------------------
    def _agreement_inputs(
        self, conn: Connection, coders: Refs, documents: Refs, codes: Refs
    ) -> _Inputs:
        if isinstance(coders, str) and "," in coders:  # "ann,ben", as on the command line
            coders = [part.strip() for part in coders.split(",") if part.strip()]
        coder_refs = _refs(coders)
        if not coder_refs:
            raise ValidationError("name the coders to compare, e.g. coders=['ann', 'ben']")
        found = [self._coder_in(conn, r) for r in coder_refs]
        chosen = list({c.id: c for c in found}.values())
        visible = self._visible_coder_ids(conn)
        if visible is not None and any(c.id not in visible for c in chosen):
            raise PermissionDenied(
                "coding is blind and comparison is closed: a lead can open it with "
                "set_setting('comparison_open', True)"
            )
        doc_refs = _refs(documents)
        doc_ids = None if doc_refs is None else [self._document_in(conn, r).id for r in doc_refs]
        docs = agreement_store.document_table(conn, doc_ids)
        code_refs = _refs(codes)
        code_list = None if code_refs is None else [self._code_in(conn, r) for r in code_refs]
        rows = agreement_store.span_table(
            conn,
            [c.id for c in chosen],
            [d[0] for d in docs],
            None if code_list is None else [c.id for c in code_list],
        )
        names = {c.id: c.name for c in chosen}
        spans = pd.DataFrame(rows, columns=["document", "coder", "start", "end", "value"])
        spans["coder"] = spans["coder"].map(names)
        if code_list is None:
            used = set(spans["value"])
            from realist.store import codes as code_store

            code_list = [c for c in code_store.list_codes(conn) if c.id in used]
        return _Inputs(chosen, docs, code_list, spans)

    # ----- agreement -----------------------------------------------------------------
    def agreement(
        self,
        coders: Refs,
        documents: Refs = None,
        codes: Refs = None,
        unit: Literal["character", "turn"] = "character",
    ) -> pd.DataFrame:
        """How far ``coders`` agree, per code and over all codes, as a DataFrame.

        ``unit="character"``: the unitized alphas of Krippendorff, Mathet, Bouvry &
        Widlöcher (2016) over the coded characters. Per code, ``binary_u_alpha`` (coded vs
        not coded); on the ``(all codes)`` row also ``u_alpha`` (where and which code) and
        ``cu_alpha`` (which code, where coders overlap), with ``coded_by`` (characters each
        coder coded with the code: a coder who never used it explains a low alpha).
        ``unit="turn"``: per code, whether
        each speaker turn carries the code (a coding overlapping the turn counts), with
        percent agreement, Cohen's kappa (two coders) or Fleiss' kappa (more), Gwet's AC1
        and Krippendorff's alpha. A ``nan`` comes with its ``reason``.

        Examples
        --------
        >>> import realist, tempfile, os
        >>> from realist.model import DocumentDraft, TurnDraft
        >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "a.realist"), name="A", owner="lee")
        >>> text = "We felt heard. The worker came back every week."
        >>> doc = p.add_document(DocumentDraft("fg1", text, "x", turns=(TurnDraft("P1", 0, 14), TurnDraft("P2", 15, 47))))
        >>> _ = p.add_code("trust", "Trust"), p.add_code("cont", "Continuity")
        >>> for name in ("ann", "ben"):
        ...     _ = p.add_coder(name, "coder")
        >>> _ = p.with_coder("ann").add_coding("fg1", 0, 14, "trust")
        >>> _ = p.with_coder("ben").add_coding("fg1", 0, 13, "trust")
        >>> _ = p.with_coder("ann").add_coding("fg1", 15, 47, "cont")
        >>> p.agreement(["ann", "ben"])[["code", "binary_u_alpha"]].round(2)
                  code  binary_u_alpha
        0        trust            0.95
        1         cont           -0.33
        2  (all codes)           -0.26
        """
        with self._read() as conn:
            inputs = self._agreement_inputs(conn, coders, documents, codes)
            if unit == "turn":
                turn_rows = agreement_store.turn_table(conn, [d[0] for d in inputs.documents])
        if unit == "character":
            table = self._character_agreement(inputs)
        elif unit == "turn":
            frame = pd.DataFrame(turn_rows, columns=["document", "start", "end"])
            table = turns.turn_agreement(
                inputs.spans, frame, inputs.names, [c.id for c in inputs.codes]
            )
            table = self._label_codes(table, inputs)
        else:
            raise ValidationError(f"unit must be 'character' or 'turn', not {unit!r}")
        table.attrs.update(
            coders=inputs.names, documents=[d[1] for d in inputs.documents], unit=unit
        )
        return table

    def agreement_pairs(
        self, coders: Refs, documents: Refs = None, codes: Refs = None
    ) -> pd.DataFrame:
        """The unitized alphas for every pair of ``coders``: who codes like whom.

        One row per pair: ``coder_a``, ``coder_b``, ``u_alpha``, ``binary_u_alpha``,
        ``cu_alpha`` and ``mean_code_alpha`` (the mean per-code ``|u alpha``).

        Examples
        --------
        >>> import os, tempfile
        >>> p = example_project(os.path.join(tempfile.mkdtemp(), "x.realist"))
        >>> p.agreement_pairs(["ann", "ben"])[["coder_a", "coder_b", "codes"]]
          coder_a coder_b  codes
        0     ann     ben      2
        """
        with self._read() as conn:
            inputs = self._agreement_inputs(conn, coders, documents, codes)
        spans = inputs.spans[inputs.spans["value"].isin([c.id for c in inputs.codes])]
        table = pairs.pairwise_unitized(spans, inputs.lengths, inputs.names)
        table.attrs.update(coders=inputs.names, documents=[d[1] for d in inputs.documents])
        return table

    def agreement_by_document(
        self, coders: Refs, documents: Refs = None, codes: Refs = None
    ) -> pd.DataFrame:
        """The unitized alphas over all codes, one row per document: which transcript
        needs a second look.

        Columns: ``document``, ``u_alpha``, ``binary_u_alpha``, ``cu_alpha``, ``codings``,
        ``coded_characters`` and ``reason`` (why a value is ``nan``).

        Examples
        --------
        >>> import os, tempfile
        >>> p = example_project(os.path.join(tempfile.mkdtemp(), "x.realist"))
        >>> p.agreement_by_document(["ann", "ben"])[["document", "codings"]]
          document  codings
        0      fg1        4
        """
        with self._read() as conn:
            inputs = self._agreement_inputs(conn, coders, documents, codes)
        spans = inputs.spans[inputs.spans["value"].isin([c.id for c in inputs.codes])]
        rows = []
        for doc_id, name, length in inputs.documents:
            part = spans[spans["document"] == doc_id]
            results = unitized.unitized_alphas(
                unitized.Continuum.from_spans(part, {doc_id: length}, inputs.names), warn=False
            )
            reasons = [f"{r.statistic}: {r.reason}" for r in results.values() if not r.defined]
            rows.append(
                {
                    "document": name,
                    **{key: float(value) for key, value in results.items()},
                    "codings": len(part),
                    "coded_characters": int((part["end"] - part["start"]).sum()),
                    "reason": "; ".join(reasons),
                }
            )
        columns = ["document", "u_alpha", "binary_u_alpha", "cu_alpha", "codings",
                   "coded_characters", "reason"]  # fmt: skip
        table = pd.DataFrame(rows, columns=columns)
        table.attrs.update(coders=inputs.names)
        return table

    def _label_codes(self, table: pd.DataFrame, inputs: _Inputs) -> pd.DataFrame:
        by_id = {c.id: c for c in inputs.codes}
        table = table.copy()
        table.insert(0, "code", [by_id[v].key if v in by_id else v for v in table["value"]])
        table.insert(1, "name", [by_id[v].name if v in by_id else "" for v in table["value"]])
        table.insert(0, "code_id", [v if v in by_id else None for v in table["value"]])
        return table.drop(columns=["value"])

    def _character_agreement(self, inputs: _Inputs) -> pd.DataFrame:
        spans, lengths, names = inputs.spans, inputs.lengths, inputs.names
        code_ids = [c.id for c in inputs.codes]
        columns = [
            "value",
            "binary_u_alpha",
            "u_alpha",
            "cu_alpha",
            "codings",
            "coded_characters",
            "coded_by",
            "reason",
        ]
        if not lengths or sum(lengths.values()) == 0:
            empty = [{"value": v, "reason": "no documents"} for v in [*code_ids, turns.ALL]]
            return self._label_codes(pd.DataFrame(empty, columns=columns), inputs)
        spans = spans[spans["value"].isin(code_ids)]
        continuum = unitized.Continuum.from_spans(spans, lengths, names)
        per_code = unitized.u_alpha_by_value(continuum).set_index("value")
        counts = spans.groupby("value").size()
        lengths_by = (spans["end"] - spans["start"]).groupby([spans["value"], spans["coder"]]).sum()

        def coded_by(code_id: int) -> str:
            return ", ".join(f"{n} {int(lengths_by.get((code_id, n), 0))}" for n in names)

        rows: list[dict[str, Any]] = []
        coded_total = 0
        for code_id in code_ids:
            if code_id in per_code.index:
                coded = int(per_code["coded"].get(code_id, 0))
                coded_total += coded
                rows.append(
                    {
                        "value": code_id,
                        "binary_u_alpha": per_code.at[code_id, "binary_u_alpha"],
                        "codings": int(counts.get(code_id, 0)),
                        "coded_characters": coded,
                        "coded_by": coded_by(code_id),
                        "reason": per_code.at[code_id, "reason"],
                    }
                )
            else:
                rows.append(
                    {
                        "value": code_id,
                        "codings": 0,
                        "coded_characters": 0,
                        "reason": "none of these coders applied this code",
                    }
                )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UndefinedAgreementWarning)
            overall = unitized.unitized_alphas(continuum)
            results = [overall["binary_u_alpha"], overall["u_alpha"], overall["cu_alpha"]]
        reasons = "; ".join(
            dict.fromkeys(f"{r.statistic}: {r.reason}" for r in results if not r.defined)
        )
        rows.append(
            {
                "value": turns.ALL,
                "binary_u_alpha": float(results[0]),
                "u_alpha": float(results[1]),
                "cu_alpha": float(results[2]),
                "codings": len(spans),
                "coded_characters": coded_total,
                "reason": reasons,
            }
        )
        table = pd.DataFrame(rows, columns=columns)
        return self._label_codes(table, inputs)
