"""Codings imported from a spreadsheet of quotes, each quote found in its transcript."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from realist.coding.quotes import QuoteImportReport, QuoteResult, place_quotes, read_quote_sheet
from realist.errors import PermissionDenied
from realist.model import (
    CodeKind,
    Document,
    Role,
    Turn,
)
from realist.project.core import CoreMixin
from realist.store import coding as coding_query
from realist.store import codings as coding_store
from realist.store import documents as document_store
from realist.store import tx


class QuoteImportMixin(CoreMixin):
    """Codings imported from a spreadsheet of quotes, each quote found in its transcript."""

    def import_codings(
        self,
        path: str | Path,
        *,
        columns: dict[str, str] | None = None,
        min_score: float = 90,
        report: str | Path | None = None,
    ) -> QuoteImportReport:
        """Import codings from a spreadsheet of coded quotes (CSV or XLSX).

        Each excerpt is found in its transcript (exactly, then ignoring spacing, case and
        punctuation, then fuzzily with a score of at least ``min_score``); ambiguous and
        missing quotes are listed in the report, never guessed. Placed quotes are coded as
        the row's coder (added as a coder if new; the importer when the column is absent) in
        one transaction. Codes are found by key or name, and added as themes if new.
        ``report`` writes the row-by-row CSV report there.

        Examples
        --------
        >>> import realist, tempfile, os, pathlib
        >>> from realist.model import DocumentDraft
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> p = realist.init_project(folder / "s.realist", owner="ana")
        >>> _ = p.add_document(DocumentDraft("FG1", "P1: We kept coming, um, until she let us in.", "x"))
        >>> _ = (folder / "q.csv").write_text(
        ...     "transcript,code,excerpt\\nFG1.docx,persistence,we kept coming until she let us in\\n")
        >>> print(p.import_codings(folder / "q.csv").summary())  # doctest: +ELLIPSIS
        /.../q.csv: 1 rows, 1 placed (1 normalised); 1 codings added; new codes: persistence
        """
        rows = read_quote_sheet(path, columns)
        documents, turns = self._documents_and_turns()
        results = place_quotes(rows, documents, min_score=min_score, turns=turns)
        placed = [r for r in results if r.placed]
        added = 0
        codes_created: list[str] = []
        coders_created: list[str] = []
        if placed:
            with self._write("coding.import", "coding") as w:
                results, added = self._import_placed_in(w, results)
                codes_created = list(w.detail.get("codes_created", []))
                coders_created = list(w.detail.get("coders_created", []))
                w.detail.update(
                    source=Path(path).name,
                    rows=len(results),
                    codings=added,
                    not_placed=sum(1 for r in results if not r.placed),
                )
        outcome = QuoteImportReport(
            source=str(path),
            results=tuple(results),
            codings_added=added,
            codes_created=tuple(codes_created),
            coders_created=tuple(coders_created),
            report_path=str(report) if report is not None else None,
        )
        if report is not None:
            outcome.write_csv(report)
        return outcome

    def _documents_and_turns(self) -> tuple[list[Document], dict[int, list[Turn]]]:
        with self._read() as conn:
            documents = document_store.list_documents(conn)
            turns: dict[int, list[Turn]] = {}
            for turn in document_store.list_turns(conn):
                turns.setdefault(turn.document_id, []).append(turn)
        return documents, turns

    def _import_placed_in(
        self, w: tx.Writer, results: list[QuoteResult]
    ) -> tuple[list[QuoteResult], int]:
        importer = self._require_writer()
        existing: set[tuple[Any, ...]] = {
            (c.document_id, c.code_id, c.coder_id, c.start, c.end)
            for c in coding_store.list_codings(w.conn)
        }
        rows: list[dict[str, Any]] = []
        out: list[QuoteResult] = []
        for result in results:
            if not result.placed:
                out.append(result)
                continue
            quote = result.quote
            unclear = [ref for ref in quote.codes if coding_query.names_several_codes(w.conn, ref)]
            if unclear:
                reason = (
                    f"code name {unclear[0]!r} fits several codes: write the code's key instead"
                )
                out.append(dataclasses.replace(result, status="error", reason=reason))
                continue
            coder = self._ensure_coder_in(w, quote.coder, Role.CODER) if quote.coder else importer
            fresh = 0
            for ref in quote.codes:
                code = self._ensure_code_in(w, ref, CodeKind.THEME)
                key = (result.document_id, code.id, coder.id, result.start, result.end)
                if key in existing:
                    continue
                existing.add(key)
                fresh += 1
                rows.append(
                    {"document_id": result.document_id, "code_id": code.id, "coder_id": coder.id,
                     "start": result.start, "end": result.end, "memo": quote.memo or None}
                )  # fmt: skip
            if fresh == 0:
                result = dataclasses.replace(
                    result, status="duplicate", reason="already coded so: nothing added"
                )
            out.append(result)
        if any(r["coder_id"] != importer.id for r in rows) and not self._is_manager():
            raise PermissionDenied(
                "the sheet names other coders: only an owner or lead can import codings for"
                " others (or remove the coder column to import them as your own)"
            )
        added = len(coding_store.insert_codings(w.conn, rows, w.at)) if rows else 0
        return out, added
