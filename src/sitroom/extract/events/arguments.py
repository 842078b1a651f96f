"""Arguments: who did the act (source) and to whom (target).

The source is the subject of the trigger's clause, climbing through open complements and
conjunctions ("ready to start talks", "has denied ... but has laid down"), or the "by" agent of
a passive; for a noun trigger, its possessor or modifier ("Russia's buildup", "a Russian
invasion"), else the subject of the verb it hangs from, or X in "accused X of <act>". The
targets are the direct object, the passive subject, and the objects of "to / with / against /
on ..."; a request or threat also targets who must act ("demanded that NATO withdraw",
"unless Ukraine paid"); failing all those, a state named deeper in the trigger's phrase or the
place it happened. A hyphenated pair before an event noun ("Russia-U.S. talks") names both
sides, the first named being the source.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sitroom import vocab
from sitroom.extract.events.counterparts import (
    counterpart,
    fragment_subject,
    hostile_side,
    material_conflict,
)
from sitroom.extract.events.lexicon import lexicon
from sitroom.extract.events.mentions import anaphoric, covered, dedupe, mentions_in
from sitroom.extract.events.plover import cameo_table
from sitroom.extract.events.profile import RULES_V1, Profile
from sitroom.extract.events.sides import beneficiaries, circumstance, controller_object
from sitroom.extract.events.syntax import MAX_CLIMB, climb, has_child_word, kids
from sitroom.extract.events.triggers import Trigger
from sitroom.records import Mention, ParsedArticle, Quote


@dataclass(slots=True)
class Context:
    """What the rules read of one article: its parse, actor mentions, quotes and the countries
    its resolved actors belong to."""

    parsed: ParsedArticle
    mentions: Sequence[Mention]
    quotes: Sequence[Quote]
    countries: tuple[str, ...]
    profile: Profile = RULES_V1


def actors(
    ctx: Context, trig: Trigger, chain: list[tuple[int, str]]
) -> tuple[list[Mention], list[Mention]]:
    """The source and target mentions of the event of ``trig`` (``chain``: its climb)."""
    p = ctx.parsed
    source = _source(ctx, trig)
    target = _targets(ctx, trig)
    noun, pair = _actor_pair(ctx, trig, source)
    if pair:  # "Russia-U.S. talks", "the Putin/Biden summit": the first named is the source
        phrase = set(p.subtree(noun))  # its two sides say who took part ("talks in Vienna")
        source = pair[:1]
        target = [*pair[1:], *(m for m in target if m.token_start not in phrase)]
    if trig.sense.type == "REQUEST":  # "demanded that NATO withdraw", "urged Russia to"
        for c in kids(p, trig.i, ("ccomp", "xcomp")):
            for subj in kids(p, c, ("nsubj", "nsubjpass")):
                target.extend(mentions_in(p, subj, ctx.mentions))
    if trig.sense.type in ("THREATEN", "REQUEST") and not any(m.actor for m in target):
        target.extend(_condition_subjects(ctx, trig))
    if ctx.profile.beneficiary and trig.sense.type == "AID" and not any(m.actor for m in target):
        target = beneficiaries(p, trig.i, ctx.mentions) or target
    if ctx.profile.locations_not_sides:
        source, target = _without_locations(source, target, trig.sense.type)
    bare = ctx.profile.conflict_verbs and subject(p, trig.i)[0] is None  # "Shelling of X"
    if (trig.is_noun or bare) and material_conflict(trig.sense.type):
        source, target = _counterparts(ctx, trig, source, target)
    if ctx.profile.hostile_agents:  # "Ukrainian troops killed 50 invaders": RUS
        source = hostile_side(p, source, target, ctx.mentions)
        target = hostile_side(p, target, source, ctx.mentions)
        if ctx.profile.locations_not_sides:
            source, target = _without_locations(source, target, trig.sense.type)
    return source, dedupe(target)


def _counterparts(
    ctx: Context, trig: Trigger, source: list[Mention], target: list[Mention]
) -> tuple[list[Mention], list[Mention]]:
    """(``conflict_target`` / ``conflict_source``) the one other state of the item as the
    missing side of a nominal material conflict ("the Russian invasion"; with
    ``conflict_verbs`` also of a verb with no subject: "Shelling of Donetsk region")."""
    p, ms = ctx.parsed, ctx.mentions
    has_source = any(m.actor for m in source)
    has_target = any(m.actor for m in distinct_targets(source, target))
    if has_source == has_target:
        return source, target
    subj, _ = subject(p, _governing_verb(p, trig.i))  # "Finland condemned the invasion"
    speaker = mentions_in(p, subj, ms) if subj is not None else []
    if ctx.profile.conflict_target and has_source:
        target = counterpart(p, trig.i, [*source, *speaker], ms) or target
    elif ctx.profile.conflict_source and has_target:
        source = counterpart(p, trig.i, [*target, *speaker], ms) or source
    return source, target


def _without_locations(
    source: list[Mention], target: list[Mention], etype: str | None
) -> tuple[list[Mention], list[Mention]]:
    """A place named only as where the act happened is no side of it: not a source, and a
    target only of a material conflict that has no other target ("shelled Kharkiv": the
    state the place lies in)."""
    source = [m for m in source if m.how != "location"]
    others = [m for m in target if m.how != "location"]
    material = etype is not None and cameo_table().types[etype].quad_class == 4
    if material and not any(m.actor for m in others):
        return source, target
    return source, others


def _source(ctx: Context, trig: Trigger) -> list[Mention]:
    p, ms = ctx.parsed, ctx.mentions
    if trig.is_noun:
        own = _noun_source(p, trig.i, ms)
        if own:
            return own
        verb = _governing_verb(p, trig.i)
        accused = _accused(p, trig.i, verb, ms)
        if accused is not None:
            return accused
        if verb == trig.i or p.tokens[trig.i].dep == "nsubj":
            return []
        if ctx.profile.circumstances and circumstance(p, trig.i, verb):
            return []  # "the city holds its breath amid an attack": not the city's attack
        anchor = verb
    else:
        anchor = trig.i
    subj, _ = subject(p, anchor)
    if ctx.profile.object_control and not trig.is_noun:
        subj = controller_object(p, trig.i) or subj  # "forced the enemy to retreat"
    found = mentions_in(p, subj, ms)
    if not found and subj is None and ctx.profile.fragment_subject and not trig.is_noun:
        found = fragment_subject(p, trig.i, ms)  # "The participants ... called on Russia"
    if not found and subj is not None and anaphoric(p, subj):
        found = _pronoun_fallback(ctx, anchor)
    return found


def _noun_source(p: ParsedArticle, i: int, mentions: Sequence[Mention]) -> list[Mention]:
    """Actors modifying a noun trigger: "Russia's buildup", "a Russian invasion"."""
    found: list[Mention] = []
    for c in kids(p, i, ("poss", "amod", "compound", "nmod")):
        found.extend(mentions_in(p, c, mentions))
    for a in kids(p, i, ("prep",)):
        if p.tokens[a].text.lower() == "by":
            for g in kids(p, a, ("pobj",)):
                found.extend(mentions_in(p, g, mentions))
    return dedupe(found)


def _governing_verb(p: ParsedArticle, i: int) -> int:
    """The verb a noun trigger hangs from (through dobj / pobj / prep / compound links)."""
    cur = i
    for _ in range(6):
        tok = p.tokens[cur]
        if tok.pos in ("VERB", "AUX") or tok.head == cur:
            return cur
        if tok.dep not in (
            "dobj",
            "pobj",
            "prep",
            "compound",
            "conj",
            "attr",
            "nsubjpass",
            "appos",
        ):
            return cur
        cur = tok.head
    return cur


def _accused(p: ParsedArticle, noun: int, verb: int, ms: Sequence[Mention]) -> list[Mention] | None:
    """In "accused X of <act>", X is the source of the act."""
    lemma = p.tokens[verb].lemma.lower()
    entry = lexicon().verbs.get(lemma)
    if entry is None or entry.type != "ACCUSE":
        return None
    objs = kids(p, verb, ("dobj",))
    return mentions_in(p, objs[0], ms) if objs else None


def _pronoun_fallback(ctx: Context, i: int) -> list[Mention]:
    """A pronoun subject with no resolved mention: the subject of the clause that embeds it."""
    p = ctx.parsed
    for node, dep in climb(p, i)[:-1]:
        if dep in ("ccomp", "advcl", "conj", "xcomp"):
            head = p.tokens[node].head
            subj, _ = subject(p, head)
            found = mentions_in(p, subj, ctx.mentions)
            if found:
                return found
    return []


def subject_is_pronoun(p: ParsedArticle, i: int) -> bool:
    """True if the clause of ``i`` has no subject, or one that names no actor by itself."""
    subj, _ = subject(p, i)
    return subj is None or anaphoric(p, subj)


def first_person_subject(p: ParsedArticle, i: int) -> bool:
    """The clause of ``i`` (of the verb a noun trigger hangs from) has "we" or "I" as subject."""
    subj, _ = subject(p, i if p.tokens[i].pos == "VERB" else _governing_verb(p, i))
    return subj is not None and p.tokens[subj].text.lower() in _first_person()


@functools.cache
def _first_person() -> frozenset[str]:
    return vocab.word_set("events_first_person_subjects")


def agentless_passive(p: ParsedArticle, i: int) -> bool:
    """The clause of ``i`` is a passive that names no agent ("civilians were killed"); a noun
    trigger's clause is that of the verb it hangs from."""
    subj, passive = subject(p, _governing_verb(p, i) if p.tokens[i].pos != "VERB" else i)
    return passive and subj is None


