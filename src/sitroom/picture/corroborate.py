"""Corroboration: the same event reported by several articles becomes one cluster, and an
accusation answered by the accused becomes a contested claim.

Clustering (:func:`cluster_events`) is a greedy single pass over *reports* in date order. A
report is one event, or, when quotes are given, a *statement*: the events coded inside the
content of one attributed quote (a speaker saying one thing is one happening, whatever number
of event types the coder found in it; a quote longer than ``MAX_STATEMENT_CHARS``, such as a
transcript turn, holds many statements and its events stay reports of their own). A report
joins an open cluster when either

- its wording is the same as a cluster member's (:class:`Wording`: the rare words of the
  shorter sentence recur in the longer one, weighted by inverse sentence frequency) and the
  dates are within ``WORDING_DAYS``. Outlets that carry the same statement in their own
  translation merge this way even when the coder read their actors or type differently; for
  two plain events (no statement on either side) the type must also agree; or
- all of these hold: same PLOVER type and polarity (a negated event never merges with an
  asserted one); the dates overlap once each event's date is widened to its precision, with
  ``max_days`` (1) of slack either side, measured from the cluster's first date so clusters
  cannot creep along a week of reports (an event dated differently from the cluster, or dated
  only to a week or coarser, joins only if its evidence is also similar); the dyads overlap
  (when both sides name source actors they share one, likewise for targets, in either order
  for talks (:data:`SYMMETRIC_TYPES`), where a minister also stands for his state; an event
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

Claims (:func:`pair_claims`): an accusation is an ACCUSE event, or a quote whose cue or
content accuses, alleges or blames; the accused are the ACCUSE event's targets, or the actors of
the events reported inside the quote. A response is a REJECT event, a quote that denies, or a
negated event, whose source is one of the accused, dated from one day before to
``window_days`` after the accusation. Each accusation keeps its best response (same article
first, then nearest date, then most similar wording); a response from another article must
share the accusation's wording (``CROSS_ARTICLE_SIMILARITY``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from sitroom.errors import E, SitroomError
from sitroom.records import Claim, Cluster, Modality, Span
from sitroom.store.store import Store, date_filter

MAX_DAYS = 1
SIMILAR_EVIDENCE = 60.0  # rapidfuzz token_set_ratio needed when actors cannot decide
SUMMARY_CHARS = 220
CLAIM_WINDOW_DAYS = 7
#: Least wording similarity (rapidfuzz token-set ratio, 0-100) between an accusation and a
#: response from another article: below it, "X denies" stories about other matters were paired
#: with accusations that merely shared the accused (on the two-corpora store, 8 of 11 pairs
#: above it answer their accusation, about 1 in 10 below it).
CROSS_ARTICLE_SIMILARITY = 53

_ACCUSE_WORDS = re.compile(
    r"\b(accus\w*|alleg\w*|blam\w*|claim\w*|charg(?:e|ed|es|ing)\b|fabricat\w*)", re.I
)
_DENY_WORDS = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|reject\w*|dismiss\w*|refut\w*|rebuff\w*|ruled? out"
    r"|rules out|completely false|false|untrue|baseless|groundless|unfounded|nonsense"
    r"|lies?\b|fake|propaganda|no (?:such )?plans?|not (?:planning|going to))",
    re.I,
)
_REFERS_WORDS = re.compile(
    r"\b(accusations?|allegations?|claims?|assertions?|charges?|reports?|rumou?rs?)\b", re.I
)
_DENIAL_WORDS = re.compile(
    r"\b(den(?:y|ies|ied|ying|ial)|false|untrue|baseless|groundless|unfounded|lies?|no plans?)\b",
    re.I,
)


# --------------------------------------------------------------------------- helpers


def _ids(actors: Iterable[Mapping[str, Any]] | None) -> frozenset[str]:
    return frozenset(str(a["actor_id"]) for a in actors or () if a.get("actor_id"))


def parse_date(value: Any) -> date | None:
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


# --------------------------------------------------------------------------- wording

_WORD_RE = re.compile(r"[a-z][a-z0-9]+")
_STOP_TEXT = """about after again also and any are because been before being between both
but can could
did does doing during each few for from further had has have having her here hers him his
how into its itself just more most not now off once only other our ours out over own said
same says say she should some such than that the their theirs them then there these they
this those through told too under until very was were what when where which while who whom
why will with would you your yours"""
_STOPWORDS = frozenset(_STOP_TEXT.split())
WORDING_DAYS = 3  # copies of one statement published this many days apart still merge
#: A quote longer than this (in characters) is not one statement: a transcript turn or a
#: speech holds many; its events are reports of their own and it is no claim or response.
MAX_STATEMENT_CHARS = 800
WORDING_SCORE = 0.75  # weighted share of the shorter sentence's words found in the longer
WORDING_MIN_WORDS = 4  # sentences with fewer content words are too short to compare
RARE_SHARE = 0.02  # a word in more than this share of sentences is not used to find candidates


def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in _WORD_RE.findall(text.lower()) if w not in _STOPWORDS)


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A sentence (or an event's evidence) of one article, with its day."""

    article_id: str
    start: int
    end: int
    text: str
    day: date | None


