"""Helpers shared by the picture's modules: dates and their precision, short ids, one-line
text, the actor codes a side stands for, and the weights both the timeline and the
escalation index give an event cluster.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from typing import Any, Protocol

from sitroom import vocab
from sitroom.errors import E, SitroomError
from sitroom.extract.events.plover import PLOVER_TYPES, derive_codes
from sitroom.records import ActorRef, Cluster, Mention

SUMMARY_CHARS = 220
#: A quote longer than this (in characters) is not one statement: a transcript turn or a
#: speech holds many; its events are reports of their own and it is no claim or response.
MAX_STATEMENT_CHARS = 800
#: Weight of a cluster by the modality of its events (a denial or a thing that did not
#: happen counts for nothing in the escalation index).
MODALITY_WEIGHT: Mapping[str, float] = {
    "asserted": 1.0,
    "future": 0.6,
    "hypothetical": 0.3,
    "negated": 0.0,
}


@cache
def own_party_sectors() -> frozenset[str]:
    """Sectors whose actor is a party of its own, not its (parent) state."""
    return vocab.word_set("picture_own_party_sectors")


class Stretch(Protocol):
    """Anything with character offsets: a span, evidence, a mention."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


# --------------------------------------------------------------------------- dates


def parse_date(value: Any) -> date | None:
    """A date from a ``date`` or an ISO string (its first ten characters); None if neither."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def check_date(value: str | None) -> str | None:
    """``value`` if it is a YYYY-MM-DD date (or None); else SitroomError E040."""
    if value is None or value == "":
        return None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or parse_date(value) is None:
        raise SitroomError(E.E040, value=value)
    return value


def date_range(start: date, precision: str | None) -> tuple[date, date]:
    """The days a date of ``precision`` may stand for."""
    if precision == "week":
        return start, start + timedelta(days=6)
    if precision == "month":
        nxt = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
        return start.replace(day=1), nxt - timedelta(days=1)
    if precision == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    return start, start


# --------------------------------------------------------------------------- ids and text


def short_id(prefix: str, parts: Iterable[str]) -> str:
    """``prefix`` and 16 hex digits of the SHA-1 of ``parts``: a stable id."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}{digest}"


def one_line(text: str, limit: int = SUMMARY_CHARS) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``limit`` characters."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def many_statements(content: Stretch) -> bool:
    """A quote too long to be one statement (a transcript turn, a speech): it is neither one
    report for clustering nor one claim or response."""
    return int(content.end) - int(content.start) > MAX_STATEMENT_CHARS


def overlaps(a: Stretch, start: int, end: int) -> bool:
    """Whether ``a`` shares a character with ``[start, end)``."""
    return int(a.start) < end and start < int(a.end)


# --------------------------------------------------------------------------- actors


def polarity(modality: str | None) -> str:
    """The polarity of a modality: a negated event never merges with an asserted one."""
    return "negated" if modality == "negated" else "positive"


def actor_ids(mentions: Iterable[Mention] | None) -> frozenset[str]:
    """The ids of the actors the mentions resolve to."""
    return frozenset(str(m.actor.actor_id) for m in mentions or () if m.actor and m.actor.actor_id)


def codes_of(actor: ActorRef | None) -> frozenset[str]:
    """An actor's id and its country: a minister speaks for (and is accused as) his state."""
    if not actor:
        return frozenset()
    return frozenset(str(v) for v in (actor.actor_id, actor.country) if v)


def side_codes(mentions: Iterable[Mention] | None) -> frozenset[str]:
    """A side's actor ids with their parents: a minister counts as his state (a separatist
    entity, of a sector of :func:`own_party_sectors`, is not the state it broke away from)."""
    own = own_party_sectors() - {"IGO"}
    out: set[str] = set()
    for m in mentions or ():
        a = m.actor
        if a is None or not a.actor_id:
            continue
        out.add(str(a.actor_id))
        if a.country and a.sector not in own:
            out.add(str(a.country))
    return frozenset(out)


def goldstein_of(c: Cluster) -> float:
    """The cluster's Goldstein score, or the one its PLOVER type and mode imply."""
    if c.goldstein is not None:
        return float(c.goldstein)
    if c.type in PLOVER_TYPES:
        return derive_codes(str(c.type), c.mode).goldstein
    return 0.0
