"""Places: cities and regions, and what a place name does in its sentence.

* **Finding places** (:meth:`PlaceFinder.find`): capitalised words that name a city or region
  become hits of the state they lie in (``Entry`` kind ``place``), looked up in our own list
  (``data/places.json``) first and then in PETRARCH2's place table
  (:func:`sitroom.extract.petrarch.place_country`; a place it files under two states is left
  alone). "region", "Oblast" and the like after the name belong to it
  (``data/vocab/actors_place_suffixes.json``). Capitals stay the base's own forms.
* **What the name does** (:func:`place_use`): before an agreement, format or meeting noun ("the
  Minsk agreements", "the Istanbul talks", ``data/vocab/actors_agreement_nouns.json``) it names
  no actor at all; after a locative preposition ("in Kharkiv", "near Mariupol",
  ``actors_locative_preps``) it says where something happened; anywhere else it stands for the
  place's people ("shelled Kharkiv", "Kharkiv residents").
* **Place mentions** (:meth:`PlaceFinder.mentions`): a place is a mention of kind ``place``
  whose actor is the state it lies in with no sector; ``how`` is ``location`` for a place named
  only as where something happened and ``place`` otherwise. Whether a location is a side
  ("talks in Istanbul": no; "banned voting in East Jerusalem": its people, PLOVER's target)
  depends on the act, so the event coder decides; the actor stage only marks it. A capital
  keeps standing for its government ("Moscow said", "the Kremlin") except where it names a
  place ("talks in Moscow", "the Kyiv region", "Kyiv residents") or an agreement ("the Minsk
  agreements"); a format of the base ("the Normandy format", "the G20 summit") is no actor
  either.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sitroom import vocab
from sitroom.extract import petrarch
from sitroom.extract.actors.base import ActorBase, Entry, Hit
from sitroom.extract.actors.context import ArticleContext, Cand, covered
from sitroom.records import ActorRef

PlaceUse = Literal["agreement", "location", "modifier", "place"]
#: Tokens that may sit inside a place name ("Rostov-on-Don", "St. Petersburg").
INNER = frozenset({"-", "on", "of", "upon", "."})
MAX_WORDS = 4
#: Dependencies by which a name modifies the noun after it.
MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod"})


class PlacesFile(BaseModel):
    """``data/places.json``: place names by the ISO code of the state they lie in."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    schema_version: Literal[1]
    description: str
    places: dict[str, list[str]] = Field(default_factory=dict)


@cache
def own_places() -> Mapping[str, str]:
    """Our place names (lookup keys) and the state each lies in."""
    text = resources.files("sitroom").joinpath("data/places.json").read_text(encoding="utf-8")
    data = PlacesFile.model_validate_json(text)
    return {petrarch.key(n): code for code, names in data.places.items() for n in names}


@cache
def locative_preps() -> frozenset[str]:
    return vocab.word_set("actors_locative_preps")


@cache
def agreement_nouns() -> frozenset[str]:
    return vocab.word_set("actors_agreement_nouns")


@cache
def place_nouns() -> frozenset[str]:
    return vocab.word_set("actors_place_nouns")


@cache
def place_suffixes() -> frozenset[str]:
    return vocab.word_set("actors_place_suffixes")


def place_country(name: str) -> str | None:
    """The state a place lies in: our list first, then PETRARCH2's (None if unknown or two)."""
    k = petrarch.key(name)
    if k in own_places():
        return own_places()[k]
    return petrarch.place_country(k)


class PlaceFinder:
    """Finds places and decides whether a place or capital stands for an actor."""

    def __init__(self, base: ActorBase) -> None:
        self.base = base

    def find(self, ctx: ArticleContext) -> None:
        """Add a hit for every place name not already a hit of the base."""
        toks = ctx.tokens
        added: list[Hit] = []
        i = 0
        while i < len(toks):
            found = self._place_at(ctx, i)
            if found is None:
                i += 1
                continue
            j, country = found
            if country in self.base.states:
                end = _suffix_end(ctx, j)
                hit = Hit(toks[i].start, toks[end - 1].end, (Entry("place", country, "place"),))
                added.append(hit)
                for k in range(i, end):
                    ctx.tok_hit[k] = hit
            i = j
        if added:
            ctx.hits = sorted([*ctx.hits, *added], key=lambda h: h.start)

    def _place_at(self, ctx: ArticleContext, i: int) -> tuple[int, str] | None:
        """The longest place name starting at token ``i``: its end token and state."""
        toks = ctx.tokens
        if not _capital(ctx, i) or i in ctx.tok_hit or _inside_person(ctx, i):
            return None
        for n in range(MAX_WORDS, 0, -1):
            j = i + n
            if (
                j > len(toks)
                or toks[j - 1].sent != toks[i].sent
                or any(k in ctx.tok_hit for k in range(i, j))
            ):
                continue
            if not _capital(ctx, j - 1) or any(
                not _capital(ctx, k) and toks[k].text.lower() not in INNER for k in range(i, j)
            ):
                continue
            name = ctx.text[toks[i].start : toks[j - 1].end]
            name = petrarch.key(name.removesuffix("'s").removesuffix("’s"))
            country = own_places().get(name)
            if country is None and _name_like(ctx, i):  # PETRARCH's: only a tagged name
                country = petrarch.place_country(name)
            if country is not None:
                return j, country
        return None

    def mentions(self, ctx: ArticleContext) -> None:
        """Place mentions for place hits; capitals and formats re-read by what they do."""
        for h in ctx.hits:
            if h.entries[0].kind != "place":
                continue
            use = place_use(ctx, h.start, h.end)
            if use == "agreement":
                continue
            state = self.base.states[h.entries[0].actor_id]
            ref = ActorRef(state.id, state.name, state.id, None)
            how = "location" if use == "location" else "place"
            cand = Cand(h.start, h.end, "place", ref, 0.8, how=how)
            (ctx.shadows if covered(ctx.persons, h.start, h.end) else ctx.others).append(cand)
        ctx.others = [c for c in (self._reread(ctx, c) for c in ctx.others) if c is not None]

    def _reread(self, ctx: ArticleContext, c: Cand) -> Cand | None:
        """A capital named as a place, or a format named as a format, is no government."""
        if c.org_kind == "forum":
            return None if _names_format(ctx, c) else c
        if c.kind != "metonym" or c.ref is None or c.how != "capital":
            return c
        end = _suffix_end(ctx, ctx.tok_range(c.start, c.end)[-1] + 1)
        suffixed = end > ctx.tok_range(c.start, c.end)[-1] + 1
        use = place_use(ctx, c.start, ctx.tokens[end - 1].end)
        if use == "agreement":
            return None
        if use == "location" or suffixed or (use == "modifier" and _before_agent(ctx, c)):
            ref = ActorRef(c.ref.actor_id, c.ref.name, c.ref.country, None)
            how = "location" if use == "location" else "place"
            return Cand(c.start, ctx.tokens[end - 1].end, "place", ref, 0.8, how=how)
        return c


