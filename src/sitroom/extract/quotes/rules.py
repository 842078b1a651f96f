"""Quotes: who said what, with or without quotation marks.

Detection is driven by the cue and the dependency parse, not by the marks, so that text whose
quotation marks were stripped by a scraper still yields its attributions:

* a speech or cognition verb (``said``, ``warned``, ``told``, ``pointed out`` ...) with a subject
  (the source) and a clausal complement (the content), speaker before or after the content,
  with or without an apposition between them;
* ``according to X, ...``;
* a speaker clause standing alone after a question or exclamation ("... threats? he said.");
* quotation-mark regions (straight, curly or doubled apostrophes) widen a content to the whole
  quoted passage, across sentences, and quoted passages that follow an attribution with no cue
  of their own become continuations of it (same cue and source, another content fragment).

Spans follow the PolNeAR conventions: the cue is the verb with its auxiliaries and particle,
the source the whole subject phrase (titles and appositions included), the content the
complement without its final period and without the ``, he said`` part; quotation marks and
the punctuation inside them belong to the content.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sitroom.extract.quotes.layout import layout_attributions
from sitroom.extract.quotes.tagger import SPEECH_VERBS, Linked, SpanGuess, link_spans, predict_spans
from sitroom.records import (
    ActorRef,
    Mention,
    ParsedArticle,
    Quote,
    QuoteKind,
    Sentence,
    Span,
    Token,
)

#: Verbs that introduce reported speech or a stated position: the shared speech verbs and a few
#: the rules also take as cues.
SPEECH_LEMMAS: frozenset[str] = SPEECH_VERBS | frozenset(
    ["stipulate", "underline", "insinuate", "reassure", "order"]
)
#: Verbs of belief and intention, kept only with a clausal complement.
COGNITION_LEMMAS: frozenset[str] = frozenset(["believe", "expect", "fear", "doubt", "consider"])
#: Stance verbs (praise, blame, condemn ...): a cue with an object or a clause.
STANCE_LEMMAS: frozenset[str] = frozenset(
    [
        "attack",
        "blame",
        "blast",
        "cite",
        "condemn",
        "criticise",
        "criticize",
        "defend",
        "describe",
        "endorse",
        "mention",
        "praise",
        "question",
        "reject",
        "slam",
    ]
)
#: Verbs whose noun object is content even without a clause ("denied the reports").
OBJECT_CONTENT_LEMMAS: frozenset[str] = STANCE_LEMMAS | frozenset(
    [
        "accuse",
        "announce",
        "call",
        "confirm",
        "demand",
        "deny",
        "pledge",
        "promise",
        "propose",
        "reveal",
        "threaten",
        "urge",
        "warn",
    ]
)
#: Verbs that count only with a subject and an object or clause ("the poll shows ...").
OBJECT_ONLY_LEMMAS: frozenset[str] = STANCE_LEMMAS | frozenset(
    [
        "find",
        "show",
        "want",
    ]
)
#: Particles or prepositions that belong to the cue ("pointed out", "called for").
CUE_PARTICLES: dict[str, frozenset[str]] = {
    "point": frozenset({"out"}),
    "call": frozenset({"for", "on"}),
    "warn": frozenset({"of", "against"}),
    "describe": frozenset({"as"}),
}
#: Verbs whose "as" phrase is the content when they have no object after them ("which the
#: minister described as false": the relative pronoun is the object, the "as" phrase the claim).
AS_CONTENT_LEMMAS: frozenset[str] = frozenset(["describe"])
CONTENT_DEPS: frozenset[str] = frozenset({"ccomp"})
OPEN_QUOTES = "“„«"
CLOSE_QUOTES = "”»"
QUOTE_CHARS = '"“”„«»'
FIRST_SECOND_PERSON: frozenset[str] = frozenset(
    [
        "i",
        "we",
        "me",
        "us",
        "my",
        "our",
        "mine",
        "ours",
        "you",
        "your",
        "yours",
        "myself",
        "ourselves",
    ]
)


def _words(text: str) -> set[str]:
    """The lower-cased words of ``text``, bare of punctuation; "US" in capitals is the
    country, not the pronoun, and stays as it is."""
    out = set()
    for w in text.split():
        w = w.strip(".,?!;:")
        out.add(w if w == "US" else w.lower())
    return out


#: Sentence adverbs that open a content but are not part of what was said.
LEADING_CONNECTIVES: frozenset[str] = frozenset(
    [
        "However",
        "Still",
        "Meanwhile",
        "Moreover",
        "Furthermore",
        "Nevertheless",
        "Instead",
        "Also",
        "Separately",
    ]
)


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


# --------------------------------------------------------------------------- public


def extract_quotes(parsed: ParsedArticle, mentions: Sequence[Mention]) -> list[Quote]:
    """All attributions in ``parsed``, one :class:`Quote` per content fragment.

    Fragments of one attribution share the cue and source spans (the brat writer joins them
    back into one discontinuous content).
    """
    regions = quote_regions(parsed.text)
    cands = _dedupe(_verb_candidates(parsed, regions) + _according_candidates(parsed))
    guesses = predict_spans(parsed)
    if guesses is not None:
        cands = _learned_candidates(parsed, link_spans(parsed, guesses), cands)
    else:
        cands = _add_continuations(parsed, cands, regions)
    cands = _with_layout(parsed, cands)
    cands = _first_person_sentences(parsed, cands, regions)
    if _mark_free(parsed.text):
        cands = [_paragraph_head(parsed, c, cands) for c in cands]
        cands = [_paragraph_rest(parsed, c, cands) for c in cands]
    speakers = _resolve_it(parsed, cands, [_speaker(parsed, c, mentions) for c in cands])
    quotes: list[Quote] = []
    for cand, speaker in zip(cands, speakers, strict=True):
        quotes.extend(_to_quotes(parsed, cand, regions, speaker))
    quotes.sort(key=lambda q: (q.cue.start, q.content.start))
    return quotes


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


# --------------------------------------------------------------------------- quote marks


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


# --------------------------------------------------------------------------- candidates


def _is_cue_verb(tok: Token) -> bool:
    if tok.pos not in ("VERB", "AUX"):
        return False
    if tok.tag == "VBN" and tok.dep in ("amod", "acl"):
        return False
    lemma = tok.lemma.lower()
    return lemma in SPEECH_LEMMAS or lemma in COGNITION_LEMMAS or lemma in OBJECT_ONLY_LEMMAS


def _verb_candidates(parsed: ParsedArticle, regions: Sequence[tuple[int, int]]) -> list[_Cand]:
    out: list[_Cand] = []
    for tok in parsed.tokens:
        if not _is_cue_verb(tok):
            continue
        cand = _verb_candidate(parsed, tok, regions)
        if cand is not None:
            out.append(cand)
    return out


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    """Start and end of the line (paragraph) holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _clip(rng: tuple[int, int], bounds: tuple[int, int]) -> tuple[int, int] | None:
    a, b = max(rng[0], bounds[0]), min(rng[1], bounds[1])
    return (a, b) if a < b else None


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
    if source is None and verb.lemma.lower() in OBJECT_ONLY_LEMMAS:
        return None
    if source is not None and parsed.text[source[0] : source[1]].lower() in FIRST_SECOND_PERSON:
        return None  # "we want ...", "I think ...": words inside someone else's quote
    return _Cand(cue, source, tuple(contents), after, subj, conf)


