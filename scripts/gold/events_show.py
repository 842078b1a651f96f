"""Print items of the event gold standard for the annotator (text read from ../shared).

    .venv/bin/python scripts/gold/events_show.py ITEM_ID [ITEM_ID ...] [--context N]
    .venv/bin/python scripts/gold/events_show.py --batch 1-20 [--context N]  # 1-based positions

For a RUWA item: site, date, title and desc. For a sentence item: the release title, outlet and
date (or the seed file and its date), then N sentences before and after, the item's sentence
between ``>>>`` and ``<<<``. The text printed is for reading only: never paste it into the
repository (drafts live in /work/gold-drafts/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import events_texts as texts
from events_load import document_text, read_items
from events_schema import Item

ITEMS = texts.REPO / "gold" / "events" / "items.jsonl"


def render(item: Item, pos: int, context: int, shared: Path = texts.SHARED) -> str:
    flags = f"split={item.split}" + (" double" if item.double else "")
    head = f"#{pos} {item.item_id}  [{item.corpus}] doc={item.doc} doc_date={item.doc_date} {flags}"
    lines = [head]
    if item.corpus == "ruwa":
        row = texts.ruwa_rows(shared)[str(item.doc)]
        lines.append(f"  site: {row.site}   url: {row.src}")
        lines.append(f"  title: {row.title}")
        lines.append(f"  desc:  {row.desc}")
        return "\n".join(lines)
    full = document_text(item, shared)["text"]
    if item.corpus == "pres":
        rel = texts.releases(shared)[int(item.doc)]
        lines.append(f"  release: {rel.title!r}  ({rel.outlet}, {rel.date})")
    else:
        own = texts.seed_date(str(item.doc), shared)
        lines.append(f"  seed file: {item.doc}  (own date: {own})")
    sents = texts.split_sentences(full)
    idx = next(i for i, s in enumerate(sents) if s.start == item.start)
    for i in range(max(0, idx - context), min(len(sents), idx + context + 1)):
        s = sents[i]
        body = full[s.start : s.end]
        if i == idx:
            lines.append(f"  >>> [{s.start}-{s.end}] {body} <<<")
        else:
            lines.append(f"      {body}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("item_ids", nargs="*")
    ap.add_argument("--batch", help="positions in items.jsonl, 1-based, e.g. 21-40")
    ap.add_argument("--context", type=int, default=2, help="sentences before/after (default 2)")
    ap.add_argument("--items", type=Path, default=ITEMS)
    args = ap.parse_args(argv)
    items = read_items(args.items)
    pos = {it.item_id: i + 1 for i, it in enumerate(items)}
    chosen: list[Item] = []
    if args.batch:
        lo, _, hi = args.batch.partition("-")
        chosen += items[int(lo) - 1 : int(hi or lo)]
    by_id = {it.item_id: it for it in items}
    for iid in args.item_ids:
        if iid not in by_id:
            sys.stderr.write(f"unknown item {iid}\n")
            return 1
        chosen.append(by_id[iid])
    for it in chosen:
        sys.stdout.write(render(it, pos[it.item_id], args.context) + "\n\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
