"""Corroboration: the same event reported by several articles becomes one cluster, and an
accusation answered by the accused becomes a contested claim.

Clustering (:func:`cluster_events`) is a greedy single pass over events in date order. An event
joins an open cluster when all of these hold:

- same PLOVER type, and the same polarity (a negated event never merges with an asserted one);
- the dates overlap once each event's date is widened to its precision (a day-precise date is
  one day, a month-precise date the whole month), with ``max_days`` (1) of slack either side,
  measured from the cluster's first date so clusters cannot creep along a week of reports;
  an event dated differently from the cluster joins only if its evidence is also similar
  (wire copies dated a day apart merge; talks held on two days stay two events);
- the dyads overlap: when both sides name source actors they share one, and likewise for
  targets; an event that names no actor on either side joins only on similar evidence.

Among the clusters that qualify, the event joins the one whose evidence is most similar.
``n_outlets`` counts independent reports: articles of the same copy group (wire copies found by
the dedupe stage), exact duplicates, and articles of the same outlet count once.
The combined confidence is ``1 - prod(1 - c)`` over those independent reports (each with its
best event confidence), capped at 0.99.

Claims (:func:`pair_claims`): an accusation is an ACCUSE event, or a quote whose cue or
content accuses, alleges or blames; the accused are the ACCUSE event's targets, or the actors of
the events reported inside the quote. A response is a REJECT event, a quote that denies, or a
negated event, whose source is one of the accused, dated from one day before to
``window_days`` after the accusation. Each accusation keeps its best response (same article
first, then nearest date, then most similar wording).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from sitroom.errors import E, SitroomError
from sitroom.records import Claim, Cluster, Modality
from sitroom.store import Store

MAX_DAYS = 1
SIMILAR_EVIDENCE = 60.0  # rapidfuzz token_set_ratio needed when actors cannot decide
SUMMARY_CHARS = 220
CLAIM_WINDOW_DAYS = 7

_ACCUSE_WORDS = re.compile(
    r"\b(accus\w*|alleg\w*|blam\w*|claim\w*|charg(?:e|ed|es|ing)\b|fabricat\w*)", re.I
)
_DENY_WORDS = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|reject\w*|dismiss\w*|refut\w*|rebuff\w*|ruled? out"
    r"|rules out|completely false|false|untrue|baseless|groundless|unfounded|nonsense"
    r"|lies?\b|fake|propaganda|no (?:such )?plans?|not (?:planning|going to))",
    re.I,
)
_DENIAL_WORDS = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|false|untrue|baseless|groundless|unfounded|lies?|no plans?)\b",
    re.I,
)


# --------------------------------------------------------------------------- helpers


def _ids(actors: Iterable[Mapping[str, Any]] | None) -> frozenset[str]:
    return frozenset(str(a["actor_id"]) for a in actors or () if a.get("actor_id"))


def _parse_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _date_range(start: date, precision: str | None) -> tuple[date, date]:
    """The days a date of ``precision`` may stand for."""
    if precision == "week":
        return start, start + timedelta(days=6)
    if precision == "month":
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start.replace(day=1), nxt - timedelta(days=1)
    if precision == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    return start, start


def _polarity(modality: str | None) -> str:
    return "negated" if modality == "negated" else "positive"


def _short_id(prefix: str, parts: Iterable[str]) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


def _one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def _independent_reports(article_ids: Iterable[str], articles: Mapping[str, dict[str, Any]]) -> int:
    """Articles linked by a copy group, a duplicate link or an outlet name count once."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = list(dict.fromkeys(article_ids))
    for aid in ids:
        meta = articles.get(aid, {})
        keys = [f"article:{aid}"]
        if meta.get("copy_group"):
            keys.append(f"group:{meta['copy_group']}")
        if meta.get("duplicate_of"):
            keys.append(f"article:{meta['duplicate_of']}")
        if meta.get("outlet"):
            keys.append(f"outlet:{str(meta['outlet']).strip().lower()}")
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    return len({find(f"article:{aid}") for aid in ids})


