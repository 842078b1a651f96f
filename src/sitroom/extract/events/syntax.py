"""Small readings of the dependency tree shared by the event rules.

The children of a token by dependency label, the chain from a token up to its sentence root
(each step with the label of the edge below it), and whether a token has a child that is one of
some words. Every rule module of the events stage reads the parse through these.
"""

from __future__ import annotations

from collections.abc import Iterable

from sitroom.records import ParsedArticle

#: The most steps any climb up the tree takes (a guard against a malformed parse).

MAX_CLIMB = 40


def kids(p: ParsedArticle, i: int, deps: Iterable[str]) -> list[int]:
    """The children of token ``i`` attached by one of the dependency labels ``deps``."""
    wanted = set(deps)
    return [c for c in p.children(i) if p.tokens[c].dep in wanted]


def climb(p: ParsedArticle, i: int) -> list[tuple[int, str]]:
    """``i`` and its ancestors, each with the dependency label of the edge below it."""
    chain = [(i, p.tokens[i].dep)]
    seen = 0
    while p.tokens[i].head != i and seen < MAX_CLIMB:
        i = p.tokens[i].head
        chain.append((i, p.tokens[i].dep))
        seen += 1
    return chain


def has_child_word(p: ParsedArticle, i: int, deps: Iterable[str], words: Iterable[str]) -> bool:
    """True if a ``deps`` child of token ``i`` is one of ``words`` (by text or lemma)."""
    wanted = {w.lower() for w in words}
    return any(
        p.tokens[c].text.lower() in wanted or p.tokens[c].lemma.lower() in wanted
        for c in kids(p, i, deps)
    )
