"""Clusters: the same event reported by several articles becomes one cluster.

Clustering (:func:`cluster_events`) is a greedy single pass over *reports* in date order. A
report is one event, or, when quotes are given, a *statement*: the events coded inside the
content of one attributed quote (a speaker saying one thing is one happening, whatever number
of event types the coder found in it; a quote longer than ``MAX_STATEMENT_CHARS``, such as a
transcript turn, holds many statements and its events stay reports of their own). A report
joins an open cluster when either

- its wording is the same as a cluster member's (:class:`~sitroom.picture.wording.Wording`:
  the rare words of the shorter sentence recur in the longer one, weighted by inverse
  sentence frequency) and the dates are within ``WORDING_DAYS``. Outlets that carry the same
  statement in their own translation merge this way even when the coder read their actors
  or type differently; for two plain events (no statement on either side) the type must
  also agree; or
- all of these hold: same PLOVER type and polarity (a negated event never merges with an
  asserted one); the dates overlap once each event's date is widened to its precision, with
  ``max_days`` (1) of slack either side, measured from the cluster's first date so clusters
  cannot creep along a week of reports (an event dated differently from the cluster, or dated
  only to a week or coarser, joins only if its evidence is also similar); the dyads overlap
  (when both sides name source actors they share one, likewise for targets, in either order
  for talks (:func:`symmetric_types`), where a minister also stands for his state; an event
  that names no actor joins only on similar evidence).

Among the clusters that qualify, the report joins the one whose evidence is most similar.
When ``sentences`` are given, a sentence of another article that holds no event but carries a
cluster's wording (same rule) adds that article to the cluster's reports: the coder missed it,
the outlet still reported it.
``n_outlets`` counts independent reports: articles of the same copy group (wire copies found by
the dedupe stage), exact duplicates, and articles of the same outlet count once.
The combined confidence is ``1 - prod(1 - c)`` over those independent reports (each with its
best event confidence; a sentence-only report counts with the representative's confidence
times its wording score), capped at 0.99.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from rapidfuzz import fuzz

from sitroom import vocab
from sitroom.picture.shared import (
    actor_ids,
    codes_of,
    date_range,
    many_statements,
    one_line,
    parse_date,
    polarity,
    short_id,
)
from sitroom.picture.wording import Wording
from sitroom.records import Cluster, Event, Mention, Modality, TextUnit
from sitroom.store.queries import ArticleMeta, DatedQuote

MAX_DAYS = 1
SIMILAR_EVIDENCE = 60.0  # rapidfuzz token_set_ratio needed when actors cannot decide

Articles = Mapping[str, ArticleMeta]


@cache
def symmetric_types() -> frozenset[str]:
    """Types whose two sides act together, so "A met B" and "B met A" report the same
    happening."""
    return vocab.word_set("picture_symmetric_types")


def _meta(articles: Articles, article_id: str) -> ArticleMeta:
    return articles.get(article_id) or ArticleMeta(article_id)


def independent_reports(article_ids: Iterable[str], articles: Articles) -> int:
    """Articles linked by a copy group, a duplicate link or an outlet name count once."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ids = list(dict.fromkeys(article_ids))
    for aid in ids:
        meta = _meta(articles, aid)
        keys = [f"article:{aid}"]
        if meta.copy_group:
            keys.append(f"group:{meta.copy_group}")
        if meta.duplicate_of:
            keys.append(f"article:{meta.duplicate_of}")
        if meta.outlet:
            keys.append(f"outlet:{str(meta.outlet).strip().lower()}")
        for key in keys[1:]:
            parent[find(key)] = find(keys[0])
    return len({find(f"article:{aid}") for aid in ids})


# --------------------------------------------------------------------------- reports


@dataclass
class _Report:
    """What one article says about one happening: an event, or the events of one statement."""

    events: list[Event]
    statement: bool

    @property
    def head(self) -> Event:
        return _representative(self.events)


@dataclass
class _Open:
    """A cluster being built."""

    type: str
    polarity: str
    first: date | None
    last: date | None
    source: set[str]
    target: set[str]
    statement: bool = False
    #: the sides as matched: actor ids and the countries they belong to
    source_codes: set[str] = field(default_factory=set)
    target_codes: set[str] = field(default_factory=set)
    members: list[Event] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)  # article id -> wording score
    core: list[Event] = field(default_factory=list)  # a statement's own events


