"""Text without quotation marks: reading a content as quoted or reported when a scraper
stripped the marks, and the sentences around it that belong to it.

With the marks gone, a content keeps its final full stop (or comma) only when it reads as the
speaker's own words (first or second person, several sentences, or a present-tense sentence
of its own before the speaker clause); a paragraph that opens with a speaker's words is read
as one quotation, up to a sentence of the reporter's (:func:`_narrated`) or of another
attribution. Sentence breaks skip abbreviations ("Mr.", "U.S.") and initials.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from sitroom.extract.quotes.candidate import _Cand, _words
from sitroom.extract.quotes.marks import QUOTE_CHARS, _mark_free, _quoted_start
from sitroom.extract.quotes.words import (
    abbreviations,
    first_second_person,
    narrator_subjects,
    past_words,
    present_words,
)
from sitroom.records import ParsedArticle

SENTENCE_END = re.compile(r"[.?!]\s")


def _sentence_break(body: str) -> bool:
    """Whether ``body`` holds the end of a sentence: a stop followed by a capital or a digit,
    not one that closes an abbreviation ("U.S.", "a.m.", "Mr.") or an initial ("P.")."""
    for m in re.finditer(r"(\S*)([.?!])\s+(?=[A-Z0-9])", body):
        word, stop = m.group(1), m.group(2)
        if stop == "." and (
            "." in word or len(word) == 1 or word.lower().strip("(\"'") in abbreviations()
        ):
            continue
        return True
    return False


def _trim_unquoted(text: str, rng: tuple[int, int]) -> tuple[int, int]:
    """A trailing comma, colon or full stop belongs to a content only inside quotation
    marks (a full stop that ends an abbreviation such as ``U.S.`` stays)."""
    a, b = rng
    while b > a + 1 and text[b - 1] in ",;:." and text[b - 2] not in QUOTE_CHARS + "’'":
        if text[b - 1] == "." and _abbreviation(text, a, b):
            break
        b -= 1
    return a, b


def _reported_clause(text: str, rng: tuple[int, int]) -> tuple[int, int]:
    """A content opening with "that" is reported, never quoted: no final full stop or comma."""
    a, b = rng
    if text[a : a + 5] == "that " and text[b - 1 : b] in ".," and not _own_words(text[a:b]):
        return _trim_unquoted(text, rng)
    return rng


def _own_words(body: str) -> bool:
    """First or second person not backshifted into the past: the speaker's own words
    ("that we are ready"), which a quotation may have carried."""
    words = _words(body)
    return bool(words & first_second_person()) and not _past_only(words)


def _past_only(words: set[str]) -> bool:
    """Backshifted verbs ("was", "would") and no present ones: reported, not quoted."""
    return bool(words & past_words()) and not words & present_words()


def _abbreviation(text: str, a: int, b: int) -> bool:
    """Whether the full stop at ``b - 1`` closes an abbreviation ("U.S.", "Jr.", "a.m.")."""
    word = text[a : b - 1].rsplit(None, 1)[-1] if text[a : b - 1].strip() else ""
    return "." in word or (len(word) <= 3 and word[:1].isupper() and word.isalpha())


def _own_sentences(
    text: str, contents: tuple[tuple[int, int], ...], cue: tuple[int, int]
) -> tuple[tuple[int, int], ...]:
    """Drop fragments after the cue that open a new sentence with no quotation mark, when
    the content already has words before the cue ("X, he said. Y" reports X only: Y is
    the reporter's unless quoted)."""
    if _mark_free(text) or not any(b <= cue[0] for _, b in contents):
        return contents
    out: list[tuple[int, int]] = []
    for a, b in contents:
        gap = text[max(cue[1], out[-1][1] if out else cue[1]) : a]
        if a >= cue[1] and SENTENCE_END.search(gap + " ") and not _quoted_start(text, a):
            continue
        out.append((a, b))
    return tuple(out) or contents


def _with_period(text: str, rng: tuple[int, int], cue: tuple[int, int]) -> tuple[int, int]:
    """Quoted passages keep their final full stop (or, before the speaker clause, comma)
    inside the marks; with the marks gone, a content that stops right before one takes it
    when it reads as the speaker's own words (see :func:`_reads_as_quoted`)."""
    a, b = rng
    nxt = text[b : b + 1]
    if nxt not in (".", "?", "!", ","):
        return rng
    if (nxt == "," and b > cue[0]) or (nxt != "," and b <= cue[0]):
        return rng  # a comma only before the speaker clause, a full stop only after the cue
    colon = text[cue[1] : a].strip().startswith(":") or text[cue[1] : cue[1] + 1] == ":"
    if colon or _reads_as_quoted(text[a:b], before_cue=b <= cue[0]):
        return a, b + 1
    return rng


def _paragraph_rest(parsed: ParsedArticle, cand: _Cand, cands: Sequence[_Cand]) -> _Cand:
    """With the marks stripped, a paragraph that opens with the words of a speaker whose
    clause then ends the sentence ("It is finished, she said. In my head, anyway.") is
    mostly one quotation: the rest of the paragraph joins the content (or the last part of
    it that the model found grows to the paragraph's end), up to the first sentence that
    holds another attribution."""
    text = parsed.text
    if not cand.learned or not cand.contents:
        return cand
    clause_end = max(cand.cue[1], cand.source[1] if cand.source else 0)
    before = [r for r in cand.contents if r[1] <= cand.cue[0]]
    after = sorted(r for r in cand.contents if r[0] >= clause_end)
    if not before or len(before) + len(after) != len(cand.contents):
        return cand
    first, last = min(before)[0], max(b for _, b in before)
    para_start = text.rfind("\n", 0, first) + 1
    para_end = text.find("\n", cand.cue[1])
    para_end = len(text) if para_end < 0 else para_end
    if text[para_start:first].strip() or text[last - 1] != "," or _long(text, para_start):
        return cand
    if after:
        if text[after[-1][1] - 1] not in ".?!":
            return cand
        start = after[-1][1]
    else:
        stop = SENTENCE_END.search(text, clause_end, para_end)
        if stop is None:
            return cand
        start = stop.end()
    while start < para_end and text[start].isspace():
        start += 1
    end = _free_until(text, cand, cands, start, para_end)
    if end <= start or _narrated(parsed, cand, start, end):
        return cand
    if after:
        grown = (after[-1][0], end)
        contents = (*before, *after[:-1], grown)
    else:
        contents = (*cand.contents, (start, end))
    return replace(cand, contents=contents)


#: Paragraphs longer than this (in characters) are not read as one quotation: a text with no
#: line breaks at all (a flattened transcript) is one long "paragraph".
MAX_QUOTED_PARAGRAPH = 1500


def _long(text: str, para_start: int) -> bool:
    end = text.find("\n", para_start)
    return (len(text) if end < 0 else end) - para_start > MAX_QUOTED_PARAGRAPH


def _spans_of_others(cand: _Cand, cands: Sequence[_Cand]) -> list[tuple[int, int]]:
    """The cues and contents of the attributions other than ``cand``."""
    return [r for c in cands if c is not cand for r in (c.cue, *c.contents)]


def _free_until(text: str, cand: _Cand, cands: Sequence[_Cand], start: int, limit: int) -> int:
    """The end of the sentences from ``start`` (up to ``limit``) that hold no cue or content
    of another attribution (``start`` itself when the first one does)."""
    others = _spans_of_others(cand, cands)
    end = limit
    for o_start, o_end in sorted(others):
        if o_end > start and o_start < end:
            if o_start <= start:
                return start
            ends = list(SENTENCE_END.finditer(text, start, o_start))
            end = min(end, ends[-1].start() + 1 if ends else start)
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _paragraph_head(parsed: ParsedArticle, cand: _Cand, cands: Sequence[_Cand]) -> _Cand:
    """With the marks stripped, words quoted before their speaker clause ("..., she said")
    that open a sentence in the middle of a paragraph take the sentences before them in
    that paragraph when no other attribution holds them (a quote of several sentences)."""
    text = parsed.text
    if not cand.learned or not cand.contents:
        return cand
    a, b = min(cand.contents)
    if b > cand.cue[0] or text[b - 1] != ",":
        return cand
    para_start = text.rfind("\n", 0, a) + 1
    if _long(text, para_start):
        return cand
    before = text[para_start:a]
    if not before.strip() or not SENTENCE_END.search(before.rstrip() + " "):
        return cand
    if before.rstrip()[-1:] != "." or "?" in before:  # not after a reporter's question
        return cand
    start = para_start
    while start < a and text[start].isspace():
        start += 1
    others = _spans_of_others(cand, cands)
    if any(x < a and start < y for x, y in others) or _narrated(parsed, cand, start, a):
        return cand
    contents = tuple(sorted([(start, b), *(r for r in cand.contents if r != (a, b))]))
    return replace(cand, contents=contents)


def _narrated(parsed: ParsedArticle, cand: _Cand, start: int, end: int) -> bool:
    """Whether the sentences ``[start, end)`` read as the reporter's: a parenthesis, the
    speaker named again, or a third-person pronoun as a subject ("That month, he ...")."""
    text = parsed.text
    if text[start : start + 1] in "([":
        return True
    if cand.source is not None:
        names = re.findall(r"[A-Z][\w-]+", text[cand.source[0] : cand.source[1]])
        if names and re.search(rf"\b{re.escape(names[-1])}\b", text[start:end]):
            return True
    first, last = parsed.token_at(start), parsed.token_at(end - 1)
    if first is None or last is None:
        return False
    return any(
        t.dep in ("nsubj", "nsubjpass") and t.text.lower() in narrator_subjects()
        for t in parsed.tokens[first : last + 1]
    )


def _reads_as_quoted(body: str, before_cue: bool) -> bool:
    """Whether a content with its marks stripped reads as words quoted as spoken: in the
    first or second person ("we", "you"), several sentences, or (before the speaker clause)
    a sentence of its own not backshifted into the past ("Talks are over, she said")."""
    words = _words(body)
    if _sentence_break(body):
        return True
    past_only = _past_only(words)
    own_sentence = body[:1].isupper() and len(body.split()) >= MIN_QUOTED_WORDS
    if words & first_second_person():
        return own_sentence or not past_only
    return before_cue and own_sentence and not past_only


#: Words a stripped content needs to read as a sentence of its own: a shorter one before the
#: speaker clause is the subject or opening of an indirect one ("Climate change, he said, is").
MIN_QUOTED_WORDS = 4
