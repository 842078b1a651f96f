"""Linking the tagger's spans into attributions: each content to its cue, each cue to its source.

The model (:mod:`sitroom.extract.quotes.tagger`) finds ``SOURCE``, ``CUE`` and ``CONTENT``
spans, each fragment of a discontinuous span its own; :func:`link_spans` puts them together by
the cost of the words between them (sources and punctuation are free, another content or a
paragraph break blocks the way).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sitroom.extract.quotes.tagger import SpanGuess
from sitroom.records import ParsedArticle

#: Most content words allowed between a content and its cue, or a source and its cue.
MAX_GAP = 8
SENTENCE_COST = 1


@dataclass(frozen=True, slots=True)
class Linked:
    """An attribution put together from the model's spans."""

    cue: SpanGuess
    source: SpanGuess | None
    contents: tuple[SpanGuess, ...]


class _Gaps:
    """Prefix sums over the tokens, so that the cost of any gap is found in constant time."""

    def __init__(
        self, parsed: ParsedArticle, skip: Sequence[SpanGuess], block: Sequence[SpanGuess]
    ):
        n = len(parsed.tokens)
        skipped = [False] * n
        blocked = [False] * n
        for g in skip:
            skipped[g.ts : g.te] = [True] * (g.te - g.ts)
        for g in block:
            blocked[g.ts : g.te] = [True] * (g.te - g.ts)
        self.cost = [0] * (n + 1)
        self.wall = [0] * (n + 1)
        last = ""  # the last token that is not white space
        for k, t in enumerate(parsed.tokens):
            step = SENTENCE_COST if t.text in (".", ";") else 0
            if t.pos not in ("PUNCT", "SPACE") and not skipped[k]:
                step += 1
            self.cost[k + 1] = self.cost[k] + step
            # a line break walls spans apart, except right after a colon ("He said:\n\nWe ...")
            newline = "\n" in t.text and last != ":"
            self.wall[k + 1] = self.wall[k] + (blocked[k] or newline)
            last = t.text if t.text.strip() else last

    def between(self, lo: int, hi: int) -> int | None:
        """Cost of the tokens ``[lo, hi)``; None when a wall lies between."""
        if self.wall[hi] - self.wall[lo]:
            return None
        return self.cost[hi] - self.cost[lo]


def _nearest(span: SpanGuess, others: Sequence[SpanGuess], gaps: _Gaps) -> SpanGuess | None:
    """The span of ``others`` reachable from ``span`` over the cheapest gap."""
    best: tuple[int, int, SpanGuess] | None = None
    for o in others:
        lo, hi = (span.te, o.ts) if o.ts >= span.te else (o.te, span.ts)
        if hi < lo or hi - lo > 4 * MAX_GAP + 8:
            continue
        cost = gaps.between(lo, hi)
        if cost is None or cost > MAX_GAP:
            continue
        if best is None or (cost, hi - lo) < best[:2]:
            best = (cost, hi - lo, o)
    return best[2] if best else None


def _chain(contents: Sequence[SpanGuess], owner: dict[int, SpanGuess], gaps: _Gaps) -> None:
    """A content with no cue in reach joins the content right next to it (nothing but
    punctuation between, same paragraph) when that one's speaker lies beyond it: sentences
    of one unmarked quote before "..., Putin said." or after "Putin said: ..."."""
    order = sorted(range(len(contents)), key=lambda n: contents[n].ts)
    for _ in range(2):
        for pos, n in enumerate(order):
            if n in owner:
                continue
            for m in (order[pos + 1],) if pos + 1 < len(order) else ():
                a, b = contents[n], contents[m]
                if m in owner and owner[m].ts >= b.te and gaps.between(a.te, b.ts) == 0:
                    owner[n] = owner[m]
            for m in (order[pos - 1],) if pos else ():
                a, b = contents[m], contents[n]
                if m in owner and owner[m].te <= a.ts and gaps.between(a.te, b.ts) == 0:
                    owner[n] = owner[m]


def link_spans(parsed: ParsedArticle, guesses: Sequence[SpanGuess]) -> list[Linked]:
    """Attributions from the model's spans: each content goes to the cue reachable over the
    fewest words (sources and punctuation are free, another content blocks the way), and
    each cue takes the nearest source; the contents of one cue form one attribution."""
    cues = [g for g in guesses if g.label == "CUE"]
    sources = [g for g in guesses if g.label == "SOURCE"]
    contents = [g for g in guesses if g.label == "CONTENT"]
    by_cue: dict[SpanGuess, list[SpanGuess]] = {c: [] for c in cues}
    content_gaps = _Gaps(parsed, sources, contents)  # a content's own tokens lie outside gaps
    owner: dict[int, SpanGuess] = {}
    for n, k in enumerate(contents):
        cue = _nearest(k, cues, content_gaps)
        if cue is not None:
            owner[n] = cue
    _chain(contents, owner, _Gaps(parsed, [], []))
    for n, cue in owner.items():
        by_cue[cue].append(contents[n])
    source_gaps = _Gaps(parsed, [], contents)
    out: list[Linked] = []
    for cue in cues:
        src = _nearest(cue, sources, source_gaps)
        out.append(Linked(cue, src, tuple(sorted(by_cue[cue], key=lambda g: g.ts))))
    return out