def subject(p: ParsedArticle, i: int) -> tuple[int | None, bool]:
    """The subject token of the clause of ``i`` and whether ``i`` is passive.

    Climbs through xcomp / conj / acomp / prep-pobj links so that "ready to start talks" and
    "has denied ... but has laid down" find the shared subject.
    """
    cur = i
    for _ in range(MAX_CLIMB):
        subj = kids(p, cur, ("nsubj", "csubj"))
        if subj:
            return subj[0], False
        pas = kids(p, cur, ("nsubjpass",))
        if pas and _experiencer(p, cur):
            return pas[0], False  # "Israel is opposed to", "Moscow was angered by"
        agent = _agents(p, cur)
        if pas:
            return (agent[0] if agent else None), True
        if agent:
            return agent[0], True
        tok = p.tokens[cur]
        if tok.dep == "advcl" and _bare_infinitive(p, cur):
            cur = tok.head  # "mobilized groups to help support X": the main clause's subject
            continue
        if tok.head == cur or tok.dep in ("ccomp", "advcl", "relcl", "parataxis", "csubj"):
            if tok.dep == "relcl":
                return tok.head, False
            return None, False
        cur = tok.head
    return None, False


def _agents(p: ParsedArticle, i: int) -> list[int]:
    """The "by" agents of passive verb ``i``."""
    return [g for a in kids(p, i, ("agent",)) for g in kids(p, a, ("pobj",))]


