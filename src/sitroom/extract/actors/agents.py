"""Agents: actors named by a common noun ("troops", "civilians", "a spokesman", "its forces").

The agent nouns are PETRARCH2's agents dictionary (``data/petrarch/agents.json``, CAMEO sectors
read as PLOVER ones through ``data/vocab/actors_agent_sectors.json``, minus
``actors_agent_exclusions``) with our own list layered over it (``actors_agent_nouns``: ours
wins). A noun phrase whose head is an agent noun becomes a mention of kind ``agent`` with the
noun's sector, and its country comes, in this order, from:

1. what modifies it: a possessor ("Ukraine's army", "Putin's troops", "its forces" through the
   pronoun's antecedent), a state, organisation or person word ("NATO troops", "a Biden
   administration official", "Western partners" = WEST), a place ("Kharkiv residents");
2. a phrase after it (``actors_agent_places``): "of" ("the Armed Forces of Ukraine"), "for"
   for a person in government ("a spokesman for President Putin"), and for people and bodies
   that belong where they are, "in / from / near" a place ("civilians in Kharkiv");
3. for civilians and the like, the one country of the places the sentence names
   ("three civilians were killed in the Donetsk region").

Failing those the mention keeps no actor (``how`` ``agent``): unknown is better than guessed.
Two different countries among the modifiers ("US and British forces") also leave it unknown.
A singular agent noun that names a person (not a body, ``actors_collective_nouns``) is a person
for coreference ("a Belarusian general"); a person in government whose principal is named ("a
spokesman for President Putin") is the one person of that office and country the article
names (Peskov), else an unnamed member of that government.
"""

from __future__ import annotations

import re
from functools import cache

from sitroom import vocab
from sitroom.extract import petrarch
from sitroom.extract.actors.base import ActorBase
from sitroom.extract.actors.context import ArticleContext, Cand, covered
from sitroom.extract.actors.groups import agent_table, bloc_words, names_person
from sitroom.extract.actors.places import locative_preps
from sitroom.extract.actors.pronouns import link_pronoun
from sitroom.extract.actors.roles import RoleSpec, office_matches, role_nouns, role_opens_at
from sitroom.extract.actors.salience import identity
from sitroom.records import ActorRef, Token

MAX_WORDS = 4
#: Dependencies of the words before an agent noun that belong to its phrase.
LEFT_DEPS = frozenset({"amod", "compound", "nummod", "poss", "quantmod", "nmod", "case"})
#: Dependencies through which a word before the noun names whose the agents are.
OWNER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})


@cache
def _places_groups() -> dict[str, tuple[str, ...]]:
    return vocab.word_groups("actors_agent_places")


def gender_of(phrase: str) -> str | None:
    spec = role_nouns().get(tuple(phrase.split()))
    return spec.gender if spec is not None else None


