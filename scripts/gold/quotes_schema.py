"""The records of the quote-attribution gold standard (``gold/quotes/``), as pydantic models.

Every model forbids unknown keys. Spans are character offsets into a document of ``../shared``
(see :mod:`quotes_texts`); no record holds text copied from there. The rules the annotations
follow are in ``gold/quotes/GUIDELINE.md``; :func:`check_annotation` enforces the mechanical ones.

Files
-----
* ``units.jsonl`` - :class:`Unit`, one per sampled passage, in stream order (``rank``).
* ``annotations_<annotator>.jsonl`` - :class:`UnitAnnotation`, one per annotated unit.
* ``seeds_statements.jsonl`` - :class:`SeedStatement`, the statements of the five seeds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Literal, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from quotes_texts import ACTOR_DATA, text_hash

Kind = Literal["direct", "indirect", "mixed", "unmarked"]
SourceName = Literal["ruwa", "pres", "seed"]
Split = Literal["tune", "check"]

#: PLOVER sector codes plus IGO and NGO, as in sitroom's actor base.
SECTORS: frozenset[str] = frozenset(
    {
        "COP",
        "GOV",
        "JUD",
        "LEG",
        "MIL",
        "PRM",
        "PTY",
        "REB",
        "SPY",
        "UAF",
        "UNK",
        "AGR",
        "BUS",
        "CRM",
        "CVL",
        "EDU",
        "ELI",
        "JRN",
        "LAB",
        "MED",
        "REF",
        "OPP",
        "PRE",
        "REL",
        "SOC",
        "IGO",
        "NGO",
    }
)
STATE_RE = re.compile(r"[A-Z]{3}")
ORG_RE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
PERSON_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Opening and closing double quotation marks (straight, curly, guillemets).
OPEN_MARKS = '"“«'
CLOSE_MARKS = '"”»'
PAIRS = {"“": "”", '"': '"', "«": "»", "‘": "’"}
TRAILING = ",;:"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    start: int = Field(ge=0)
    end: int

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"empty or reversed span {self.start}-{self.end}")
        return self

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


class Actor(_Model):
    """Who said it, in sitroom's terms (people slugs, ISO3 states, org codes, PLOVER sectors)."""

    actor_id: str | None
    name: str | None = None
    country: str | None
    sector: str | None

    @field_validator("actor_id")
    @classmethod
    def _id(cls, v: str | None) -> str | None:
        if v is not None and not (
            STATE_RE.fullmatch(v) or ORG_RE.fullmatch(v) or PERSON_RE.fullmatch(v)
        ):
            raise ValueError(f"malformed actor id {v!r}")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not STATE_RE.fullmatch(v):
            raise ValueError(f"country must be ISO3, got {v!r}")
        return v

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str | None) -> str | None:
        if v is not None and v not in SECTORS:
            raise ValueError(f"unknown sector {v!r}")
        return v

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.actor_id is None and self.country is None and self.sector is None:
            raise ValueError("an actor knowing nothing is written as null")
        return self


class Attribution(_Model):
    """One attribution inside a unit (GUIDELINE.md, sections 2-5)."""

    cue: Span | None
    content: Span
    source: Span | None
    speaker: Actor | None
    co_speakers: list[Actor] = Field(default_factory=list)
    addressee: Actor | None = None
    kind: Kind
    embedded: bool = False
    conduit: bool = False
    continues: int | None = None


class UnitAnnotation(_Model):
    unit_id: str
    annotator: str
    attributions: list[Attribution]
    notes: str = ""

    @model_validator(mode="after")
    def _links(self) -> Self:
        for i, a in enumerate(self.attributions):
            if a.continues is not None and not 0 <= a.continues < i:
                raise ValueError(f"attribution {i}: continues={a.continues} must point back")
        return self


class Unit(_Model):
    unit_id: str
    rank: int = Field(ge=0)
    source: SourceName
    doc_id: str
    start: int = Field(ge=0)
    end: int
    split: Split
    double: bool
    sha: str


class SeedStatement(_Model):
    """A statement an analyst would list from one of the seeds; content may come in pieces."""

    doc_id: str
    cue: Span | None
    content: list[Span] = Field(min_length=1)
    source: Span | None
    speaker: Actor | None
    co_speakers: list[Actor] = Field(default_factory=list)
    addressee: Actor | None = None
    kind: Kind


