"""Claims: an accusation answered by the accused becomes a contested claim.

An accusation (:func:`pair_claims`) is an ACCUSE event, or a quote whose cue or content
accuses, alleges or blames; the accused are the ACCUSE event's targets, or the actors of the
events reported inside the quote. A response is the ACCUSED side's answer to it:

- the responder is one of the accused or speaks for it (an actor counts for its state: a
  spokesman of the Kremlin answers for Russia), and is not the accuser's side;
- the response is about the same act: where both carry coded acts their types meet, and
  the act's own words (:func:`act_words`: the content words but the names of the sides,
  words of saying and the accusing or denying words themselves, compared by their first
  letters so that "invasion" meets "invade") are shared, or, in the accusation's own
  article, the response names what it answers ("the claims", "the allegations");
- the dates are in order: the response from the day of the accusation to ``window_days``
  after it.

Kinds of response: ``denial`` (a REJECT event that denies or names the accusation, a quote or
a sentence that denies, a negated event of the accused act), ``counter-accusation`` (the
accused accusing the accuser of the same act), ``admission`` and ``no comment``. Each
accusation keeps its best response (same article first, then nearest date, then most
shared act words).

The words that make a quote an accusation or a denial are vocabulary files
(``data/vocab/picture_*_words.json``), each an ordered list of the alternatives of one
regular expression.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sitroom.picture import denials
from sitroom.picture.claim_words import (
    ACT_RE,
    accuse_words,
    act_words,
    admit_words,
    allegation_words,
    calling_words,
    denial_words,
    deny_words,
    denying_adjectives,
    hostile_types,
    no_comment_words,
    not_accusing_modes,
    prepositions,
    refers_words,
)
from sitroom.picture.shared import (
    actor_ids,
    codes_of,
    many_statements,
    one_line,
    overlaps,
    parse_date,
    short_id,
    side_codes,
)
from sitroom.records import ActorRef, Claim, Event, Mention, Span, TextUnit
from sitroom.store.queries import ActorMention, ArticleMeta, DatedQuote

CLAIM_WINDOW_DAYS = 7
#: Act words shared by an accusation and a response of another article (one is enough in the
#: accusation's own article, or a word naming the accusation).
CROSS_ARTICLE_SHARED = 2
#: In its own article an answer stands at most this many characters from the accusation (a
#: long transcript holds many accusations and answers to other things).
SAME_ARTICLE_CHARS = 600
REFERS_CHARS = 3000  # ... or this many when it names what it answers ("the claim")
#: ...and their weight is at least this share of the fewer-worded side's (see _act_share).
ACT_SHARE = 0.4
ACTOR_FIELDS = ("actor_id", "name", "country", "sector")

Articles = Mapping[str, ArticleMeta]
ByArticle = Mapping[str, Sequence[Event]]


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
    #: a bare claim (answered only in its article, by a reply that names it), or a bare
    #: negated act (an answer only in its own article)
    weak: bool = False
    refers: bool = False  # a response that names a claim, an accusation or a report
    names_act: bool = False  # a denial of a named act ("denies carrying out the attack")
    codes: frozenset[str] = frozenset()  # the actors with their states
    other_codes: frozenset[str] = frozenset()  # the accused (or addressed) with their states
    acts: frozenset[str] = frozenset()  # the act's own words (act_words)

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


def _actor_dict(actor: ActorRef | None) -> dict[str, Any]:
    return actor.to_dict() if actor else dict.fromkeys(ACTOR_FIELDS)


def _actor_of(mentions: Sequence[Mention]) -> dict[str, Any] | None:
    for m in mentions:
        if m.actor and m.actor.actor_id:
            return m.actor.to_dict()
    return None


def _inner_events(
    by_article: ByArticle, article_id: str, start: int, end: int, exclude: str | None = None
) -> list[Event]:
    return [
        e
        for e in by_article.get(article_id, ())
        if e.event_id != exclude and overlaps(e.evidence, start, end)
    ]


def _side_date(ev: Event, articles: Articles) -> date | None:
    """The event's date when it is a day, else the day it was reported."""
    if ev.date_precision in (None, "day") and ev.date:
        return parse_date(ev.date)
    meta = articles.get(ev.article_id)
    return parse_date(meta.date if meta else None) or parse_date(ev.date)


