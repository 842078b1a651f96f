"""Turn annotation drafts written with strings into the gold files, which hold offsets only.

    .venv/bin/python scripts/gold/quotes_resolve.py annotations --annotator a [--drafts DIR]
    .venv/bin/python scripts/gold/quotes_resolve.py seeds [--drafts DIR]

Drafts live outside the repository (default ``/work/gold-drafts/quotes/<annotator>/`` for
annotations, ``/work/gold-drafts/quotes/seeds.yaml`` for the seeds' statements) because they
quote the shared texts. Their format is in GUIDELINE.md, section 7. Every ``*.yaml``, ``*.yml``
and ``*.json`` file of the annotator's folder is read (except ``people.yaml``); a unit may appear
in one draft only. The output is written only when every draft resolves and validates, sorted by
stream rank; each resolved span is printed (``--quiet`` keeps only problems) so that a wrong
occurrence is seen.

Span specs: a string, ``[string, n]`` (n-th occurrence, 0-based, within the unit), or for a
content ``{from: first words, to: last words}`` (optionally ``n`` for the occurrence of
``from``). Strings match whole words, white space flexibly, straight and curly marks,
apostrophes and dashes alike. Without ``n``: a content string must occur once (``from`` takes
its first occurrence), a cue takes the occurrence nearest to the content that does not overlap
it and is not separated from it by a sentence end if another is not, a source the occurrence
nearest to the cue (or to the content) in the same way. The content is then trimmed by
:func:`quotes_schema.trim_content`.

Speaker specs: an id of sitroom's base or of ``people.yaml`` (filled with the role held on the
document's date - or on the draft entry's ``date`` when the document has none or a wrong one; a
person with only past roles is ``ELI`` of the last one's country; with no date at all, the
latest-started role), ``ID@SEC`` to override the sector, ``~RUS/GOV`` (no id; ``-`` for unknown
country or sector), a mapping with the four keys, or null.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from quotes_load import SEED_STATEMENTS, annotations_path, load_units
from quotes_schema import (
    Actor,
    Attribution,
    SeedStatement,
    Span,
    Unit,
    UnitAnnotation,
    check_annotation,
    check_span,
    trim_content,
    write_jsonl,
)
from quotes_texts import ACTOR_DATA, get_doc

DRAFTS = Path("/work/gold-drafts/quotes")
ATT_KEYS = {
    "cue",
    "content",
    "source",
    "speaker",
    "co_speakers",
    "addressee",
    "kind",
    "embedded",
    "conduit",
    "continues",
}
UNIT_KEYS = {"unit", "attributions", "notes", "date"}
SEED_KEYS = {"doc", "statements", "date"}
STATEMENT_KEYS = {"cue", "content", "source", "speaker", "co_speakers", "addressee", "kind"}
_EQUIV = {
    "'": "['’‘`]",
    "’": "['’‘`]",
    "‘": "['’‘`]",
    '"': '["“”«»]',
    "“": '["“”«»]',
    "”": '["“”«»]',
    "-": "[-–—]",
    "–": "[-–—]",
    "—": "[-–—]",
}


_SENTENCE_END = re.compile(r"[.!?][\"”’)]*\s")


class DraftError(Exception):
    pass


# ----------------------------------------------------------------------------- reading drafts


def _read(path: Path) -> Any:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    import yaml  # type: ignore[import-untyped]

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise DraftError(f"{path}: {exc}") from exc


def read_drafts(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    if not folder.is_dir():
        raise DraftError(f"no drafts folder {folder}")
    entries: list[tuple[Path, dict[str, Any]]] = []
    for path in sorted(folder.iterdir()):
        if path.suffix not in (".yaml", ".yml", ".json") or path.stem == "people":
            continue
        data = _read(path) or []
        if not isinstance(data, list):
            raise DraftError(f"{path}: a draft is a list of units")
        entries.extend((path, e) for e in data)
    return entries


def read_people(folder: Path) -> dict[str, dict[str, Any]]:
    for name in ("people.yaml", "people.yml", "people.json"):
        if (folder / name).exists():
            data = _read(folder / name) or {}
            return {str(k): dict(v) for k, v in data.items()}
    return {}


# ----------------------------------------------------------------------------- actors


@cache
def _base() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    def load(name: str, key: str) -> list[dict[str, Any]]:
        data: dict[str, Any] = json.loads((ACTOR_DATA / name).read_text(encoding="utf-8"))
        records: list[dict[str, Any]] = data[key]
        return records

    states = {s["id"]: s for s in load("states.json", "states")}
    orgs = {o["id"]: o for o in load("orgs.json", "orgs")}
    people = {p["id"]: p for p in load("people_history.json", "people")}
    people.update({p["id"]: p for p in load("people.json", "people")})
    return states, orgs, people


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value[:10]) if value else None


def _person(rec: dict[str, Any], on: date | None) -> Actor:
    roles = rec.get("roles", [])

    def active(r: dict[str, Any]) -> bool:
        start, end = _day(r.get("from")), _day(r.get("to"))
        return on is not None and (start is None or start <= on) and (end is None or on < end)

    if on is None:  # no date known: the latest-started role, as sitroom does
        open_roles = [r for r in roles if not r.get("to")] or roles
        if not open_roles:
            return Actor(actor_id=rec["id"], name=rec["name"], country=None, sector=None)
        role = max(open_roles, key=lambda r: _day(r.get("from")) or date.min)
        return Actor(
            actor_id=rec["id"], name=rec["name"], country=role.get("country"), sector=role["sector"]
        )
    now = [r for r in roles if active(r)]
    if now:
        role = max(now, key=lambda r: _day(r.get("from")) or date.min)
        return Actor(
            actor_id=rec["id"], name=rec["name"], country=role.get("country"), sector=role["sector"]
        )
    past = [r for r in roles if on is not None and _day(r.get("to")) and _day(r["to"]) <= on]  # type: ignore[operator]
    if past:
        last = max(past, key=lambda r: _day(r["to"]) or date.min)
        return Actor(
            actor_id=rec["id"], name=rec["name"], country=last.get("country"), sector="ELI"
        )
    first = roles[0] if roles else {}
    return Actor(actor_id=rec["id"], name=rec["name"], country=first.get("country"), sector=None)


def resolve_actor(spec: Any, on: date | None, people: dict[str, dict[str, Any]]) -> Actor | None:
    if spec is None:
        return None
    if isinstance(spec, dict):
        return Actor(**spec)
    if not isinstance(spec, str):
        raise DraftError(f"cannot read actor {spec!r}")
    if spec.startswith("~"):
        country, _, sector = spec[1:].partition("/")
        return Actor(
            actor_id=None,
            name=None,
            country=None if country in ("", "-") else country,
            sector=None if sector in ("", "-") else sector,
        )
    actor_id, _, sector_override = spec.partition("@")
    states, orgs, base_people = _base()
    actor: Actor
    if actor_id in states:
        actor = Actor(
            actor_id=actor_id, name=states[actor_id]["name"], country=actor_id, sector="GOV"
        )
    elif actor_id in orgs:
        o = orgs[actor_id]
        actor = Actor(
            actor_id=actor_id,
            name=o["name"],
            country=o.get("country"),
            sector=o.get("sector", "IGO"),
        )
    elif actor_id in base_people:
        actor = _person(base_people[actor_id], on)
    elif actor_id in people:
        p = people[actor_id]
        actor = Actor(
            actor_id=actor_id, name=p.get("name"), country=p.get("country"), sector=p.get("sector")
        )
    else:
        raise DraftError(f"unknown actor {actor_id!r} (add it to people.yaml or write a mapping)")
    if sector_override:
        actor = actor.model_copy(update={"sector": sector_override})
        actor = Actor.model_validate(actor.model_dump())
    return actor


# ----------------------------------------------------------------------------- spans


def _pattern(needle: str) -> re.Pattern[str]:
    parts: list[str] = []
    for ch in needle.strip():
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        else:
            parts.append(_EQUIV.get(ch, re.escape(ch)))
    body = "".join(parts)
    head = r"(?<!\w)" if needle.strip()[:1].isalnum() else ""
    tail = r"(?!\w)" if needle.strip()[-1:].isalnum() else ""
    return re.compile(head + body + tail)


@dataclass
class Scope:
    text: str
    start: int
    end: int
    label: str

    def find(self, needle: str) -> list[Span]:
        if not needle.strip():
            raise DraftError(f"{self.label}: empty string")
        pat = _pattern(needle)
        return [
            Span(start=m.start(), end=m.end())
            for m in pat.finditer(self.text, self.start, self.end)
        ]


def _distance(a: Span, b: Span) -> int:
    return max(0, a.start - b.end, b.start - a.end)


def _spec(spec: Any) -> tuple[str, int | None]:
    if isinstance(spec, str):
        return spec, None
    if isinstance(spec, list) and len(spec) == 2 and isinstance(spec[1], int):
        return str(spec[0]), spec[1]
    raise DraftError(f"cannot read span spec {spec!r}")


def _nth(scope: Scope, needle: str, n: int) -> Span:
    hits = scope.find(needle)
    if n >= len(hits):
        raise DraftError(f"{scope.label}: {needle!r} occurs {len(hits)} times, not {n + 1}")
    return hits[n]


def resolve_content(scope: Scope, spec: Any) -> Span:
    if isinstance(spec, dict):
        if set(spec) - {"from", "to", "n"}:
            raise DraftError(f"{scope.label}: content keys are from, to, n")
        first = _nth(scope, str(spec["from"]), int(spec.get("n", 0)))
        ends = [h for h in scope.find(str(spec["to"])) if h.end >= first.end]
        if not ends:
            raise DraftError(f"{scope.label}: {spec['to']!r} not found after {spec['from']!r}")
        span = Span(start=first.start, end=ends[0].end)
    else:
        needle, n = _spec(spec)
        if n is None and len(scope.find(needle)) > 1:
            raise DraftError(f"{scope.label}: content {needle!r} occurs several times; give [s, n]")
        span = _nth(scope, needle, n or 0)
    s, e = trim_content(scope.text, span.start, span.end)
    return Span(start=s, end=e)


def resolve_near(scope: Scope, spec: Any, anchors: list[Span], what: str) -> Span | None:
    if spec is None:
        return None
    needle, n = _spec(spec)
    if n is not None:
        return _nth(scope, needle, n)
    hits = [h for h in scope.find(needle) if not any(h.overlaps(a) for a in anchors[1:])]
    if not hits:
        raise DraftError(f"{scope.label}: {what} {needle!r} not found (outside the content)")
    anchor = anchors[0]

    def rank(h: Span) -> tuple[bool, int, int]:
        lo, hi = (h.end, anchor.start) if h.end <= anchor.start else (anchor.end, h.start)
        crosses = _SENTENCE_END.search(scope.text, lo, max(lo, hi)) is not None
        return crosses, _distance(h, anchor), h.start

    return min(hits, key=rank)


def _flag(raw: dict[str, Any], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise DraftError(f"{key} must be true or false")
    return value


def resolve_attribution(
    scope: Scope, raw: dict[str, Any], on: date | None, people: dict[str, dict[str, Any]]
) -> Attribution:
    unknown = set(raw) - ATT_KEYS
    if unknown:
        raise DraftError(f"{scope.label}: unknown keys {sorted(unknown)}")
    content = resolve_content(scope, raw["content"])
    cue = resolve_near(scope, raw.get("cue"), [content, content], "cue")
    source = resolve_near(scope, raw.get("source"), [cue or content, content], "source")
    return Attribution(
        cue=cue,
        content=content,
        source=source,
        speaker=resolve_actor(raw.get("speaker"), on, people),
        co_speakers=[
            a
            for a in (resolve_actor(c, on, people) for c in raw.get("co_speakers", []))
            if a is not None
        ],
        addressee=resolve_actor(raw.get("addressee"), on, people),
        kind=raw["kind"],
        embedded=_flag(raw, "embedded"),
        conduit=_flag(raw, "conduit"),
        continues=raw.get("continues"),
    )


def _show(text: str, name: str, span: Span | None) -> str:
    if span is None:
        return f"      {name:8}-"
    body = text[span.start : span.end].replace("\n", " ")
    if len(body) > 110:
        body = body[:50] + " [...] " + body[-50:]
    return f"      {name:8}{span.start}-{span.end} «{body}»"


def describe(text: str, i: int, a: Attribution) -> list[str]:
    sp = a.speaker
    who = "null" if sp is None else f"{sp.actor_id} {sp.country}/{sp.sector}"
    flags = [f for f, on in (("embedded", a.embedded), ("conduit", a.conduit)) if on]
    if a.continues is not None:
        flags.append(f"continues #{a.continues}")
    return [
        f"   #{i} {a.kind} {who} {' '.join(flags)}",
        _show(text, "cue", a.cue),
        _show(text, "source", a.source),
        _show(text, "content", a.content),
    ]


# ----------------------------------------------------------------------------- commands


def resolve_annotations(annotator: str, folder: Path, out: Path, quiet: bool) -> int:
    units = {u.unit_id: u for u in load_units()}
    people = read_people(folder)
    resolved: dict[str, tuple[Unit, UnitAnnotation]] = {}
    errors: list[str] = []
    log: list[str] = []
    for path, entry in read_drafts(folder):
        uid = str(entry.get("unit", ""))
        try:
            if set(entry) - UNIT_KEYS:
                raise DraftError(f"unknown keys {sorted(set(entry) - UNIT_KEYS)}")
            if uid not in units:
                raise DraftError("not a unit of units.jsonl")
            if uid in resolved:
                raise DraftError("annotated twice")
            unit = units[uid]
            doc = get_doc(unit.doc_id)
            on = _date(entry.get("date") or doc.date)
            scope = Scope(doc.text, unit.start, unit.end, uid)
            atts = [
                resolve_attribution(scope, raw, on, people)
                for raw in entry.get("attributions") or []
            ]
            ann = UnitAnnotation(
                unit_id=uid,
                annotator=annotator,
                attributions=atts,
                notes=str(entry.get("notes") or ""),
            )
            problems = check_annotation(ann, unit, doc.text)
            if problems:
                raise DraftError("; ".join(problems))
            resolved[uid] = (unit, ann)
            log.append(f"{uid} (rank {unit.rank}): {len(atts)}")
            for i, a in enumerate(atts):
                log.extend(describe(doc.text, i, a))
        except (DraftError, ValueError, KeyError) as exc:
            errors.append(f"{path.name}: {uid}: {exc}")
    if not quiet:
        sys.stdout.write("\n".join(log) + "\n")
    ranks = sorted(u.rank for u, _ in resolved.values())
    expected = [
        u.rank
        for u in sorted(units.values(), key=lambda u: u.rank)
        if u.rank <= (ranks[-1] if ranks else -1)
    ]
    missing = sorted(set(expected) - set(ranks))
    if missing:
        msg = f"ranks not annotated before the last one: {missing[:20]}"
        if annotator == "a":
            errors.append(msg)
        else:
            sys.stdout.write(f"note: {len(missing)} {msg}\n")
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return 1
    anns = [a for _, a in sorted(resolved.values(), key=lambda p: p[0].rank)]
    n = write_jsonl(out, anns)
    total = sum(len(a.attributions) for a in anns)
    sys.stdout.write(f"{n} units, {total} attributions -> {out}\n")
    return 0


def _date(value: Any) -> date | None:
    """The date roles are read for: the draft's ``date`` if given, else the document's."""
    if not value:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _paragraph(text: str, offset: int, label: str) -> Scope:
    """The line holding ``offset``: where a statement's cue and source are looked for."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return Scope(text, start, len(text) if end < 0 else end, label)