def _event_dates(ev: Event, articles: Articles) -> tuple[date | None, date | None]:
    start = parse_date(ev.date)
    precision: str | None = ev.date_precision
    if start is None:
        start = parse_date(_meta(articles, ev.article_id).date)
        precision = "day"
    if start is None:
        return None, None
    return date_range(start, precision)


def _side_codes(mentions: Sequence[Mention], etype: str) -> frozenset[str]:
    """A side's actor ids, with their countries for :func:`symmetric_types` (a minister's
    talks are his state's talks; his accusations or attacks may be his own)."""
    if etype not in symmetric_types():
        return actor_ids(mentions)
    return frozenset(c for m in mentions for c in codes_of(m.actor))


def _sides_match(ev_src: frozenset[str], ev_tgt: frozenset[str], c: _Open) -> bool | None:
    """True/False when the actors decide, None when neither side names an actor."""
    decided = False
    if ev_src and c.source_codes:
        if not ev_src & c.source_codes:
            return False
        decided = True
    if ev_tgt and c.target_codes:
        if not ev_tgt & c.target_codes:
            return False
        decided = True
    return True if decided else None


def _event_codes(ev: Event) -> tuple[frozenset[str], frozenset[str]]:
    """The event's source and target codes as clusters match them (:func:`_side_codes`)."""
    return _side_codes(ev.source, ev.type), _side_codes(ev.target, ev.type)


def _oriented(
    src: frozenset[str], tgt: frozenset[str], etype: str, c: _Open
) -> tuple[bool | None, bool]:
    """How an event's sides (codes) match a cluster's, and whether they match only swapped
    (for :func:`symmetric_types`)."""
    sides = _sides_match(src, tgt, c)
    named = src and tgt and c.source_codes and c.target_codes
    if sides is False and etype in symmetric_types() and named and _sides_match(tgt, src, c):
        return True, True  # "A met B" is "B met A" when both name both sides
    return sides, False


def _dates_match(lo: date | None, hi: date | None, c: _Open, max_days: int) -> bool:
    if lo is None or hi is None or c.first is None or c.last is None:
        return lo is None and c.first is None
    slack = timedelta(days=max_days)
    return lo <= c.first + slack and hi >= c.first - slack


def _similarity(ev: Event, c: _Open) -> float:
    text = ev.evidence.text
    return max(fuzz.token_set_ratio(text, m.evidence.text) for m in c.members)


def _best_cluster(
    ev: Event,
    candidates: Iterable[_Open],
    dates: tuple[date | None, date | None],
    max_days: int,
    strict: bool = False,
) -> _Open | None:
    best: tuple[float, _Open] | None = None
    src, tgt = _event_codes(ev)
    for c in candidates:
        if c.type != ev.type or c.polarity != polarity(ev.modality):
            continue
        if not _dates_match(*dates, c, max_days):
            continue
        sides = _oriented(src, tgt, ev.type, c)[0]
        if sides is False:
            continue
        sim = _similarity(ev, c)
        same_day = dates == (c.first, c.last) and dates[0] == dates[1]  # "this week": unsure
        loose = sides is True and same_day and not strict
        if not loose and sim < SIMILAR_EVIDENCE:
            continue
        if best is None or sim > best[0]:
            best = (sim, c)
    return best[1] if best else None


def _sort_key(ev: Event) -> tuple[str, str, int, str]:
    return (str(ev.date or "9999"), str(ev.article_id), int(ev.evidence.start), str(ev.event_id))


def _unit(ev: Event, articles: Articles) -> TextUnit:
    span = ev.evidence
    day = parse_date(_meta(articles, ev.article_id).date) or parse_date(ev.date)
    return TextUnit(str(ev.article_id), int(span.start), int(span.end), span.text, day)