def _event_side(ev: Event, others: frozenset[str], label: str,
                topics: frozenset[str] = frozenset(),
                articles: Articles | None = None) -> _Side:  # fmt: skip
    articles = articles or {}
    names = " ".join(m.text for m in (*ev.source, *ev.target))
    return _Side(
        ref=ev.event_id, kind="event", article_id=ev.article_id,
        actors=actor_ids(ev.source), others=others, actor=_actor_of(ev.source),
        date=_side_date(ev, articles), text=one_line(ev.evidence.text, 400),
        evidence=ev.evidence.to_dict(), topics=topics, label=label,
        confidence=float(ev.confidence or 0),
        refers=bool(refers_words().search(ev.evidence.text)),
        names_act=bool(denials.denied_act(ev.evidence.text)),
        codes=side_codes(ev.source), other_codes=side_codes(ev.target),
        acts=act_words(ev.evidence.text, names),
    )  # fmt: skip


def _quote_side(dq: DatedQuote, others: frozenset[str], label: str,
                topics: frozenset[str], when: date | None) -> _Side:  # fmt: skip
    q = dq.quote
    speaker = q.speaker
    cue = q.cue.text if q.cue else ""
    return _Side(
        ref=q.quote_id, kind="quote", article_id=q.article_id,
        actors=frozenset([speaker.actor_id]) if speaker and speaker.actor_id else frozenset(),
        others=others, actor=_actor_dict(speaker),
        date=when, text=one_line(q.content.text, 400),
        evidence={**q.content.to_dict(), "cue": q.cue.to_dict() if q.cue else None},
        topics=topics, label=label, confidence=float(q.confidence or 0),
        refers=bool(refers_words().search(f"{cue} {q.content.text}")),
        names_act=bool(denials.held_allegation(q.content.text, q.cue.to_dict() if q.cue else None)),
        codes=codes_of(speaker), other_codes=others,
        acts=act_words(q.content.text, speaker.name or "" if speaker else ""),
    )  # fmt: skip


def _response_kind(text: str) -> str:
    """``admission`` or ``no comment`` when the words say so, else ``denial``."""
    if no_comment_words().search(text):
        return "no comment"
    if admit_words().search(text) and not deny_words().search(text):
        return "admission"
    return "denial"


def _sides_from_events(
    events: Sequence[Event], by_article: ByArticle, articles: Articles
) -> tuple[list[_Side], list[_Side]]:
    accusations: list[_Side] = []
    responses: list[_Side] = []
    for ev in events:
        span = ev.evidence
        inner = _inner_events(by_article, ev.article_id, span.start, span.end, ev.event_id)
        topics = frozenset(e.type for e in inner if e.type not in {"ACCUSE", "REJECT"})
        negated = ev.modality == "negated"
        if ev.type == "ACCUSE" and ev.mode in not_accusing_modes():
            continue  # an investigation or inspection accuses nobody
        if ev.type == "ACCUSE" and not negated and actor_ids(ev.target):
            if allegation_words().search(span.text) and side_codes(ev.source) & side_codes(
                ev.target
            ):  # "Russia decries Putin 'war criminal' allegation": an answer
                responses.append(_event_side(ev, frozenset(), "denial", articles=articles))
                continue
            names = refers_words().search(span.text) or allegation_words().search(span.text)
            if names and deny_words().search(span.text):  # "attempts to blame Moscow are
                # propaganda", "decries Russia's fake report": an answer by the source
                responses.append(_event_side(ev, frozenset(), "denial", articles=articles))
                continue
            accusations.append(
                _event_side(ev, actor_ids(ev.target), "accusation", topics, articles)
            )
        elif ev.type == "REJECT" and not negated and actor_ids(ev.source):
            side = _event_side(
                ev, actor_ids(ev.target), _response_kind(span.text), articles=articles
            )
            # rejecting a demand or an offer (or recognising a breakaway "republic") is no
            # answer to an accusation: it must deny, or reject what it names as a claim
            if denial_words().search(span.text) or (side.refers and deny_words().search(span.text)):
                responses.append(side)
        elif negated and actor_ids(ev.source):
            side = _event_side(ev, actor_ids(ev.target), "denial", frozenset([ev.type]), articles)
            side.needs_topic = True
            side.weak = not denial_words().search(span.text)  # answers only in its article
            responses.append(side)
    return accusations, responses


