"""Salience: the earlier mention a pronoun or role noun refers back to, or none.

Coreference here prefers no answer to a wrong one. The candidates are the mentions before the
anaphor that fit it (gender, number, person or not, office: the caller's ``fits``). Scanning back
sentence by sentence (the anaphor's own sentence first, only what precedes it there), the first
sentence holding a fitting candidate decides: among its candidates in **subject position** (the
subject of any clause, or a name in apposition to or conjoined with one), or among all of them
when none is a subject, exactly one actor must remain. Two different actors compete, and the
anaphor stays unresolved. A candidate with no actor (an unnamed official, a role noun nobody
resolved) competes as an actor of its own, so "a Biden administration official told Reuters"
keeps a following "he" from Putin named in that sentence's "if" clause.

Before scanning back, a subject that comes after the anaphor in its own clause is taken
("In his speech, Putin said": "his" is Putin).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sitroom.extract.actors.context import ArticleContext, Cand

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
#: Links through which a name shares its head's position ("Peskov, the Kremlin spokesman").
SHARING_DEPS = frozenset({"appos", "conj"})

Fits = Callable[[Cand], bool]


def head_token(ctx: ArticleContext, c: Cand) -> int | None:
    """The token of the mention whose syntactic head lies outside it (the last such)."""
    rng = ctx.tok_range(c.start, c.end)
    found: int | None = None
    for i in rng:
        h = ctx.tokens[i].head
        if h == i or h not in rng:
            found = i
    return found


def is_subject(ctx: ArticleContext, c: Cand) -> bool:
    """Is the mention the subject of a clause (directly, in apposition or conjoined)?"""
    i = head_token(ctx, c)
    for _ in range(4):
        if i is None:
            return False
        tok = ctx.tokens[i]
        if tok.dep in SUBJECT_DEPS:
            return True
        if tok.dep not in SHARING_DEPS or tok.head == i:
            return False
        i = tok.head
    return False


def sentence_of(ctx: ArticleContext, c: Cand) -> int:
    tok = ctx.parsed.token_at(c.start)
    return ctx.tokens[tok].sent if tok is not None else -1


def identity(c: Cand) -> tuple[str, int]:
    """Who a candidate is: its actor id, or itself when it has none."""
    return (c.ref.actor_id, -1) if c.ref is not None else ("?", c.start)


def antecedent(
    ctx: ArticleContext,
    pool: Iterable[Cand],
    tok: int,
    fits: Fits,
    window: int | None = None,
) -> Cand | None:
    """The one fitting candidate the anaphor at token ``tok`` refers back to, or None.

    ``window``: how many sentences back to look (None: the whole article before it). The
    returned candidate may itself have no actor (the anaphor is then unresolved, but known
    to refer to it).
    """
    anchor = ctx.tokens[tok]
    fitting = [c for c in pool if fits(c)]
    after = (
        _conjoined_owner(ctx, fitting, tok)
        or _clause_subject_after(ctx, fitting, tok)
        or _controller(ctx, fitting, tok)
    )
    if after is not None:
        return after
    by_sent: dict[int, list[Cand]] = {}
    for c in fitting:
        if c.end <= anchor.start:
            by_sent.setdefault(sentence_of(ctx, c), []).append(c)
    lowest = -1 if window is None else anchor.sent - window
    for s in sorted((s for s in by_sent if lowest <= s <= anchor.sent), reverse=True):
        return decide(ctx, by_sent[s], main_wins=s < anchor.sent)
    return None


def own_subject(ctx: ArticleContext, pool: Iterable[Cand], tok: int) -> Cand | None:
    """The subject of the clause of token ``tok`` ("Reznikov had established himself")."""
    verb = _verb_above(ctx, tok)
    if verb is None:
        return None
    subjects = {k for k in ctx.parsed.children(verb) if ctx.tokens[k].dep in SUBJECT_DEPS}
    return next((c for c in pool if head_token(ctx, c) in subjects), None)


def decide(ctx: ArticleContext, group: Sequence[Cand], main_wins: bool = True) -> Cand | None:
    """The one actor of a sentence's fitting candidates (subjects first), or None if two.

    In an earlier sentence (``main_wins``), a named actor (not an agent noun) that is the
    subject of the sentence's main clause wins over subjects of clauses below it ("'The
    president is consulting...', Peskov said": "he" after it is Peskov); an unnamed one ("a
    Biden administration official told Reuters") does not, and competes with them. In the
    anaphor's own sentence the subjects always compete ("The President stressed that every
    resident has the right to protect his life")."""
    subjects = [c for c in group if is_subject(ctx, c)]
    best = subjects or list(group)
    if len({identity(c) for c in best}) != 1:
        if not main_wins:
            return None
        main = [c for c in subjects if _main_clause(ctx, c)]
        if len({identity(c) for c in main}) != 1 or any(
            c.ref is None or c.kind == "agent" for c in main
        ):
            return None
        best = main
    return max(best, key=lambda c: c.start)


