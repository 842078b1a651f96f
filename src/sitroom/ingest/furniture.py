"""Listing furniture glued to a line of text: what a news site's listing pages add to a
headline or a lead ("« War in Ukraine | Censor.NET", "— Ukrinform.").
:mod:`sitroom.ingest.normalize` cuts it off before anything reads the text. A listing's
time stamp ("(10.09.22 09:19)") stays: it dates an undated record (:mod:`sitroom.ingest.dates`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# listing furniture glued to a line: a site tag, a time stamp, a closing masthead
SITE_TAG = re.compile(r"\s*«\s*[^«»|\n]{1,60}\|\s*[^«»|\n]{1,40}$")
MASTHEAD_TAIL = re.compile(r"\s+[—–]\s+(?P<name>[^—–.\n]{2,40})\.?\s*$")


def strip_furniture(
    line: str, is_masthead: Callable[[str], object] = lambda _name: False
) -> tuple[str, list[str]]:
    """``line`` without the listing furniture glued to it, and the pieces cut off: a
    trailing site tag ("« Section | Site") and a closing "— Masthead." when ``is_masthead``
    knows the name."""
    cut: list[str] = []
    changed = True
    while changed:
        changed = False
        for rx in (SITE_TAG, MASTHEAD_TAIL):
            m = rx.search(line)
            if not m or m.end() - m.start() >= len(line.strip()):
                continue
            if rx is MASTHEAD_TAIL and not is_masthead(m["name"]):
                continue
            cut.append(m.group(0).strip())
            line = (line[: m.start()] + line[m.end() :]).strip()
            changed = True
    return line, cut


def strip_text_furniture(
    text: str, is_masthead: Callable[[str], object] = lambda _name: False
) -> tuple[str, list[str]]:
    """:func:`strip_furniture` on every line of ``text``."""
    lines: list[str] = []
    cut: list[str] = []
    for line in text.splitlines():
        kept, pieces = strip_furniture(line, is_masthead)
        lines.append(kept)
        cut += pieces
    return "\n".join(lines), cut
