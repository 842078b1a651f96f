"""A "he said" or "she said" after the quoted words: the person named before the quotation.

The actors stage links a pronoun to a person within a few sentences, and the sentences of a
long quotation count among them: in 'This was announced by President Zelenskyy. "We have been
fighting for 11 days. For freedom. For our state. We withstood," he said.' the name is too far
back. For the source of an attribution, the sentences inside its own content and inside
quotation marks are skipped; then, as in the actors stage, the nearest sentence naming a person
decides (its people in subject position, or the agent of a passive: "was announced by"),
and it must name exactly one person who is not of the other gender and whose gender the name
shows. Two people there, or none of the pronoun's gender, and the speaker stays
unknown.
"""

from __future__ import annotations

from collections.abc import Sequence

from sitroom.extract.actors.pronouns import female_pronouns, male_pronouns
from sitroom.extract.actors.spelling import guess_gender
from sitroom.extract.quotes.candidate import _Cand
from sitroom.records import ActorRef, Mention, ParsedArticle

Found = tuple[ActorRef | None, str]
#: Sentences (outside the quotation) looked back through for the person.
WINDOW = 3


def _is_person(ref: ActorRef) -> bool:
    return ref.actor_id != ref.actor_id.upper()


def _resolve_pronouns(
    parsed: ParsedArticle,
    cands: Sequence[_Cand],
    found: list[Found],
    mentions: Sequence[Mention],
    regions: Sequence[tuple[int, int]],
) -> list[Found]:
    """ "He"/"she" sources left without a speaker, resolved past the quoted sentences."""
    out = list(found)
    for k, c in enumerate(cands):
        if out[k][0] is not None or c.source is None:
            continue
        low = parsed.text[c.source[0] : c.source[1]].lower()
        gender = "m" if low in male_pronouns() else "f" if low in female_pronouns() else None
        if gender is None:
            continue
        skipped = [*c.contents, *regions]
        person = _nearest_person(parsed, mentions, c.source[0], skipped, gender)
        if person is not None:
            out[k] = (person, "pronoun:past-quotation")
    return out


def _nearest_person(
    parsed: ParsedArticle,
    mentions: Sequence[Mention],
    before: int,
    skipped: Sequence[tuple[int, int]],
    gender: str,
) -> ActorRef | None:
    """The one person named in the nearest sentence before ``before`` that lies outside
    ``skipped`` (see the module docstring), or None."""
    by_sent: dict[int, list[ActorRef]] = {}
    for m in mentions:
        if m.actor is None or m.end > before or not _is_person(m.actor):
            continue
        if any(a <= m.start < b for a, b in skipped) or not _subject(parsed, m):
            continue
        by_sent.setdefault(parsed.tokens[m.token_start].sent, []).append(m.actor)
    here = parsed.token_at(before)
    if here is None:
        return None
    seen = 0
    for s in range(parsed.tokens[here].sent, -1, -1):
        sent = parsed.sentences[s]
        inside = any(a <= sent.start < b for a, b in skipped)
        if s in by_sent:
            people = {r.actor_id: r for r in by_sent[s] if guess_gender(r.name) != _other(gender)}
            if len(people) != 1:
                return None
            (ref,) = people.values()
            return ref if guess_gender(ref.name) == gender else None
        if not inside:
            seen += 1
            if seen > WINDOW:
                return None
    return None


def _subject(parsed: ParsedArticle, m: Mention) -> bool:
    """Is the mention a clause's subject, or the agent of a passive ("was announced by")?"""
    for k in range(m.token_start, m.token_end):
        t = parsed.tokens[k]
        if t.dep in ("nsubj", "nsubjpass"):
            return True
        if t.dep == "pobj" and parsed.tokens[t.head].dep == "agent":
            return True
    return False


def _other(gender: str) -> str:
    return "f" if gender == "m" else "m"
