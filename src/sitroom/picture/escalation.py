"""The escalation index of a dyad: a daily conflict score of its event clusters, smoothed,
with alerts on sudden changes (formula: :func:`escalation`; reasons: docs/escalation.md).

It always clusters the events of the dyad it is asked about (so that an actor counts for its
country too), within each day and only on close wording. Only confident events that name
both sides count (``min_confidence``, the picture's setting ``picture.min_confidence``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from statistics import fmean, pstdev
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.picture.clusters import cluster_events
from sitroom.picture.shared import MODALITY_WEIGHT, check_date, goldstein_of, own_party_sectors
from sitroom.records import Cluster, Event, Mention
from sitroom.store import queries
from sitroom.store.store import Store

PRIOR_WEIGHT = 3.0  # pseudo-weight of the recent level in a day's index (see escalation)
#: Least event confidence for the index (the default of the setting picture.min_confidence)
MIN_CONFIDENCE = 0.5
#: One cluster weighs at most this many times the rest of its day (the other clusters and
#: LONE_WEIGHT), so one report cannot carry a day on its own.
CLUSTER_CAP = 1.0
#: What a cluster may weigh beyond the rest of its day: a lone cluster weighs at most this
#: (half an event), so it moves the trailing level at most 1/(1 + k/LONE_WEIGHT) of the way.
LONE_WEIGHT = 0.5
#: A day has an index of its own only with at least this many clusters; a thinner day's
#: cluster counts in the trailing level (``smoothed``) only.
MIN_INDEX_CLUSTERS = 2
ALERT_MIN_CLUSTERS = 2  # an alert needs a day of at least two clusters
ALERT_WINDOW = 14
ALERT_MIN_DAYS = 3
ALERT_Z = 2.0
MIN_SD = 1.0
SMOOTH_DAYS = 7


def parse_dyad(dyad: str) -> tuple[str, str]:
    """``"RUS-UKR"`` (or ``RUS:UKR``, ``RUS,UKR`` for ids with hyphens) -> ``("RUS", "UKR")``."""
    for sep in (":", ",", "-"):
        parts = [p.strip() for p in dyad.split(sep)]
        if len(parts) == 2 and all(parts) and parts[0] != parts[1]:
            return parts[0], parts[1]
        if sep in dyad and sep != "-":
            break
    raise SitroomError(E.E041, value=dyad)


def _codes(mentions: Iterable[Mention]) -> set[str]:
    """An actor counts as itself and as its country (a president as his state), except a
    separatist entity (sector PRE or REB), which is not the state it broke away from: the
    recognition of the DPR is not cooperation with Ukraine."""
    out: set[str] = set()
    breakaway = own_party_sectors() - {"IGO"}
    for m in mentions:
        a = m.actor
        if a is None:
            continue
        own = a.sector in breakaway
        out |= {str(v) for v in (a.actor_id, None if own else a.country) if v}
    return out


def _in_dyad(ev: Event, a: str, b: str, ordered: bool) -> bool:
    src, tgt = _codes(ev.source), _codes(ev.target)
    forward = a in src and b in tgt
    return forward or (not ordered and b in src and a in tgt)


def _alert(history: Sequence[float], value: float | None, threshold: float) -> str | None:
    if value is None or len(history) < ALERT_MIN_DAYS:
        return None
    z = (value - fmean(history)) / max(pstdev(history), MIN_SD)
    if z >= threshold:
        return "rise"
    if z <= -threshold:
        return "fall"
    return None


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def dyad_clusters(
    store: Store,
    dyad: str,
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    ordered: bool = False,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[Cluster]:
    """The clusters the index of ``dyad`` is computed from: the dated events between the two
    sides (either direction unless ``ordered``) with confidence at least ``min_confidence``,
    clustered within each day."""
    a, b = parse_dyad(dyad)
    check_date(date_from)
    check_date(date_to)
    events = [
        e
        for e in queries.dyad_events(store, a, b, date_from, date_to, min_confidence)
        if _in_dyad(e, a, b, ordered)
    ]
    meta = queries.article_meta(store, (e.article_id for e in events))
    return cluster_events(events, meta, max_days=0, strict=True)


def escalation(
    store: Store,
    dyad: str,
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    ordered: bool = False,
    smooth_days: int = SMOOTH_DAYS,
    window: int = ALERT_WINDOW,
    threshold: float = ALERT_Z,
    prior_weight: float = PRIOR_WEIGHT,
    min_confidence: float = MIN_CONFIDENCE,
) -> list[dict[str, Any]]:
    """Daily escalation index of a dyad: rows ``{date, index, smoothed, events, alert,
    articles, outlets}``.

    Formula (see docs/escalation.md for the reasons). For the dyad (A, B) take the events
    whose sources include A and targets include B, or the reverse unless ``ordered`` (an
    actor counts for its id and its country, so Putin counts as RUS), with confidence at
    least ``min_confidence``, clustered within each day (``max_days=0``) on close wording:
    two different attacks of one day are two clusters; copies of one report are one. A
    cluster *i* brings a conflict score ``c_i = -g_i``, ``g_i`` its Goldstein score (-10 most
    hostile .. +10 most cooperative; from its PLOVER type and mode when missing), and a raw
    weight ``v_i = m_i * p_i * (1 + ln n_i)``: ``m`` the modality weight (asserted 1.0,
    future 0.6, hypothetical 0.3, negated 0), ``p`` the cluster's confidence, ``n`` its
    independent outlets. One cluster may weigh at most ``CLUSTER_CAP`` times the rest of its
    day plus ``LONE_WEIGHT`` (0.5): ``w_i = min(v_i, sum_{j != i} v_j + 0.5)``, so a lone
    cluster weighs at most half an event. With ``S(d) = sum w_i c_i`` and ``W(d) = sum w_i``
    over the clusters of day *d*::

        smoothed(d) = sum_{7 days to d} S / (sum_{7 days to d} W + k)
        index(d)    = (S(d) + k * smoothed(d-1)) / (W(d) + k)        with k = prior_weight

    on days of at least ``MIN_INDEX_CLUSTERS`` (2) clusters. A weighted mean of the day's
    conflict scores (a busy day with the usual mix scores like a quiet one), shrunk towards the
    recent level by ``k`` pseudo-events. Higher means more conflict. A day of one cluster has
    ``index`` None (one report is no evidence of a change of level): its cluster moves only
    ``smoothed``, by at most 0.5 / (W + k) of its distance from it; a day with no events has
    ``index`` None and ``events`` 0.

    Alert rule: ``z = (index(d) - mean) / max(sd, 1)`` over the values of the previous
    ``window`` days that had events (their index, or ``smoothed`` on a day of one cluster; at
    least 3 of them); on a day of at least
    ``ALERT_MIN_CLUSTERS`` clusters, ``alert`` is ``"rise"`` when ``z >= threshold`` (2),
    ``"fall"`` when ``z <= -threshold``, else None. ``articles`` and ``outlets`` are the news
    volume of the day (all stored articles dated that day, and their distinct outlets): a
    rise in volume is not by itself escalation.
    """
    found = dyad_clusters(store, dyad, date_from, date_to, ordered=ordered,
                          min_confidence=min_confidence)  # fmt: skip
    sums = daily_sums(found)
    rows = _series(sums, date_from, date_to, smooth_days, window, threshold, prior_weight)
    if rows:
        volume = queries.daily_volume(store, rows[0]["date"], rows[-1]["date"])
        for r in rows:
            r["articles"], r["outlets"] = volume.get(r["date"], (0, 0))
    return rows


def cluster_weight(c: Cluster) -> float:
    """``m * p * (1 + ln n)``: modality weight times confidence times corroboration."""
    corroboration = 1.0 + math.log(max(1, c.n_outlets))
    return MODALITY_WEIGHT.get(c.modality, 1.0) * float(c.confidence or 0.0) * corroboration


def capped_weights(weights: Sequence[float], lone_weight: float = LONE_WEIGHT) -> list[float]:
    """Each weight capped at ``CLUSTER_CAP`` times the rest of its day (the other weights
    plus ``lone_weight``): a lone cluster weighs at most ``lone_weight``."""
    total = sum(weights)
    return [min(w, CLUSTER_CAP * (total - w + lone_weight)) for w in weights]


def by_day(found: Iterable[Cluster]) -> dict[date, list[Cluster]]:
    """The clusters of weight above 0, by day."""
    days: dict[date, list[Cluster]] = {}
    for c in found:
        if c.date is not None and cluster_weight(c) > 0:
            days.setdefault(date.fromisoformat(c.date), []).append(c)
    return days


def day_sums(clusters: Sequence[Cluster], lone_weight: float = LONE_WEIGHT) -> list[float]:
    """[sum of w*c, sum of w, number of clusters] of one day's clusters (capped weights)."""
    weights = capped_weights([cluster_weight(c) for c in clusters], lone_weight)
    num = sum(w * -goldstein_of(c) for w, c in zip(weights, clusters, strict=True))
    return [num, sum(weights), len(clusters)]