def _appositive_speaker(parsed: ParsedArticle, verb: Token) -> int | None:
    """``X is considering measures, a senior official told Reuters``, parsed with the speaker
    as an apposition to a noun of the content: the noun phrase between a comma and the cue
    (with no comma closing it, unlike "Hugh Hill, a doctor, said")."""
    if verb.lemma.lower() not in SPEECH_LEMMAS or verb.i == 0:
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
    particles = CUE_PARTICLES.get(verb.lemma.lower(), frozenset())
    for c in parsed.children(verb.i):
        t = toks[c]
        if c == b + 1 and (t.dep == "prt" or t.text.lower() in particles):
            b = c
    end = toks[b].end
    if parsed.text[end : end + 1] == ":":
        end += 1
    return toks[a].start, end


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
    if verb.dep == "parataxis" and verb.lemma.lower() in SPEECH_LEMMAS:
        frags = _parataxis_content(parsed, verb)
        if frags:
            return frags, True, 0.8
    adjacent = _adjacent_region(parsed, verb, regions, source, cue)
    if adjacent is not None:
        return [adjacent], adjacent[0] < cue[0], 0.85
    as_phrase = _as_content(parsed, verb)
    if as_phrase is not None:
        return [as_phrase], False, 0.8
    if verb.lemma.lower() in OBJECT_CONTENT_LEMMAS | OBJECT_ONLY_LEMMAS:
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
    if verb.lemma.lower() not in AS_CONTENT_LEMMAS:
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


