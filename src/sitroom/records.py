"""Typed records passed between pipeline stages.

Every stage takes and returns these plain dataclasses; no spaCy object crosses a module
boundary except inside :mod:`sitroom.nlp`. Offsets are character offsets into
``Article.text`` as stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import date as Date
from typing import Any, Literal

DatePrecision = Literal["day", "week", "month", "year", "unknown"]
QuoteKind = Literal["direct", "indirect", "mixed", "unmarked"]
Modality = Literal["asserted", "future", "hypothetical", "negated"]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of article text: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Span:
        return cls(d["text"], d["start"], d["end"])


def _rounded(value: float, digits: int | None) -> float:
    return value if digits is None else round(value, digits)


# --------------------------------------------------------------------------- ingest


@dataclass(slots=True)
class RawDocument:
    """One document read from an input file, before any cleaning.

    A file may hold several documents (JSON lines, CSV, WARC, feeds); ``record`` tells
    which one. ``meta`` carries what the container already knew (title, date, url, outlet).
    """

    source_path: str
    text: str
    fmt: str
    content_hash: str
    record: int = 0
    encoding: str = "utf-8"
    html: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input set aside, with a one-line reason (see :mod:`sitroom.errors`)."""

    source_path: str
    code: str
    reason: str


# --------------------------------------------------------------------------- normalize


@dataclass(frozen=True, slots=True)
class DateCandidate:
    """A possible publication date and where it came from."""

    value: str  # ISO date, YYYY-MM-DD (first day of the month/year for coarser precisions)
    precision: DatePrecision
    provenance: str  # header, url, date_line, dateline, html, weekday, mention, container
    weight: float
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Article:
    """A cleaned article, ready for language processing."""

    article_id: str
    source_path: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    kicker: str | None = None
    date: str | None = None
    date_precision: DatePrecision = "unknown"
    date_confidence: float = 0.0
    date_conflict: bool = False
    date_candidates: list[DateCandidate] = field(default_factory=list)
    language: str = "en"
    foreign_fragments: list[dict[str, Any]] = field(default_factory=list)
    removed_lines: list[str] = field(default_factory=list)
    raw_hash: str = ""
    fmt: str = "text"
    copy_group: str | None = None
    duplicate_of: str | None = None


# --------------------------------------------------------------------------- nlp


@dataclass(frozen=True, slots=True)
class Token:
    """A token of the parsed article; ``head`` is the index of its syntactic head."""

    i: int
    text: str
    start: int
    end: int
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    ent_type: str
    ent_iob: str
    sent: int
    ws: str = " "


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    token_start: int
    token_end: int  # exclusive


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    start: int
    end: int
    label: str
    token_start: int
    token_end: int  # exclusive


@dataclass(slots=True)
class ParsedArticle:
    """An article with its tokens, sentences and named entities, as plain data."""

    article: Article
    tokens: list[Token]
    sentences: list[Sentence]
    entities: list[Entity]
    _children: list[list[int]] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.article.text

    def children(self, i: int) -> list[int]:
        if self._children is None:
            kids: list[list[int]] = [[] for _ in self.tokens]
            for tok in self.tokens:
                if tok.head != tok.i:
                    kids[tok.head].append(tok.i)
            self._children = kids
        return self._children[i]

    def subtree(self, i: int) -> list[int]:
        """Indices of the tokens under ``i`` (``i`` included), in order."""
        out = [i]
        stack = [i]
        while stack:
            for c in self.children(stack.pop()):
                out.append(c)
                stack.append(c)
        return sorted(out)

    def span(self, token_start: int, token_end: int) -> Span:
        """The text span covering tokens ``[token_start, token_end)``."""
        start = self.tokens[token_start].start
        end = self.tokens[token_end - 1].end
        return Span(self.text[start:end], start, end)

    def char_span(self, start: int, end: int) -> Span:
        return Span(self.text[start:end], start, end)

    def sentence_tokens(self, s: Sentence) -> list[Token]:
        return self.tokens[s.token_start : s.token_end]

    def token_at(self, char: int) -> int | None:
        """Index of the token containing character offset ``char``."""
        lo, hi = 0, len(self.tokens) - 1
        while lo <= hi:
            mid = (lo + hi) // 2
            tok = self.tokens[mid]
            if char < tok.start:
                hi = mid - 1
            elif char >= tok.end:
                lo = mid + 1
            else:
                return mid
        return None


