"""An attribution candidate found by the rules, and small helpers over character ranges and
words that the rule modules share.

Names with a leading underscore are helpers shared among the modules of this package only;
other packages call :func:`sitroom.extract.quotes.rules.extract_quotes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.records import ParsedArticle


@dataclass(frozen=True, slots=True)
class _Cand:
    """An attribution found in the text, before it becomes a :class:`Quote`."""

    cue: tuple[int, int]
    source: tuple[int, int] | None
    contents: tuple[tuple[int, int], ...]
    speaker_after: bool
    head_token: int | None
    confidence: float
    learned: bool = False  # spans from the model: kept as found, not widened or trimmed
    verbatim: bool = False  # spans given by layout: kept as found too


def _words(text: str) -> set[str]:
    """The lower-cased words of ``text``, bare of punctuation; "US" in capitals is the
    country, not the pronoun, and stays as it is."""
    out = set()
    for w in text.split():
        w = w.strip(".,?!;:")
        out.add(w if w == "US" else w.lower())
    return out


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line (paragraph) holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _clip(rng: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int] | None:
    """The part of ``rng`` inside ``bounds``, or None when nothing is."""
    a, b = max(rng[0], bounds[0]), min(rng[1], bounds[1])
    return (a, b) if a < b else None


def _token_range_chars(parsed: ParsedArticle, idx: Sequence[int]) -> tuple[int, int]:
    """The characters from the first to the last of the tokens ``idx`` (in order)."""
    return parsed.tokens[idx[0]].start, parsed.tokens[idx[-1]].end
