"""Corroboration: the stored picture built from the stored events, and read back.

:func:`build_clusters` clusters every stored event (:mod:`sitroom.picture.clusters`: the
same event reported by several articles becomes one cluster) and pairs accusations with the
accused's responses (:mod:`sitroom.picture.claims`), then replaces the ``clusters`` and
``claims`` tables. Given the articles just added, it updates only what they can change
(:func:`update_days`): the clusters holding an event of their days (widened by ``PAD_DAYS``)
are rebuilt from those days' events, and the claims dated within ``CLAIM_WINDOW_DAYS``
before them are paired again; the rest of the picture stays as stored. When the rules
changed (``PICTURE_VERSION`` differs from the stored one) the picture is rebuilt whole.
:func:`stored_clusters` and :func:`stored_claims` read them back as records,
:func:`clusters` and :func:`claims` in the export contract's shape.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from sitroom.picture.claims import CLAIM_WINDOW_DAYS, pair_claims
from sitroom.picture.clusters import cluster_events
from sitroom.picture.shared import check_date
from sitroom.picture.wording import WORDING_DAYS
from sitroom.records import Claim, Cluster
from sitroom.store import queries
from sitroom.store.store import Store

#: The version of the clustering and claim rules: a store built with another is rebuilt whole.
PICTURE_VERSION = "4"
#: Days around a new article's days whose clusters it may change (copies of one statement
#: published up to ``WORDING_DAYS`` apart merge).
PAD_DAYS = WORDING_DAYS + 1


def build_clusters(
    store: Store, article_ids: Sequence[str] | None = None, min_confidence: float = 0.0
) -> tuple[int, int]:
    """Recompute the ``clusters`` and ``claims`` tables from the stored events that count
    (confidence at least ``min_confidence``, the setting ``events.min_confidence``), in one
    transaction; return (clusters, claims) in the store. With ``article_ids`` (the articles
    just added) and a picture built by the same rules, update only their days."""
    version = f"{PICTURE_VERSION}:{min_confidence:g}"
    if article_ids is not None and queries.picture_version(store) == version:
        if article_ids:
            days = queries.article_days(store, article_ids)
            update_days(store, days, min_confidence)
        return queries.picture_counts(store)
    articles = queries.article_meta(store)
    events = queries.events(store, min_confidence=min_confidence)
    quotes = queries.dated_quotes(store)
    sentences = queries.sentences(store)
    found = cluster_events(events, articles, quotes=quotes, sentences=sentences)
    pairs = pair_claims(events, quotes, articles=articles, mentions=queries.actor_mentions(store),
                        sentences=sentences)  # fmt: skip
    queries.replace_picture(store, found, pairs, version)
    return len(found), len(pairs)


def _counts(ev: Any, min_confidence: float) -> bool:
    return float(ev.confidence or 0.0) >= min_confidence


def _widen(days: Iterable[str], before: int, after: int) -> list[str]:
    out: set[str] = set()
    for d in days:
        day = date.fromisoformat(d)
        out.update((day + timedelta(days=k)).isoformat() for k in range(-before, after + 1))
    return sorted(out)


def update_days(
    store: Store, days: Iterable[str], min_confidence: float = 0.0
) -> tuple[int, int, int]:
    """Rebuild the clusters and claims that events of ``days`` can change (module
    docstring); return (clusters replaced, clusters written, claims written)."""
    days = list(days)
    if not days:
        return 0, 0, 0
    span = _widen(days, PAD_DAYS, PAD_DAYS)
    seed = [e for e in queries.events_on_days(store, span) if _counts(e, min_confidence)]
    holding = queries.clusters_holding(store, (e.event_id for e in seed))
    have = {e.event_id for e in seed}
    more = [i for ids in holding.values() for i in ids if i not in have]
    events = seed + list(queries.events_by_id(store, more).values())
    articles = queries.article_meta(store, (e.article_id for e in events))
    quotes = queries.dated_quotes(store, articles)
    sentences = queries.sentences(store, span)
    articles.update(queries.article_meta(store, (s.article_id for s in sentences)))
    found = cluster_events(events, articles, quotes=quotes, sentences=sentences)
    # claims: accusations dated up to the window before the new days; responses after them
    claim_days = _widen(days, CLAIM_WINDOW_DAYS + 1, PAD_DAYS)
    read_days = _widen(days, CLAIM_WINDOW_DAYS + 1, CLAIM_WINDOW_DAYS + PAD_DAYS + 1)
    c_events = [e for e in queries.events_on_days(store, read_days) if _counts(e, min_confidence)]
    c_articles = queries.article_meta(store, {e.article_id for e in c_events})
    c_sentences = queries.sentences(store, read_days)
    c_articles.update(queries.article_meta(store, (s.article_id for s in c_sentences)))
    c_quotes = queries.dated_quotes(store, c_articles)
    pairs = pair_claims(
        c_events, c_quotes, articles=c_articles, sentences=c_sentences,
        mentions=queries.actor_mentions(store, c_articles),
    )  # fmt: skip
    wanted = set(claim_days)
    pairs = [p for p in pairs if (p.claim.get("date") or "") in wanted]
    queries.update_picture(store, holding, found, claim_days, pairs)
    return len(holding), len(found), len(pairs)


def stored_clusters(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    type: str | None = None,
    min_outlets: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Cluster]:
    """Stored clusters, by date then corroboration (dates checked: E040)."""
    return queries.clusters(
        store, date_from=check_date(date_from), date_to=check_date(date_to), actor=actor,
        type=type, min_outlets=min_outlets, limit=limit, offset=offset,
    )  # fmt: skip


def stored_claims(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Claim]:
    """Stored contested claims, by date (dates checked: E040)."""
    return queries.claims(
        store, date_from=check_date(date_from), date_to=check_date(date_to), actor=actor,
        limit=limit, offset=offset,
    )  # fmt: skip


def clusters(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Stored clusters in the export contract's shape (filters: :func:`stored_clusters`)."""
    return [c.to_dict() for c in stored_clusters(store, **filters)]


def claims(store: Store, **filters: Any) -> list[dict[str, Any]]:
    """Stored contested claims: ``claim_id, claim {...}, response {...}``, by date (filters:
    :func:`stored_claims`)."""
    return [c.to_dict() for c in stored_claims(store, **filters)]
