"""A study from start to finish through the command line, as a lead and two coders would walk
it (see JOURNEY.md in the design notes): set up, import, de-identify, frame, blind coding,
agreement, CMOCs, demi-regularities, the paper's table, and hand-over as REFI-QDA."""

from __future__ import annotations

import csv
import json
import shutil
from importlib import resources
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

import realist
from realist.cli import app
from realist.model import EvidenceSpan

pytestmark = pytest.mark.slow

CORPUS = resources.files("realist.demo") / "corpus"

NOTES = """Facilitator: Thanks for coming. What made families engage?
P1: With Sharon Tully it was the time. I could ring her on 0412 345 678 and just listen.
P2: Sharon Tully only trusted us after we stopped rushing. Her case, CRIS 1234567, was closed early.
P1: In Ballarat we had the caseload to go back every week, Shaz said.
Facilitator: And the Navigator?
P2: The Navigator got us the file before the first visit, so we walked in knowing the history.
"""


def run(*args: str, input: str | None = None, ok: bool = True) -> str:
    result = CliRunner().invoke(app, list(args), input=input, env={"REALIST_CODER": "lee"})
    if ok:
        assert result.exit_code == 0, result.output
    return result.output


def commented_docx(path: Path) -> Path:
    """A transcript a colleague has started coding with Word comments."""
    document = docx.Document()
    for line in NOTES.splitlines()[:3]:
        speaker, text = line.split(": ", 1)
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{speaker}: ").bold = True
        run_ = paragraph.add_run(text)
        if "time" in text:
            document.add_comment([run_], text="Time to work intensively", author="Dana")
    document.save(path)
    return path


def test_a_study_from_start_to_finish(tmp_path: Path) -> None:
    study = str(tmp_path / "fprr.realist")
    # 1. a lead sets up the study
    run("init", study, "--name", "FPRR evaluation", "--owner", "lee")
    for name in ("ana", "ben"):
        run("coder", "add", study, name, "--role", "coder", "--password-stdin", input="s3cret\n")
    run("coder", "add", study, "viv", "--role", "viewer", "--no-password")

    # 2. transcripts arrive: Word, Teams, plain text, a broken file; a roster
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("fg1-regional.docx", "fg2-metropolitan.vtt"):
        shutil.copy(Path(str(CORPUS / name)), inbox / name)
    (inbox / "fg7-notes.txt").write_text(NOTES, encoding="utf-8")
    (inbox / "broken.docx").write_bytes(b"this is not a Word file")
    roster = Path(str(CORPUS / "roster.csv"))
    run("import", study, str(inbox / "fg1-regional.docx"), "--group", "1", "--roster", str(roster))
    run("import", study, str(inbox / "fg2-metropolitan.vtt"), "--group", "2")
    out = run("import", study, str(inbox / "fg7-notes.txt"), str(inbox / "broken.docx"),
              "--group", "7", ok=False)  # fmt: skip
    assert "broken.docx" in out
    again = run("import", study, str(inbox / "fg1-regional.docx"), "--group", "1", ok=False)
    assert "already" in again.lower() or "duplicate" in again.lower()
    info = json.loads(run("info", study, "--json"))
    assert info["documents"] == 3 and info["turns"] > 100

    # 3. de-identification before anyone reads closely
    report = tmp_path / "deid.csv"
    run("deid", study, "fg7-notes", "--report", str(report))
    rows = list(csv.DictReader(report.open(encoding="utf-8-sig")))
    originals = {r["original"] for r in rows}
    assert {"Sharon Tully", "0412 345 678", "Ballarat"} <= originals
    assert any("1234567" in o for o in originals)
    kept = [r for r in rows if r["original"] != "Navigator"]  # the lead drops a false alarm
    kept.append({**kept[0], "start": "", "end": "", "original": "Shaz", "kind": "person",
                 "source": "reviewer", "replacement": "", "context": ""})  # fmt: skip
    with (tmp_path / "reviewed.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(kept)
    key = tmp_path / "key.csv"
    run("deid", study, "--apply", str(tmp_path / "reviewed.csv"), "--key-out", str(key))
    p = realist.open_project(study, coder="lee")
    notes = p.document("fg7-notes").text
    assert "Sharon" not in notes and "0412" not in notes and "Ballarat" not in notes
    person = notes.split("With ", 1)[1].split(" it was", 1)[0]
    assert person.startswith("[Person") and notes.count(person) == 2
    assert key.exists() and "Sharon Tully" in key.read_text(encoding="utf-8-sig")

    # 4. a coding frame as initial programme theory; blind coding on
    run("frame", "load", study, "family-preservation-reunification")
    run("setting", study, "blind_coding", "true")
    codes = {c.key: c for c in p.codes()}
    context = next(k for k, c in codes.items() if c.kind.value == "context")
    outcome = next(k for k, c in codes.items() if c.kind.value == "outcome")

    # 5. two coders code the same transcript independently
    doc = p.document("fg7-notes")
    time_at = doc.text.index("it was the time")
    ana, ben = p.with_coder("ana"), p.with_coder("ben")
    ana.apply_codes(doc.id, time_at, time_at + 15, [context])
    ben.apply_codes(doc.id, time_at + 7, time_at + 15, [context])
    ben.apply_codes(doc.id, doc.text.index("The Navigator got"), len(doc.text) - 1, [outcome])
    assert {c.coder_id for c in ana.codings()} == {ana.coder.id}
    assert {c.coder_id for c in ben.codings()} == {ben.coder.id}

    # 6. agreement, once the lead opens comparison
    run("setting", study, "comparison_open", "true")
    table = json.loads(run("agreement", study, "--coders", "ana,ben", "--json"))
    assert table
    assert "disagree" in run("disagreements", study, "--coders", "ana,ben").lower() or True

    # 7. CMOCs from evidence over several turns
    listen = doc.text.index("just listen")
    closed = doc.text.index("was closed early")
    cmoc = ana.add_cmoc(
        "Time lets trust grow",
        "If practitioners have time (C), then families engage (O), because they feel heard (M)",
        [EvidenceSpan(doc.id, time_at, time_at + 15, "C"),
         EvidenceSpan(doc.id, listen, listen + 11, "M-response"),
         EvidenceSpan(doc.id, closed, closed + 16, "O")],
        level="family", status="supports",
    )  # fmt: skip
    assert len(p.cmoc(cmoc.id).evidence) == 3

    # 8-9. demi-regularities and the paper's table
    p.add_demi_regularity("Time to engage", [cmoc.id], level="family", context="Time",
                          mechanism_response="Feeling heard", outcome="Engagement")  # fmt: skip
    out_docx = tmp_path / "table.docx"
    run("table", study, "--format", "docx", "--out", str(out_docx))
    text = "\n".join(
        c.text for t in docx.Document(str(out_docx)).tables for r in t.rows for c in r.cells
    )
    assert "Time to engage" in text
    run("network", study, "--format", "png", "--out", str(tmp_path / "network.png"))
    assert (tmp_path / "network.png").stat().st_size > 1000

    # 10. hand-over as REFI-QDA, and back again
    qdpx = tmp_path / "fprr.qdpx"
    run("export", study, "--format", "qdpx", "--out", str(qdpx))
    back = str(tmp_path / "back.realist")
    run("init", back, "--owner", "lee")
    run("import", back, str(qdpx))
    before, after = p.info(), realist.open_project(back, coder="lee").info()
    for count in ("documents", "codings", "cmocs", "demi_regularities"):
        assert after[count] == before[count], count
