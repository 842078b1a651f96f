"""Speakers: the actor behind an attribution's source, and how it was found.

The speaker is the actor of the mention at the source's head word ("Russia's foreign
minister", "a spokesman for President Putin": the actors stage resolved the whole phrase).
Failing that, a person named in apposition to the head or to a word of its phrase ("The chief
of the General Staff, Viktor Gulevich,"); a relative pronoun ("Ryabkov, who has warned")
stands for its antecedent; then an actor in the head's own phrase ("the head of the
Zaporizhzhia administration"), never one inside a clause or an apposition that describes the
head ("Alena Krichko, who lives in Kharkiv, ..." names no speaker in Kharkiv), nor anything
around a person's name that no actor matched. A source "It" with no actor of its own stands
for the state or organisation that spoke last, a few sentences before. No answer beats a
wrong one.

Each speaker comes with how it was found (``Quote.speaker_how``): ``head``, ``appositive``,
``relative``, ``phrase`` or ``it``, then ``:`` and the mention's own ``how`` (``name``,
``office``, ``coreference`` ...); ``unresolved`` when the source names no actor, ``head:unlisted``
for a person the base does not list, named in full (the slug of the name), ``people``
when it is a people by its demonym ("Ukrainians are calling for": the people, not the state,
so no speaker), ``""`` when there is no source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from sitroom import vocab
from sitroom.extract.actors.spelling import person_slug
from sitroom.extract.quotes.candidate import _Cand
from sitroom.records import ActorRef, Mention, ParsedArticle

#: Dependencies that put a word inside the head's own phrase (its modifiers; "prep" only with
#: one of :func:`phrase_preps`).
PHRASE_DEPS: frozenset[str] = frozenset(
    ["compound", "amod", "poss", "nmod", "prep", "pobj", "det", "nummod", "case", "npadvmod"]
)


@cache
def phrase_preps() -> frozenset[str]:
    """Prepositions that tie a body to the head ("the head of", "a spokesman for")."""
    return vocab.word_set("quotes_speaker_phrase_preps")


#: Mention kinds that name a person or a body by name (an appositive of the head may).
NAMED_KINDS: frozenset[str] = frozenset(["name", "inferred"])

Found = tuple[ActorRef | None, str]


def _speaker(parsed: ParsedArticle, cand: _Cand, mentions: Sequence[Mention]) -> Found:
    """The speaker of ``cand`` and how it was found (see the module docstring)."""
    if cand.source is None:
        return None, ""
    a, b = cand.source
    head = cand.head_token if cand.head_token is not None else _span_head(parsed, a, b)
    where = "head"
    ante = _antecedent(parsed, head)
    if ante is not None:  # "Ryabkov, who has warned ...": the speaker is Ryabkov
        head, where = ante, "relative"
    if head is None:
        return None, "unresolved"
    at = parsed.tokens[head]
    inside = [m for m in mentions if m.actor is not None and m.start < b and a < m.end]
    if where == "relative":
        inside = [m for m in mentions if m.actor is not None]
    for m in inside:
        if m.start <= at.start and at.end <= m.end:
            if _people(parsed, head, m):
                return None, "people"
            return m.actor, f"{where}:{m.how}"
    own = _phrase(parsed, head)
    if at.ent_type == "PERSON" and at.pos == "PROPN":
        own = [head]  # a person nobody knows: a place or body near the name is not the speaker
    for k in _appositives(parsed, own):
        for m in inside:
            if m.kind in NAMED_KINDS and m.token_start <= k < m.token_end:
                return m.actor, f"appositive:{m.how}"
    for m in inside:
        if any(k in own for k in range(m.token_start, m.token_end)):
            return m.actor, f"phrase:{m.how}"
    if own == [head]:
        return _unlisted(parsed, head, mentions)
    return None, "unresolved"


#: A person's name as the tagger found it: two to four capitalised words.
NAME_WORDS = re.compile(r"[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,3}")


def _unlisted(parsed: ParsedArticle, head: int, mentions: Sequence[Mention]) -> Found:
    """A person the base does not list, named in full at the head ("Alena Krichko, who
    lives in Kharkiv, said"): the speaker by the slug of the name as written, country and
    sector unknown (the gold's rule for unlisted people)."""
    at = parsed.tokens[head]
    for e in parsed.entities:
        if e.label != "PERSON" or not (e.start <= at.start and at.end == e.end):
            continue
        name = parsed.text[e.start : e.end]
        if not NAME_WORDS.fullmatch(name) or any(
            m.start < e.end and e.start < m.end for m in mentions if m.actor is not None
        ):
            break
        return ActorRef(person_slug(name), name, None, None), "head:unlisted"
    return None, "unresolved"


def _people(parsed: ParsedArticle, head: int, m: Mention) -> bool:
    """Is the head a people named by its demonym, not its state ("Ukrainians are calling
    for", "Many Russians say")? A bare or quantified plural is; "the Russians" may be the
    state's side, as news often writes, and stays its state."""
    if m.how != "demonym" or parsed.tokens[head].tag not in ("NNPS", "NNS"):
        return False
    dets = (parsed.tokens[k] for k in parsed.children(head) if parsed.tokens[k].dep == "det")
    return not any(t.text.lower() == "the" for t in dets)


def _span_head(parsed: ParsedArticle, a: int, b: int) -> int | None:
    """The token of the characters ``a:b`` whose head lies outside them (the first one)."""
    idx = [t.i for t in parsed.tokens if a <= t.start and t.end <= b]
    inside = set(idx)
    for i in idx:
        h = parsed.tokens[i].head
        if h == i or h not in inside:
            return i
    return None


def _phrase(parsed: ParsedArticle, head: int) -> list[int]:
    """The head and the words of its own phrase: modifiers and "of"/"for" parts, recursively,
    leaving out clauses and appositions."""
    out, todo = [head], [head]
    while todo:
        for k in parsed.children(todo.pop()):
            t = parsed.tokens[k]
            if t.dep in PHRASE_DEPS and (t.dep != "prep" or t.text.lower() in phrase_preps()):
                out.append(k)
                todo.append(k)
    return out


def _appositives(parsed: ParsedArticle, words: list[int]) -> list[int]:
    """Appositions to any of ``words``, and appositions to those ("The chief of the General
    Staff, Viktor Gulevich": the parser may hang the name on "Staff")."""
    out: list[int] = []
    todo = list(words)
    while todo:
        for k in parsed.children(todo.pop(0)):
            if parsed.tokens[k].dep == "appos" and k not in out:
                out.append(k)
                todo.append(k)
    return out


def _antecedent(parsed: ParsedArticle, tok: int | None) -> int | None:
    """The noun a relative pronoun subject refers to, if ``tok`` is one."""
    if tok is None or parsed.tokens[tok].tag not in ("WP", "WDT"):
        return None
    verb = parsed.tokens[parsed.tokens[tok].head]
    return verb.head if verb.dep == "relcl" and verb.head != verb.i else None


#: Entity types of states and organisations, which "it" can stand for.
ORG_ENTS: frozenset[str] = frozenset(["GPE", "ORG", "NORP"])
IT_WINDOW = 4


def _resolve_it(parsed: ParsedArticle, cands: Sequence[_Cand], found: list[Found]) -> list[Found]:
    """A source "It" with no resolved speaker stands for the state or organisation that
    spoke last, within a few sentences ("Moscow has said ... It says it needs ...")."""
    out = list(found)
    for k, c in enumerate(cands):
        if out[k][0] is not None or c.source is None or c.head_token is None:
            continue
        if parsed.text[c.source[0] : c.source[1]].lower() != "it":
            continue
        sent = parsed.tokens[c.head_token].sent
        for j in sorted(range(len(cands)), key=lambda j: -cands[j].cue[0]):
            other = cands[j]
            if other.cue[0] >= c.cue[0] or other.head_token is None or out[j][0] is None:
                continue
            head = parsed.tokens[other.head_token]
            if head.sent < sent - IT_WINDOW:
                break
            if head.ent_type in ORG_ENTS:
                out[k] = (out[j][0], "it:" + out[j][1].partition(":")[2])
                break
    return out
