"""Agreement between two annotators of the quote gold standard, on the units both annotated.

    .venv/bin/python scripts/gold/quotes_agreement.py [a b] [--list]

Each direction treats one annotator as gold and the other as the system, with the scoring rules
of GUIDELINE.md section 8:

* a found quote matches a gold attribution when their contents overlap by at least one
  character and, if both have a cue, their cues overlap (spans are clipped to the unit);
* conduits of the gold side are left out, and a found quote matching only gold conduits counts
  neither way; the system side's own conduits are neither credited nor penalised either (an
  annotator who marks a conduit does not claim a real attribution);
* precision = found quotes matching some gold / found quotes; recall = gold matched / gold;
  also without ``embedded`` gold (found quotes matching only embedded gold dropped), per source;
* each matched gold attribution is paired with its matching found quote of largest content
  overlap; on the pairs: kind agreement, cue agreement (both null, or overlapping), exact
  content boundaries, source agreement, and speaker agreement (same / different / unknown, the
  rules for ``right`` / ``wrong`` / ``unknown``; pairs whose gold speaker is null not scored);
* a statement-level variant joins each ``continues`` chain into one item;
* not in the guideline, a stricter one-to-one variant: each attribution matched at most once,
  so that a quote inside a cue-less speech or transcript turn is not credited by the turn.

``--list`` prints every disagreement with the spans' text (to the terminal only). Nothing is
written anywhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from quotes_load import FilledAttribution, FilledSpan, GoldUnit, load_gold
from quotes_schema import Actor
from quotes_texts import ACTOR_DATA

SOURCES = ("ruwa", "pres", "seed")


@cache
def state_ids() -> frozenset[str]:
    data = json.loads((ACTOR_DATA / "states.json").read_text(encoding="utf-8"))
    return frozenset(rec["id"] for rec in data["states"])


# ----------------------------------------------------------------------------- spans


def clip(span: FilledSpan | None, lo: int, hi: int) -> tuple[int, int] | None:
    """A span clipped to the unit ``[lo, hi)``; None when absent or empty after clipping."""
    if span is None:
        return None
    s, e = max(span.start, lo), min(span.end, hi)
    return (s, e) if s < e else None


def overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


@dataclass(frozen=True)
class Item:
    """One attribution (or one joined ``continues`` chain) of one annotator in one unit."""

    unit: GoldUnit
    index: int
    contents: tuple[tuple[int, int], ...]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    att: FilledAttribution

    @property
    def key(self) -> str:
        return f"{self.unit.unit_id} #{self.index}"


def items(unit: GoldUnit, statements: bool) -> list[Item]:
    """The unit's attributions, or with ``statements`` its ``continues`` chains (one item each)."""
    lo, hi = unit.start, unit.end
    atts = unit.attributions
    head = list(range(len(atts)))
    if statements:
        for i, a in enumerate(atts):
            if a.continues is not None:
                head[i] = head[a.continues]
    out: list[Item] = []
    for i, a in enumerate(atts):
        if head[i] != i:
            continue
        pieces = [clip(atts[j].content, lo, hi) for j in range(len(atts)) if head[j] == i]
        contents = tuple(p for p in pieces if p is not None)
        if not contents:
            continue
        out.append(Item(unit, i, contents, clip(a.cue, lo, hi), clip(a.source, lo, hi), a))
    return out


def content_overlap(g: Item, f: Item) -> int:
    return sum(overlap(x, y) for x in g.contents for y in f.contents)


def matches(g: Item, f: Item) -> bool:
    if content_overlap(g, f) < 1:
        return False
    return g.cue is None or f.cue is None or overlap(g.cue, f.cue) > 0


# ----------------------------------------------------------------------------- speakers


def speaker_verdict(gold: FilledAttribution, found: FilledAttribution) -> str | None:
    """``right``, ``wrong`` or ``unknown`` (GUIDELINE.md section 8); None when not scored."""
    g, f = gold.speaker, found.speaker
    if g is None:
        return None
    if f is None:
        return "unknown"
    return "right" if speaker_right(g, gold.co_speakers, f) else "wrong"


