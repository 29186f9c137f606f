"""Build the demo project: the demo corpus imported, coded by two coders, configured and
synthesised, so the app, the notebooks and the documentation open on a worked study.

Everything comes from package data: the transcripts and roster in ``corpus/`` and the
analysis in ``analysis.yaml``, where every coding and piece of evidence is a quote found in
its transcript when the project is built (offsets are never written down).

Examples
--------
>>> import os, tempfile
>>> path = build_demo(os.path.join(tempfile.mkdtemp(), "demo.realist"))
>>> import realist
>>> info = realist.open_project(path).info()
>>> info["documents"], info["demi_regularities"]
(6, 12)
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

import realist
from realist.demo.corpus import CORPUS_DIR, FocusGroup, load_sources, read_roster, roster_path
from realist.errors import ValidationError
from realist.model import (
    Document,
    DocumentDraft,
    EvidenceRole,
    EvidenceSpan,
    Level,
    MemoTarget,
    Role,
    TheoryStatus,
    TurnDraft,
)

#: The password of every demo coder, so the app's sign-in works on the demo project.
PASSWORD = "realist-demo"
PROJECT_NAME = "Family Preservation and Reunification Response (demo)"
OWNER = "pat"
FRAME = "family-preservation-reunification"
FRAME_PREFIX = "fpr"
#: The child code of a theme that each evidence role is coded with.
ROLE_SUFFIX = {
    EvidenceRole.CONTEXT: "c",
    EvidenceRole.MECHANISM_RESOURCE: "mres",
    EvidenceRole.MECHANISM_RESPONSE: "mresp",
    EvidenceRole.OUTCOME: "o",
}


def analysis() -> dict[str, Any]:
    """The worked analysis (coders, CMOCs, demi-regularities, memos) as shipped."""
    text = (resources.files("realist.demo") / "analysis.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def find_quote(text: str, quote: str, where: str = "") -> tuple[int, int]:
    """The ``[start, end)`` of ``quote`` in ``text``, allowing any whitespace between words.

    The quote must occur exactly once: a quote found twice or not at all is an error that
    names it, never a guess.

    Examples
    --------
    >>> find_quote("P1: we went\\nslowly. P2: ok", "went slowly.")
    (7, 19)
    """
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    found = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if len(found) != 1:
        how = "not found" if not found else f"found {len(found)} times"
        raise ValidationError(f"demo quote {how} in {where or 'the transcript'}: {quote!r}")
    return found[0]


@dataclass(frozen=True, slots=True)
class _Evidence:
    document: Document
    role: EvidenceRole
    start: int
    end: int
    code_key: str


def build_demo(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Build the demo project at ``path`` and return that path.

    Six focus groups (three regional, three metropolitan) imported with their roster; the
    family preservation frame loaded; two coders (``ana``, ``ben``) who coded the same two
    transcripts independently, a lead (``lee``) and the owner (``pat``), all with the password
    ``realist-demo``, and a viewer (``viv``); CMOCs with evidence across turns at the
    family, organisation and system levels; twelve demi-regularities; memos.

    Parameters
    ----------
    path
        A new ``.realist`` file. A database URL works too (it must hold no project yet).
    force
        Replace an existing file at ``path``.

    Raises
    ------
    ValidationError
        ``path`` exists and ``force`` is false.
    """
    target = str(path)
    is_url = "://" in target
    if not is_url:
        file = Path(target)
        if file.exists():
            if not force:
                raise ValidationError(
                    f"{file} already exists: choose another path or pass force=True "
                    "(realist demo PATH --force) to replace it"
                )
            for stale in (file, Path(f"{file}-wal"), Path(f"{file}-shm")):
                stale.unlink(missing_ok=True)
        file.parent.mkdir(parents=True, exist_ok=True)
    spec = analysis()
    project = realist.init_project(target, name=PROJECT_NAME, owner=OWNER)
    try:
        _populate(project, spec)
    finally:
        project.close()
    return Path(target) if not is_url else Path(target.split("://", 1)[1])