def _pieces(specs: Any) -> list[Any]:
    """A statement's content: one spec, or a list of specs (one per piece)."""
    single = not isinstance(specs, list) or (len(specs) == 2 and isinstance(specs[1], int))
    return [specs] if single else list(specs)


def resolve_seeds(path: Path, people_folder: Path, out: Path, quiet: bool) -> int:
    people = read_people(people_folder)
    statements: list[SeedStatement] = []
    errors: list[str] = []
    log: list[str] = []
    for entry in _read(path) or []:
        doc_id = str(entry.get("doc", ""))
        try:
            if set(entry) - SEED_KEYS:
                raise DraftError(f"unknown keys {sorted(set(entry) - SEED_KEYS)}")
            doc = get_doc(doc_id)
            on = _date(entry.get("date") or doc.date)
            scope = Scope(doc.text, 0, len(doc.text), doc_id)
            log.append(doc_id)
            for raw in entry.get("statements") or []:
                if set(raw) - STATEMENT_KEYS:
                    raise DraftError(f"unknown keys {sorted(set(raw) - STATEMENT_KEYS)}")
                pieces = [resolve_content(scope, s) for s in _pieces(raw["content"])]
                para = _paragraph(doc.text, pieces[0].start, doc_id)
                cue = resolve_near(para, raw.get("cue"), [pieces[0], *pieces], "cue")
                source = resolve_near(
                    para, raw.get("source"), [cue or pieces[0], *pieces], "source"
                )
                st = SeedStatement(
                    doc_id=doc_id,
                    cue=cue,
                    content=pieces,
                    source=source,
                    speaker=resolve_actor(raw.get("speaker"), on, people),
                    co_speakers=[
                        a
                        for a in (resolve_actor(c, on, people) for c in raw.get("co_speakers", []))
                        if a
                    ],
                    addressee=resolve_actor(raw.get("addressee"), on, people),
                    kind=raw["kind"],
                )
                for span in [cue, source, *pieces]:
                    errors.extend(
                        f"{doc_id}: {p}" for p in check_span("span", span, 0, len(doc.text))
                    )
                statements.append(st)
                sp = st.speaker
                log.append(f"   {st.kind} {sp.actor_id if sp else None}")
                log.append(_show(doc.text, "cue", cue))
                log.append(_show(doc.text, "source", source))
                log.extend(_show(doc.text, "content", p) for p in pieces)
        except (DraftError, ValueError, KeyError) as exc:
            errors.append(f"{doc_id}: {exc}")
    if not quiet:
        sys.stdout.write("\n".join(log) + "\n")
    if errors:
        sys.stderr.write("\n".join(errors) + "\n")
        return 1
    n = write_jsonl(out, statements)
    sys.stdout.write(f"{n} statements -> {out}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    a = sub.add_parser("annotations", help="drafts of one annotator -> annotations_<a>.jsonl")
    a.add_argument("--annotator", required=True)
    a.add_argument("--drafts", type=Path, help="default /work/gold-drafts/quotes/<annotator>")
    a.add_argument("--out", type=Path)
    a.add_argument("--quiet", action="store_true")
    s = sub.add_parser("seeds", help="seeds.yaml -> seeds_statements.jsonl")
    s.add_argument("--drafts", type=Path, default=DRAFTS / "seeds.yaml")
    s.add_argument("--people", type=Path, default=DRAFTS / "a", help="folder with people.yaml")
    s.add_argument("--out", type=Path, default=SEED_STATEMENTS)
    s.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    try:
        if args.command == "annotations":
            folder = args.drafts or DRAFTS / args.annotator
            out = args.out or annotations_path(args.annotator)
            return resolve_annotations(args.annotator, folder, out, args.quiet)
        return resolve_seeds(args.drafts, args.people, args.out, args.quiet)
    except DraftError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
