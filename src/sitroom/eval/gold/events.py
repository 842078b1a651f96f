"""Score sitroom's events on our real-news event gold (``gold/events/``).

:func:`evaluate_gold_events` loads the items and annotations (for each item the first
annotator in priority order that covers it), runs sitroom in process on the documents behind
the items (:mod:`sitroom.eval.gold.system`), keeps the system events whose trigger starts inside
an item's region (a RUWA title or desc cell, a sentence), converts their trigger and actor spans
to the shared text's ``(field, offset)`` coordinates and scores them with GUIDELINE §8
(:mod:`sitroom.eval.gold.events_score`), per split and per corpus. It also scores the seeds'
key events (``seeds_key_events.jsonl``): the share found with the right type, dyad and modality.

System side keys follow GUIDELINE §6.5 as the gold's :meth:`Actor.side_key` does, from the
system's ``{actor_id, country, sector}``: the ``org`` is the actor id of an international
organisation (no country in the actor base), an armed group or a breakaway authority, or the
organisation a person's role on the event date belongs to (Stoltenberg: NATO).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.errors import E, SitroomError
from sitroom.eval.gold.common import (
    SPLITS,
    SplitChoice,
    annotation_files,
    read_jsonl,
    wanted,
    write_jsonl,
)
from sitroom.eval.gold.events_score import (
    ItemCase,
    ScoredEvent,
    Side,
    Trigger,
    confident,
    match_item,
    score_cases,
    sides_right,
)
from sitroom.eval.gold.schema import CORPORA, Actor, Annotation, Event, Item, KeyEvent, side_key
from sitroom.eval.gold.system import (
    Placement,
    SystemDoc,
    document_counts,
    pieces_of,
    place,
    release_document,
    run_system,
    ruwa_document,
    seed_document,
)
from sitroom.eval.gold.texts import SEEDS_DIR, SharedTexts, split_sentences
from sitroom.extract.actors.base import ActorBase, parse_date, role_on
from sitroom.ingest.decode import Item as DocItem
from sitroom.records import Event as SysEvent
from sitroom.records import Mention

SIDE_ORG_KINDS = frozenset({"armed group", "separatist"})
#: Side-defining organisations of the guideline that the actor base does not hold.
EXTENSION_ORGS = frozenset({"WEST", "WAGNER"})


# --------------------------------------------------------------------------- gold


@dataclass
class GoldItem:
    item: Item
    annotator: str
    full: dict[str, str]  # every field of the item's document, whole
    region: dict[str, tuple[int, int]]  # the annotated part of each field
    events: list[Event] = field(default_factory=list)

    def text(self, fld: str, start: int, end: int) -> str:
        return self.full[fld][start:end]


def document_fields(item: Item, texts: SharedTexts) -> dict[str, str]:
    if item.corpus == "ruwa":
        row = texts.ruwa_rows.get(str(item.doc))
        if row is None:
            raise SitroomError(E.E043, name="RUWA row", value=item.doc, detail="not in ../shared")
        return {"title": row.title, "desc": row.desc}
    if item.corpus == "pres":
        return {"text": texts.releases[int(item.doc)].text}
    return {"text": texts.seed_text(str(item.doc))}


def _regions(item: Item, full: dict[str, str]) -> dict[str, tuple[int, int]]:
    if item.corpus == "ruwa":
        return {f: (0, len(full[f])) for f in item.field_names()}
    assert item.field is not None and item.start is not None and item.end is not None
    return {item.field: (item.start, item.end)}


def _check_spans(ann: Annotation, region: dict[str, tuple[int, int]]) -> None:
    for ev in ann.events:
        actors = [*ev.source, *ev.target, *([ev.reported_by] if ev.reported_by else [])]
        spans = [ev.trigger, *ev.mentions, *(a.span for a in actors if a.span is not None)]
        for span in spans:
            lo, hi = region.get(span.field, (0, -1))
            if not (lo <= span.start and span.end <= hi):
                raise SitroomError(
                    E.E043,
                    name="span",
                    value=f"{ann.item_id} {ev.id} {span.field}:{span.start}-{span.end}",
                    detail="it lies outside the item",
                )


def load_gold(
    gold_dir: Path, texts: SharedTexts, annotators: Sequence[str] | None = None
) -> list[GoldItem]:
    """Annotated items in ``items.jsonl`` order, each from the first annotator covering it."""
    items = {it.item_id: it for it in read_jsonl(gold_dir / "items.jsonl", Item)}
    chosen: dict[str, Annotation] = {}
    for _name, path in annotation_files(gold_dir, annotators):
        for ann in read_jsonl(path, Annotation):
            if ann.item_id not in items:
                raise SitroomError(E.E043, name="item id", value=ann.item_id, detail=f"in {path}")
            chosen.setdefault(ann.item_id, ann)
    out: list[GoldItem] = []
    for item_id, item in items.items():
        picked = chosen.get(item_id)
        if picked is None:
            continue
        full = document_fields(item, texts)
        region = _regions(item, full)
        _check_spans(picked, region)
        out.append(GoldItem(item, picked.annotator, full, region, list(picked.events)))
    return out


def _gold_side(a: Actor) -> Side:
    key = a.side_key()
    return Side(key, a.actor_id or key)


def gold_event(g: GoldItem, e: Event) -> ScoredEvent:
    def actors(lst: list[Actor]) -> list[dict[str, Any]]:
        return [
            {
                "text": g.text(a.span.field, a.span.start, a.span.end) if a.span else None,
                "side": a.side_key(),
                "id": a.actor_id,
            }
            for a in lst
        ]

    info = {
        "id": e.id,
        "trigger": g.text(e.trigger.field, e.trigger.start, e.trigger.end),
        "mentions": [g.text(m.field, m.start, m.end) for m in e.mentions],
        "source": actors(e.source),
        "target": actors(e.target),
    }
    return ScoredEvent(
        type=e.type,
        modality=e.modality,
        triggers=tuple(Trigger(s.field, s.start, s.end) for s in [e.trigger, *e.mentions]),
        source=tuple(_gold_side(a) for a in e.source),
        target=tuple(_gold_side(a) for a in e.target),
        mode=e.mode,
        reciprocal=e.reciprocal,
        date=e.date,
        info=info,
    )


# --------------------------------------------------------------------------- system sides


class SideKeys:
    """System actors' side keys (GUIDELINE §6.5) with the actor base the system used."""

    def __init__(self, base: ActorBase) -> None:
        self.base = base

    def org(self, actor_id: str, on: str | None) -> str | None:
        if actor_id in EXTENSION_ORGS:
            return actor_id
        org = self.base.orgs.get(actor_id)
        if org is not None:
            return actor_id if not org.country or org.kind in SIDE_ORG_KINDS else None
        person = self.base.people.get(actor_id)
        if person is not None:
            role = role_on(person, parse_date(on) if on and len(on) == 10 else None)
            return role.org if role is not None else None
        return None

    def side(self, m: Mention, on: str | None) -> Side:
        if m.actor is None:
            return Side(None, None)
        a = m.actor
        key = side_key(self.org(a.actor_id, on), a.country, a.sector)
        return Side(key, a.actor_id or key)