# ----------------------------------------------------------------------------- files

M = TypeVar("M", bound=BaseModel)


def read_jsonl(path: Path, model: type[M]) -> list[M]:
    with open(path, encoding="utf-8") as f:
        return [model.model_validate_json(line) for line in f if line.strip()]


def write_jsonl(path: Path, records: Iterable[BaseModel]) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r.model_dump(mode="json"), ensure_ascii=False) + "\n")
            n += 1
    return n


@cache
def known_actor_ids() -> frozenset[str]:
    """Ids of sitroom's actor base (states, organisations, people), read from its JSON files."""
    ids: set[str] = set()
    for name, key in (
        ("states.json", "states"),
        ("orgs.json", "orgs"),
        ("people.json", "people"),
        ("people_history.json", "people"),
    ):
        data = json.loads((ACTOR_DATA / name).read_text(encoding="utf-8"))
        ids.update(rec["id"] for rec in data[key])
    return frozenset(ids)


# ----------------------------------------------------------------------------- content rules


def _enclosing(text: str, start: int, end: int) -> bool:
    """Do the marks at ``start`` and ``end - 1`` open and close the same quotation?"""
    first, last = text[start], text[end - 1]
    if end - start < 2 or PAIRS.get(first) != last:
        return False
    inner = text[start + 1 : end - 1]
    if first == last:  # straight marks: no other mark of that kind inside
        return first not in inner
    depth = 0
    for ch in inner:
        if ch == first:
            depth += 1
        elif ch == last:
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _has_pair_inside(text: str, start: int, end: int, mark: str, opening: bool) -> bool:
    """Is the lone ``mark`` at an edge matched by a mark inside ``text[start:end]``?"""
    if mark == '"':
        return text.count('"', start, end) >= 1
    partner = PAIRS[mark] if opening else next(k for k, v in PAIRS.items() if v == mark)
    return partner in text[start:end]


def trim_content(text: str, start: int, end: int) -> tuple[int, int]:
    """Apply the content boundary rules of GUIDELINE.md section 3 to ``text[start:end]``.

    Removes surrounding white space, a pair of quotation marks enclosing the whole content, a
    lone opening or closing double mark at an edge whose partner lies outside the content, and
    trailing ``,`` ``;`` ``:`` or a single ``.`` (an ellipsis is kept; so is a period inside a
    kept quotation).
    """
    s, e = start, end
    while True:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e - s < 1:
            return s, e
        last = text[e - 1]
        if last in TRAILING:
            e -= 1
            continue
        if last == "." and not (text[s:e].endswith("...") or text[s:e].endswith(". . .")):
            e -= 1
            continue
        if text[s] in PAIRS and _enclosing(text, s, e):
            s, e = s + 1, e - 1
            continue
        if text[s] in OPEN_MARKS and not _has_pair_inside(text, s + 1, e, text[s], True):
            s += 1
            continue
        if last in CLOSE_MARKS and not _has_pair_inside(text, s, e - 1, last, False):
            e -= 1
            continue
        return s, e


def check_span(name: str, span: Span | None, lo: int, hi: int) -> Iterator[str]:
    if span is not None and not (lo <= span.start and span.end <= hi):
        yield f"{name} {span.start}-{span.end} leaves the unit {lo}-{hi}"


def check_annotation(ann: UnitAnnotation, unit: Unit, doc_text: str) -> list[str]:
    """Mechanical problems of one unit's annotation (empty list: none)."""
    problems: list[str] = []
    if unit.sha != text_hash(doc_text[unit.start : unit.end]):
        problems.append("the shared text changed since sampling (hash differs)")
    known = known_actor_ids()
    for i, a in enumerate(ann.attributions):
        where = f"{ann.unit_id} #{i}"
        for name, span in (("cue", a.cue), ("content", a.content), ("source", a.source)):
            problems.extend(f"{where}: {p}" for p in check_span(name, span, unit.start, unit.end))
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
        if a.continues is not None:
            prev = ann.attributions[a.continues]
            if prev.speaker != a.speaker:
                problems.append(f"{where}: continues #{a.continues} with another speaker")
    return problems
