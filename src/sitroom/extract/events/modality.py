"""Modality: whether an act happened, is denied, may happen or is intended, and acts embedded
in a request.

An act is ``negated`` (a negator on its clause, or a denial or rejection verb above it: "denied
plans to invade"), ``hypothetical`` (a conditional clause, a modal, "the threat of an
invasion"), ``future`` ("will", "plans to", "said ... would") or ``asserted``, in that order of
precedence. A stated intention is coded as PLOVER does: an intended material cooperation is
AGREE, an intended material conflict THREATEN. An act demanded by someone ("demanded that NATO
withdraw") is part of the request, and gives the request (or a rejection, or a threat) its mode.
"""

from __future__ import annotations

import functools
import itertools

from sitroom import vocab
from sitroom.extract.events.lexicon import lexicon
from sitroom.extract.events.syntax import has_child_word, kids
from sitroom.extract.events.triggers import Trigger
from sitroom.records import Modality, ParsedArticle


def modality_of(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> Modality:
    """Whether the act of ``trig`` is negated, hypothetical, future or asserted (``chain``: its
    climb to the root, from :func:`sitroom.extract.events.syntax.climb`)."""
    lex = lexicon()
    nodes = _clause_nodes(p, trig, chain)
    if _negated(p, trig, nodes, chain):
        return "negated"
    if _hypothetical(p, nodes, chain) or _in_prospect(p, trig.i):
        return "hypothetical"
    for n in nodes:
        if has_child_word(p, n, ("aux",), lex.future_modals):
            return "future"
        if n != trig.i and p.tokens[n].lemma.lower() in lex.future_governors:
            return "future"
        if has_child_word(p, n, ("aux",), ["would"]) and _reported(p, chain):
            return "future"
    if any(p.tokens[n].text.lower() == "going" for n in nodes):
        return "future"
    return "asserted"


def _clause_nodes(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> list[int]:
    """The trigger and the heads of its own clause (up to the first clausal boundary, or a
    temporal prepositional phrase the trigger sits in)."""
    nodes = [trig.i]
    for (node, dep), (up, _) in itertools.pairwise(chain):
        if dep in ("ccomp", "advcl", "relcl", "parataxis", "ROOT", "csubj"):
            break
        if dep == "prep" and p.tokens[node].text.lower() in _temporal_preps() and node != trig.i:
            break
        if dep == "conj" and p.tokens[up].pos == "VERB" and p.tokens[chain[0][0]].pos == "VERB":
            nodes.append(up)
            continue
        nodes.append(up)
    return nodes


@functools.cache
def _temporal_preps() -> frozenset[str]:
    """Prepositions whose phrase sets the time of the clause's act: what they hold happened (or
    is presupposed) whatever the clause says of its own act ("could not say, after meeting X")."""
    return vocab.word_set("events_temporal_preps")


def _is_conditional(p: ParsedArticle, clause: int) -> bool:
    lex = lexicon()
    if has_child_word(p, clause, ("mark",), lex.conditional_marks):
        return True
    tok = p.tokens[clause]
    inverted = [c for c in kids(p, clause, ("aux",)) if p.tokens[c].text.lower() == "should"]
    subj = kids(p, clause, ("nsubj",))
    return bool(inverted and subj and inverted[0] < subj[0] and tok.dep == "advcl")


def _in_prospect(p: ParsedArticle, i: int) -> bool:
    """A nominal act that is only in prospect: "the threat of (a Russian) invasion", "fears of
    an attack", "a possible invasion"."""
    tok = p.tokens[i]
    if tok.pos not in ("NOUN", "PROPN"):
        return False
    words = set(lexicon().prospect_words)
    if any(p.tokens[c].dep == "amod" and p.tokens[c].lemma.lower() in words for c in p.children(i)):
        return True
    if tok.dep != "pobj" or p.tokens[tok.head].text.lower() != "of":
        return False
    governor = p.tokens[p.tokens[tok.head].head]
    return governor.pos in ("NOUN", "PROPN") and governor.text.lower() in words


def _negated(
    p: ParsedArticle, trig: Trigger, nodes: list[int], chain: list[tuple[int, str]]
) -> bool:
    lex = lexicon()
    for n in nodes:
        if has_child_word(p, n, ("neg", "advmod", "det"), lex.negators):
            return True
    if trig.sense.type in ("ACCUSE", "REQUEST", "REJECT"):
        return False  # a rejected accusation or demand was still made
    for (_child, via), (node, _dep) in itertools.pairwise(chain):
        if via in ADJUNCT_DEPS:
            return False  # "by recognising X, Russia violates Y": the act is not rejected
        if p.tokens[node].pos == "VERB" and _is_reject_verb(p, node):
            return True
    return False


#: Dependency labels of adjuncts: an act reached through one is a circumstance of the verb
#: above it (its means, time or cause), not what that verb denies or rejects.
ADJUNCT_DEPS = frozenset({"prep", "advcl", "npadvmod", "advmod"})


def _is_reject_verb(p: ParsedArticle, i: int) -> bool:
    entry = lexicon().verbs.get(p.tokens[i].lemma.lower())
    if entry is None:
        return False
    if entry.type == "REJECT":
        return True
    prts = {p.tokens[c].text.lower() for c in kids(p, i, ("prt",))}
    return any(entry.particles[k].type == "REJECT" for k in prts if k in entry.particles)


def _hypothetical(p: ParsedArticle, nodes: list[int], chain: list[tuple[int, str]]) -> bool:
    lex = lexicon()
    for node, _dep in chain:
        if p.tokens[node].dep == "advcl" and _is_conditional(p, node):
            return True
        if node in nodes and any(
            p.tokens[c].dep == "advcl" and _is_conditional(p, c) for c in p.children(node)
        ):
            return True
        if node not in nodes:
            break
    modals = [m for m in lex.hypothetical_modals if m != "would"]
    for n in nodes:
        if has_child_word(p, n, ("aux",), modals):
            return True
        if has_child_word(p, n, ("aux",), ["would"]) and not _reported(p, chain):
            return True
    return False


def _reported(p: ParsedArticle, chain: list[tuple[int, str]]) -> bool:
    """True when the clause is the complement of a speech verb ("said the alliance would")."""
    speech = set(lexicon().speech_verbs)
    return any(
        dep == "ccomp" and p.tokens[p.tokens[node].head].lemma.lower() in speech
        for node, dep in chain
    )


# PLOVER codes a stated intention as one category, not "act + future": an intended material
# cooperation is AGREE, an intended (often conditional) material conflict is THREATEN.


@functools.cache
def _cooperation_intent() -> frozenset[str]:
    """Types of material cooperation that, intended, are AGREE."""
    return vocab.word_set("events_cooperation_intent_types")


@functools.cache
def _conflict_intent() -> dict[str, str]:
    """Types of material conflict that, intended, are THREATEN, with the mode of the threat."""
    return vocab.word_table("events_conflict_intent_modes")


def intent_type(
    etype: str, mode: str | None, cameo: str | None
) -> tuple[str, str | None, str | None]:
    """The (type, mode, CAMEO code) PLOVER gives an intended act of type ``etype``."""
    if etype in _cooperation_intent():
        return "AGREE", None, None
    if etype in _conflict_intent():
        return "THREATEN", _conflict_intent()[etype], None
    return etype, mode, cameo


def intended(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> bool:
    """A verb act its subject says it will do ("will", "would", "plans to"), not a condition."""
    if trig.is_noun:
        return False
    lex = lexicon()
    nodes = _clause_nodes(p, trig, chain)
    if any(p.tokens[n].dep == "advcl" and _is_conditional(p, n) for n in nodes):
        return False
    for n in nodes:
        if has_child_word(p, n, ("aux",), [*lex.future_modals, "would"]):
            return True
        if n != trig.i and p.tokens[n].lemma.lower() in lex.future_governors:
            return True
    return False


#: Links an act may climb through to the verb that requests it: "urged Moscow to de-escalate
#: by withdrawing troops and (to) return to talks".
_REQUEST_PATH = frozenset({"ccomp", "xcomp", "pcomp", "prep", "conj"})


def _requests(p: ParsedArticle, i: int) -> bool:
    """A verb that asks for something: its own sense, or a particle or preposition of it
    ("called on", "appealed to")."""
    tok = p.tokens[i]
    entry = lexicon().verbs.get(tok.lemma.lower())
    if entry is None or tok.pos != "VERB":
        return False
    if entry.type == "REQUEST" or (entry.clause is not None and entry.clause.type == "REQUEST"):
        return True
    for c in kids(p, i, ("prt", "prep")):
        word = p.tokens[c].text.lower()
        sense = entry.particles.get(word) or entry.preps.get(word)
        if sense is not None and sense.type == "REQUEST":
            return True
    return False


def embedded_in_request(
    p: ParsedArticle, chain: list[tuple[int, str]], through_objects: bool = False
) -> bool:
    """An act demanded by someone ("demanded that NATO withdraw", "called on the world to
    recognise ...") is part of the request, not an event of its own. ``through_objects``: a
    nominal act that is the object of the requested act is too ("called on partners to
    increase assistance")."""
    path = _REQUEST_PATH | {"dobj"} if through_objects else _REQUEST_PATH
    for (_node, dep), (up, _) in itertools.pairwise(chain):
        if dep not in path:
            return False
        if dep in ("ccomp", "xcomp") and _requests(p, up):
            return True
    return False


@functools.cache
def _embedded_modes() -> dict[str, dict[str, str]]:
    """For a request, rejection or threat: the type of the act it is about -> its mode."""
    return vocab.word_tables("events_embedded_modes")


def embedded_mode(p: ParsedArticle, trig: Trigger, etype: str) -> str | None:
    """Mode of a request / rejection / threat from the act it is about."""
    table = _embedded_modes().get(etype)
    if table is None:
        return None
    lex = lexicon()
    for i in p.subtree(trig.i)[:60]:
        if i == trig.i:
            continue
        tok = p.tokens[i]
        entry = (
            lex.verbs.get(tok.lemma.lower())
            if tok.pos == "VERB"
            else lex.nouns.get(tok.lemma.lower())
        )
        if entry is not None and entry.type in table:
            return table[entry.type]
        for cls in lex.class_of(tok.lemma):
            if cls == "sanctions" and "SANCTION" in table:
                return table["SANCTION"]
            if cls == "talks" and "CONSULT" in table:
                return table["CONSULT"]
    return None


#: Links through which a nominal act is what a predicate judges ("an attack ... is unlikely",
#: "threats of an invasion are not observed").
_HEDGE_PATH = frozenset({"nsubj", "nsubjpass", "pobj", "prep", "xcomp", "compound"})


@functools.cache
def _hedge_words() -> dict[str, tuple[str, ...]]:
    """Predicates that make the act they judge not asserted, by the modality they give."""
    return vocab.word_groups("events_hedge_words")


def hedged(p: ParsedArticle, trig: Trigger, chain: list[tuple[int, str]]) -> Modality | None:
    """The modality a judging predicate gives the act: "an attack from Belarus is unlikely"
    (hypothetical), "Russia is unlikely to attack" (hypothetical), "threats of an invasion
    are not observed" (negated). None when nothing judges it."""
    groups = _hedge_words()
    for (_node, dep), (up, _) in itertools.pairwise(chain):
        if dep not in _HEDGE_PATH:
            return None
        tok = p.tokens[up]
        words = {tok.lemma.lower(), *(p.tokens[c].lemma.lower() for c in kids(p, up, ("acomp",)))}
        if words & set(groups["hypothetical"]):
            return "hypothetical"
        if words & set(groups["negated_when_negative"]) and has_child_word(
            p, up, ("neg",), lexicon().negators
        ):
            return "negated"
        if tok.pos in ("VERB", "AUX") and dep != "xcomp":
            return None
    return None


@functools.cache
def _future_reductions() -> dict[str, str]:
    """Future acts PLOVER codes as another type, asserted (a future meeting is AGREE)."""
    return vocab.word_table("events_future_reductions")


def reducible(etype: str) -> bool:
    """A future act of this type is coded as another type (:func:`reduce_future`)."""
    return etype in _future_reductions()


def reduce_future(
    etype: str, mode: str | None, cameo: str | None, modality: Modality
) -> tuple[str, str | None, str | None, Modality]:
    """The manual's reductions of a future act: future cooperation (meet, visit, talks, aid,
    support) is AGREE and a future withdrawal or release CONCEDE, both asserted (the promise
    is made now); a threat is asserted whatever it threatens."""
    if modality == "future" and etype in _future_reductions():
        return _future_reductions()[etype], None, None, "asserted"
    if modality == "future" and etype == "THREATEN":
        return etype, mode, cameo, "asserted"
    return etype, mode, cameo, modality