class Wording:
    """Finds the units of *other* articles that carry the same wording as a given unit.

    Score of two units: the inverse-sentence-frequency weight of the shorter unit's content
    words that also occur in the longer, over the weight of all the shorter unit's words.
    Candidates share at least two rare words (found through an inverted index), so the search
    stays near-linear in the corpus size.
    """

    def __init__(self, units: Sequence[TextUnit]) -> None:
        self.units = list(units)
        self.words = [_content_words(u.text) for u in self.units]
        df: Counter[str] = Counter(w for ws in self.words for w in ws)
        n = max(1, len(self.units))
        self.idf = {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}
        cap = max(3.0, RARE_SHARE * n)
        self.index: dict[str, list[int]] = {}
        for i, ws in enumerate(self.words):
            for w in ws:
                if df[w] <= cap:
                    self.index.setdefault(w, []).append(i)

    def score(self, a: frozenset[str], b: frozenset[str]) -> float:
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if len(short) < WORDING_MIN_WORDS:
            return 0.0
        total = sum(self.idf.get(w, 1.0) for w in short)
        shared = sum(self.idf.get(w, 1.0) for w in short & long_)
        return shared / total if total else 0.0

    def matches(self, unit: TextUnit, days: int = WORDING_DAYS) -> list[tuple[int, float]]:
        """(index, score) of units of other articles with the same wording, best first."""
        words = _content_words(unit.text)
        if len(words) < WORDING_MIN_WORDS:
            return []
        hits: Counter[int] = Counter(i for w in words for i in self.index.get(w, ()))
        out = []
        for i, shared in hits.items():
            other = self.units[i]
            if shared < 2 or other.article_id == unit.article_id:
                continue
            if unit.day and other.day and abs((unit.day - other.day).days) > days:
                continue
            sc = self.score(words, self.words[i])
            if sc >= WORDING_SCORE:
                out.append((i, sc))
        return sorted(out, key=lambda t: -t[1])


# --------------------------------------------------------------------------- clustering


@dataclass
class _Report:
    """What one article says about one happening: an event, or the events of one statement."""

    events: list[dict[str, Any]]
    statement: bool

    @property
    def head(self) -> dict[str, Any]:
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
    members: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, float] = field(default_factory=dict)  # article id -> wording score
    core: list[dict[str, Any]] = field(default_factory=list)  # a statement's own events


def _event_dates(
    ev: Mapping[str, Any], articles: Mapping[str, dict[str, Any]]
) -> tuple[date | None, date | None]:
    start = parse_date(ev.get("date"))
    precision = ev.get("date_precision")
    if start is None:
        start = parse_date(articles.get(ev["article_id"], {}).get("date"))
        precision = "day"
    if start is None:
        return None, None
    return _date_range(start, precision)


