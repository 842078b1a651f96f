"""The event gold's scoring rules (``gold/events/GUIDELINE.md`` §8), on plain records.

Gold and system events are both :class:`ScoredEvent`: a type, a modality, triggers as
``(field, start, end)`` in the shared text (a gold event's ``mentions`` are triggers too),
source and target as :class:`Side` (side key and identity), mode and date. An
:class:`ItemCase` holds the gold and system events of one item.

1. Matching, per item, one-to-one and greedy: pairs of one type whose triggers overlap, largest
   overlap first; then, among the unmatched, pairs of one type whose source and target are both
   right, in text order. A further system event of a matched gold event's type whose trigger
   overlaps that gold event's trigger or mentions is a duplicate: neither true nor false.
2. Type precision / recall / F1 (duplicates left out of the system count).
3. Sides by side keys (unknowns dropped): right when the keys overlap, and when gold has none
   only if the system has none. A reciprocal gold event pools the system's source and target
   keys: source right when the pool meets the gold keys, target right when it holds two of
   them (the one, when gold has one).
4. Full event: type, source, target and modality right; as F1 and as accuracy over pairs.
5. Strict (actor-id level): a side is right only when the sets of identities are equal
   (``actor_id``, or the side key when the id is null).
6. Modality confusion, mode accuracy (gold mode set), date exact / same-month accuracy (gold
   date set; a year-only gold date compares years), an asserted-only view.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sitroom.eval.gold.common import prf, ratio
from sitroom.eval.gold.schema import MODALITIES


@dataclass(frozen=True)
class Trigger:
    field: str
    start: int
    end: int


@dataclass(frozen=True)
class Side:
    """One actor as the scoring sees it: its side key and its identity (None: unknown)."""

    key: str | None
    ident: str | None


@dataclass(frozen=True)
class ScoredEvent:
    type: str
    modality: str
    triggers: tuple[Trigger, ...]
    source: tuple[Side, ...] = ()
    target: tuple[Side, ...] = ()
    mode: str | None = None
    reciprocal: bool = False
    date: str | None = None  # ISO, cut to its precision (YYYY, YYYY-MM or YYYY-MM-DD)
    confidence: float = 1.0
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class ItemCase:
    item_id: str
    corpus: str
    split: str
    gold: list[ScoredEvent]
    system: list[ScoredEvent]
    fields: tuple[str, ...] = ("title", "desc", "text")
    located: bool = True  # every line of the item was found in the article text
    info: dict[str, Any] = field(default_factory=dict)


@dataclass
class ItemMatch:
    pairs: list[tuple[int, int]]  # (gold index, system index)
    duplicates: list[int]
    false_positives: list[int]
    missed: list[int]


def overlap(a: Trigger, b: Trigger) -> int:
    if a.field != b.field:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def best_overlap(g: ScoredEvent, s: ScoredEvent) -> int:
    return max((overlap(t, u) for t in g.triggers for u in s.triggers), default=0)


def _keys(side: Iterable[Side]) -> set[str]:
    return {a.key for a in side if a.key is not None}


def _idents(side: Iterable[Side]) -> set[str]:
    return {a.ident for a in side if a.ident is not None}


def _side_right(gold: set[str], system: set[str]) -> bool:
    return bool(gold & system) if gold else not system


def sides_right(g: ScoredEvent, s: ScoredEvent) -> tuple[bool, bool]:
    """(source right, target right) by side keys, with the reciprocal rule."""
    if g.reciprocal:
        keys, pool = _keys(g.source), _keys(s.source) | _keys(s.target)
        if not keys:
            return not pool, not pool
        return bool(pool & keys), len(pool & keys) >= min(2, len(keys))
    return _side_right(_keys(g.source), _keys(s.source)), _side_right(
        _keys(g.target), _keys(s.target)
    )


def strict_sides_right(g: ScoredEvent, s: ScoredEvent) -> tuple[bool, bool]:
    """(source right, target right) at the actor-id level: equal sets of identities."""
    if g.reciprocal:
        same = _idents(g.source) == _idents(s.source) | _idents(s.target)
        return same, same
    return _idents(g.source) == _idents(s.source), _idents(g.target) == _idents(s.target)


def _order(case_fields: Sequence[str], e: ScoredEvent) -> tuple[int, int]:
    t = e.triggers[0]
    rank = case_fields.index(t.field) if t.field in case_fields else len(case_fields)
    return rank, t.start


def match_item(
    gold: Sequence[ScoredEvent], system: Sequence[ScoredEvent], fields: Sequence[str] = ()
) -> ItemMatch:
    """Greedy one-to-one matching of §8.1 (see the module docstring)."""
    cands = [
        (best_overlap(g, s), gi, si)
        for gi, g in enumerate(gold)
        for si, s in enumerate(system)
        if g.type == s.type and best_overlap(g, s) > 0
    ]
    cands.sort(key=lambda c: (-c[0], _order(fields, gold[c[1]]), _order(fields, system[c[2]])))
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    for _, gi, si in cands:
        if gi not in used_g and si not in used_s:
            pairs.append((gi, si))
            used_g.add(gi)
            used_s.add(si)
    g_order = sorted(range(len(gold)), key=lambda i: _order(fields, gold[i]))
    s_order = sorted(range(len(system)), key=lambda i: _order(fields, system[i]))
    for gi in g_order:
        if gi in used_g:
            continue
        for si in s_order:
            if si in used_s or system[si].type != gold[gi].type:
                continue
            if all(sides_right(gold[gi], system[si])):
                pairs.append((gi, si))
                used_g.add(gi)
                used_s.add(si)
                break
    duplicates = [
        si
        for si in s_order
        if si not in used_s
        and any(
            gold[gi].type == system[si].type and best_overlap(gold[gi], system[si]) for gi in used_g
        )
    ]
    false_pos = [si for si in s_order if si not in used_s and si not in duplicates]
    missed = [gi for gi in g_order if gi not in used_g]
    return ItemMatch(
        sorted(pairs, key=lambda p: _order(fields, gold[p[0]])), duplicates, false_pos, missed
    )


def date_verdict(gold: str, system: str | None) -> tuple[bool, bool]:
    """(exact, same month) of a system date against a gold date of any precision."""
    if system is None:
        return False, False
    month = 4 if len(gold) == 4 else 7
    return system == gold, len(system) >= month and system[:month] == gold[:month]


@dataclass
class Tally:
    """Counts over items; :meth:`report` turns them into the §8 figures."""

    items: int = 0
    unlocated_items: int = 0
    unlocated_gold: int = 0
    gold: int = 0
    system: int = 0
    duplicates: int = 0
    tp: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    modality: Counter[tuple[str, str]] = field(default_factory=Counter)
    by_type: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, case: ItemCase, m: ItemMatch) -> None:
        self.items += 1
        if not case.located:
            self.unlocated_items += 1
            self.unlocated_gold += len(case.gold)
        self.gold += len(case.gold)
        self.system += len(case.system) - len(m.duplicates)
        self.duplicates += len(m.duplicates)
        self.tp += len(m.pairs)
        for g in case.gold:
            self.by_type[g.type, "gold"] += 1
        for si, s in enumerate(case.system):
            if si not in m.duplicates:
                self.by_type[s.type, "system"] += 1
        for gi, si in m.pairs:
            self._pair(case.gold[gi], case.system[si])

    def _pair(self, g: ScoredEvent, s: ScoredEvent) -> None:
        c = self.counts
        self.by_type[g.type, "tp"] += 1
        src, tgt = sides_right(g, s)
        ssrc, stgt = strict_sides_right(g, s)
        same_modality = g.modality == s.modality
        self.modality[g.modality, s.modality] += 1
        c["source"] += src
        c["target"] += tgt
        c["both"] += src and tgt
        c["full"] += src and tgt and same_modality
        c["strict_source"] += ssrc
        c["strict_target"] += stgt
        c["strict_both"] += ssrc and stgt
        c["strict_full"] += ssrc and stgt and same_modality
        c["modality"] += same_modality
        if g.mode is not None:
            c["mode_n"] += 1
            c["mode"] += s.mode == g.mode
        if g.date is not None:
            exact, month = date_verdict(g.date, s.date)
            c["date_n"] += 1
            c["date_exact"] += exact
            c["date_month"] += month

    def report(self) -> dict[str, Any]:
        c, n = self.counts, self.tp
        return {
            "items": self.items,
            "gold_events": self.gold,
            "system_events": self.system,
            "duplicates": self.duplicates,
            "unlocated": {"items": self.unlocated_items, "gold_events": self.unlocated_gold},
            "type": prf(self.tp, self.system, self.gold),
            "sides": {
                "pairs": n,
                "source": ratio(c["source"], n),
                "target": ratio(c["target"], n),
                "both": ratio(c["both"], n),
            },
            "full": {**prf(c["full"], self.system, self.gold), "accuracy": ratio(c["full"], n)},
            "strict": {
                "source": ratio(c["strict_source"], n),
                "target": ratio(c["strict_target"], n),
                "both": ratio(c["strict_both"], n),
                "full": {
                    **prf(c["strict_full"], self.system, self.gold),
                    "accuracy": ratio(c["strict_full"], n),
                },
            },
            "modality": {"accuracy": ratio(c["modality"], n), "confusion": self._confusion()},
            "mode": {"n": c["mode_n"], "accuracy": ratio(c["mode"], c["mode_n"])},
            "date": {
                "n": c["date_n"],
                "exact": ratio(c["date_exact"], c["date_n"]),
                "same_month": ratio(c["date_month"], c["date_n"]),
            },
            "by_type": self._types(),
        }

    def _confusion(self) -> dict[str, dict[str, int]]:
        """Gold modality -> system modality -> matched pairs."""
        return {
            g: {s: self.modality[g, s] for s in MODALITIES if self.modality[g, s]}
            for g in MODALITIES
            if any(self.modality[g, s] for s in MODALITIES)
        }

    def _types(self) -> dict[str, dict[str, Any]]:
        types = sorted({t for t, _ in self.by_type})
        out: dict[str, dict[str, Any]] = {}
        for t in types:
            tp, ns, ng = (self.by_type[t, k] for k in ("tp", "system", "gold"))
            out[t] = {"gold": ng, "system": ns, **prf(tp, ns, ng)}
        return out


def tally(cases: Iterable[ItemCase]) -> Tally:
    t = Tally()
    for case in cases:
        t.add(case, match_item(case.gold, case.system, case.fields))
    return t


def asserted_only(case: ItemCase) -> ItemCase:
    """The case without the events (gold or system) that are not asserted."""
    return replace(
        case,
        gold=[e for e in case.gold if e.modality == "asserted"],
        system=[e for e in case.system if e.modality == "asserted"],
    )


def confident(case: ItemCase, threshold: float) -> ItemCase:
    """The case with the system events of confidence ``>= threshold`` only."""
    return replace(case, system=[e for e in case.system if e.confidence >= threshold])


def score_cases(cases: Sequence[ItemCase]) -> dict[str, Any]:
    """Every §8 figure over ``cases``, plus the asserted-only view and the figures on the
    items whose text was found whole."""
    out = tally(cases).report()
    out["asserted_only"] = _short(tally([asserted_only(c) for c in cases]).report())
    located = tally([c for c in cases if c.located]).report()
    out["located_only"] = {"items": located["items"], **_short(located)}
    return out


def _short(report: dict[str, Any]) -> dict[str, Any]:
    keep = ("gold_events", "system_events", "duplicates", "type", "sides", "full", "strict")
    return {k: report[k] for k in keep}