def _accused_in(q: DatedQuote, mentions: Sequence[ActorMention]) -> frozenset[str]:
    """Countries (or organisations) named inside a quote, other than the speaker's own."""
    content = q.quote.content
    own = codes_of(q.quote.speaker)
    found: set[str] = set()
    for m in mentions:
        if overlaps(m, int(content.start), int(content.end)):
            code = m.actor.country or m.actor.actor_id
            if code and not codes_of(m.actor) & own:
                found.add(str(code))
    return frozenset(found)


def _quote_sides(
    dq: DatedQuote,
    by_article: ByArticle,
    articles: Articles,
    mentions: Mapping[str, Sequence[ActorMention]],
) -> tuple[_Side | None, _Side | None]:
    """(accusation, response) read from one quote; either may be None."""
    q = dq.quote
    cue = q.cue.text if q.cue else ""
    content = q.content
    inner = _inner_events(by_article, q.article_id, content.start, content.end)
    meta = articles.get(q.article_id)
    when = (
        parse_date(dq.date)
        or parse_date(meta.date if meta else None)
        or min((d for e in inner if (d := parse_date(e.date))), default=None)
    )
    topics = frozenset(e.type for e in inner if e.type not in {"ACCUSE", "REJECT"})
    words = f"{cue} {content.text}"
    if (
        deny_words().search(words)
        or admit_words().search(words)
        or (no_comment_words().search(words))
    ):
        return None, _quote_side(dq, frozenset(), _response_kind(words), topics, when)
    if accuse_words().search(words):
        accused = frozenset(a for e in inner for a in side_codes(e.source)) - codes_of(q.speaker)
        accused |= _accused_in(dq, mentions.get(q.article_id, ()))
        if accused:
            return _quote_side(dq, accused, "accusation", topics, when), None
        return None, None
    accused = _accused_in(dq, mentions.get(q.article_id, ()))
    hostile = hostile_types()
    own = codes_of(q.speaker)
    if accused and any(
        ((e.quad_class or 0) >= 3 or e.type in hostile) and not side_codes(e.source) & own
        for e in inner
    ):  # a hostile act by another side, not the speaker's own ("we destroyed four launchers")
        side = _quote_side(dq, accused, "accusation", topics, when)
        side.actors |= codes_of(q.speaker)
        side.codes |= codes_of(q.speaker)
        side.weak = True
        return side, None
    return None, None


def _sides_from_quotes(
    quotes: Sequence[DatedQuote],
    by_article: ByArticle,
    articles: Articles,
    mentions: Mapping[str, Sequence[ActorMention]] | None = None,
) -> tuple[list[_Side], list[_Side]]:
    accusations: list[_Side] = []
    responses: list[_Side] = []
    accuse_events = {
        a: [e.evidence for e in evs if e.type == "ACCUSE"] for a, evs in by_article.items()
    }
    for dq in quotes:
        q = dq.quote
        content = q.content
        if not (q.speaker and q.speaker.actor_id) or many_statements(content):
            continue
        acc, resp = _quote_sides(dq, by_article, articles, mentions or {})
        covered = any(
            overlaps(ev, int(content.start), int(content.end))
            for ev in accuse_events.get(q.article_id, ())
        )
        if acc is not None and not (covered and not acc.weak):
            accusations.append(acc)
        if resp is not None:
            responses.append(resp)
    return accusations, responses


def _after_preposition(text: str, offset: int) -> bool:
    """Whether the word before ``offset`` of ``text`` is a preposition."""
    words = ACT_RE.findall(text[max(0, offset - 20) : offset].lower())
    return bool(words) and words[-1] in prepositions()