#: Types whose two sides act together, so "A met B" and "B met A" report the same happening.
SYMMETRIC_TYPES = frozenset({"CONSULT"})


def _side_codes(actors: Iterable[Mapping[str, Any]] | None, etype: str) -> frozenset[str]:
    """A side's actor ids, with their countries for :data:`SYMMETRIC_TYPES` (a minister's
    talks are his state's talks; his accusations or attacks may be his own)."""
    if etype not in SYMMETRIC_TYPES:
        return _ids(actors)
    return frozenset(c for a in actors or () for c in _codes_of(a))


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


def _event_codes(ev: Mapping[str, Any]) -> tuple[frozenset[str], frozenset[str]]:
    """The event's source and target codes as clusters match them (:func:`_side_codes`)."""
    return _side_codes(ev.get("source"), ev["type"]), _side_codes(ev.get("target"), ev["type"])


def _oriented(
    src: frozenset[str], tgt: frozenset[str], etype: str, c: _Open
) -> tuple[bool | None, bool]:
    """How an event's sides (codes) match a cluster's, and whether they match only swapped
    (for :data:`SYMMETRIC_TYPES`)."""
    sides = _sides_match(src, tgt, c)
    named = src and tgt and c.source_codes and c.target_codes
    if sides is False and etype in SYMMETRIC_TYPES and named and _sides_match(tgt, src, c):
        return True, True  # "A met B" is "B met A" when both name both sides
    return sides, False


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
    strict: bool = False,
) -> _Open | None:
    best: tuple[float, _Open] | None = None
    src, tgt = _event_codes(ev)
    for c in candidates:
        if c.type != ev["type"] or c.polarity != _polarity(ev.get("modality")):
            continue
        if not _dates_match(*dates, c, max_days):
            continue
        sides = _oriented(src, tgt, ev["type"], c)[0]
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


def _sort_key(ev: Mapping[str, Any]) -> tuple[str, str, int, str]:
    return (
        str(ev.get("date") or "9999"),
        str(ev["article_id"]),
        int(ev["evidence"]["start"]),
        str(ev["event_id"]),
    )


def _unit(ev: Mapping[str, Any], articles: Mapping[str, dict[str, Any]]) -> TextUnit:
    span = ev["evidence"]
    day = parse_date(articles.get(ev["article_id"], {}).get("date")) or parse_date(ev.get("date"))
    return TextUnit(str(ev["article_id"]), int(span["start"]), int(span["end"]), span["text"], day)


def _many_statements(content: Mapping[str, Any]) -> bool:
    """A quote too long to be one statement (a transcript turn, a speech): it is neither one
    report for clustering nor one claim or response."""
    return int(content["end"]) - int(content["start"]) > MAX_STATEMENT_CHARS


def _reports(
    events: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]] | None
) -> list[_Report]:
    """Events grouped into reports: those inside one attributed quote make one statement."""
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for q in quotes or ():
        c = q["content"]
        if (q.get("speaker") or {}).get("actor_id") and not _many_statements(c):
            spans.setdefault(q["article_id"], []).append((int(c["start"]), int(c["end"]),
                                                          str(q["quote_id"])))  # fmt: skip
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    singles: list[_Report] = []
    for ev in events:
        ev_span = ev["evidence"]
        trig = ev_span.get("trigger") or ev_span
        inside = [qid for s, e, qid in spans.get(ev["article_id"], ())
                  if s <= int(trig["start"]) and int(trig["end"]) <= e]  # fmt: skip
        if inside:
            grouped.setdefault((ev["article_id"], min(inside)), []).append(ev)
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
            if c.type == head["type"] and c.polarity == _polarity(head.get("modality")):
                return c
    return None


def _open_for(rep: _Report, dates: tuple[date | None, date | None]) -> _Open:
    head = rep.head
    return _Open(head["type"], _polarity(head.get("modality")), dates[0], dates[1], set(), set(),
                 statement=rep.statement)  # fmt: skip