def _token_range_chars(parsed: ParsedArticle, idx: Sequence[int]) -> tuple[int, int]:
    return parsed.tokens[idx[0]].start, parsed.tokens[idx[-1]].end


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


#: Confidence of an attribution given by layout (a transcript turn, a signed quote).
LAYOUT_CONFIDENCE = 0.9


def _with_layout(parsed: ParsedArticle, cands: list[_Cand]) -> list[_Cand]:
    """Transcript turns and signed quotes (:mod:`sitroom.extract.quotes.layout`) join the
    attributions, unless one already has their cue; those inside a turn stay their own."""
    cues = [c.cue for c in cands]
    out = list(cands)
    for lay in layout_attributions(parsed):
        if any(a < lay.cue[1] and lay.cue[0] < b for a, b in cues):
            continue
        out.append(
            _Cand(
                lay.cue,
                lay.source,
                (lay.content,),
                False,
                lay.head_token,
                LAYOUT_CONFIDENCE,
                verbatim=True,
            )
        )
    return sorted(out, key=lambda c: c.cue)


def _dedupe(cands: list[_Cand]) -> list[_Cand]:
    """Drop a candidate whose cue lies inside another's content and which repeats it."""
    seen: set[tuple[int, int]] = set()
    out: list[_Cand] = []
    for c in sorted(cands, key=lambda c: -c.confidence):
        if c.cue in seen:
            continue
        seen.add(c.cue)
        out.append(c)
    return sorted(out, key=lambda c: c.cue)


# --------------------------------------------------------------------------- learned spans

#: Rule attributions whose cue the model did not find are kept from this confidence up.
RULE_ONLY_CONFIDENCE = 0.8


def _learned_candidates(
    parsed: ParsedArticle, linked: Sequence[Linked], rules: Sequence[_Cand]
) -> list[_Cand]:
    """Attributions from the model's linked spans, gaps filled by the rules: a cue the model
    found without a source or content takes the rule's for the same cue; confident rule
    attributions whose cue the model missed are kept when their content is new."""
    out: list[_Cand] = []
    used: set[int] = set()
    for lk in linked:
        match = next(
            (k for k, r in enumerate(rules) if r.cue[0] < lk.cue.end and lk.cue.start < r.cue[1]),
            None,
        )
        rule = rules[match] if match is not None else None
        if match is not None:
            used.add(match)
        cand = _from_linked(parsed, lk, rule)
        if cand is not None:
            out.append(cand)
    for k, r in enumerate(rules):
        if k in used or r.confidence < RULE_ONLY_CONFIDENCE:
            continue
        clashing = [c for c in out if _overlaps(c.contents, r.contents)]
        if not clashing:
            out.append(r)
        elif all(_nearer_cue(r, c) for c in clashing):
            out = [c for c in out if c not in clashing] + [r]
    return sorted(out, key=lambda c: c.cue)


