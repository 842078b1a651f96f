"""The daily timeline: per day, its most important event clusters (with the evidence of
each) and its key quotes.

It reads the stored clusters (built by :func:`sitroom.picture.corroborate.build_clusters`)
when there are any, and otherwise clusters the stored events on the fly. The days are plain
data (:class:`TimelineDay`, JSON as it is); :mod:`sitroom.web.render` makes Markdown and HTML
of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any, TypedDict

from sitroom.picture.clusters import cluster_events
from sitroom.picture.ranking import (
    cluster_parties,
    importance,
    named_parties,
    salience,
    story_sizes,
)
from sitroom.picture.shared import check_date
from sitroom.records import Cluster, Event
from sitroom.store import queries
from sitroom.store.queries import ArticleMeta, DatedQuote
from sitroom.store.store import Store

EVENTS_PER_DAY = 8
QUOTES_PER_DAY = 5


class TimelineEntry(TypedDict):
    """One event cluster of a day, with its representative event's ``evidence`` (span,
    trigger, article id, event id, article title and outlet) and its ``importance``."""

    cluster_id: str
    type: str
    mode: str | None
    modality: str
    source: list[str]
    target: list[str]
    date: str | None
    n_outlets: int
    outlets: list[str]
    summary: str
    goldstein: float | None
    quad_class: int | None
    confidence: float
    event_ids: list[str]
    article_ids: list[str]
    evidence: dict[str, Any] | None
    importance: float


class KeyQuote(TypedDict):
    """A key quote of a day: the quote contract's fields but ``source``, then its date and
    its article's title and outlet."""

    quote_id: str
    article_id: str
    kind: str
    cue: dict[str, Any]
    content: dict[str, Any]
    speaker: dict[str, Any] | None
    confidence: float
    date: str | None
    title: str | None
    outlet: str | None


class TimelineDay(TypedDict):
    """One day of the timeline: its number of event clusters, the top ones, key quotes."""

    date: str
    n_events: int
    events: list[TimelineEntry]
    quotes: list[KeyQuote]


def _timeline_clusters(
    store: Store, date_from: str | None, date_to: str | None, actor: str | None
) -> list[Cluster]:
    if store.count("clusters"):
        return queries.clusters(store, date_from=date_from, date_to=date_to, actor=actor)
    events = queries.events(store, date_from=date_from, date_to=date_to, actor=actor)
    meta = queries.article_meta(store, (e.article_id for e in events))
    return cluster_events(events, meta)


def _quote_rank(dq: DatedQuote) -> tuple[int, int, int, float]:
    q = dq.quote
    length = len(q.content.text)
    return (
        int(bool(q.speaker and q.speaker.actor_id)),
        int(q.kind == "direct"),
        int(40 <= length <= 400),
        float(q.confidence or 0),
    )


def key_quote(dq: DatedQuote) -> KeyQuote:
    """A dated quote in the timeline's shape."""
    q = dq.quote
    return {
        "quote_id": q.quote_id,
        "article_id": q.article_id,
        "kind": q.kind,
        "cue": q.cue.to_dict(),
        "content": q.content.to_dict(),
        "speaker": q.speaker.to_dict() if q.speaker else None,
        "confidence": q.confidence,
        "date": dq.date,
        "title": dq.title,
        "outlet": dq.outlet,
    }


def _key_quotes(quotes: Iterable[DatedQuote], n: int) -> list[KeyQuote]:
    """The ``n`` best quotes, each wording once (wire copies repeat them)."""
    out: list[KeyQuote] = []
    seen: set[str] = set()
    for q in sorted(quotes, key=_quote_rank, reverse=True):
        key = re.sub(r"\W+", " ", q.quote.content.text.lower()).strip()
        if key in seen:
            continue
        seen.add(key)
        out.append(key_quote(q))
        if len(out) == n:
            break
    return out