def speaker_right(g: Actor, co_speakers: Sequence[Actor], f: Actor) -> bool:
    if g.actor_id is None:
        return (
            (f.actor_id is None or f.actor_id == g.country)
            and f.country == g.country
            and (g.sector is None or f.sector == g.sector)
        )
    if g.actor_id in state_ids():
        return f.actor_id == g.actor_id or (f.actor_id is None and f.country == g.actor_id)
    return f.actor_id is not None and f.actor_id in {g.actor_id, *(c.actor_id for c in co_speakers)}


def actor_label(a: Actor | None) -> str:
    if a is None:
        return "null"
    return f"{a.actor_id or '~'}({a.country or '-'}/{a.sector or '-'})"


# ----------------------------------------------------------------------------- scoring


@dataclass
class Tally:
    found: int = 0
    found_hit: int = 0
    gold: int = 0
    gold_hit: int = 0

    def add(self, other: Tally) -> None:
        self.found += other.found
        self.found_hit += other.found_hit
        self.gold += other.gold
        self.gold_hit += other.gold_hit

    @property
    def precision(self) -> float:
        return self.found_hit / self.found if self.found else float("nan")

    @property
    def recall(self) -> float:
        return self.gold_hit / self.gold if self.gold else float("nan")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def row(self, label: str) -> str:
        return (
            f"  {label:22} P {self.precision:6.3f} ({self.found_hit}/{self.found})"
            f"   R {self.recall:6.3f} ({self.gold_hit}/{self.gold})   F1 {self.f1:6.3f}"
        )


@dataclass
class Direction:
    gold_name: str
    system_name: str
    total: Tally = field(default_factory=Tally)
    strict: Tally = field(default_factory=Tally)
    no_embedded: Tally = field(default_factory=Tally)
    by_source: dict[str, Tally] = field(default_factory=dict)
    pairs: list[tuple[Item, Item]] = field(default_factory=list)
    missed: list[Item] = field(default_factory=list)
    spurious: list[Item] = field(default_factory=list)


def score_unit(
    gold: list[Item], found: list[Item], exclude: Iterable[Item] = ()
) -> tuple[Tally, list[tuple[Item, Item]], list[Item], list[Item]]:
    """Tally, pairs, missed gold and unmatched found quotes for one unit.

    Gold conduits and gold items in ``exclude`` are left out; a found quote matching only those
    counts neither way, as does a found quote that is itself a conduit and matches no gold.
    """
    skipped = set(map(id, exclude))
    scored = [g for g in gold if not g.att.conduit and id(g) not in skipped]
    left_out = [g for g in gold if g.att.conduit or id(g) in skipped]
    tally = Tally(gold=len(scored))
    spurious: list[Item] = []
    for f in found:
        if any(matches(g, f) for g in scored):
            tally.found += 1
            tally.found_hit += 1
        elif f.att.conduit or any(matches(g, f) for g in left_out):
            continue
        else:
            tally.found += 1
            spurious.append(f)
    pairs: list[tuple[Item, Item]] = []
    missed: list[Item] = []
    for g in scored:
        cands = [f for f in found if matches(g, f)]
        if not cands:
            missed.append(g)
            continue
        tally.gold_hit += 1
        pairs.append((g, max(cands, key=lambda f: pair_rank(g, f))))
    return tally, pairs, missed, spurious


def pair_rank(g: Item, f: Item) -> tuple[int, bool, int, int]:
    """Largest content overlap first; ties (a whole turn and a piece inside it) go to the quote
    whose cue overlaps the gold cue, then to the one with least content outside the gold's."""
    extra = sum(y[1] - y[0] for y in f.contents) - content_overlap(g, f)
    return content_overlap(g, f), overlap(g.cue, f.cue) > 0, -extra, -f.index


