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

This module runs the steps; each has its own module: candidates from cues
(:mod:`~sitroom.extract.quotes.cues`) and their contents (:mod:`~sitroom.extract.quotes.contents`),
the learned tagger (:mod:`~sitroom.extract.quotes.tagger`, :mod:`~sitroom.extract.quotes.linking`)
merged with them and with layout attributions (:mod:`~sitroom.extract.quotes.merge`),
continuations (:mod:`~sitroom.extract.quotes.continuations`), the rules for text whose marks were
stripped (:mod:`~sitroom.extract.quotes.unmarked`) and the speakers
(:mod:`~sitroom.extract.quotes.speakers`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand
from sitroom.extract.quotes.contents import _kind, _trim, _widen
from sitroom.extract.quotes.continuations import _add_continuations, _first_person_sentences
from sitroom.extract.quotes.cues import _according_candidates, _verb_candidates
from sitroom.extract.quotes.filters import _speech_only
from sitroom.extract.quotes.headlines import _colon_speakers, _cut_furniture
from sitroom.extract.quotes.linking import link_spans
from sitroom.extract.quotes.marks import _mark_free, quote_regions
from sitroom.extract.quotes.merge import _learned_candidates, _with_layout
from sitroom.extract.quotes.principals import _resolve_frames, _resolve_turns
from sitroom.extract.quotes.pronouns import _resolve_pronouns
from sitroom.extract.quotes.speakers import _resolve_it, _speaker
from sitroom.extract.quotes.tagger import SpanGuess, predict_spans
from sitroom.extract.quotes.unmarked import _paragraph_head, _paragraph_rest
from sitroom.records import ActorRef, Mention, ParsedArticle, Quote, Span

__all__ = ["extract_quotes", "quote_regions"]


def extract_quotes(
    parsed: ParsedArticle,
    mentions: Sequence[Mention],
    guesses: list[SpanGuess] | None = None,
    *,
    predicted: bool = False,
) -> list[Quote]:
    """All attributions in ``parsed``, one :class:`Quote` per content fragment.

    Fragments of one attribution share the cue and source spans (the brat writer joins them
    back into one discontinuous content). With ``predicted``, ``guesses`` are the tagger's
    spans for ``parsed`` already (:func:`~sitroom.extract.quotes.tagger.predict_spans_many`
    over a batch of articles); otherwise the tagger reads ``parsed`` here.
    """
    regions = quote_regions(parsed.text)
    cands = _dedupe(_verb_candidates(parsed, regions) + _according_candidates(parsed))
    if not predicted:
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
    cands = _speech_only(parsed, _colon_speakers(parsed, cands, mentions))
    speakers = _resolve_it(parsed, cands, [_speaker(parsed, c, mentions) for c in cands])
    speakers = _resolve_frames(parsed, cands, speakers, mentions)
    speakers = _resolve_turns(parsed, cands, speakers)
    speakers = _resolve_pronouns(parsed, cands, speakers, mentions, regions)
    quotes: list[Quote] = []
    for cand, (speaker, how) in zip(cands, speakers, strict=True):
        quotes.extend(_to_quotes(parsed, cand, regions, speaker, how))
    quotes.sort(key=lambda q: (q.cue.start, q.content.start))
    return quotes


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


def _to_quotes(
    parsed: ParsedArticle,
    cand: _Cand,
    regions: Sequence[tuple[int, int]],
    speaker: ActorRef | None,
    how: str,
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
        b = _cut_furniture(text, a, b)
        if b <= a or (a, b) in seen:
            continue
        seen.add((a, b))
        content = Span(text[a:b], a, b)
        kind = _kind(text, content, regions, cand.speaker_after, cand.verbatim)
        qid = hashlib.sha1(f"{aid}|{cue.start}|{a}".encode()).hexdigest()[:16]
        out.append(Quote(qid, aid, kind, cue, content, source, speaker, cand.confidence, how))
    return out
