"""Turn annotation drafts (spans as strings) into a final gold file (spans as offsets).

    .venv/bin/python scripts/gold/events_resolve.py /work/gold-drafts/a/*.jsonl \\
        --out gold/events/annotations_a.jsonl [--expect 1-160]

Drafts quote the shared texts, so they live OUTSIDE the repository (``/work/gold-drafts/``).
One draft line per item (``schema.DraftAnnotation``)::

    {"item_id": "ruwa-123", "annotator": "a", "notes": null, "events": [
      {"type": "ASSAULT", "mode": "heavy-weapons", "modality": "asserted",
       "trigger": "shelling",        # or {"text": ..., "field": ..., "occurrence": k}
       "source": [{"text": "Russia’s", "actor_id": "RUS"}],
       "target": [{"text": "Donetsk region", "country": "UKR", "sector": "CVL"}],
       "date": "2022-10-28"}]}

Resolution:

* a span string must occur (case-sensitively, as whole words: "Russia" is not found inside
  "Russian") inside the item: a RUWA row's title and desc, or the item's sentence. Several
  occurrences need ``occurrence`` (1-based, counted over the item's fields in order, title
  before desc) or a ``field``; otherwise it is an error;
* ``"text": null`` for an actor resolved from outside the item (its span is null);
* actor defaults, filled only where the draft leaves a field empty, from the conventions files
  ``src/sitroom/data/{states,orgs,people,people_history}.json``: a state id gives ``country``;
  an org id gives ``org`` (IGOs, NGOs, armed groups, breakaway entities: the side-defining
  organisations of the guideline), its country and sector (``IGO`` for intergovernmental bodies);
  a person id gives country / org / sector of the role held on the event date (else the item's
  doc_date, else the latest role);
* every line is validated against ``schema.Annotation``; event ids ``e1``, ``e2``... follow the
  draft order;
* notes must be the annotator's own words: a note sharing six consecutive words with the
  document is refused.

The output is written in items.jsonl order and holds offsets only, never text.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import events_texts as texts
from events_load import Region, document_text, read_items, regions
from events_schema import (
    Actor,
    Annotation,
    DraftActor,
    DraftAnnotation,
    DraftEvent,
    DraftSpan,
    Event,
    Item,
    Span,
)

DATA = texts.REPO / "src" / "sitroom" / "data"
ITEMS = texts.REPO / "gold" / "events" / "items.jsonl"
SIDE_ORG_KINDS = {"armed group", "separatist"}
# Organisation ids of the guideline that orgs.json does not hold (GUIDELINE §6.5).
EXTENSIONS: dict[str, dict[str, str]] = {
    "WEST": {"org": "WEST"},
    "WAGNER": {"org": "WAGNER", "country": "RUS", "sector": "PRM"},
}
NEEDS_TARGET = {"COOPERATE", "AID", "SANCTION"}
SHINGLE = 6


class DraftError(ValueError):
    pass


@dataclass
class Conventions:
    states: set[str]
    orgs: dict[str, dict[str, Any]]
    people: dict[str, dict[str, Any]]

    @classmethod
    def load(cls, data: Path = DATA) -> Conventions:
        def read(name: str) -> dict[str, Any]:
            with open(data / name, encoding="utf-8") as fh:
                return dict(json.load(fh))

        states = {s["id"] for s in read("states.json")["states"]}
        orgs = {o["id"]: o for o in read("orgs.json")["orgs"]}
        people: dict[str, dict[str, Any]] = {}
        for name in ("people_history.json", "people.json"):
            for p in read(name)["people"]:
                people[p["id"]] = p
        return cls(states, orgs, people)

    def role(self, person: str, date: str | None) -> dict[str, Any] | None:
        roles = self.people[person].get("roles", [])
        if not roles:
            return None
        if date:
            day = (date + "-01-01")[:10] if len(date) < 10 else date
            for r in reversed(roles):
                if r.get("from", "0000") <= day and day < r.get("to", "9999"):
                    return dict(r)
        return dict(roles[-1])


def _whole_words(body: str, start: int, end: int) -> bool:
    """A match may not cut a word: "Russia" is not found inside "Russian"."""
    before = body[start - 1] if start > 0 else " "
    after = body[end] if end < len(body) else " "
    cut_left = body[start].isalnum() and before.isalnum()
    cut_right = body[end - 1].isalnum() and after.isalnum()
    return not (cut_left or cut_right)


def find(spec: str | DraftSpan, regs: list[Region], what: str) -> Span:
    ds = DraftSpan(text=spec) if isinstance(spec, str) else spec
    if not ds.text:
        raise DraftError(f"{what}: empty span text")
    hits: list[tuple[str, int]] = []
    for r in regs:
        if ds.field is not None and r.field != ds.field:
            continue
        body = r.text
        pos = body.find(ds.text)
        while pos >= 0:
            if _whole_words(body, pos, pos + len(ds.text)):
                hits.append((r.field, r.start + pos))
            pos = body.find(ds.text, pos + 1)
    if not hits:
        raise DraftError(f"{what}: {ds.text!r} does not occur in the item")
    if ds.occurrence is not None:
        if ds.occurrence > len(hits):
            raise DraftError(f"{what}: {ds.text!r} occurs {len(hits)} times, not {ds.occurrence}")
        fld, start = hits[ds.occurrence - 1]
    elif len(hits) > 1:
        raise DraftError(f"{what}: {ds.text!r} occurs {len(hits)} times; give 'occurrence'")
    else:
        fld, start = hits[0]
    return Span(field=fld, start=start, end=start + len(ds.text))


def fill_actor(
    d: DraftActor, regs: list[Region], conv: Conventions, date: str | None, what: str
) -> tuple[Actor, list[str]]:
    warnings: list[str] = []
    span = None
    if d.text is not None:
        span = find(DraftSpan(text=d.text, field=d.field, occurrence=d.occurrence), regs, what)
    country, org, sector = d.country, d.org, d.sector
    aid = d.actor_id
    if aid is not None:
        if aid in conv.states:
            country = country or aid
        elif aid in conv.orgs:
            o = conv.orgs[aid]
            if org is None and (not o.get("country") or o.get("kind") in SIDE_ORG_KINDS):
                org = aid
            country = country or o.get("country")
            if sector is None:
                sector = o.get("sector") or ("IGO" if not o.get("country") else None)
        elif aid in conv.people:
            role = conv.role(aid, date)
            if role:
                if org is None and role.get("org"):
                    org = role["org"]
                if country is None and not role.get("org"):
                    country = role.get("country")
                sector = sector or role.get("sector")
        elif aid in EXTENSIONS:
            ext = EXTENSIONS[aid]
            org = org or ext.get("org")
            country = country or ext.get("country")
            sector = sector or ext.get("sector")
        elif re.fullmatch(r"[A-Z]{3}", aid):
            raise DraftError(f"{what}: {aid} is not a state id of states.json")
        else:
            warnings.append(f"{what}: actor_id {aid} is not in the conventions files")
    if country is not None and country not in conv.states:
        raise DraftError(f"{what}: country {country} is not in states.json")
    return Actor(span=span, actor_id=aid, country=country, org=org, sector=sector), warnings


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def copied(note: str, doc_words: set[tuple[str, ...]]) -> bool:
    w = _words(note)
    return any(tuple(w[i : i + SHINGLE]) in doc_words for i in range(len(w) - SHINGLE + 1))


def resolve_line(
    draft: DraftAnnotation, item: Item, conv: Conventions, shared: Path = texts.SHARED
) -> tuple[Annotation, list[str]]:
    regs = regions(item, shared)
    doc = " ".join(document_text(item, shared).values())
    dw = _words(doc)
    shingles = {tuple(dw[i : i + SHINGLE]) for i in range(len(dw) - SHINGLE + 1)}
    warnings: list[str] = []
    events: list[Event] = []
    for n, de in enumerate(draft.events, 1):
        where = f"{item.item_id} event {n} ({de.type})"
        events.append(_event(de, n, regs, conv, item, where, warnings))
        if de.note and copied(de.note, shingles):
            raise DraftError(f"{where}: the note copies the text; paraphrase it")
    if draft.notes and copied(draft.notes, shingles):
        raise DraftError(f"{item.item_id}: the notes copy the text; paraphrase them")
    ann = Annotation(
        item_id=draft.item_id, annotator=draft.annotator, events=events, notes=draft.notes
    )
    return ann, warnings


def _event(
    de: DraftEvent,
    n: int,
    regs: list[Region],
    conv: Conventions,
    item: Item,
    where: str,
    warnings: list[str],
) -> Event:
    date = de.date or item.doc_date

    def actors(lst: list[DraftActor], role: str) -> list[Actor]:
        out = []
        for k, d in enumerate(lst, 1):
            a, w = fill_actor(d, regs, conv, date, f"{where} {role} {k}")
            warnings.extend(w)
            out.append(a)
        return out

    trigger = find(de.trigger, regs, f"{where} trigger")
    if trigger.end - trigger.start > 40:
        warnings.append(f"{where}: long trigger ({trigger.end - trigger.start} chars)")
    rep = None
    if de.reported_by is not None:
        rep, w = fill_actor(de.reported_by, regs, conv, date, f"{where} reported_by")
        warnings.extend(w)
    ev = Event(
        id=f"e{n}",
        type=de.type,
        mode=de.mode,
        modality=de.modality,
        trigger=trigger,
        mentions=[find(m, regs, f"{where} mention") for m in de.mentions],
        source=actors(de.source, "source"),
        target=actors(de.target, "target"),
        reciprocal=de.reciprocal,
        date=de.date,
        reported_by=rep,
        note=de.note,
    )
    if de.type in NEEDS_TARGET and not ev.target:
        warnings.append(f"{where}: {de.type} normally has a target")
    for a in [*ev.source, *ev.target]:
        if a.side_key() is None and a.actor_id is None:
            warnings.append(f"{where}: an actor with neither id, country nor org")
    return ev


def read_drafts(paths: list[Path]) -> list[DraftAnnotation]:
    out: list[DraftAnnotation] = []
    for p in paths:
        with open(p, encoding="utf-8") as fh:
            for k, line in enumerate(fh, 1):
                if not line.strip() or line.lstrip().startswith("//"):
                    continue
                try:
                    out.append(DraftAnnotation.model_validate_json(line))
                except ValueError as err:
                    raise DraftError(f"{p}:{k}: {err}") from err
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("drafts", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--items", type=Path, default=ITEMS)
    ap.add_argument("--expect", help="item positions (1-based) that must all be annotated, a-b")
    ap.add_argument("--shared", type=Path, default=texts.SHARED)
    args = ap.parse_args(argv)
    if texts.REPO in args.drafts[0].resolve().parents:
        sys.stderr.write("drafts quote shared text: keep them outside the repository\n")
        return 2
    items = read_items(args.items)
    by_id = {it.item_id: it for it in items}
    conv = Conventions.load()
    try:
        drafts = read_drafts(args.drafts)
    except DraftError as err:
        sys.stderr.write(f"ERROR {err}\n")
        return 1
    seen: dict[str, Annotation] = {}
    warnings: list[str] = []
    errors: list[str] = []
    for d in drafts:
        try:
            if d.item_id not in by_id:
                raise DraftError(f"{d.item_id} is not in {args.items}")
            if d.item_id in seen:
                raise DraftError(f"{d.item_id} is drafted twice")
            ann, w = resolve_line(d, by_id[d.item_id], conv, args.shared)
        except (DraftError, ValueError) as err:
            errors.append(str(err).replace("\n", " "))
            continue
        seen[d.item_id] = ann
        warnings.extend(w)
    if errors:
        for msg in errors:
            sys.stderr.write(f"ERROR {msg}\n")
        sys.stderr.write(f"{len(errors)} errors, nothing written\n")
        return 1
    if len({a.annotator for a in seen.values()}) > 1:
        sys.stderr.write("ERROR drafts of several annotators in one output\n")
        return 1
    for msg in warnings:
        sys.stderr.write(f"warning: {msg}\n")
    out = [seen[it.item_id].model_dump_json() + "\n" for it in items if it.item_id in seen]
    args.out.write_text("".join(out), encoding="utf-8")
    n_ev = sum(len(a.events) for a in seen.values())
    sys.stderr.write(f"{len(out)} items, {n_ev} events -> {args.out}\n")
    if args.expect:
        lo, _, hi = args.expect.partition("-")
        wanted = items[int(lo) - 1 : int(hi or lo)]
        missing = [it.item_id for it in wanted if it.item_id not in seen]
        if missing:
            sys.stderr.write(f"{len(missing)} expected items not drafted yet: {missing[:10]}...\n")
            return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