def _reports(events: Sequence[Event], quotes: Sequence[DatedQuote] | None) -> list[_Report]:
    """Events grouped into reports: those inside one attributed quote make one statement."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for dq in quotes or ():
        q = dq.quote
        c = q.content
        if q.speaker and q.speaker.actor_id and not many_statements(c):
            spans.setdefault(q.article_id, []).append((int(c.start), int(c.end),
                                                       str(q.quote_id)))  # fmt: skip
    grouped: dict[tuple[str, str], list[Event]] = {}
    singles: list[_Report] = []
    for ev in events:
        trig = ev.evidence.trigger
        inside = [qid for s, e, qid in spans.get(ev.article_id, ())
                  if s <= int(trig.start) and int(trig.end) <= e]  # fmt: skip
        if inside:
            grouped.setdefault((ev.article_id, min(inside)), []).append(ev)
        else:
            singles.append(_Report([ev], False))
    statements = [_Report(evs, True) for evs in grouped.values()]
    return sorted(singles + statements, key=lambda r: _sort_key(r.head))


def _by_wording(
    rep: _Report,
    unit: int,
    wording: Wording,
    placed: Mapping[int, list[_Open]],
) -> _Open | None:
    """The open cluster holding a unit with this report's wording, if any may take it."""
    head = rep.head
    for i, _score in wording.matches(wording.units[unit]):
        for c in placed.get(i, ()):
            if rep.statement or c.statement:
                return c
            if c.type == head.type and c.polarity == polarity(head.modality):
                return c
    return None


def _open_for(rep: _Report, dates: tuple[date | None, date | None]) -> _Open:
    head = rep.head
    return _Open(head.type, polarity(head.modality), dates[0], dates[1], set(), set(),
                 statement=rep.statement)  # fmt: skip


def _units(
    events: Sequence[Event], articles: Articles, sentences: Sequence[TextUnit] | None
) -> tuple[list[TextUnit], dict[int, int]]:
    """Distinct text units (the sentences, plus any evidence that is not one of them) and
    the unit of each event (by ``id``)."""
    units = list(sentences or ())
    where = {(u.article_id, u.start, u.end): i for i, u in enumerate(units)}
    unit_of: dict[int, int] = {}
    for ev in events:
        u = _unit(ev, articles)
        key = (u.article_id, u.start, u.end)
        if key not in where:
            where[key] = len(units)
            units.append(u)
        unit_of[id(ev)] = where[key]
    return units, unit_of


# --------------------------------------------------------------------------- clustering


def cluster_events(
    events: Sequence[Event],
    articles: Articles,
    *,
    max_days: int = MAX_DAYS,
    quotes: Sequence[DatedQuote] | None = None,
    sentences: Sequence[TextUnit] | None = None,
    strict: bool = False,
) -> list[Cluster]:
    """Group events reporting the same happening (see the module docstring).

    ``articles`` maps article ids to their :class:`ArticleMeta` (outlet, copy group,
    duplicate link, date). ``quotes`` turn the events inside one attributed quote into one
    statement; ``sentences`` let an article whose sentence carries a cluster's wording, but
    holds no coded event, count as a report. With ``strict``, events of the same type, dyad
    and day merge only on similar evidence too (distinct attacks of one day stay distinct, as
    the escalation index needs). The first of a cluster's ``event_ids`` is its representative
    event, whose evidence gives the summary.
    """
    units, unit_of = _units(events, articles, sentences)
    wording = Wording(units)
    index: dict[tuple[str, str], list[_Open]] = {}
    placed: dict[int, list[_Open]] = {}
    opened: list[_Open] = []
    for rep in _reports(events, quotes):
        found = _place(rep, articles, index, max_days, wording, placed, unit_of, strict)
        if found is None:
            found = _open_for(rep, _event_dates(rep.head, articles))
            opened.append(found)
        _add(found, rep, index)
        for ev in rep.events:
            bucket = placed.setdefault(unit_of[id(ev)], [])
            if found not in bucket:
                bucket.append(found)
    if sentences:
        _attach_sentences(opened, wording, set(unit_of.values()), unit_of)
    return [_finish(c, articles) for c in opened]


def _place(
    rep: _Report,
    articles: Articles,
    index: Mapping[tuple[str, str], list[_Open]],
    max_days: int,
    wording: Wording,
    placed: Mapping[int, list[_Open]],
    unit_of: Mapping[int, int],
    strict: bool = False,
) -> _Open | None:
    for ev in rep.events:
        found = _by_wording(rep, unit_of[id(ev)], wording, placed)
        if found is not None:
            return found
    if rep.statement:
        return None
    head = rep.head
    codes = frozenset[str]().union(*_event_codes(head))
    keys = [(head.type, a) for a in sorted(codes)] or [(head.type, "")]
    candidates = {id(c): c for k in keys for c in index.get(k, ()) if not c.statement}
    dates = _event_dates(head, articles)
    return _best_cluster(head, candidates.values(), dates, max_days, strict)