def _overlaps(one: Sequence[tuple[int, int]], other: Sequence[tuple[int, int]]) -> bool:
    return any(a < y and x < b for a, b in one for x, y in other)


def _nearer_cue(rule: _Cand, learned: _Cand) -> bool:
    """The rule's cue stands between the model's cue and the content they share ("Putin hit
    out after Russia demanded that NATO withdraw"): the content belongs to the nearer one."""
    start = min(a for a, _ in rule.contents)
    return learned.cue[1] <= rule.cue[0] and rule.cue[1] <= start <= min(
        a for a, _ in learned.contents
    )


def _relative_only(parsed: ParsedArticle, guesses: Sequence[SpanGuess]) -> bool:
    """Whether a learned content is nothing but a relative pronoun ("which"), whose claim
    the rule finds elsewhere ("which X described as false")."""
    toks = parsed.tokens
    return all(all(toks[k].tag in ("WDT", "WP") for k in range(g.ts, g.te)) for g in guesses)


def _from_linked(parsed: ParsedArticle, lk: Linked, rule: _Cand | None) -> _Cand | None:
    cue = (lk.cue.start, lk.cue.end)
    if lk.contents and (rule is None or not _relative_only(parsed, lk.contents)):
        contents = _own_sentences(parsed.text, tuple((g.start, g.end) for g in lk.contents), cue)
        contents = _with_rule_before(contents, rule, cue)
        if _mark_free(parsed.text):  # a quoted-looking content keeps its final stop
            contents = tuple(_with_period(parsed.text, r, cue) for r in contents)
            contents = tuple(_reported_clause(parsed.text, r) for r in contents)
        else:
            contents = tuple(_trim_unquoted(parsed.text, r) for r in contents)
        learned = True
    elif rule is not None:
        contents, learned = rule.contents, False
        if rule.cue[0] <= cue[0] < cue[1] <= rule.cue[1]:  # the particle too ("described as")
            cue = (cue[0], rule.cue[1])
    else:
        return None
    if lk.source is not None:
        source: tuple[int, int] | None = (lk.source.start, lk.source.end)
        head: int | None = _span_head(parsed, lk.source)
    else:
        source = rule.source if rule else None
        head = rule.head_token if rule else None
    if learned:
        contents = _adjacent_before(parsed.text, contents, cue, source)
    after = contents[0][0] < cue[0]
    conf = 0.9 if rule is not None else 0.75
    return _Cand(cue, source, contents, after, head, conf, learned)


def _adjacent_before(
    text: str,
    contents: tuple[tuple[int, int], ...],
    cue: tuple[int, int],
    source: tuple[int, int] | None,
) -> tuple[tuple[int, int], ...]:
    """Words before the speaker clause belong to it only when they end right at it ("X,"
    she said, "Y"): when the content also runs on after the cue, a piece before it that
    words other than the speaker's separate from the cue was said under another cue."""
    if not any(a >= cue[1] for a, _ in contents):
        return contents

    def adjacent(b: int) -> bool:
        between = text[b : cue[0]]
        if source is not None and b <= source[0] and source[1] <= cue[0]:
            between = text[b : source[0]] + text[source[1] : cue[0]]
        return not any(ch.isalnum() for ch in between)

    kept = tuple((a, b) for a, b in contents if b > cue[0] or adjacent(b))
    return kept or contents


def _with_rule_before(
    contents: tuple[tuple[int, int], ...], rule: _Cand | None, cue: tuple[int, int]
) -> tuple[tuple[int, int], ...]:
    """The model's contents all follow the cue ("..., Putin said. This is a challenge."): the
    rule's content before the speaker clause opens the attribution."""
    if rule is None or not contents or any(a < cue[0] for a, _ in contents):
        return contents
    before = [r for r in rule.contents if r[1] <= cue[0]]
    if not before or any(a < y and x < b for a, b in before for x, y in contents):
        return contents
    return (*before, *contents)