#: Links from a clause to the sentence's main clause that keep it a main clause.
MAIN_LINKS = frozenset({"ROOT", "conj"})


def _main_clause(ctx: ArticleContext, c: Cand) -> bool:
    """Is the mention the subject of the sentence's main clause (or of a conjoined one)?"""
    i = head_token(ctx, c)
    if i is None:
        return False
    while ctx.tokens[i].dep in SHARING_DEPS and ctx.tokens[i].head != i:
        i = ctx.tokens[i].head
    verb = ctx.tokens[i].head
    for _ in range(4):
        t = ctx.tokens[verb]
        if t.head == verb or t.dep == "ROOT":
            return True
        if t.dep not in MAIN_LINKS:
            return False
        verb = t.head
    return False


def _conjoined_owner(ctx: ArticleContext, fitting: list[Cand], tok: int) -> Cand | None:
    """ "Russia and its proxies": a possessive in a conjunct belongs to the first conjunct."""
    t = ctx.tokens[tok]
    if t.dep != "poss":
        return None
    noun = ctx.tokens[t.head]
    if noun.dep != "conj":
        return None
    for c in fitting:
        if head_token(ctx, c) == noun.head:
            return c
    return None


#: Where the understood subject of "to <verb>" is found on the verb above: its object
#: ("urged Russia to withdraw"), the object of "on" ("called on Russia to"), its subject.
CONTROLLERS = (("dobj",), ("prep", "on"), ("nsubj",))


def _controller(ctx: ArticleContext, fitting: list[Cand], tok: int) -> Cand | None:
    """ "called on Russia to withdraw its troops": the understood subject of the clause."""
    verb = _verb_above(ctx, tok)
    if verb is None or ctx.tokens[verb].dep not in ("xcomp", "advcl", "ccomp"):
        return None
    kids = ctx.parsed.children(verb)
    if any(ctx.tokens[k].dep in SUBJECT_DEPS for k in kids):
        return None
    gov = ctx.tokens[verb].head
    heads = {head_token(ctx, c): c for c in fitting}
    for link in CONTROLLERS:
        for k in ctx.parsed.children(gov):
            t = ctx.tokens[k]
            if t.dep != link[0] or (len(link) > 1 and t.text.lower() != link[1]):
                continue
            objs = [o for o in ctx.parsed.children(k) if ctx.tokens[o].dep == "pobj"]
            for target in objs if link[0] == "prep" else [k]:
                if target in heads:
                    return heads[target]
    return None


def _verb_above(ctx: ArticleContext, tok: int) -> int | None:
    i = tok
    for _ in range(6):
        t = ctx.tokens[i]
        if t.pos in ("VERB", "AUX") and i != tok:
            return i
        if t.head == i:
            return None
        i = t.head
    return None


def _clause_subject_after(ctx: ArticleContext, fitting: list[Cand], tok: int) -> Cand | None:
    """ "In his speech, Putin said": the subject after the anaphor of the verb it hangs from."""
    i = tok
    path = {tok}
    for _ in range(6):
        t = ctx.tokens[i]
        if t.pos in ("VERB", "AUX") and i != tok:
            break
        if t.head == i:
            return None
        i = t.head
        path.add(i)
    for c in fitting:
        h = head_token(ctx, c)
        if h is None or h <= tok or ctx.tokens[h].head != i or h in path:
            continue  # "His spokesman said": "his" is not the spokesman
        if is_subject(ctx, c):
            return c
    return None
