"""Builders shared by the tests: spans, events, quotes and articles of our own invented reports,
and a store filled with them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sitroom.quotes_model import SpanGuess
from sitroom.records import (
    Actor,
    ActorRef,
    Article,
    Event,
    Evidence,
    Extraction,
    Mention,
    Modality,
    ParsedArticle,
    Quote,
    QuoteKind,
    Span,
)
from sitroom.store import Store

ACTORS = {
    "RUS": ActorRef("RUS", "Russia", "RUS", "GOV"),
    "UKR": ActorRef("UKR", "Ukraine", "UKR", "GOV"),
    "USA": ActorRef("USA", "United States", "USA", "GOV"),
    "NATO": ActorRef("NATO", "NATO", None, "IGO"),
    "FRA": ActorRef("FRA", "France", "FRA", "GOV"),
    "GBR": ActorRef("GBR", "United Kingdom", "GBR", "GOV"),
    "putin": ActorRef("vladimir-putin", "Vladimir Putin", "RUS", "GOV"),
}


def span(text: str, sub: str, after: int = 0) -> Span:
    """The first ``sub`` in ``text`` at or after offset ``after``."""
    start = text.index(sub, after)
    return Span(sub, start, start + len(sub))


def make_event(
    article_id: str,
    text: str,
    sentence: str,
    trigger: str,
    type_: str,
    src: Sequence[tuple[str, str]],
    tgt: Sequence[tuple[str, str]],
    date: str,
    *,
    event_id: str | None = None,
    modality: Modality = "asserted",
    goldstein: float | None = None,
    quad_class: int | None = None,
    confidence: float = 0.8,
) -> Event:
    """An event whose evidence is ``sentence`` in ``text``.

    Actors are (surface, key of :data:`ACTORS`) pairs, found in the sentence like the trigger.
    """
    sent = span(text, sentence)

    def mentions(pairs: Sequence[tuple[str, str]]) -> list[Mention]:
        out = []
        for surface, actor_id in pairs:
            sp = span(text, surface, sent.start)
            out.append(Mention(surface, sp.start, sp.end, ACTORS[actor_id], "name", 0, 1))
        return out

    return Event(
        event_id=event_id or f"{article_id}-{type_}-{sent.start}",
        article_id=article_id,
        type=type_,
        mode=None,
        modality=modality,
        source=mentions(src),
        target=mentions(tgt),
        date=date,
        date_precision="day",
        location=None,
        cameo=None,
        goldstein=goldstein,
        quad_class=quad_class,
        evidence=Evidence(sent.text, sent.start, sent.end, span(text, trigger, sent.start)),
        confidence=confidence,
        coder="test",
    )


def make_quote(
    quote_id: str,
    article_id: str,
    text: str,
    cue: str,
    content: str,
    speaker: str,
    *,
    kind: QuoteKind = "indirect",
    source: str | None = None,
) -> Quote:
    """A quote of ``speaker`` (a key of :data:`ACTORS`) with its spans found in ``text``."""
    return Quote(
        quote_id,
        article_id,
        kind,
        span(text, cue),
        span(text, content),
        span(text, source) if source else None,
        ACTORS[speaker],
        0.9,
    )


def make_article(article_id: str, text: str, date: str, **fields: str | None) -> Article:
    """An article dated to the day, read from ``<article_id>.txt``."""
    return Article(article_id, f"{article_id}.txt", text, date=date, date_precision="day", **fields)


def actor_records(*keys: str) -> list[Actor]:
    """The :data:`ACTORS` of ``keys`` as records of the actors table."""
    return [Actor(r.actor_id, r.name, r.country, r.sector) for r in (ACTORS[k] for k in keys)]


def fill(
    store: Store,
    items: Iterable[tuple[Article, Sequence[Event], Sequence[Quote]]],
    *,
    actors: Sequence[Actor] = (),
    run: str = "run",
) -> None:
    """Ingest each article, then store its events, quotes and the ``actors``."""
    rows = list(items)
    store.add_ingested([(art, f"h-{art.article_id}") for art, _, _ in rows], [], run)
    store.add_extractions(
        Extraction(ParsedArticle(art, [], [], []), [], list(actors), list(qs), list(evs))
        for art, evs, qs in rows
    )


def guess(parsed: ParsedArticle, label: str, piece: str, last: bool = False) -> SpanGuess:
    """A model span over the tokens covering ``piece`` (its last occurrence if ``last``)."""
    start = parsed.text.rindex(piece) if last else parsed.text.index(piece)
    idx = [t.i for t in parsed.tokens if t.start < start + len(piece) and start < t.end]
    a, b = idx[0], idx[-1] + 1
    return SpanGuess(label, a, b, parsed.tokens[a].start, parsed.tokens[b - 1].end)