class AgentFinder:
    """Finds agent nouns and the country each belongs to."""

    def __init__(self, base: ActorBase) -> None:
        self.base = base

    def mentions(self, ctx: ArticleContext, chosen: list[Cand]) -> list[Cand]:
        """An agent mention for each agent noun phrase outside ``chosen``."""
        out: list[Cand] = []
        for i, t in enumerate(ctx.tokens):
            if not t.tag.startswith("NN") or covered(chosen, t.start, t.end):
                continue
            if t.dep == "compound" and ctx.tokens[t.head].tag.startswith("NN"):
                continue  # "police station", "army base": modifies another noun
            bloc = self._bloc(ctx, i)
            if bloc is not None:
                out.append(bloc)
                continue
            found = _phrase_at(ctx, i)
            if found is None:
                continue
            first, phrase, sector = found
            if covered(chosen, ctx.tokens[first].start, t.end):
                continue
            if tuple(phrase.split()) in role_nouns() and role_opens_at(ctx, first):
                continue  # "the spokesman", "Russia's foreign minister": a role noun
            if _title_of_name(ctx, first, i):
                continue  # "Chief of Staff of the Presidential Executive Office Anton Vaino"
            out.append(self._agent(ctx, chosen, first, i, phrase, sector))
        return out

    def _agent(
        self,
        ctx: ArticleContext,
        chosen: list[Cand],
        first: int,
        head: int,
        phrase: str,
        sector: str,
    ) -> Cand:
        toks = ctx.tokens
        start_tok = _left_edge(ctx, chosen, first, head)
        start, end = toks[start_tok].start, toks[head].end
        person = names_person(phrase, toks[head])
        plural = toks[head].tag in ("NNS", "NNPS")
        ref, how, owner = self._owner(ctx, chosen, head, sector, person)
        cand = Cand(start, end, "agent", ref, 0.4 if ref is None else 0.7, is_person=person,
                    gender=gender_of(phrase) if person else None, office=phrase if person else None,
                    how=how, plural=plural)  # fmt: skip
        if how == "agent+possessive" and owner is not None and not start <= owner.start < end:
            cand.antecedent = owner.antecedent if owner.kind == "pronoun" else owner.start
        if person and owner is not None and owner.is_person:
            named = self._named_holder(ctx, chosen, phrase, cand, owner)
            if named is not None:
                cand.ref, cand.antecedent, cand.how = named.ref, named.start, "role"
        return cand

    # ------------------------------------------------------------------ whose agents

    def _owner(
        self, ctx: ArticleContext, chosen: list[Cand], head: int, sector: str, person: bool
    ) -> tuple[ActorRef | None, str, Cand | None]:
        """The actor the agents belong to, how it was found, and the mention that said so."""
        found = self._from_modifiers(ctx, chosen, head, sector)
        if found is None:
            found = self._from_phrase_after(ctx, chosen, head, sector, person)
        if found is not None:
            ref, how, owner = found
            return ref, how, owner
        if sector in _places_groups()["sentence_sectors"]:
            ref = self._from_sentence(ctx, chosen, head, sector)
            if ref is not None:
                return ref, "agent+sentence", None
        return None, "agent", None

    def _from_modifiers(
        self, ctx: ArticleContext, chosen: list[Cand], head: int, sector: str
    ) -> tuple[ActorRef | None, str, Cand | None] | None:
        toks = ctx.tokens
        mods = [k for k in ctx.parsed.subtree(head) if k < head and toks[k].dep != "det"]
        mods = [k for k in mods if _owner_link(ctx, k, head)]
        refs: list[tuple[ActorRef, str, Cand | None]] = []
        for k in mods:
            t = toks[k]
            if t.dep == "poss" and t.pos == "PRON":
                linked = link_pronoun(ctx, chosen, t)
                target = linked[0] if linked is not None else None
                if target is not None and target.ref is not None:
                    ref = self._as_owner(target, sector)
                    if ref is not None:
                        refs.append((ref, "agent+possessive", target))
                continue
            bloc = bloc_words().get(t.text.lower()) if t.text[:1].isupper() else None
            if bloc is not None and bloc in self.base.orgs:
                org = self.base.orgs[bloc]
                refs.append(
                    (ActorRef(org.id, org.name, org.country, org.sector), "agent+name", None)
                )
                continue
            for c in chosen:
                if c.ref is not None and c.start <= t.start < c.end and c.kind != "pronoun":
                    ref = self._as_owner(c, sector)
                    if ref is not None:
                        refs.append((ref, _how(c, t), c))
                    break
        return _one(refs)

    def _from_phrase_after(
        self, ctx: ArticleContext, chosen: list[Cand], head: int, sector: str, person: bool
    ) -> tuple[ActorRef | None, str, Cand | None] | None:
        groups = _places_groups()
        allowed = set(groups["own_preps"])
        if person and sector == "GOV":
            allowed |= set(groups["principal_preps"])
        if sector in groups["place_sectors"]:
            allowed |= set(groups["place_preps"])
        for prep in ctx.parsed.children(head):
            p = ctx.tokens[prep]
            if p.dep != "prep" or prep < head or p.text.lower() not in allowed:
                continue
            for obj in ctx.parsed.children(prep):
                if ctx.tokens[obj].dep != "pobj":
                    continue
                span = ctx.parsed.subtree(obj)
                lo, hi = ctx.tokens[span[0]].start, ctx.tokens[span[-1]].end
                inside = [c for c in chosen if c.ref is not None and lo <= c.start < hi]
                refs: list[tuple[ActorRef, str, Cand | None]] = []
                for c in sorted(inside, key=lambda c: c.start):
                    ref = self._as_owner(c, sector)
                    if ref is not None and c.kind != "pronoun":
                        refs.append((ref, "agent+place" if c.kind == "place" else "agent+name", c))
                if refs:  # "the leaders of Russia, Ukraine, France and Germany": no one
                    return _one(refs)
        return None

    def _from_sentence(
        self, ctx: ArticleContext, chosen: list[Cand], head: int, sector: str
    ) -> ActorRef | None:
        """The one country of the places the sentence names (as places, not as actors)."""
        sent = ctx.tokens[head].sent
        countries: set[str] = set()
        for c in chosen:
            tok = ctx.parsed.token_at(c.start)
            if tok is None or ctx.tokens[tok].sent != sent or c.ref is None or not c.ref.country:
                continue
            if c.kind == "place" or _located_state(ctx, c):
                countries.add(c.ref.country)
        if len(countries) != 1:
            return None
        state = self.base.states.get(next(iter(countries)))
        return ActorRef(state.id, state.name, state.id, sector) if state is not None else None

    def _as_owner(self, c: Cand, sector: str) -> ActorRef | None:
        """The actor that agents owned by mention ``c`` stand for, with their sector."""
        assert c.ref is not None
        if c.ref.actor_id in self.base.orgs:
            return c.ref
        country = c.ref.country
        if country is None or country not in self.base.states:
            return None
        state = self.base.states[country]
        return ActorRef(state.id, state.name, state.id, sector)

    def _named_holder(
        self, ctx: ArticleContext, chosen: list[Cand], phrase: str, cand: Cand, owner: Cand
    ) -> Cand | None:
        """ "A spokesman for President Putin": the one person of that office and country the
        article names, before or after; among several, the one whose office names the
        principal's (the presidency's spokesman, not the foreign ministry's)."""
        spec = role_nouns().get(tuple(phrase.split()))
        if spec is None or cand.ref is None:
            return None
        fits = [c for c in [*chosen, *ctx.persons] if _holds(spec, c, cand.ref.country)]
        if len({identity(c) for c in fits}) > 1:
            fits = [c for c in fits if _serves(owner, c)]
        if not fits or len({identity(c) for c in fits}) != 1:
            return None
        return min(fits, key=lambda c: c.start)  # its first mention

    # ------------------------------------------------------------------ blocs

    def _bloc(self, ctx: ArticleContext, i: int) -> Cand | None:
        """ "the West" as a bloc (a noun of its own, not "the West Bank")."""
        t = ctx.tokens[i]
        org_id = bloc_words().get(t.text.lower())
        if org_id is None or org_id not in self.base.orgs or t.pos != "PROPN":
            return None
        if not t.text[:1].isupper() or t.dep == "compound":
            return None
        nxt = ctx.tokens[i + 1] if i + 1 < len(ctx.tokens) else None
        if nxt is not None and nxt.text[:1].isupper() and nxt.sent == t.sent:
            return None
        org = self.base.orgs[org_id]
        ref = ActorRef(org.id, org.name, org.country, org.sector)
        return Cand(t.start, t.end, "name", ref, 0.8, org_kind=org.kind, how="name")


