"""Decoding input bytes to text, and the one-line rejection every reader gives bad input."""

from __future__ import annotations

import codecs
import re

from sitroom.errors import E
from sitroom.records import RawDocument, Rejected

Item = RawDocument | Rejected
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def reject(source: str, code: E, **kwargs: object) -> Rejected:
    """Set an input aside with its code and one-line reason."""
    return Rejected(source, code.name, code.format(**kwargs))


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
