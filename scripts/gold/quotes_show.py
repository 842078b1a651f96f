"""Print a unit of the quote gold standard with its context, read from ``../shared``.

    .venv/bin/python scripts/gold/quotes_show.py UNIT_ID [--ann a] [--before 1500] [--after 400]
    .venv/bin/python scripts/gold/quotes_show.py --rank 12 [--to 20]       # units by stream rank
    .venv/bin/python scripts/gold/quotes_show.py --next a [--count 5]      # next units to annotate

Shows the document's title, date and outlet, the text before the unit (to resolve who "he" is,
or whose speech a transcript passage continues), the unit itself between ``>>>`` and ``<<<``
with the offset of each printed line, and the text after it. ``--ann`` adds an annotator's
attributions with their spans' text. Nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import sys
import textwrap

from quotes_load import annotations_path, load_annotations, load_units
from quotes_schema import Span, Unit, UnitAnnotation
from quotes_texts import get_doc

WIDTH = 100


def _wrapped(text: str, offset: int, prefix: str) -> list[str]:
    """Lines of at most WIDTH characters, each headed by the offset of its first character."""
    out: list[str] = []
    pos = 0
    for para in text.split("\n"):
        if not para.strip():
            pos += len(para) + 1
            continue
        chunks = textwrap.wrap(para, WIDTH - 12, break_long_words=True, drop_whitespace=False)
        local = 0
        for chunk in chunks:
            out.append(f"{prefix}{offset + pos + local:>7} | {chunk}")
            local += len(chunk)
        pos += len(para) + 1
    return out


def _span(text: str, span: Span | None) -> str:
    if span is None:
        return "-"
    body = text[span.start : span.end]
    if len(body) > 160:
        body = body[:75] + " [...] " + body[-75:]
    return f"{span.start}-{span.end} «{body}»"


def show(unit: Unit, ann: UnitAnnotation | None, before: int, after: int) -> str:
    doc = get_doc(unit.doc_id)
    text = doc.text
    rows = [
        "=" * WIDTH,
        f"{unit.unit_id}  rank {unit.rank}  {unit.source}  split {unit.split}"
        f"{'  DOUBLE' if unit.double else ''}",
        f"title: {doc.title}" if unit.source != "ruwa" else "",
        f"date: {doc.date}  outlet: {doc.outlet}  url: {doc.url}",
        "-" * WIDTH,
    ]
    lo = max(0, unit.start - before)
    if before and lo < unit.start:
        if unit.source == "seed":
            lo = text.rfind("\n", 0, max(0, unit.start - before)) + 1
        rows += _wrapped(text[lo : unit.start], lo, "  ctx ")
        rows.append("")
    rows.append(">>>")
    rows += _wrapped(text[unit.start : unit.end], unit.start, "      ")
    rows.append("<<<")
    hi = min(len(text), unit.end + after)
    if after and hi > unit.end:
        rows.append("")
        rows += _wrapped(text[unit.end : hi], unit.end, "  ctx ")
    if ann is not None:
        rows += ["-" * WIDTH, f"annotator {ann.annotator}: {len(ann.attributions)} attributions"]
        for i, a in enumerate(ann.attributions):
            sp = a.speaker
            who = "null" if sp is None else f"{sp.actor_id} ({sp.name}; {sp.country}/{sp.sector})"
            flags = [f for f, on in (("embedded", a.embedded), ("conduit", a.conduit)) if on]
            if a.continues is not None:
                flags.append(f"continues #{a.continues}")
            rows.append(f"#{i} {a.kind} speaker={who} {' '.join(flags)}")
            rows.append(f"    cue     {_span(text, a.cue)}")
            rows.append(f"    source  {_span(text, a.source)}")
            rows.append(f"    content {_span(text, a.content)}")
            if a.addressee:
                rows.append(f"    addressee {a.addressee.actor_id} ({a.addressee.name})")
            if a.co_speakers:
                rows.append(f"    co-speakers {[c.actor_id for c in a.co_speakers]}")
        if ann.notes:
            rows.append(f"notes: {ann.notes}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("unit_id", nargs="?")
    ap.add_argument("--rank", type=int, help="show the unit of this stream rank")
    ap.add_argument("--to", type=int, help="with --rank: show ranks up to this one")
    ap.add_argument("--next", metavar="ANNOTATOR", help="the first units not yet annotated")
    ap.add_argument("--count", type=int, default=5)
    ap.add_argument("--double", action="store_true", help="with --next: only double units")
    ap.add_argument("--ann", metavar="ANNOTATOR", help="also print this annotator's attributions")
    ap.add_argument("--before", type=int, default=1500, help="characters of context before")
    ap.add_argument("--after", type=int, default=400, help="characters of context after")
    args = ap.parse_args(argv)
    units = load_units()
    if args.unit_id:
        chosen = [u for u in units if u.unit_id == args.unit_id]
    elif args.rank is not None:
        last = args.to if args.to is not None else args.rank
        chosen = [u for u in units if args.rank <= u.rank <= last]
    elif args.next:
        path = annotations_path(args.next)
        done = {a.unit_id for a in load_annotations(args.next)} if path.exists() else set()
        todo = [u for u in units if u.unit_id not in done and (u.double or not args.double)]
        chosen = todo[: args.count]
    else:
        ap.error("give a UNIT_ID, --rank or --next")
    if not chosen:
        ap.error("no such unit")
    anns: dict[str, UnitAnnotation] = {}
    if args.ann and annotations_path(args.ann).exists():
        anns = {a.unit_id: a for a in load_annotations(args.ann)}
    for u in chosen:
        sys.stdout.write(show(u, anns.get(u.unit_id), args.before, args.after) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
