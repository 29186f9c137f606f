"""Documents: import transcripts, keep the roster, de-identify before coding."""

from __future__ import annotations

import tempfile
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from realist.errors import RealistError
from realist.ui import session

UPLOAD_TYPES = ["docx", "txt", "md", "vtt", "srt", "qdpx"]


def render() -> None:
    """The documents page."""
    project = session.project()
    coder = session.signed_in()
    st.title("Documents")
    can_write = coder is not None and coder.role.can_write
    tabs = st.tabs(["Transcripts", "Import", "Roster", "De-identify"])
    with tabs[0]:
        _transcripts(project)
    with tabs[1]:
        _import(project, can_write)
    with tabs[2]:
        _roster(project, can_write)
    with tabs[3]:
        _deidentify(project, coder)


def _transcripts(project: Any) -> None:
    docs = project.documents_df()
    if docs.empty:
        st.info(
            "No transcripts yet: import .docx, .txt, .vtt, .srt or a .qdpx project in the Import tab."
        )
        return
    shown = [
        c
        for c in ["name", "words", "turns", "source_name", "source_format", "deidentified"]
        if c in docs
    ]
    st.dataframe(docs[shown], hide_index=True, width="stretch")


def _import(project: Any, can_write: bool) -> None:
    if not can_write:
        st.caption("Viewers cannot import.")
        return
    st.caption(
        "Word (.docx, speakers in bold or as “Name:”), plain text, Teams/Zoom captions (.vtt, .srt), "
        "or a REFI-QDA project (.qdpx from NVivo, ATLAS.ti, MAXQDA). A file that cannot be read is "
        "named and skipped; the others still come in."
    )
    with st.form("rl_import", clear_on_submit=True):
        files = st.file_uploader(
            "Transcripts", type=UPLOAD_TYPES, accept_multiple_files=True, key="rl_upload"
        )
        group = st.text_input(
            "Group (optional, e.g. the focus group's site)", key="rl_import_group"
        )
        submitted = st.form_submit_button("Import", type="primary")
    if submitted and files:
        _run_import(project, files, group)


def _run_import(project: Any, files: list[Any], group: str) -> None:
    if not session.has(project, "import_files"):
        session.unavailable("Importing transcripts")
        return
    with tempfile.TemporaryDirectory(prefix="realist-upload-") as folder:
        paths = []
        for f in files:
            path = Path(folder) / Path(f.name).name
            path.write_bytes(f.getvalue())
            paths.append(path)
        bar = st.progress(0.0, text=f"Importing {len(paths)} file(s)…")
        done: list[Any] = []

        def progress(result: Any) -> None:
            done.append(result)
            bar.progress(
                len(done) / len(paths),
                text=f"{len(done)} of {len(paths)}: {Path(result.path).name}",
            )

        results = session.attempt(
            lambda: project.import_files(paths, group=group.strip(), progress=progress)
        )
        bar.empty()
    if results is None:
        session.show_flash()
        return
    _report_import(results)


def _report_import(results: list[Any]) -> None:
    rows = []
    for r in results:
        status = getattr(getattr(r, "status", None), "value", str(getattr(r, "status", "")))
        rows.append(
            {
                "file": Path(str(r.path)).name,
                "result": status,
                "document": r.document.name if getattr(r, "document", None) is not None else "",
                "turns": getattr(r, "turns", 0),
                "speakers": ", ".join(getattr(r, "speakers", ())),
                "codings": getattr(r, "codings", 0),
                "notes": "; ".join(
                    [x for x in [getattr(r, "reason", ""), *getattr(r, "warnings", ())] if x]
                ),
            }
        )
    imported = sum(1 for row in rows if row["result"] == "imported")
    failed = [row for row in rows if row["result"] == "failed"]
    if imported:
        st.success(f"Imported {imported} of {len(rows)} file(s).")
    if failed:
        st.error(
            f"{len(failed)} file(s) could not be read and were skipped: "
            + "; ".join(f"{row['file']}: {row['notes']}" for row in failed)
        )
    if not imported and not failed:
        st.info("Nothing new: these files are already in the project.")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _roster(project: Any, can_write: bool) -> None:
    people = project.participants_df()
    st.caption(
        "Who spoke, by pseudonymised label, with the attributes the analysis counts by "
        "(role, site, group). Upload a roster (.csv or .xlsx with a `label` column) or edit here."
    )
    if can_write:
        roster = st.file_uploader("Roster", type=["csv", "xlsx"], key="rl_roster")
        if roster is not None and st.button("Load roster", key="rl_roster_load"):
            _load_roster(project, roster)
    if people.empty:
        st.info("No participants yet: they appear as transcripts are imported.")
        return
    cols = [c for c in ["label", "group", "role", "site", "pseudonym"] if c in people]
    extra = [c for c in people.columns if c not in cols and c not in ("id", "guid")]
    if not can_write:
        st.dataframe(people[cols + extra], hide_index=True, width="stretch")
        return
    edited = st.data_editor(
        people[cols + extra],
        hide_index=True,
        width="stretch",
        disabled=["label"],
        key="rl_roster_editor",
    )
    if st.button("Save roster", key="rl_roster_save"):
        rows = [
            {k: v for k, v in r.items() if pd.notna(v) and v != ""}
            for r in edited.to_dict("records")
        ]
        session.attempt(lambda: project.upsert_participants(rows), "Roster saved.")
        st.rerun()


