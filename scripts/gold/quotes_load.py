"""Load the quote gold standard with its text filled in from ``../shared`` (for evaluation code).

    .venv/bin/python scripts/gold/quotes_load.py [--annotator a]    # counts, as a check

From Python (put ``scripts/gold`` on ``sys.path`` first)::

    from quotes_load import load_gold, load_seed_statements
    for unit in load_gold("a"):
        unit.doc_id, unit.start, unit.end, unit.text      # the passage
        for att in unit.attributions:                      # FilledAttribution
            att.content.text, att.cue, att.speaker, att.kind

Every span comes back as :class:`FilledSpan` (``start``, ``end`` into the document, ``text``).
The document's text is :func:`quotes_texts.get_doc` ``(doc_id).text``; for a RUWA row that is
``title + "\\n\\n" + desc`` - subtract :meth:`GoldUnit.desc_offset` to get offsets into ``desc``
alone (spans in the title then come out negative).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from quotes_schema import (
    Actor,
    Kind,
    SeedStatement,
    Span,
    Unit,
    UnitAnnotation,
    check_annotation,
    read_jsonl,
)
from quotes_texts import GOLD_DIR, RUWA_JOIN, get_doc

UNITS = GOLD_DIR / "units.jsonl"
SEED_STATEMENTS = GOLD_DIR / "seeds_statements.jsonl"


def annotations_path(annotator: str) -> Path:
    return GOLD_DIR / f"annotations_{annotator}.jsonl"


@dataclass(frozen=True)
class FilledSpan:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class FilledAttribution:
    cue: FilledSpan | None
    content: FilledSpan
    source: FilledSpan | None
    speaker: Actor | None
    co_speakers: list[Actor]
    addressee: Actor | None
    kind: Kind
    embedded: bool
    conduit: bool
    continues: int | None


@dataclass(frozen=True)
class GoldUnit:
    unit_id: str
    rank: int
    source: str
    doc_id: str
    start: int
    end: int
    split: str
    double: bool
    text: str
    date: str
    annotator: str
    attributions: list[FilledAttribution] = field(default_factory=list)
    notes: str = ""

    def desc_offset(self) -> int:
        """For a RUWA unit, where ``desc`` starts in the document text (0 otherwise)."""
        if self.source != "ruwa":
            return 0
        return len(get_doc(self.doc_id).title) + len(RUWA_JOIN)


def _fill(text: str, span: Span | None) -> FilledSpan | None:
    return None if span is None else FilledSpan(span.start, span.end, text[span.start : span.end])


def load_units(path: Path = UNITS) -> list[Unit]:
    return sorted(read_jsonl(path, Unit), key=lambda u: u.rank)


def load_annotations(annotator: str, path: Path | None = None) -> list[UnitAnnotation]:
    return read_jsonl(path or annotations_path(annotator), UnitAnnotation)


def load_gold(annotator: str = "a", *, strict: bool = True) -> list[GoldUnit]:
    """The annotated units of one annotator in stream order, text filled in.

    With ``strict`` a unit whose annotation breaks a mechanical rule raises ``ValueError``.
    """
    units = {u.unit_id: u for u in load_units()}
    out: list[GoldUnit] = []
    for ann in load_annotations(annotator):
        unit = units[ann.unit_id]
        doc = get_doc(unit.doc_id)
        problems = check_annotation(ann, unit, doc.text)
        if problems and strict:
            raise ValueError("; ".join(problems))
        atts = [
            FilledAttribution(
                cue=_fill(doc.text, a.cue),
                content=FilledSpan(
                    a.content.start, a.content.end, doc.text[a.content.start : a.content.end]
                ),
                source=_fill(doc.text, a.source),
                speaker=a.speaker,
                co_speakers=a.co_speakers,
                addressee=a.addressee,
                kind=a.kind,
                embedded=a.embedded,
                conduit=a.conduit,
                continues=a.continues,
            )
            for a in ann.attributions
        ]
        out.append(
            GoldUnit(
                unit_id=unit.unit_id,
                rank=unit.rank,
                source=unit.source,
                doc_id=unit.doc_id,
                start=unit.start,
                end=unit.end,
                split=unit.split,
                double=unit.double,
                text=doc.text[unit.start : unit.end],
                date=doc.date,
                annotator=ann.annotator,
                attributions=atts,
                notes=ann.notes,
            )
        )
    return sorted(out, key=lambda g: g.rank)


@dataclass(frozen=True)
class FilledStatement:
    doc_id: str
    cue: FilledSpan | None
    content: list[FilledSpan]
    source: FilledSpan | None
    speaker: Actor | None
    co_speakers: list[Actor]
    addressee: Actor | None
    kind: Kind


def load_seed_statements(path: Path = SEED_STATEMENTS) -> list[FilledStatement]:
    out: list[FilledStatement] = []
    for st in read_jsonl(path, SeedStatement):
        text = get_doc(st.doc_id).text
        pieces = [FilledSpan(c.start, c.end, text[c.start : c.end]) for c in st.content]
        out.append(
            FilledStatement(
                doc_id=st.doc_id,
                cue=_fill(text, st.cue),
                content=pieces,
                source=_fill(text, st.source),
                speaker=st.speaker,
                co_speakers=st.co_speakers,
                addressee=st.addressee,
                kind=st.kind,
            )
        )
    return out


def summary(gold: list[GoldUnit]) -> str:
    units = Counter((g.source, g.split) for g in gold)
    atts = Counter((g.source, g.split) for g in gold for a in g.attributions)
    kinds = Counter(a.kind for g in gold for a in g.attributions)
    empty = sum(1 for g in gold if not g.attributions)
    flags = Counter(
        flag
        for g in gold
        for a in g.attributions
        for flag, on in (
            ("embedded", a.embedded),
            ("conduit", a.conduit),
            ("continuation", a.continues is not None),
        )
        if on
    )
    no_speaker = sum(1 for g in gold for a in g.attributions if a.speaker is None)
    no_id = sum(1 for g in gold for a in g.attributions if a.speaker and a.speaker.actor_id is None)
    rows = [f"units {len(gold)} (empty {empty}), attributions {sum(atts.values())}"]
    rows += [
        f"  {s:5} {sp:5} units {units[s, sp]:4}  attributions {atts[s, sp]:4}"
        for s in ("ruwa", "pres", "seed")
        for sp in ("tune", "check")
    ]
    rows.append(f"  kinds {dict(kinds)}; flags {dict(flags)}")
    rows.append(f"  speaker null {no_speaker}, speaker without actor id {no_id}")
    rows.append(
        f"  double units {sum(g.double for g in gold)}, last rank {gold[-1].rank}"
        if gold
        else "  nothing annotated"
    )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--annotator", default="a")
    args = ap.parse_args(argv)
    gold = load_gold(args.annotator)
    sys.stdout.write(summary(gold) + "\n")
    if SEED_STATEMENTS.exists():
        st = load_seed_statements()
        sys.stdout.write(f"seed statements {len(st)}: {dict(Counter(s.doc_id for s in st))}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