def place_use(ctx: ArticleContext, start: int, end: int) -> PlaceUse:
    """What a place name does: names an agreement, where something happened, modifies a
    noun (the place's people: "Kharkiv residents"), or stands for its people."""
    rng = ctx.tok_range(start, end)
    if not rng:
        return "place"
    last = rng[-1]
    nxt = last + 1
    while nxt < len(ctx.tokens) and ctx.tokens[nxt].text in ("-", "'s", "’s"):
        nxt += 1
    if nxt < len(ctx.tokens) and ctx.tokens[nxt].text.lower() in agreement_nouns():
        return "agreement"
    head = _np_head(ctx, last, rng)
    tok = ctx.tokens[head]
    if head != last and tok.text.lower() in agreement_nouns():
        return "agreement"
    if head != last:
        return "modifier"
    if tok.dep == "pobj" and ctx.tokens[tok.head].text.lower() == "of":
        noun = ctx.tokens[ctx.tokens[tok.head].head]  # "in the city of Mariupol"
        if noun.text.lower() in place_nouns():
            tok = noun
    if tok.dep == "pobj" and ctx.tokens[tok.head].text.lower() in locative_preps():
        return "location"
    return "place"


def _np_head(ctx: ArticleContext, i: int, rng: range) -> int:
    """The noun a name modifies, through compound and modifier links (the name itself if
    it modifies nothing)."""
    cur = i
    for _ in range(4):
        tok = ctx.tokens[cur]
        if tok.dep not in MODIFIER_DEPS or tok.head == cur or tok.head < cur:
            break
        cur = tok.head
    return cur if cur not in rng else i


def _before_agent(ctx: ArticleContext, c: Cand) -> bool:
    """ "Kyiv residents", "Moscow officials": the capital says where the agents are from
    (unlike "Moscow demands", where it stands for the government)."""
    from sitroom.extract.actors.groups import agent_table

    rng = ctx.tok_range(c.start, c.end)
    head = _np_head(ctx, rng[-1], rng)
    return petrarch.key(ctx.tokens[head].text) in agent_table()


def _names_format(ctx: ArticleContext, c: Cand) -> bool:
    """ "the Normandy format", "the G20 summit": a format named as a format, not as a body."""
    words = ctx.text[c.start : c.end].lower().split()
    return any(w in agreement_nouns() for w in words) or place_use(ctx, c.start, c.end) in (
        "agreement",
    )


def _capital(ctx: ArticleContext, i: int) -> bool:
    return ctx.tokens[i].text[:1].isupper()


def _name_like(ctx: ArticleContext, i: int) -> bool:
    """A capitalised word that is a name (at a sentence start, only if tagged as one)."""
    t = ctx.tokens[i]
    first = i == 0 or ctx.tokens[i - 1].sent != t.sent
    return t.pos == "PROPN" or t.ent_type != "" or not first


def _inside_person(ctx: ArticleContext, i: int) -> bool:
    """After the first word of a person's name ("Andriy Sadovyi"), not a place the tagger
    took for a person ("Zaporizhzhia NPP")."""
    t = ctx.tokens[i]
    for e in ctx.parsed.entities:
        if e.label == "PERSON" and e.start <= t.start < e.end:
            return e.token_start < i
    return False


def _suffix_end(ctx: ArticleContext, j: int) -> int:
    """Past "region", "Oblast" and the like right after a place name."""
    toks = ctx.tokens
    if (
        j < len(toks)
        and toks[j].text.lower() in place_suffixes()
        and toks[j].sent == toks[j - 1].sent
    ):
        return j + 1
    return j
