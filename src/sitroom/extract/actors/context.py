"""The per-article context the resolver's passes share, and the mention candidates they build.

:class:`ArticleContext` holds one article while the resolver
(:mod:`sitroom.extract.actors.resolver`) works on it: the parse, the article's date, the base's
hits in the text (and which token each hit covers), and the candidates each pass has found so
far. :class:`Cand` is one such candidate mention. The small span helpers every pass uses (token
ranges, entity lookups, overlaps) live here too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sitroom.extract.actors.base import Hit
from sitroom.records import Actor, ActorRef, ParsedArticle, Token


@dataclass(slots=True)
class Cand:
    """A mention being built: its span, actor and what coreference needs to know.

    ``how`` is how the actor was found (see :class:`~sitroom.records.Mention`); ``plural``
    marks a group named in the plural ("troops", "civilians"), which "they" may refer back to
    but "its" may not.
    """

    start: int
    end: int
    kind: str
    ref: ActorRef | None
    confidence: float = 1.0
    antecedent: int | None = None
    is_person: bool = False
    gender: str | None = None
    office: str | None = None
    org_kind: str | None = None
    evidence: str | None = None
    how: str = ""
    plural: bool = False


@dataclass(slots=True)
class ArticleContext:
    """Per-article working state of one :meth:`ActorResolver.resolve` call.

    ``persons`` are people's mentions (names, titles, appositives), ``others`` states,
    organisations and groups; ``shadows`` are places inside a person's mention, kept as
    antecedents for role nouns. ``inferred`` holds the people nobody listed, by id, and
    ``local_names`` their transliteration keys (full name and surname) for later mentions.
    """

    parsed: ParsedArticle
    on: date | None
    hits: list[Hit]
    tok_hit: dict[int, Hit] = field(default_factory=dict)
    persons: list[Cand] = field(default_factory=list)
    others: list[Cand] = field(default_factory=list)
    shadows: list[Cand] = field(default_factory=list)
    inferred: dict[str, Actor] = field(default_factory=dict)
    local_names: dict[str, tuple[ActorRef, str | None, str]] = field(default_factory=dict)

    @property
    def tokens(self) -> list[Token]:
        return self.parsed.tokens

    @property
    def text(self) -> str:
        return self.parsed.text

    def tok_range(self, start: int, end: int) -> range:
        """The tokens a character span covers (empty when it covers none)."""
        a = self.parsed.token_at(start)
        b = self.parsed.token_at(max(start, end - 1))
        if a is None or b is None:
            return range(0)
        return range(a, b + 1)

    def ent_at(self, start: int, end: int, label: str = "PERSON") -> tuple[int, int] | None:
        """The span of the first entity with ``label`` holding the character span, if any."""
        for e in self.parsed.entities:
            if e.label == label and e.start <= start and end <= e.end:
                return e.start, e.end
        return None

    def state_at(self, i: int) -> bool:
        """Does token ``i`` name a state?"""
        h = self.tok_hit.get(i)
        return h is not None and h.entries[0].kind == "state"

    def all_hits(self, start: int, end: int) -> bool:
        """Is every token of the span part of a hit of the base?"""
        return all(i in self.tok_hit for i in self.tok_range(start, end))


def covered(cands: Iterable[Cand], start: int, end: int) -> bool:
    """Does any candidate overlap the character span?"""
    return any(c.start < end and start < c.end for c in cands)


def state_id(h: Hit) -> str:
    """The state a hit names (the hit must name one)."""
    return next(e.actor_id for e in h.entries if e.kind == "state")


def hit_country(h: Hit) -> str | None:
    """The state a hit names or lies in (a state or a place), else None."""
    return next((e.actor_id for e in h.entries if e.kind in ("state", "place")), None)