def _experiencer(p: ParsedArticle, i: int) -> bool:
    """A passive whose subject is the actor ("is opposed to", "was angered by")."""
    tok = p.tokens[i]
    return tok.tag == "VBN" and tok.lemma.lower() in lexicon().experiencer_passives


def _bare_infinitive(p: ParsedArticle, i: int) -> bool:
    """A purpose clause with no subject of its own: "(in order) to help", "to press"."""
    if kids(p, i, ("nsubj", "nsubjpass", "csubj", "expl")):
        return False
    return p.tokens[i].tag == "VB" and has_child_word(p, i, ("aux",), ["to"])


def _targets(ctx: Context, trig: Trigger) -> list[Mention]:
    p, ms = ctx.parsed, ctx.mentions
    heads: list[int] = list(trig.extra_targets)
    anchors = [trig.i, *trig.absorbed]
    if not trig.is_noun:
        if _experiencer(p, trig.i):
            heads.extend(_agents(p, trig.i))
        else:
            heads.extend(kids(p, trig.i, ("nsubjpass",)))
        heads.extend(kids(p, trig.i, ("dobj", "dative", "iobj")))
    else:
        if p.tokens[trig.i].dep == "compound":  # "a mediation mission between X and Y"
            anchors.append(p.tokens[trig.i].head)
        verb = _light_verb(p, trig.i)
        if verb is not None:  # "granted asylum to X", "paid compensation to X"
            anchors.append(verb)
            heads.extend(kids(p, verb, ("dative", "iobj")))
    for a in anchors:
        for prep in kids(p, a, ("prep", "dative")):
            word = p.tokens[prep].text.lower()
            noun_of = word == "of" and trig.is_noun and a == trig.i
            if word in _target_preps() or noun_of:
                heads.extend(kids(p, prep, ("pobj",)))
    found: list[Mention] = []
    for h in heads:
        found.extend(mentions_in(p, h, ms, undergoer=True))
    victims = [m for h in trig.extra_targets for m in mentions_in(p, h, ms, undergoer=True)]
    if ctx.profile.gerunds and any(m.actor for m in victims):
        return dedupe(victims)  # "civilians were killed in the shelling of the town"
    if not any(m.actor for m in found):
        found.extend(_inner_targets(ctx, trig, ctx.profile.clause_targets))
    return dedupe(found)