def _add(c: _Open, rep: _Report, index: dict[tuple[str, str], list[_Open]]) -> None:
    if rep.statement or not c.statement:
        c.core.extend(rep.events)
    for ev in rep.events:
        c.members.append(ev)
        src_codes, tgt_codes = _event_codes(ev)
        if (rep.statement and ev is rep.head) or not (rep.statement or c.statement):
            src, tgt = actor_ids(ev.source), actor_ids(ev.target)
            if _oriented(src_codes, tgt_codes, ev.type, c)[1]:
                src, tgt, src_codes, tgt_codes = tgt, src, tgt_codes, src_codes
            c.source |= src
            c.target |= tgt
            c.source_codes |= src_codes
            c.target_codes |= tgt_codes
        codes = src_codes | tgt_codes
        for key in [(ev.type, a) for a in sorted(codes)] or [(ev.type, "")]:
            bucket = index.setdefault(key, [])
            if c not in bucket:
                bucket.append(c)


def _attach_sentences(
    opened: Sequence[_Open], wording: Wording, coded: set[int], unit_of: Mapping[int, int]
) -> None:
    """Add the articles whose uncoded sentences carry a cluster's wording."""
    for c in opened:
        have = {m.article_id for m in c.members}
        for m in c.members:
            for i, score in wording.matches(wording.units[unit_of[id(m)]]):
                aid = wording.units[i].article_id
                if i not in coded and aid not in have:
                    c.extra[aid] = max(c.extra.get(aid, 0.0), score)


# --------------------------------------------------------------------------- finishing


def _most_common(values: Iterable[Any], default: Any = None) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=str)


def _representative(members: Sequence[Event]) -> Event:
    """The most confident member, then the most conflictual (in a statement, the threat is
    the news), then the shortest evidence (a cleaner one-liner)."""
    return max(
        members,
        key=lambda m: (
            float(m.confidence or 0),
            -float(m.goldstein or 0),
            -len(m.evidence.text),
        ),
    )


def _combined_confidence(
    members: Sequence[Event], articles: Articles, extra: Mapping[str, float] | None = None
) -> float:
    by_unit: dict[str, float] = {}
    best = max((float(m.confidence or 0.0) for m in members), default=0.0)
    reports = [(m.article_id, float(m.confidence or 0.0)) for m in members]
    reports += [(aid, best * score) for aid, score in (extra or {}).items()]
    for aid, conf in reports:
        meta = _meta(articles, aid)
        unit = str(meta.copy_group or meta.duplicate_of or aid)
        by_unit[unit] = max(by_unit.get(unit, 0.0), conf)
    miss = 1.0
    for conf in by_unit.values():
        miss *= 1.0 - min(max(conf, 0.0), 1.0)
    return round(min(0.99, 1.0 - miss), 3)


def _finish(c: _Open, articles: Articles) -> Cluster:
    rep = _representative(c.core or c.members)
    members = [rep] + [m for m in c.members if m is not rep]
    article_ids = list(dict.fromkeys([*(m.article_id for m in members), *sorted(c.extra)]))
    outlets = sorted({str(o) for a in article_ids if (o := _meta(articles, a).outlet)})
    reported = sorted(
        d.isoformat() for a in article_ids if (d := parse_date(_meta(articles, a).date)) is not None
    )
    heads = [rep] if c.statement else members
    scores = [float(m.goldstein) for m in heads if m.goldstein is not None]
    modality: Modality = _most_common((m.modality for m in heads), "asserted")
    event_ids = [str(m.event_id) for m in members]
    return Cluster(
        cluster_id=short_id("c", sorted(event_ids)),
        type=rep.type if c.statement else c.type,
        mode=rep.mode if c.statement else _most_common(m.mode for m in members),
        modality=modality,
        source=sorted(c.source),
        target=sorted(c.target),
        date=_most_common(m.date for m in heads),
        event_ids=event_ids,
        article_ids=article_ids,
        outlets=outlets,
        n_outlets=independent_reports(article_ids, articles),
        first_reported=reported[0] if reported else None,
        last_reported=reported[-1] if reported else None,
        confidence=_combined_confidence(members, articles, c.extra),
        summary=one_line(rep.evidence.text),
        goldstein=round(sum(scores) / len(scores), 2) if scores else None,
        quad_class=_most_common(m.quad_class for m in heads),
    )
