"""The quote gold's scoring rules (``gold/quotes/GUIDELINE.md`` §8), on plain records.

Gold attributions and found quotes are both :class:`QuoteItem`: content pieces, cue and source
as ``(start, end)`` in the document text, clipped to the unit, a speaker and a kind.

* A found quote matches a gold attribution when their contents overlap by one character or
  more and, if both have a cue, their cues overlap. One found quote may match several gold
  attributions and the reverse; for kind and speaker each matched gold attribution is paired
  with its matching found quote of largest content overlap.
* Conduit gold attributions are left out: a found quote matching only conduits counts neither
  way.
* Real-attribution precision = found quotes matching a gold attribution / found quotes; recall =
  gold attributions matched / gold attributions; also without embedded gold (found quotes
  matching only embedded gold dropped), and per source.
* Speaker of a pair: ``unknown`` without a found speaker, else ``right`` or ``wrong``
  (:func:`speaker_right`); pairs whose gold speaker is null are not scored.
* A statement variant joins each ``continues`` chain into one item.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sitroom.eval.gold.common import ratio

Range = tuple[int, int]


@dataclass(frozen=True)
class Who:
    """A speaker: the gold's actor or the system's (``actor_id`` None: an unnamed actor)."""

    actor_id: str | None
    country: str | None
    sector: str | None
    name: str | None = None

    def label(self) -> str:
        return f"{self.actor_id or '~'}({self.country or '-'}/{self.sector or '-'})"


@dataclass(frozen=True)
class QuoteItem:
    index: int
    contents: tuple[Range, ...]
    cue: Range | None
    source: Range | None
    speaker: Who | None
    kind: str
    co_speakers: tuple[Who, ...] = ()
    embedded: bool = False
    conduit: bool = False
    continues: int | None = None
    confidence: float = 1.0
    info: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass
class UnitCase:
    unit_id: str
    source: str
    split: str
    gold: list[QuoteItem]
    found: list[QuoteItem]
    located: bool = True
    info: dict[str, Any] = field(default_factory=dict)


def clip(span: Range | None, lo: int, hi: int) -> Range | None:
    """A span clipped to ``[lo, hi)``; None when absent or empty after clipping."""
    if span is None:
        return None
    s, e = max(span[0], lo), min(span[1], hi)
    return (s, e) if s < e else None


def overlap(a: Range | None, b: Range | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def content_overlap(g: QuoteItem, f: QuoteItem) -> int:
    return sum(overlap(x, y) for x in g.contents for y in f.contents)


def matches(g: QuoteItem, f: QuoteItem) -> bool:
    if content_overlap(g, f) < 1:
        return False
    return g.cue is None or f.cue is None or overlap(g.cue, f.cue) > 0


def statements(items: Sequence[QuoteItem]) -> list[QuoteItem]:
    """Each ``continues`` chain joined into one item (the first piece's cue, source, speaker)."""
    head = list(range(len(items)))
    for i, a in enumerate(items):
        if a.continues is not None and 0 <= a.continues < i:
            head[i] = head[a.continues]
    out: list[QuoteItem] = []
    for i, a in enumerate(items):
        if head[i] == i:
            pieces = tuple(c for j, b in enumerate(items) if head[j] == i for c in b.contents)
            out.append(replace(a, contents=pieces, continues=None))
    return out


def speaker_right(g: Who, co_speakers: Iterable[Who], f: Who, states: frozenset[str]) -> bool:
    """GUIDELINE §8: a person or organisation must be named (or a co-speaker); a state S is
    S or an unnamed actor of S; an unnamed gold actor needs the country (and sector)."""
    if g.actor_id is None:
        return (
            (f.actor_id is None or f.actor_id == g.country)
            and f.country == g.country
            and (g.sector is None or f.sector == g.sector)
        )
    if g.actor_id in states:
        return f.actor_id == g.actor_id or (f.actor_id is None and f.country == g.actor_id)
    return f.actor_id is not None and f.actor_id in {g.actor_id, *(c.actor_id for c in co_speakers)}


def speaker_verdict(g: QuoteItem, f: QuoteItem, states: frozenset[str]) -> str | None:
    """``right``, ``wrong`` or ``unknown``; None when the gold speaker is null (not scored)."""
    if g.speaker is None:
        return None
    if f.speaker is None:
        return "unknown"
    return "right" if speaker_right(g.speaker, g.co_speakers, f.speaker, states) else "wrong"


def pair_rank(g: QuoteItem, f: QuoteItem) -> tuple[int, bool, int, int]:
    """Largest content overlap first; ties go to the quote whose cue overlaps the gold cue,
    then to the one with least content outside the gold's."""
    extra = sum(y[1] - y[0] for y in f.contents) - content_overlap(g, f)
    return content_overlap(g, f), overlap(g.cue, f.cue) > 0, -extra, -f.index


@dataclass
class UnitScore:
    found: int
    found_hit: int
    gold: int
    gold_hit: int
    pairs: list[tuple[QuoteItem, QuoteItem]]
    missed: list[QuoteItem]
    spurious: list[QuoteItem]


def score_unit(
    gold: Sequence[QuoteItem], found: Sequence[QuoteItem], exclude: Iterable[QuoteItem] = ()
) -> UnitScore:
    """Counts, pairs, missed gold and unmatched found quotes of one unit; gold conduits and
    gold items in ``exclude`` left out (a found quote matching only those counts neither way)."""
    skipped = {id(g) for g in exclude}
    scored = [g for g in gold if not g.conduit and id(g) not in skipped]
    left_out = [g for g in gold if g.conduit or id(g) in skipped]
    out = UnitScore(0, 0, len(scored), 0, [], [], [])
    for f in found:
        if any(matches(g, f) for g in scored):
            out.found += 1
            out.found_hit += 1
        elif not any(matches(g, f) for g in left_out):
            out.found += 1
            out.spurious.append(f)
    for g in scored:
        cands = [f for f in found if matches(g, f)]
        if not cands:
            out.missed.append(g)
            continue
        out.gold_hit += 1
        out.pairs.append((g, max(cands, key=lambda f: pair_rank(g, f))))
    return out


@dataclass
class QuoteTally:
    units: int = 0
    unlocated_units: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, case: UnitCase, states: frozenset[str]) -> None:
        c = self.counts
        self.units += 1
        self.unlocated_units += not case.located
        s = score_unit(case.gold, case.found)
        for name, value in (("found", s.found), ("found_hit", s.found_hit)):
            c[name] += value
        c["gold"] += s.gold
        c["gold_hit"] += s.gold_hit
        embedded = [g for g in case.gold if g.embedded]
        e = score_unit(case.gold, case.found, exclude=embedded)
        for name, value in (("found", e.found), ("found_hit", e.found_hit)):
            c["ne_" + name] += value
        c["ne_gold"] += e.gold
        c["ne_gold_hit"] += e.gold_hit
        st = score_unit(statements(case.gold), case.found)
        c["st_gold"] += st.gold
        c["st_gold_hit"] += st.gold_hit
        for g, f in s.pairs:
            self.kinds[g.kind, f.kind] += 1
            c[f"speaker_{speaker_verdict(g, f, states)}"] += 1

    def report(self) -> dict[str, Any]:
        c = self.counts
        right, wrong, unknown = c["speaker_right"], c["speaker_wrong"], c["speaker_unknown"]
        pairs = sum(self.kinds.values())
        kind_ok = sum(n for (g, f), n in self.kinds.items() if g == f)
        return {
            "units": self.units,
            "unlocated_units": self.unlocated_units,
            "gold": c["gold"],
            "found": c["found"],
            "real_attribution_precision": ratio(c["found_hit"], c["found"]),
            "recall": ratio(c["gold_hit"], c["gold"]),
            "f1": _f1(c["found_hit"], c["found"], c["gold_hit"], c["gold"]),
            "without_embedded": {
                "gold": c["ne_gold"],
                "precision": ratio(c["ne_found_hit"], c["ne_found"]),
                "recall": ratio(c["ne_gold_hit"], c["ne_gold"]),
            },
            "statements": {"gold": c["st_gold"], "recall": ratio(c["st_gold_hit"], c["st_gold"])},
            "kind_accuracy": ratio(kind_ok, pairs),
            "speaker": {
                "pairs": pairs,
                "right": right,
                "wrong": wrong,
                "unknown": unknown,
                "not_scored": c["speaker_None"],
                "accuracy": ratio(right, right + wrong + unknown),
                "precision": ratio(right, right + wrong),
            },
        }


