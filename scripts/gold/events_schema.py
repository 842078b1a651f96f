"""Pydantic models of the event gold standard (gold/events/): items, events, annotation lines.

Every model forbids unknown keys. Final files hold offsets only (``Span``); the text is
recovered from ``../shared`` by ``events_load.py``. Drafts (``Draft*`` models) give spans as
strings and live outside the repository (``/work/gold-drafts/``); ``events_resolve.py`` turns them
into final lines.
See gold/events/GUIDELINE.md for what the fields mean.
"""

from __future__ import annotations

import re
from typing import Literal

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
Corpus = Literal["ruwa", "pres", "seed"]

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
        {
            "seize",
            "restrict",
            "censor",
            "curfew",
            "martial-law",
            "arrest",
            "deport",
            "withhold",
            "misinformation",
            "cyber",
        }
    ),
    "ASSAULT": frozenset(
        {
            "abduct",
            "beat",
            "torture",
            "sexual",
            "targeted",
            "destroy",
            "primitive",
            "firearms",
            "explosives",
            "suicide-attack",
            "aerial",
            "drone",
            "heavy-weapons",
            "crowd-control",
            "unconventional",
        }
    ),
}

# Sector codes used by the guideline (section "Sectors").
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


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- items


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
    split: Literal["tune", "check"]
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


# ---------------------------------------------------------------- final annotation


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


class Actor(_Strict):
    span: Span | None = Field(description="where the actor is named; null = from outside the item")
    actor_id: str | None = None
    country: str | None = None
    org: str | None = Field(default=None, description="side-defining org id, see GUIDELINE")
    sector: str | None = None

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not STATE_RE.match(v):
            raise ValueError(f"country must be ISO 3166 alpha-3 or null, not {v!r}")
        return v

    @field_validator("org")
    @classmethod
    def _org(cls, v: str | None) -> str | None:
        if v is not None and not ORG_RE.match(v):
            raise ValueError(f"org id must be upper-case (as in orgs.json), not {v!r}")
        return v

    @field_validator("sector")
    @classmethod
    def _sector(cls, v: str | None) -> str | None:
        if v is not None and v not in SECTORS:
            raise ValueError(f"unknown sector {v!r}")
        return v

    @field_validator("actor_id")
    @classmethod
    def _actor_id(cls, v: str | None) -> str | None:
        if v is not None and not (STATE_RE.match(v) or ORG_RE.match(v) or PERSON_RE.match(v)):
            raise ValueError(f"actor_id {v!r} is neither ISO3, an org id nor a person slug")
        return v

    def side_key(self) -> str | None:
        """The key that decides whether two actors are on the same side (GUIDELINE, Scoring)."""
        if self.org:
            return self.org
        if self.country and self.sector in {"REB", "PRE"}:
            return f"{self.country}:{self.sector}"
        return self.country


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


# ---------------------------------------------------------------- drafts (outside the repo)


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
