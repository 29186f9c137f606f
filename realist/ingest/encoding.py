"""Turn the bytes of a text-like file into ``str``, or say clearly why not.

Transcripts arrive as UTF-8 (with or without a byte-order mark), as UTF-16 from Windows
tools, and now and then as Windows-1252 from old word processors. Anything else is
refused with a message that says how to fix it, never guessed at silently.

Examples
--------
>>> decode_text("Zoë: hello".encode("utf-16"), "fg.txt")
('Zoë: hello', ())
>>> text, warnings = decode_text("Zoë: hello".encode("cp1252"), "fg.txt")
>>> text, "Windows-1252" in warnings[0]
('Zoë: hello', True)
"""

from __future__ import annotations

import codecs

from realist.errors import ImportFailed

__all__ = ["decode_text", "looks_binary"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_SAVE_AS = "save it as UTF-8 text (in Word: File > Save As > Plain Text > Unicode (UTF-8)) and import again"


def decode_text(data: bytes, name: str) -> tuple[str, tuple[str, ...]]:
    """Decode ``data`` (the content of file ``name``) and return ``(text, warnings)``.

    Tries, in order: a byte-order mark (UTF-8, UTF-16, UTF-32), strict UTF-8, UTF-16
    without a mark (recognised by its zero bytes), then Windows-1252 with a warning.

    Raises
    ------
    ImportFailed
        When the bytes are binary or in no encoding above.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name), ()
            except UnicodeDecodeError as exc:
                raise ImportFailed(
                    name,
                    f"starts with a {encoding} byte-order mark but is not valid {encoding}"
                    f" (byte {exc.start}); {_SAVE_AS}",
                ) from None
    try:
        return _checked(data.decode("utf-8"), name), ()
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16, name), ("no byte-order mark; read as UTF-16",)
    if looks_binary(data):
        raise ImportFailed(
            name, "is a binary file, not text: export the transcript as .txt or .docx"
        )
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            name, f"is neither UTF-8 nor Windows-1252 text (byte {exc.start}); {_SAVE_AS}"
        ) from None
    return _checked(text, name), (
        "not valid UTF-8, read as Windows-1252; check that accented names look right",
    )


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """True when the first ``sample`` bytes hold NULs or many other control bytes.

    >>> looks_binary(b"P1: fine\\n"), looks_binary(bytes(range(32)) * 4)
    (False, True)
    """
    head = data[:sample]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls / len(head) > 0.01


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    even_zeros = head[0::2].count(0)
    odd_zeros = head[1::2].count(0)
    half = len(head) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        encoding = "utf-16-le"
    elif even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        encoding = "utf-16-be"
    else:
        return None
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _checked(text: str, name: str) -> str:
    sample = text[:8192]
    if sample and (
        "\x00" in sample
        or sum(1 for c in sample if c < " " and c not in "\t\n\r\f") / len(sample) > 0.01
    ):
        raise ImportFailed(
            name, "is a binary file, not text: export the transcript as .txt or .docx"
        )
    return text