# ----- the steps ------------------------------------------------------------------------
def _populate(project: realist.Project, spec: Mapping[str, Any]) -> None:
    project.set_password(OWNER, PASSWORD)
    for person in spec["coders"]:
        if person["name"] != OWNER:
            project.add_coder(person["name"], Role(person["role"]), password=PASSWORD)
    documents = _import_corpus(project)
    _load_codes(project, spec)
    evidence = _place_evidence(spec, documents)
    _code(project, spec, evidence)
    _settle(project, spec)
    cmoc_ids = _configure(project, spec, evidence)
    dr_ids = _synthesise(project, spec, cmoc_ids)
    _memos(project, spec, documents, cmoc_ids, dr_ids)
    project.set_setting("blind_coding", True)
    project.set_setting("comparison_open", True)


def _import_corpus(project: realist.Project) -> dict[str, Document]:
    """Import the six transcripts with the roster, as a team would with ``realist import``."""
    groups = load_sources()
    documents: dict[str, Document] = {}
    importer = getattr(project, "import_files", None)
    for group in groups:
        if importer is not None:
            documents[f"FG{group.group}"] = _import_file(importer, group)
        else:
            draft = _read(group)
            documents[f"FG{group.group}"] = project.add_document(draft, group=group.group)
    project.upsert_participants(read_roster())
    return documents


def _import_file(importer: Any, group: FocusGroup) -> Document:
    path = CORPUS_DIR / group.file_name
    attrs = {"site": group.site, "date": group.date, "title": group.title}
    results = importer([path], roster=roster_path(), group=group.group, attrs=attrs)
    document = results[0].document if results else None
    if document is None:
        reason = results[0].reason if results else "nothing imported"
        raise ValidationError(f"demo transcript {group.file_name} did not import: {reason}")
    return document


def _read(group: FocusGroup) -> DocumentDraft:
    """The shipped file as the importer reads it; the source text where no reader exists."""
    try:
        from realist.ingest.registry import read_file
    except ImportError:
        return _draft_from_source(group)
    try:
        return read_file(CORPUS_DIR / group.file_name)
    except ImportError:
        return _draft_from_source(group)


def _draft_from_source(group: FocusGroup) -> DocumentDraft:
    parts: list[str] = []
    turns: list[TurnDraft] = []
    offset = 0
    for turn in group.turns:
        line = f"{turn.speaker}: {turn.text}"
        turns.append(TurnDraft(turn.speaker, offset, offset + len(line)))
        parts.append(line)
        offset += len(line) + 2
    text = "\n\n".join(parts) + "\n"
    return DocumentDraft(
        name=Path(group.file_name).stem,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        source_name=group.file_name,
        source_format=group.format,
        metadata={"title": group.title, "site": group.site, "date": group.date},
        turns=tuple(turns),
    )


def _load_codes(project: realist.Project, spec: Mapping[str, Any]) -> None:
    """Load the shipped frame; where it is not shipped, create its theme codes here."""
    try:
        from realist.coding.frames import shipped_frame_path

        project.load_frame(shipped_frame_path(FRAME))
        return
    except ImportError:
        pass
    frame = project.add_frame(FRAME, "Family Preservation and Reunification Response")
    for order, (theme, level) in enumerate(spec["themes"].items()):
        key = f"{FRAME_PREFIX}.{level}.{theme}"
        name = theme.replace("_", " ").capitalize()
        parent = project.add_code(key, name, level=Level(level), frame=frame.key, sort_order=order)
        for role, suffix in ROLE_SUFFIX.items():
            kind = {
                "c": "context",
                "mres": "mechanism_resource",
                "mresp": "mechanism_response",
                "o": "outcome",
            }[suffix]
            project.add_code(
                f"{key}.{suffix}",
                f"{name}: {role.value}",
                kind,
                level=Level(level),
                parent=parent.id,
                frame=frame.key,
            )