SENTENCE_END = re.compile(r"[.?!]\s")
#: Words whose full stop ends an abbreviation, not a sentence ("Mr. Putin", "Gen. Milley").
ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "sen",
        "rep",
        "gov",
        "lt",
        "col",
        "maj",
        "sgt",
        "st",
        "jr",
        "sr",
        "inc",
        "co",
        "corp",
        "no",
        "vs",
        "prof",
        "rev",
        "adm",
        "capt",
        "ft",
        "mt",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)


def _sentence_break(body: str) -> bool:
    """Whether ``body`` holds the end of a sentence: a stop followed by a capital or a digit,
    not one that closes an abbreviation ("U.S.", "a.m.", "Mr.") or an initial ("P.")."""
    for m in re.finditer(r"(\S*)([.?!])\s+(?=[A-Z0-9])", body):
        word, stop = m.group(1), m.group(2)
        if stop == "." and (
            "." in word or len(word) == 1 or word.lower().strip("(\"'") in ABBREVIATIONS
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
    return bool(words & FIRST_SECOND_PERSON) and not _past_only(words)


def _past_only(words: set[str]) -> bool:
    """Backshifted verbs ("was", "would") and no present ones: reported, not quoted."""
    return bool(words & PAST_WORDS) and not words & PRESENT_WORDS


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


def _quoted_start(text: str, a: int) -> bool:
    return text[a : a + 1] in QUOTE_CHARS or text[a : a + 2] == "''"


def _mark_free(text: str) -> bool:
    """Text with neither quotation marks nor apostrophes: a scraper stripped them."""
    return not any(ch in text for ch in "\"'‘’“”«»")


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


#: Subjects that tell of a third person: a sentence led by one is the reporter's.
NARRATOR_SUBJECTS: frozenset[str] = frozenset(["he", "she", "they", "his", "her"])


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
        t.dep in ("nsubj", "nsubjpass") and t.text.lower() in NARRATOR_SUBJECTS
        for t in parsed.tokens[first : last + 1]
    )


