"""Whether an event has a political actor on at least one side (``rules.v2``).

A careful coder codes acts of states, their governments and forces, international bodies,
parties, armed groups and named officials. Sentences whose only actors are civilians,
businesses, journalists, unresolved phrases or abstractions ("the duty of journalists is to
defend democracy", "enterprises suspend operations") give no event. A place named only as
where the act happened ("shelling of the Donetsk region") stands for its state only in a
material conflict, whose target it is.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace

from sitroom import vocab
from sitroom.extract.events.arguments import Context
from sitroom.extract.events.mentions import mentions_in
from sitroom.extract.events.plover import cameo_table
from sitroom.extract.events.syntax import kids
from sitroom.extract.events.triggers import Trigger
from sitroom.records import Mention


@functools.cache
def _nonpolitical_sectors() -> frozenset[str]:
    """Sectors that are not political actors (civilians, business, media ...)."""
    return vocab.word_set("events_nonpolitical_sectors")


def political_mention(m: Mention, etype: str | None) -> bool:
    """``m`` names a political actor for an event of type ``etype``."""
    a = m.actor
    if a is None or (a.sector or "") in _nonpolitical_sectors():
        return False
    if m.how == "location":
        return etype is not None and cameo_table().types[etype].quad_class == 4
    if a.sector is None:
        return m.kind != "inferred"  # a person placed only by a title names no office
    return True


def political(source: Sequence[Mention], target: Sequence[Mention], etype: str | None) -> bool:
    """At least one side of the event names a political actor."""
    return any(political_mention(m, etype) for m in (*source, *target))


def verbal_or_literal(ctx: Context, trig: Trigger) -> Trigger:
    """An "attack" read as words because its object looked like a person stays an attack
    when the object is a place or a state ("troops shelling Kharkiv")."""
    p = ctx.parsed
    for o in kids(p, trig.i, ("dobj",)):
        for m in mentions_in(p, o, ctx.mentions):
            a = m.actor
            if a is not None and (m.kind in ("place", "metonym") or a.actor_id == a.country):
                return replace(trig, sense=trig.literal or trig.sense, literal=None)
    return trig