def _theme_key(spec: Mapping[str, Any], theme: str) -> str:
    try:
        level = spec["themes"][theme]
    except KeyError:
        raise ValidationError(f"demo analysis names an unknown theme {theme!r}") from None
    return f"{FRAME_PREFIX}.{level}.{theme}"


def _place_evidence(
    spec: Mapping[str, Any], documents: Mapping[str, Document]
) -> list[list[_Evidence]]:
    """Every CMOC's evidence, found in its transcript."""
    placed = []
    for cmoc in spec["cmocs"]:
        document = documents[cmoc["doc"]]
        theme = _theme_key(spec, cmoc["theme"])
        spans = []
        for role_name, quote in cmoc["evidence"]:
            role = EvidenceRole.parse(role_name)
            start, end = find_quote(document.text, quote, f"{cmoc['doc']} ({cmoc['label']})")
            spans.append(_Evidence(document, role, start, end, f"{theme}.{ROLE_SUFFIX[role]}"))
        placed.append(spans)
    return placed


def _code(
    project: realist.Project, spec: Mapping[str, Any], evidence: Sequence[Sequence[_Evidence]]
) -> None:
    """Each CMOC's author codes its evidence; on the double-coded transcripts both coders
    code all of it, the second with the differences two people really produce."""
    code_ids = {c.key: c.id for c in project.codes()}
    double = set(spec.get("double_coded", ()))
    rows: dict[str, list[dict[str, Any]]] = {}
    for number, (cmoc, spans) in enumerate(zip(spec["cmocs"], evidence, strict=True)):
        authors = ["ana", "ben"] if cmoc["doc"] in double else [cmoc["coder"]]
        for index, span in enumerate(spans):
            for coder in authors:
                row = _coding_row(project, span, code_ids, coder, cmoc["coder"], number + index)
                if row is not None:
                    rows.setdefault(coder, []).append(row)
    for coder, coder_rows in rows.items():
        project.with_coder(coder).add_codings(coder_rows)


def _coding_row(
    project: realist.Project,
    span: _Evidence,
    code_ids: Mapping[str, int],
    coder: str,
    author: str,
    seed: int,
) -> dict[str, Any] | None:
    """One coder's coding of one evidence span; ``ben`` diverges on others' evidence."""
    start, end, key = span.start, span.end, span.code_key
    if coder == "ben" and author != "ben":
        if seed % 6 == 5:
            return None  # missed
        if seed % 6 == 2:
            start, end = _whole_turn(project, span)  # coded the whole turn
        if seed % 9 == 4:
            key = _neighbour_code(key)  # read the words as another part of the configuration
    memo = None
    if coder == "ana" and seed % 11 == 0:
        memo = "Check against the other focus groups before building the CMOC."
    return {
        "document_id": span.document.id,
        "start": start,
        "end": end,
        "code_id": code_ids[key],
        "memo": memo,
    }


def _whole_turn(project: realist.Project, span: _Evidence) -> tuple[int, int]:
    for turn in project.turns(span.document.id):
        if turn.start <= span.start and span.end <= turn.end:
            return turn.start, turn.end
    return span.start, span.end


def _neighbour_code(key: str) -> str:
    theme, suffix = key.rsplit(".", 1)
    swap = {"mres": "mresp", "mresp": "mres", "c": "mres", "o": "mresp"}
    return f"{theme}.{swap[suffix]}"


