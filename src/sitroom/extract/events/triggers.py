"""Trigger matching: the verbs and nouns of a sentence that start an event, with their sense.

A verb of the lexicon is refined by its particle ("ruled out"), by a preposition
("appealed to"), by the class of its object ("imposed sanctions", "accused of aggression") or
by a clause of its own ("asked Germany to send arms"); a noun by its modifiers ("peace talks")
or its prepositional phrase ("withdrawal from the agreements"). A noun that only names what a
verb act is about ("impose sanctions", "ready to discuss his demands") is part of the verb's
event; imperatives, names ("North Atlantic Treaty Organization") and ruled-out acts ("nowhere
to retreat") are no events.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from sitroom import vocab
from sitroom.extract.events.lexicon import Entry, Lexicon, Sense, lexicon
from sitroom.extract.events.syntax import kids
from sitroom.records import ParsedArticle


@dataclass(slots=True)
class Trigger:
    """A token that starts an event, with the sense chosen and the tokens it spans."""

    i: int
    sense: Sense
    tokens: list[int]
    is_noun: bool
    absorbed: set[int] = field(default_factory=set)  # object/prep tokens that refined it
    extra_targets: list[int] = field(default_factory=list)
    mode_override: str | None = None
    literal: Sense | None = None  # the verb's own sense when read as words ("attacked X")


def _object_heads(p: ParsedArticle, i: int) -> list[tuple[str, int]]:
    """(how, token) pairs for the objects of verb ``i``: dobj, pobj by preposition, xcomp."""
    out: list[tuple[str, int]] = []
    for c in p.children(i):
        tok = p.tokens[c]
        if tok.dep in ("dobj", "attr", "nsubjpass", "dative", "oprd"):
            out.append(("dobj", c))
        elif tok.dep == "prep" or (tok.dep == "prt" and p.tokens[c].text.lower() == "for"):
            out.extend((tok.text.lower(), g) for g in kids(p, c, ("pobj",)))
        elif tok.dep == "xcomp":
            out.append(("xcomp", c))
    return out


#: Dependency labels through which an object can refine its verb (prepositions can too).
_OBJECT_LINK_DEPS = frozenset({"dobj", "xcomp"})


@functools.cache
def _object_links() -> frozenset[str]:
    """How an object may refine a verb trigger by its class: as direct object, open clause, or
    the object of one of the prepositions of ``events_object_link_preps``."""
    return _OBJECT_LINK_DEPS | vocab.word_set("events_object_link_preps")


def _object_sense(p: ParsedArticle, o: int, entry: Entry, lex: Lexicon) -> Sense | None:
    """The sense an object of class-listed lemma gives (a sense with no type: no event)."""
    classes = lex.class_of(p.tokens[o].lemma.lower()) | lex.class_of(p.tokens[o].text.lower())
    return next((entry.objects[c] for c in sorted(classes) if c in entry.objects), None)


def _match_verb(p: ParsedArticle, i: int, entry: Entry, lex: Lexicon) -> Trigger | None:
    tokens = [i]
    for c in kids(p, i, ("prt",)):
        sense = entry.particles.get(p.tokens[c].text.lower())
        if sense is not None:
            return Trigger(i, sense, [i, c], False) if sense.type is not None else None
    for how, o in _object_heads(p, i):
        if how not in ("dobj", "xcomp") and how in entry.preps:
            return Trigger(i, entry.preps[how], tokens, False, {o})
        sense = _object_sense(p, o, entry, lex) if how in _object_links() else None
        if sense is not None:
            return Trigger(i, sense, tokens, False, {o}) if sense.type is not None else None
    if entry.clause is not None and kids(p, i, ("xcomp", "ccomp")):
        return Trigger(i, entry.clause, tokens, False)
    if entry.type is None or (entry.intransitive and kids(p, i, ("dobj",))):
        return None
    if entry.type == "ASSAULT" and _verbal_target(p, i, lex):
        verbal = Sense(type="ACCUSE", mode="disapprove", irrealis=False)
        return Trigger(i, verbal, tokens, False, literal=entry)
    return Trigger(i, entry, tokens, False)


_VERBAL_OBJECTS = frozenset({"PERSON"})


def _verbal_target(p: ParsedArticle, i: int, lex: Lexicon) -> bool:
    """An "attack" aimed at a person or at words ("attacking the president for ...")."""
    for c in kids(p, i, ("dobj",)):
        tok = p.tokens[c]
        if tok.ent_type in _VERBAL_OBJECTS or "statements" in lex.class_of(tok.lemma):
            return True
    return False


def _match_noun(p: ParsedArticle, i: int, entry: Entry, lex: Lexicon) -> Trigger | None:
    for c in kids(p, i, ("compound", "amod", "nmod")):
        lemma = p.tokens[c].lemma.lower()
        sense = entry.modifiers.get(lemma)
        if sense is None:
            sense = next(
                (entry.modifiers[k] for k in lex.class_of(lemma) if k in entry.modifiers), None
            )
        if sense is not None:  # the modifier refined the noun: not an event of its own
            return Trigger(i, sense, sorted([c, i]), True, {c})
    for prep in kids(p, i, ("prep",)):
        sense = entry.preps.get(p.tokens[prep].text.lower())
        if sense is not None:
            return Trigger(i, sense, [i], True)
        for o in kids(p, prep, ("pobj",)):
            sense = _object_sense(p, o, entry, lex)
            if sense is not None and sense.type is None:
                return None  # "the fight against the pandemic"
            if sense is not None:  # "withdrawal from the agreements"
                return Trigger(i, sense, [i], True, {o})
    if entry.type is None:
        return None
    return Trigger(i, entry, [i], True)


def find_triggers(
    p: ParsedArticle,
    start: int,
    end: int,
    lex: Lexicon | None = None,
    states: bool = False,
    nominal: bool = False,
    deep_topics: bool = False,
) -> list[Trigger]:
    """Every trigger among tokens ``[start, end)``, absorbed nouns removed.

    ``lex``: the lexicon to read (default ``data/plover_rules.json``); ``states``: adjectival
    participles ("occupied territories") are states, not acts; ``nominal``: a gerund used as a
    noun ("killed in Russia's shelling of the town") is read as a noun trigger, and a harm
    done in an attack ("were killed in the shelling") is part of the attack; ``deep_topics``:
    a noun trigger anywhere in the topic of a verb act ("discussed aid, integration and
    sanctions against Russia", "to discuss issues of non-deployment") is part of the topic.
    """
    lex = lex or lexicon()
    found: list[Trigger] = []
    for tok in p.tokens[start:end]:
        lemma = tok.lemma.lower()
        trig: Trigger | None = None
        if tok.pos == "VERB" and lemma in lex.verbs:
            trig = _match_verb(p, tok.i, lex.verbs[lemma], lex)
            if trig is not None and nominal and _gerund(p, tok.i):
                trig.is_noun = True
        elif tok.pos in ("NOUN", "PROPN") and lemma in lex.nouns and tok.ent_type != "DATE":
            trig = _match_noun(p, tok.i, lex.nouns[lemma], lex)
        if trig is not None and states and participle_state(p, trig.i):
            continue
        if trig is not None and not _not_an_act(p, trig):
            found.append(trig)
    if nominal:
        found = _harms_in_attacks(p, found)
    absorbed = {a for t in found for a in t.absorbed}
    by_i = {t.i: t for t in found}
    kept = []
    for t in found:
        if t.i in absorbed:
            continue
        if t.is_noun and _topic_of(p, t, by_i, deep_topics):
            continue  # "impose sanctions", "ready to discuss his demands": one event
        kept.append(t)
    return kept


@functools.cache
def _topic_preps() -> frozenset[str]:
    """Prepositions introducing what an act is about ("talks about security")."""
    return vocab.word_set("events_topic_preps")


@functools.cache
def _topic_governors() -> frozenset[str]:
    """PLOVER types of verb acts whose object names only their topic."""
    return vocab.word_set("events_topic_governor_types")


@functools.cache
def _non_event_heads() -> frozenset[str]:
    """Words that rule an act out ("nowhere to retreat", "nothing to offer")."""
    return vocab.word_set("events_non_event_heads")


def _topic_of(p: ParsedArticle, t: Trigger, by_i: dict[int, Trigger], deep: bool = False) -> bool:
    """A noun trigger that only names what a verb trigger is about (or repeats it)."""
    tok = p.tokens[t.i]
    head = tok.head
    if deep:
        found = _deep_topic_head(p, t.i)
        if found is None:
            return False
        head = found
    elif tok.dep == "pobj" and p.tokens[head].text.lower() in _topic_preps():
        head = p.tokens[head].head
    elif tok.dep not in ("dobj", "pobj"):
        return False
    gov = by_i.get(head)
    if gov is None or gov.is_noun:
        return False
    return gov.sense.type == t.sense.type or gov.sense.type in _topic_governors()


def _deep_topic_head(p: ParsedArticle, i: int) -> int | None:
    """The verb whose object (or "about" phrase) holds noun ``i``, through coordination,
    apposition and "of" ("issues of non-deployment, refusal to expand ..."); else None."""
    cur = i
    for _ in range(8):
        tok = p.tokens[cur]
        if tok.dep in ("conj", "appos"):
            cur = tok.head
        elif tok.dep == "pobj":
            word = p.tokens[tok.head].text.lower()
            if word in _topic_preps() or word == "of":
                cur = p.tokens[tok.head].head
                if word != "of":
                    return cur
            else:
                return None
        elif tok.dep == "dobj" or (tok.dep == "dep" and p.tokens[tok.head].pos == "VERB"):
            return tok.head  # "dep": an object the parser could not attach
        else:
            return None
    return None


_NAME_LABELS = frozenset({"ORG", "PERSON", "WORK_OF_ART", "LAW", "FAC", "GPE", "NORP", "EVENT"})


def _nowhere(p: ParsedArticle, head: int, trigger: int) -> bool:
    """ "have nowhere (further) to retreat", "nothing to offer": the act is ruled out."""
    near = [head, *p.children(head)]
    near.extend(g for c in p.children(head) for g in p.children(c))
    return any(p.tokens[n].lemma.lower() in _non_event_heads() and n < trigger for n in near)


def _not_an_act(p: ParsedArticle, t: Trigger) -> bool:
    """Imperatives ("Sign up"), "nowhere to retreat", headline fragments: no event."""
    tok = p.tokens[t.i]
    if t.is_noun:
        return tok.ent_type in _NAME_LABELS  # "North Atlantic Treaty Organization"
    if tok.dep in ("relcl", "acl", "xcomp", "advcl") and _nowhere(p, tok.head, t.i):
        return True
    if tok.dep == "ROOT" and tok.tag == "VB":
        subj = kids(p, t.i, ("nsubj", "nsubjpass", "aux", "expl"))
        return not subj
    return False


def participle_state(p: ParsedArticle, i: int) -> bool:
    """An adjectival participle or adjective-like word: "occupied territories", "the wounded",
    "a destroyed bridge" name a state, not an act."""
    tok = p.tokens[i]
    if tok.tag == "VBN" and tok.dep == "amod":
        return True
    if tok.tag not in ("VBN", "JJ") or tok.pos not in ("VERB", "ADJ", "NOUN"):
        return False
    det = kids(p, i, ("det",))
    return tok.dep in ("nsubj", "dobj", "pobj", "nsubjpass") and bool(det)


_NOMINAL_DEPS = frozenset({"pobj", "dobj", "nsubj", "nsubjpass"})


def _gerund(p: ParsedArticle, i: int) -> bool:
    """A gerund in a noun's place: "in Russia's shelling of the town", "condemned the shelling"."""
    tok = p.tokens[i]
    return tok.tag == "VBG" and tok.dep in _NOMINAL_DEPS


def _harms_in_attacks(p: ParsedArticle, found: list[Trigger]) -> list[Trigger]:
    """ "Three civilians were killed in Russia's shelling": one attack, whose targets are the
    victims of the harm verb; the harm verb gives no event of its own."""
    by_i = {t.i: t for t in found}
    dropped: set[int] = set()
    for t in found:
        if t.is_noun or t.sense.type != "ASSAULT":
            continue
        for prep in kids(p, t.i, ("prep", "agent")):
            for o in kids(p, prep, ("pobj",)):
                attack = by_i.get(o)
                if attack is None or attack.sense.type != "ASSAULT" or not attack.is_noun:
                    continue
                attack.extra_targets.extend(kids(p, t.i, ("nsubjpass", "dobj")))
                dropped.add(t.i)
    return [t for t in found if t.i not in dropped]
