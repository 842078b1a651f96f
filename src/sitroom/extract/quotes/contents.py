"""Contents: what a cue reports, and how a content span is shaped and classed.

A content is the cue's clausal complement, the rest of the clause around a parenthetical
speaker ("X, Putin said, Y"), a quoted passage next to the speaker clause, the ``as`` phrase
of "described as", a noun object of the verbs that take one, or the sentence before a bare
speaker clause ("... threats? he said."). Before it becomes a quote, a rule content widens to
the quoted passages it touches and loses its outer punctuation and opening connective
(:func:`_widen`, :func:`_trim`); :func:`_kind` tells direct, mixed, unmarked and indirect apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand, _line_bounds, _token_range_chars, _words
from sitroom.extract.quotes.words import (
    as_content_lemmas,
    first_second_person,
    leading_connectives,
    object_content_lemmas,
    object_only_lemmas,
    speech_lemmas,
)
from sitroom.records import ParsedArticle, QuoteKind, Span, Token

CONTENT_DEPS: frozenset[str] = frozenset({"ccomp"})


def _content_for(
    parsed: ParsedArticle,
    verb: Token,
    regions: Sequence[tuple[int, int]],
    source: tuple[int, int] | None,
    cue: tuple[int, int],
) -> tuple[list[tuple[int, int]], bool, float]:
    """Content ranges, whether the speaker comes after the content, and a confidence."""
    toks = parsed.tokens
    line = _line_bounds(parsed.text, verb.start)
    comps = [
        c
        for c in parsed.children(verb.i)
        if toks[c].dep in CONTENT_DEPS and line[0] <= toks[c].start < line[1]
    ]
    if comps:
        comp = comps[0]
        rng = _token_range_chars(parsed, parsed.subtree(comp))
        return [rng], comp < verb.i, 0.85
    if verb.dep == "parataxis" and verb.lemma.lower() in speech_lemmas():
        frags = _parataxis_content(parsed, verb)
        if frags:
            return frags, True, 0.8
    adjacent = _adjacent_region(parsed, verb, regions, source, cue)
    if adjacent is not None:
        return [adjacent], adjacent[0] < cue[0], 0.85
    as_phrase = _as_content(parsed, verb)
    if as_phrase is not None:
        return [as_phrase], False, 0.8
    if verb.lemma.lower() in object_content_lemmas() | object_only_lemmas():
        objs = [
            c
            for c in parsed.children(verb.i)
            if toks[c].dep in ("dobj", "xcomp") and c > verb.i and toks[c].pos != "PRON"
        ]
        if objs:
            idx = sorted(k for o in objs for k in parsed.subtree(o))
            return [_token_range_chars(parsed, idx)], False, 0.6
    prev = _previous_sentence_content(parsed, verb)
    if prev is not None:
        return [prev], True, 0.6
    return [], False, 0.0


def _as_content(parsed: ParsedArticle, verb: Token) -> tuple[int, int] | None:
    """``which Kirby described as completely false``: with no object after the verb, the
    complement of its "as" is what the source claims."""
    if verb.lemma.lower() not in as_content_lemmas():
        return None
    toks = parsed.tokens
    kids = parsed.children(verb.i)
    if any(toks[c].dep in ("dobj", "ccomp", "xcomp") and c > verb.i for c in kids):
        return None
    for c in kids:
        if c == verb.i + 1 and toks[c].text.lower() == "as":
            inner = [k for k in parsed.subtree(c) if k != c and toks[k].pos != "PUNCT"]
            if inner:
                return _token_range_chars(parsed, inner)
    return None


def _parataxis_content(parsed: ParsedArticle, verb: Token) -> list[tuple[int, int]]:
    """``X, Putin said.`` or ``X, he said, Y`` parsed with the cue under the main verb."""
    head = verb.head
    toks = parsed.tokens
    while toks[head].dep == "conj" and toks[head].head < head:
        head = toks[head].head
    inner = set(parsed.subtree(verb.i))
    lo, hi = min(inner), max(inner)
    rest = [k for k in parsed.subtree(head) if k not in inner]
    left = [k for k in rest if k < lo]
    right = [k for k in rest if k > hi] if head > hi else []
    return [_token_range_chars(parsed, part) for part in (left, right) if part]


def _adjacent_region(
    parsed: ParsedArticle,
    verb: Token,
    regions: Sequence[tuple[int, int]],
    source: tuple[int, int] | None,
    cue: tuple[int, int],
) -> tuple[int, int] | None:
    """A quoted passage right before the speaker clause or right after the cue."""
    text = parsed.text
    first = min(cue[0], source[0]) if source else cue[0]
    last = max(cue[1], source[1]) if source else cue[1]
    for a, b in regions:
        if b <= first and not text[b:first].strip(" ,\u00a0\t"):
            return (a, b)
        if a >= last and not text[last:a].strip(" ,:\u00a0\t"):
            return (a, b)
    return None


def _previous_sentence_content(parsed: ParsedArticle, verb: Token) -> tuple[int, int] | None:
    """``Do they think we dont see these threats? he said.``: a bare speaker clause."""
    sent = parsed.sentences[verb.sent]
    toks = parsed.tokens
    words = [t for t in parsed.sentence_tokens(sent) if t.pos != "PUNCT"]
    if not words or len(words) > 8 or (verb.i != words[0].i and toks[words[0].i].dep != "nsubj"):
        return None
    if any(t.pos == "VERB" and t.i != verb.i for t in words) or sent.index == 0:
        return None
    prev = parsed.sentences[sent.index - 1]
    if "\n" in parsed.text[prev.end : sent.start]:
        return None
    first = toks[words[0].i]
    if first.text[:1].isupper() and parsed.text[prev.end - 1 : prev.end] not in "?!":
        return None
    return prev.start, prev.end


def _widen(
    text: str, rng: tuple[int, int], regions: Sequence[tuple[int, int]], cand: _Cand
) -> tuple[int, int]:
    """Widen a content to the quoted passages it touches, never over the cue or source."""
    a, b = rng
    blocked = [cand.cue, *([cand.source] if cand.source else [])]
    for ra, rb in regions:
        if ra >= b + 2 or rb <= a - 1:
            continue
        if any(x < rb and ra < y for x, y in blocked):
            continue
        a, b = min(a, ra), max(b, rb)
    return a, b


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """Strip spaces and outer punctuation, keeping quote marks and ``?!``."""
    strip_chars = " \t\n\u00a0,.;:-–—"
    while a < b and (text[a] in strip_chars):
        a += 1
    while b > a and text[b - 1] in strip_chars:
        b -= 1
    if b < len(text) and text[b] in "?!":
        b += 1
    head = text[a:b].split(",", 1)[0]
    if head in leading_connectives():
        a += len(head) + 1
        while a < b and text[a] in " \t\u00a0":
            a += 1
    return a, b


def _kind(
    text: str,
    content: Span,
    regions: Sequence[tuple[int, int]],
    speaker_after: bool,
    verbatim: bool = False,
) -> QuoteKind:
    """Direct or mixed by the quotation marks inside; else unmarked when the words are the
    speaker's own (first person, a question, or verbatim as in a transcript turn)."""
    inside = [(x, y) for x, y in regions if x >= content.start and y <= content.end]
    if inside:
        if inside[0][0] == content.start and inside[-1][1] == content.end:
            return "direct"
        return "mixed"
    if verbatim:
        return "unmarked"
    words = _words(content.text)
    first_person = bool(words & first_second_person())
    if speaker_after and (first_person or content.text.endswith(("?", "!"))):
        return "unmarked"
    if not speaker_after and first_person and not content.text.lower().startswith("that "):
        return "unmarked"
    return "indirect"
