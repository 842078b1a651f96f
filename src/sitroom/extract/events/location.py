"""Where an event happened: the "in" or "at" phrase of its trigger or clause.

A place name ("in Brussels") is resolved by the gazetteer (:mod:`sitroom.extract.events.places`);
an institution ("at the Russian Defense Ministry") takes the country of the actor it names.
"""

from __future__ import annotations

from sitroom.extract.events.arguments import Context
from sitroom.extract.events.places import to_location
from sitroom.extract.events.syntax import kids
from sitroom.extract.events.triggers import Trigger
from sitroom.records import Location

_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def location_of(ctx: Context, trig: Trigger, chain: list[tuple[int, str]]) -> Location | None:
    """Where the event happened: "in Brussels", "at the Russian Defense Ministry"."""
    p = ctx.parsed
    anchors = [trig.i, *trig.absorbed, *(n for n, _ in chain[1:3])]
    for a in anchors:
        for prep in kids(p, a, ("prep",)):
            word = p.tokens[prep].text.lower()
            if word not in ("in", "at"):
                continue
            for g in kids(p, prep, ("pobj",)):
                loc = _place_at(ctx, g, allow_org=word == "at")
                if loc is not None:
                    return loc
    return None


def _place_at(ctx: Context, g: int, allow_org: bool) -> Location | None:
    p = ctx.parsed
    labels = _PLACE_LABELS | ({"ORG"} if allow_org else set())
    for ent in p.entities:
        if ent.token_start <= g < ent.token_end and ent.label in labels:
            if ent.label in ("GPE", "LOC"):
                return to_location(ent.text, ctx.countries)
            inside = [
                m.actor.country
                for m in ctx.mentions
                if m.actor and m.actor.country and m.start < ent.end and ent.start < m.end
            ]
            text = p.text[ent.start : ent.end]
            return to_location(text, ctx.countries, inside[0] if inside else None)
    return None