def _nearest_actor(mentions: Sequence[ActorMention], at: int, s: TextUnit) -> ActorMention | None:
    """The actor named closest before ``at`` (the one who denies), within ``NEAR_CHARS``:
    a name, not an adjective, a place or an object of a preposition."""
    before = [
        m
        for m in mentions
        if m.actor.actor_id
        and at - NEAR_CHARS <= int(m.end) <= at
        and m.kind not in NOT_AGENTS
        and not _after_preposition(s.text, int(m.start) - s.start)
    ]
    return max(before, key=lambda m: int(m.end)) if before else None


POSSESSIVE = re.compile(r"['’]s?\b")
#: a denying adjective before a noun ("false claims"), not a predicate ("called it false")
ATTRIBUTIVE = re.compile(r"\s+[a-z]")
NEAR_CHARS = 40  # a sentence's answering word belongs to an actor named this close before it
#: Mentions that do not speak: "Ukrainian cities", "in Kharkiv", "civilians"
NOT_AGENTS = frozenset({"adjective", "place", "agent"})


def _sentence_answer(text: str) -> re.Match[str] | None:
    """The answering word of a sentence: a denial, a refusal to comment, an admission, or a
    rejecting verb when the sentence names what it rejects ("refuted the claims")."""
    for rx in (denial_words(), no_comment_words(), admit_words()):
        found = rx.search(text)
        if found:
            return found
    if refers_words().search(text) or allegation_words().search(text):
        return deny_words().search(text)
    return None


def _sides_from_sentences(
    sentences: Sequence[TextUnit], mentions: Mapping[str, Sequence[ActorMention]]
) -> list[_Side]:
    """Answers that neither the coder nor the quotes stage caught: a sentence with a denial,
    an admission or a refusal to comment, and an actor named just before it ("which a
    ministry spokesman called false", "the Kremlin declined to comment")."""
    out: list[_Side] = []
    for s in sentences:
        found = _sentence_answer(s.text)
        if not found:
            continue
        inside = [m for m in mentions.get(s.article_id, ()) if s.start <= int(m.start) < s.end]
        who = _nearest_actor(inside, s.start + found.start(), s)
        between = s.text[int(who.end) - s.start : found.start()] if who else "."
        if who is None or re.search(r"[.;:!?]", between) or POSSESSIVE.match(between):
            # not "Russia's false claims" (the owner of what is called false); a speaker
            # named after it may answer: "... are not true, the foreign ministry said"
            who = denials.speaker_after(s.text, s.start, found.end(), inside, NOT_AGENTS)
            between = ""
        if who is None:
            continue
        if (
            found.group(0).lower() in denying_adjectives()
            and ATTRIBUTIVE.match(s.text, found.end())
            and not calling_words().search(between)
        ):
            continue  # "Russia is launching a false campaign": no denial by Russia
        trigger = Span(found.group(0), s.start + found.start(), s.start + found.end())
        names = " ".join(s.text[int(m.start) - s.start : int(m.end) - s.start] for m in inside)
        out.append(
            _Side(
                ref=short_id("s", [s.article_id, str(s.start)]), kind="sentence",
                article_id=s.article_id, actors=codes_of(who.actor), others=frozenset(),
                actor=_actor_dict(who.actor), date=s.day, text=one_line(s.text, 400),
                evidence={"text": s.text, "start": s.start, "end": s.end,
                          "trigger": trigger.to_dict()},
                label=_response_kind(found.group(0)), confidence=0.5,
                refers=bool(refers_words().search(s.text)), codes=codes_of(who.actor),
                names_act=bool(denials.denied_act(s.text)),
                acts=act_words(s.text, names),
            )
        )  # fmt: skip
    return out


def _act_idf(sides: Sequence[_Side]) -> dict[str, float]:
    df: dict[str, int] = {}
    for side in sides:
        for w in side.acts:
            df[w] = df.get(w, 0) + 1
    n = max(1, len(sides))
    return {w: math.log((n + 1) / (c + 0.5)) for w, c in df.items()}


