"""Print resolved annotations with their text, for checking a batch or comparing annotators.

    .venv/bin/python scripts/gold/events_review.py gold/events/annotations_a.jsonl [--batch 1-20]
    .venv/bin/python scripts/gold/events_review.py annotations_a.jsonl annotations_c.jsonl \\
        --batch 1-320 --double    # both annotators' events for the items they share

Each item shows its text with its position in items.jsonl, then one line per event:
``TYPE/mode modality  trigger -> source => target  [date] (reported_by)``, where each actor is
``span text{side key}``. Reads the shared texts; prints to the terminal only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import events_texts as texts
from events_load import GoldActor, GoldEvent, GoldItem, load_gold, read_items

ITEMS = texts.REPO / "gold" / "events" / "items.jsonl"


def _actor(a: GoldActor) -> str:
    name = a.text if a.text is not None else "(context)"
    ident = a.actor_id or "-"
    return f"{name}{{{a.side_key or '?'}|{ident}|{a.sector or '-'}}}"


def event_line(e: GoldEvent) -> str:
    src = ", ".join(_actor(a) for a in e.source) or "[]"
    tgt = ", ".join(_actor(a) for a in e.target) or ("<reciprocal>" if e.reciprocal else "[]")
    rep = f" (by {_actor(e.reported_by)})" if e.reported_by else ""
    men = f" +{e.mention_texts}" if e.mention_texts else ""
    return (
        f"    {e.id} {e.type}/{e.mode or '-'} {e.modality}  '{e.trigger_text}'{men}"
        f"  {src} => {tgt}  [{e.date}]{rep}"
    )


def render(g: GoldItem, pos: int) -> list[str]:
    lines = [f"#{pos} {g.item.item_id} ({g.annotator})"]
    for fld, txt in g.texts.items():
        lines.append(f"  {fld}: {txt}")
    lines.extend(event_line(e) for e in g.events)
    if g.notes:
        lines.append(f"    notes: {g.notes}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("annotations", nargs="+", type=Path)
    ap.add_argument("--items", type=Path, default=ITEMS)
    ap.add_argument("--batch", help="1-based positions, e.g. 1-20")
    ap.add_argument("--double", action="store_true", help="only items present in every file")
    args = ap.parse_args(argv)
    items = read_items(args.items)
    pos = {it.item_id: i + 1 for i, it in enumerate(items)}
    lo, hi = 1, len(items)
    if args.batch:
        a, _, b = args.batch.partition("-")
        lo, hi = int(a), int(b or a)
    golds = [{g.item.item_id: g for g in load_gold(args.items, p)} for p in args.annotations]
    ids = [it.item_id for it in items if lo <= pos[it.item_id] <= hi]
    out: list[str] = []
    for iid in ids:
        have = [g[iid] for g in golds if iid in g]
        if not have or (args.double and len(have) < len(golds)):
            continue
        out.extend(render(have[0], pos[iid]))
        for g in have[1:]:
            out.append(f"  -- {g.annotator}:")
            out.extend(event_line(e) for e in g.events)
        out.append("")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
