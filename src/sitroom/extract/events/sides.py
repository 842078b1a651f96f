"""Who acts and who undergoes, where ``rules.v2`` reads the clause further than ``rules.v1``.

* Object control: in "the army forced the enemy to retreat" or "Russia allowed the ICRC to
  visit", the one who retreats or visits is the object of the verb above, not its subject.
* Circumstances: an act named in a phrase of time or cause ("holds its breath amid an
  attack", "fled after the shelling") is not done by the subject of the clause.
* The beneficiary of aid: "assistance to help Ukraine defend itself" helps Ukraine; the
  one helped is the target of the aid, whatever the help is against.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from sitroom import vocab
from sitroom.extract.events.mentions import mentions_in
from sitroom.extract.events.syntax import kids
from sitroom.records import Mention, ParsedArticle


def controller_object(p: ParsedArticle, i: int) -> int | None:
    """The object of the verb whose open complement verb ``i`` is ("forced X to retreat"),
    when that verb is one whose object does the act (``events_object_control_verbs``)."""
    tok = p.tokens[i]
    if tok.dep != "xcomp" or kids(p, i, ("nsubj", "nsubjpass")):
        return None
    if p.tokens[tok.head].lemma.lower() not in _control_verbs():
        return None
    objs = kids(p, tok.head, ("dobj",))
    return objs[0] if objs and objs[0] < i else None


@functools.cache
def _control_verbs() -> frozenset[str]:
    """Verbs whose object does the act of their open complement ("forced X to retreat")."""
    return vocab.word_set("events_object_control_verbs")


@functools.cache
def _helping_verbs() -> frozenset[str]:
    """Verbs of a purpose clause naming whom aid is for ("to help Ukraine", "to enable")."""
    return vocab.word_set("events_beneficiary_verbs")


def beneficiaries(p: ParsedArticle, i: int, mentions: Sequence[Mention]) -> list[Mention]:
    """Whom the aid of trigger ``i`` helps: the object (or the subject of the complement) of a
    helping verb in a purpose clause below the trigger or the verb it is the object of."""
    anchors = [i]
    if p.tokens[i].dep == "dobj":
        anchors.append(p.tokens[i].head)
    for a in anchors:
        for c in kids(p, a, ("advcl", "acl", "xcomp", "relcl")):
            if p.tokens[c].lemma.lower() not in _helping_verbs():
                continue
            heads = kids(p, c, ("dobj",))
            for comp in kids(p, c, ("ccomp", "xcomp")):
                heads.extend(kids(p, comp, ("nsubj",)))
            found = [m for h in heads for m in mentions_in(p, h, mentions) if m.actor]
            if found:
                return found
    return []


@functools.cache
def _circumstance_preps() -> frozenset[str]:
    """Prepositions whose object is a circumstance of the clause ("amid", "after")."""
    return vocab.word_set("events_circumstance_preps")


def circumstance(p: ParsedArticle, noun: int, verb: int) -> bool:
    """The noun act hangs from ``verb`` through a preposition of circumstance."""
    cur = noun
    while cur != verb and p.tokens[cur].head != cur:
        tok = p.tokens[cur]
        if tok.dep == "prep" and tok.text.lower() in _circumstance_preps():
            return True
        cur = tok.head
    return False