def daily_sums(
    found: Iterable[Cluster], lone_weight: float = LONE_WEIGHT
) -> dict[date, list[float]]:
    """Day -> [sum of w*c, sum of w, number of clusters] (clusters of weight 0 left out)."""
    return {d: day_sums(cs, lone_weight) for d, cs in by_day(found).items()}


def prior_level(
    sums: Mapping[date, Sequence[float]],
    day: date,
    smooth_days: int = SMOOTH_DAYS,
    prior_weight: float = PRIOR_WEIGHT,
) -> float:
    """The trailing level a day's index is shrunk towards (``smoothed`` of the day before)."""
    prev_num, prev_w = _trail(sums, day - timedelta(days=1), smooth_days)
    return prev_num / (prev_w + prior_weight) if prev_w else 0.0


def day_index(sums: Sequence[float], level: float, prior_weight: float = PRIOR_WEIGHT) -> float:
    """``(S + k * level) / (W + k)``: one day's index from its sums and the prior level."""
    return (sums[0] + prior_weight * level) / (sums[1] + prior_weight)


def _trail(sums: Mapping[date, Sequence[float]], day: date, days: int) -> tuple[float, float]:
    trail = [sums[d] for d in _days(day - timedelta(days=days - 1), day) if d in sums]
    return sum(t[0] for t in trail), sum(t[1] for t in trail)