#: Verb forms of reported (backshifted) speech, and of speech quoted as spoken.
PAST_WORDS: frozenset[str] = frozenset(["was", "were", "would", "could", "had", "wasnt"])
PRESENT_WORDS: frozenset[str] = frozenset(
    ["is", "are", "am", "will", "can", "has", "have", "isnt", "arent", "wont", "cant", "dont"]
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
    if words & FIRST_SECOND_PERSON:
        return own_sentence or not past_only
    return before_cue and own_sentence and not past_only


#: Words a stripped content needs to read as a sentence of its own: a shorter one before the
#: speaker clause is the subject or opening of an indirect one ("Climate change, he said, is").
MIN_QUOTED_WORDS = 4


def _span_head(parsed: ParsedArticle, g: SpanGuess) -> int:
    """The token of ``g`` whose syntactic head lies outside it."""
    for k in range(g.ts, g.te):
        if not g.ts <= parsed.tokens[k].head < g.te or parsed.tokens[k].head == k:
            return k
    return g.te - 1


# --------------------------------------------------------------------------- continuations


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


#: Words of a first-person sentence (one with no attribution joins a neighbouring one).
FIRST_PERSON_WORDS: frozenset[str] = frozenset(["i", "we", "us", "our", "my", "me", "ours"])


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
        if _words(parsed.text[a:b]) & FIRST_SECOND_PERSON:
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
    return len(words) >= 4 and any(_words(t.text) & FIRST_PERSON_WORDS for t in words)


def _outside(cue: tuple[int, int], rng: tuple[int, int]) -> bool:
    return cue[1] <= rng[0] or cue[0] >= rng[1]


def _sentence_end(parsed: ParsedArticle, char: int) -> int:
    """End of the sentence holding ``char - 1`` (so the final period is skipped)."""
    i = parsed.token_at(max(char - 1, 0))
    if i is None:
        return char
    return max(char, parsed.sentences[parsed.tokens[i].sent].end)


# --------------------------------------------------------------------------- to Quote


def _to_quotes(
    parsed: ParsedArticle,
    cand: _Cand,
    regions: Sequence[tuple[int, int]],
    speaker: ActorRef | None,
) -> list[Quote]:
    text = parsed.text
    aid = parsed.article.article_id
    cue = Span(text[cand.cue[0] : cand.cue[1]], *cand.cue)
    source = Span(text[cand.source[0] : cand.source[1]], *cand.source) if cand.source else None
    out: list[Quote] = []
    seen: set[tuple[int, int]] = set()
    for rng in cand.contents:
        a, b = (
            rng if cand.learned or cand.verbatim else _trim(text, *_widen(text, rng, regions, cand))
        )
        if b <= a or (a, b) in seen:
            continue
        seen.add((a, b))
        content = Span(text[a:b], a, b)
        kind = _kind(text, content, regions, cand.speaker_after, cand.verbatim)
        qid = hashlib.sha1(f"{aid}|{cue.start}|{a}".encode()).hexdigest()[:16]
        out.append(Quote(qid, aid, kind, cue, content, source, speaker, cand.confidence))
    return out


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
    if head in LEADING_CONNECTIVES:
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
    first_person = bool(words & FIRST_SECOND_PERSON)
    if speaker_after and (first_person or content.text.endswith(("?", "!"))):
        return "unmarked"
    if not speaker_after and first_person and not content.text.lower().startswith("that "):
        return "unmarked"
    return "indirect"


def _speaker(parsed: ParsedArticle, cand: _Cand, mentions: Sequence[Mention]) -> ActorRef | None:
    """The actor of the mention inside the source, preferring the one at its head word."""
    if cand.source is None:
        return None
    a, b = cand.source
    head = _antecedent(parsed, cand.head_token)
    if head is not None:  # "Ryabkov, who has warned ...": the speaker is Ryabkov
        a, b = parsed.tokens[head].start, parsed.tokens[head].end
    inside = [m for m in mentions if m.actor is not None and m.start < b and a < m.end]
    if not inside:
        return None
    if cand.head_token is not None:
        at = parsed.tokens[head if head is not None else cand.head_token]
        for m in inside:
            if m.start <= at.start and at.end <= m.end:
                return m.actor
    return inside[0].actor


def _antecedent(parsed: ParsedArticle, tok: int | None) -> int | None:
    """The noun a relative pronoun subject refers to, if ``tok`` is one."""
    if tok is None or parsed.tokens[tok].tag not in ("WP", "WDT"):
        return None
    verb = parsed.tokens[parsed.tokens[tok].head]
    return verb.head if verb.dep == "relcl" and verb.head != verb.i else None


# --------------------------------------------------------------------------- "it" speakers

#: Entity types of states and organisations, which "it" can stand for.
ORG_ENTS: frozenset[str] = frozenset(["GPE", "ORG", "NORP"])
IT_WINDOW = 4


def _resolve_it(
    parsed: ParsedArticle, cands: Sequence[_Cand], speakers: list[ActorRef | None]
) -> list[ActorRef | None]:
    """A source "It" with no resolved speaker stands for the state or organisation that
    spoke last, within a few sentences ("Moscow has said ... It says it needs ...")."""
    out = list(speakers)
    for k, c in enumerate(cands):
        if out[k] is not None or c.source is None or c.head_token is None:
            continue
        if parsed.text[c.source[0] : c.source[1]].lower() != "it":
            continue
        sent = parsed.tokens[c.head_token].sent
        for j in sorted(range(len(cands)), key=lambda j: -cands[j].cue[0]):
            other = cands[j]
            if other.cue[0] >= c.cue[0] or other.head_token is None or out[j] is None:
                continue
            head = parsed.tokens[other.head_token]
            if head.sent < sent - IT_WINDOW:
                break
            if head.ent_type in ORG_ENTS:
                out[k] = out[j]
                break
    return out
