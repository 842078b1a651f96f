"""Quotation marks: the quoted passages of a text, and whether a scraper stripped its marks.

Curly quotes pair an opening with the next closing mark; straight double quotes and doubled
apostrophes toggle within a paragraph. The marks belong to the content they enclose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
QUOTE_CHARS = '"“”„«»'


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges of quoted passages, marks included, in text order.

    Curly quotes pair an opening with the next closing mark; straight double quotes and
    doubled apostrophes toggle within a paragraph. An unclosed mark opens nothing.
    """
    regions: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        regions.extend((a + pos, b + pos) for a, b in _paragraph_regions(para))
        pos += len(para) + 1
    return sorted(regions)


MARK = re.compile("''|[\"“”„«»]")


def _paragraph_regions(para: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_at: int | None = None
    for m in MARK.finditer(para):
        i, ch = m.start(), m.group()
        if ch in ('"', "''"):
            if straight_at is None:
                straight_at = i
            else:
                out.append((straight_at, m.end()))
                straight_at = None
        elif ch in OPEN_QUOTES:
            open_at = i
        elif ch in CLOSE_QUOTES and open_at is not None:
            out.append((open_at, i + 1))
            open_at = None
    return out


def _region_at(regions: Sequence[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quoted region overlapping ``[start, end)``, if one does."""
    for a, b in regions:
        if a < end and start < b:
            return (a, b)
    return None


def _quoted_start(text: str, a: int) -> bool:
    return text[a : a + 1] in QUOTE_CHARS or text[a : a + 2] == "''"


def _mark_free(text: str) -> bool:
    """Text with neither quotation marks nor apostrophes: a scraper stripped them."""
    return not any(ch in text for ch in "\"'‘’“”«»")
