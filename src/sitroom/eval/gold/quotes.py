"""Score sitroom's quotes on our real-news quote gold (``gold/quotes/``).

:func:`evaluate_gold_quotes` loads the units and annotations (for each unit the first annotator
in priority order that covers it; the population is the annotated units), runs sitroom in
process on the documents behind them (:mod:`sitroom.eval.gold.system`: the extraction returns
the quotes), maps each quote's cue, content and source spans onto the document text of the gold
(a RUWA document is ``title + "\\n\\n" + desc``), keeps the quotes whose content overlaps a unit
(spans clipped to it) and scores them with the guideline's rules
(:mod:`sitroom.eval.gold.quotes_score`), per split and per source. It also scores the seeds'
statements (``seeds_statements.jsonl``): the share found, and found with the right speaker.
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
from sitroom.eval.gold.quotes_score import (
    QuoteItem,
    UnitCase,
    Who,
    clip,
    score_unit,
    speaker_verdict,
    statement_found,
    statement_report,
    tally,
)
from sitroom.eval.gold.schema import (
    CORPORA,
    ORG_RE,
    Attribution,
    QuoteActor,
    QuoteSpan,
    SeedStatement,
    Unit,
    UnitAnnotation,
)
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
from sitroom.eval.gold.texts import SEEDS_DIR, Doc, SharedTexts, text_hash, trim_content
from sitroom.extract.actors.base import ActorBase
from sitroom.ingest.decode import Item as DocItem
from sitroom.records import ActorRef, Quote

# --------------------------------------------------------------------------- gold


@dataclass
class GoldUnit:
    unit: Unit
    annotator: str
    doc: Doc
    attributions: list[Attribution] = field(default_factory=list)
    notes: str = ""


def _span_problems(ann: UnitAnnotation, unit: Unit, i: int, a: Attribution) -> list[str]:
    where = f"{ann.unit_id} #{i}"
    return [
        f"{where}: {name} {span.start}-{span.end} leaves the unit {unit.start}-{unit.end}"
        for name, span in (("cue", a.cue), ("content", a.content), ("source", a.source))
        if span is not None and not (unit.start <= span.start and span.end <= unit.end)
    ]


def check_annotation(
    ann: UnitAnnotation, unit: Unit, doc_text: str, known: frozenset[str]
) -> list[str]:
    """Mechanical problems of one unit's annotation (empty list: none)."""
    problems: list[str] = []
    if unit.sha != text_hash(doc_text[unit.start : unit.end]):
        problems.append("the shared text changed since sampling (hash differs)")
    for i, a in enumerate(ann.attributions):
        where = f"{ann.unit_id} #{i}"
        problems += _span_problems(ann, unit, i, a)
        if trim_content(doc_text, a.content.start, a.content.end) != (
            a.content.start,
            a.content.end,
        ):
            problems.append(f"{where}: content boundaries break the trimming rules")
        if a.kind == "direct" and a.continues is None and a.cue is None and a.source is None:
            problems.append(f"{where}: a direct quotation with neither cue nor source nor link")
        for actor in [a.speaker, a.addressee, *a.co_speakers]:
            if actor is None or actor.actor_id is None:
                continue
            if ORG_RE.fullmatch(actor.actor_id) and actor.actor_id not in known:
                problems.append(f"{where}: {actor.actor_id} is not in sitroom's base")
        if a.continues is not None and ann.attributions[a.continues].speaker != a.speaker:
            problems.append(f"{where}: continues #{a.continues} with another speaker")
    return problems


def known_ids(base: ActorBase) -> frozenset[str]:
    return frozenset([*base.states, *base.orgs, *base.people])


def load_gold(
    gold_dir: Path, texts: SharedTexts, annotators: Sequence[str] | None = None
) -> list[GoldUnit]:
    """The annotated units in rank order, each from the first annotator covering it; a unit
    whose annotation breaks a mechanical rule of the guideline is an error (E043)."""
    units = {u.unit_id: u for u in read_jsonl(gold_dir / "units.jsonl", Unit)}
    chosen: dict[str, UnitAnnotation] = {}
    for _name, path in annotation_files(gold_dir, annotators):
        for ann in read_jsonl(path, UnitAnnotation):
            if ann.unit_id not in units:
                raise SitroomError(E.E043, name="unit id", value=ann.unit_id, detail=f"in {path}")
            chosen.setdefault(ann.unit_id, ann)
    known = known_ids(ActorBase.load())
    out: list[GoldUnit] = []
    for unit_id, ann in chosen.items():
        unit = units[unit_id]
        doc = texts.quote_doc(unit.doc_id)
        problems = check_annotation(ann, unit, doc.text, known)
        if problems:
            raise SitroomError(
                E.E043, name="quote annotation", value=unit_id, detail="; ".join(problems)
            )
        out.append(GoldUnit(unit, ann.annotator, doc, list(ann.attributions), ann.notes))
    return sorted(out, key=lambda g: g.unit.rank)


