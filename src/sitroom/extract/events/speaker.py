"""The speaker of an event: who reported the act.

The speaker of the quote the trigger sits in, when the quotes stage found one; else the
subject of the speech verb whose complement holds the act ("Putin said Russia will ...").
"""

from __future__ import annotations

from sitroom.extract.events.arguments import Context, subject
from sitroom.extract.events.lexicon import lexicon
from sitroom.extract.events.mentions import dedupe, mentions_in
from sitroom.extract.events.triggers import Trigger
from sitroom.records import ActorRef, Mention, Quote


def speaker_of(
    ctx: Context, trig: Trigger, chain: list[tuple[int, str]]
) -> tuple[ActorRef | None, list[Mention]]:
    """Who reported the act, with the mentions naming them (None and [] when nobody did)."""
    p = ctx.parsed
    start = p.tokens[trig.i].start
    for q in ctx.quotes:
        if q.content.start <= start < q.content.end and q.speaker is not None:
            return q.speaker, _speaker_mentions(ctx, q)
    speech = set(lexicon().speech_verbs)
    for node, dep in chain:
        if dep not in ("ccomp", "parataxis"):
            continue
        head = p.tokens[node].head if dep == "ccomp" else node
        if dep == "parataxis":
            head = next((c for c in p.children(node) if p.tokens[c].lemma.lower() in speech), -1)
            if head < 0:
                head = p.tokens[node].head
        if p.tokens[head].lemma.lower() in speech and head != trig.i:
            subj, _ = subject(p, head)
            ms = mentions_in(p, subj, ctx.mentions)
            if ms:
                return ms[0].actor, ms
    return None, []


def _speaker_mentions(ctx: Context, q: Quote) -> list[Mention]:
    if q.source is None:
        return []
    src = q.source
    inside = [m for m in ctx.mentions if src.start <= m.start and m.end <= src.end and m.actor]
    if inside:
        return dedupe(inside)
    p = ctx.parsed
    first = p.token_at(src.start)
    last = p.token_at(max(src.start, src.end - 1))
    if first is None or last is None:
        return []
    return [Mention(src.text, src.start, src.end, q.speaker, "inferred", first, last + 1, 0.6)]
