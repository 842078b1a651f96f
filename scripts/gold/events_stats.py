"""Counts for the event gold standard: items by corpus and split, events by type and modality.

    .venv/bin/python scripts/gold/events_stats.py [gold/events/annotations_a.jsonl ...]

Reads only the repository files (items.jsonl and the annotation files): no shared text needed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import events_texts as texts
from events_load import read_annotations, read_items

ITEMS = texts.REPO / "gold" / "events" / "items.jsonl"


def table(counter: Mapping[str, int] | Counter[Any], title: str) -> list[str]:
    lines = [f"{title}:"]
    lines += [f"  {k:<28} {v:>5}" for k, v in sorted(counter.items(), key=lambda kv: -kv[1])]
    lines.append(f"  {'total':<28} {sum(counter.values()):>5}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("annotations", nargs="*", type=Path)
    ap.add_argument("--items", type=Path, default=ITEMS)
    args = ap.parse_args(argv)
    items = read_items(args.items)
    by_id = {it.item_id: it for it in items}
    out = table(Counter(f"{it.corpus}/{it.split}" for it in items), "items (corpus/split)")
    out += table(Counter(it.corpus for it in items if it.double), "double items (corpus)")
    for path in args.annotations:
        anns = read_annotations(path)
        out.append(f"\n== {path}")
        out += table(Counter(by_id[a.item_id].corpus for a in anns), "annotated items (corpus)")
        empty = Counter(by_id[a.item_id].corpus for a in anns if not a.events)
        out += table(empty, "items without events (corpus)")
        events = [(by_id[a.item_id], e) for a in anns for e in a.events]
        by_split = Counter(f"{it.corpus}/{it.split}" for it, _ in events)
        out += table(by_split, "events (corpus/split)")
        out += table(Counter(str(e.type) for _, e in events), "events by type")
        out += table(Counter(str(e.modality) for _, e in events), "events by modality")
        no_src = Counter(str(e.type) for _, e in events if not e.source)
        out += table(no_src, "events without a source (type)")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
