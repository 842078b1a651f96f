"""The daily briefing's data: one day of the crisis, as typed records.

:func:`briefing` gathers the day's most important event clusters with their evidence
(:func:`top_clusters`, also the dashboard's list), the change of the escalation index of each
principal dyad over the last two weeks (:func:`escalation_changes`), the contested claims
first made that day, and the day's key quotes. :mod:`sitroom.web.render` makes the standalone
HTML and Markdown pages of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Any

from sitroom.picture.corroborate import stored_clusters
from sitroom.picture.escalation import escalation
from sitroom.picture.ranking import importance
from sitroom.picture.shared import check_date
from sitroom.picture.timeline import KeyQuote, timeline
from sitroom.records import Claim, Cluster, Event
from sitroom.store import queries
from sitroom.store.queries import ArticleMeta
from sitroom.store.store import Store

WINDOW_DAYS = 14
TOP_EVENTS = 8
TOP_CLUSTERS = 12
N_DYADS = 3


@dataclass(frozen=True, slots=True)
class DyadChange:
    """The escalation of one dyad around the report day."""

    dyad: str
    rows: list[dict[str, Any]]
    today: float | None
    week_before: float | None
    events_today: int
    alert: str | None

    @property
    def delta(self) -> float | None:
        if self.today is None or self.week_before is None:
            return None
        return round(self.today - self.week_before, 3)


@dataclass(frozen=True, slots=True)
class TopCluster:
    """One of a day's most important clusters, with its representative event (whose
    evidence shows it) and that event's article."""

    cluster: Cluster
    rep: Event | None
    article: ArticleMeta | None

    @property
    def evidence(self) -> dict[str, Any] | None:
        return self.rep.evidence.to_dict() if self.rep else None


@dataclass(frozen=True, slots=True)
class Briefing:
    """Everything the briefing of ``date`` shows."""

    date: str
    top: list[TopCluster]
    changes: list[DyadChange]
    claims: list[Claim]
    quotes: list[KeyQuote]


def principal_dyads(store: Store, n: int = N_DYADS) -> list[str]:
    """The ``n`` pairs of states or organisations in the most event clusters, as ``A-B``."""
    return queries.principal_dyads(store, n)


def _last_smoothed(rows: list[dict[str, Any]]) -> float | None:
    vals = [r["smoothed"] for r in rows if r["smoothed"] is not None]
    return float(vals[-1]) if vals else None


def escalation_changes(store: Store, day: str, dyads: list[str] | None = None) -> list[DyadChange]:
    """Each principal dyad's smoothed index on ``day`` against seven days earlier."""
    start = (Date.fromisoformat(day) - timedelta(days=WINDOW_DAYS - 1)).isoformat()
    week = (Date.fromisoformat(day) - timedelta(days=7)).isoformat()
    out = []
    for dyad in dyads if dyads is not None else principal_dyads(store):
        rows = escalation(store, dyad, start, day)
        today = rows[-1] if rows else None
        out.append(
            DyadChange(
                dyad=dyad,
                rows=rows,
                today=_last_smoothed(rows),
                week_before=_last_smoothed([r for r in rows if r["date"] <= week]),
                events_today=int(today["events"]) if today else 0,
                alert=today["alert"] if today else None,
            )
        )
    return out


def top_clusters(
    store: Store,
    day: str,
    *,
    actor: str | None = None,
    dyad: tuple[str, str] | None = None,
    type: str | None = None,
    modality: str | None = None,
    min_outlets: int | None = None,
    n: int = TOP_CLUSTERS,
) -> list[TopCluster]:
    """The day's ``n`` most important clusters (:func:`~sitroom.picture.ranking.importance`
    without the store's salience), each with its first event and that event's article;
    ``dyad`` keeps the clusters naming both actors, on either side."""
    found = stored_clusters(
        store, date_from=day, date_to=day, actor=actor, type=type, min_outlets=min_outlets
    )
    if dyad:
        found = [c for c in found if set(dyad) <= set(c.source) | set(c.target)]
    if modality:
        found = [c for c in found if c.modality == modality]
    top = sorted(found, key=importance, reverse=True)[:n]
    reps = queries.events_by_id(store, [c.event_ids[0] for c in top if c.event_ids])
    meta = queries.article_meta(store, {r.article_id for r in reps.values()})
    out = []
    for c in top:
        rep = reps.get(c.event_ids[0]) if c.event_ids else None
        out.append(TopCluster(c, rep, meta.get(rep.article_id) if rep else None))
    return out


def briefing(store: Store, day: str) -> Briefing:
    """Everything the briefing of ``day`` shows (E040 for a malformed date)."""
    check_date(day)
    days = timeline(store, day, day)
    return Briefing(
        date=day,
        top=top_clusters(store, day, n=TOP_EVENTS),
        changes=escalation_changes(store, day),
        claims=queries.claims(store, date_from=day, date_to=day),
        quotes=days[0]["quotes"] if days else [],
    )
