"""Score one event annotation against another on the items both annotated (GUIDELINE §8).

    .venv/bin/python scripts/gold/events_agreement.py gold/events/annotations_a.jsonl \\
        gold/events/annotations_c.jsonl [--double] [--details] [--json]

The first file is the reference (the "gold" of §8), the second is scored as the "system"; swap
them for the other direction (precision and recall swap, F1 may differ slightly because only the
gold side's ``mentions`` count as triggers, and the reciprocal rule looks at the gold flag). Only
items present in both files are scored (``--double``: and flagged ``double`` in items.jsonl).

Scoring, exactly as §8 of the guideline:

1. matching, per item, one-to-one, greedy: (a) pairs of the same type whose triggers overlap
   (same field, intersecting offsets; the gold event's ``mentions`` count as its triggers),
   largest overlap first; (b) then, among the events still unmatched, pairs of the same type
   whose source and target are both right at side level (rule 3), gold and system events taken
   in text order (field order, then offset). A system event left unmatched whose trigger
   overlaps the trigger or a mention of a matched gold event of the same type is a
   **duplicate**: neither a true nor a false positive (counted separately);
2. event level (type): P = matched / (system events - duplicates), R = matched / gold, F1;
3. sides: the keys of a side are the set of side keys of its actors (``Actor.side_key``:
   org, else country:REB/PRE, else country; unknowns dropped). A side is right when gold and
   system keys overlap; when the gold keys are empty, only if the system's are empty too.
   Reciprocal gold events: the system's source and target keys are pooled; the source is right
   when the pool overlaps the gold keys, the target when the pool holds at least two of them (all
   of them when gold has one key); when the gold keys are empty both need an empty pool;
4. full event: type + source + target + modality right, as F1 (true positive = fully right
   matched pair) and as accuracy over matched pairs;
5. actor-id level (strict): as 3-4 with a side right only when the sets of actor identities
   (``actor_id``, or the side key when the id is null; actors with neither are dropped) are
   equal; for a reciprocal gold event the pooled system identities must equal the gold ones;
6. also: modality confusion matrix, mode accuracy where the gold mode is set, date exact and
   same-month accuracy where the gold date is set (same month: equal up to the month, or up to
   the year when the gold date is a year), an "asserted only" view (events not asserted dropped
   on both sides before matching), and every figure per corpus and per split.

Reads only the repository files (items.jsonl and the two annotation files); ``--details`` also
reads the shared texts to print the disagreeing events (terminal only, never saved).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import events_texts as texts
from events_load import read_annotations, read_items
from events_schema import Actor, Annotation, Event, Item, Span

ITEMS = texts.REPO / "gold" / "events" / "items.jsonl"
MODALITIES = ("asserted", "future", "hypothetical", "negated")


# ---------------------------------------------------------------- events as scored


@dataclass(frozen=True)
class Scored:
    """One event reduced to what §8 compares."""

    item_id: str
    id: str
    type: str
    mode: str | None
    modality: str
    date: str | None
    spans: tuple[Span, ...]  # the trigger first, then the mentions
    order: tuple[int, int]  # (field index, trigger start): text order
    source_keys: frozenset[str]
    target_keys: frozenset[str]
    source_ids: frozenset[str]
    target_ids: frozenset[str]
    reciprocal: bool

    @property
    def trigger(self) -> Span:
        return self.spans[0]


def side_keys(actors: Iterable[Actor]) -> frozenset[str]:
    return frozenset(k for a in actors if (k := a.side_key()) is not None)


def identities(actors: Iterable[Actor]) -> frozenset[str]:
    return frozenset(i for a in actors if (i := a.actor_id or a.side_key()) is not None)


def scored(item: Item, ev: Event) -> Scored:
    fields = item.field_names()
    return Scored(
        item_id=item.item_id,
        id=ev.id,
        type=ev.type,
        mode=ev.mode,
        modality=ev.modality,
        date=ev.date,
        spans=(ev.trigger, *ev.mentions),
        order=(fields.index(ev.trigger.field), ev.trigger.start),
        source_keys=side_keys(ev.source),
        target_keys=side_keys(ev.target),
        source_ids=identities(ev.source),
        target_ids=identities(ev.target),
        reciprocal=ev.reciprocal,
    )


# ---------------------------------------------------------------- the rules of §8


def span_overlap(a: Span, b: Span) -> int:
    if a.field != b.field:
        return 0
    return max(0, min(a.end, b.end) - max(a.start, b.start))


def trigger_overlap(gold: Scored, system: Scored) -> int:
    """Largest overlap of the system trigger with the gold trigger or one of its mentions."""
    return max(span_overlap(g, system.trigger) for g in gold.spans)


def _side_right(gold: frozenset[str], system: frozenset[str], strict: bool) -> bool:
    if strict:
        return gold == system
    if not gold:
        return not system
    return bool(gold & system)


def sides_right(gold: Scored, system: Scored, strict: bool = False) -> tuple[bool, bool]:
    """(source right, target right) at side level (rule 3) or actor-id level (rule 5)."""
    g_src = gold.source_ids if strict else gold.source_keys
    g_tgt = gold.target_ids if strict else gold.target_keys
    s_src = system.source_ids if strict else system.source_keys
    s_tgt = system.target_ids if strict else system.target_keys
    if gold.reciprocal:
        pool = s_src | s_tgt
        wanted = g_src | g_tgt  # a reciprocal gold event has every party in its source
        if not wanted:
            return not pool, not pool
        if strict:
            return pool == wanted, pool == wanted
        shared = len(pool & wanted)
        return shared >= 1, shared >= min(2, len(wanted))
    return _side_right(g_src, s_src, strict), _side_right(g_tgt, s_tgt, strict)


@dataclass
class ItemMatch:
    pairs: list[tuple[Scored, Scored]]
    missed: list[Scored]  # gold events without a partner
    spurious: list[Scored]  # system events without a partner, duplicates excluded
    duplicates: list[Scored]


def match_item(gold: Sequence[Scored], system: Sequence[Scored]) -> ItemMatch:
    """One-to-one greedy matching of §8.1 for the events of one item."""
    gold = sorted(gold, key=lambda e: e.order)
    system = sorted(system, key=lambda e: e.order)
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_s: set[int] = set()
    # (a) same type, overlapping triggers, largest overlap first (ties: text order)
    cands = [
        (trigger_overlap(g, s), gi, si)
        for gi, g in enumerate(gold)
        for si, s in enumerate(system)
        if g.type == s.type and trigger_overlap(g, s) > 0
    ]
    for _, gi, si in sorted(cands, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used_g and si not in used_s:
            pairs.append((gi, si))
            used_g.add(gi)
            used_s.add(si)
    # (b) same type, source and target both right, in text order
    for gi, g in enumerate(gold):
        if gi in used_g:
            continue
        for si, s in enumerate(system):
            if si in used_s or s.type != g.type:
                continue
            if all(sides_right(g, s)):
                pairs.append((gi, si))
                used_g.add(gi)
                used_s.add(si)
                break
    matched_gold = [gold[gi] for gi in used_g]
    duplicates: list[Scored] = []
    spurious: list[Scored] = []
    for si, s in enumerate(system):
        if si in used_s:
            continue
        if any(g.type == s.type and trigger_overlap(g, s) > 0 for g in matched_gold):
            duplicates.append(s)
        else:
            spurious.append(s)
    return ItemMatch(
        pairs=[(gold[gi], system[si]) for gi, si in sorted(pairs)],
        missed=[g for gi, g in enumerate(gold) if gi not in used_g],
        spurious=spurious,
        duplicates=duplicates,
    )


# ---------------------------------------------------------------- counting


def same_month(gold: str, system: str | None) -> bool:
    if system is None:
        return False
    k = min(7, len(gold))
    return system[:k] == gold[:k]


def prf(tp: int, n_sys: int, n_gold: int) -> tuple[float | None, float | None, float | None]:
    p = tp / n_sys if n_sys else None
    r = tp / n_gold if n_gold else None
    if p is None or r is None:
        return p, r, None
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass
class Tally:
    items: int = 0
    items_both_empty: int = 0
    items_one_empty: int = 0
    gold: int = 0
    system: int = 0  # duplicates excluded
    duplicates: int = 0
    matched: int = 0
    source_ok: int = 0
    target_ok: int = 0
    full_ok: int = 0
    source_ok_strict: int = 0
    target_ok_strict: int = 0
    full_ok_strict: int = 0
    modality: Counter[tuple[str, str]] = field(default_factory=Counter)
    mode_n: int = 0
    mode_ok: int = 0
    date_n: int = 0
    date_exact: int = 0
    date_month: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [gold, system, matched]

    def _type(self, t: str) -> list[int]:
        return self.by_type.setdefault(t, [0, 0, 0])

    def add(self, gold: Sequence[Scored], system: Sequence[Scored], m: ItemMatch) -> None:
        self.items += 1
        if not gold and not system:
            self.items_both_empty += 1
        elif not gold or not system:
            self.items_one_empty += 1
        self.gold += len(gold)
        self.system += len(system) - len(m.duplicates)
        self.duplicates += len(m.duplicates)
        self.matched += len(m.pairs)
        for g in gold:
            self._type(g.type)[0] += 1
        dup_ids = {id(d) for d in m.duplicates}
        for s in system:
            if id(s) not in dup_ids:
                self._type(s.type)[1] += 1
        for g, s in m.pairs:
            self._type(g.type)[2] += 1
            src, tgt = sides_right(g, s)
            src_x, tgt_x = sides_right(g, s, strict=True)
            same_modality = g.modality == s.modality
            self.source_ok += src
            self.target_ok += tgt
            self.full_ok += src and tgt and same_modality
            self.source_ok_strict += src_x
            self.target_ok_strict += tgt_x
            self.full_ok_strict += src_x and tgt_x and same_modality
            self.modality[(g.modality, s.modality)] += 1
            if g.mode is not None:
                self.mode_n += 1
                self.mode_ok += g.mode == s.mode
            if g.date is not None:
                self.date_n += 1
                self.date_exact += g.date == s.date
                self.date_month += same_month(g.date, s.date)

    def figures(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return a / b if b else None

        p, r, f = prf(self.matched, self.system, self.gold)
        fp, fr, ff = prf(self.full_ok, self.system, self.gold)
        sp, sr, sf = prf(self.full_ok_strict, self.system, self.gold)
        return {
            "items": self.items,
            "items_both_empty": self.items_both_empty,
            "items_one_empty": self.items_one_empty,
            "gold_events": self.gold,
            "system_events": self.system,
            "duplicates": self.duplicates,
            "matched": self.matched,
            "type": {"p": p, "r": r, "f1": f},
            "source_acc": ratio(self.source_ok, self.matched),
            "target_acc": ratio(self.target_ok, self.matched),
            "full": {"p": fp, "r": fr, "f1": ff, "acc": ratio(self.full_ok, self.matched)},
            "source_acc_strict": ratio(self.source_ok_strict, self.matched),
            "target_acc_strict": ratio(self.target_ok_strict, self.matched),
            "full_strict": {
                "p": sp,
                "r": sr,
                "f1": sf,
                "acc": ratio(self.full_ok_strict, self.matched),
            },
            "mode_acc": ratio(self.mode_ok, self.mode_n),
            "mode_n": self.mode_n,
            "date_exact": ratio(self.date_exact, self.date_n),
            "date_month": ratio(self.date_month, self.date_n),
            "date_n": self.date_n,
            "modality_confusion": {f"{g}->{s}": n for (g, s), n in sorted(self.modality.items())},
            "by_type": {
                t: dict(
                    zip(
                        ("gold", "system", "matched", "p", "r", "f1"),
                        (*c, *prf(c[2], c[1], c[0])),
                        strict=True,
                    )
                )
                for t, c in sorted(self.by_type.items())
            },
        }


# ---------------------------------------------------------------- driver


@dataclass
class Comparison:
    """Everything scored for one pair of files."""

    views: dict[str, dict[str, Tally]]  # view -> group -> tally
    matches: dict[str, ItemMatch]  # item_id -> match of the "all events" view
    only_gold: list[str]  # annotated in the reference file only
    only_system: list[str]


def groups_of(item: Item) -> list[str]:
    return ["all", f"corpus={item.corpus}", f"split={item.split}"]


def compare(
    items: Sequence[Item],
    gold: Sequence[Annotation],
    system: Sequence[Annotation],
    double_only: bool = False,
) -> Comparison:
    by_id = {it.item_id: it for it in items}
    g_by = {a.item_id: a for a in gold}
    s_by = {a.item_id: a for a in system}
    for iid in [*g_by, *s_by]:
        if iid not in by_id:
            raise ValueError(f"{iid} is not in items.jsonl")
    shared = [
        it
        for it in items
        if it.item_id in g_by and it.item_id in s_by and (it.double or not double_only)
    ]
    views: dict[str, dict[str, Tally]] = {"all events": {}, "asserted only": {}}
    keep: dict[str, Callable[[Scored], bool]] = {
        "all events": lambda e: True,
        "asserted only": lambda e: e.modality == "asserted",
    }
    matches: dict[str, ItemMatch] = {}
    for it in shared:
        g_all = [scored(it, e) for e in g_by[it.item_id].events]
        s_all = [scored(it, e) for e in s_by[it.item_id].events]
        for view, ok in keep.items():
            g = [e for e in g_all if ok(e)]
            s = [e for e in s_all if ok(e)]
            m = match_item(g, s)
            if view == "all events":
                matches[it.item_id] = m
            for grp in groups_of(it):
                views[view].setdefault(grp, Tally()).add(g, s, m)
    only_g = [i for i in g_by if i not in s_by and (by_id[i].double or not double_only)]
    only_s = [i for i in s_by if i not in g_by and (by_id[i].double or not double_only)]
    return Comparison(views, matches, only_g, only_s)


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.3f}"


def _group_order(name: str) -> tuple[int, str]:
    return (0 if name == "all" else 1 if name.startswith("corpus") else 2, name)


def report(comp: Comparison, gold_name: str, system_name: str) -> list[str]:
    out = [f"reference (gold): {gold_name}", f"scored (system):  {system_name}"]
    if comp.only_gold or comp.only_system:
        out.append(
            f"not scored: {len(comp.only_gold)} items only in the reference, "
            f"{len(comp.only_system)} only in the scored file"
        )
    head = (
        f"  {'group':<14}{'items':>6}{'gold':>6}{'sys':>5}{'dup':>4}{'match':>6}"
        f"{'P':>7}{'R':>7}{'F1':>7} |{'src':>7}{'tgt':>7}{'fullF1':>7}{'acc':>7}"
        f" |{'srcX':>7}{'tgtX':>7}{'fullX':>7}{'accX':>7} |{'mode':>7}{'date':>7}{'month':>7}"
    )
    for view, groups in comp.views.items():
        out += ["", f"== {view}", head]
        for grp in sorted(groups, key=_group_order):
            f = groups[grp].figures()
            out.append(
                f"  {grp:<14}{f['items']:>6}{f['gold_events']:>6}{f['system_events']:>5}"
                f"{f['duplicates']:>4}{f['matched']:>6}"
                f"{_fmt(f['type']['p']):>7}{_fmt(f['type']['r']):>7}{_fmt(f['type']['f1']):>7} |"
                f"{_fmt(f['source_acc']):>7}{_fmt(f['target_acc']):>7}"
                f"{_fmt(f['full']['f1']):>7}{_fmt(f['full']['acc']):>7} |"
                f"{_fmt(f['source_acc_strict']):>7}{_fmt(f['target_acc_strict']):>7}"
                f"{_fmt(f['full_strict']['f1']):>7}{_fmt(f['full_strict']['acc']):>7} |"
                f"{_fmt(f['mode_acc']):>7}{_fmt(f['date_exact']):>7}{_fmt(f['date_month']):>7}"
            )
        allf = groups["all"].figures() if "all" in groups else None
        if allf is None:
            continue
        out.append(
            f"  items with no event in both: {allf['items_both_empty']}, "
            f"in one only: {allf['items_one_empty']}; "
            f"mode n={allf['mode_n']}, date n={allf['date_n']}"
        )
        out.append(
            "  modality (gold -> system): "
            + ", ".join(f"{k} {v}" for k, v in allf["modality_confusion"].items())
        )
        out.append(f"  {'type':<11}{'gold':>5}{'sys':>5}{'match':>6}{'P':>7}{'R':>7}{'F1':>7}")
        for t, c in allf["by_type"].items():
            out.append(
                f"  {t:<11}{c['gold']:>5}{c['system']:>5}{c['matched']:>6}"
                f"{_fmt(c['p']):>7}{_fmt(c['r']):>7}{_fmt(c['f1']):>7}"
            )
    out += [
        "",
        "columns: P/R/F1 type level; src/tgt side accuracy over matched pairs; fullF1/acc type+"
        "sides+modality; X = actor-id level (strict); mode, date exact, same month: accuracy "
        "over matched pairs where the gold value is set",
    ]
    return out


def details(
    comp: Comparison, items_path: Path, items: Sequence[Item], gold_path: Path, sys_path: Path
) -> list[str]:
    """Disagreements with their text (terminal only).

    ``~`` type matched but sides or modality differ, ``x`` only the actor ids differ, ``m`` mode,
    ``d`` date (both where the gold value is set), ``-`` gold only, ``+`` system only,
    ``=`` duplicate.
    """
    from events_load import load_gold

    texts_of: dict[str, dict[str, str]] = {}
    offsets: dict[str, dict[str, int]] = {}
    for rec in load_gold(items_path, gold_path):
        texts_of[rec.item.item_id] = rec.texts
        offsets[rec.item.item_id] = rec.offsets
    pos = {it.item_id: i + 1 for i, it in enumerate(items)}

    def txt(e: Scored) -> str:
        t = e.trigger
        return texts_of[e.item_id][t.field][t.start - offsets[e.item_id][t.field] :][
            : t.end - t.start
        ]

    def show(e: Scored) -> str:
        src = ",".join(sorted(e.source_keys)) or "-"
        tgt = "<recip>" if e.reciprocal else (",".join(sorted(e.target_keys)) or "-")
        return f"{e.type}/{e.mode or '-'} {e.modality} '{txt(e)}' {src}=>{tgt} [{e.date}]"

    def ids(e: Scored) -> str:
        tgt = "<recip>" if e.reciprocal else (",".join(sorted(e.target_ids)) or "-")
        return f"{','.join(sorted(e.source_ids)) or '-'}=>{tgt}"

    out = [f"disagreements: {gold_path.name} (gold) vs {sys_path.name} (system)"]
    for iid, m in sorted(comp.matches.items(), key=lambda kv: pos[kv[0]]):
        lines: list[str] = []
        for g, s in m.pairs:
            src, tgt = sides_right(g, s)
            src_x, tgt_x = sides_right(g, s, strict=True)
            if not (src and tgt and g.modality == s.modality):
                lines.append(f"    ~ {show(g)}  <>  {show(s)}")
            elif not (src_x and tgt_x):
                lines.append(f"    x ids: {ids(g)}  <>  {ids(s)}  ('{txt(g)}')")
            if g.mode is not None and g.mode != s.mode:
                lines.append(f"    m mode: {g.mode} <> {s.mode}  ('{txt(g)}')")
            if g.date is not None and g.date != s.date:
                lines.append(f"    d date: {g.date} <> {s.date}  ('{txt(g)}')")
        lines += [f"    - gold only: {show(g)}" for g in m.missed]
        lines += [f"    + system only: {show(s)}" for s in m.spurious]
        lines += [f"    = duplicate: {show(s)}" for s in m.duplicates]
        if lines:
            out.append(f"#{pos[iid]} {iid}")
            out += lines
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("gold", type=Path, help="reference annotation file")
    ap.add_argument("system", type=Path, help="annotation file scored against it")
    ap.add_argument("--items", type=Path, default=ITEMS)
    ap.add_argument("--double", action="store_true", help="only items flagged double")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--details", action="store_true", help="list disagreements (reads texts)")
    args = ap.parse_args(argv)
    items = read_items(args.items)
    comp = compare(items, read_annotations(args.gold), read_annotations(args.system), args.double)
    if args.json:
        payload = {
            "gold": str(args.gold),
            "system": str(args.system),
            "not_scored": {"only_gold": comp.only_gold, "only_system": comp.only_system},
            "views": {
                v: {
                    g: t.figures()
                    for g, t in sorted(gs.items(), key=lambda kv: _group_order(kv[0]))
                }
                for v, gs in comp.views.items()
            },
        }
        sys.stdout.write(json.dumps(payload, indent=1) + "\n")
    else:
        sys.stdout.write("\n".join(report(comp, str(args.gold), str(args.system))) + "\n")
    if args.details:
        sys.stdout.write(
            "\n" + "\n".join(details(comp, args.items, items, args.gold, args.system)) + "\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
