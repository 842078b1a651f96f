"""Breakaway regions: cooperation with a breakaway part of a state is conflict with the state.

Recognising the "people's republics", supporting separatists or signing treaties with them is,
towards the state they broke away from, a rejection of its sovereignty. Two rules code it:

* :func:`recode_breakaway_state`: cooperation "with" a state whose mention in fact names a
  breakaway part of it ("breakaway Ukrainian regions", which the actors stage resolves to
  Ukraine) becomes that conflict;
* :func:`towards_parent_state`: cooperation with an actor of a separatist sector (PRE, REB)
  gives an extra event towards its parent state.
"""

from __future__ import annotations

from dataclasses import replace

from sitroom.extract.events.ids import event_id
from sitroom.extract.events.lexicon import lexicon
from sitroom.extract.events.plover import derive_codes
from sitroom.records import ActorRef, Event, Mention, ParsedArticle, Provenance

#: Sectors of a breakaway part of a state: PLOVER's "partially recognized entity" (the DPR,
#: Abkhazia ...; its country is the parent state) and rebels / separatists.
SEPARATIST_SECTORS: frozenset[str] = frozenset({"PRE", "REB"})


#: Cooperation which, given to a breakaway part of a state by an outside actor, challenges
#: the parent state's sovereignty (recognition, support, treaties).
PARENT_CHALLENGING_TYPES: frozenset[str] = frozenset({"SUPPORT", "AGREE"})


#: How that challenge is coded towards the parent state: PLOVER REJECT (verbal conflict,
#: CAMEO 120, Goldstein -4): it rejects the parent's claim to the territory without, by
#: itself, using force or restricting anyone (which COERCE would need).
PARENT_CONFLICT_TYPE = "REJECT"


def recode_breakaway_state(p: ParsedArticle, ev: Event) -> Event:
    """Cooperation "with" a state whose mention is in fact a breakaway part of it (the actors
    stage gives "breakaway Ukrainian regions" the actor Ukraine) is coded as the conflict
    towards that state it is: type :data:`PARENT_CONFLICT_TYPE`, when no source is of the
    same state."""
    if ev.type not in PARENT_CHALLENGING_TYPES:
        return ev
    own = {m.actor.country for m in ev.source if m.actor and m.actor.country}
    of_parts = _names_breakaway_parts(p, ev)
    parts = [
        m
        for m in ev.target
        if m.actor
        and m.actor.sector not in SEPARATIST_SECTORS
        and m.actor.country
        and m.actor.country not in own
        and (of_parts or _breakaway_part(p, m))
    ]
    if not parts:
        return ev
    codes = derive_codes(PARENT_CONFLICT_TYPE)
    ev.type, ev.mode = PARENT_CONFLICT_TYPE, None
    ev.cameo, ev.goldstein, ev.quad_class = codes.cameo, codes.goldstein, codes.quad_class
    ev.provenance = ev.provenance.with_steps("breakaway") if ev.provenance else None
    return ev


_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


def _breakaway_part(p: ParsedArticle, m: Mention) -> bool:
    """True if the state mention ``m`` names a breakaway part of the state: its phrase or
    the phrase it modifies has a breakaway word ("breakaway Ukrainian regions", "the
    separatists of Georgia", "Ukraine's self-proclaimed republics")."""
    words = set(lexicon().breakaway_words)
    if not words or m.token_end <= m.token_start:
        return False
    last = m.token_end - 1
    heads = {last, p.tokens[last].head}
    if p.tokens[last].dep == "pobj":  # "the separatists of Georgia": up through "of"
        heads.add(p.tokens[p.tokens[last].head].head)
    near = set(range(m.token_start, m.token_end)) | heads
    heads = {h for h in heads if p.tokens[h].pos in ("NOUN", "PROPN", "ADJ")}
    near |= {t.i for t in p.tokens if t.head in heads and t.dep in _MODIFIER_DEPS}
    return any(
        p.tokens[i].text.lower() in words or p.tokens[i].lemma.lower() in words for i in near
    )


def _names_breakaway_parts(p: ParsedArticle, ev: Event) -> bool:
    """True when what the act is done to (the trigger's object or "of" phrase) names
    breakaway parts: "recognition of self-proclaimed entities in the occupied territories of
    ... Ukraine", "recognised the so-called republics"."""
    words = set(lexicon().breakaway_words)
    trig = p.token_at(ev.evidence.trigger.start)
    if trig is None:
        return False
    for c in p.children(trig):
        if p.tokens[c].dep not in ("dobj", "prep") or (
            p.tokens[c].dep == "prep" and p.tokens[c].text.lower() != "of"
        ):
            continue
        if any(
            p.tokens[i].text.lower() in words or p.tokens[i].lemma.lower() in words
            for i in p.subtree(c)
        ):
            return True
    return False


def towards_parent_state(ev: Event) -> Event | None:
    """The conflict towards the parent state that cooperation with its breakaway part means.

    Recognising the "people's republics", supporting separatists or signing treaties with
    them (SUPPORT, AGREE) is, towards the state they broke away from, a rejection of its
    sovereignty: an extra event of type :data:`PARENT_CONFLICT_TYPE` from the same source
    to the parent state, with the same modality, date and evidence. None when the event is
    not such cooperation.
    """
    if ev.type not in PARENT_CHALLENGING_TYPES:
        return None
    parents = _breakaway_parents(ev)
    if not parents:
        return None
    codes = derive_codes(PARENT_CONFLICT_TYPE)
    return replace(
        ev,
        event_id=event_id(ev.article_id, ev.evidence.trigger.start, "parent:" + ev.type),
        type=PARENT_CONFLICT_TYPE,
        mode=None,
        source=list(ev.source),
        target=parents,
        cameo=codes.cameo,
        goldstein=codes.goldstein,
        quad_class=codes.quad_class,
        confidence=ev.confidence * 0.9,
        coder=ev.coder,
        provenance=_parent_provenance(ev, parents),
    )


def _parent_provenance(ev: Event, parents: list[Mention]) -> Provenance | None:
    """The event's provenance, with the parent states as its target."""
    if ev.provenance is None:
        return None
    prov = replace(ev.provenance, target=tuple("parent-state" for _ in parents))
    return prov.with_steps("parent-state")


def _breakaway_parents(ev: Event) -> list[Mention]:
    """The parent states of the event's breakaway targets, when no source is of that state.

    A target of a separatist sector (PRE, REB) with a country is a breakaway part of that
    country; each parent state comes as an ``inferred`` mention at the target's span. A
    state dealing with its own separatists (a domestic settlement) has no parent to add.
    """
    own = {m.actor.country for m in ev.source if m.actor and m.actor.country}
    found: dict[str, Mention] = {}
    for m in ev.target:
        a = m.actor
        if a is None or a.sector not in SEPARATIST_SECTORS or not a.country:
            continue
        if a.country in own or a.country in found:
            continue
        ref = ActorRef(a.country, a.country, a.country, "GOV")
        found[a.country] = Mention(
            m.text, m.start, m.end, ref, "inferred", m.token_start, m.token_end, m.confidence
        )
    return list(found.values())
