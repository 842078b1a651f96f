"""Decoding input bytes to text, and the one-line rejection every reader gives bad input."""

from __future__ import annotations

import codecs
import re

from sitroom.errors import E
from sitroom.records import RawDocument, Rejected

Item = RawDocument | Rejected
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def shown(text: str) -> str:
    """``text`` fit for a one-line message: characters that are not printable (line breaks,
    terminal escapes, bidirectional controls) and bytes of a file name that were not UTF-8
    are written as escapes (``\\n``, ``\\x1b``, ``\\u202e``, ``\\xff``); printable text is
    returned unchanged."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (``os.fsdecode``'s surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if ch in "\n\r\t":
        return repr(ch)[1:-1]
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def reject(source: str, code: E, **kwargs: object) -> Rejected:
    """Set an input aside with its code and one-line reason (names in it shown escaped)."""
    return Rejected(shown(source), code.name, shown(code.format(**kwargs)))


def hidden(name: str) -> bool:
    """Hidden files and folders (and macOS archive metadata) are not inputs."""
    return name.startswith(".") or name == "__MACOSX"


class DecodeError(Exception):
    def __init__(self, code: E, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOMs, then UTF-8, Windows-1252, Latin-1; NUL bytes mean binary."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(E.E005, f"utf-16: {exc.reason}") from exc
    if b"\x00" in data:
        raise DecodeError(E.E003, "NUL bytes")
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text, encoding = data.decode("latin-1"), "latin-1"
    controls = len(CONTROL.findall(text))
    if controls > max(4, len(text) // 100):
        raise DecodeError(E.E005, f"{controls} control characters under utf-8, cp1252 and latin-1")
    return text, encoding
