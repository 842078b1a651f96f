"""Pronouns: he, she and they, linked to the nearest fitting antecedent.

He and she go to the nearest preceding person of compatible gender within a few sentences (a
name used as a modifier, "a Putin confidant", is no antecedent); they goes to the nearest
preceding actor that is not a person, in the same or the previous sentence. Otherwise the
pronoun stays unresolved (``actor=None``). The pronouns are data
(``data/vocab/actors_pronouns.json``).
"""

from __future__ import annotations

from functools import cache

from sitroom import vocab
from sitroom.extract.actors.context import ArticleContext, Cand, covered
from sitroom.records import Token

PRONOUN_WINDOW = 3  # sentences back for he/she


@cache
def _pronouns() -> dict[str, tuple[str, ...]]:
    return vocab.word_groups("actors_pronouns")


@cache
def male_pronouns() -> frozenset[str]:
    return frozenset(_pronouns()["male"])


@cache
def female_pronouns() -> frozenset[str]:
    return frozenset(_pronouns()["female"])


@cache
def plural_pronouns() -> frozenset[str]:
    return frozenset(_pronouns()["plural"])


def pronoun_mentions(ctx: ArticleContext, chosen: list[Cand]) -> list[Cand]:
    """A mention for each personal pronoun outside ``chosen``, linked back where one fits."""
    out: list[Cand] = []
    for t in ctx.tokens:
        low = t.text.lower()
        if t.pos != "PRON" or covered(chosen, t.start, t.end):
            continue
        if low in male_pronouns() or low in female_pronouns():
            gender = "m" if low in male_pronouns() else "f"
            target = nearest(ctx, chosen, t, PRONOUN_WINDOW, gender=gender)
        elif low in plural_pronouns():
            target = nearest(ctx, chosen, t, 1, gender=None)
        else:
            continue
        if target is None:
            out.append(Cand(t.start, t.end, "pronoun", None, 0.5))
        else:
            out.append(
                Cand(t.start, t.end, "pronoun", target.ref, 0.6,
                     antecedent=target.antecedent if target.kind == "pronoun"
                     else target.start, is_person=target.is_person,
                     gender=target.gender, office=target.office)
            )  # fmt: skip
    return out


def nearest(
    ctx: ArticleContext, chosen: list[Cand], t: Token, window: int, gender: str | None
) -> Cand | None:
    """The nearest resolved mention before ``t`` within ``window`` sentences: a person of
    compatible ``gender``, or (``gender`` None) an actor that is not a person."""
    for c in sorted(chosen, key=lambda c: c.start, reverse=True):
        if c.end > t.start or c.ref is None or c.kind == "pronoun":
            continue
        tok = ctx.parsed.token_at(c.start)
        if tok is None or ctx.tokens[tok].sent < t.sent - window:
            return None
        if gender is None:
            if not c.is_person:
                return c
            continue
        fits = c.is_person and (c.gender is None or c.gender == gender)
        if fits and not _is_modifier(ctx, c):
            return c
    return None


def _is_modifier(ctx: ArticleContext, c: Cand) -> bool:
    """A name used as a modifier ("a Putin confidant") is no antecedent for a pronoun."""
    last = ctx.parsed.token_at(c.end - 1)
    if last is None:
        return False
    tok = ctx.tokens[last]
    return tok.dep == "compound" and not (c.start <= ctx.tokens[tok.head].start < c.end)
