"""How important an event cluster is within its day: who the crisis is between (the store's
principal dyads, :func:`salience`), and the six factors of :func:`importance`.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sitroom.picture.shared import MODALITY_WEIGHT, goldstein_of, own_party_sectors, parse_date
from sitroom.records import ActorRef, Cluster, Event
from sitroom.store import queries
from sitroom.store.store import Store

#: Interaction factor of a cluster: between two different states / IGOs (1, also a joint act
#: of two parties, "NATO and Russia met"), a missing side that its sentence names ("talks
#: with Russia in Geneva" coded with one side only: 0.7), the same state on both sides (a
#: domestic act: 0.5), or a missing side (who did what to whom is unknown: 0.35).
INTERACTION = {"between": 1.0, "implied": 0.7, "domestic": 0.5, "unknown": 0.35}
#: Extra weight of the store's principal dyad (the pair with the most events): a cluster
#: of that dyad counts ``1 + DYAD_BONUS`` times, one of a dyad with half as many events
#: ``1 + DYAD_BONUS / 2`` times, one of an unseen pair once.
DYAD_BONUS = 3.0
#: Weight of a story's spread beyond the cluster's own reports (see :func:`importance`).
STORY_WEIGHT = 0.5


@dataclass(frozen=True)
class Salience:
    """What the whole store says about who the crisis is between.

    ``code_of`` maps an actor id to the state or organisation it stands for (a president to
    his state, NATO to itself); ``dyads`` maps an unordered pair of such codes to its number
    of events relative to the store's busiest pair, square-rooted (1.0 for the principal
    dyad, 0.5 for a pair with a quarter of its events: the second and third dyads of a crisis
    are still among its principals).
    """

    code_of: Mapping[str, str] = field(default_factory=dict)
    dyads: Mapping[frozenset[str], float] = field(default_factory=dict)

    def code(self, actor_id: str) -> str:
        return self.code_of.get(actor_id, actor_id)

    def share(self, src: Iterable[str], tgt: Iterable[str]) -> float:
        pairs = [frozenset((s, t)) for s in src for t in tgt if s != t]
        return max((self.dyads.get(p, 0.0) for p in pairs), default=0.0)


def party(actor: ActorRef | None) -> str | None:
    """The state or organisation an actor stands for (None: not a state actor)."""
    if actor is None:
        return None
    if actor.actor_id and actor.sector in own_party_sectors():
        return str(actor.actor_id)
    return str(actor.country) if actor.country else None


_SALIENCE: dict[int, Salience] = {}
_SALIENCE_LOCK = threading.Lock()


def salience(store: Store) -> Salience:
    """Principal dyads of the store: events counted per unordered pair of different parties
    (states, IGOs, separatist entities) over all stored events, computed from the data.

    A served snapshot never changes (``store.generation`` set, :mod:`sitroom.store.live`), so
    its salience is computed once (it reads every event: 6 s on a 17,000-article store) and
    kept for the latest two snapshots."""
    if not store.generation:
        return _salience(store)
    with _SALIENCE_LOCK:
        found = _SALIENCE.get(store.generation)
    if found is None:
        found = _salience(store)
        with _SALIENCE_LOCK:
            _SALIENCE[store.generation] = found
            for old in sorted(_SALIENCE)[:-2]:
                del _SALIENCE[old]
    return found


def _salience(store: Store) -> Salience:
    code_of: dict[str, str] = {}
    counts: dict[frozenset[str], int] = {}
    for src, tgt in queries.event_sides(store):
        sides = []
        for mentions in (src, tgt):
            codes = set()
            for m in mentions:
                p = party(m.actor)
                if p and m.actor:
                    codes.add(p)
                    code_of.setdefault(str(m.actor.actor_id or p), p)
            sides.append(codes)
        for pair in {frozenset((s, t)) for s in sides[0] for t in sides[1] if s != t}:
            counts[pair] = counts.get(pair, 0) + 1
    top = max(counts.values(), default=0)
    return Salience(code_of, {p: math.sqrt(n / top) for p, n in counts.items()})


def _interaction(src: set[str], tgt: set[str], named: set[str]) -> str:
    parties = src | tgt
    if src and tgt:
        return "between" if len(parties) > 1 else "domestic"
    if len(parties) > 1:
        return "between"
    return "implied" if parties and named - parties else "unknown"


def importance(
    cluster: Cluster,
    sal: Salience | None = None,
    named: Iterable[str] = (),
    story: int = 0,
) -> float:
    """Rank of a cluster within its day, a product of six factors:

    * intensity ``1 + |Goldstein| / 10`` (1..2: talks between the principals are news even
      though their Goldstein score is low; a fight is not ten times a meeting);
    * corroboration ``1 + log2(outlets)``;
    * modality weight as in the escalation index, negated events kept at 0.3 (a denial is
      news);
    * interaction (:data:`INTERACTION`): 1 between two different states / IGOs, less for a
      side left unknown or an act within one state (domestic business);
    * principals ``1 + DYAD_BONUS * share``, ``share`` being the events of the busiest pair
      of parties among the cluster's actors and the parties ``named`` in its evidence
      sentence, relative to the store's principal dyad (:func:`salience`);
    * story ``1 + STORY_WEIGHT * log2(story / own)``: ``story`` articles (:func:`story_sizes`)
      carry the same kind of act between the same parties within a day of it, ``own`` of them
      are the cluster's own. A story told in many differently worded reports (a summit that
      every article of the day mentions in passing) is news even when no two reports were
      similar enough to make one cluster.
    """
    sal = sal or Salience()
    intensity = 1.0 + abs(goldstein_of(cluster)) / 10.0
    corroboration = 1.0 + math.log2(max(1, int(cluster.n_outlets or 1)))
    modality = MODALITY_WEIGHT.get(str(cluster.modality), 1.0) or 0.3
    src = {sal.code(a) for a in cluster.source or [] if a}
    tgt = {sal.code(a) for a in cluster.target or [] if a}
    interaction = INTERACTION[_interaction(src, tgt, set(named))]
    if not (src and tgt):  # a missing side is filled by the parties its sentence names
        src = src or tgt
        tgt = (set(named) - src) or src
    principals = 1.0 + DYAD_BONUS * sal.share(src | tgt, src | tgt)
    own = max(1, len(set(cluster.article_ids or ())))
    echo = 1.0 + STORY_WEIGHT * math.log2(max(own, story) / own)
    return round(intensity * corroboration * modality * interaction * principals * echo, 3)


def cluster_parties(c: Cluster, sal: Salience, named: Iterable[str]) -> frozenset[str]:
    """The parties of a cluster: its two sides, or, with a side missing, also those its
    evidence sentence names."""
    src = {sal.code(a) for a in c.source or [] if a}
    tgt = {sal.code(a) for a in c.target or [] if a}
    return frozenset(src | tgt if src and tgt else src | tgt | set(named))


def story_sizes(found: Sequence[Cluster], parties: Sequence[frozenset[str]]) -> list[int]:
    """Per cluster, the distinct articles of the clusters (itself included) of the same type,
    dated within a day of it, whose parties share at least two with its own."""
    by_key: dict[tuple[str, date], list[int]] = {}
    days = [parse_date(c.date) for c in found]
    for k, (c, day) in enumerate(zip(found, days, strict=True)):
        if day is not None:
            by_key.setdefault((str(c.type), day), []).append(k)
    sizes = []
    for k, c in enumerate(found):
        articles = set(c.article_ids or ())
        day = days[k]
        if day is not None and len(parties[k]) >= 2:
            for shift in (-1, 0, 1):
                for j in by_key.get((str(c.type), day + timedelta(days=shift)), ()):
                    if len(parties[k] & parties[j]) >= 2:
                        articles.update(found[j].article_ids or ())
        sizes.append(len(articles))
    return sizes


def named_parties(store: Store, reps: Mapping[str, Event], sal: Salience) -> dict[str, set[str]]:
    """Event id -> the parties (states, IGOs) named anywhere in its evidence sentence."""
    by_article: dict[str, list[tuple[str, int, int]]] = {}
    for eid, r in reps.items():
        ev = r.evidence
        by_article.setdefault(r.article_id, []).append((eid, ev.start, ev.end))
    if not by_article:
        return {}
    out: dict[str, set[str]] = {eid: set() for eid in reps}
    for aid, mentions in queries.actor_mentions(store, list(by_article)).items():
        for m in mentions:
            p = party(m.actor) if m.actor.country or m.actor.sector else None
            p = p or sal.code_of.get(str(m.actor.actor_id))
            if p is None:
                continue
            for eid, start, end in by_article[aid]:
                if start <= m.start < end:
                    out[eid].add(p)
    return out