def _series(
    sums: Mapping[date, list[float]],
    date_from: str | None,
    date_to: str | None,
    smooth_days: int,
    window: int,
    threshold: float,
    prior_weight: float = PRIOR_WEIGHT,
) -> list[dict[str, Any]]:
    if not sums and not (date_from and date_to):
        return []
    start = date.fromisoformat(date_from) if date_from else min(sums)
    end = date.fromisoformat(date_to) if date_to else max(sums)
    rows: list[dict[str, Any]] = []
    history: list[tuple[date, float]] = []
    k = prior_weight
    for day in _days(start, end):
        num, wsum, n = sums.get(day, (0.0, 0.0, 0))
        level = prior_level(sums, day, smooth_days, k)
        thick = n >= MIN_INDEX_CLUSTERS
        index = round(day_index((num, wsum, n), level, k), 3) if thick else None
        t_num, t_w = _trail(sums, day, smooth_days)
        smoothed = round(t_num / (t_w + k), 3) if t_w else None
        recent = [v for d, v in history if (day - d).days <= window]
        rows.append(
            {
                "date": day.isoformat(),
                "index": index,
                "smoothed": smoothed,
                "events": int(n),
                "alert": _alert(recent, index, threshold) if n >= ALERT_MIN_CLUSTERS else None,
            }
        )
        if n:  # a thin day enters the alerts' history with its level
            history.append((day, index if index is not None else float(smoothed or 0.0)))
    return rows


def weekly(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Daily escalation rows aggregated by ISO week (Monday first): ``{week, index, events,
    alerts}``, the index being the daily indices' mean weighted by their number of events."""
    weeks: dict[date, list[float]] = {}
    for r in rows:
        day = date.fromisoformat(str(r["date"]))
        monday = day - timedelta(days=day.weekday())
        acc = weeks.setdefault(monday, [0.0, 0.0, 0.0])
        if r.get("index") is not None and r.get("events"):
            acc[0] += float(r["index"]) * int(r["events"])
            acc[1] += int(r["events"])
        acc[2] += 1.0 if r.get("alert") else 0.0
    return [
        {
            "week": monday.isoformat(),
            "index": round(num / n, 3) if n else None,
            "events": int(n),
            "alerts": int(alerts),
        }
        for monday, (num, n, alerts) in sorted(weeks.items())
    ]


def largest_changes(rows: Sequence[Mapping[str, Any]], n: int = 5) -> list[dict[str, Any]]:
    """The ``n`` largest changes of the index from one day with events to the next (days
    without events carry no index and are skipped): ``{date, change, index, previous}``,
    largest absolute change first."""
    out = []
    prev: Mapping[str, Any] | None = None
    for r in rows:
        if r.get("index") is None:
            continue
        if prev is not None:
            change = float(r["index"]) - float(prev["index"])
            out.append({"date": r["date"], "change": round(change, 3), "index": r["index"],
                        "previous": prev["index"]})  # fmt: skip
        prev = r
    return sorted(out, key=lambda c: -abs(c["change"]))[:n]
