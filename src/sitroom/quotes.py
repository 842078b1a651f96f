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
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.records import ActorRef, Mention, ParsedArticle, Quote, QuoteKind, Span, Token

#: Verbs that introduce reported speech or a stated position.
SPEECH_LEMMAS: frozenset[str] = frozenset(
    [
        "say",
        "tell",
        "warn",
        "stress",
        "add",
        "note",
        "insist",
        "deny",
        "accuse",
        "claim",
        "announce",
        "explain",
        "argue",
        "suggest",
        "write",
        "tweet",
        "report",
        "declare",
        "acknowledge",
        "admit",
        "confirm",
        "urge",
        "reply",
        "respond",
        "agree",
        "predict",
        "emphasize",
        "emphasise",
        "state",
        "reiterate",
        "assert",
        "contend",
        "complain",
        "conclude",
        "recall",
        "reveal",
        "indicate",
        "threaten",
        "promise",
        "vow",
        "pledge",
        "allege",
        "maintain",
        "concede",
        "caution",
        "observe",
        "remark",
        "comment",
        "testify",
        "signal",
        "hint",
        "demand",
        "propose",
        "ask",
        "charge",
        "point",
        "call",
        "estimate",
        "stipulate",
        "underline",
        "recommend",
        "insinuate",
        "disclose",
        "inform",
        "assure",
        "reassure",
        "mention",
        "order",
    ]
)
#: Verbs of belief and intention, kept only with a clausal complement.
COGNITION_LEMMAS: frozenset[str] = frozenset(["believe", "expect", "fear", "doubt", "consider"])
#: Verbs whose noun object is content even without a clause ("denied the reports").
OBJECT_CONTENT_LEMMAS: frozenset[str] = frozenset(
    [
        "deny",
        "announce",
        "propose",
        "demand",
        "reject",
        "confirm",
        "reveal",
        "promise",
        "pledge",
        "threaten",
        "urge",
        "call",
        "cite",
        "criticize",
        "criticise",
        "condemn",
        "blast",
        "slam",
        "attack",
        "praise",
        "defend",
        "blame",
        "accuse",
        "describe",
        "question",
        "mention",
        "endorse",
        "warn",
    ]
)
#: Verbs that count only with a subject and an object or clause ("the poll shows ...").
OBJECT_ONLY_LEMMAS: frozenset[str] = frozenset(
    [
        "show",
        "find",
        "want",
        "criticize",
        "criticise",
        "condemn",
        "blast",
        "slam",
        "attack",
        "praise",
        "defend",
        "blame",
        "cite",
        "endorse",
        "describe",
        "question",
        "mention",
    ]
)
#: Particles or prepositions that belong to the cue ("pointed out", "called for").
CUE_PARTICLES: dict[str, frozenset[str]] = {
    "point": frozenset({"out"}),
    "call": frozenset({"for", "on"}),
    "warn": frozenset({"of", "against"}),
}
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


# --------------------------------------------------------------------------- public


def extract_quotes(parsed: ParsedArticle, mentions: Sequence[Mention]) -> list[Quote]:
    """All attributions in ``parsed``, one :class:`Quote` per content fragment.

    Fragments of one attribution share the cue and source spans (the brat writer joins them
    back into one discontinuous content).
    """
    regions = quote_regions(parsed.text)
    cands = _verb_candidates(parsed, regions) + _according_candidates(parsed)
    cands = _dedupe(cands)
    cands = _add_continuations(parsed, cands, regions)
    quotes: list[Quote] = []
    for cand in cands:
        quotes.extend(_to_quotes(parsed, cand, regions, mentions))
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


def _paragraph_regions(para: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    open_at: int | None = None
    straight_at: int | None = None
    i = 0
    while i < len(para):
        ch = para[i]
        if para.startswith("''", i) or ch == '"':
            width = 2 if ch == "'" else 1
            if straight_at is None:
                straight_at = i
            else:
                out.append((straight_at, i + width))
                straight_at = None
            i += width
            continue
        if ch in OPEN_QUOTES:
            open_at = i
        elif ch in CLOSE_QUOTES and open_at is not None:
            out.append((open_at, i + 1))
            open_at = None
        i += 1
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


def _subject(parsed: ParsedArticle, verb: Token) -> int | None:
    """The subject of ``verb``, inherited through participles and conjuncts."""
    seen = 0
    tok = verb
    while seen < 4:
        for c in parsed.children(tok.i):
            if parsed.tokens[c].dep in ("nsubj", "nsubjpass") and parsed.tokens[c].tag != "WDT":
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
        if c > subj and toks[c].dep in ("acl", "advcl") and toks[c].tag == "VBG":
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
    mentions: Sequence[Mention],
) -> list[Quote]:
    text = parsed.text
    aid = parsed.article.article_id
    cue = Span(text[cand.cue[0] : cand.cue[1]], *cand.cue)
    source = Span(text[cand.source[0] : cand.source[1]], *cand.source) if cand.source else None
    speaker = _speaker(parsed, cand, mentions)
    out: list[Quote] = []
    for rng in cand.contents:
        a, b = _trim(text, *_widen(text, rng, regions, cand))
        if b <= a:
            continue
        content = Span(text[a:b], a, b)
        kind = _kind(text, content, regions, cand.speaker_after)
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
    text: str, content: Span, regions: Sequence[tuple[int, int]], speaker_after: bool
) -> QuoteKind:
    inside = [(x, y) for x, y in regions if x >= content.start and y <= content.end]
    if inside:
        if inside[0][0] == content.start and inside[-1][1] == content.end:
            return "direct"
        return "mixed"
    words = {w.strip(".,?!;:").lower() for w in content.text.split()}
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
    inside = [m for m in mentions if m.actor is not None and m.start < b and a < m.end]
    if not inside:
        return None
    if cand.head_token is not None:
        head = parsed.tokens[cand.head_token]
        for m in inside:
            if m.start <= head.start and head.end <= m.end:
                return m.actor
    return inside[0].actor
