"""Merging the rules' candidates with the tagger's linked spans and with layout attributions.

With the model in use, its attributions lead: a cue it found without a source or content takes
the rule's for the same cue, its contents are shaped as the rules shape theirs (own sentences,
final stops with the marks stripped), and confident rule attributions whose cue it missed are
kept when their content is new. Transcript turns and signed quotes
(:mod:`sitroom.extract.quotes.layout`) join unless a cue already covers theirs, and no content
runs into the label of a transcript turn after its cue.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand
from sitroom.extract.quotes.layout import layout_attributions
from sitroom.extract.quotes.linking import Linked
from sitroom.extract.quotes.marks import _mark_free
from sitroom.extract.quotes.tagger import SpanGuess
from sitroom.extract.quotes.unmarked import (
    _own_sentences,
    _reported_clause,
    _trim_unquoted,
    _with_period,
)
from sitroom.records import ParsedArticle

#: Confidence of an attribution given by layout (a transcript turn, a signed quote).
LAYOUT_CONFIDENCE = 0.9


def _with_layout(parsed: ParsedArticle, cands: list[_Cand]) -> list[_Cand]:
    """Transcript turns and signed quotes (:mod:`sitroom.extract.quotes.layout`) join the
    attributions, unless one already has their cue (which then takes the label as its source
    when it has none); those inside a turn stay their own."""
    cues = [c.cue for c in cands]
    layout = layout_attributions(parsed)
    labels = sorted(lay.source[0] for lay in layout if parsed.text[slice(*lay.cue)] == ":")
    out = [_before_next_label(parsed.text, c, labels) for c in cands]
    for lay in layout:
        same = [k for k, (a, b) in enumerate(cues) if a < lay.cue[1] and lay.cue[0] < b]
        for k in same:  # the tagger found the turn's colon but not its speaker: the label's
            c = out[k]
            inside = all(lay.content[0] <= a and b <= lay.content[1] for a, b in c.contents)
            if c.source is None and c.contents and inside:
                out[k] = _Cand(c.cue, lay.source, c.contents, c.speaker_after, lay.head_token,
                               c.confidence, c.learned, c.verbatim)  # fmt: skip
        if same:
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


def _before_next_label(text: str, c: _Cand, labels: Sequence[int]) -> _Cand:
    """``c`` with each content cut before the first transcript label inside it that follows
    the cue: a turn or a quotation never runs into the next speaker's label ("... Thank you
    very much. Minister of Industry Denis Manturov ...: Thank you, Mr President.")."""
    contents = []
    for a, b in c.contents:
        cut = next((x for x in labels if a < x < b and x > c.cue[0]), None)
        if cut is not None:
            b = cut
            while b > a and text[b - 1] in " \t\u00a0\n":
                b -= 1
        if b > a:
            contents.append((a, b))
    if tuple(contents) == c.contents or not contents:
        return c
    return _Cand(c.cue, c.source, tuple(contents), c.speaker_after, c.head_token, c.confidence,
                 c.learned, c.verbatim)  # fmt: skip


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


def _span_head(parsed: ParsedArticle, g: SpanGuess) -> int:
    """The token of ``g`` whose syntactic head lies outside it."""
    for k in range(g.ts, g.te):
        if not g.ts <= parsed.tokens[k].head < g.te or parsed.tokens[k].head == k:
            return k
    return g.te - 1
