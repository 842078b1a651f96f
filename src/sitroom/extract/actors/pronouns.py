"""Pronouns: he, she, they and its, linked to the one fitting antecedent or left unresolved.

The antecedent is chosen by :func:`~sitroom.extract.actors.salience.antecedent`: the nearest
sentence (within a few) with a fitting mention decides, subjects first, and two different
actors there leave the pronoun unresolved (``actor=None``) rather than guessed.

* he / she: a person of compatible gender (a name used as a modifier, "a Putin confidant", is
  no antecedent), within :data:`PRONOUN_WINDOW` sentences;
* they: a group named in the plural ("troops", "the Russians") or an organisation, in the
  same or the previous sentence (a state by name is "it" in English);
* its: a state, organisation or body, not a group named in the plural, in its own sentence;
  "it" only as the subject of a clause reported by such an actor ("Russia says it needs": the
  one who says). "It" anywhere else is mostly no actor and gets no mention, nor does an
  unresolved "its".

A reflexive ("himself", "itself") is the subject of its own clause. A pronoun linked once
counts as a mention of its actor for the pronouns after it. The pronouns are data
(``data/vocab/actors_pronouns.json``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from sitroom import vocab
from sitroom.extract.actors.context import ArticleContext, Cand, covered
from sitroom.extract.actors.salience import antecedent, own_subject
from sitroom.records import Token

PRONOUN_WINDOW = 3  # sentences back for he/she
PLURAL_WINDOW = 1  # sentences back for they
#: Verbs whose subject "it" is no actor ("it is", "it seems").
COPULAS = frozenset({"be", "seem", "appear", "become", "remain", "look"})


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


@cache
def neuter_pronouns() -> frozenset[str]:
    return frozenset(_pronouns()["neuter"])


@cache
def reflexive_pronouns() -> frozenset[str]:
    return frozenset(_pronouns()["reflexive"])


def pronoun_mentions(ctx: ArticleContext, chosen: list[Cand]) -> list[Cand]:
    """A mention for each personal pronoun outside ``chosen``, linked back where one fits."""
    out: list[Cand] = []
    for t in ctx.tokens:
        if t.pos != "PRON" or covered(chosen, t.start, t.end):
            continue
        found = link_pronoun(ctx, [*chosen, *out], t)
        if found is None:
            continue
        target, keep_unresolved = found
        if target is None or target.ref is None:
            if keep_unresolved:  # still blocks a later "he" from an earlier name
                low = t.text.lower()
                gender = (
                    "m" if low in male_pronouns() else "f" if low in female_pronouns() else None
                )
                out.append(Cand(t.start, t.end, "pronoun", None, 0.5, is_person=gender is not None,
                                gender=gender, how="unresolved"))  # fmt: skip
            continue
        out.append(
            Cand(t.start, t.end, "pronoun", target.ref, 0.6,
                 antecedent=target.antecedent if target.kind == "pronoun" else target.start,
                 is_person=target.is_person, gender=target.gender, office=target.office,
                 org_kind=target.org_kind, how="coreference", plural=target.plural)
        )  # fmt: skip
    return out


def link_pronoun(
    ctx: ArticleContext, pool: list[Cand], t: Token
) -> tuple[Cand | None, bool] | None:
    """The antecedent of pronoun ``t`` (or None), and whether an unresolved mention is kept;
    None when ``t`` is no pronoun this pass links."""
    low = t.text.lower()
    fits: Callable[[Cand], bool]
    if low in reflexive_pronouns():  # "Reznikov had established himself": its own subject
        subject = own_subject(ctx, pool, t.i)
        found = subject if subject is not None and subject.end <= t.start else None
        return found, low not in neuter_pronouns()  # an unresolved "itself" is mostly no actor
    if low in male_pronouns() or low in female_pronouns():
        gender = "m" if low in male_pronouns() else "f"
        fits = lambda c: _person_fits(ctx, c, gender)  # noqa: E731
        return antecedent(ctx, pool, t.i, fits, PRONOUN_WINDOW), True
    if low in plural_pronouns():
        fits = lambda c: _group_fits(c)  # noqa: E731
        return antecedent(ctx, pool, t.i, fits, PLURAL_WINDOW), True
    if low in neuter_pronouns() and _neuter_actor_position(ctx, t):
        fits = lambda c: not c.is_person and not c.plural and c.kind != "place"  # noqa: E731
        if t.dep == "poss":  # "its forces": in its own sentence only
            return antecedent(ctx, pool, t.i, fits, 0), False
        subject = _reporting_subject(ctx, pool, t)  # "Russia says it": the one who says
        return (subject if subject is not None and fits(subject) else None), False
    return None


def _group_fits(c: Cand) -> bool:
    """They: a group named in the plural ("troops", "the Russians") or an organisation; not
    a state or capital by name, which English refers to as "it"."""
    if c.is_person or c.kind == "place":
        return False
    return c.plural or c.org_kind is not None or (c.ref is None and c.kind == "pronoun")


def _reporting_subject(ctx: ArticleContext, pool: list[Cand], t: Token) -> Cand | None:
    """The mention that is the subject of the verb reporting the clause of ``t``."""
    verb = ctx.tokens[t.head].head
    for c in pool:
        tok = ctx.parsed.token_at(c.start)
        rng = ctx.tok_range(c.start, c.end)
        if tok is None or c.end > t.start:
            continue
        if any(ctx.tokens[k].head == verb and ctx.tokens[k].dep == "nsubj" for k in rng):
            return c
    return None


def _person_fits(ctx: ArticleContext, c: Cand, gender: str) -> bool:
    if not c.is_person or c.plural or (c.gender is not None and c.gender != gender):
        return False
    return not _is_modifier(ctx, c)


def _neuter_actor_position(ctx: ArticleContext, t: Token) -> bool:
    """ "its forces", or "it" as the subject of a clause reported by its antecedent ("Russia
    says it needs"), not of a copula."""
    if t.dep == "poss":
        return True
    if t.dep not in ("nsubj", "nsubjpass"):
        return False
    verb = ctx.tokens[t.head]
    if verb.lemma.lower() in COPULAS or verb.dep != "ccomp":
        return False
    return any(ctx.tokens[k].dep == "nsubj" for k in ctx.parsed.children(verb.head))


def _is_modifier(ctx: ArticleContext, c: Cand) -> bool:
    """A name used as a modifier ("a Putin confidant") is no antecedent for a pronoun."""
    last = ctx.parsed.token_at(c.end - 1)
    if last is None:
        return False
    tok = ctx.tokens[last]
    return tok.dep == "compound" and not (c.start <= ctx.tokens[tok.head].start < c.end)
