"""Corroboration: the stored picture built from the stored events, and read back.

:func:`build_clusters` clusters every stored event (:mod:`sitroom.picture.clusters`: the
same event reported by several articles becomes one cluster) and pairs accusations with the
accused's responses (:mod:`sitroom.picture.claims`), then replaces the ``clusters`` and
``claims`` tables. :func:`stored_clusters` and :func:`stored_claims` read them back as
records, :func:`clusters` and :func:`claims` in the export contract's shape.
"""

from __future__ import annotations

from typing import Any

from sitroom.picture.claims import pair_claims
from sitroom.picture.clusters import cluster_events
from sitroom.picture.shared import check_date
from sitroom.records import Claim, Cluster
from sitroom.store import queries
from sitroom.store.store import Store


def build_clusters(store: Store) -> tuple[int, int]:
    """Recompute the ``clusters`` and ``claims`` tables from the stored events, in one
    transaction; return (clusters, claims)."""
    articles = queries.article_meta(store)
    events = queries.events(store)
    quotes = queries.dated_quotes(store)
    sentences = queries.sentences(store)
    found = cluster_events(events, articles, quotes=quotes, sentences=sentences)
    pairs = pair_claims(events, quotes, articles=articles, mentions=queries.actor_mentions(store),
                        sentences=sentences)  # fmt: skip
    queries.replace_picture(store, found, pairs)
    return len(found), len(pairs)


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
