"""Sides that ``rules.v3`` reads where the clause gives none.

* Fragment subjects: in a sentence with no finite verb the parser reads "The participants
  ... in a joint statement called on Russia to withdraw" as a noun phrase whose verb is a
  participle of it; the verb has no subject, yet it is active (it has an object, a complement
  or a past-tense form) and the noun phrase it hangs from is who acted.
* Conflict counterparts: a nominal act of material conflict ("the full-scale Russian
  invasion") whose one side is a state and whose other side the sentence leaves out is
  directed at (or done by) the one other state the item names, when there is exactly one.
  Two or more other states, or none, leave the side empty.
* Hostile agents: "the occupiers", "the enemy", unresolved, opposite a state on the other side
  of the act, are that state's one adversary in the war the corpora cover
  (``events_war_parties``): "Ukrainian troops killed 50 invaders" is UKR -> RUS.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Sequence

from sitroom import vocab
from sitroom.extract.events.mentions import dedupe
from sitroom.extract.events.plover import cameo_table
from sitroom.records import ActorRef, Mention, ParsedArticle

#: Dependents that only an active verb has ("called on X to", "sent troops").
_ACTIVE_DEPS = frozenset({"dobj", "xcomp", "dative"})
#: Links by which the noun phrase holding a fragment's verb climbs to its head noun.
_NOUN_LINKS = frozenset({"pobj", "prep", "appos", "conj", "compound"})


def fragment_subject(p: ParsedArticle, i: int, mentions: Sequence[Mention]) -> list[Mention]:
    """The actors of the head noun of a verbless sentence whose participle ``i`` is active.

    Empty unless ``i`` is a verb attached as a clause of a noun (``acl``), with no subject of
    its own, active by form (past tense) or by its dependents (an object, an open complement),
    and the noun phrase it hangs from heads the sentence.
    """
    tok = p.tokens[i]
    if tok.dep != "acl" or tok.pos != "VERB":
        return []
    deps = {p.tokens[c].dep for c in p.children(i)}
    if deps & {"nsubj", "nsubjpass", "agent", "auxpass"}:
        return []
    if tok.tag != "VBD" and not deps & _ACTIVE_DEPS:
        return []
    head = tok.head
    for _ in range(8):
        h = p.tokens[head]
        if h.head == head:
            break
        if h.dep not in _NOUN_LINKS or p.tokens[h.head].pos in ("VERB", "AUX"):
            return []
        head = h.head
    if p.tokens[head].pos not in ("NOUN", "PROPN") or head > i:
        return []
    own = [m for m in mentions if m.actor and m.token_start <= head < m.token_end]
    if own:
        return own[:1]
    mods = {c for c in p.children(head) if p.tokens[c].dep in ("compound", "amod", "poss")}
    return [m for m in mentions if m.actor and any(m.token_start <= c < m.token_end for c in mods)][
        :1
    ]


def material_conflict(etype: str | None) -> bool:
    """A type of material conflict (quad class 4: ASSAULT, COERCE ...)."""
    return etype is not None and cameo_table().types[etype].quad_class == 4


def _states(ms: Sequence[Mention]) -> set[str]:
    return {m.actor.country for m in ms if m.actor and m.actor.country}


def counterpart(
    p: ParsedArticle, i: int, known: list[Mention], mentions: Sequence[Mention]
) -> list[Mention]:
    """The one other state (than those of ``known``: the act's side and the subject of the
    clause that names it) named in the sentence of token ``i``, else in the whole item; []
    when there is none or more than one."""
    own = _states(known)
    if not own:
        return []
    sent = p.sentences[p.tokens[i].sent]
    in_sentence = [m for m in mentions if sent.token_start <= m.token_start < sent.token_end]
    for pool in (in_sentence, list(mentions)):
        others = _states(pool) - own
        if len(others) > 1:
            return []
        if len(others) == 1:
            state = others.pop()
            first = next(m for m in pool if m.actor and m.actor.country == state)
            return dedupe([dataclasses.replace(first, how="counterpart")])
    return []


@functools.cache
def _hostile_words() -> frozenset[str]:
    return vocab.word_set("events_hostile_agents")


@functools.cache
def _war_parties() -> dict[str, tuple[str, ...]]:
    return vocab.word_groups("events_war_parties")


def hostile_side(
    p: ParsedArticle, side: list[Mention], other: list[Mention], mentions: Sequence[Mention]
) -> list[Mention]:
    """``side`` with its unresolved hostile agents ("the occupiers") resolved to the one
    adversary of the one state on the ``other`` side (unchanged when there is none)."""
    hostile = [m for m in side if m.actor is None and _hostile_head(p, m)]
    states = _states(other)
    if not hostile or len(states) != 1:
        return side
    foes = _war_parties().get(next(iter(states)), ())
    if len(foes) != 1:
        return side
    foe = foes[0]
    named = next((m.actor for m in mentions if m.actor and m.actor.actor_id == foe), None)
    ref = ActorRef(foe, named.name if named else foe, foe, "MIL")
    return [dataclasses.replace(m, actor=ref, how="hostile") if m in hostile else m for m in side]


def _hostile_head(p: ParsedArticle, m: Mention) -> bool:
    words = [p.tokens[k].text.lower() for k in range(m.token_start, m.token_end)]
    return bool(words) and words[-1] in _hostile_words()