def _load_roster(project: Any, roster: Any) -> None:
    """Hand the uploaded sheet to the project's roster reader (it checks the columns)."""
    with tempfile.TemporaryDirectory(prefix="realist-roster-") as folder:
        path = Path(folder) / Path(roster.name).name
        path.write_bytes(roster.getvalue())
        if session.has(project, "import_roster"):
            people = session.attempt(partial(project.import_roster, path))
        else:
            frame = pd.read_csv(path) if path.suffix.lower() == ".csv" else pd.read_excel(path)
            rows = [{k: v for k, v in r.items() if pd.notna(v)} for r in frame.to_dict("records")]
            people = session.attempt(partial(project.upsert_participants, rows))
    if people is not None:
        session.flash("success", f"Roster loaded: {len(people)} participants.")
        st.rerun()
    session.show_flash()


def _deidentify(project: Any, coder: Any) -> None:
    st.caption(
        "Before anyone codes, find names, places, agencies, phone numbers and case numbers, review "
        "each proposal in context, then replace them consistently ([Person 4] everywhere)."
    )
    if not session.has(project, "deid_report", "deid_apply"):
        session.unavailable("De-identification")
        return
    docs = project.documents()
    if not docs:
        st.info("Import transcripts first.")
        return
    if coder is None or not coder.role.can_manage:
        st.caption("Only an owner or lead can apply de-identification.")
    names = [d.name for d in docs]
    chosen = st.multiselect(
        "Documents", names, default=[d.name for d in docs if not d.deidentified], key="rl_deid_docs"
    )
    if st.button("Find identifying details", key="rl_deid_find", disabled=not chosen):
        try:
            with st.spinner("Looking for names, places, agencies, numbers…"):
                st.session_state["rl_deid_report"] = project.deid_report(chosen)
        except RealistError as err:
            st.error(str(err))
    report = st.session_state.get("rl_deid_report")
    if report is None:
        return
    table = _report_frame(report)
    if table is None or table.empty:
        st.success("Nothing to replace was found.")
        return
    for notice in getattr(table, "attrs", {}).get("notices", []):
        st.caption(f":material/info: {notice}")
    if "apply" not in table.columns:
        table.insert(0, "apply", True)
    st.caption(
        "Untick a row to keep those words; add a row (original, kind, replacement) for "
        "anything the search missed."
    )
    edited = st.data_editor(
        table,
        hide_index=True,
        width="stretch",
        key="rl_deid_editor",
        num_rows="dynamic",
        disabled=[
            c for c in table.columns if c not in ("apply", "replacement", "original", "kind")
        ],
    )
    edited["apply"] = edited["apply"].fillna(True).astype(bool)
    st.caption(f"{int(edited['apply'].sum())} of {len(edited)} proposals will be applied.")
    if st.button(
        "Apply replacements",
        type="primary",
        key="rl_deid_apply",
        disabled=coder is None or not coder.role.can_manage,
    ):
        decisions = edited
        result = session.attempt(
            lambda: project.deid_apply(_decisions_for(report, decisions)),
            "De-identification applied.",
        )
        if result is not None:
            st.session_state.pop("rl_deid_report", None)
            st.rerun()
        session.show_flash()


def _report_frame(report: Any) -> pd.DataFrame | None:
    if isinstance(report, pd.DataFrame):
        return report.copy()
    for attr in ("to_frame", "to_dataframe", "to_df", "dataframe"):
        member = getattr(report, attr, None)
        if callable(member):
            return member()
        if isinstance(member, pd.DataFrame):
            return member.copy()
    if isinstance(report, list):
        return pd.DataFrame([getattr(r, "__dict__", r) for r in report])
    return None


def _decisions_for(report: Any, edited: pd.DataFrame) -> Any:
    """Hand the reviewed table back in the shape the report came in."""
    keep = edited["apply"].astype(bool).tolist()
    if isinstance(report, pd.DataFrame):
        return edited[edited["apply"].astype(bool)].drop(columns=["apply"]).reset_index(drop=True)
    accept = getattr(report, "accept", None) or getattr(report, "with_decisions", None)
    if callable(accept):
        return accept(edited)
    if isinstance(report, list):
        return [r for r, k in zip(report, keep, strict=False) if k]
    return edited
