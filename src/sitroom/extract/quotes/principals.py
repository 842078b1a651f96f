"""Speakers a report gives by its own frame: the participants and the messages of the report's
principal.

Official reports of a conversation name their principal first ("Vladimir Putin had a telephone
conversation with ...") and then speak of both sides: "The leaders agreed ...", "The parties
discussed ...", and "They stressed ..." after them. Such a source, with no actor of its own,
is the principal (the gold's rule: a joint statement is given to the report's principal, the
other side speaking with him). A written message speaks for its sender: "The message reads"
is the subject who sent, signed or issued that message before ("Vladimir Putin sent a message
of condolences ..."). Which nouns are which is data (``quotes_party_nouns``,
``quotes_document_nouns``).

A transcript turn frames what is said in it: "I" or "we" as a source inside the turn of
"President of Russia Vladimir Putin: ..." is Putin ("We agreed", "I would like to note"), the
speaker of the turn, not the plural (the first-person words are ``quotes_first_person_words``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from sitroom import vocab
from sitroom.extract.quotes.candidate import _Cand
from sitroom.extract.quotes.layout import layout_attributions
from sitroom.extract.quotes.words import first_person_words
from sitroom.records import ActorRef, Mention, ParsedArticle

Found = tuple[ActorRef | None, str]
#: "They" takes the participants' speaker when their attribution is at most this many
#: sentences before.
THEY_WINDOW = 3


@cache
def party_nouns() -> frozenset[str]:
    return vocab.word_set("quotes_party_nouns")


@cache
def document_nouns() -> frozenset[str]:
    return vocab.word_set("quotes_document_nouns")


def _is_person(ref: ActorRef) -> bool:
    """People's ids are lower-case names ("putin-vladimir"); states and bodies are codes."""
    return ref.actor_id != ref.actor_id.upper()


def _principal(parsed: ParsedArticle, mentions: Sequence[Mention], before: int) -> Found:
    """The first person named as a sentence's subject before ``before``."""
    for m in mentions:
        if m.start >= before:
            break
        if m.actor is None or not _is_person(m.actor) or m.kind == "pronoun":
            continue
        if any(parsed.tokens[k].dep == "nsubj" for k in range(m.token_start, m.token_end)):
            return m.actor, f"principal:{m.how}"
    return None, "unresolved"


def _sender(parsed: ParsedArticle, mentions: Sequence[Mention], head: int) -> Found:
    """The subject of the verb that took the same document noun before ``head``."""
    word = parsed.tokens[head].lemma.lower()
    for k in range(head - 1, -1, -1):
        t = parsed.tokens[k]
        if t.lemma.lower() != word or t.dep not in ("dobj", "pobj", "attr"):
            continue
        verb = t.head if t.dep == "dobj" else parsed.tokens[t.head].head
        subj = [j for j in parsed.children(verb) if parsed.tokens[j].dep == "nsubj"]
        for m in mentions:
            if m.actor is not None and subj and m.token_start <= subj[0] < m.token_end:
                return m.actor, f"sender:{m.how}"
        return None, "unresolved"
    return None, "unresolved"


def _resolve_frames(
    parsed: ParsedArticle,
    cands: Sequence[_Cand],
    found: list[Found],
    mentions: Sequence[Mention],
) -> list[Found]:
    """Participants, "they" after them, and messages, for sources left without a speaker."""
    out = list(found)
    last_party: tuple[int, Found] | None = None
    for k, c in enumerate(cands):
        if c.source is None or c.head_token is None:
            continue
        head = parsed.tokens[c.head_token]
        low = head.text.lower()
        if out[k][0] is None and low in party_nouns() and head.tag == "NNS":
            out[k] = _principal(parsed, mentions, c.source[0])
        elif out[k][0] is None and low == "they" and last_party is not None:
            if head.sent - last_party[0] <= THEY_WINDOW:
                out[k] = last_party[1]
        elif out[k][0] is None and head.lemma.lower() in document_nouns():
            out[k] = _sender(parsed, mentions, c.head_token)
        if low in party_nouns() and out[k][0] is not None:
            last_party = (head.sent, out[k])
    return out


def _resolve_turns(
    parsed: ParsedArticle, cands: Sequence[_Cand], found: list[Found]
) -> list[Found]:
    """A first-person source with no speaker, inside a transcript turn whose speaker is
    known, is the turn's speaker; the turn runs as its layout says (to the next label or the
    paragraph's end), whatever part of it the tagger took as the content."""
    spans = {lay.cue: lay.content for lay in layout_attributions(parsed)}
    turns = [
        (spans.get(c.cue, c.contents[0]), found[k])
        for k, c in enumerate(cands)
        if parsed.text[c.cue[0] : c.cue[1]] == ":" and found[k][0] is not None and c.contents
    ]
    out = list(found)
    for k, c in enumerate(cands):
        if out[k][0] is not None or c.source is None:
            continue
        if parsed.text[c.source[0] : c.source[1]].lower() not in first_person_words():
            continue
        for (a, b), (actor, how) in turns:
            if a <= c.cue[0] < b:
                out[k] = (actor, "turn:" + how.partition(":")[2])
                break
    return out