def _phrase_at(ctx: ArticleContext, head: int) -> tuple[int, str, str] | None:
    """The longest agent phrase ending at token ``head``: its first token, key and sector."""
    toks = ctx.tokens
    table = agent_table()
    for n in range(MAX_WORDS, 0, -1):
        first = head - n + 1
        if first < 0 or toks[first].sent != toks[head].sent:
            continue
        phrase = petrarch.key(ctx.text[toks[first].start : toks[head].end])
        if phrase in table:
            return first, phrase, table[phrase]
    return None


#: Words that may join a capitalised title to the name after it.
TITLE_JOINERS = frozenset({"of", "the", "for", "and", "-", "'s", "’s", ","})


def _title_of_name(ctx: ArticleContext, first: int, head: int) -> bool:
    """Is a capitalised agent phrase the title of the person named right after it?"""
    toks = ctx.tokens
    if not toks[first].text[:1].isupper():
        return False
    starts = {c.start for c in ctx.persons}
    for k in range(head + 1, min(head + 10, len(toks))):
        t = toks[k]
        if t.start in starts:
            return True
        if t.sent != toks[head].sent or not (t.text[:1].isupper() or t.text in TITLE_JOINERS):
            return False
    return False


def _left_edge(ctx: ArticleContext, chosen: list[Cand], first: int, head: int) -> int:
    """The first token of the agent's phrase: its own modifiers not named by another mention
    ("three civilians", "its forces"), never a determiner."""
    k = first - 1
    while k >= 0:
        t = ctx.tokens[k]
        if t.sent != ctx.tokens[head].sent or t.dep not in LEFT_DEPS:
            break
        if not (k < t.head <= head) or covered(chosen, t.start, t.end):
            break
        if k > 0 and ctx.tokens[k - 1].text == "-":
            break  # "Russian-backed separatists": "backed" is half of a word
        k -= 1
    return k + 1


