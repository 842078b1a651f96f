"""Pydantic models of our two real-news gold standards (``gold/events/``, ``gold/quotes/``).

Every model forbids unknown keys. The gold files hold ids, character offsets and our own
labels only; the texts are read back from ``../shared`` (:mod:`sitroom.eval.gold.texts`).
What the fields mean is in ``gold/events/GUIDELINE.md`` and ``gold/quotes/GUIDELINE.md``.

Events (ported from ``scripts/gold/events_schema.py`` and ``seeds_key_events.py``):
:class:`Item` (``items.jsonl``), :class:`Span`, :class:`Actor`, :class:`Event`,
:class:`Annotation` (``annotations_<annotator>.jsonl``), the draft models used by the resolver,
and :class:`KeyEvent` (``seeds_key_events.jsonl``).

Quotes (ported from ``scripts/gold/quotes_schema.py``): :class:`Unit` (``units.jsonl``),
:class:`QuoteSpan`, :class:`QuoteActor`, :class:`Attribution`, :class:`UnitAnnotation`
(``annotations_<annotator>.jsonl``) and :class:`SeedStatement` (``seeds_statements.jsonl``).
"""

from __future__ import annotations

import re
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

PLOVER_TYPES = (
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
)
PloverType = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
Modality = Literal["asserted", "future", "hypothetical", "negated"]
MODALITIES = ("asserted", "future", "hypothetical", "negated")
Corpus = Literal["ruwa", "pres", "seed"]
CORPORA = ("ruwa", "pres", "seed")
Split = Literal["tune", "check"]
Kind = Literal["direct", "indirect", "mixed", "unmarked"]

# Modes allowed per type (PLOVER manual, chapter "Event Categories"); types absent here take none.
MODES: dict[str, frozenset[str]] = {
    "CONSULT": frozenset({"visit", "third-party", "multilateral", "phone"}),
    "RETREAT": frozenset({"withdraw", "release", "disarm", "ceasefire", "access", "resign"}),
    "REQUEST": frozenset({"assist", "change", "yield", "meet"}),
    "REJECT": frozenset({"assist", "change", "yield", "meet"}),
    "ACCUSE": frozenset({"disapprove", "investigate", "allege"}),
    "THREATEN": frozenset({"restrict", "arrest", "relations", "expel", "territory", "violence"}),
    "PROTEST": frozenset({"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"}),
    "SANCTION": frozenset({"convict", "expel", "withdraw", "discontinue"}),
    "MOBILIZE": frozenset({"troops", "weapons", "police", "militia"}),
    "COERCE": frozenset(
        {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport", "withhold",
         "misinformation", "cyber"}
    ),
    "ASSAULT": frozenset(
        {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive", "firearms",
         "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons", "crowd-control",
         "unconventional"}
    ),
}  # fmt: skip

# Sector codes of the event guideline (section "Sectors"); the quote guideline uses the same.
SECTORS = frozenset(
    {
        "GOV", "MIL", "LEG", "JUD", "COP", "SPY", "PTY", "OPP", "REB", "PRE", "PRM", "UAF",
        "UNK", "CVL", "REF", "JRN", "BUS", "NGO", "IGO", "REL", "EDU", "MED", "LAB", "ELI",
        "SOC", "CRM", "AGR",
    }
)  # fmt: skip

DATE_RE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
STATE_RE = re.compile(r"^[A-Z]{3}$")
ORG_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]*$")
PERSON_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$")
# The quote guideline's (slightly looser) patterns, matched in full.
Q_STATE_RE = re.compile(r"[A-Z]{3}")
Q_ORG_RE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
Q_PERSON_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# =============================================================================== events