def _counter(acc: _Side) -> _Side:
    """An accusation as a possible answer to another: a counter-accusation."""
    return replace(acc, label="counter-accusation")


def _response_score(
    acc: _Side, resp: _Side, window_days: int, idf: Mapping[str, float]
) -> tuple[int, int, int] | None:
    """How well ``resp`` answers ``acc`` (higher is better), None when it does not (the
    rules of the module docstring)."""
    if resp.ref == acc.ref or not resp.codes & acc.other_codes or resp.codes & acc.codes:
        return None
    if resp.label == "counter-accusation" and not resp.other_codes & acc.codes:
        return None
    if resp.topics and acc.topics and not resp.topics & acc.topics:
        return None  # both name their acts, and not the same type of act
    if resp.needs_topic and not resp.topics & acc.topics:
        return None
    if _same_words(acc, resp) and not (resp.kind == "event" and resp.label == "denial"
                                       and not resp.needs_topic):  # fmt: skip
        return None  # words of the accusation's own sentence are part of it, not an answer
    same_article = resp.article_id == acc.article_id
    if acc.weak and (not same_article or not (resp.refers or resp.names_act)):
        return None
    if resp.weak and not same_article:
        return None  # a bare negated act ("we did not invade") answers only in its article
    gap = 0
    if acc.date and resp.date:
        gap = (resp.date - acc.date).days
        if gap < 0 or gap > window_days:
            return None
    shared = len(acc.acts & resp.acts)
    if same_article:
        near = _distance(acc, resp)
        if not ((shared and near <= SAME_ARTICLE_CHARS) or (resp.refers and near <= REFERS_CHARS)):
            return None
    elif shared < CROSS_ARTICLE_SHARED or _act_share(acc.acts, resp.acts, idf) < ACT_SHARE:
        return None  # another article's answer must be about the same act
    return (int(same_article), -gap, shared)


def _distance(acc: _Side, resp: _Side) -> int:
    """Characters between the two sides' evidence in one article (0 when they touch)."""
    a, r = acc.evidence, resp.evidence
    return max(0, int(r["start"]) - int(a["end"]), int(a["start"]) - int(r["end"]))


def _act_share(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float]) -> float:
    """The weight of the act words two sides share over the weight of the fewer-worded
    side's (rare words weigh more: inverse frequency among all the sides)."""
    short = a if len(a) <= len(b) else b
    total = sum(idf.get(w, 1.0) for w in short)
    return sum(idf.get(w, 1.0) for w in a & b) / total if total else 0.0


def _same_words(acc: _Side, resp: _Side) -> bool:
    """Whether the two sides' evidence overlaps in one article (one sentence holds both)."""
    a, r = acc.evidence, resp.evidence
    return acc.article_id == resp.article_id and (
        int(a["start"]) < int(r["end"]) and int(r["start"]) < int(a["end"])
    )


def _claim(acc: _Side, resp: _Side) -> Claim:
    claim = {**acc.to_dict(), "accused": sorted(acc.others or acc.other_codes)}
    response = {**resp.to_dict(), "kind": resp.label}
    return Claim(claim_id=short_id("k", [acc.ref, resp.ref]), claim=claim, response=response)