def one_to_one(gold: list[Item], found: list[Item]) -> Tally:
    """A stricter variant (not in the guideline): each item matched at most once, greedily by
    :func:`pair_rank`; conduits on either side left out."""
    gs = [g for g in gold if not g.att.conduit]
    fs = [f for f in found if not f.att.conduit]
    cands = sorted(
        ((g, f) for g in gs for f in fs if matches(g, f)),
        key=lambda p: pair_rank(*p),
        reverse=True,
    )
    used_g: set[int] = set()
    used_f: set[int] = set()
    for g, f in cands:
        if id(g) not in used_g and id(f) not in used_f:
            used_g.add(id(g))
            used_f.add(id(f))
    return Tally(found=len(fs), found_hit=len(used_f), gold=len(gs), gold_hit=len(used_g))


def compare(
    gold_units: dict[str, GoldUnit],
    system_units: dict[str, GoldUnit],
    gold_name: str,
    system_name: str,
    statements: bool,
) -> Direction:
    d = Direction(gold_name, system_name, by_source={s: Tally() for s in SOURCES})
    for uid in sorted(set(gold_units) & set(system_units), key=lambda u: gold_units[u].rank):
        gu = gold_units[uid]
        gold = items(gu, statements)
        found = items(system_units[uid], statements)
        tally, pairs, missed, spurious = score_unit(gold, found)
        d.total.add(tally)
        d.strict.add(one_to_one(gold, found))
        d.by_source[gu.source].add(tally)
        d.pairs.extend(pairs)
        d.missed.extend(missed)
        d.spurious.extend(spurious)
        embedded = [g for g in gold if g.att.embedded]
        d.no_embedded.add(score_unit(gold, found, exclude=embedded)[0])
    return d


def pct(n: int, d: int) -> str:
    return f"{n / d:6.3f} ({n}/{d})" if d else "     - (0/0)"


def report(d: Direction, detail: bool) -> list[str]:
    rows = [f"gold = {d.gold_name}, system = {d.system_name}"]
    rows.append(d.total.row("attributions"))
    rows.append(d.no_embedded.row("without embedded"))
    rows.append(d.strict.row("one-to-one (stricter)"))
    rows += [d.by_source[s].row(f"source {s}") for s in SOURCES if d.by_source[s].gold]
    n = len(d.pairs)
    kind = sum(g.att.kind == f.att.kind for g, f in d.pairs)
    both_cue = [(g, f) for g, f in d.pairs if g.cue is not None and f.cue is not None]
    cue_same = sum(overlap(g.cue, f.cue) > 0 for g, f in both_cue)
    cue_null = sum(g.cue is None and f.cue is None for g, f in d.pairs)
    cue_one = n - len(both_cue) - cue_null
    exact = sum(g.contents == f.contents for g, f in d.pairs)
    src_same = sum(
        (g.source is None and f.source is None) or overlap(g.source, f.source) > 0
        for g, f in d.pairs
    )
    verdicts = Counter(speaker_verdict(g.att, f.att) for g, f in d.pairs)
    right, wrong, unknown = verdicts["right"], verdicts["wrong"], verdicts["unknown"]
    same_id = sum(
        g.att.speaker is not None
        and f.att.speaker is not None
        and g.att.speaker.actor_id == f.att.speaker.actor_id
        and g.att.speaker.actor_id is not None
        for g, f in d.pairs
    )
    rows += [
        f"  pairs {n}",
        f"    kind agreement        {pct(kind, n)}",
        f"    cue overlap           {pct(cue_same, len(both_cue))}   both null {cue_null},"
        f" only one has a cue {cue_one}",
        f"    cue agreement         {pct(cue_same + cue_null, n)}   (overlap or both null)",
        f"    exact content         {pct(exact, n)}",
        f"    source agreement      {pct(src_same, n)}   (overlap or both null)",
        f"    speaker same {right}, different {wrong}, unknown {unknown},"
        f" not scored {verdicts[None]}",
        f"    speaker accuracy      {pct(right, right + wrong + unknown)}",
        f"    speaker precision     {pct(right, right + wrong)}",
        f"    same actor id (set)   {pct(same_id, n)}",
    ]
    if detail:
        rows += list_disagreements(d)
    return rows


