"""Aggregates over the corroborated picture: the daily timeline and the escalation index.

Both read event clusters. The timeline uses the stored clusters (built by
:func:`sitroom.picture.corroborate.build_clusters`) when there are any, and otherwise clusters the
stored events on the fly; the escalation index always clusters the events of the dyad it is
asked about, so that an actor counts for its country too.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from statistics import fmean, pstdev
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.extract.events.plover import PLOVER_TYPES, derive_codes
from sitroom.picture.corroborate import (
    article_meta,
    check_date,
    cluster_events,
    parse_date,
)
from sitroom.picture.corroborate import clusters as stored_clusters
from sitroom.records import Cluster
from sitroom.store.store import Store, date_filter

MODALITY_WEIGHT: Mapping[str, float] = {
    "asserted": 1.0,
    "future": 0.6,
    "hypothetical": 0.3,
    "negated": 0.0,
}
PRIOR_WEIGHT = 3.0  # pseudo-weight of the recent level in a day's index (see escalation)
ALERT_WINDOW = 14
ALERT_MIN_DAYS = 3
ALERT_Z = 2.0
MIN_SD = 1.0
SMOOTH_DAYS = 7
EVENTS_PER_DAY = 8
QUOTES_PER_DAY = 5

# --------------------------------------------------------------------------- shared


def _goldstein(rec: Mapping[str, Any]) -> float:
    """The record's Goldstein score, or the one its PLOVER type and mode imply."""
    if rec.get("goldstein") is not None:
        return float(rec["goldstein"])
    if rec.get("type") in PLOVER_TYPES:
        return derive_codes(str(rec["type"]), rec.get("mode")).goldstein
    return 0.0


