"""Export: every table and format as a download."""

from __future__ import annotations

import inspect
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from realist.errors import RealistError
from realist.ui import session
from realist.ui.views.demi import evidence_table

#: Files the project writes itself: (label, method, suffix, help).
PROJECT_FILES: tuple[tuple[str, str, str, str], ...] = (
    (
        "Demi-regularity table (Word)",
        "export_table",
        ".docx",
        "The journal table, ready for the manuscript.",
    ),
    ("Demi-regularity table (Excel)", "export_table", ".xlsx", "The same table as a workbook."),
    ("Demi-regularity table (LaTeX)", "export_table", ".tex", "For a LaTeX manuscript."),
    ("Demi-regularity table (Markdown)", "export_table", ".md", "For a README, wiki or preprint."),
    (
        "Methods summary",
        "methods_summary",
        ".md",
        "A draft methods paragraph with the counts reviewers ask for (RAMESES II).",
    ),
    (
        "CMO network (PNG)",
        "write_network",
        ".png",
        "The figure of contexts, mechanisms and outcomes.",
    ),
    ("CMO network (GraphML)", "write_network", ".graphml", "For Gephi, Cytoscape or networkx."),
    (
        "REFI-QDA project (.qdpx)",
        "export_qdpx",
        ".qdpx",
        "Opens in NVivo, ATLAS.ti, MAXQDA and QualCoder with codes, sources and codings.",
    ),
    ("REFI-QDA codebook (.qdc)", "export_qdc", ".qdc", "The coding frame for another QDA tool."),
)
MIME = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".qdpx": "application/zip",
    ".qdc": "application/xml",
    ".csv": "text/csv",
    ".md": "text/markdown",
    ".tex": "application/x-tex",
    ".png": "image/png",
    ".graphml": "application/xml",
}


def render() -> None:
    """The export page."""
    project = session.project()
    st.title("Export")
    st.caption(
        "Downloads are made from the project as it is now. Re-identification keys are never exported."
    )
    slug = (
        "".join(ch if ch.isalnum() else "-" for ch in project.name.lower()).strip("-") or "project"
    )
    st.subheader("Reports and exchange files")
    offered = 0
    for label, method, suffix, help_text in PROJECT_FILES:
        if not session.has(project, method):
            continue
        offered += 1
        _project_file(project, label, method, suffix, help_text, slug)
    if not session.has(project, "export_table"):
        offered += 1
        _table_docx(project, slug)
    if offered == 0:
        session.unavailable("Report and REFI-QDA export")
    st.subheader("Tables")
    tables: dict[str, Callable[[], pd.DataFrame]] = {
        "Demi-regularities": lambda: evidence_table(project),
        "CMOCs": project.cmocs_df,
        "CMOC evidence": project.evidence_df,
        "Codings": project.codings_df,
        "Codes": project.codes_df,
        "Documents": project.documents_df,
        "Participants": project.participants_df,
        "Activity log": project.log_df,
    }
    for name, build in tables.items():
        cols = st.columns([3, 1, 1, 1])
        cols[0].markdown(f"**{name}**")
        key = name.lower().replace(" ", "_")
        frame = build()
        cols[1].download_button(
            "CSV",
            frame.to_csv(index=False).encode("utf-8-sig"),
            file_name=f"{slug}-{key}.csv",
            mime=MIME[".csv"],
            key=f"rl_csv_{key}",
        )
        cols[2].download_button(
            "Excel",
            _xlsx(frame, name),
            file_name=f"{slug}-{key}.xlsx",
            mime=MIME[".xlsx"],
            key=f"rl_xlsx_{key}",
        )
        cols[3].download_button(
            "Markdown",
            _markdown(frame).encode("utf-8"),
            file_name=f"{slug}-{key}.md",
            mime=MIME[".md"],
            key=f"rl_md_{key}",
        )