def pair_claims(
    events: Sequence[Event],
    quotes: Sequence[DatedQuote],
    *,
    articles: Articles | None = None,
    window_days: int = CLAIM_WINDOW_DAYS,
    mentions: Mapping[str, Sequence[ActorMention]] | None = None,
    sentences: Sequence[TextUnit] | None = None,
) -> list[Claim]:
    """Pair each accusation with the best response by the accused (see the module docstring).

    A quote's date is its own when it has one, else its article's date from ``articles``,
    else the date of the events reported inside the quote. ``mentions`` (article id -> its
    actor mentions) let a quote that asserts a hostile act by another country count as a
    claim, and with ``sentences`` let a sentence that denies, next to an actor's name, count
    as a response. Reports of the same accusation answered the same way are kept once.
    """
    articles = articles or {}
    by_article: dict[str, list[Event]] = {}
    for ev in events:
        by_article.setdefault(ev.article_id, []).append(ev)
    acc_e, resp_e = _sides_from_events(events, by_article, articles)
    acc_q, resp_q = _sides_from_quotes(quotes, by_article, articles, mentions)
    resp_s = _sides_from_sentences(sentences or (), mentions or {})
    accusations = acc_e + acc_q
    by_code: dict[str, list[_Side]] = {}
    counters = [_counter(a) for a in accusations if not a.weak]
    for r in [*resp_e, *resp_q, *resp_s, *counters]:
        for code in r.codes:
            by_code.setdefault(code, []).append(r)
    idf = _act_idf([*accusations, *resp_e, *resp_q, *resp_s])
    seen: set[tuple[Any, ...]] = set()
    out: list[Claim] = []
    for acc in sorted(accusations, key=lambda s: (-s.confidence, s.date or date.max, s.ref)):
        found = {id(r): r for code in acc.other_codes for r in by_code.get(code, ())}
        scored = [
            (s, r) for r in found.values() if (s := _response_score(acc, r, window_days, idf))
        ]
        if not scored:
            continue
        resp = max(scored, key=lambda sr: (sr[0], sr[1].kind != "sentence"))[1]
        key = (acc.actors, acc.others, acc.date, resp.actors, resp.date, resp.label)
        if key in seen:
            continue
        seen.add(key)
        out.append(_claim(acc, resp))
    out.extend(_embedded_claims(out, resp_e + resp_q + resp_s, mentions or {}))
    return sorted(out, key=lambda c: (c.claim["date"] or "9999", c.claim_id))


def _embedded_claims(
    paired: Sequence[Claim],
    responses: Sequence[_Side],
    mentions: Mapping[str, Sequence[ActorMention]],
) -> list[Claim]:
    """The denials not paired with an accusation that hold one in their own words, one per
    responder, article and day (a named accuser preferred, then a sentence to a quote)."""
    used = {(c.response["article_id"], a) for c in paired for a in c.response["actors"]}
    best: dict[tuple[Any, ...], tuple[_Side, _Side]] = {}
    for resp in responses:
        if any((resp.article_id, a) in used for a in resp.actors):
            continue
        acc = _embedded(resp, mentions)
        if acc is None:
            continue
        key = (resp.article_id, resp.codes, resp.date)
        rank = (bool(acc.codes), resp.kind != "quote")  # a named accuser, the whole sentence
        if key not in best or rank > (bool(best[key][0].codes), best[key][1].kind != "quote"):
            best[key] = (acc, resp)
    return [_claim(acc, resp) for acc, resp in best.values()]


def _embedded(resp: _Side, mentions: Mapping[str, Sequence[ActorMention]]) -> _Side | None:
    """The accusation a denial holds in its own words (:mod:`sitroom.picture.denials`):
    against the responder, by the accuser named in it (if any); None when it holds none or
    the allegation is the responder's own ("Russian claim of withdrawing troops")."""
    if resp.label != "denial" or resp.weak or resp.needs_topic or not resp.codes:
        return None
    text = str(resp.evidence.get("text") or resp.text)
    found = denials.held_allegation(text, resp.evidence.get("cue"))
    if found is None:
        return None
    base = int(resp.evidence.get("start") or 0)
    owner = denials.accuser(text, base, max(0, found.start()), mentions.get(resp.article_id, ()),
                            resp.codes)  # fmt: skip
    if owner is not None and codes_of(owner) & resp.codes:
        return None
    if denials.for_another(text, base, found, mentions.get(resp.article_id, ()), resp.codes):
        return None
    return _Side(
        ref=f"{resp.ref}:allegation", kind=resp.kind, article_id=resp.article_id,
        actors=codes_of(owner) & {owner.actor_id} if owner else frozenset(),
        others=resp.codes, actor=_actor_dict(owner), date=resp.date,
        text=one_line(text, 400), evidence=resp.evidence, label="accusation",
        codes=codes_of(owner), other_codes=resp.codes,
    )  # fmt: skip
