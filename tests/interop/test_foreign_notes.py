"""Notes, cases and variables from another program land on the right things."""

from __future__ import annotations

import zipfile
from pathlib import Path

import realist

G = "0000{:04d}-4de8-4501-a82f-653d3e5d1c15".format
TEXT = "P1: We trusted the worker.\nP2: The caseload was small.\n"


def _project(path: Path) -> Path:
    start = TEXT.index("trusted")
    start2 = TEXT.index("caseload")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Q" origin="QualCoder 3.8" creatingUserGUID="{G(1)}">
 <Users><User guid="{G(1)}" name="Ann"/><User guid="{G(2)}" name="Ben"/></Users>
 <CodeBook><Codes>
  <Code guid="{G(10)}" name="Trust" isCodable="true" color="#ff0000"><NoteRef targetGUID="{G(40)}"/></Code>
 </Codes></CodeBook>
 <Variables><Variable guid="{G(20)}" name="Role" typeOfVariable="Text"/>
  <Variable guid="{G(21)}" name="Years" typeOfVariable="Integer"/></Variables>
 <Cases><Case guid="{G(30)}" name="P1"><VariableValue><VariableRef targetGUID="{G(20)}"/>
   <TextValue>practitioner</TextValue></VariableValue><VariableValue><VariableRef targetGUID="{G(21)}"/>
   <IntegerValue>7</IntegerValue></VariableValue><SourceRef targetGUID="{G(50)}"/></Case></Cases>
 <Sources><TextSource guid="{G(50)}" name="Interview" plainTextPath="internal://{G(50)}.txt" creatingUser="{G(1)}">
  <PlainTextSelection guid="{G(60)}" startPosition="{start}" endPosition="{start + 7}" creatingUser="{G(2)}">
   <Description>Said with warmth</Description>
   <Coding guid="{G(61)}" creatingUser="{G(2)}"><CodeRef targetGUID="{G(10)}"/><NoteRef targetGUID="{G(41)}"/></Coding>
  </PlainTextSelection>
  <PlainTextSelection guid="{G(62)}" startPosition="{start2}" endPosition="{start2 + 8}">
   <Description>Worth a memo</Description></PlainTextSelection>
  <NoteRef targetGUID="{G(42)}"/>
  <VariableValue><VariableRef targetGUID="{G(20)}"/><TextValue>team</TextValue></VariableValue>
 </TextSource></Sources>
 <Notes>
  <Note guid="{G(40)}" name="About trust" creatingUser="{G(1)}"><PlainTextContent>Trust memo</PlainTextContent></Note>
  <Note guid="{G(41)}" name="Coding note"><PlainTextContent>Coding memo</PlainTextContent></Note>
  <Note guid="{G(42)}" name="Source note" creatingUser="{G(2)}"><PlainTextContent>Document memo</PlainTextContent></Note>
  <Note guid="{G(43)}" name="Journal"><PlainTextContent>Project memo</PlainTextContent></Note>
 </Notes>
 <NoteRef targetGUID="{G(43)}"/>
</Project>"""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{G(50)}.txt", TEXT)
    return path


def test_notes_cases_and_variables(sqlite_project: realist.Project, tmp_path: Path) -> None:
    report = sqlite_project.import_refi(_project(tmp_path / "q.qdpx"))
    assert report.codings == 1 and report.participants == 1
    (coding,) = sqlite_project.codings()
    assert sqlite_project.get_coder(coding.coder_id).name == "Ben"
    assert coding.memo == "Coding memo\n\nSaid with warmth"
    memos = {(m.target.value, m.title, m.text) for m in sqlite_project.memos()}
    assert ("code", "About trust", "Trust memo") in memos
    assert ("document", "Source note", "Document memo") in memos
    assert ("project", "Journal", "Project memo") in memos
    assert any(t == "document" and text == "Worth a memo" for t, _, text in memos)
    (person,) = [p for p in sqlite_project.participants() if p.label == "P1"]
    assert person.attributes.get("Years") == 7
    assert person.attributes.get("Role") == "practitioner" or person.role == "practitioner"
    (doc,) = sqlite_project.documents()
    assert doc.metadata["Role"] == "team"


def test_word_only_source_uses_the_paragraphs(
    sqlite_project: realist.Project, tmp_path: Path
) -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("P1: We trusted the worker.")
    document.add_paragraph("P2: The caseload was small.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = "P1: We trusted the worker.\nP2: The caseload was small."
    start = text.index("caseload")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="W" origin="MAXQDA 2022">
 <CodeBook><Codes><Code guid="{G(10)}" name="Caseload" isCodable="true"/></Codes></CodeBook>
 <Sources><TextSource guid="{G(50)}" name="Interview" richTextPath="internal://{G(51)}.docx">
  <PlainTextSelection guid="{G(60)}" startPosition="{start}" endPosition="{start + 8}">
   <Coding guid="{G(61)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
 </TextSource></Sources></Project>"""
    path = tmp_path / "w.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{G(51)}.docx", buffer.getvalue())
    report = sqlite_project.import_refi(path)
    assert any("Word" in w for w in report.warnings)
    (coding,) = sqlite_project.codings()
    assert sqlite_project.document(coding.document_id).text[coding.start : coding.end] == "caseload"