# --------------------------------------------------------------------------- actors


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as named in the contracts: id, display name, ISO3 country, sector."""

    actor_id: str
    name: str
    country: str | None
    sector: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> ActorRef:
        """An actor from a dict with ``actor_id``, ``name`` and (some of) ``country, sector``."""
        return cls(d["actor_id"], d["name"], d.get("country"), d.get("sector"))


@dataclass(slots=True)
class Actor:
    """An entry of the actor table: known from the base or inferred from text."""

    actor_id: str
    name: str
    country: str | None
    sector: str | None
    role: str | None = None
    inferred: bool = False
    evidence: str | None = None
    article_id: str | None = None

    def ref(self) -> ActorRef:
        return ActorRef(self.actor_id, self.name, self.country, self.sector)


@dataclass(slots=True)
class Mention:
    """A mention of an actor in an article.

    ``kind`` says what the words are: ``name`` (a person, state or organisation by name),
    ``metonym`` (a capital or seat standing for a government: "Moscow said", "the Kremlin"),
    ``adjective`` (a demonym or adjective, alone or with a group noun: "Russian troops"),
    ``agent`` (an agent noun: "civilians", "a Belarusian general", "its forces"), ``place`` (a
    city, region or capital named as a place: "in Kharkiv", "shelled Mariupol"), ``role`` (a
    role noun: "the spokesman"), ``pronoun``, ``inferred`` (a person nobody listed, placed by
    a title) or ``phrase`` (an unresolved noun phrase kept by the event coder).

    ``how`` says how its actor was found: ``name``, ``surname``, ``spelling`` (a near-spelling
    of a listed name), ``title`` (a title or appositive placed an unlisted person), ``capital``
    (a capital standing for its government), ``seat`` (a seat of government or a state body:
    "the Kremlin", "the AFU"), ``adjective``, ``demonym``, ``agent``
    (an agent noun; ``agent+adjective``, ``agent+possessive``, ``agent+name``, ``agent+place``,
    ``agent+sentence`` say where its country came from), ``place`` (the place's country, the
    place standing for its people), ``location`` (a place named only as where something
    happened: its actor is the state it lies in, with no sector, and the event coder should
    not take it for a side unless the act is done to the place's people), ``coreference`` (a
    pronoun linked to ``antecedent``), ``role`` (a role noun linked to ``antecedent``),
    ``office`` (a role noun resolved to the base's office holder, or to the government of the
    country it names) or ``unresolved``.
    """

    text: str
    start: int
    end: int
    actor: ActorRef | None
    kind: str
    token_start: int
    token_end: int
    confidence: float = 1.0
    antecedent: int | None = None  # start offset of the mention this one refers back to
    how: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end}
        if self.actor is not None:
            d.update(self.actor.to_dict())
        else:
            d.update({"actor_id": None, "name": None, "country": None, "sector": None})
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Mention:
        """A mention as the contract writes it (:meth:`to_dict`). The contract keeps neither
        the kind nor the token positions: they read back as ``""`` and 0."""
        actor = ActorRef.from_dict(d) if d.get("actor_id") is not None else None
        return cls(d["text"], d["start"], d["end"], actor, "", 0, 0)


# --------------------------------------------------------------------------- quotes


@dataclass(slots=True)
class Quote:
    quote_id: str
    article_id: str
    kind: QuoteKind
    cue: Span
    content: Span
    source: Span | None
    speaker: ActorRef | None
    confidence: float
    #: How the speaker was found: where in the source (``head``, ``appositive``, ``relative``,
    #: ``phrase``, ``it``), ``:`` and the actor mention's own ``how``; ``unresolved`` when the
    #: source names no actor, ``""`` without a source (see ``extract/quotes/speakers.py``).
    speaker_how: str = ""

    def to_dict(self, *, digits: int | None = 3) -> dict[str, Any]:
        """The contract's shape; ``confidence`` rounded to ``digits`` (None: as it is)."""
        return {
            "quote_id": self.quote_id,
            "article_id": self.article_id,
            "kind": self.kind,
            "cue": self.cue.to_dict(),
            "content": self.content.to_dict(),
            "source": self.source.to_dict() if self.source else None,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "confidence": _rounded(self.confidence, digits),
            "speaker_how": self.speaker_how,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Quote:
        """A quote from the contract's shape (:meth:`to_dict`)."""
        return cls(
            quote_id=d["quote_id"],
            article_id=d["article_id"],
            kind=d["kind"],
            cue=Span.from_dict(d["cue"]),
            content=Span.from_dict(d["content"]),
            source=Span.from_dict(d["source"]) if d.get("source") else None,
            speaker=ActorRef.from_dict(d["speaker"]) if d.get("speaker") else None,
            confidence=d["confidence"],
            speaker_how=d.get("speaker_how") or "",
        )


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, slots=True)
class Location:
    text: str
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Location:
        return cls(d["text"], d["name"], d.get("country"), d.get("lat"), d.get("lon"))


@dataclass(frozen=True, slots=True)
class Evidence:
    text: str
    start: int
    end: int
    trigger: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger.to_dict(),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Evidence:
        return cls(d["text"], d["start"], d["end"], Span.from_dict(d["trigger"]))


