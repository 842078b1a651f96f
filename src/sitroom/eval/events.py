"""Evaluation of event coders on labelled sentences.

* PLOVER gold sentences (JSON lines with ``text``, ``event``, ``source`` / ``target`` actor lists
  of ``{"actorText", "code"}``): type accuracy (first coded type), "gold type among the coded
  types", macro-F1 over types, and source / target agreement (country codes).

  Only events of the gold type are compared with the gold actors (the sentence's gold event is
  one of them, not necessarily the first one coded). A gold code matches an actor as in
  :func:`sitroom.eval.actors.code_matches` (ISO3 country; old CAMEO codes; ``IGO`` / ``NGO``
  / ``IMG`` by sector family). Source agreement: one such event names a gold source among its
  sources; target agreement: among its targets, or among its sources when the event has
  coordinated sources ("Russia and the US agreed": the gold may split them into source and
  target). Dyad agreement needs source and target right in the *same* event.
* ConfliBERT-style sentences (``text<TAB>label``, 0 statement, 1-4 quad classes): macro-F1 of
  the quad class of the first coded event (no event = 0).

Actors come from :mod:`sitroom.extract.actors.resolver` when it is installed, else from a small
fallback that reads spaCy entities through the gazetteer (good enough to compare coders, not a
resolver).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sitroom.extract.events.places import gazetteer, lookup
from sitroom.extract.events.registry import Coder, get_coder
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Event, Mention, ParsedArticle


@dataclass(frozen=True, slots=True)
class EventScores:
    n: int
    type_accuracy: float  # first coded type == gold type
    type_in_coded: float  # gold type among the coded types
    type_macro_f1: float
    source_agreement: float  # gold type coded with a gold source country, over gold sources
    target_agreement: float  # same for targets, over sentences with gold targets
    dyad_agreement: float  # gold type coded with gold source and target (where given)

    def to_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


@dataclass(frozen=True, slots=True)
class QuadScores:
    n: int
    accuracy: float
    macro_f1: float

    def to_dict(self) -> dict[str, float | int]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def _demonym_country(word: str) -> str | None:
    """ "Hungarian" -> HUN: the country whose name shares the longest prefix (4+ letters)."""
    low = word.lower().rstrip("s")
    best: tuple[int, str | None] = (3, None)
    for name, place in gazetteer().countries.items():
        k = 0
        while k < min(len(low), len(name)) and low[k] == name[k]:
            k += 1
        if k > best[0]:
            best = (k, place.country)
    return best[1]


def fallback_mentions(parsed: ParsedArticle) -> list[Mention]:
    """Mentions from spaCy entities with a country from the gazetteer (evaluation only)."""
    out: list[Mention] = []
    for ent in parsed.entities:
        if ent.label not in ("GPE", "NORP", "ORG", "PERSON"):
            continue
        country: str | None = None
        if ent.label == "GPE":
            place = lookup(ent.text)
            country = place.country if place else None
        elif ent.label == "NORP":
            country = _demonym_country(ent.text)
        else:
            words = [w for w in ent.text.replace("'s", "").split() if w[:1].isupper()]
            hits = [lookup(w) for w in words]
            country = next((h.country for h in hits if h and h.is_country), None)
            if country is None and words:
                country = _demonym_country(words[0]) if words[0].endswith(("n", "i")) else None
        ref = ActorRef(country or ent.text.upper(), ent.text, country, None)
        out.append(
            Mention(ent.text, ent.start, ent.end, ref, "name", ent.token_start, ent.token_end)
        )
    return out


@functools.lru_cache(maxsize=1)
def _resolver() -> Any:
    try:
        from sitroom.extract.actors.resolver import ActorResolver
    except ImportError:
        return None
    return ActorResolver()


def mentions_for(parsed: ParsedArticle) -> list[Mention]:
    """Actor mentions of ``parsed`` from the actors stage (one resolver, loaded once)."""
    resolver = _resolver()
    if resolver is None:
        return fallback_mentions(parsed)
    mentions, _actors = resolver.resolve(parsed)
    return list(mentions)


_mentions = mentions_for


def _code_matches(gold: str, mention: Mention) -> bool:
    try:
        from sitroom.eval.actors import code_matches
    except ImportError:  # no actors stage: plain country codes
        return mention.actor is not None and gold in (mention.actor.country, mention.actor.actor_id)
    return code_matches(gold, mention)


def _any_match(gold: set[str], ms: Iterable[Mention]) -> bool:
    return any(_code_matches(g, m) for g in gold for m in ms)


def _target_ok(gold: set[str], ev: Event) -> bool:
    """A gold target among the event's targets, or among coordinated sources ("X and Y met")."""
    if _any_match(gold, ev.target):
        return True
    return len(ev.source) > 1 and _any_match(gold, ev.source)


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred, strict=True) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred, strict=True) if g == lab and p != lab)
        denom = 2 * tp + fp + fn
        scores.append(2 * tp / denom if denom else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score_events(
    path: str | Path, coder: Coder | None = None, parser: Parser | None = None
) -> EventScores:
    """Score ``coder`` (default ``rules.v3``) on a PLOVER gold JSON-lines file."""
    rows = _read_jsonl(Path(path))
    coder = coder or get_coder("rules.v3")
    parser = parser or Parser()
    gold_types: list[str] = []
    first: list[str] = []
    hits = {"in": 0, "src": 0, "src_n": 0, "tgt": 0, "tgt_n": 0, "dyad": 0}
    for k, row in enumerate(rows):
        parsed = parser.parse_text(row["text"], article_id=f"gsr{k}", date=row.get("date"))
        events = coder.code(parsed, _mentions(parsed), [])
        gold = str(row["event"])
        gold_types.append(gold)
        first.append(events[0].type if events else "NONE")
        same = [e for e in events if e.type == gold]
        hits["in"] += bool(same)
        gsrc = {a["code"] for a in row.get("source") or [] if a.get("code")}
        gtgt = {a["code"] for a in row.get("target") or [] if a.get("code")}
        src_ok = [not gsrc or _any_match(gsrc, e.source) for e in same]
        tgt_ok = [not gtgt or _target_ok(gtgt, e) for e in same]
        hits["src_n"] += bool(gsrc)
        hits["tgt_n"] += bool(gtgt)
        hits["src"] += bool(gsrc) and any(src_ok)
        hits["tgt"] += bool(gtgt) and any(tgt_ok)
        hits["dyad"] += any(s and t for s, t in zip(src_ok, tgt_ok, strict=True))
    n = len(rows) or 1
    return EventScores(
        n=len(rows),
        type_accuracy=sum(g == p for g, p in zip(gold_types, first, strict=True)) / n,
        type_in_coded=hits["in"] / n,
        type_macro_f1=macro_f1(gold_types, first),
        source_agreement=hits["src"] / max(1, hits["src_n"]),
        target_agreement=hits["tgt"] / max(1, hits["tgt_n"]),
        dyad_agreement=hits["dyad"] / n,
    )


def _quad(coder: Coder, parsed: ParsedArticle, events: list[Event]) -> int:
    """A coder's sentence-level quad class when it has one, else its first event's."""
    sentence_quad = getattr(coder, "sentence_quad", None)
    if callable(sentence_quad):
        return int(sentence_quad(parsed, events))
    return events[0].quad_class or 0 if events else 0


def score_quad(
    path: str | Path, coder: Coder | None = None, parser: Parser | None = None
) -> QuadScores:
    """Quad-class macro-F1 on ``text<TAB>label`` lines (label 0 = no PLOVER event)."""
    coder = coder or get_coder("rules.v3")
    parser = parser or Parser()
    gold: list[str] = []
    pred: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for k, line in enumerate(fh):
            text, _, label = line.rstrip("\n").rpartition("\t")
            if not text:
                continue
            parsed = parser.parse_text(text, article_id=f"quad{k}")
            events = coder.code(parsed, _mentions(parsed), [])
            gold.append(label.strip())
            pred.append(str(_quad(coder, parsed, events)))
    n = len(gold) or 1
    return QuadScores(
        n=len(gold),
        accuracy=sum(g == p for g, p in zip(gold, pred, strict=True)) / n,
        macro_f1=macro_f1(gold, pred),
    )