class Item(_Strict):
    """One unit to annotate: a RUWA row (title + desc) or one sentence of a longer text."""

    item_id: str
    corpus: Corpus
    doc: str | int = Field(description="RUWA row id (str), release line (int), seed file name")
    fields: list[str] | None = Field(default=None, description="RUWA only: ['title', 'desc']")
    field: str | None = Field(default=None, description="sentence items: 'text'")
    start: int | None = None
    end: int | None = None
    doc_date: str | None = Field(description="the record's own date, ISO YYYY-MM-DD, or null")
    split: Split
    double: bool

    @model_validator(mode="after")
    def _shape(self) -> Item:
        if self.corpus == "ruwa":
            ok = self.fields is not None and self.field is None and self.start is None
            if not ok or not isinstance(self.doc, str):
                raise ValueError("a RUWA item has 'fields', a string 'doc' and no offsets")
        else:
            if self.fields is not None or self.field is None:
                raise ValueError("a sentence item has 'field' and no 'fields'")
            if self.start is None or self.end is None or not 0 <= self.start < self.end:
                raise ValueError("a sentence item needs 0 <= start < end")
        if self.doc_date is not None and not DATE_RE.match(self.doc_date):
            raise ValueError(f"bad doc_date {self.doc_date!r}")
        return self

    def field_names(self) -> list[str]:
        return list(self.fields) if self.fields is not None else [str(self.field)]


class Span(_Strict):
    """Character offsets into one field of the shared text (absolute, not item-relative)."""

    field: str
    start: int
    end: int

    @model_validator(mode="after")
    def _order(self) -> Span:
        if not 0 <= self.start < self.end:
            raise ValueError("span needs 0 <= start < end")
        return self


def _check_country(v: str | None) -> str | None:
    if v is not None and not STATE_RE.match(v):
        raise ValueError(f"country must be ISO 3166 alpha-3 or null, not {v!r}")
    return v


def _check_sector(v: str | None) -> str | None:
    if v is not None and v not in SECTORS:
        raise ValueError(f"unknown sector {v!r}")
    return v


class Actor(_Strict):
    span: Span | None = Field(description="where the actor is named; null = from outside the item")
    actor_id: str | None = None
    country: str | None = None
    org: str | None = Field(default=None, description="side-defining org id, see GUIDELINE")
    sector: str | None = None

    _country = field_validator("country")(_check_country)
    _sector = field_validator("sector")(_check_sector)

    @field_validator("org")
    @classmethod
    def _org(cls, v: str | None) -> str | None:
        if v is not None and not ORG_RE.match(v):
            raise ValueError(f"org id must be upper-case (as in orgs.json), not {v!r}")
        return v

    @field_validator("actor_id")
    @classmethod
    def _actor_id(cls, v: str | None) -> str | None:
        if v is not None and not (STATE_RE.match(v) or ORG_RE.match(v) or PERSON_RE.match(v)):
            raise ValueError(f"actor_id {v!r} is neither ISO3, an org id nor a person slug")
        return v

    def side_key(self) -> str | None:
        """The key that decides whether two actors are on the same side (GUIDELINE §6.5, §8)."""
        return side_key(self.org, self.country, self.sector)


def side_key(org: str | None, country: str | None, sector: str | None) -> str | None:
    """``org`` if set; else ``country:REB`` / ``country:PRE``; else ``country``; else None."""
    if org:
        return org
    if country and sector in {"REB", "PRE"}:
        return f"{country}:{sector}"
    return country


class Event(_Strict):
    id: str
    type: PloverType
    mode: str | None = None
    modality: Modality
    trigger: Span
    mentions: list[Span] = Field(default_factory=list, description="restatements in the item")
    source: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    reciprocal: bool = Field(default=False, description="all parties in source (GUIDELINE §6.3)")
    date: str | None = None
    reported_by: Actor | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Event:
        if self.mode is not None and self.mode not in MODES.get(self.type, frozenset()):
            raise ValueError(f"mode {self.mode!r} is not a mode of {self.type}")
        if self.date is not None and not DATE_RE.match(self.date):
            raise ValueError(f"bad date {self.date!r}")
        if self.reciprocal and (self.target or len(self.source) < 2):
            raise ValueError("a reciprocal event has two or more sources and no target")
        return self


class Annotation(_Strict):
    """One line of gold/events/annotations_<annotator>.jsonl."""

    item_id: str
    annotator: str
    events: list[Event]
    notes: str | None = None


class DraftSpan(_Strict):
    text: str
    field: str | None = None
    occurrence: int | None = Field(default=None, ge=1, description="1-based, over fields in order")


class DraftActor(_Strict):
    text: str | None = Field(description="a string of the item, or null (actor from context)")
    field: str | None = None
    occurrence: int | None = Field(default=None, ge=1)
    actor_id: str | None = None
    country: str | None = None
    org: str | None = None
    sector: str | None = None