def _entry(
    c: Cluster, rep: Event | None, meta: Mapping[str, ArticleMeta], rank: float
) -> TimelineEntry:
    evidence = None
    if rep is not None:
        art = meta.get(rep.article_id)
        evidence = {**rep.evidence.to_dict(), "article_id": rep.article_id,
                    "event_id": rep.event_id, "title": art.title if art else None,
                    "outlet": art.outlet if art else None}  # fmt: skip
    return {
        "cluster_id": c.cluster_id, "type": c.type, "mode": c.mode, "modality": c.modality,
        "source": list(c.source), "target": list(c.target), "date": c.date,
        "n_outlets": c.n_outlets, "outlets": list(c.outlets), "summary": c.summary,
        "goldstein": c.goldstein, "quad_class": c.quad_class, "confidence": c.confidence,
        "event_ids": list(c.event_ids), "article_ids": list(c.article_ids),
        "evidence": evidence, "importance": rank,
    }  # fmt: skip


def _distinct(ranked: Sequence[Cluster], reps: Mapping[str, Event]) -> list[Cluster]:
    """The day's clusters without repeats: a sentence coded as several events, or the same
    wording carried by several articles, is shown once (its best-ranked cluster)."""
    out: list[Cluster] = []
    seen: set[Any] = set()
    for c in ranked:
        rep = reps.get(c.event_ids[0])
        keys: set[Any] = {re.sub(r"\W+", " ", str(c.summary or "").lower()).strip()}
        if rep is not None:
            keys.add((rep.article_id, rep.evidence.start))
        if keys & seen:
            continue
        seen |= keys
        out.append(c)
    return out


def timeline(
    store: Store,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    *,
    events_per_day: int = EVENTS_PER_DAY,
    quotes_per_day: int = QUOTES_PER_DAY,
) -> list[TimelineDay]:
    """One entry per day, oldest first: ``{"date", "n_events", "events", "quotes"}``.

    ``events`` are the day's top clusters by :func:`~sitroom.picture.ranking.importance`
    (weighted by the store's principal dyads, :func:`~sitroom.picture.ranking.salience`),
    each with its one-line summary and the evidence (span, article id, title, outlet) of its
    representative event; ``quotes`` are the day's key quotes (a named speaker, direct, of
    readable length).
    """
    check_date(date_from)
    check_date(date_to)
    wide = _timeline_clusters(store, _shift(date_from, -1), _shift(date_to, 1), actor)
    sal = salience(store)
    reps = queries.events_by_id(store, [c.event_ids[0] for c in wide])
    named = named_parties(store, reps, sal)
    parties = [cluster_parties(c, sal, named.get(c.event_ids[0], ())) for c in wide]
    story = {id(c): n for c, n in zip(wide, story_sizes(wide, parties), strict=True)}
    by_day: dict[str, list[Cluster]] = {}
    for c in wide:
        day = str(c.date or "")
        if day and (date_from or day) <= day <= (date_to or day):
            by_day.setdefault(day, []).append(c)

    ranks: dict[int, float] = {}

    def rank(c: Cluster) -> float:  # computed once per cluster: it is asked again below
        if id(c) not in ranks:
            ranks[id(c)] = importance(c, sal, named.get(c.event_ids[0], ()), story[id(c)])
        return ranks[id(c)]

    ranked = {d: sorted(cs, key=rank, reverse=True) for d, cs in by_day.items()}
    top = {d: _distinct(cs, reps)[:events_per_day] for d, cs in ranked.items()}
    meta = queries.article_meta(store, (r.article_id for r in reps.values()))
    quotes: dict[str, list[DatedQuote]] = {}
    for q in queries.day_quotes(store, date_from, date_to, actor):
        quotes.setdefault(q.date or "", []).append(q)
    return [
        {
            "date": day,
            "n_events": len(by_day.get(day, [])),
            "events": [
                _entry(c, reps.get(c.event_ids[0]), meta, rank(c)) for c in top.get(day, [])
            ],
            "quotes": _key_quotes(quotes.get(day, []), quotes_per_day),
        }
        for day in sorted(set(by_day) | set(quotes))
    ]


def _shift(day: str | None, days: int) -> str | None:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat() if day else None