def _project_file(
    project: Any, label: str, method: str, suffix: str, help_text: str, slug: str
) -> None:
    cols = st.columns([3, 2])
    cols[0].markdown(f"**{label}**  \n{help_text}")
    key = f"rl_file_{method}_{suffix.lstrip('.')}"
    if cols[1].button("Prepare", key=f"{key}_make"):
        try:
            with st.spinner(f"Writing {label}…"):
                st.session_state[key] = _produce(getattr(project, method), suffix)
        except RealistError as err:
            st.error(str(err))
    data = st.session_state.get(key)
    if data is not None:
        cols[1].download_button(
            f"Download {suffix}",
            data,
            file_name=f"{slug}{suffix}",
            mime=MIME.get(suffix, "application/octet-stream"),
            key=f"{key}_dl",
            type="primary",
        )


def _table_docx(project: Any, slug: str) -> None:
    cols = st.columns([3, 2])
    cols[0].markdown(
        "**Demi-regularity table (Word)**  \nThe table with its counted evidence, for the manuscript."
    )
    table = evidence_table(project)
    cols[1].download_button(
        "Download .docx",
        table_docx(table, project.name),
        file_name=f"{slug}-demi-regularities.docx",
        mime=MIME[".docx"],
        key="rl_docx_demi",
        type="primary",
    )


def table_docx(table: pd.DataFrame, title: str) -> bytes:
    """A Word document holding ``table`` under a heading."""
    import docx

    document = docx.Document()
    document.add_heading(f"{title}: demi-regularities", level=1)
    if table.empty:
        document.add_paragraph("No demi-regularities yet.")
    else:
        grid = document.add_table(rows=1, cols=len(table.columns))
        grid.style = "Table Grid"
        for cell, name in zip(grid.rows[0].cells, table.columns, strict=False):
            cell.text = str(name).replace("_", " ")
        for row in table.itertuples(index=False):
            cells = grid.add_row().cells
            for cell, value in zip(cells, row, strict=False):
                cell.text = "" if value is None else str(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _produce(func: Callable[..., Any], suffix: str) -> bytes:
    """Call an exporter that writes to a path, or returns bytes / text / a document."""
    params = list(inspect.signature(func).parameters)
    with tempfile.TemporaryDirectory(prefix="realist-export-") as folder:
        path = Path(folder) / f"export{suffix}"
        result = (
            func(path)
            if params and params[0] in ("path", "target", "out", "dest", "file")
            else func()
        )
        if path.exists():
            return path.read_bytes()
        if isinstance(result, (str, Path)) and Path(result).exists():
            return Path(result).read_bytes()
    if isinstance(result, bytes):
        return result
    if isinstance(result, str):
        return result.encode("utf-8")
    text = getattr(result, "text", None)
    if isinstance(text, str):
        return text.encode("utf-8")
    if hasattr(result, "save"):
        buffer = io.BytesIO()
        result.save(buffer)
        return buffer.getvalue()
    if isinstance(result, pd.DataFrame):
        return result.to_csv(index=False).encode("utf-8-sig")
    raise RealistError(f"the exporter {func.__name__} gave nothing to download")


def _xlsx(frame: pd.DataFrame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    clean = frame.copy()
    for column in clean.columns:
        if isinstance(clean[column].dtype, pd.DatetimeTZDtype):
            clean[column] = clean[column].dt.tz_localize(None)
        elif clean[column].dtype == object:
            clean[column] = clean[column].map(
                lambda v: v if isinstance(v, (str, int, float, bool, type(None))) else str(v)
            )
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        clean.to_excel(writer, sheet_name=sheet[:31], index=False)
    return buffer.getvalue()


def _markdown(frame: pd.DataFrame) -> str:
    if frame.empty:
        return "_(empty)_\n"
    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    rows = [
        "| " + " | ".join(str(v).replace("|", "\\|").replace("\n", " ") for v in r) + " |"
        for r in frame.itertuples(index=False)
    ]
    return "\n".join([head, rule, *rows]) + "\n"
