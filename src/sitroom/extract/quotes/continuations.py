"""Continuations: passages with no cue of their own that carry on an attribution.

Quoted passages right after an attribution join it when no model is in use, and sentences in
the first person that no attribution holds (reporters do not write "we") open the attribution
after them or continue the one before them.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand, _words
from sitroom.extract.quotes.marks import _region_at
from sitroom.extract.quotes.words import first_person_words, first_second_person
from sitroom.records import ParsedArticle, Sentence


def _add_continuations(
    parsed: ParsedArticle, cands: list[_Cand], regions: Sequence[tuple[int, int]]
) -> list[_Cand]:
    """Quoted passages after an attribution, with no cue of their own, join it."""
    text = parsed.text
    out: list[_Cand] = []
    for cand in cands:
        taken = [r for c in cands if c is not cand for r in c.contents if _outside(c.cue, r)]
        extra: list[tuple[int, int]] = []
        end = max([cand.cue[1], *(b for _, b in cand.contents)])
        end = _sentence_end(parsed, end)
        for a, b in regions:
            if a < end:
                continue
            gap = text[end:a]
            if gap.strip() or "\n\n" in gap or any(x < b and a < y for x, y in taken):
                break
            extra.append((a, b))
            end = _sentence_end(parsed, b)
        out.append(
            _Cand(
                cand.cue,
                cand.source,
                cand.contents + tuple(extra),
                cand.speaker_after,
                cand.head_token,
                cand.confidence,
            )
        )
    return out


def _first_person_sentences(
    parsed: ParsedArticle, cands: list[_Cand], regions: Sequence[tuple[int, int]]
) -> list[_Cand]:
    """Sentences in the first person that belong to no attribution are the speaker's words
    (reporters do not write "we"): they open the attribution just after them in the same
    paragraph when its speaker comes after its content ("... at our doorstep. ... ? Putin
    said."), else continue the one just before them (over at most one paragraph break)."""
    spoken = [c for c in cands if c.source is not None]  # no speaker: words inside a quote
    covered = [r for c in spoken for r in (c.cue, *c.contents, c.source) if r is not None]
    covered += [r for r in regions if any(a < r[1] and r[0] < b for a, b in covered)]
    orphans = {
        s.index
        for s in parsed.sentences
        if not any(a < s.end and s.start < b for a, b in covered) and _first_person(parsed, s)
    }
    extra: dict[int, list[tuple[int, int]]] = {}
    for sents, backward in ((parsed.sentences[::-1], True), (parsed.sentences, False)):
        owner: int | None = None
        last: Sentence | None = None
        for sent in sents:
            near = last is not None and _close(parsed, sent, last, backward)
            if sent.index in orphans and owner is not None and near:
                said = cands[owner].contents + tuple(extra.get(owner, ()))
                if backward or _quote_like(parsed, said, regions):
                    extra.setdefault(owner, []).append((sent.start, sent.end))
                    orphans.discard(sent.index)
            elif sent.index in orphans:
                owner = None
            else:
                owner = _owner(cands, sent, backward)
            last = sent
    out = []
    for k, c in enumerate(cands):
        if k in extra:
            contents = tuple(sorted(c.contents + tuple(extra[k])))
            c = _Cand(c.cue, c.source, contents, c.speaker_after, c.head_token, c.confidence, False)
        out.append(c)
    return out


def _quote_like(
    parsed: ParsedArticle, contents: Sequence[tuple[int, int]], regions: Sequence[tuple[int, int]]
) -> bool:
    """Whether an attribution's contents report words as spoken (quoted, or in the first
    person), so that more first-person sentences may continue it."""
    for a, b in contents:
        if _region_at(regions, a, b) is not None:
            return True
        if _words(parsed.text[a:b]) & first_second_person():
            return True
    return False


def _close(parsed: ParsedArticle, sent: Sentence, other: Sentence, backward: bool) -> bool:
    """Adjacent sentences: the same paragraph, or (forward only) the next paragraph."""
    gap = parsed.text[sent.end : other.start] if backward else parsed.text[other.end : sent.start]
    return not gap.strip() and ("\n" not in gap if backward else gap.count("\n") <= 2)


def _owner(cands: Sequence[_Cand], sent: Sentence, backward: bool) -> int | None:
    """Forward: the attribution whose cue, else whose content end, lies in ``sent``.
    Backward: the attribution whose content opens ``sent``, its speaker coming after it."""
    if backward:
        for k, c in enumerate(cands):
            first = min(a for a, _ in c.contents)
            if c.speaker_after and sent.start <= first < sent.start + 2:
                return k
        return None
    for k, c in enumerate(cands):
        if sent.start <= c.cue[0] < sent.end:
            return k
    for k, c in enumerate(cands):
        if any(sent.start < b <= sent.end for _, b in c.contents):
            return k
    return None


def _first_person(parsed: ParsedArticle, sent: Sentence) -> bool:
    toks = parsed.sentence_tokens(sent)
    words = [t for t in toks if t.pos not in ("PUNCT", "SPACE")]
    return len(words) >= 4 and any(_words(t.text) & first_person_words() for t in words)


def _outside(cue: tuple[int, int], rng: tuple[int, int]) -> bool:
    return cue[1] <= rng[0] or cue[0] >= rng[1]


def _sentence_end(parsed: ParsedArticle, char: int) -> int:
    """End of the sentence holding ``char - 1`` (so the final period is skipped)."""
    i = parsed.token_at(max(char - 1, 0))
    if i is None:
        return char
    return max(char, parsed.sentences[parsed.tokens[i].sent].end)