class DraftEvent(_Strict):
    type: PloverType
    mode: str | None = None
    modality: Modality = "asserted"
    trigger: str | DraftSpan
    mentions: list[str | DraftSpan] = Field(default_factory=list)
    source: list[DraftActor] = Field(default_factory=list)
    target: list[DraftActor] = Field(default_factory=list)
    reciprocal: bool = False
    date: str | None = None
    reported_by: DraftActor | None = None
    note: str | None = None


class DraftAnnotation(_Strict):
    item_id: str
    annotator: str
    events: list[DraftEvent]
    notes: str | None = None


class KeyBase(_Strict):
    """A key event of a seed article: side keys (GUIDELINE §6.5), ids where clear."""

    seed: str
    type: str
    mode: str | None = None
    modality: str = "asserted"
    source: list[str] = Field(default_factory=list)
    target: list[str] = Field(default_factory=list)
    source_ids: list[str] = Field(default_factory=list)
    target_ids: list[str] = Field(default_factory=list)
    date: str | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _check(self) -> KeyBase:
        if self.type not in PLOVER_TYPES:
            raise ValueError(f"unknown type {self.type}")
        if self.mode is not None and self.mode not in MODES.get(self.type, frozenset()):
            raise ValueError(f"mode {self.mode} not allowed for {self.type}")
        if self.modality not in MODALITIES:
            raise ValueError(f"bad modality {self.modality}")
        if self.date is not None and not DATE_RE.match(self.date):
            raise ValueError(f"bad date {self.date}")
        return self


class KeyDraft(KeyBase):
    anchor: str
    trigger: str


class KeyEvent(KeyBase):
    """One line of gold/events/seeds_key_events.jsonl: the trigger's offsets into the file."""

    key_id: str
    start: int
    end: int


# =============================================================================== quotes


class QuoteSpan(_Strict):
    start: int = Field(ge=0)
    end: int

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end <= self.start:
            raise ValueError(f"empty or reversed span {self.start}-{self.end}")
        return self

    def overlaps(self, other: QuoteSpan) -> bool:
        return self.start < other.end and other.start < self.end


class QuoteActor(_Strict):
    """Who said it, in sitroom's terms (people slugs, ISO3 states, org codes, PLOVER sectors)."""

    actor_id: str | None
    name: str | None = None
    country: str | None
    sector: str | None

    @field_validator("actor_id")
    @classmethod
    def _id(cls, v: str | None) -> str | None:
        if v is not None and not (
            Q_STATE_RE.fullmatch(v) or Q_ORG_RE.fullmatch(v) or Q_PERSON_RE.fullmatch(v)
        ):
            raise ValueError(f"malformed actor id {v!r}")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not Q_STATE_RE.fullmatch(v):
            raise ValueError(f"country must be ISO3, got {v!r}")
        return v

    _sector = field_validator("sector")(_check_sector)

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.actor_id is None and self.country is None and self.sector is None:
            raise ValueError("an actor knowing nothing is written as null")
        return self


class Attribution(_Strict):
    """One attribution inside a unit (quotes GUIDELINE.md, sections 2-5)."""

    cue: QuoteSpan | None
    content: QuoteSpan
    source: QuoteSpan | None
    speaker: QuoteActor | None
    co_speakers: list[QuoteActor] = Field(default_factory=list)
    addressee: QuoteActor | None = None
    kind: Kind
    embedded: bool = False
    conduit: bool = False
    continues: int | None = None


class UnitAnnotation(_Strict):
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


class Unit(_Strict):
    unit_id: str
    rank: int = Field(ge=0)
    source: Corpus
    doc_id: str
    start: int = Field(ge=0)
    end: int
    split: Split
    double: bool
    sha: str


class SeedStatement(_Strict):
    """A statement an analyst would list from one of the seeds; content may come in pieces."""

    doc_id: str
    cue: QuoteSpan | None
    content: list[QuoteSpan] = Field(min_length=1)
    source: QuoteSpan | None
    speaker: QuoteActor | None
    co_speakers: list[QuoteActor] = Field(default_factory=list)
    addressee: QuoteActor | None = None
    kind: Kind
