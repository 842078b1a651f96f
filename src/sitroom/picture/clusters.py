"""Clusters: the same event reported by several articles becomes one cluster.

Clustering (:func:`cluster_events`) is a greedy single pass over *reports* in date order. A
report is one event, or, when quotes are given, a *statement*: the events coded inside the
content of one attributed quote (a speaker saying one thing is one happening, whatever number
of event types the coder found in it; a quote longer than ``MAX_STATEMENT_CHARS``, such as a
transcript turn, holds many statements and its events stay reports of their own).

A cluster is one event, so every member shares

- the PLOVER **type** and polarity (a negated event never merges with an asserted one; a
  statement joins when one of its events has the cluster's type);
- **compatible sides**: where both name a source, they share an actor or its parent (a
  minister counts as his state: :func:`side_codes`), likewise for targets; for talks
  (:func:`symmetric_types`) "A met B" is "B met A";
- a **date** window that fits the date's precision: the dates overlap once each is widened to
  its precision, with ``max_days`` (1) of slack either side, measured from the cluster's first
  date so clusters cannot creep along a week of reports;
- **close wording** of the evidence (:class:`~sitroom.picture.wording.Wording`: the
  inverse-sentence-frequency weighted share of the shorter evidence's content words found in
  the other), never type and date alone: at least ``CLOSE_WORDING`` with some member when
  both the report and the cluster name both sides, and ``NEAR_WORDING`` (nearly the same
  words) when either lacks a side. A report whose wording is nearly the same as a member's
  of another article (a wire copy, one outlet's translation of another's statement) joins
  within ``WORDING_DAYS`` of publication even when the event dates differ.

Among the clusters that qualify, the report joins the one whose wording is closest. Repeats
of one sentence or headline within an article (a listing that prints a headline twice, a lead
that repeats the headline) are one report: they join the same cluster and count once.
When ``sentences`` are given, a sentence of another article that holds no event but carries a
cluster's wording (``NEAR_WORDING``) adds that article to the cluster's reports: the coder
missed it, the outlet still reported it.

``n_outlets`` counts independent reports: articles of the same copy group (wire copies found by
the dedupe stage), exact duplicates, and articles of the same outlet count once; ``outlets``
names one outlet per independent report, so that it never lists a copy twice.
The combined confidence is ``1 - prod(1 - c)`` over those independent reports (each with its
best event confidence; a sentence-only report counts with the representative's confidence
times its wording score), capped at 0.99.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from typing import Any

from sitroom import vocab
from sitroom.picture.facts import Facts, facts_of, numbers
from sitroom.picture.shared import (
    actor_ids,
    date_range,
    many_statements,
    one_line,
    parse_date,
    polarity,
    short_id,
    side_codes,
)
from sitroom.picture.wording import (
    LONG_COVER,
    NEAR_WORDING,
    WORDING_DAYS,
    Wording,
    content_words,
)
from sitroom.records import Cluster, Event, Mention, Modality, TextUnit
from sitroom.store.queries import ArticleMeta, DatedQuote

MAX_DAYS = 1
#: Least wording score with a member for a report naming both sides to join a cluster that
#: names both (see the module docstring; reports lacking a side need ``NEAR_WORDING``).
CLOSE_WORDING = 0.3
CLOSE_MIN_WORDS = 2  # a headline of two content words besides may still be compared
_WORD_RE = re.compile(r"\w+")
MAX_COMPARED = 40  # members a report is compared with (the first ones: the cluster's core)

Articles = Mapping[str, ArticleMeta]


@cache
def symmetric_types() -> frozenset[str]:
    """Types whose two sides act together, so "A met B" and "B met A" report the same
    happening."""
    return vocab.word_set("picture_symmetric_types")


def _meta(articles: Articles, article_id: str) -> ArticleMeta:
    return articles.get(article_id) or ArticleMeta(article_id)


def independent_groups(article_ids: Iterable[str], articles: Articles) -> list[list[str]]:
    """The articles in groups of one independent report each: articles linked by a copy
    group, a duplicate link or an outlet name are one group (in the order first seen)."""
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
    groups: dict[str, list[str]] = {}
    for aid in ids:
        groups.setdefault(find(f"article:{aid}"), []).append(aid)
    return list(groups.values())


def independent_reports(article_ids: Iterable[str], articles: Articles) -> int:
    """Articles linked by a copy group, a duplicate link or an outlet name count once."""
    return len(independent_groups(article_ids, articles))


# --------------------------------------------------------------------------- reports


@dataclass
class _Report:
    """What one article says about one happening: an event, or the events of one statement."""

    events: list[Event]
    statement: bool

    @property
    def head(self) -> Event:
        return _representative(self.events)


@dataclass(eq=False)
class _Open:
    """A cluster being built."""

    type: str
    polarity: str
    first: date | None
    last: date | None
    source: set[str]
    target: set[str]
    statement: bool = False
    #: the sides as matched: actor ids and the states they belong to
    source_codes: set[str] = field(default_factory=set)
    target_codes: set[str] = field(default_factory=set)
    members: list[Event] = field(default_factory=list)
    units: list[int] = field(default_factory=list)  # the members' evidence units
    extra: dict[str, float] = field(default_factory=dict)  # article id -> wording score
    core: list[Event] = field(default_factory=list)  # a statement's own events
    published: date | None = None  # the first member's publication day


def _event_dates(ev: Event, articles: Articles) -> tuple[date | None, date | None]:
    start = parse_date(ev.date)
    precision: str | None = ev.date_precision
    if start is None:
        start = parse_date(_meta(articles, ev.article_id).date)
        precision = "day"
    if start is None:
        return None, None
    return date_range(start, precision)


def _agree(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> bool:
    return not a or not b or bool(a & b)


def _fit(src: frozenset[str], tgt: frozenset[str], etype: str, c: _Open) -> tuple[str, bool]:
    """How an event's sides fit a cluster's: ("both", swapped) when both name both sides and
    they agree, ("partial", False) when nothing disagrees but a side is missing somewhere,
    ("conflict", False) otherwise. Talks match swapped sides (:func:`symmetric_types`)."""
    two = bool(src and tgt and c.source_codes and c.target_codes)
    if _agree(src, c.source_codes) and _agree(tgt, c.target_codes):
        return ("both" if two else "partial"), False
    swapped = _agree(tgt, c.source_codes) and _agree(src, c.target_codes)
    if two and etype in symmetric_types() and swapped:
        return "both", True
    return "conflict", False


def _event_codes(ev: Event) -> tuple[frozenset[str], frozenset[str]]:
    return side_codes(ev.source), side_codes(ev.target)


def _dates_match(lo: date | None, hi: date | None, c: _Open, max_days: int) -> bool:
    if lo is None or hi is None or c.first is None or c.last is None:
        return lo is None and c.first is None
    slack = timedelta(days=max_days)
    return lo <= c.first + slack and hi >= c.first - slack


def _published_near(day: date | None, c: _Open) -> bool:
    """Whether a report published ``day`` is news of the cluster's days: within
    ``WORDING_DAYS`` of its first report (a tally "since 24 February" printed a month later
    is dated 24 February, but reports another day's count)."""
    if day is None or c.published is None:
        return True
    return abs((day - c.published).days) <= WORDING_DAYS


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
    repeats: dict[tuple[str, str, str, str], list[Event]] = {}
    for ev in events:
        trig = ev.evidence.trigger
        inside = [qid for s, e, qid in spans.get(ev.article_id, ())
                  if s <= int(trig.start) and int(trig.end) <= e]  # fmt: skip
        if inside:
            grouped.setdefault((ev.article_id, min(inside)), []).append(ev)
        else:  # the same sentence or headline printed twice in an article is one report
            words = " ".join(_WORD_RE.findall(ev.evidence.text.lower()))
            key = (str(ev.article_id), ev.type, polarity(ev.modality), words)
            repeats.setdefault(key, []).append(ev)
    singles = [_Report(evs, False) for evs in repeats.values()]
    statements = [_Report(evs, True) for evs in grouped.values()]
    return sorted(singles + statements, key=lambda r: _sort_key(r.head))


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


@dataclass
class _Pass:
    """The state of one clustering pass."""

    articles: Articles
    wording: Wording
    unit_of: Mapping[int, int]
    max_days: int
    #: (type, actor code, first day) -> the open clusters of that type, side and first day
    index: dict[tuple[str, str, date | None], list[_Open]] = field(default_factory=dict)
    placed: dict[int, list[_Open]] = field(default_factory=dict)  # unit -> its clusters

    acts: dict[int, frozenset[str]] = field(default_factory=dict)  # id(event) -> act words
    fact_cache: dict[int, Facts] = field(default_factory=dict)
    member_facts: dict[int, tuple[int, frozenset[Facts]]] = field(default_factory=dict)

    def act_words(self, ev: Event) -> frozenset[str]:
        """The content words of the event's evidence but the words naming its actors: what
        is said about the act (the sides are compared on their own). Places stay: two
        shellings of two towns are two events."""
        found = self.acts.get(id(ev))
        if found is None:
            sides = (*ev.source, *ev.target)
            names = content_words(" ".join(m.text for m in sides if m.kind != "place"))
            words = self.wording.words[self.unit_of[id(ev)]]
            found = frozenset(w for w in words if len(w) > 2) - names
            self.acts[id(ev)] = found
        return found

    def published(self, ev: Event) -> date | None:
        return parse_date(_meta(self.articles, ev.article_id).date)

    def facts(self, ev: Event) -> Facts:
        found = self.fact_cache.get(id(ev))
        if found is None:
            found = self.fact_cache[id(ev)] = facts_of(ev)
        return found

    def differs(self, ev: Event, c: _Open) -> bool:
        """Whether the event contradicts the facts of the cluster's members (other places,
        other numbers: :mod:`sitroom.picture.facts`)."""
        mine = self.facts(ev)
        if not (mine.places or mine.numbers or mine.days):
            return False
        seen, known = self.member_facts.get(id(c), (0, frozenset()))
        if seen < min(len(c.members), MAX_COMPARED):  # the distinct facts of its members
            seen = min(len(c.members), MAX_COMPARED)
            known = known | {self.facts(m) for m in c.members[:seen]}
            self.member_facts[id(c)] = (seen, known)
        return any(mine.contradicts(f) for f in known)

    def same_act(self, ev: Event, c: _Open) -> bool:
        """Whether the event's act words meet a member's (or either has none)."""
        mine = self.act_words(ev)
        if not mine:
            return True
        for m in c.members[:MAX_COMPARED]:
            other = self.act_words(m)
            if not other or mine & other:
                return True
        return False

    def closeness(self, ev: Event, c: _Open) -> float:
        """The best closeness of the event's act words with a member's: the words they
        share over the words of the one with more (1 for the same evidence)."""
        unit, mine = self.unit_of[id(ev)], self.act_words(ev)
        best = 0.0
        for m in c.members[:MAX_COMPARED]:
            if self.unit_of[id(m)] == unit:
                return 1.0
            other = self.act_words(m)
            if min(len(mine), len(other)) >= CLOSE_MIN_WORDS:
                best = max(best, len(mine & other) / max(len(mine), len(other)))
        return best

    def near(self, unit: int, statement: bool) -> dict[int, float]:
        """Clusters (by ``id``) holding a unit with nearly this unit's wording: the same
        unit (a repeat) or one of another article within ``WORDING_DAYS``. A statement may
        be a fragment of a cluster's statement (an outlet quoting part of it), never the
        reverse (a long sentence that happens to hold a short one's words)."""
        found: dict[int, float] = {id(c): 1.0 for c in self.placed.get(unit, ())}
        for i, score, cover in self.wording.matches_of(unit, WORDING_DAYS, True):
            for c in self.placed.get(i, ()):
                fragment = len(self.wording.words[unit]) <= len(self.wording.words[i])
                if cover >= LONG_COVER or (statement and c.statement and fragment):
                    found[id(c)] = max(found.get(id(c), 0.0), score)
        return found


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
    holds no coded event, count as a report. ``strict`` is kept for callers: every join
    needs close wording now. The first of a cluster's ``event_ids`` is its representative
    event, whose evidence gives the summary.
    """
    del strict
    units, unit_of = _units(events, articles, sentences)
    run = _Pass(articles, Wording(units), unit_of, max_days)
    opened: list[_Open] = []
    by_id: dict[int, _Open] = {}
    for rep in _reports(events, quotes):
        found = _place(rep, run, by_id)
        if found is None:
            head = rep.head
            lo, hi = _event_dates(head, articles)
            found = _Open(head.type, polarity(head.modality), lo, hi, set(), set(),
                          statement=rep.statement, published=run.published(head))  # fmt: skip
            opened.append(found)
            by_id[id(found)] = found
        _add(found, rep, run)
    if sentences:
        _attach_sentences(opened, run.wording, set(unit_of.values()), _speakers(quotes))
    return [_finish(c, articles) for c in opened]


def _place(rep: _Report, run: _Pass, by_id: Mapping[int, _Open]) -> _Open | None:
    """The open cluster this report joins, if any (the rules of the module docstring)."""
    best: tuple[float, _Open] | None = None
    for ev in rep.events:
        unit = run.unit_of[id(ev)]
        src, tgt = _event_codes(ev)
        pol = polarity(ev.modality)
        near = run.near(unit, rep.statement)
        repeat = {id(c) for c in run.placed.get(unit, ())}  # the same sentence again
        candidates = {k: by_id[k] for k in near}
        dates = _event_dates(ev, run.articles)
        if not rep.statement:
            for key in _keys(ev.type, src | tgt, _first_days(*dates, run.max_days)):
                candidates.update((id(c), c) for c in run.index.get(key, ()))
        for cid, c in candidates.items():
            if c.type != ev.type or c.polarity != pol:
                continue
            fit = _fit(src, tgt, ev.type, c)[0]
            if fit == "conflict" or (cid not in repeat and run.differs(ev, c)):
                continue
            score = near.get(cid, 0.0)
            if cid not in repeat and not _published_near(run.published(ev), c):
                continue
            if score >= NEAR_WORDING and not run.same_act(ev, c):
                score = 0.0  # the same names, another act ("meeting" / "telephone call")
            if score < NEAR_WORDING:  # not nearly the same words: an event of its own?
                if rep.statement or c.statement or not _dates_match(*dates, c, run.max_days):
                    continue
                score = run.closeness(ev, c)
                if score < (CLOSE_WORDING if fit == "both" else NEAR_WORDING):
                    continue
            if best is None or score > best[0]:
                best = (score, c)
    return best[1] if best else None


def _first_days(lo: date | None, hi: date | None, max_days: int) -> list[date | None]:
    """The first days a cluster may have for an event of these dates to join it."""
    if lo is None or hi is None:
        return [None]
    start = lo - timedelta(days=max_days)
    return [start + timedelta(days=k) for k in range((hi - lo).days + 2 * max_days + 1)]


def _keys(
    etype: str, codes: frozenset[str], days: Sequence[date | None]
) -> list[tuple[str, str, date | None]]:
    return [(etype, a, d) for a in (sorted(codes) or [""]) for d in days]


def _add(c: _Open, rep: _Report, run: _Pass) -> None:
    if rep.statement or not c.statement:
        c.core.extend(rep.events)
    for ev in rep.events:
        c.members.append(ev)
        unit = run.unit_of[id(ev)]
        if unit not in c.units:
            c.units.append(unit)
        bucket = run.placed.setdefault(unit, [])
        if c not in bucket:
            bucket.append(c)
        src_codes, tgt_codes = _event_codes(ev)
        if ev.type != c.type or polarity(ev.modality) != c.polarity:
            continue  # a statement's other events do not define the cluster's sides
        fit, swapped = _fit(src_codes, tgt_codes, ev.type, c)
        if fit == "conflict" and c.members[0] is not ev:
            continue
        src, tgt = actor_ids(ev.source), actor_ids(ev.target)
        if swapped:
            src, tgt, src_codes, tgt_codes = tgt, src, tgt_codes, src_codes
        c.source |= src
        c.target |= tgt
        c.source_codes |= src_codes
        c.target_codes |= tgt_codes
        for key in _keys(ev.type, src_codes | tgt_codes, [c.first]):
            bucket2 = run.index.setdefault(key, [])
            if c not in bucket2:
                bucket2.append(c)


Speakers = Mapping[str, Sequence[tuple[int, int, frozenset[str]]]]


def _speakers(
    quotes: Sequence[DatedQuote] | None,
) -> dict[str, list[tuple[int, int, frozenset[str]]]]:
    """Article id -> (start, end, speaker codes) of its attributed quotes."""
    out: dict[str, list[tuple[int, int, frozenset[str]]]] = {}
    for dq in quotes or ():
        q = dq.quote
        if q.speaker and q.speaker.actor_id:
            codes = side_codes([Mention("", 0, 0, q.speaker, "name", 0, 1)])
            out.setdefault(q.article_id, []).append((int(q.content.start), int(q.content.end),
                                                     codes))  # fmt: skip
    return out


def _quoted_by(unit: TextUnit, speakers: Speakers) -> frozenset[str]:
    """The codes of the speakers of the quotes that make most of ``unit`` or lie in it."""
    out: set[str] = set()
    for s, e, who in speakers.get(unit.article_id, ()):
        inside = max(0, min(e, unit.end) - max(s, unit.start))
        if inside and (inside >= (unit.end - unit.start) / 2 or inside >= (e - s) * 0.9):
            out |= who
    return frozenset(out)


def _attach_sentences(
    opened: Sequence[_Open], wording: Wording, coded: set[int], speakers: Speakers
) -> None:
    """Add the articles whose uncoded sentences carry a cluster's wording: the same wording,
    or, for a statement, a part of it quoted from the same speaker."""
    for c in opened:
        have = {m.article_id for m in c.members}
        said_by = frozenset().union(*(_quoted_by(wording.units[u], speakers) for u in c.units))
        for u in c.units:
            for i, score, cover in wording.matches_of(u, WORDING_DAYS, True):
                other = wording.units[i]
                if i in coded or other.article_id in have:
                    continue
                part = c.statement and bool(_quoted_by(other, speakers) & said_by)
                if Facts(frozenset(), numbers(other.text)).contradicts(facts_of(c.members[0])):
                    continue  # another tally ("167 children killed" is not "165 ...")
                if cover >= LONG_COVER or part:
                    c.extra[other.article_id] = max(c.extra.get(other.article_id, 0.0), score)


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
    groups = independent_groups(article_ids, articles)
    outlets = sorted(
        {str(o) for g in groups if (o := next((_meta(articles, a).outlet for a in g
                                               if _meta(articles, a).outlet), None))}
    )  # fmt: skip
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
        n_outlets=len(groups),
        first_reported=reported[0] if reported else None,
        last_reported=reported[-1] if reported else None,
        confidence=_combined_confidence(members, articles, c.extra),
        summary=one_line(rep.evidence.text),
        goldstein=round(sum(scores) / len(scores), 2) if scores else None,
        quad_class=_most_common(m.quad_class for m in heads),
    )