def _units(
    events: Sequence[dict[str, Any]],
    articles: Mapping[str, dict[str, Any]],
    sentences: Sequence[TextUnit] | None,
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


def cluster_events(
    events: Sequence[dict[str, Any]],
    articles: Mapping[str, dict[str, Any]],
    *,
    max_days: int = MAX_DAYS,
    quotes: Sequence[dict[str, Any]] | None = None,
    sentences: Sequence[TextUnit] | None = None,
    strict: bool = False,
) -> list[Cluster]:
    """Group contract-shaped events reporting the same happening (see the module docstring).

    ``articles`` maps article ids to dicts with (some of) ``outlet``, ``copy_group``,
    ``duplicate_of``, ``date`` and ``title``. ``quotes`` (contract-shaped) turn the events
    inside one attributed quote into one statement; ``sentences`` let an article whose
    sentence carries a cluster's wording, but holds no coded event, count as a report. With
    ``strict``, events of the same type, dyad and day merge only on similar evidence too
    (distinct attacks of one day stay distinct, as the escalation index needs). The
    first of a cluster's ``event_ids`` is its representative event, whose evidence gives the
    summary.
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
    articles: Mapping[str, dict[str, Any]],
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
    codes = frozenset().union(*_event_codes(head))
    keys = [(head["type"], a) for a in sorted(codes)] or [(head["type"], "")]
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
            src, tgt = _ids(ev.get("source")), _ids(ev.get("target"))
            if _oriented(src_codes, tgt_codes, ev["type"], c)[1]:
                src, tgt, src_codes, tgt_codes = tgt, src, tgt_codes, src_codes
            c.source |= src
            c.target |= tgt
            c.source_codes |= src_codes
            c.target_codes |= tgt_codes
        codes = src_codes | tgt_codes
        for key in [(ev["type"], a) for a in sorted(codes)] or [(ev["type"], "")]:
            bucket = index.setdefault(key, [])
            if c not in bucket:
                bucket.append(c)


def _attach_sentences(
    opened: Sequence[_Open], wording: Wording, coded: set[int], unit_of: Mapping[int, int]
) -> None:
    """Add the articles whose uncoded sentences carry a cluster's wording."""
    for c in opened:
        have = {m["article_id"] for m in c.members}
        for m in c.members:
            for i, score in wording.matches(wording.units[unit_of[id(m)]]):
                aid = wording.units[i].article_id
                if i not in coded and aid not in have:
                    c.extra[aid] = max(c.extra.get(aid, 0.0), score)


def _most_common(values: Iterable[Any], default: Any = None) -> Any:
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return default
    top = max(counts.values())
    return min((v for v, n in counts.items() if n == top), key=str)


def _representative(members: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The most confident member, then the most conflictual (in a statement, the threat is
    the news), then the shortest evidence (a cleaner one-liner)."""
    return max(
        members,
        key=lambda m: (
            float(m.get("confidence") or 0),
            -float(m.get("goldstein") or 0),
            -len(m["evidence"]["text"]),
        ),
    )


def _combined_confidence(
    members: Sequence[dict[str, Any]],
    articles: Mapping[str, dict[str, Any]],
    extra: Mapping[str, float] | None = None,
) -> float:
    by_unit: dict[str, float] = {}
    best = max((float(m.get("confidence") or 0.0) for m in members), default=0.0)
    reports = [(m["article_id"], float(m.get("confidence") or 0.0)) for m in members]
    reports += [(aid, best * score) for aid, score in (extra or {}).items()]
    for aid, conf in reports:
        meta = articles.get(aid, {})
        unit = str(meta.get("copy_group") or meta.get("duplicate_of") or aid)
        by_unit[unit] = max(by_unit.get(unit, 0.0), conf)
    miss = 1.0
    for conf in by_unit.values():
        miss *= 1.0 - min(max(conf, 0.0), 1.0)
    return round(min(0.99, 1.0 - miss), 3)


def _finish(c: _Open, articles: Mapping[str, dict[str, Any]]) -> Cluster:
    rep = _representative(c.core or c.members)
    members = [rep] + [m for m in c.members if m is not rep]
    article_ids = list(dict.fromkeys([*(m["article_id"] for m in members), *sorted(c.extra)]))
    outlets = sorted({str(articles[a]["outlet"]) for a in article_ids
                      if articles.get(a, {}).get("outlet")})  # fmt: skip
    reported = sorted(
        d.isoformat()
        for a in article_ids
        if (d := parse_date(articles.get(a, {}).get("date"))) is not None
    )
    heads = [rep] if c.statement else members
    scores = [float(m["goldstein"]) for m in heads if m.get("goldstein") is not None]
    modality: Modality = _most_common((m.get("modality") for m in heads), "asserted")
    event_ids = [str(m["event_id"]) for m in members]
    return Cluster(
        cluster_id=_short_id("c", sorted(event_ids)),
        type=rep["type"] if c.statement else c.type,
        mode=rep.get("mode") if c.statement else _most_common(m.get("mode") for m in members),
        modality=modality,
        source=sorted(c.source),
        target=sorted(c.target),
        date=_most_common(m.get("date") for m in heads),
        event_ids=event_ids,
        article_ids=article_ids,
        outlets=outlets,
        n_outlets=_independent_reports(article_ids, articles),
        first_reported=reported[0] if reported else None,
        last_reported=reported[-1] if reported else None,
        confidence=_combined_confidence(members, articles, c.extra),
        summary=_one_line(rep["evidence"]["text"]),
        goldstein=round(sum(scores) / len(scores), 2) if scores else None,
        quad_class=_most_common(m.get("quad_class") for m in heads),
    )


# --------------------------------------------------------------------------- claims


@dataclass
class _Side:
    """One side of a contested claim: an accusation or a response."""

    ref: str  # event_id, quote_id or sentence id
    kind: str  # "event", "quote" or "sentence"
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
    weak: bool = False  # a bare claim: answered only in its article, by a reply that names it
    refers: bool = False  # a response that names a claim, an accusation or a report

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


MentionRow = Mapping[str, Any]  # start, end, actor_id, name, country, sector


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


def _codes_of(actor: Mapping[str, Any] | None) -> frozenset[str]:
    """An actor's id and its country: a minister speaks for (and is accused as) his state."""
    if not actor:
        return frozenset()
    return frozenset(str(v) for v in (actor.get("actor_id"), actor.get("country")) if v)


def _side_date(ev: Mapping[str, Any], articles: Mapping[str, dict[str, Any]]) -> date | None:
    """The event's date when it is a day, else the day it was reported."""
    if ev.get("date_precision") in (None, "day") and ev.get("date"):
        return parse_date(ev.get("date"))
    return parse_date(articles.get(ev["article_id"], {}).get("date")) or parse_date(ev.get("date"))


def _event_side(ev: dict[str, Any], others: frozenset[str], label: str,
                topics: frozenset[str] = frozenset(),
                articles: Mapping[str, dict[str, Any]] | None = None) -> _Side:  # fmt: skip
    articles = articles or {}
    return _Side(
        ref=ev["event_id"], kind="event", article_id=ev["article_id"],
        actors=_ids(ev.get("source")), others=others, actor=_actor_of(ev.get("source")),
        date=_side_date(ev, articles), text=_one_line(ev["evidence"]["text"], 400),
        evidence=ev["evidence"], topics=topics, label=label,
        confidence=float(ev.get("confidence") or 0),
        refers=bool(_REFERS_WORDS.search(ev["evidence"]["text"])),
    )  # fmt: skip


def _quote_side(q: dict[str, Any], others: frozenset[str], label: str,
                topics: frozenset[str], when: date | None) -> _Side:  # fmt: skip
    speaker = q.get("speaker") or {}
    content = q["content"]
    cue = (q.get("cue") or {}).get("text", "")
    return _Side(
        ref=q["quote_id"], kind="quote", article_id=q["article_id"],
        actors=frozenset([speaker["actor_id"]]) if speaker.get("actor_id") else frozenset(),
        others=others, actor={k: speaker.get(k) for k in ("actor_id", "name", "country", "sector")},
        date=when, text=_one_line(content["text"], 400),
        evidence={**content, "cue": q.get("cue")}, topics=topics, label=label,
        confidence=float(q.get("confidence") or 0),
        refers=bool(_REFERS_WORDS.search(f"{cue} {content['text']}")),
    )  # fmt: skip


def _response_kind(text: str) -> str:
    return "denial" if _DENIAL_WORDS.search(text) else "rejection"


def _sides_from_events(
    events: Sequence[dict[str, Any]],
    by_article: Mapping[str, Sequence[dict[str, Any]]],
    articles: Mapping[str, dict[str, Any]],
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
            accusations.append(
                _event_side(ev, _ids(ev.get("target")), "accusation", topics, articles)
            )
        elif ev["type"] == "REJECT" and not negated and _ids(ev.get("source")):
            side = _event_side(
                ev, _ids(ev.get("target")), _response_kind(ev_span["text"]), articles=articles
            )
            # rejecting a demand or an offer is no answer to an accusation
            if side.label == "denial" or side.refers:
                responses.append(side)
        elif negated and _ids(ev.get("source")):
            side = _event_side(
                ev, _ids(ev.get("target")), "denial", frozenset([ev["type"]]), articles
            )
            side.needs_topic = True
            responses.append(side)
    return accusations, responses


def _accused_in(q: Mapping[str, Any], mentions: Sequence[MentionRow]) -> frozenset[str]:
    """Countries (or organisations) named inside a quote, other than the speaker's own."""
    content = q["content"]
    own = _codes_of(q.get("speaker"))
    found: set[str] = set()
    for m in mentions:
        if _overlaps(m, int(content["start"]), int(content["end"])):
            code = m.get("country") or m.get("actor_id")
            if code and not _codes_of(m) & own:
                found.add(str(code))
    return frozenset(found)


def _quote_sides(
    q: dict[str, Any],
    by_article: Mapping[str, Sequence[dict[str, Any]]],
    articles: Mapping[str, dict[str, Any]],
    mentions: Mapping[str, Sequence[MentionRow]],
) -> tuple[_Side | None, _Side | None]:
    """(accusation, response) read from one quote; either may be None."""
    speaker = (q.get("speaker") or {}).get("actor_id")
    cue = (q.get("cue") or {}).get("text", "")
    content = q["content"]
    inner = _inner_events(by_article, q["article_id"], content["start"], content["end"])
    when = (
        parse_date(q.get("date"))
        or parse_date(articles.get(q["article_id"], {}).get("date"))
        or min((d for e in inner if (d := parse_date(e.get("date")))), default=None)
    )
    topics = frozenset(e["type"] for e in inner if e["type"] not in {"ACCUSE", "REJECT"})
    words = f"{cue} {content['text']}"
    if _DENY_WORDS.search(words):
        return None, _quote_side(q, frozenset(), _response_kind(words), topics, when)
    if _ACCUSE_WORDS.search(words):
        accused = frozenset(a for e in inner for a in _ids(e.get("source"))) - {speaker}
        accused |= _accused_in(q, mentions.get(q["article_id"], ()))
        if accused:
            return _quote_side(q, accused, "accusation", topics, when), None
        return None, None
    accused = _accused_in(q, mentions.get(q["article_id"], ()))
    if accused and any((e.get("quad_class") or 0) >= 3 or e["type"] in _HOSTILE for e in inner):
        side = _quote_side(q, accused, "accusation", topics, when)
        side.actors |= _codes_of(q.get("speaker"))
        side.weak = True
        return side, None
    return None, None


_HOSTILE = frozenset(["ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "PROTEST"])


def _sides_from_quotes(
    quotes: Sequence[dict[str, Any]],
    by_article: Mapping[str, Sequence[dict[str, Any]]],
    articles: Mapping[str, dict[str, Any]],
    mentions: Mapping[str, Sequence[MentionRow]] | None = None,
) -> tuple[list[_Side], list[_Side]]:
    accusations: list[_Side] = []
    responses: list[_Side] = []
    accuse_events = {
        a: [e["evidence"] for e in evs if e["type"] == "ACCUSE"] for a, evs in by_article.items()
    }
    for q in quotes:
        content = q["content"]
        if not (q.get("speaker") or {}).get("actor_id") or _many_statements(content):
            continue
        acc, resp = _quote_sides(q, by_article, articles, mentions or {})
        covered = any(
            _overlaps(ev, int(content["start"]), int(content["end"]))
            for ev in accuse_events.get(q["article_id"], ())
        )
        if acc is not None and not (covered and not acc.weak):
            accusations.append(acc)
        if resp is not None:
            responses.append(resp)
    return accusations, responses


def _nearest_actor(mentions: Sequence[MentionRow], at: int) -> MentionRow | None:
    """The actor named closest before ``at`` (the one who denies), else the first after."""
    before = [m for m in mentions if m.get("actor_id") and int(m["end"]) <= at]
    if before:
        return max(before, key=lambda m: int(m["end"]))
    after = [m for m in mentions if m.get("actor_id") and int(m["start"]) >= at]
    return min(after, key=lambda m: int(m["start"])) if after else None


def _sides_from_sentences(
    sentences: Sequence[TextUnit], mentions: Mapping[str, Sequence[MentionRow]]
) -> list[_Side]:
    """Denials that neither the coder nor the quotes stage caught: a sentence with a denial
    word and an actor named next to it ("which a ministry spokesman called false")."""
    out: list[_Side] = []
    for s in sentences:
        found = _DENIAL_WORDS.search(s.text)
        if not found:
            continue
        inside = [m for m in mentions.get(s.article_id, ()) if s.start <= int(m["start"]) < s.end]
        who = _nearest_actor(inside, s.start + found.start())
        if who is None:
            continue
        trigger = Span(found.group(0), s.start + found.start(), s.start + found.end())
        out.append(
            _Side(
                ref=_short_id("s", [s.article_id, str(s.start)]), kind="sentence",
                article_id=s.article_id, actors=_codes_of(who), others=frozenset(),
                actor={k: who.get(k) for k in ("actor_id", "name", "country", "sector")},
                date=s.day, text=_one_line(s.text, 400),
                evidence={"text": s.text, "start": s.start, "end": s.end,
                          "trigger": trigger.to_dict()},
                label="denial", confidence=0.5, refers=bool(_REFERS_WORDS.search(s.text)),
            )
        )  # fmt: skip
    return out


def _response_score(acc: _Side, resp: _Side, window_days: int) -> tuple[int, int, float] | None:
    if resp.ref == acc.ref or not resp.actors & acc.others or resp.actors & acc.actors:
        return None
    if resp.needs_topic and not resp.topics & acc.topics:
        return None
    if resp.needs_topic and _same_words(acc, resp):
        return None  # a negated act in the accusation's own sentence is part of it
    if acc.weak and (resp.article_id != acc.article_id or not resp.refers):
        return None
    gap = 0
    if acc.date and resp.date:
        gap = (resp.date - acc.date).days
        if gap < -1 or gap > window_days:
            return None
    similarity = fuzz.token_set_ratio(acc.text, resp.text)
    same_article = resp.article_id == acc.article_id
    if not same_article and similarity < CROSS_ARTICLE_SIMILARITY:
        return None  # another article's denial must be about the same thing
    return (int(same_article), -abs(gap), similarity)


def _same_words(acc: _Side, resp: _Side) -> bool:
    """Whether the two sides' evidence overlaps in one article (one sentence holds both)."""
    r = resp.evidence
    return acc.article_id == resp.article_id and _overlaps(
        acc.evidence, int(r["start"]), int(r["end"])
    )


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
    mentions: Mapping[str, Sequence[MentionRow]] | None = None,
    sentences: Sequence[TextUnit] | None = None,
) -> list[Claim]:
    """Pair each accusation with the best response by the accused (see the module docstring).

    Quotes carry no date in their contract; a ``date`` key is used when present, else the
    article's date from ``articles``, else the date of the events reported inside the quote.
    ``mentions`` (article id -> actor mentions with ``start, end, actor_id, name, country,
    sector``) let a quote that asserts a hostile act by another country count as a claim, and
    with ``sentences`` let a sentence that denies, next to an actor's name, count as a
    response. Reports of the same accusation answered the same way are kept once.
    """
    articles = articles or {}
    by_article: dict[str, list[dict[str, Any]]] = {}
    for ev in events:
        by_article.setdefault(ev["article_id"], []).append(ev)
    acc_e, resp_e = _sides_from_events(events, by_article, articles)
    acc_q, resp_q = _sides_from_quotes(quotes, by_article, articles, mentions)
    resp_s = _sides_from_sentences(sentences or (), mentions or {})
    responses = resp_e + resp_q + resp_s
    seen: set[tuple[Any, ...]] = set()
    out: list[Claim] = []
    for acc in sorted(acc_e + acc_q, key=lambda s: (-s.confidence, s.date or date.max, s.ref)):
        scored = [(s, r) for r in responses if (s := _response_score(acc, r, window_days))]
        if not scored:
            continue
        resp = max(scored, key=lambda sr: (sr[0], sr[1].kind != "sentence"))[1]
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


def stored_mentions(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Article id -> its resolved actor mentions (``start, end, actor_id, name, country,
    sector``)."""
    rows = store.con.execute(
        "SELECT m.article_id, m.start_char, m.end_char, m.actor_id, a.name, a.country, a.sector"
        " FROM mentions m LEFT JOIN actors a USING (actor_id) WHERE m.actor_id IS NOT NULL"
        " ORDER BY m.article_id, m.start_char"
    ).fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for aid, start, end, actor_id, name, country, sector in rows:
        out.setdefault(str(aid), []).append(
            {
                "start": start,
                "end": end,
                "actor_id": actor_id,
                "name": name,
                "country": country,
                "sector": sector,
            }
        )
    return out  # fmt: skip


def stored_sentences(store: Store) -> list[TextUnit]:
    """Every stored sentence with its text and its article's date."""
    rows = store.con.execute(
        "SELECT s.article_id, s.start_char, s.end_char,"
        " substring(a.text, s.start_char + 1, s.end_char - s.start_char),"
        " CAST(a.date AS VARCHAR) FROM sentences s JOIN articles a USING (article_id)"
        " ORDER BY s.article_id, s.idx"
    ).fetchall()
    return [TextUnit(str(r[0]), int(r[1]), int(r[2]), str(r[3] or ""), parse_date(r[4]))
            for r in rows]  # fmt: skip


def build_clusters(store: Store) -> tuple[int, int]:
    """Recompute the ``clusters`` and ``claims`` tables from the stored events, in one
    transaction; return (clusters, claims)."""
    articles = article_meta(store)
    events = store.events()
    quotes = _dated_quotes(store)
    sentences = stored_sentences(store)
    found = cluster_events(events, articles, quotes=quotes, sentences=sentences)
    pairs = pair_claims(events, quotes, articles=articles, mentions=stored_mentions(store),
                        sentences=sentences)  # fmt: skip
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
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or parse_date(value) is None:
        raise SitroomError(E.E040, value=value)
    return value


def _filters(
    date_column: str, date_from: str | None, date_to: str | None
) -> tuple[list[str], list[Any]]:
    return date_filter(date_column, check_date(date_from), check_date(date_to))


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