# --------------------------------------------------------------------------- clustering


@dataclass
class _Open:
    """A cluster being built."""

    type: str
    polarity: str
    first: date | None
    last: date | None
    source: set[str]
    target: set[str]
    members: list[dict[str, Any]] = field(default_factory=list)


def _event_dates(
    ev: Mapping[str, Any], articles: Mapping[str, dict[str, Any]]
) -> tuple[date | None, date | None]:
    start = _parse_date(ev.get("date"))
    precision = ev.get("date_precision")
    if start is None:
        start = _parse_date(articles.get(ev["article_id"], {}).get("date"))
        precision = "day"
    if start is None:
        return None, None
    return _date_range(start, precision)


def _sides_match(ev_src: frozenset[str], ev_tgt: frozenset[str], c: _Open) -> bool | None:
    """True/False when the actors decide, None when neither side names an actor."""
    decided = False
    if ev_src and c.source:
        if not ev_src & c.source:
            return False
        decided = True
    if ev_tgt and c.target:
        if not ev_tgt & c.target:
            return False
        decided = True
    return True if decided else None


def _dates_match(lo: date | None, hi: date | None, c: _Open, max_days: int) -> bool:
    if lo is None or hi is None or c.first is None or c.last is None:
        return lo is None and c.first is None
    slack = timedelta(days=max_days)
    return lo <= c.first + slack and hi >= c.first - slack


def _similarity(ev: Mapping[str, Any], c: _Open) -> float:
    text = ev["evidence"]["text"]
    return max(fuzz.token_set_ratio(text, m["evidence"]["text"]) for m in c.members)


def _best_cluster(
    ev: Mapping[str, Any],
    candidates: Iterable[_Open],
    dates: tuple[date | None, date | None],
    max_days: int,
) -> _Open | None:
    src, tgt = _ids(ev.get("source")), _ids(ev.get("target"))
    best: tuple[float, _Open] | None = None
    for c in candidates:
        if c.type != ev["type"] or c.polarity != _polarity(ev.get("modality")):
            continue
        if not _dates_match(*dates, c, max_days):
            continue
        sim = _similarity(ev, c)
        sides = _sides_match(src, tgt, c)
        same_days = dates == (c.first, c.last)
        if sides is False or ((sides is None or not same_days) and sim < SIMILAR_EVIDENCE):
            continue
        if best is None or sim > best[0]:
            best = (sim, c)
    return best[1] if best else None


def _sort_key(ev: Mapping[str, Any]) -> tuple[str, str, int, str]:
    return (
        str(ev.get("date") or "9999"),
        str(ev["article_id"]),
        int(ev["evidence"]["start"]),
        str(ev["event_id"]),
    )


def cluster_events(
    events: Sequence[dict[str, Any]],
    articles: Mapping[str, dict[str, Any]],
    *,
    max_days: int = MAX_DAYS,
) -> list[Cluster]:
    """Group contract-shaped events reporting the same happening (see the module docstring).

    ``articles`` maps article ids to dicts with (some of) ``outlet``, ``copy_group``,
    ``duplicate_of``, ``date`` and ``title``. The first of a cluster's ``event_ids`` is its
    representative event, whose evidence gives the summary.
    """
    index: dict[tuple[str, str], list[_Open]] = {}
    opened: list[_Open] = []
    for ev in sorted(events, key=_sort_key):
        dates = _event_dates(ev, articles)
        src, tgt = _ids(ev.get("source")), _ids(ev.get("target"))
        keys = [(ev["type"], a) for a in sorted(src | tgt)] or [(ev["type"], "")]
        candidates = {id(c): c for k in keys for c in index.get(k, ())}
        found = _best_cluster(ev, candidates.values(), dates, max_days)
        if found is None:
            found = _Open(ev["type"], _polarity(ev.get("modality")), dates[0], dates[1],
                          set(), set())  # fmt: skip
            opened.append(found)
        found.members.append(ev)
        found.source |= src
        found.target |= tgt
        for key in keys:
            bucket = index.setdefault(key, [])
            if found not in bucket:
                bucket.append(found)
    return [_finish(c, articles) for c in opened]


