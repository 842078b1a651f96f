"""Actors: who is mentioned in an article, as what, on the article's date.

:class:`ActorResolver` turns a :class:`~sitroom.records.ParsedArticle` into mentions and
actors. It builds one :class:`~sitroom.extract.actors.context.ArticleContext` per article (the
base's hits in the text, :mod:`sitroom.extract.actors.base`, and the places,
:mod:`~sitroom.extract.actors.places`) and runs the passes over it, each in a module of its own:

1. **Names** (:mod:`~sitroom.extract.actors.names`): people of the base by full name or
   surname, with the scraper's missing apostrophes tolerated ("Putins" names Putin; the mention
   covers just the name); people the tagger found, matched to people inferred earlier or to a
   near-spelling of a listed name; later surname-only mentions.
2. **Titles** (:mod:`~sitroom.extract.actors.titles`): a person nobody listed becomes an
   inferred actor when a title before the name ("Russian Deputy Foreign Minister", "Kharkiv
   Mayor") or an appositive after it (", the Kremlin spokesman,") gives a country and sector; a
   listed person's title joins the person's mention ("NATO Secretary General Jens Stoltenberg").
3. **Groups** (:mod:`~sitroom.extract.actors.groups`): states (names, adjectives, demonyms,
   capitals and seats of government as governments: "the Kremlin" -> RUS/GOV), organisations,
   groups ("Russian troops", "the Russian Defense Ministry", "a Belarusian general") and
   ethnic groups ("Kurds", coded by the state they live in).
4. **Places** (:mod:`~sitroom.extract.actors.places`): cities and regions are mentions of kind
   ``place``; one named only as where something happened ("in Kharkiv", "talks in Moscow") is
   marked ``location``; "the Minsk agreements" and "the Normandy format" name no actor.
5. **Agents** (:mod:`~sitroom.extract.actors.agents`): "civilians", "its forces", "Kharkiv
   residents", "a spokesman for President Putin", with the country their phrase or sentence
   gives, else none.
6. **Role nouns** (:mod:`~sitroom.extract.actors.roles`): "the president", "the alliance",
   "Russia's foreign minister" resolve to the one compatible earlier actor (subjects first,
   :mod:`~sitroom.extract.actors.salience`), or with a country and no antecedent to the only
   person of the base holding such an office that day; two competing actors leave it
   unresolved.
7. **Pronouns** (:mod:`~sitroom.extract.actors.pronouns`): he/she, they and its, by the same
   rule of salience; otherwise unresolved (``actor=None``).

Where candidates overlap, names, groups and places win over agents, role nouns over the agents
they cover, and all of those over pronouns; among names and groups, the earlier-listed
candidate wins. Every mention records how its actor was found (``Mention.how``).
"""

from __future__ import annotations

import bisect

from sitroom.extract.actors.agents import AgentFinder
from sitroom.extract.actors.base import ActorBase, parse_date
from sitroom.extract.actors.context import ArticleContext, Cand
from sitroom.extract.actors.groups import GroupFinder
from sitroom.extract.actors.names import NameFinder
from sitroom.extract.actors.places import PlaceFinder
from sitroom.extract.actors.pronouns import pronoun_mentions
from sitroom.extract.actors.roles import RoleNounResolver
from sitroom.extract.actors.titles import TitleReader
from sitroom.records import Actor, ActorRef, Mention, ParsedArticle

__all__ = ["ActorResolver"]


class ActorResolver:
    """Finds and resolves actor mentions in a parsed article (see the module docstring)."""

    def __init__(self, base: ActorBase | None = None) -> None:
        self.base = base if base is not None else ActorBase.load()
        self.titles = TitleReader(self.base)
        self.names = NameFinder(self.base, self.titles)
        self.groups = GroupFinder(self.base)
        self.places = PlaceFinder(self.base)
        self.agents = AgentFinder(self.base)
        self.roles = RoleNounResolver(self.base)

    def resolve(self, parsed: ParsedArticle) -> tuple[list[Mention], list[Actor]]:
        """The article's actor mentions in text order, and the actors they name."""
        ctx = ArticleContext(parsed, parse_date(parsed.article.date), self.base.scan(parsed.text))
        for h in ctx.hits:
            for i in ctx.tok_range(h.start, h.end):
                ctx.tok_hit[i] = h
        self.places.find(ctx)
        self.groups.misspelt_states(ctx)
        self.names.base_people(ctx)
        self.names.ner_people(ctx)
        self.names.local_surnames(ctx)
        self.titles.titles_and_appositives(ctx)
        self.groups.states_and_orgs(ctx)
        self.places.mentions(ctx)
        self.groups.ethnic_groups(ctx)
        chosen = _select([*ctx.persons, *ctx.others])
        chosen = _select([*chosen, *self.agents.mentions(ctx, chosen)])
        roles = self.roles.resolve(ctx, chosen)
        chosen = _select([*roles, *chosen])
        chosen = _select([*chosen, *pronoun_mentions(ctx, chosen)])
        return self._finish(ctx, chosen)

    def _finish(self, ctx: ArticleContext, chosen: list[Cand]) -> tuple[list[Mention], list[Actor]]:
        mentions: list[Mention] = []
        actors: dict[str, Actor] = {}
        for c in chosen:
            rng = ctx.tok_range(c.start, c.end)
            if not rng:
                continue
            how = c.how or ("unresolved" if c.ref is None else c.kind)
            mentions.append(
                Mention(ctx.text[c.start : c.end], c.start, c.end, c.ref, c.kind, rng[0],
                        rng[-1] + 1, round(c.confidence, 3), c.antecedent, how)
            )  # fmt: skip
            if c.ref is not None and c.ref.actor_id not in actors:
                actors[c.ref.actor_id] = self._actor_for(ctx, c.ref)
        return mentions, list(actors.values())

    def _actor_for(self, ctx: ArticleContext, ref: ActorRef) -> Actor:
        if ref.actor_id in ctx.inferred:
            return ctx.inferred[ref.actor_id]
        actor = self.base.get(ref.actor_id, ctx.on)
        if actor is None:
            return Actor(ref.actor_id, ref.name, ref.country, ref.sector)
        return actor


def _select(cands: list[Cand]) -> list[Cand]:
    """Non-overlapping candidates in text order, earlier-listed ones winning overlaps."""
    taken: list[Cand] = []
    starts: list[int] = []
    for c in cands:
        if c.end <= c.start:
            continue
        k = bisect.bisect_left(starts, c.start)
        if k > 0 and taken[k - 1].end > c.start:
            continue
        if k < len(taken) and taken[k].start < c.end:
            continue
        taken.insert(k, c)
        starts.insert(k, c.start)
    return taken