def _f1(found_hit: int, found: int, gold_hit: int, gold: int) -> float | None:
    p = found_hit / found if found else None
    r = gold_hit / gold if gold else None
    if p is None or r is None:
        return None
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def tally(cases: Iterable[UnitCase], states: frozenset[str]) -> QuoteTally:
    t = QuoteTally()
    for case in cases:
        t.add(case, states)
    return t


def statement_found(
    gold: QuoteItem, found: Sequence[QuoteItem], states: frozenset[str]
) -> tuple[bool, str | None]:
    """(found, speaker verdict of the best matching quote) of one seed statement."""
    cands = [f for f in found if matches(gold, f)]
    if not cands:
        return False, None
    return True, speaker_verdict(gold, max(cands, key=lambda f: pair_rank(gold, f)), states)


def statement_report(verdicts: Sequence[tuple[bool, str | None, bool]]) -> dict[str, Any]:
    """Shares over seed statements: ``(found, verdict, has gold speaker)`` each."""
    n = len(verdicts)
    with_speaker = sum(1 for _, _, has in verdicts if has)
    right = sum(1 for _, v, _ in verdicts if v == "right")
    return {
        "n": n,
        "found": ratio(sum(1 for f, _, _ in verdicts if f), n),
        "with_speaker": with_speaker,
        "right_speaker": right,
        "right_speaker_share": ratio(right, with_speaker),
    }
