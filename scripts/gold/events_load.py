"""Load the event gold standard with its text recovered from ``../shared``.

For the evaluation code::

    import sys; sys.path.insert(0, "scripts/gold")
    from events_load import load_gold
    gold = load_gold("gold/events/items.jsonl", "gold/events/annotations_a.jsonl")
    for rec in gold:            # one GoldItem per annotated item, in items.jsonl order
        rec.item.item_id, rec.texts            # {"title": ..., "desc": ...} or {"text": sentence}
        for ev in rec.events:                  # GoldEvent
            ev.type, ev.modality, ev.trigger_text, [a.side_key for a in ev.source]

``rec.texts`` maps each field to the annotated part of it (the whole cell for RUWA, the
sentence for the others) and ``rec.offsets[field]`` is where that part starts in the full field,
so ``span.start - rec.offsets[span.field]`` is a position inside ``rec.texts[span.field]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import events_texts as texts
from events_schema import Actor, Annotation, Event, Item, Span


@dataclass(frozen=True)
class Region:
    """The annotatable part of one field of an item."""

    field: str
    full: str  # the whole field text (a release's text, a seed file, a RUWA cell)
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.full[self.start : self.end]


def document_text(item: Item, shared: Path = texts.SHARED) -> dict[str, str]:
    """Every field of the item's document, whole."""
    if item.corpus == "ruwa":
        row = texts.ruwa_rows(shared)[str(item.doc)]
        return {"title": row.title, "desc": row.desc}
    if item.corpus == "pres":
        return {"text": texts.releases(shared)[int(item.doc)].text}
    return {"text": texts.seed_text(str(item.doc), shared)}


def regions(item: Item, shared: Path = texts.SHARED) -> list[Region]:
    full = document_text(item, shared)
    if item.corpus == "ruwa":
        return [Region(f, full[f], 0, len(full[f])) for f in item.field_names()]
    assert item.field is not None and item.start is not None and item.end is not None
    return [Region(item.field, full[item.field], item.start, item.end)]


def read_items(path: str | Path) -> list[Item]:
    with open(path, encoding="utf-8") as fh:
        return [Item.model_validate_json(line) for line in fh if line.strip()]


def read_annotations(path: str | Path) -> list[Annotation]:
    with open(path, encoding="utf-8") as fh:
        return [Annotation.model_validate_json(line) for line in fh if line.strip()]


@dataclass
class GoldActor:
    text: str | None
    actor_id: str | None
    country: str | None
    org: str | None
    sector: str | None
    side_key: str | None
    span: Span | None


@dataclass
class GoldEvent:
    id: str
    type: str
    mode: str | None
    modality: str
    trigger: Span
    trigger_text: str
    mentions: list[Span]
    mention_texts: list[str]
    source: list[GoldActor]
    target: list[GoldActor]
    date: str | None
    reported_by: GoldActor | None
    note: str | None
    reciprocal: bool

    @property
    def date_precision(self) -> str | None:
        if self.date is None:
            return None
        return {4: "year", 7: "month", 10: "day"}[len(self.date)]


@dataclass
class GoldItem:
    item: Item
    annotator: str
    texts: dict[str, str]
    offsets: dict[str, int]
    events: list[GoldEvent] = field(default_factory=list)
    notes: str | None = None


def span_text(span: Span, regs: Iterable[Region]) -> str:
    for r in regs:
        if r.field == span.field:
            if not (r.start <= span.start and span.end <= r.end):
                raise ValueError(f"span {span} lies outside the item ({r.start}-{r.end})")
            return r.full[span.start : span.end]
    raise ValueError(f"span {span} names a field the item does not have")


def _actor(a: Actor, regs: list[Region]) -> GoldActor:
    return GoldActor(
        text=span_text(a.span, regs) if a.span else None,
        actor_id=a.actor_id,
        country=a.country,
        org=a.org,
        sector=a.sector,
        side_key=a.side_key(),
        span=a.span,
    )


def _event(e: Event, regs: list[Region]) -> GoldEvent:
    return GoldEvent(
        id=e.id,
        type=e.type,
        mode=e.mode,
        modality=e.modality,
        trigger=e.trigger,
        trigger_text=span_text(e.trigger, regs),
        mentions=list(e.mentions),
        mention_texts=[span_text(m, regs) for m in e.mentions],
        source=[_actor(a, regs) for a in e.source],
        target=[_actor(a, regs) for a in e.target],
        date=e.date,
        reported_by=_actor(e.reported_by, regs) if e.reported_by else None,
        note=e.note,
        reciprocal=e.reciprocal,
    )


def load_gold(
    items_path: str | Path,
    annotations_path: str | Path,
    shared: Path = texts.SHARED,
) -> list[GoldItem]:
    """Annotated items (in items.jsonl order) with texts and event spans filled in."""
    items = {it.item_id: it for it in read_items(items_path)}
    order = {iid: i for i, iid in enumerate(items)}
    out: list[GoldItem] = []
    for ann in read_annotations(annotations_path):
        if ann.item_id not in items:
            raise ValueError(f"{ann.item_id} is not in {items_path}")
        item = items[ann.item_id]
        regs = regions(item, shared)
        out.append(
            GoldItem(
                item=item,
                annotator=ann.annotator,
                texts={r.field: r.text for r in regs},
                offsets={r.field: r.start for r in regs},
                events=[_event(e, regs) for e in ann.events],
                notes=ann.notes,
            )
        )
    out.sort(key=lambda g: order[g.item.item_id])
    return out


def main() -> int:
    """Smoke test: ``events_load.py ITEMS ANNOTATIONS`` prints counts (stdout)."""
    import sys

    gold = load_gold(sys.argv[1], sys.argv[2])
    n_events = sum(len(g.events) for g in gold)
    sys.stdout.write(json.dumps({"items": len(gold), "events": n_events}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
