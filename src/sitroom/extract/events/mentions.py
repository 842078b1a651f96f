"""From an argument's head token to the actor mentions it names.

An argument (a subject, an object, the object of "to" / "against" ...) is its head, the head's
conjuncts ("Russia and the US") and their modifiers, without clauses of their own. Its actors
are the resolved mentions inside it; failing those, the place an agent noun is from
("demonstrators in Baghdad"); failing that, the unresolved names and agent noun phrases
("Rebel commanders"), kept with no actor id so that the event is not lost.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from sitroom import vocab
from sitroom.extract.events.lexicon import lexicon
from sitroom.extract.events.syntax import has_child_word, kids
from sitroom.records import Mention, ParsedArticle

_PRUNE = frozenset({"relcl", "acl", "advcl", "ccomp", "prep", "appos", "punct", "cc", "parataxis"})


def _arg_tokens(p: ParsedArticle, head: int) -> tuple[set[int], set[int]]:
    """(all tokens of the argument, its head tokens: the head and its conjuncts)."""
    heads = {head}
    tokens = {head}
    stack = [head]
    while stack:
        cur = stack.pop()
        for c in p.children(cur):
            dep = p.tokens[c].dep
            if dep == "conj" and cur in heads:
                heads.add(c)
            elif dep in _PRUNE and not (dep == "prep" and p.tokens[c].text.lower() == "of"):
                continue
            tokens.add(c)
            stack.append(c)
    return tokens, heads


def mentions_in(
    p: ParsedArticle, head: int | None, mentions: Sequence[Mention], undergoer: bool = False
) -> list[Mention]:
    """The actor mentions of the argument headed by ``head`` (with its conjuncts).

    ``undergoer``: the argument is a target, so a place or group attached to any head noun
    counts ("a camp for Congolese refugees", "offices in Kabul").
    """
    if head is None:
        return []
    tokens, heads = _arg_tokens(p, head)
    within = [
        m
        for m in mentions
        if covered(p, m, tokens) or (m.actor and m.token_start <= head < m.token_end)
    ]  # a resolved name the parser split up ("Sheikh Hamad bin Khalifa al-Thani") still counts
    inside = [m for m in within if m.actor is not None]
    if not inside:
        inside = _origin(p, head, mentions, undergoer)
    if not inside:
        return _unresolved(p, head, heads, within)
    on_head = [m for m in inside if any(m.token_start <= h < m.token_end for h in heads)]
    chosen = on_head if on_head else inside
    if on_head and len(heads) > 1:  # "Russia and the US": every conjunct
        chosen = [m for m in inside if any(m.token_start <= h < m.token_end for h in heads)]
    return dedupe(chosen)


def covered(p: ParsedArticle, m: Mention, tokens: set[int]) -> bool:
    """Every word of ``m`` is in ``tokens`` (the hyphen of "Asia-Pacific" may hang elsewhere)."""
    words = [t for t in range(m.token_start, m.token_end) if p.tokens[t].pos != "PUNCT"]
    return bool(words) and all(t in tokens for t in words)


_AGENT_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON", "FAC", "LOC"})


_PHRASE_DEPS = frozenset({"compound", "amod", "det", "poss", "nmod", "nummod", "case", "punct"})


def _origin(
    p: ParsedArticle, head: int, mentions: Sequence[Mention], undergoer: bool = False
) -> list[Mention]:
    """ "demonstrators in Baghdad", "Albanians of southern Serbia": the place they are from."""
    tok = p.tokens[head]
    agentive = "agents" in lexicon().class_of(tok.lemma) or tok.pos == "PROPN"
    if not agentive and not (undergoer and tok.pos == "NOUN"):
        return []
    groups = _origin_preps()
    preps = groups["of_undergoer"] if undergoer else groups["of_agent"]
    attached = [c for c in kids(p, head, ("acl",)) if p.tokens[c].tag == "VBN"]
    links: list[tuple[int, tuple[str, ...]]] = [
        (pr, groups["after_participle"]) for a in attached for pr in kids(p, a, ("prep",))
    ]
    links = [*((pr, preps) for pr in kids(p, head, ("prep",))), *links]
    for prep, allowed in links:  # "workers affiliated with X", "a newspaper based in X"
        if p.tokens[prep].text.lower() not in allowed:
            continue
        for g in kids(p, prep, ("pobj",)):
            span = set(p.subtree(g))
            found = [m for m in mentions if m.actor is not None and m.token_start in span]
            if found:
                return found[:1]
    return []


def _unresolved(
    p: ParsedArticle, head: int, heads: set[int], within: list[Mention]
) -> list[Mention]:
    """Actors the resolver did not know: its unresolved mentions, else the agent noun phrase.

    Only names and agent nouns ("officials", "Homeland Union", "hackers") qualify, with
    ``actor`` None, so that an event is kept rather than dropped for want of an actor id.
    """
    if within:
        return dedupe(within)
    out: list[Mention] = []
    for h in sorted(heads):
        tok = p.tokens[h]
        agent = tok.ent_type in _AGENT_LABELS or "agents" in lexicon().class_of(tok.lemma)
        if tok.pos not in ("NOUN", "PROPN") or not agent or _bare_definite(p, h):
            continue
        span = [h]
        stack = [h]
        while stack:
            for c in p.children(stack.pop()):
                if p.tokens[c].dep in _PHRASE_DEPS or (
                    p.tokens[c].dep == "conj" and c not in heads
                ):
                    span.append(c)
                    stack.append(c)
        first, last = min(span), max(span)
        while first < h and p.tokens[first].dep in ("det", "punct", "case"):
            first += 1
        sp = p.span(first, last + 1)
        out.append(Mention(sp.text, sp.start, sp.end, None, "phrase", first, last + 1, 0.3))
    return out


def _bare_definite(p: ParsedArticle, i: int) -> bool:
    """ "the alliance", "the president": anaphoric, left to the speaker / antecedent rules."""
    modified = kids(p, i, ("compound", "amod", "nmod", "poss", "prep"))
    return anaphoric(p, i) and not modified


def anaphoric(p: ParsedArticle, i: int) -> bool:
    """A pronoun or a definite description ("the alliance") that names no actor itself."""
    tok = p.tokens[i]
    if tok.pos == "PRON":
        return True
    return tok.pos == "NOUN" and has_child_word(p, i, ("det", "poss"), _definite_determiners())


def dedupe(mentions: Iterable[Mention]) -> list[Mention]:
    """The mentions in text order, each actor (or unresolved phrase) once."""
    seen: set[str] = set()
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        key = m.actor.actor_id if m.actor else m.text
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


@functools.cache
def _origin_preps() -> dict[str, tuple[str, ...]]:
    """Prepositions naming where an agent is from, after an agent, a target or a participle."""
    return vocab.word_groups("events_origin_preps")


@functools.cache
def _definite_determiners() -> frozenset[str]:
    """Determiners that make a common noun anaphoric ("the alliance", "its government")."""
    return vocab.word_set("events_definite_determiners")