def _text(unit: GoldUnit, span: tuple[int, int] | None) -> str:
    if span is None:
        return "-"
    body = unit.text[span[0] - unit.start : span[1] - unit.start].replace("\n", " ")
    return body if len(body) <= 90 else body[:42] + " [...] " + body[-42:]


def _describe(it: Item) -> str:
    a = it.att
    flags = "".join(
        f" {name}" for name, on in (("embedded", a.embedded), ("conduit", a.conduit)) if on
    )
    content = " | ".join(_text(it.unit, c) for c in it.contents)
    return (
        f"{a.kind} {actor_label(a.speaker)}{flags} cue «{_text(it.unit, it.cue)}»"
        f" content «{content}»"
    )


def list_disagreements(d: Direction) -> list[str]:
    g_name, s_name = d.gold_name, d.system_name
    rows = [f"  only {g_name} (missed by {s_name}):"]
    rows += [f"    {g.key} {_describe(g)}" for g in d.missed] or ["    none"]
    rows.append(f"  only {s_name} (no match in {g_name}):")
    rows += [f"    {f.key} {_describe(f)}" for f in d.spurious] or ["    none"]
    rows.append("  pairs that differ (kind, speaker, cue, content boundaries or source):")
    n = 0
    for g, f in d.pairs:
        diffs = []
        if g.att.kind != f.att.kind:
            diffs.append(f"kind {g.att.kind}/{f.att.kind}")
        verdict = speaker_verdict(g.att, f.att)
        if verdict != "right" or actor_label(g.att.speaker) != actor_label(f.att.speaker):
            diffs.append(
                f"speaker {actor_label(g.att.speaker)}/{actor_label(f.att.speaker)} ({verdict})"
            )
        if (g.cue is None) != (f.cue is None) or (g.cue and f.cue and g.cue != f.cue):
            diffs.append(f"cue «{_text(g.unit, g.cue)}»/«{_text(f.unit, f.cue)}»")
        if g.contents != f.contents:
            diffs.append("content boundaries")
        if g.source != f.source:
            diffs.append(f"source «{_text(g.unit, g.source)}»/«{_text(f.unit, f.source)}»")
        if diffs:
            n += 1
            rows.append(f"    {g.key} ~ {f.key}: {'; '.join(diffs)}")
            if g.contents != f.contents:
                rows.append(f"      {g_name}: «{' | '.join(_text(g.unit, c) for c in g.contents)}»")
                rows.append(f"      {s_name}: «{' | '.join(_text(f.unit, c) for c in f.contents)}»")
    if not n:
        rows.append("    none")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("first", nargs="?", default="a", help="annotator (default a)")
    ap.add_argument("second", nargs="?", default="b", help="annotator (default b)")
    ap.add_argument("--list", action="store_true", help="print every disagreement")
    args = ap.parse_args(argv)
    one = {u.unit_id: u for u in load_gold(args.first, strict=False)}
    two = {u.unit_id: u for u in load_gold(args.second, strict=False)}
    common = set(one) & set(two)
    if not common:
        ap.error(f"annotators {args.first} and {args.second} share no unit")
    n_one = sum(len(one[u].attributions) for u in common)
    n_two = sum(len(two[u].attributions) for u in common)
    empty_both = sum(not one[u].attributions and not two[u].attributions for u in common)
    rows = [
        f"units annotated by both: {len(common)} "
        f"({dict(Counter(one[u].source for u in common))}); empty for both: {empty_both}",
        f"attributions in them: {args.first} {n_one}, {args.second} {n_two}",
    ]
    for statements in (False, True):
        rows.append("")
        rows.append("== statements (continues chains joined)" if statements else "== attributions")
        for g, s, gu, su in (
            (args.first, args.second, one, two),
            (args.second, args.first, two, one),
        ):
            rows.append("")
            d = compare(gu, su, g, s, statements)
            rows += report(d, args.list and not statements)
    sys.stdout.write("\n".join(rows) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
