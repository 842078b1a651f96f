"""Provenance of a coded event: the rule that fired, the clause it sits in, how each side was
found (:class:`sitroom.records.Provenance`).

A lexicon trigger's rule is named by the entry and the refinement that chose its sense:
``lexicon:verb/impose+object:sanctions`` (the object's class), ``+prep:to``,
``+particle:out``, ``+modifier:peace``, ``+clause`` (a clause as complement) or
``+verbal-target`` (an "attack" on a person or on words, coded ACCUSE). An entry laid over the
lexicon by another file is named ``overlay:verb/<lemma>``. A coder with other rules (PETRARCH
patterns, a learned model) passes its own ``rule`` name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sitroom.extract.events.lexicon import Entry, Lexicon, Sense, lexicon
from sitroom.extract.events.triggers import Trigger
from sitroom.records import Mention, ParsedArticle, Provenance, Span

#: Dependency labels of a clause's head and the kind of clause each names.
CLAUSE_KINDS = {
    "ROOT": "main",
    "ccomp": "complement",
    "xcomp": "open",
    "advcl": "adverbial",
    "relcl": "relative",
    "acl": "nominal",
    "conj": "coordinate",
    "parataxis": "reported",
    "csubj": "complement",
    "pcomp": "complement",
}

_CLAUSE_DEPS = frozenset(CLAUSE_KINDS) - {"ROOT"}
_VERBAL = frozenset({"VERB", "AUX"})


def mention_hows(mentions: Iterable[Mention]) -> tuple[str, ...]:
    """How each mention's actor was found: its ``how``; else ``unresolved`` when it has no
    actor, or its kind."""
    return tuple(
        m.how or ("unresolved" if m.actor is None else m.kind or "unknown") for m in mentions
    )


def lexicon_rule(p: ParsedArticle, trig: Trigger, lex: Lexicon | None = None) -> str:
    """The name of the lexicon rule that made ``trig``'s sense, from ``lex`` (by default
    the lexicon of ``data/plover_rules.json``); an entry that an overlay laid over that
    lexicon is named ``overlay:`` rather than ``lexicon:``."""
    lemma = p.tokens[trig.i].lemma.lower()
    plain = lexicon()
    lex = lex or plain
    pos = "noun" if trig.is_noun else "verb"
    entry = (lex.nouns if trig.is_noun else lex.verbs).get(lemma)
    own = (plain.nouns if trig.is_noun else plain.verbs).get(lemma)
    base = f"{'lexicon' if entry is own else 'overlay'}:{pos}/{lemma}"
    if entry is None or trig.sense is entry:
        return base
    return base + _refinement(entry, trig.sense)


def _refinement(entry: Entry, sense: Sense) -> str:
    tables: tuple[tuple[str, dict[str, Sense]], ...] = (
        ("particle", entry.particles),
        ("prep", entry.preps),
        ("object", entry.objects),
        ("modifier", entry.modifiers),
    )
    for kind, table in tables:
        for key, value in table.items():
            if value is sense:
                return f"+{kind}:{key}"
    if entry.clause is not None and sense is entry.clause:
        return "+clause"
    if sense.type == "ACCUSE" and entry.type == "ASSAULT":
        return "+verbal-target"
    return "+other"


def trigger_words(p: ParsedArticle, trig: Trigger) -> str:
    """The trigger's lemmas in text order ("rule out", "peace talks")."""
    return " ".join(p.tokens[i].lemma.lower() for i in sorted(set(trig.tokens)))


def clause_of(p: ParsedArticle, i: int) -> tuple[Span | None, str]:
    """The clause that holds token ``i`` (its words, without the clauses nested in it that do
    not hold ``i``) and its kind (:data:`CLAUSE_KINDS`; ``reported`` for the complement of a
    speech verb, ``other`` for anything else)."""
    head, seen = i, 0
    while not (p.tokens[head].pos in _VERBAL and _is_clause_head(p, head)) and seen < 40:
        if p.tokens[head].head == head:
            break
        head, seen = p.tokens[head].head, seen + 1
    dep = p.tokens[head].dep
    kind = CLAUSE_KINDS.get(dep, "other")
    gov = p.tokens[head].head
    if kind == "complement" and p.tokens[gov].lemma.lower() in lexicon().speech_verbs:
        kind = "reported"
    inside = set(p.subtree(head))
    for c in p.children(head):
        if p.tokens[c].dep in _CLAUSE_DEPS and c != i:
            nested = set(p.subtree(c))
            if i not in nested:
                inside -= nested
    inside.add(head)
    lo, hi = min(inside), max(inside)
    return p.span(lo, hi + 1), kind


def _is_clause_head(p: ParsedArticle, i: int) -> bool:
    tok = p.tokens[i]
    return tok.head == i or tok.dep == "ROOT" or tok.dep in _CLAUSE_DEPS


def event_provenance(
    p: ParsedArticle,
    trig: Trigger,
    source: Sequence[Mention],
    target: Sequence[Mention],
    *,
    rule: str | None = None,
    lex: Lexicon | None = None,
    speaker_source: bool = False,
    steps: Iterable[str] = (),
) -> Provenance:
    """The provenance of an event coded from ``trig`` with these sides: ``rule`` names a rule
    that is not the lexicon's (else the lexicon rule, from ``lex`` when the coder reads
    another lexicon); ``speaker_source``: the source is the reporting speaker standing for a
    pronoun subject (each source ``how`` gets the prefix ``speaker:``)."""
    clause, kind = clause_of(p, trig.i)
    src = mention_hows(source)
    if speaker_source:
        src = tuple(f"speaker:{h}" for h in src)
    return Provenance(
        rule=rule or lexicon_rule(p, trig, lex),
        trigger=trigger_words(p, trig),
        clause=clause,
        clause_kind=kind,
        source=src,
        target=mention_hows(target),
        steps=tuple(steps),
    )
