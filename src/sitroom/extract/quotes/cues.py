"""Attribution candidates from cues: speech, cognition and stance verbs with their source (the
subject phrase) and content, and ``according to X``.

A cue is the verb with its auxiliaries and particle ("has pointed out"); the source is the
whole subject phrase, titles and appositions included; the content comes from
:mod:`sitroom.extract.quotes.contents`. A candidate whose source is "I" or "we" is words inside
someone else's quote and is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand, _clip, _line_bounds, _token_range_chars
from sitroom.extract.quotes.contents import _content_for
from sitroom.extract.quotes.words import (
    cognition_lemmas,
    cue_particles,
    first_second_person,
    object_only_lemmas,
    speech_lemmas,
)
from sitroom.records import ParsedArticle, Token


def _is_cue_verb(tok: Token) -> bool:
    if tok.pos not in ("VERB", "AUX"):
        return False
    if tok.tag == "VBN" and tok.dep in ("amod", "acl"):
        return False
    lemma = tok.lemma.lower()
    return lemma in speech_lemmas() or lemma in cognition_lemmas() or lemma in object_only_lemmas()


def _verb_candidates(parsed: ParsedArticle, regions: Sequence[tuple[int, int]]) -> list[_Cand]:
    out: list[_Cand] = []
    for tok in parsed.tokens:
        if not _is_cue_verb(tok):
            continue
        cand = _verb_candidate(parsed, tok, regions)
        if cand is not None:
            out.append(cand)
    return out


def _verb_candidate(
    parsed: ParsedArticle, verb: Token, regions: Sequence[tuple[int, int]]
) -> _Cand | None:
    line = _line_bounds(parsed.text, verb.start)
    subj = _subject(parsed, verb)
    if (
        subj is not None
        and _clip((parsed.tokens[subj].start, parsed.tokens[subj].end), line) is None
    ):
        subj = None
    source = _source_range(parsed, subj) if subj is not None else None
    source = _clip(source, line) if source else None
    cue = _cue_range(parsed, verb)
    found, after, conf = _content_for(parsed, verb, regions, source, cue)
    appos = _appositive_speaker(parsed, verb) if not found else None
    if appos is not None:
        subj, source = appos, _source_range(parsed, appos)
        found, after, conf = [_sentence_before(parsed, appos)], True, 0.8
    contents = [c for c in (_clip(r, line) for r in found) if c is not None]
    if not contents:
        return None
    if source is None and verb.dep not in ("ROOT", "ccomp", "conj", "parataxis"):
        return None
    if source is None and verb.lemma.lower() in object_only_lemmas():
        return None
    if source is not None and parsed.text[source[0] : source[1]].lower() in first_second_person():
        return None  # "we want ...", "I think ...": words inside someone else's quote
    return _Cand(cue, source, tuple(contents), after, subj, conf)


def _appositive_speaker(parsed: ParsedArticle, verb: Token) -> int | None:
    """``X is considering measures, a senior official told Reuters``, parsed with the speaker
    as an apposition to a noun of the content: the noun phrase between a comma and the cue
    (with no comma closing it, unlike "Hugh Hill, a doctor, said")."""
    if verb.lemma.lower() not in speech_lemmas() or verb.i == 0:
        return None
    toks = parsed.tokens
    head = toks[verb.i - 1]
    while head.head != head.i and head.head < verb.i and head.dep != "appos":
        head = toks[head.head]
    if head.dep != "appos" or head.pos not in ("NOUN", "PROPN"):
        return None
    first = min(parsed.subtree(head.i))
    if first == 0 or toks[first - 1].text != "," or max(parsed.subtree(head.i)) != verb.i - 1:
        return None
    return head.i


def _sentence_before(parsed: ParsedArticle, tok: int) -> tuple[int, int]:
    """From the start of the sentence of ``tok`` to the comma before its phrase."""
    sent = parsed.sentences[parsed.tokens[tok].sent]
    first = min(parsed.subtree(tok))
    return sent.start, parsed.tokens[first - 1].start


def _subject(parsed: ParsedArticle, verb: Token) -> int | None:
    """The subject of ``verb``, inherited through participles and conjuncts."""
    seen = 0
    tok = verb
    while seen < 4:
        for c in parsed.children(tok.i):
            if parsed.tokens[c].dep not in ("nsubj", "nsubjpass"):
                continue
            if parsed.tokens[c].tag in ("WP", "WDT") and tok.dep != "relcl":
                return None
            return c
        if tok.dep in ("conj", "advcl", "xcomp") and tok.head != tok.i:
            tok = parsed.tokens[tok.head]
            seen += 1
            continue
        return None
    return None


def _source_range(parsed: ParsedArticle, subj: int) -> tuple[int, int]:
    """The subject phrase, titles and appositions included, participial asides left out."""
    toks = parsed.tokens
    idx = parsed.subtree(subj)
    for c in parsed.children(subj):
        if c > subj and (
            toks[c].dep == "relcl" or (toks[c].dep in ("acl", "advcl") and toks[c].tag == "VBG")
        ):
            cut = set(parsed.subtree(c))
            idx = [k for k in idx if k not in cut and k < min(cut)]
    a, b = idx[0], idx[-1]
    while a < b and toks[a].pos == "PUNCT":
        a += 1
    has_inner_comma = any(toks[k].text == "," for k in range(a, b))
    text = parsed.text
    while b > a and toks[b].pos == "PUNCT":
        if toks[b].text == "," and has_inner_comma and toks[b - 1].text != ",":
            break
        if toks[b].text == ")" and "(" in text[toks[a].start : toks[b].start]:
            break
        b -= 1
    return toks[a].start, toks[b].end


def _cue_range(parsed: ParsedArticle, verb: Token) -> tuple[int, int]:
    toks = parsed.tokens
    a = b = verb.i
    for c in sorted(parsed.children(verb.i), reverse=True):
        t = toks[c]
        if c == a - 1 and (t.dep in ("aux", "neg") or (t.dep == "advmod" and t.pos == "ADV")):
            a = c
    particles = cue_particles().get(verb.lemma.lower(), frozenset())
    for c in parsed.children(verb.i):
        t = toks[c]
        if c == b + 1 and (t.dep == "prt" or t.text.lower() in particles):
            b = c
    end = toks[b].end
    if parsed.text[end : end + 1] == ":":
        end += 1
    return toks[a].start, end


def _according_candidates(parsed: ParsedArticle) -> list[_Cand]:
    out: list[_Cand] = []
    toks = parsed.tokens
    for tok in toks:
        if tok.text.lower() != "according" or tok.i + 1 >= len(toks):
            continue
        to = toks[tok.i + 1]
        if to.text.lower() != "to":
            continue
        objs = [c for c in parsed.children(to.i) if toks[c].dep == "pobj"]
        if not objs:
            continue
        source = _source_range(parsed, objs[0])
        inner = set(parsed.subtree(tok.i))
        head = tok.head if tok.head != tok.i else tok.i
        rest = [k for k in parsed.subtree(head) if k not in inner]
        if head == tok.i or not rest:
            continue
        lo = min(inner)
        left = [k for k in rest if k < lo]
        right = [k for k in rest if k > max(inner)]
        part = right if len(right) >= len(left) else left
        if not part:
            continue
        out.append(
            _Cand(
                (tok.start, to.end),
                source,
                (_token_range_chars(parsed, part),),
                part is left,
                objs[0],
                0.8,
            )
        )
    return out
