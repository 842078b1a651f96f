"""Speakers: the actor behind an attribution's source.

The speaker is the actor of the mention inside the source, preferring the one at its head
word; a relative pronoun ("Ryabkov, who has warned") stands for its antecedent, and a source
"It" with no actor of its own for the state or organisation that spoke last, a few sentences
before.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.quotes.candidate import _Cand
from sitroom.records import ActorRef, Mention, ParsedArticle


def _speaker(parsed: ParsedArticle, cand: _Cand, mentions: Sequence[Mention]) -> ActorRef | None:
    """The actor of the mention inside the source, preferring the one at its head word."""
    if cand.source is None:
        return None
    a, b = cand.source
    head = _antecedent(parsed, cand.head_token)
    if head is not None:  # "Ryabkov, who has warned ...": the speaker is Ryabkov
        a, b = parsed.tokens[head].start, parsed.tokens[head].end
    inside = [m for m in mentions if m.actor is not None and m.start < b and a < m.end]
    if not inside:
        return None
    if cand.head_token is not None:
        at = parsed.tokens[head if head is not None else cand.head_token]
        for m in inside:
            if m.start <= at.start and at.end <= m.end:
                return m.actor
    return inside[0].actor


def _antecedent(parsed: ParsedArticle, tok: int | None) -> int | None:
    """The noun a relative pronoun subject refers to, if ``tok`` is one."""
    if tok is None or parsed.tokens[tok].tag not in ("WP", "WDT"):
        return None
    verb = parsed.tokens[parsed.tokens[tok].head]
    return verb.head if verb.dep == "relcl" and verb.head != verb.i else None


#: Entity types of states and organisations, which "it" can stand for.
ORG_ENTS: frozenset[str] = frozenset(["GPE", "ORG", "NORP"])
IT_WINDOW = 4


def _resolve_it(
    parsed: ParsedArticle, cands: Sequence[_Cand], speakers: list[ActorRef | None]
) -> list[ActorRef | None]:
    """A source "It" with no resolved speaker stands for the state or organisation that
    spoke last, within a few sentences ("Moscow has said ... It says it needs ...")."""
    out = list(speakers)
    for k, c in enumerate(cands):
        if out[k] is not None or c.source is None or c.head_token is None:
            continue
        if parsed.text[c.source[0] : c.source[1]].lower() != "it":
            continue
        sent = parsed.tokens[c.head_token].sent
        for j in sorted(range(len(cands)), key=lambda j: -cands[j].cue[0]):
            other = cands[j]
            if other.cue[0] >= c.cue[0] or other.head_token is None or out[j] is None:
                continue
            head = parsed.tokens[other.head_token]
            if head.sent < sent - IT_WINDOW:
                break
            if head.ent_type in ORG_ENTS:
                out[k] = out[j]
                break
    return out
