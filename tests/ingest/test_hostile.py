"""Hostile and broken files: each gets one clear line, never a traceback."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx
import pytest

from realist.errors import ImportFailed
from realist.ingest import ReadOptions, read_bytes, read_file
from tests.ingest.makers import bold_docx


def _docx_bytes() -> bytes:
    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("P1: hello")
    document.save(buf)
    return buf.getvalue()


def _rewrite(data: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = content if info.filename == member else source.read(info)
            target.writestr(info.filename, body)
    return out.getvalue()


def _fails(path: Path, *fragments: str, options: ReadOptions | None = None) -> str:
    with pytest.raises(ImportFailed) as caught:
        read_file(path, options)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message
    for fragment in fragments:
        assert fragment in message
    return message


@pytest.mark.parametrize("name", ["empty.txt", "empty.docx", "empty.vtt", "empty.srt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"")
    _fails(tmp_path / name, "is empty")


def test_whitespace_only_file(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text("  \n\n\t\n")
    _fails(tmp_path / "blank.txt", "no text")


def test_binary_renamed_docx(tmp_path: Path) -> None:
    (tmp_path / "photo.docx").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    _fails(tmp_path / "photo.docx", "not a Word document")


def test_old_doc_and_pdf_are_named(tmp_path: Path) -> None:
    (tmp_path / "old.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    _fails(tmp_path / "old.docx", "old Word .doc", "save as .docx")
    (tmp_path / "t.txt").write_bytes(b"%PDF-1.7\n...")
    _fails(tmp_path / "t.txt", "PDF")


def test_zip_that_is_not_word(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    (tmp_path / "x.docx").write_bytes(buf.getvalue())
    _fails(tmp_path / "x.docx", "not a Word document")


def test_docx_zip_bomb_by_ratio(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with (
        zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z,
        z.open("word/document.xml", "w") as member,
    ):
        for _ in range(40):
            member.write(b" " * (1 << 20))
    (tmp_path / "bomb.docx").write_bytes(buf.getvalue())
    assert (tmp_path / "bomb.docx").stat().st_size < 200_000
    _fails(tmp_path / "bomb.docx", "zip bomb")


def test_docx_that_unpacks_beyond_the_limit(tmp_path: Path) -> None:
    rng = random.Random(3)
    words = ["family", "worker", "trust", "visit", "week", "navigator", "referral", "home"]
    text = " ".join(rng.choice(words) for _ in range(1_400_000)).encode()
    data = _rewrite(_docx_bytes(), "word/document.xml", text)
    (tmp_path / "big.docx").write_bytes(data)
    assert (tmp_path / "big.docx").stat().st_size < 2 * 2**20
    _fails(tmp_path / "big.docx", "unpacks to more than", options=ReadOptions(max_mb=2))


def test_docx_with_external_entity(tmp_path: Path) -> None:
    evil = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>P1: &xxe;</w:t></w:r></w:p></w:body></w:document>"
    )
    (tmp_path / "xxe.docx").write_bytes(_rewrite(_docx_bytes(), "word/document.xml", evil))
    message = _fails(tmp_path / "xxe.docx", "DTD or XML entities")
    assert "root:" not in message


def test_docx_with_entity_expansion_bomb_in_utf16(tmp_path: Path) -> None:
    evil = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>"
    ).encode("utf-16")
    (tmp_path / "lol.docx").write_bytes(_rewrite(_docx_bytes(), "word/document.xml", evil))
    _fails(tmp_path / "lol.docx", "DTD")


def test_docx_with_unsafe_member_name(tmp_path: Path) -> None:
    data = _docx_bytes()
    buf = io.BytesIO(data)
    with zipfile.ZipFile(buf, "a") as z:
        z.writestr("../../evil.sh", "rm -rf /")
    (tmp_path / "slip.docx").write_bytes(buf.getvalue())
    _fails(tmp_path / "slip.docx", "unsafe part name")


def test_damaged_xml(tmp_path: Path) -> None:
    data = _rewrite(_docx_bytes(), "word/document.xml", b"<w:document><w:body>")
    (tmp_path / "cut.docx").write_bytes(data)
    _fails(tmp_path / "cut.docx", "damaged", "not well-formed")


def test_truncated_docx(tmp_path: Path) -> None:
    data = bold_docx(tmp_path / "ok.docx", [("P1", "hello")]).read_bytes()
    (tmp_path / "half.docx").write_bytes(data[: len(data) // 2])
    _fails(tmp_path / "half.docx", "not a Word document")


def test_windows_1252_text_is_read_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes("P1: Zoë said “no” – fine\r\nP2: ok\r\n".encode("cp1252"))
    draft = read_file(tmp_path / "old.txt")
    assert "Zoë said “no” – fine" in draft.text
    assert any("Windows-1252" in w for w in draft.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-16-le"])
def test_unicode_encodings(tmp_path: Path, encoding: str) -> None:
    (tmp_path / "u.txt").write_bytes("P1: Ngā mihi\nP2: Zoë\n".encode(encoding))
    draft = read_file(tmp_path / "u.txt")
    assert draft.text == "P1: Ngā mihi\nP2: Zoë\n"


def test_text_in_no_known_encoding_is_refused(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"P1: caf\xe9 \x81\x8d\x8f and more words here\n")
    _fails(tmp_path / "bad.txt", "neither UTF-8 nor Windows-1252", "UTF-8")


def test_binary_named_txt_is_refused(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(bytes(range(256)) * 40)
    _fails(tmp_path / "x.txt", "binary")


def test_200_mb_text_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.write(b"P1: " + b"words " * 1000)
        f.truncate(200 * 1024 * 1024)
    message = _fails(path, "200.0 MB", "--max-mb")
    assert "limit of 50 MB" in message


def test_size_limit_can_be_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"P1: hello there\nP2: hi\n" * 60_000)  # about 1.3 MB
    _fails(path, "larger than the import limit", options=ReadOptions(max_mb=1))
    assert len(read_file(path, ReadOptions(max_mb=2)).turns) == 120_000
    monkeypatch.setenv("REALIST_IMPORT_MAX_MB", "1")
    _fails(path, "limit of 1 MB")


def test_vtt_with_broken_cues_keeps_words_and_says_where(tmp_path: Path) -> None:
    path = tmp_path / "broken.vtt"
    path.write_text(
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:02.000\n<v Ann>First.</v>\n\n"
        "00:00:03.000 -> 00:00:04.000\n<v Ann>Arrow broken.</v>\n\n"
        "00:00:xx.000 --> 00:00:05.000\n<v Bob>Bad time.</v>\n\n"
        "just a stray line\n\n"
        "00:00:06.000 --> 00:00:07.000\n\n"
        "00:00:08.000 --> 00:00:09.000\n<v Bob>Last <b>one</v>\n",
        encoding="utf-8",
    )
    draft = read_file(path)
    assert [(t.speaker, draft.text[t.start : t.end]) for t in draft.turns] == [
        ("Ann", "First. Arrow broken."),
        ("Bob", "Bad time. just a stray line Last one"),
    ]
    joined = " ".join(draft.warnings)
    assert "line 6" in joined and "line 9" in joined and "line 12" in joined


def test_vtt_without_cues_is_refused(tmp_path: Path) -> None:
    (tmp_path / "none.vtt").write_text("WEBVTT\n\nNOTE nothing here\n")
    _fails(tmp_path / "none.vtt", "no captions")


def test_unsupported_suffix_with_binary_content(tmp_path: Path) -> None:
    (tmp_path / "a.xyz").write_bytes(bytes(range(256)) * 10)
    _fails(tmp_path / "a.xyz", "not a supported kind of file", ".docx")


def test_missing_file_and_folder(tmp_path: Path) -> None:
    _fails(tmp_path / "nope.docx", "does not exist")
    _fails(tmp_path, "folder")


def test_read_bytes_wraps_reader_errors() -> None:
    with pytest.raises(ImportFailed):
        read_bytes(b"PK\x03\x04garbage", "x.docx")