def _owner_link(ctx: ArticleContext, k: int, head: int) -> bool:
    """Does token ``k`` (before the agent noun) say whose the agents are? Its chain of heads
    up to the noun goes through modifier links only."""
    cur = k
    for _ in range(5):
        t = ctx.tokens[cur]
        if t.dep not in OWNER_DEPS and t.dep != "case":
            return False
        if t.head == head:
            return True
        if t.head == cur:
            return False
        cur = t.head
    return False


def _how(c: Cand, t: Token) -> str:
    if c.kind == "place":
        return "agent+place"
    if t.dep == "poss" or c.is_person:
        return "agent+possessive" if t.dep == "poss" else "agent+name"
    return "agent+adjective" if c.kind == "adjective" else "agent+name"


def _one(
    refs: list[tuple[ActorRef, str, Cand | None]],
) -> tuple[ActorRef | None, str, Cand | None] | None:
    """The modifiers' one actor; two different ones ("US and British forces") say nothing."""
    if not refs:
        return None
    if len({r[0].actor_id for r in refs}) > 1:
        return None, "agent", None
    return refs[0]


def _serves(principal: Cand, c: Cand) -> bool:
    """Does ``c``'s office name the principal's post ("spokesman of the Russian presidency"
    for the President of Russia)? Words are compared by their first six letters."""
    if principal.office is None or c.office is None:
        return False
    words = re.findall(r"[a-z]+", principal.office.lower())
    return bool(words) and words[0][:6] in c.office.lower()


def _holds(spec: RoleSpec, c: Cand, country: str | None) -> bool:
    if not c.is_person or c.ref is None or c.office is None or c.kind == "agent":
        return False
    return c.ref.country == country and office_matches(spec, c.office, c.ref.sector)


def _located_state(ctx: ArticleContext, c: Cand) -> bool:
    """A state named as where something happened ("in Ukraine")."""
    tok = ctx.parsed.token_at(c.start)
    if tok is None or c.kind not in ("name", "metonym"):
        return False
    t = ctx.tokens[tok]
    return t.dep == "pobj" and ctx.tokens[t.head].text.lower() in locative_preps()