def _events_by_id(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = store._rows(
        "SELECT event_id, article_id, evidence FROM events WHERE event_id IN (SELECT unnest(?))",
        [list(ids)],
    )
    return {r["event_id"]: {**r, "evidence": json.loads(r["evidence"])} for r in rows}


# --------------------------------------------------------------------------- timeline


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
#: Sectors whose actor is a party of its own, not its (parent) state.
OWN_PARTY_SECTORS = frozenset({"IGO", "PRE", "REB"})


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


def _party(m: Mapping[str, Any]) -> str | None:
    """The state or organisation a stored mention stands for (None: not a state actor)."""
    actor_id, sector = m.get("actor_id"), m.get("sector")
    if actor_id and sector in OWN_PARTY_SECTORS:
        return str(actor_id)
    return str(m["country"]) if m.get("country") else None


def salience(store: Store) -> Salience:
    """Principal dyads of the store: events counted per unordered pair of different parties
    (states, IGOs, separatist entities) over all stored events, computed from the data."""
    rows = store._rows(
        "SELECT source, target FROM events WHERE source <> '[]' AND target <> '[]'", []
    )
    code_of: dict[str, str] = {}
    counts: dict[frozenset[str], int] = {}
    for r in rows:
        sides = []
        for key in ("source", "target"):
            codes = set()
            for m in json.loads(r[key]):
                party = _party(m)
                if party:
                    codes.add(party)
                    code_of.setdefault(str(m.get("actor_id") or party), party)
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
    cluster: Mapping[str, Any],
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
    intensity = 1.0 + abs(_goldstein(cluster)) / 10.0
    corroboration = 1.0 + math.log2(max(1, int(cluster.get("n_outlets") or 1)))
    modality = MODALITY_WEIGHT.get(str(cluster.get("modality")), 1.0) or 0.3
    src = {sal.code(a) for a in cluster.get("source") or [] if a}
    tgt = {sal.code(a) for a in cluster.get("target") or [] if a}
    interaction = INTERACTION[_interaction(src, tgt, set(named))]
    if not (src and tgt):  # a missing side is filled by the parties its sentence names
        src = src or tgt
        tgt = (set(named) - src) or src
    principals = 1.0 + DYAD_BONUS * sal.share(src | tgt, src | tgt)
    own = max(1, len(set(cluster.get("article_ids") or ())))
    echo = 1.0 + STORY_WEIGHT * math.log2(max(own, story) / own)
    return round(intensity * corroboration * modality * interaction * principals * echo, 3)


def _parties(c: Mapping[str, Any], sal: Salience, named: Iterable[str]) -> frozenset[str]:
    """The parties of a cluster: its two sides, or, with a side missing, also those its
    evidence sentence names."""
    src = {sal.code(a) for a in c.get("source") or [] if a}
    tgt = {sal.code(a) for a in c.get("target") or [] if a}
    return frozenset(src | tgt if src and tgt else src | tgt | set(named))


def story_sizes(found: Sequence[Mapping[str, Any]], parties: Sequence[frozenset[str]]) -> list[int]:
    """Per cluster, the distinct articles of the clusters (itself included) of the same type,
    dated within a day of it, whose parties share at least two with its own."""
    by_key: dict[tuple[str, date], list[int]] = {}
    days = [parse_date(c.get("date")) for c in found]
    for k, (c, day) in enumerate(zip(found, days, strict=True)):
        if day is not None:
            by_key.setdefault((str(c["type"]), day), []).append(k)
    sizes = []
    for k, c in enumerate(found):
        articles = set(c.get("article_ids") or ())
        day = days[k]
        if day is not None and len(parties[k]) >= 2:
            for shift in (-1, 0, 1):
                for j in by_key.get((str(c["type"]), day + timedelta(days=shift)), ()):
                    if len(parties[k] & parties[j]) >= 2:
                        articles.update(found[j].get("article_ids") or ())
        sizes.append(len(articles))
    return sizes


def _named_parties(
    store: Store, reps: Mapping[str, Mapping[str, Any]], sal: Salience
) -> dict[str, set[str]]:
    """Event id -> the parties (states, IGOs) named anywhere in its evidence sentence."""
    by_article: dict[str, list[tuple[str, int, int]]] = {}
    for eid, r in reps.items():
        ev = r["evidence"]
        by_article.setdefault(r["article_id"], []).append((eid, ev["start"], ev["end"]))
    if not by_article:
        return {}
    rows = store._rows(
        "SELECT m.article_id, m.start_char, m.actor_id, a.country, a.sector FROM mentions m"
        " LEFT JOIN actors a USING (actor_id)"
        " WHERE m.actor_id IS NOT NULL AND m.article_id IN (SELECT unnest(?))",
        [list(by_article)],
    )
    out: dict[str, set[str]] = {eid: set() for eid in reps}
    for m in rows:
        party = _party(m) if m.get("country") or m.get("sector") else None
        party = party or sal.code_of.get(str(m["actor_id"]))
        if party is None:
            continue
        for eid, start, end in by_article[m["article_id"]]:
            if start <= m["start_char"] < end:
                out[eid].add(party)
    return out


def _timeline_clusters(
    store: Store, date_from: str | None, date_to: str | None, actor: str | None
) -> list[dict[str, Any]]:
    if store.count("clusters"):
        return stored_clusters(store, date_from=date_from, date_to=date_to, actor=actor)
    events = store.events(date_from=date_from, date_to=date_to, actor=actor)
    meta = article_meta(store, (e["article_id"] for e in events))
    return [asdict(c) for c in cluster_events(events, meta)]


def _day_quotes(
    store: Store, date_from: str | None, date_to: str | None, actor: str | None
) -> list[dict[str, Any]]:
    where, params = date_filter("q.date", date_from, date_to)
    where.insert(0, "q.date IS NOT NULL")
    if actor:
        where.append("q.speaker_id = ?")
        params.append(actor)
    rows = store._rows(
        "SELECT q.quote_id, q.article_id, q.kind, q.cue, q.content, q.speaker, q.confidence,"
        " CAST(q.date AS VARCHAR) AS date, a.title, a.outlet FROM quotes q"
        " LEFT JOIN articles a USING (article_id) WHERE " + " AND ".join(where),
        params,
    )
    for r in rows:
        for key in ("cue", "content", "speaker"):
            r[key] = json.loads(r[key]) if r[key] is not None else None
    return rows


def _quote_rank(q: Mapping[str, Any]) -> tuple[int, int, int, float]:
    speaker = q.get("speaker") or {}
    length = len(q["content"]["text"])
    return (
        int(bool(speaker.get("actor_id"))),
        int(q["kind"] == "direct"),
        int(40 <= length <= 400),
        float(q.get("confidence") or 0),
    )


def _key_quotes(quotes: Iterable[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """The ``n`` best quotes, each wording once (wire copies repeat them)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for q in sorted(quotes, key=_quote_rank, reverse=True):
        key = re.sub(r"\W+", " ", q["content"]["text"].lower()).strip()
        if key in seen:
            continue
        seen.add(key)
        out.append(q)
        if len(out) == n:
            break
    return out


def _entry(c: Mapping[str, Any], rep: Mapping[str, Any] | None,
           meta: Mapping[str, dict[str, Any]]) -> dict[str, Any]:  # fmt: skip
    keys = ("cluster_id", "type", "mode", "modality", "source", "target", "date", "n_outlets",
            "outlets", "summary", "goldstein", "quad_class", "confidence", "event_ids",
            "article_ids")  # fmt: skip
    out = {k: c.get(k) for k in keys}
    if rep is not None:
        art = meta.get(rep["article_id"], {})
        out["evidence"] = {**rep["evidence"], "article_id": rep["article_id"],
                           "event_id": rep["event_id"], "title": art.get("title"),
                           "outlet": art.get("outlet")}  # fmt: skip
    else:
        out["evidence"] = None
    return out


def _distinct(
    ranked: Sequence[dict[str, Any]], reps: Mapping[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The day's clusters without repeats: a sentence coded as several events, or the same
    wording carried by several articles, is shown once (its best-ranked cluster)."""
    out: list[dict[str, Any]] = []
    seen: set[Any] = set()
    for c in ranked:
        rep = reps.get(c["event_ids"][0])
        keys: set[Any] = {re.sub(r"\W+", " ", str(c.get("summary") or "").lower()).strip()}
        if rep is not None:
            keys.add((rep["article_id"], rep["evidence"]["start"]))
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
) -> list[dict[str, Any]]:
    """One entry per day, oldest first: ``{"date", "n_events", "events", "quotes"}``.

    ``events`` are the day's top clusters by :func:`importance` (weighted by the store's
    principal dyads, :func:`salience`), each with its one-line
    summary and the evidence (span, article id, title, outlet) of its representative event;
    ``quotes`` are the day's key quotes (a named speaker, direct, of readable length).
    """
    check_date(date_from)
    check_date(date_to)
    wide = _timeline_clusters(store, _shift(date_from, -1), _shift(date_to, 1), actor)
    sal = salience(store)
    reps = _events_by_id(store, [c["event_ids"][0] for c in wide])
    named = _named_parties(store, reps, sal)
    parties = [_parties(c, sal, named.get(c["event_ids"][0], ())) for c in wide]
    story = {id(c): n for c, n in zip(wide, story_sizes(wide, parties), strict=True)}
    by_day: dict[str, list[dict[str, Any]]] = {}
    for c in wide:
        day = str(c.get("date") or "")
        if day and (date_from or day) <= day <= (date_to or day):
            by_day.setdefault(day, []).append(c)

    def rank(c: Mapping[str, Any]) -> float:
        return importance(c, sal, named.get(c["event_ids"][0], ()), story[id(c)])

    ranked = {d: sorted(cs, key=rank, reverse=True) for d, cs in by_day.items()}
    top = {d: _distinct(cs, reps)[:events_per_day] for d, cs in ranked.items()}
    meta = article_meta(store, (r["article_id"] for r in reps.values()))
    quotes: dict[str, list[dict[str, Any]]] = {}
    for q in _day_quotes(store, date_from, date_to, actor):
        quotes.setdefault(q["date"], []).append(q)
    days = []
    for day in sorted(set(by_day) | set(quotes)):
        entries = [
            {**_entry(c, reps.get(c["event_ids"][0]), meta), "importance": rank(c)}
            for c in top.get(day, [])
        ]
        days.append(
            {
                "date": day,
                "n_events": len(by_day.get(day, [])),
                "events": entries,
                "quotes": _key_quotes(quotes.get(day, []), quotes_per_day),
            }
        )
    return days


def _md(text: str) -> str:
    """Plain text made safe for a Markdown line."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(str(text).split()))


def _shift(day: str | None, days: int) -> str | None:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat() if day else None


def timeline_markdown(days: list[dict[str, Any]]) -> str:
    """The timeline as Markdown: a section per day, events then key quotes."""
    lines = ["# Timeline", ""]
    for day in days:
        lines += [f"## {day['date']}", ""]
        for ev in day["events"]:
            dyad = f"{', '.join(ev['source']) or '?'} → {', '.join(ev['target']) or '?'}"
            outlets = f"{ev['n_outlets']} outlet{'s' if ev['n_outlets'] != 1 else ''}"
            mod = "" if ev["modality"] == "asserted" else f", {ev['modality']}"
            lines.append(f"- **{ev['type']}** {_md(dyad)} ({outlets}{mod}): {_md(ev['summary'])}")
        if day["quotes"]:
            lines += ["", "Key quotes:", ""]
            for q in day["quotes"]:
                who = (q.get("speaker") or {}).get("name") or "unattributed"
                lines.append(f"- {_md(who)}: “{_md(q['content']['text'])}”")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def timeline_html(days: list[dict[str, Any]]) -> str:
    """The timeline as a standalone HTML page (all text escaped)."""
    from sitroom.web.app import render

    return render("timeline.html", days=days, standalone=True, filters={})


# --------------------------------------------------------------------------- escalation


def parse_dyad(dyad: str) -> tuple[str, str]:
    """``"RUS-UKR"`` (or ``RUS:UKR``, ``RUS,UKR`` for ids with hyphens) -> ``("RUS", "UKR")``."""
    for sep in (":", ",", "-"):
        parts = [p.strip() for p in dyad.split(sep)]
        if len(parts) == 2 and all(parts) and parts[0] != parts[1]:
            return parts[0], parts[1]
        if sep in dyad and sep != "-":
            break
    raise SitroomError(E.E041, value=dyad)


def _codes(actors: Iterable[Mapping[str, Any]] | None) -> set[str]:
    """An actor counts as itself and as its country (a president as his state), except a
    separatist entity (sector PRE or REB), which is not the state it broke away from: the
    recognition of the DPR is not cooperation with Ukraine."""
    out: set[str] = set()
    for a in actors or ():
        own = a.get("sector") in OWN_PARTY_SECTORS - {"IGO"}
        out |= {str(v) for v in (a.get("actor_id"), None if own else a.get("country")) if v}
    return out


def _in_dyad(ev: Mapping[str, Any], a: str, b: str, ordered: bool) -> bool:
    src, tgt = _codes(ev.get("source")), _codes(ev.get("target"))
    forward = a in src and b in tgt
    return forward or (not ordered and b in src and a in tgt)


def _dyad_events(
    store: Store, a: str, b: str, date_from: str | None, date_to: str | None
) -> list[dict[str, Any]]:
    where = []
    params: list[Any] = []
    for code in (a, b):
        where.append(
            "(list_contains(source_ids, ?) OR list_contains(target_ids, ?)"
            " OR source LIKE ? OR target LIKE ?)"
        )
        pattern = f'%"country": {json.dumps(code)}%'
        params += [code, code, pattern, pattern]
    dates, date_params = date_filter("date", date_from, date_to)
    where += dates
    params += date_params
    rows = store._rows(
        "SELECT event_id, article_id, type, mode, modality, source, target,"
        " CAST(date AS VARCHAR) AS date, date_precision, goldstein, quad_class, evidence,"
        " confidence FROM events WHERE date IS NOT NULL AND " + " AND ".join(where),
        params,
    )
    for r in rows:
        for key in ("source", "target", "evidence"):
            r[key] = json.loads(r[key])
    return rows


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
) -> list[dict[str, Any]]:
    """Daily escalation index of a dyad: rows ``{date, index, smoothed, events, alert}``.

    Formula (see docs/escalation.md for the reasons). For the dyad (A, B) take the event
    clusters whose sources include A and targets include B, or the reverse unless ``ordered``
    (an actor counts for its id and its country, so Putin counts as RUS), clustered within
    each day (``max_days=0``) and only on similar evidence (``strict``: two different attacks
    of one day are two clusters; copies of one report are one). A cluster *i* brings a
    conflict score ``c_i = -g_i``, where
    ``g_i`` is its Goldstein score (-10 most hostile .. +10 most cooperative; from its PLOVER
    type and mode when missing), so +10 is the most conflictual; and a weight
    ``w_i = m_i * (1 + ln n_i)``, with ``m`` the modality weight (asserted 1.0, future 0.6,
    hypothetical 0.3, negated 0: a denial or a thing that did not happen is excluded) and
    ``n_i`` the number of independent outlets reporting it. With ``S(d) = sum_i w_i c_i`` and
    ``W(d) = sum_i w_i`` over the clusters of day *d*::

        smoothed(d) = sum_{7 days to d} S / (sum_{7 days to d} W + k)
        index(d)    = (S(d) + k * smoothed(d-1)) / (W(d) + k)        with k = prior_weight

    The index is a weighted mean of the day's conflict scores (normalised by volume: a busy
    day with the usual mix of events scores like a quiet one), shrunk towards the recent
    level by ``k`` pseudo-events: a day with one thin report barely moves it, a day of many
    well-corroborated hostile acts moves it all the way. ``smoothed`` is the trailing
    ``smooth_days`` ratio (shrunk towards the neutral 0 by the same ``k``). Higher means more
    conflict; a day with no events has ``index`` None and ``events`` 0.

    Alert rule: ``z = (index(d) - mean) / max(sd, 1)`` over the indices of the previous
    ``window`` days that had events (at least 3 of them); ``alert`` is ``"rise"`` when
    ``z >= threshold`` (2), ``"fall"`` when ``z <= -threshold``, else None.
    """
    a, b = parse_dyad(dyad)
    check_date(date_from)
    check_date(date_to)
    events = [
        e for e in _dyad_events(store, a, b, date_from, date_to) if _in_dyad(e, a, b, ordered)
    ]
    meta = article_meta(store, (e["article_id"] for e in events))
    sums = daily_sums(cluster_events(events, meta, max_days=0, strict=True))
    return _series(sums, date_from, date_to, smooth_days, window, threshold, prior_weight)


def cluster_weight(c: Cluster) -> float:
    """``m * (1 + ln n)``: modality weight times corroboration."""
    return MODALITY_WEIGHT.get(c.modality, 1.0) * (1.0 + math.log(max(1, c.n_outlets)))


def daily_sums(found: Iterable[Cluster]) -> dict[date, list[float]]:
    """Day -> [sum of w*c, sum of w, number of clusters] (clusters of weight 0 left out)."""
    sums: dict[date, list[float]] = {}
    for c in found:
        weight = cluster_weight(c)
        if c.date is None or weight == 0:
            continue
        acc = sums.setdefault(date.fromisoformat(c.date), [0.0, 0.0, 0])
        acc[0] += weight * -_goldstein(asdict(c))
        acc[1] += weight
        acc[2] += 1
    return sums


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
        prev_num, prev_w = _trail(sums, day - timedelta(days=1), smooth_days)
        level = prev_num / (prev_w + k) if prev_w else 0.0
        index = round((num + k * level) / (wsum + k), 3) if n else None
        t_num, t_w = _trail(sums, day, smooth_days)
        smoothed = round(t_num / (t_w + k), 3) if t_w else None
        recent = [v for d, v in history if (day - d).days <= window]
        rows.append(
            {
                "date": day.isoformat(),
                "index": index,
                "smoothed": smoothed,
                "events": int(n),
                "alert": _alert(recent, index, threshold),
            }
        )
        if index is not None:
            history.append((day, index))
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
