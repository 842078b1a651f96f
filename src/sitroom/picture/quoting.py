"""How a quote's words are shown in the briefing, the timeline and the web pages.

Only a direct quote is the speaker's own words, so only a direct quote is shown in quotation
marks, and in one pair only: its content carries its own marks ("“I hope ...”"), which are
taken off before the pair is put around it, so that no mark is ever doubled. Indirect, mixed
and unmarked quotes are shown as reported, with no marks added (a mixed quote keeps the marks
of the words it quotes).
"""

from __future__ import annotations

#: Opening and closing quotation marks a content may start or end with.
OPENING_MARKS = "\"“„«‘'"
CLOSING_MARKS = "\"”»’'"


def shown_quote(kind: str, text: str) -> str:
    """The words of a quote of ``kind`` as shown to a reader (see the module docstring)."""
    words = " ".join(text.split())
    if kind != "direct":
        return words
    return f"“{bare_words(words)}”"


def bare_words(text: str) -> str:
    """``text`` without the quotation marks around it, nor a comma left before the closing
    one ("“We are ready,”" -> "We are ready")."""
    words = text.strip()
    while words[:1] in OPENING_MARKS and words[:1]:
        words = words[1:].lstrip()
    while words[-1:] in CLOSING_MARKS and words[-1:]:
        words = words[:-1].rstrip()
        if words[-1:] == ",":
            words = words[:-1].rstrip()
    return words