def _who(a: QuoteActor | ActorRef | None) -> Who | None:
    if a is None:
        return None
    return Who(a.actor_id, a.country, a.sector, a.name)


def _rng(span: QuoteSpan | None) -> tuple[int, int] | None:
    return None if span is None else (span.start, span.end)


def _text(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def gold_item(i: int, a: Attribution, text: str, lo: int, hi: int) -> QuoteItem:
    content = clip(_rng(a.content), lo, hi)
    cue, source = clip(_rng(a.cue), lo, hi), clip(_rng(a.source), lo, hi)
    speaker = _who(a.speaker)
    return QuoteItem(
        index=i,
        contents=(content,) if content is not None else (),
        cue=cue,
        source=source,
        speaker=speaker,
        kind=a.kind,
        co_speakers=tuple(w for c in a.co_speakers if (w := _who(c)) is not None),
        embedded=a.embedded,
        conduit=a.conduit,
        continues=a.continues,
        info=_info(text, content, cue, source, speaker, a.kind),
    )


def _info(
    text: str,
    content: tuple[int, int] | None,
    cue: tuple[int, int] | None,
    source: tuple[int, int] | None,
    speaker: Who | None,
    kind: str,
) -> dict[str, Any]:
    return {
        "kind": kind,
        "speaker": speaker.label() if speaker else None,
        "cue": _text(text, cue),
        "content": _text(text, content),
        "source": _text(text, source),
    }


# --------------------------------------------------------------------------- system


def found_item(i: int, q: Quote, where: Placement, doc_text: str) -> QuoteItem | None:
    """A system quote on the gold document's coordinates (inside the placed region), or None
    when its content is outside the region."""
    mapped = where.map_span(q.content.start, q.content.end)
    if mapped is None:
        return None
    content = (mapped[1], mapped[2])

    def span(s: Any) -> tuple[int, int] | None:
        m = where.map_span(s.start, s.end) if s is not None else None
        return None if m is None else (m[1], m[2])

    cue, source = span(q.cue), span(q.source)
    speaker = _who(q.speaker)
    return QuoteItem(
        index=i,
        contents=(content,),
        cue=cue,
        source=source,
        speaker=speaker,
        kind=q.kind,
        confidence=q.confidence,
        info={**_info(doc_text, content, cue, source, speaker, q.kind), "confidence": q.confidence},
    )


def found_items(sysdoc: SystemDoc, where: Placement, doc_text: str) -> list[QuoteItem]:
    quotes = sysdoc.extraction.quotes if sysdoc.extraction is not None else []
    mapped = [found_item(i, q, where, doc_text) for i, q in enumerate(quotes)]
    return [m for m in mapped if m is not None]


def unit_case(g: GoldUnit, sysdoc: SystemDoc) -> UnitCase:
    u, text = g.unit, g.doc.text
    where = place(sysdoc.text, pieces_of("doc", text, u.start, u.end))
    gold = [gold_item(i, a, text, u.start, u.end) for i, a in enumerate(g.attributions)]
    info = {
        "annotator": g.annotator,
        "text": text[u.start : u.end],
        "lost_lines": [p.text for p in where.lost],
        "not_processed": sysdoc.rejected or (None if sysdoc.extraction else "not English"),
    }
    return UnitCase(
        u.unit_id, u.source, u.split, gold, found_items(sysdoc, where, text), where.complete, info
    )


def build_documents(
    gold: Sequence[GoldUnit], texts: SharedTexts, settings: Settings
) -> dict[str, DocItem]:
    """The documents behind the units (by quote doc id), plus the seeds (for the statements)."""
    docs: dict[str, DocItem] = {}
    for g in gold:
        doc_id = g.unit.doc_id
        kind, _, key = doc_id.partition(":")
        if doc_id in docs or kind == "seed":
            continue
        if kind == "ruwa":
            docs[doc_id] = ruwa_document(texts.ruwa_rows[key], settings.ingest, doc_id)
        elif kind == "pres":
            docs[doc_id] = release_document(texts.releases[int(key)], settings.ingest, doc_id)
    for name in texts.seed_names():
        docs[f"seed:{Path(name).stem}"] = seed_document(texts.path(SEEDS_DIR / name))
    return docs


# --------------------------------------------------------------------------- seed statements


def seed_statements(
    path: Path, texts: SharedTexts, sysdocs: dict[str, SystemDoc], states: frozenset[str]
) -> dict[str, Any]:
    """Seed statements found (a quote matching one of its pieces) and with the right speaker;
    each seed with the split of its document (all units of a document share one)."""
    if not path.is_file():
        return {"n": 0, "note": f"{path} not found"}
    rows = read_jsonl(path, SeedStatement)
    verdicts: dict[str, list[tuple[bool, str | None, bool]]] = {}
    found_by_doc: dict[str, list[QuoteItem]] = {}
    for st in rows:
        text = texts.quote_doc(st.doc_id).text
        if st.doc_id not in found_by_doc:
            sysdoc = sysdocs[st.doc_id]
            where = place(sysdoc.text, pieces_of("doc", text, 0, len(text)))
            found_by_doc[st.doc_id] = found_items(sysdoc, where, text)
        gold = QuoteItem(
            index=0,
            contents=tuple((c.start, c.end) for c in st.content),
            cue=_rng(st.cue),
            source=_rng(st.source),
            speaker=_who(st.speaker),
            kind=st.kind,
            co_speakers=tuple(w for c in st.co_speakers if (w := _who(c)) is not None),
        )
        hit, verdict = statement_found(gold, found_by_doc[st.doc_id], states)
        verdicts.setdefault(st.doc_id, []).append((hit, verdict, st.speaker is not None))
    every = [v for vs in verdicts.values() for v in vs]
    splits = {u.doc_id: u.split for u in read_jsonl(path.parent / "units.jsonl", Unit)}
    return {
        **statement_report(every),
        "per_seed": {
            doc: {"split": splits.get(doc), **statement_report(vs)}
            for doc, vs in sorted(verdicts.items())
        },
    }


# --------------------------------------------------------------------------- report


def confident(case: UnitCase, threshold: float) -> UnitCase:
    kept = [f for f in case.found if f.confidence >= threshold]
    return UnitCase(case.unit_id, case.source, case.split, case.gold, kept, case.located)


def grouped(
    cases: Sequence[UnitCase], split: SplitChoice, threshold: float, states: frozenset[str]
) -> dict[str, Any]:
    """Figures per split (and both together for ``all``), each overall and per source."""
    halves = [s for s in SPLITS if wanted(s, split)] + (["all"] if split == "all" else [])
    out: dict[str, Any] = {}
    for half in halves:
        part = [c for c in cases if half == "all" or c.split == half]
        groups = {"all": part, **{s: [c for c in part if c.source == s] for s in CORPORA}}
        block: dict[str, Any] = {}
        for name, sub in groups.items():
            if not sub and name != "all":
                continue
            block[name] = tally(sub, states).report()
            if threshold > 0:
                kept = [confident(c, threshold) for c in sub]
                block[name]["at_min_confidence"] = tally(kept, states).report()
        out[half] = block
    return out


def error_records(cases: Sequence[UnitCase], states: frozenset[str]) -> list[dict[str, Any]]:
    """Per unit with any error: its text, missed and spurious quotes, pairs that differ."""
    out: list[dict[str, Any]] = []
    for c in cases:
        s = score_unit(c.gold, c.found)
        differ = []
        for g, f in s.pairs:
            verdict = speaker_verdict(g, f, states)
            if verdict not in (None, "right") or g.kind != f.kind:
                differ.append({"gold": g.info, "system": f.info, "speaker": verdict})
        if not (s.missed or s.spurious or differ or not c.located):
            continue
        out.append(
            {
                "unit_id": c.unit_id,
                "source": c.source,
                "split": c.split,
                **c.info,
                "missed": [g.info for g in s.missed],
                "spurious": [f.info for f in s.spurious],
                "pairs_that_differ": differ,
            }
        )
    return out


def evaluate_gold_quotes(
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
    """Run sitroom on the quote gold's documents and score it (see the module docstring).

    ``errors`` is ``(file, half)``: the errors of that half are written to the file (the
    caller checks where and which half, :func:`~sitroom.eval.gold.common.check_errors_target`).
    """
    texts = SharedTexts(shared)
    gold = [g for g in load_gold(gold_dir, texts, annotators) if wanted(g.unit.split, split)]
    sysdocs = run_system(build_documents(gold, texts, settings), settings, parse_cache)
    base = ActorBase.load([Path(p) for p in settings.actor_files])
    states = frozenset(base.states)
    cases = [unit_case(g, sysdocs[g.unit.doc_id]) for g in gold]
    report: dict[str, Any] = {
        "gold": str(gold_dir),
        "coder": settings.coder,
        "min_confidence": min_confidence,
        "annotators": dict(Counter(g.annotator for g in gold)),
        "documents": document_counts(sysdocs),
        "splits": grouped(cases, split, min_confidence, states),
        "seeds_statements": seed_statements(
            gold_dir / "seeds_statements.jsonl", texts, sysdocs, states
        ),
    }
    if errors is not None:
        path, half = errors
        n = write_jsonl(path, error_records([c for c in cases if c.split == half], states))
        report["errors_written"] = {"file": str(path), "split": half, "units": n}
    return report