def _most_common(values: Iterable[Any], default: Any = None) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=str)


def _representative(members: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The most confident member, preferring shorter evidence (a cleaner one-liner)."""
    return max(
        members, key=lambda m: (float(m.get("confidence") or 0), -len(m["evidence"]["text"]))
    )


def _combined_confidence(
    members: Sequence[dict[str, Any]], articles: Mapping[str, dict[str, Any]]
) -> float:
    by_unit: dict[str, float] = {}
    for m in members:
        meta = articles.get(m["article_id"], {})
        unit = str(meta.get("copy_group") or meta.get("duplicate_of") or m["article_id"])
        by_unit[unit] = max(by_unit.get(unit, 0.0), float(m.get("confidence") or 0.0))
    miss = 1.0
    for conf in by_unit.values():
        miss *= 1.0 - min(max(conf, 0.0), 1.0)
    return round(min(0.99, 1.0 - miss), 3)


def _finish(c: _Open, articles: Mapping[str, dict[str, Any]]) -> Cluster:
    rep = _representative(c.members)
    members = [rep] + [m for m in c.members if m is not rep]
    article_ids = list(dict.fromkeys(m["article_id"] for m in members))
    outlets = sorted({str(articles[a]["outlet"]) for a in article_ids
                      if articles.get(a, {}).get("outlet")})  # fmt: skip
    reported = sorted(
        d.isoformat()
        for a in article_ids
        if (d := _parse_date(articles.get(a, {}).get("date"))) is not None
    )
    scores = [float(m["goldstein"]) for m in members if m.get("goldstein") is not None]
    modality: Modality = _most_common((m.get("modality") for m in members), "asserted")
    event_ids = [str(m["event_id"]) for m in members]
    return Cluster(
        cluster_id=_short_id("c", sorted(event_ids)),
        type=c.type,
        mode=_most_common(m.get("mode") for m in members),
        modality=modality,
        source=sorted(c.source),
        target=sorted(c.target),
        date=_most_common(m.get("date") for m in members),
        event_ids=event_ids,
        article_ids=article_ids,
        outlets=outlets,
        n_outlets=_independent_reports(article_ids, articles),
        first_reported=reported[0] if reported else None,
        last_reported=reported[-1] if reported else None,
        confidence=_combined_confidence(members, articles),
        summary=_one_line(rep["evidence"]["text"]),
        goldstein=round(sum(scores) / len(scores), 2) if scores else None,
        quad_class=_most_common(m.get("quad_class") for m in members),
    )


# --------------------------------------------------------------------------- claims


@dataclass
class _Side:
    """One side of a contested claim: an accusation or a response."""

    ref: str  # event_id or quote_id
    kind: str  # "event" or "quote"
    article_id: str
    actors: frozenset[str]
    others: frozenset[str]  # accused (accusation) or addressed (response)
    actor: dict[str, Any] | None
    date: date | None
    text: str
    evidence: dict[str, Any]
    topics: frozenset[str] = frozenset()
    label: str = ""
    confidence: float = 0.0
    needs_topic: bool = False  # a negated event answers only an accusation of that kind of act

    def to_dict(self) -> dict[str, Any]:
        return {
            "actor": self.actor,
            "actors": sorted(self.actors),
            "text": self.text,
            "evidence": self.evidence,
            "date": self.date.isoformat() if self.date else None,
            "article_id": self.article_id,
            f"{self.kind}_id": self.ref,
        }


def _actor_of(mentions: Sequence[Mapping[str, Any]] | None) -> dict[str, Any] | None:
    for m in mentions or ():
        if m.get("actor_id"):
            return {k: m.get(k) for k in ("actor_id", "name", "country", "sector")}
    return None


def _overlaps(a: Mapping[str, Any], start: int, end: int) -> bool:
    return int(a["start"]) < end and start < int(a["end"])


def _inner_events(
    by_article: Mapping[str, Sequence[dict[str, Any]]], article_id: str, start: int, end: int,
    exclude: str | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    return [
        e
        for e in by_article.get(article_id, ())
        if e["event_id"] != exclude and _overlaps(e["evidence"], start, end)
    ]


def _event_side(ev: dict[str, Any], others: frozenset[str], label: str,
                topics: frozenset[str] = frozenset()) -> _Side:  # fmt: skip
    return _Side(
        ref=ev["event_id"], kind="event", article_id=ev["article_id"],
        actors=_ids(ev.get("source")), others=others, actor=_actor_of(ev.get("source")),
        date=_parse_date(ev.get("date")), text=_one_line(ev["evidence"]["text"], 400),
        evidence=ev["evidence"], topics=topics, label=label,
        confidence=float(ev.get("confidence") or 0),
    )  # fmt: skip


def _quote_side(q: dict[str, Any], others: frozenset[str], label: str,
                topics: frozenset[str], when: date | None) -> _Side:  # fmt: skip
    speaker = q.get("speaker") or {}
    content = q["content"]
    return _Side(
        ref=q["quote_id"], kind="quote", article_id=q["article_id"],
        actors=frozenset([speaker["actor_id"]]) if speaker.get("actor_id") else frozenset(),
        others=others, actor={k: speaker.get(k) for k in ("actor_id", "name", "country", "sector")},
        date=when, text=_one_line(content["text"], 400),
        evidence={**content, "cue": q.get("cue")}, topics=topics, label=label,
        confidence=float(q.get("confidence") or 0),
    )  # fmt: skip


def _response_kind(text: str) -> str:
    return "denial" if _DENIAL_WORDS.search(text) else "rejection"


def _sides_from_events(
    events: Sequence[dict[str, Any]], by_article: Mapping[str, Sequence[dict[str, Any]]]
) -> tuple[list[_Side], list[_Side]]:
    accusations: list[_Side] = []
    responses: list[_Side] = []
    for ev in events:
        ev_span = ev["evidence"]
        inner = _inner_events(by_article, ev["article_id"], ev_span["start"], ev_span["end"],
                              ev["event_id"])  # fmt: skip
        topics = frozenset(e["type"] for e in inner if e["type"] not in {"ACCUSE", "REJECT"})
        negated = ev.get("modality") == "negated"
        if ev["type"] == "ACCUSE" and not negated and _ids(ev.get("target")):
            accusations.append(_event_side(ev, _ids(ev.get("target")), "accusation", topics))
        elif ev["type"] == "REJECT" and not negated and _ids(ev.get("source")):
            kind = _response_kind(ev_span["text"])
            responses.append(_event_side(ev, _ids(ev.get("target")), kind))
        elif negated and _ids(ev.get("source")):
            side = _event_side(ev, _ids(ev.get("target")), "denial", frozenset([ev["type"]]))
            side.needs_topic = True
            responses.append(side)
    return accusations, responses


def _sides_from_quotes(
    quotes: Sequence[dict[str, Any]],
    by_article: Mapping[str, Sequence[dict[str, Any]]],
    articles: Mapping[str, dict[str, Any]],
) -> tuple[list[_Side], list[_Side]]:
    accusations: list[_Side] = []
    responses: list[_Side] = []
    for q in quotes:
        speaker = (q.get("speaker") or {}).get("actor_id")
        if not speaker:
            continue
        cue = (q.get("cue") or {}).get("text", "")
        content = q["content"]
        inner = _inner_events(by_article, q["article_id"], content["start"], content["end"])
        when = (
            _parse_date(q.get("date"))
            or _parse_date(articles.get(q["article_id"], {}).get("date"))
            or min((d for e in inner if (d := _parse_date(e.get("date")))), default=None)
        )
        topics = frozenset(e["type"] for e in inner if e["type"] not in {"ACCUSE", "REJECT"})
        if _DENY_WORDS.search(cue) or _DENY_WORDS.search(content["text"]):
            kind = _response_kind(f"{cue} {content['text']}")
            responses.append(_quote_side(q, frozenset(), kind, topics, when))
        elif _ACCUSE_WORDS.search(cue) or _ACCUSE_WORDS.search(content["text"]):
            accused = frozenset(a for e in inner for a in _ids(e.get("source"))) - {speaker}
            if accused:
                accusations.append(_quote_side(q, accused, "accusation", topics, when))
    return accusations, responses


def _response_score(acc: _Side, resp: _Side, window_days: int) -> tuple[int, int, float] | None:
    if resp.ref == acc.ref or not resp.actors & acc.others or resp.actors & acc.actors:
        return None
    if resp.needs_topic and not resp.topics & acc.topics:
        return None
    gap = 0
    if acc.date and resp.date:
        gap = (resp.date - acc.date).days
        if gap < -1 or gap > window_days:
            return None
    similarity = fuzz.token_set_ratio(acc.text, resp.text)
    return (int(resp.article_id == acc.article_id), -abs(gap), similarity)


def _claim(acc: _Side, resp: _Side) -> Claim:
    claim = {**acc.to_dict(), "accused": sorted(acc.others)}
    response = {**resp.to_dict(), "kind": resp.label}
    return Claim(claim_id=_short_id("k", [acc.ref, resp.ref]), claim=claim, response=response)


def pair_claims(
    events: Sequence[dict[str, Any]],
    quotes: Sequence[dict[str, Any]],
    *,
    articles: Mapping[str, dict[str, Any]] | None = None,
    window_days: int = CLAIM_WINDOW_DAYS,
) -> list[Claim]:
    """Pair each accusation with the best response by the accused (see the module docstring).

    Quotes carry no date in their contract; a ``date`` key is used when present, else the
    article's date from ``articles``, else the date of the events reported inside the quote.
    Reports of the same accusation answered the same way are kept once.
    """
    articles = articles or {}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_article.setdefault(ev["article_id"], []).append(ev)
    acc_e, resp_e = _sides_from_events(events, by_article)
    acc_q, resp_q = _sides_from_quotes(quotes, by_article, articles)
    responses = resp_e + resp_q
    seen: set[tuple[Any, ...]] = set()
    out: list[Claim] = []
    for acc in sorted(acc_e + acc_q, key=lambda s: (-s.confidence, s.date or date.max, s.ref)):
        scored = [(s, r) for r in responses if (s := _response_score(acc, r, window_days))]
        if not scored:
            continue
        resp = max(scored, key=lambda sr: sr[0])[1]
        key = (acc.actors, acc.others, acc.date, resp.actors, resp.date, resp.label)
        if key in seen:
            continue
        seen.add(key)
        out.append(_claim(acc, resp))
    return sorted(out, key=lambda c: (c.claim["date"] or "9999", c.claim_id))


# --------------------------------------------------------------------------- store


def article_meta(store: Store, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Article id -> outlet, copy group, duplicate link, date and title (no text), for the
    articles ``ids`` (all when None)."""
    sql = (
        "SELECT article_id, outlet, copy_group, duplicate_of, CAST(date AS VARCHAR) AS date,"
        " title FROM articles"
    )
    if ids is None:
        rows = store._rows(sql)
    else:
        rows = store._rows(sql + " WHERE article_id IN (SELECT unnest(?))", [sorted(set(ids))])
    return {r["article_id"]: r for r in rows}


def _dated_quotes(store: Store) -> list[dict[str, Any]]:
    rows = store._rows(
        "SELECT quote_id, article_id, kind, cue, content, speaker, confidence,"
        " CAST(date AS VARCHAR) AS date FROM quotes"
    )
    for r in rows:
        for key in ("cue", "content", "speaker"):
            r[key] = json.loads(r[key]) if r[key] is not None else None
    return rows


def build_clusters(store: Store) -> tuple[int, int]:
    """Recompute the ``clusters`` and ``claims`` tables from the stored events, in one
    transaction; return (clusters, claims)."""
    articles = article_meta(store)
    events = store.events()
    found = cluster_events(events, articles)
    pairs = pair_claims(events, _dated_quotes(store), articles=articles)
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM clusters")
        store.con.execute("DELETE FROM claims")
        if found:
            store.con.executemany(
                "INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_cluster_row(c) for c in found],
            )
        if pairs:
            store.con.executemany(
                "INSERT INTO claims VALUES (?, ?, ?, ?)",
                [(c.claim_id, json.dumps(c.claim, ensure_ascii=False),
                  json.dumps(c.response, ensure_ascii=False), c.claim["date"]) for c in pairs],
            )  # fmt: skip
        store.con.execute("COMMIT")
    except Exception:
        store.con.execute("ROLLBACK")
        raise
    return len(found), len(pairs)


def _cluster_row(c: Cluster) -> tuple[Any, ...]:
    return (
        c.cluster_id, c.type, c.mode, c.modality, c.source, c.target, c.date, c.event_ids,
        c.article_ids, c.outlets, c.n_outlets, c.first_reported, c.last_reported, c.confidence,
        c.summary, c.goldstein, c.quad_class,
    )  # fmt: skip


CLUSTER_FIELDS = (
    "cluster_id", "type", "mode", "modality", "source", "target", "date", "event_ids",
    "article_ids", "outlets", "n_outlets", "first_reported", "last_reported", "confidence",
    "summary", "goldstein", "quad_class",
)  # fmt: skip


def check_date(value: str | None) -> str | None:
    """``value`` if it is a YYYY-MM-DD date (or None); else SitroomError E040."""
    if value is None or value == "":
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or _parse_date(value) is None:
        raise SitroomError(E.E040, value=value)
    return value


def _filters(
    date_column: str, date_from: str | None, date_to: str | None
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if check_date(date_from):
        where.append(f"{date_column} >= CAST(? AS DATE)")
        params.append(date_from)
    if check_date(date_to):
        where.append(f"{date_column} <= CAST(? AS DATE)")
        params.append(date_to)
    return where, params


def _where(sql: str, where: list[str]) -> str:
    return sql + (" WHERE " + " AND ".join(where) if where else "")


def clusters(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    type: str | None = None,
    min_outlets: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored clusters in the export contract's shape, by date then corroboration."""
    where, params = _filters("date", date_from, date_to)
    if actor:
        where.append("(list_contains(source, ?) OR list_contains(target, ?))")
        params += [actor, actor]
    if type:
        where.append("type = ?")
        params.append(type.upper())
    if min_outlets:
        where.append("n_outlets >= ?")
        params.append(int(min_outlets))
    cols = ", ".join(
        f"CAST({c} AS VARCHAR) AS {c}" if c in {"date", "first_reported", "last_reported"} else c
        for c in CLUSTER_FIELDS
    )
    sql = _where(f"SELECT {cols} FROM clusters", where)
    sql += " ORDER BY date NULLS LAST, n_outlets DESC, cluster_id"
    sql += "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    return store._rows(sql, params)


def claims(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    actor: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """Stored contested claims: ``claim_id, claim {...}, response {...}``, by date."""
    where, params = _filters("date", date_from, date_to)
    sql = _where("SELECT claim_id, claim, response FROM claims", where)
    sql += " ORDER BY date NULLS LAST, claim_id"
    out = []
    for r in store._rows(sql, params):
        rec = {"claim_id": r["claim_id"], "claim": json.loads(r["claim"]),
               "response": json.loads(r["response"])}  # fmt: skip
        sides = set(rec["claim"]["actors"]) | set(rec["claim"].get("accused", []))
        if actor and actor not in sides | set(rec["response"]["actors"]):
            continue
        out.append(rec)
    return out[offset:] if limit is None else out[offset : offset + limit]
