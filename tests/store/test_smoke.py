from realist.model import DocumentDraft, TurnDraft


def test_document_and_coding_round_trip(project):
    text = "Facilitator: How was it?\nP1: The worker kept showing up.\n"
    doc = project.add_document(
        DocumentDraft(
            name="FG1",
            text=text,
            sha256="x",
            turns=(TurnDraft("Facilitator", 0, 25), TurnDraft("P1", 25, len(text))),
        ),
        group="1",
    )
    code = project.add_code("m.persist", "Persistence", "mechanism_resource")
    coding = project.add_coding(doc.id, 29, 55, code.key)
    assert project.document("FG1").excerpt(coding.start, coding.end) == text[29:55]
    df = project.codings_df()
    assert df.loc[0, "speaker"] == "P1"
    assert project.info()["codings"] == 1