def system_date(ev: SysEvent) -> str | None:
    if ev.date is None:
        return None
    cut = {"year": 4, "month": 7}.get(ev.date_precision, 10)
    return None if ev.date_precision == "unknown" else ev.date[:cut]


def system_event(
    ev: SysEvent, place_: Placement, keys: SideKeys, doc_date: str | None
) -> ScoredEvent | None:
    """The system event on the item's coordinates, or None when its trigger is outside."""
    trig = ev.evidence.trigger
    at = place_.piece_at(trig.start)
    if at is None:
        return None
    span = at.map_span(trig.start, min(trig.end, at.nend))
    if span is None:
        return None
    on = ev.date if ev.date_precision == "day" else doc_date

    def info(ms: list[Mention]) -> list[dict[str, Any]]:
        return [
            {"text": m.text, "side": keys.side(m, on).key, "id": m.actor and m.actor.actor_id}
            for m in ms
        ]

    return ScoredEvent(
        type=ev.type,
        modality=ev.modality,
        triggers=(Trigger(at.piece.key, *span),),
        source=tuple(keys.side(m, on) for m in ev.source),
        target=tuple(keys.side(m, on) for m in ev.target),
        mode=ev.mode,
        date=system_date(ev),
        confidence=ev.confidence,
        info={"trigger": trig.text, "source": info(ev.source), "target": info(ev.target)},
    )


# --------------------------------------------------------------------------- documents


def doc_key(item: Item) -> str:
    return f"{item.corpus}:{item.doc}"