def _settle(project: realist.Project, spec: Mapping[str, Any]) -> None:
    """The lead keeps what both coders agree on as the consensus and settles a few of the
    disagreements, leaving the rest open for the team meeting."""
    lead = project.with_coder("lee")
    if not hasattr(lead, "seed_consensus"):
        return
    lead.seed_consensus(["ana", "ben"])
    todo = lead.disagreements(["ana", "ben"]).sort_values("key").head(6)
    for number, row in enumerate(todo.itertuples(index=False)):
        if number % 3 == 2:
            lead.resolve_disagreement(
                row.key, "reject", note="Not this code: agreed at the meeting"
            )
        else:
            lead.resolve_disagreement(row.key, "accept", note="Both readings fit; keep the stretch")


def _configure(
    project: realist.Project, spec: Mapping[str, Any], evidence: Sequence[Sequence[_Evidence]]
) -> dict[str, int]:
    """Each CMOC, written by its author, with evidence linked to the author's codings."""
    coding_ids: dict[tuple[str, int, int, int, str], int] = {}
    codes = {c.id: c.key for c in project.codes()}
    coders = {c.id: c.name for c in project.coders()}
    for coding in project.codings():
        key = (
            coders[coding.coder_id],
            coding.document_id,
            coding.start,
            coding.end,
            codes[coding.code_id],
        )
        coding_ids[key] = coding.id
    created: dict[str, int] = {}
    for cmoc, spans in zip(spec["cmocs"], evidence, strict=True):
        author = project.with_coder(cmoc["coder"])
        linked = [
            EvidenceSpan(
                document_id=s.document.id,
                start=s.start,
                end=s.end,
                role=s.role,
                coding_id=coding_ids.get(
                    (cmoc["coder"], s.document.id, s.start, s.end, s.code_key)
                ),
            )
            for s in spans
        ]
        made = author.add_cmoc(
            cmoc["label"],
            cmoc["statement"],
            linked,
            level=Level(spec["themes"][cmoc["theme"]]),
            status=TheoryStatus(cmoc["status"]),
            theory_code=_theme_key(spec, cmoc["theme"]),
        )
        created[cmoc["label"]] = made.id
    return created


def _synthesise(
    project: realist.Project, spec: Mapping[str, Any], cmoc_ids: Mapping[str, int]
) -> dict[str, int]:
    """The lead's demi-regularities, one per theme, from that theme's CMOCs."""
    lead = project.with_coder("lee")
    created: dict[str, int] = {}
    for dr in spec["demi_regularities"]:
        members = [cmoc_ids[c["label"]] for c in spec["cmocs"] if c["theme"] == dr["theme"]]
        made = lead.add_demi_regularity(
            dr["label"],
            members,
            context=dr["context"],
            mechanism_resource=dr["mechanism_resource"],
            mechanism_response=dr["mechanism_response"],
            outcome=dr["outcome"],
            intervention=dr.get("intervention", ""),
            actor=dr.get("actor", ""),
            statement=(
                f"If {dr['context'][0].lower()}{dr['context'][1:]}, then "
                f"{dr['outcome'][0].lower()}{dr['outcome'][1:]}, because "
                f"{dr['mechanism_resource'][0].lower()}{dr['mechanism_resource'][1:]}."
            ),
            level=Level(spec["themes"][dr["theme"]]),
            status=TheoryStatus(dr["status"]),
        )
        created[dr["theme"]] = made.id
    return created


def _memos(
    project: realist.Project,
    spec: Mapping[str, Any],
    documents: Mapping[str, Document],
    cmoc_ids: Mapping[str, int],
    dr_ids: Mapping[str, int],
) -> None:
    lead = project.with_coder("lee")
    for memo in spec.get("memos", ()):
        target = MemoTarget(memo["target"])
        target_id = {
            MemoTarget.PROJECT: lambda m: None,
            MemoTarget.DOCUMENT: lambda m: documents[m["doc"]].id,
            MemoTarget.CMOC: lambda m: cmoc_ids[m["cmoc"]],
            MemoTarget.DEMI_REGULARITY: lambda m: dr_ids[m["theme"]],
        }[target](memo)
        lead.add_memo(target, target_id, " ".join(memo["text"].split()), memo.get("title", ""))