def test_overlong_names_are_cut_to_fit_every_database(
    project: realist.Project, tmp_path: Path
) -> None:
    long_case, long_user = "C" * 300, "U" * 150
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="L" origin="MAXQDA 2022">
 <Users><User guid="{G(1)}" name="{long_user}"/></Users>
 <CodeBook><Codes><Code guid="{G(10)}" name="{"K" * 400}" isCodable="true"/></Codes></CodeBook>
 <Cases><Case guid="{G(30)}" name="{long_case}"/></Cases>
 <Sources><TextSource guid="{G(50)}" name="{"S" * 400}" plainTextPath="internal://{G(50)}.txt">
  <PlainTextSelection guid="{G(60)}" startPosition="3" endPosition="10" creatingUser="{G(1)}">
   <Coding guid="{G(61)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
 </TextSource></Sources></Project>"""
    path = tmp_path / "l.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{G(50)}.txt", TEXT)
    report = project.import_refi(path)
    assert report.codings == 1 and report.participants == 1
    assert any(len(c.name) == 100 for c in project.coders())


def test_pdf_text_and_media_transcripts_are_read_pictures_skipped(
    sqlite_project: realist.Project, tmp_path: Path
) -> None:
    start = TEXT.index("caseload")
    qde = f"""<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="M" origin="ATLAS.ti 9">
 <CodeBook><Codes><Code guid="{G(10)}" name="Caseload" isCodable="true"/></Codes></CodeBook>
 <Sources>
  <PDFSource guid="{G(50)}" name="Report.pdf" path="internal://{G(52)}.pdf">
   <PDFSelection guid="{G(70)}" page="0" firstX="1" firstY="1" secondX="5" secondY="5"/>
   <Representation guid="{G(51)}" plainTextPath="internal://{G(51)}.txt">
    <PlainTextSelection guid="{G(60)}" startPosition="{start}" endPosition="{start + 8}">
     <Coding guid="{G(61)}"><CodeRef targetGUID="{G(10)}"/></Coding></PlainTextSelection>
   </Representation>
  </PDFSource>
  <PictureSource guid="{G(53)}" name="photo.jpg" path="internal://{G(53)}.jpg"/>
  <VideoSource guid="{G(54)}" name="Interview.mp4" path="relative:///x.mp4">
   <Transcript guid="{G(55)}" name="Interview transcript">
    <PlainTextContent>P1: We met weekly.</PlainTextContent></Transcript>
  </VideoSource>
 </Sources></Project>"""
    path = tmp_path / "m.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", qde)
        archive.writestr(f"sources/{G(51)}.txt", TEXT)
        archive.writestr(f"sources/{G(52)}.pdf", b"%PDF-1.4")
    report = sqlite_project.import_refi(path)
    assert report.documents == 2 and report.codings == 1
    (coding,) = sqlite_project.codings()
    assert sqlite_project.document(coding.document_id).text[coding.start : coding.end] == "caseload"
    assert any("picture source 'photo.jpg'" in w for w in report.warnings)
    assert any("area selections" in w for w in report.warnings)
    assert any("video source 'Interview.mp4'" in w for w in report.warnings)