@functools.cache
def _target_preps() -> frozenset[str]:
    """Prepositions whose object is a target ("talks with Moscow", "sanctions against Russia")."""
    return vocab.word_set("events_target_preps")


def _light_verb(p: ParsedArticle, noun: int) -> int | None:
    """The verb whose direct object a noun trigger is ("granted asylum", "paid compensation")."""
    cur = noun
    if p.tokens[cur].dep == "compound":
        cur = p.tokens[cur].head
    tok = p.tokens[cur]
    if tok.dep != "dobj" or p.tokens[tok.head].pos not in ("VERB", "AUX"):
        return None
    return tok.head


_INNER_PRUNE = frozenset(
    {"nsubj", "nsubjpass", "csubj", "advcl", "relcl", "ccomp", "parataxis", "punct"}
)


def _inner_targets(ctx: Context, trig: Trigger, no_clauses: bool = False) -> list[Mention]:
    """No target by syntax: actors deeper in the trigger's own phrase, then the place.

    "demanded an admission by Moscow", "threatened action against Russia", "reimposed
    blockades in the West Bank" (PLOVER codes the place's country as the target).
    """
    p = ctx.parsed
    prune = _INNER_PRUNE | {"xcomp"} if no_clauses and not trig.is_noun else _INNER_PRUNE
    reach: set[int] = set()
    stack = [trig.i, *trig.absorbed]
    while stack:
        cur = stack.pop()
        reach.add(cur)
        stack.extend(c for c in p.children(cur) if p.tokens[c].dep not in prune)
    subj, _ = subject(p, trig.i)
    if subj is not None:
        reach -= set(p.subtree(subj))
    found = [m for m in ctx.mentions if m.token_start in reach and _collective(m)]
    return dedupe(found)[:2]


def _collective(m: Mention) -> bool:
    """A state or an international body (not a bare person or an unresolved phrase)."""
    return m.actor is not None and bool(m.actor.country or m.actor.sector in ("IGO", "NGO"))


_PAIR_JOINERS = frozenset({"-", "/", "\u2010", "\u2011", "\u2013", "\u2014"})


_PREMODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "npadvmod", "poss"})


_NAME_POS = frozenset({"PROPN", "ADJ", "NOUN", "PUNCT", "SYM"})


def _premodifiers(p: ParsedArticle, noun: int) -> set[int]:
    """The tokens of the modifiers before a noun ("the US-Russia strategic stability").

    The names directly before the noun count too when the parser hung them elsewhere
    ("held U.S.-Russia talks" with "U.S.-Russia" read as an indirect object).
    """
    out: set[int] = set()
    for c in p.children(noun):
        if c < noun and p.tokens[c].dep in _PREMODIFIER_DEPS:
            out.update(t for t in p.subtree(c) if t < noun)
    i = min(out, default=noun) - 1
    while i >= 0 and p.tokens[i].pos in _NAME_POS and p.tokens[i].sent == p.tokens[noun].sent:
        out.add(i)
        i -= 1
    return out


def _joined_run(p: ParsedArticle, mentions: list[Mention]) -> list[Mention]:
    """The first run of two or more mentions joined by a hyphen or slash ("Russia-NATO")."""
    run: list[Mention] = []
    for m in mentions:
        if run and p.text[run[-1].end : m.start].strip() in _PAIR_JOINERS:
            run.append(m)
            continue
        if len(run) > 1:
            break
        run = [m]
    return run if len(run) > 1 else []


def _actor_pair(ctx: Context, trig: Trigger, source: list[Mention]) -> tuple[int, list[Mention]]:
    """The event noun and the actors named as a hyphenated compound modifying it, in order.

    "Russia-U.S. talks", "the Putin-Biden summit", "Armenia/Azerbaijan clashes": both sides
    of a meeting or fight, the first named being the source. A verb trigger that absorbed
    such a noun ("officials held Russia-U.S. talks") uses them only when its own subject
    names no known actor. One mention spanning the hyphen ("the NATO-Russia Council") is a
    single actor, not a pair.
    """
    p = ctx.parsed
    if trig.is_noun:
        nouns = [trig.i]
    elif any(m.actor for m in source):
        return trig.i, []
    else:
        nouns = sorted(trig.absorbed)
    for noun in nouns:
        mods = _premodifiers(p, noun)
        inside = sorted(
            (m for m in ctx.mentions if m.actor and m.token_end <= noun and covered(p, m, mods)),
            key=lambda m: (m.start, m.end),
        )
        run = _joined_run(p, inside)
        if run:
            return noun, run
    return trig.i, []


def _condition_subjects(ctx: Context, trig: Trigger) -> list[Mention]:
    """ "threatened a strike unless Israel rescinded ...": who must act is the target."""
    p = ctx.parsed
    marks = lexicon().conditional_marks
    clauses = [trig.i, *kids(p, trig.i, ("xcomp", "ccomp"))]
    found: list[Mention] = []
    for c in clauses:
        for adv in kids(p, c, ("advcl",)):
            if has_child_word(p, adv, ("mark",), marks):
                for subj in kids(p, adv, ("nsubj", "nsubjpass")):
                    found.extend(m for m in mentions_in(p, subj, ctx.mentions) if m.actor)
    return found


def _actor_key(m: Mention) -> tuple[str, str | None] | None:
    return (m.actor.actor_id, m.actor.sector) if m.actor else None


def distinct_targets(source: list[Mention], target: list[Mention]) -> list[Mention]:
    """Targets that are not the source again: another span, and another actor or sector.

    A domestic event keeps its same-country target ("ethnic Albanians demonstrated in Serbia",
    "police confiscated weapons from armed groups"): actor id and sector together tell them
    apart, while "Russia ... its border" (same id, same sector) stays one actor.
    """
    keys = {_actor_key(m) for m in source if m.actor}
    spans = {(m.start, m.end) for m in source}
    return [
        m
        for m in target
        if (m.actor is None or _actor_key(m) not in keys) and (m.start, m.end) not in spans
    ]
