"""Project methods for synthesis and reporting: see :mod:`realist.synthesis` and
:mod:`realist.report` for the work itself.

Suggestions are read-only. Demi-regularities change only when the analyst calls
:meth:`~SynthesisMixin.accept_suggestion`, :meth:`~SynthesisMixin.merge_demi_regularities`
or :meth:`~SynthesisMixin.split_demi_regularity`; each is one transaction with one event.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from realist.errors import NotFound, RealistError, ValidationError
from realist.model import CMOC, DemiRegularity, Level
from realist.project.core import CoreMixin
from realist.report import export_table as _export_table
from realist.report.methods import Agreement, MethodsSummary, double_coded, methods_summary
from realist.report.table import demi_regularity_table as _table
from realist.store import cmocs as cmoc_store
from realist.synthesis import network
from realist.synthesis.consolidate import (
    check_split,
    check_unassigned,
    draft_statements,
    majority_level,
)
from realist.synthesis.data import SynthesisData
from realist.synthesis.evidence import Evidence, check_min_documents, evidence_for, evidence_frame
from realist.synthesis.suggest import CMOCGrouper, Suggestion

#: The pseudo-coder that holds settled codings; not counted among the study's coders.
CONSENSUS_CODER = "consensus"


class SynthesisMixin(CoreMixin):
    """Synthesis and reporting methods of :class:`realist.Project`.

    Examples
    --------
    >>> import os, tempfile, realist
    >>> from realist.model import DocumentDraft, TurnDraft, EvidenceSpan
    >>> p = realist.init_project(os.path.join(tempfile.mkdtemp(), "s.realist"), owner="ana")
    >>> text = "P1: The worker kept coming back, so we trusted her."
    >>> doc = p.add_document(DocumentDraft("FG1", text, "x", turns=(TurnDraft("P1", 0, len(text)),)))
    >>> c = p.add_cmoc("Trust", "If workers persist, then parents engage, because they trust",
    ...     [EvidenceSpan(doc.id, 4, 31, "C"), EvidenceSpan(doc.id, 36, 51, "O")], level="family")
    >>> d = p.add_cmoc("Trust again", "If workers persist, then parents trust them, because ...",
    ...     [EvidenceSpan(doc.id, 4, 31, "M-resource"), EvidenceSpan(doc.id, 36, 51, "O")])
    >>> [s.cmoc_ids for s in p.suggest_demi_regularities()]
    [(1, 2)]
    >>> p.demi_regularities()   # suggestions change nothing
    []
    >>> dr = p.accept_suggestion(p.suggest_demi_regularities()[0], "Persistence builds trust")
    >>> dr.label, dr.cmoc_ids, dr.level.value
    ('Persistence builds trust', (1, 2), 'family')
    >>> p.evidence(dr.id).status.value
    'candidate'
    """

    # ----- reading ---------------------------------------------------------------------
    def synthesis_data(self, *, codings: bool = True) -> SynthesisData:
        """Documents, turns, participants, CMOCs, demi-regularities, codes and codings,
        indexed for the synthesis and report functions. ``codings=False`` skips codes and
        codings (evidence counts, quotes and suggestions do not need them)."""
        return SynthesisData.build(
            documents=self.documents(),
            turns=self.turns(),
            participants=self.participants(),
            cmocs=self.cmocs(),
            demi_regularities=self.demi_regularities(),
            codes=self.codes() if codings else (),
            codings=self.codings() if codings else (),
        )

    def _min_documents(self) -> int:
        return check_min_documents(self.settings().get("evidence_min_documents", 2))

    def evidence(self, demi_regularity_id: int) -> Evidence:
        """The counted evidence of one demi-regularity, with its candidate/supported status."""
        data = self.synthesis_data(codings=False)
        found = [d for d in data.demi_regularities if d.id == demi_regularity_id]
        if not found:
            raise NotFound(f"no demi-regularity {demi_regularity_id}")
        return evidence_for(found[0], data, min_documents=self._min_documents())

    def demi_regularity_evidence(self) -> pd.DataFrame:
        """One row per demi-regularity: CMOCs, excerpts, documents, participants, sites, role
        mix and ``evidence_status`` under the project's rule (``evidence_min_documents``)."""
        return evidence_frame(
            self.synthesis_data(codings=False), min_documents=self._min_documents()
        )

    # ----- suggestions -------------------------------------------------------------------
    def suggest_demi_regularities(
        self,
        distance_threshold: float = 0.75,
        *,
        include_assigned: bool = False,
        use_evidence: bool = True,
        min_size: int = 2,
        **params: Any,
    ) -> list[Suggestion]:
        """Propose groups of similar CMOCs; nothing is stored.

        CMOCs already in a demi-regularity are left out unless ``include_assigned``; with
        ``use_evidence`` the words of each CMOC's evidence count alongside its label and
        statement. Other ``params`` go to :class:`~realist.synthesis.CMOCGrouper`.
        """
        data = self.synthesis_data(codings=False)
        assigned = {i for dr in data.demi_regularities for i in dr.cmoc_ids}
        cmocs = [c for c in data.cmocs.values() if include_assigned or c.id not in assigned]
        if not cmocs:
            return []
        texts = (
            {c.id: " ".join(data.excerpt(e) for e in c.evidence) for c in cmocs}
            if use_evidence
            else None
        )
        grouper = CMOCGrouper(distance_threshold, **params).fit(cmocs, texts)
        return grouper.suggestions(min_size=min_size)

    def accept_suggestion(
        self,
        suggestion: Suggestion | Sequence[int],
        label: str | None = None,
        *,
        allow_shared: bool = False,
        **fields: Any,
    ) -> DemiRegularity:
        """Store a suggestion (or any list of CMOC ids) as a new demi-regularity.

        Context, mechanism and outcome are drafted from the members (their evidence codes,
        else their statements) and the level is the members' majority level; any of them,
        and ``status``, can be given in ``fields`` instead. CMOCs already in another
        demi-regularity are refused unless ``allow_shared``.
        """
        ids = tuple(suggestion.cmoc_ids if isinstance(suggestion, Suggestion) else suggestion)
        if not ids:
            raise ValidationError("a demi-regularity needs at least one CMOC")
        proposed = suggestion.proposed_label if isinstance(suggestion, Suggestion) else ""
        name = (label or proposed).strip()
        if not name:
            raise ValidationError("give the new demi-regularity a label")
        members, draft = self._draft(ids)
        values: dict[str, Any] = {**draft, "level": majority_level(members), **fields}
        with self._write("demi_regularity.accept", "demi_regularity") as w:
            existing = cmoc_store.list_demi_regularities(w.conn)
            check_unassigned(ids, existing, allow_shared=allow_shared)
            checked = self._dr_values(w, {"label": name, **values, "cmoc_ids": ids})
            dr_id = cmoc_store.insert_demi_regularity(
                w.conn, {**checked, "coder_id": w.coder_id}, ids
            )
            w.entity_id = dr_id
            w.detail.update(label=name, cmocs=list(ids))
            return cmoc_store.list_demi_regularities(w.conn, [dr_id])[0]

    def _draft(self, ids: Sequence[int]) -> tuple[list[CMOC], dict[str, str]]:
        data = self.synthesis_data()
        missing = sorted(set(ids) - set(data.cmocs))
        if missing:
            raise NotFound(f"no CMOC(s) {missing}: they do not exist or were deleted")
        members = [data.cmocs[i] for i in ids]
        return members, draft_statements(members, data)

    def merge_demi_regularities(
        self, ids: Sequence[int], label: str, **fields: Any
    ) -> DemiRegularity:
        """Merge demi-regularities into the first of ``ids``: it takes every member CMOC and
        the new ``label`` (and any ``fields``); the others are deleted (restorable from the
        log). One transaction: all or nothing."""
        order = list(dict.fromkeys(ids))
        if len(order) < 2:
            raise ValidationError("name at least two demi-regularities to merge")
        if not label.strip():
            raise ValidationError("give the merged demi-regularity a label")
        with self._write("demi_regularity.merge", "demi_regularity", order[0]) as w:
            found = {d.id: d for d in cmoc_store.list_demi_regularities(w.conn, order)}
            missing = [i for i in order if i not in found]
            if missing:
                raise NotFound(f"no demi-regularity {missing}: they do not exist or were deleted")
            target = found[order[0]]
            members = tuple(dict.fromkeys(i for d in order for i in found[d].cmoc_ids))
            values = self._dr_values(w, {"label": label, **fields})
            if not cmoc_store.update_demi_regularity(w.conn, target.id, target.version, values):
                raise self._stale("demi_regularity", target.id, target.version, None)
            cmoc_store.replace_members(w.conn, target.id, members)
            for other in order[1:]:
                cmoc_store.soft_delete(w.conn, "demi_regularities", other)
            w.detail.update(label=label, merged=order, cmocs=list(members))
            return cmoc_store.list_demi_regularities(w.conn, [target.id])[0]

    def split_demi_regularity(
        self,
        demi_regularity_id: int,
        groups: Sequence[Sequence[int]] | Mapping[str, Sequence[int]],
    ) -> list[DemiRegularity]:
        """Split a demi-regularity's CMOCs into groups; the first group stays in it, each
        other group becomes a new demi-regularity (same level and status, statements
        drafted from its members). With a mapping, keys are the labels (the first renames
        the original). Every member must go to exactly one group. One transaction."""
        current = self.demi_regularity(demi_regularity_id)
        named = check_split(current, groups)
        data = self.synthesis_data()
        with self._write("demi_regularity.split", "demi_regularity", current.id) as w:
            found = cmoc_store.list_demi_regularities(w.conn, [current.id])
            if not found or found[0].version != current.version:
                raise self._stale(
                    "demi_regularity",
                    current.id,
                    current.version,
                    found[0].version if found else None,
                )
            first_label, first_ids = named[0]
            values = self._dr_values(w, {"label": first_label} if first_label else {})
            cmoc_store.update_demi_regularity(w.conn, current.id, current.version, values)
            cmoc_store.replace_members(w.conn, current.id, first_ids)
            made = [current.id]
            for number, (name, ids) in enumerate(named[1:], start=2):
                members = [data.cmocs[i] for i in ids if i in data.cmocs]
                draft = draft_statements(members, data)
                new = self._dr_values(
                    w,
                    {
                        **draft,
                        "label": name or f"{current.label} ({number})",
                        "level": current.level,
                        "status": current.status,
                    },
                )
                made.append(
                    cmoc_store.insert_demi_regularity(w.conn, {**new, "coder_id": w.coder_id}, ids)
                )
            w.detail.update(groups=[list(ids) for _, ids in named], made=made)
            return cmoc_store.list_demi_regularities(w.conn, made)

    # ----- the CMO network ---------------------------------------------------------------
    def cmo_network(
        self, level: Level | str | None = None, source: network.Source = "auto"
    ) -> nx.DiGraph:
        """The CMO network (of one level, or overall): see :mod:`realist.synthesis.network`."""
        return network.cmo_network(self.synthesis_data(), level, source)

    def network_centrality(
        self, level: Level | str | None = None, source: network.Source = "auto"
    ) -> pd.DataFrame:
        """Centrality of each context, mechanism and outcome in the CMO network."""
        return network.centrality_summary(self.cmo_network(level, source))

    def network_excerpts(
        self,
        node: str | None = None,
        edge: tuple[str, str] | None = None,
        *,
        level: Level | str | None = None,
        source: network.Source = "auto",
    ) -> pd.DataFrame:
        """The words behind a node (``"C:Family in crisis"``) or an edge of the CMO network:
        one row per evidence excerpt with its CMOC, role, document and offsets."""
        data = self.synthesis_data()
        graph = network.cmo_network(data, level, source)
        return network.excerpts_behind(graph, data, node=node, edge=edge)

    def write_network(
        self,
        path: str | Path,
        format: str | None = None,
        *,
        level: Level | str | None = None,
        source: network.Source = "auto",
    ) -> Path:
        """Write the CMO network as GraphML, GEXF, PNG or SVG (format from the suffix)."""
        return network.write_network(self.cmo_network(level, source), path, format)

    # ----- tables ------------------------------------------------------------------------
    def demi_regularity_table(
        self, icamo: bool = False, *, quotes: int = 2, max_quote_chars: int = 240
    ) -> pd.DataFrame:
        """The publication table: Level, Demi-regularity, Context, Mechanism (resource),
        Mechanism (response), Outcome, Evidence (documents, participants), Illustrative
        quotes; ``icamo=True`` adds Intervention and Actor."""
        return _table(
            self.synthesis_data(codings=False),
            icamo=icamo,
            quotes=quotes,
            max_quote_chars=max_quote_chars,
            min_documents=self._min_documents(),
        )

    def export_table(
        self,
        path: str | Path,
        format: str | None = None,
        *,
        icamo: bool = False,
        caption: str | None = None,
        number: int = 1,
    ) -> Path:
        """Write the demi-regularity table as docx, xlsx, csv, md or tex (from the suffix)."""
        frame = self.demi_regularity_table(icamo)
        return _export_table(frame, path, format, caption=caption, number=number)

    # ----- methods section ---------------------------------------------------------------
    def methods_summary(self) -> MethodsSummary:
        """Counts and a draft paragraph for the methods section (RAMESES II items 13-15):
        documents, participants by role and site, coders, agreement, CMOCs and
        demi-regularities."""
        data = self.synthesis_data()
        by_id = {c.id: c for c in self.coders()}
        counted = Counter(c.coder_id for c in data.codings.values())
        coders = [
            by_id[i] for i in sorted(counted) if i in by_id and by_id[i].name != CONSENSUS_CODER
        ]
        return methods_summary(
            data,
            coders=coders,
            codings_by_coder={by_id[i].name: n for i, n in counted.items() if i in by_id},
            codes_used=len({c.code_id for c in data.codings.values()}),
            agreement=self._agreement_figures(data),
            min_documents=self._min_documents(),
        )

    def _agreement_figures(self, data: SynthesisData) -> Agreement:
        compute = getattr(self, "agreement", None)
        if compute is None:
            return Agreement(False, note="agreement statistics are not available")
        by_id = {c.id: c.name for c in self.coders()}
        coders_by_document: dict[str, set[str]] = {}
        for coding in data.codings.values():
            name = by_id.get(coding.coder_id)
            document = data.documents.get(coding.document_id)
            if name and name != CONSENSUS_CODER and document is not None:
                coders_by_document.setdefault(document.name, set()).add(name)
        names, documents = double_coded(coders_by_document)
        if not names:
            return Agreement(False, note="no transcript was coded by two coders")
        try:
            table = compute(list(names), documents=list(documents))
        except RealistError as exc:
            return Agreement(False, names, note=str(exc), documents=documents)
        overall = table[table["code"] == "(all codes)"]
        if overall.empty:
            return Agreement(False, names, note="no overall agreement row", documents=documents)
        row = overall.iloc[0]
        figures = {
            key: float(row[key])
            for key in ("u_alpha", "binary_u_alpha", "cu_alpha")
            if key in row and row[key] is not None and not math.isnan(float(row[key]))
        }
        if not figures:
            reason = str(row.get("reason", "")) or "undefined for these codings"
            return Agreement(False, names, note=reason, documents=documents)
        note = (
            "unitized alphas of Krippendorff, Mathet, Bouvry and Widlöcher 2016 over coded "
            "characters"
        )
        return Agreement(True, names, figures, note, documents)