def build_documents(
    gold: Sequence[GoldItem], texts: SharedTexts, settings: Settings
) -> dict[str, DocItem]:
    """The documents behind the items, plus the five seeds (for the key events)."""
    docs: dict[str, DocItem] = {}
    ing = settings.ingest
    for g in gold:
        key, it = doc_key(g.item), g.item
        if key in docs:
            continue
        if it.corpus == "ruwa":
            docs[key] = ruwa_document(texts.ruwa_rows[str(it.doc)], ing, key)
        elif it.corpus == "pres":
            docs[key] = release_document(texts.releases[int(it.doc)], ing, key)
    for name in texts.seed_names():
        docs[f"seed:{name}"] = seed_document(texts.path(SEEDS_DIR / name))
    return docs


def placement(g: GoldItem, sysdoc: SystemDoc) -> Placement:
    fields = list(g.region)
    total = sum(len(g.full[f]) + 2 for f in fields)
    pieces = []
    base = 0
    for f in fields:
        lo, hi = g.region[f]
        pieces += pieces_of(f, g.full[f], lo, hi, base=base, total=total)
        base += len(g.full[f]) + 2
    return place(sysdoc.text, pieces)


def item_case(g: GoldItem, sysdoc: SystemDoc, keys: SideKeys) -> ItemCase:
    where = placement(g, sysdoc)
    events = sysdoc.extraction.events if sysdoc.extraction is not None else []
    mapped = [system_event(ev, where, keys, g.item.doc_date) for ev in events]
    texts = {f: g.full[f][lo:hi] for f, (lo, hi) in g.region.items()}
    info = {
        "annotator": g.annotator,
        "texts": texts,
        "lost_lines": [p.text for p in where.lost],
        "not_processed": sysdoc.rejected or (None if sysdoc.extraction else "not English"),
    }
    return ItemCase(
        item_id=g.item.item_id,
        corpus=g.item.corpus,
        split=g.item.split,
        gold=[gold_event(g, e) for e in g.events],
        system=[m for m in mapped if m is not None],
        fields=tuple(g.region),
        located=where.complete,
        info=info,
    )


# --------------------------------------------------------------------------- key events


def seed_events(
    name: str, texts: SharedTexts, sysdoc: SystemDoc, keys: SideKeys
) -> list[ScoredEvent]:
    """The system events of a seed, on the seed file's coordinates (field ``text``)."""
    text = texts.seed_text(name)
    where = place(sysdoc.text, pieces_of("text", text, 0, len(text)))
    evs = sysdoc.extraction.events if sysdoc.extraction is not None else []
    on = texts.seed_date(name)
    return [m for ev in evs if (m := system_event(ev, where, keys, on)) is not None]


def key_events(
    path: Path, texts: SharedTexts, sysdocs: dict[str, SystemDoc], keys: SideKeys
) -> dict[str, Any]:
    """Share of the seeds' key events found with the right type, dyad and modality: a system
    event of the type whose trigger overlaps the key trigger, or lies in its sentence."""
    if not path.is_file():
        return {"n": 0, "note": f"{path} not found"}
    rows = read_jsonl(path, KeyEvent)
    counts: dict[str, dict[str, int]] = {v: {} for v in ("trigger_overlap", "same_sentence")}
    found: dict[str, list[ScoredEvent]] = {}
    for k in rows:
        if k.seed not in found:
            found[k.seed] = seed_events(k.seed, texts, sysdocs[f"seed:{k.seed}"], keys)
        sentences = split_sentences(texts.seed_text(k.seed))
        sent = next((s for s in sentences if s.start <= k.start < s.end), None)
        gold = ScoredEvent(
            type=k.type,
            modality=k.modality,
            triggers=(Trigger("text", k.start, k.end),),
            source=tuple(Side(x, x) for x in k.source),
            target=tuple(Side(x, x) for x in k.target),
        )
        whole = (sent.start, sent.end) if sent is not None else (k.start, k.end)
        for variant, (lo, hi) in (("trigger_overlap", (k.start, k.end)), ("same_sentence", whole)):
            cands = [
                m
                for m in found[k.seed]
                if m.type == k.type and m.triggers[0].start < hi and lo < m.triggers[0].end
            ]
            _count_key(counts[variant], gold, cands)
    n = len(rows)
    return {
        "n": n,
        **{
            variant: {what: round(c.get(what, 0) / n, 4) if n else None for what in _KEY_FIGURES}
            for variant, c in counts.items()
        },
    }


_KEY_FIGURES = ("type", "type_dyad", "type_modality", "type_dyad_modality")