@dataclass(frozen=True, slots=True)
class Provenance:
    """Why an event exists: the rule that fired, the clause it sits in and how each side's
    actor was found.

    ``rule`` names the pattern: ``<source>:<entry>[+<refinement>]``, for instance
    ``lexicon:verb/attack``, ``lexicon:verb/impose+object:sanctions``,
    ``lexicon:noun/talks+modifier:peace`` or ``petrarch:<pattern id>``. ``trigger`` is the
    trigger's lemma (its particle too: "rule out"). ``clause`` is the clause that holds the
    trigger and ``clause_kind`` what it is (``main``, ``reported``, ``complement``,
    ``relative``, ``adverbial``, ``open``, ``nominal``, ``coordinate``, ``other``).
    ``source`` and ``target`` hold, for each mention of the event's side in order, how its
    actor was found (a :attr:`Mention.how`: ``name``, ``title``, ``demonym``, ``agent``,
    ``coreference``, ``location`` ..., or ``speaker`` when the reporting speaker stands for
    a pronoun subject). ``steps`` lists what changed the event after the rule fired
    (``intent``, ``breakaway``, ``parent-state``, ``embedded-mode``, ...).
    """

    rule: str
    trigger: str
    clause: Span | None = None
    clause_kind: str = ""
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "trigger": self.trigger,
            "clause": self.clause.to_dict() if self.clause else None,
            "clause_kind": self.clause_kind,
            "source": list(self.source),
            "target": list(self.target),
            "steps": list(self.steps),
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Provenance:
        return cls(
            rule=d.get("rule") or "",
            trigger=d.get("trigger") or "",
            clause=Span.from_dict(d["clause"]) if d.get("clause") else None,
            clause_kind=d.get("clause_kind") or "",
            source=tuple(d.get("source") or ()),
            target=tuple(d.get("target") or ()),
            steps=tuple(d.get("steps") or ()),
        )

    def summary(self) -> str:
        """One short line for a reader: "rule: lexicon:verb/attack; source: name; target:
        coreference" (sides with no mention left out)."""
        parts = [f"rule: {self.rule}"]
        for side, hows in (("source", self.source), ("target", self.target)):
            if hows:
                parts.append(f"{side}: {', '.join(h or 'unresolved' for h in hows)}")
        if self.steps:
            parts.append(f"then: {', '.join(self.steps)}")
        return "; ".join(parts)

    def with_steps(self, *steps: str) -> Provenance:
        """This provenance with ``steps`` added."""
        return replace(self, steps=(*self.steps, *steps))


@dataclass(slots=True)
class Event:
    event_id: str
    article_id: str
    type: str
    mode: str | None
    modality: Modality
    source: list[Mention]
    target: list[Mention]
    date: str | None
    date_precision: DatePrecision
    location: Location | None
    cameo: str | None
    goldstein: float | None
    quad_class: int | None
    evidence: Evidence
    confidence: float
    coder: str
    speaker: ActorRef | None = None
    provenance: Provenance | None = None

    def to_dict(self, *, digits: int | None = 3) -> dict[str, Any]:
        """The contract's shape; ``confidence`` rounded to ``digits`` (None: as it is)."""
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "type": self.type,
            "mode": self.mode,
            "modality": self.modality,
            "source": [m.to_dict() for m in self.source],
            "target": [m.to_dict() for m in self.target],
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "cameo": self.cameo,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
            "evidence": self.evidence.to_dict(),
            "confidence": _rounded(self.confidence, digits),
            "coder": self.coder,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "provenance": self.provenance.to_dict() if self.provenance else None,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Event:
        """An event from the contract's shape (:meth:`to_dict`), as the store gives it back."""
        return cls(
            event_id=d["event_id"],
            article_id=d["article_id"],
            type=d["type"],
            mode=d.get("mode"),
            modality=d["modality"],
            source=[Mention.from_dict(m) for m in d.get("source") or ()],
            target=[Mention.from_dict(m) for m in d.get("target") or ()],
            date=d.get("date"),
            date_precision=d["date_precision"],
            location=Location.from_dict(d["location"]) if d.get("location") else None,
            cameo=d.get("cameo"),
            goldstein=d.get("goldstein"),
            quad_class=d.get("quad_class"),
            evidence=Evidence.from_dict(d["evidence"]),
            confidence=d["confidence"],
            coder=d["coder"],
            speaker=ActorRef.from_dict(d["speaker"]) if d.get("speaker") else None,
            provenance=Provenance.from_dict(d["provenance"]) if d.get("provenance") else None,
        )


# --------------------------------------------------------------------------- corroborate


@dataclass(slots=True)
class Cluster:
    cluster_id: str
    type: str
    mode: str | None
    modality: Modality
    source: list[str]
    target: list[str]
    date: str | None
    event_ids: list[str]
    article_ids: list[str]
    outlets: list[str]
    n_outlets: int
    first_reported: str | None
    last_reported: str | None
    confidence: float
    summary: str
    goldstein: float | None = None
    quad_class: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The export contract's shape: every field, in order."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Cluster:
        return cls(**{f.name: d[f.name] for f in fields(cls)})


@dataclass(slots=True)
class Claim:
    """An accusation (``claim``) and the accused's response, each as its contract dict."""

    claim_id: str
    claim: dict[str, Any]
    response: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {"claim_id": self.claim_id, "claim": self.claim, "response": self.response}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Claim:
        return cls(d["claim_id"], d["claim"], d["response"])


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A sentence (or an event's evidence) of one article, with its day."""

    article_id: str
    start: int
    end: int
    text: str
    day: Date | None


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class Extraction:
    """Everything the extraction stages found in one article."""

    parsed: ParsedArticle
    mentions: list[Mention]
    actors: list[Actor]
    quotes: list[Quote]
    events: list[Event]