def _count_key(c: dict[str, int], gold: ScoredEvent, cands: list[ScoredEvent]) -> None:
    dyad = [m for m in cands if all(sides_right(gold, m))]
    for what, hit in (
        ("type", bool(cands)),
        ("type_dyad", bool(dyad)),
        ("type_modality", any(m.modality == gold.modality for m in cands)),
        ("type_dyad_modality", any(m.modality == gold.modality for m in dyad)),
    ):
        c[what] = c.get(what, 0) + hit


# --------------------------------------------------------------------------- report


def grouped(cases: Sequence[ItemCase], split: SplitChoice, threshold: float) -> dict[str, Any]:
    """Figures per split (and both together for ``all``), each overall and per corpus."""
    halves = [s for s in SPLITS if wanted(s, split)] + (["all"] if split == "all" else [])
    out: dict[str, Any] = {}
    for half in halves:
        part = [c for c in cases if half == "all" or c.split == half]
        block: dict[str, Any] = {"all": _figures(part, threshold)}
        for corpus in CORPORA:
            sub = [c for c in part if c.corpus == corpus]
            if sub:
                block[corpus] = _figures(sub, threshold)
        out[half] = block
    return out


def _figures(cases: Sequence[ItemCase], threshold: float) -> dict[str, Any]:
    out = score_cases(cases)
    if threshold > 0:
        out["at_min_confidence"] = score_cases([confident(c, threshold) for c in cases])
    return out


def error_records(cases: Sequence[ItemCase]) -> list[dict[str, Any]]:
    """Per item with any error: its texts, gold and system events, and what went wrong."""
    out: list[dict[str, Any]] = []
    for c in cases:
        m = match_item(c.gold, c.system, c.fields)
        pairs = []
        for gi, si in m.pairs:
            g, s = c.gold[gi], c.system[si]
            src, tgt = sides_right(g, s)
            wrong = [
                w
                for w, ok in (
                    ("source", src),
                    ("target", tgt),
                    ("modality", g.modality == s.modality),
                )
                if not ok
            ]
            if wrong:
                pairs.append({"gold": _show(g), "system": _show(s), "wrong": wrong})
        if not (pairs or m.missed or m.false_positives or not c.located):
            continue
        out.append(
            {
                "item_id": c.item_id,
                "corpus": c.corpus,
                "split": c.split,
                **c.info,
                "missed": [_show(c.gold[i]) for i in m.missed],
                "false_positives": [_show(c.system[i]) for i in m.false_positives],
                "wrong_pairs": pairs,
                "duplicates": [_show(c.system[i]) for i in m.duplicates],
            }
        )
    return out


def _show(e: ScoredEvent) -> dict[str, Any]:
    return {
        "type": e.type,
        "mode": e.mode,
        "modality": e.modality,
        "reciprocal": e.reciprocal,
        "date": e.date,
        "confidence": round(e.confidence, 3),
        **e.info,
    }


def evaluate_gold_events(
    gold_dir: Path,
    settings: Settings,
    *,
    shared: Path | None = None,
    annotators: Sequence[str] | None = None,
    split: SplitChoice = "all",
    min_confidence: float = 0.0,
    errors: tuple[Path, str] | None = None,
    parse_cache: Path | None = None,
) -> dict[str, Any]:
    """Run sitroom on the event gold's documents and score it (see the module docstring).

    ``errors`` is ``(file, half)``: the errors of that half are written to the file (the
    caller checks where and which half, :func:`~sitroom.eval.gold.common.check_errors_target`).
    """
    texts = SharedTexts(shared)
    gold = [g for g in load_gold(gold_dir, texts, annotators) if wanted(g.item.split, split)]
    sysdocs = run_system(build_documents(gold, texts, settings), settings, parse_cache)
    keys = SideKeys(ActorBase.load([Path(p) for p in settings.actor_files]))
    cases = [item_case(g, sysdocs[doc_key(g.item)], keys) for g in gold]
    report: dict[str, Any] = {
        "gold": str(gold_dir),
        "coder": settings.coder,
        "min_confidence": min_confidence,
        "annotators": dict(Counter(g.annotator for g in gold)),
        "documents": document_counts(sysdocs),
        "splits": grouped(cases, split, min_confidence),
        "seeds_key_events": key_events(gold_dir / "seeds_key_events.jsonl", texts, sysdocs, keys),
    }
    if errors is not None:
        path, half = errors
        n = write_jsonl(path, error_records([c for c in cases if c.split == half]))
        report["errors_written"] = {"file": str(path), "split": half, "items": n}
    return report
