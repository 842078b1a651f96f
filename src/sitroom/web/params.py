"""Request parameters: their types for the OpenAPI schema, and their checks.

A bad value is a SitroomError with its code (E040 date, E041 dyad, E042 cursor, E043 any
other parameter), which the app answers with status 400 and the message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Annotated, Any, Literal

from fastapi import Depends, Query
from pydantic import BaseModel

from sitroom.errors import E, SitroomError
from sitroom.extract.events.plover import PLOVER_TYPES
from sitroom.picture.escalation import parse_dyad
from sitroom.picture.shared import check_date
from sitroom.store.listings import Selection, latest_day
from sitroom.store.store import Store

MAX_TERMS = 8
MAX_RANGE_DAYS = 3660

Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (1-1000).")]
Cursor = Annotated[str | None, Query(max_length=512, description="next_cursor of the last page")]
DateParam = Annotated[str | None, Query(description="YYYY-MM-DD", examples=["2022-01-10"])]
ActorParam = Annotated[str | None, Query(max_length=100, description="Actor id, e.g. RUS")]
DyadParam = Annotated[str | None, Query(max_length=100, description="Two actor ids: RUS-UKR")]
TypeParam = Annotated[str | None, Query(max_length=20, description="PLOVER type, e.g. THREATEN")]
Modality = Literal["asserted", "future", "hypothetical", "negated"]


def check_type(value: str | None) -> str | None:
    """An upper-cased PLOVER type, or None; else SitroomError E043."""
    if not value:
        return None
    if value.upper() not in PLOVER_TYPES:
        raise SitroomError(
            E.E043, name="type", value=value, detail="expected one of " + ", ".join(PLOVER_TYPES)
        )
    return value.upper()


def check_dyad(value: str | None) -> tuple[str, str] | None:
    """The two actor ids of ``A-B`` (E041 when malformed), or None."""
    return parse_dyad(value) if value else None


def check_dates(*values: str | None) -> None:
    """Each value a YYYY-MM-DD date or None (E040)."""
    for v in values:
        check_date(v)


def check_range(date_from: str | None, date_to: str | None) -> None:
    """Both dates valid and, when both given, at most ten years apart, in order."""
    check_dates(date_from, date_to)
    if date_from and date_to:
        span = (Date.fromisoformat(date_to) - Date.fromisoformat(date_from)).days
        if not 0 <= span <= MAX_RANGE_DAYS:
            raise SitroomError(
                E.E043,
                name="date range",
                value=f"{date_from}..{date_to}",
                detail=f"date_to must follow date_from by 0-{MAX_RANGE_DAYS} days",
            )


def window(
    st: Store, date_from: str | None, date_to: str | None, days: int
) -> tuple[str | None, str | None]:
    """The range asked for (checked by :func:`check_range`); with neither end given, the
    last ``days`` days with data."""
    check_range(date_from, date_to)
    if date_from or date_to:
        return date_from, date_to
    last = latest_day(st)
    if last is None:
        return None, None
    return (Date.fromisoformat(last) - timedelta(days=days - 1)).isoformat(), last


def search_terms(text: str) -> list[str]:
    """The terms of a search (at most :data:`MAX_TERMS` of at least 2 characters), else
    SitroomError E043."""
    terms = [t for t in text.split() if len(t) >= 2][:MAX_TERMS]
    if not terms:
        raise SitroomError(
            E.E043, name="q", value=text, detail="give at least one term of 2 or more characters"
        )
    return terms


def positive(value: str | None, name: str) -> int | None:
    """A form field that must be empty or a whole number of at least 1."""
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise SitroomError(E.E043, name=name, value=value, detail="expected a number >= 1")
    return int(value)


def form(**values: Any) -> dict[str, str]:
    """The values of a page's filter form, as the form shows them (None as empty)."""
    return {k: "" if v is None else str(v) for k, v in values.items()}


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters shared by event and cluster listings (all optional), as requested."""

    date_from: str | None = None
    date_to: str | None = None
    actor: str | None = None
    dyad: str | None = None
    type: str | None = None
    modality: str | None = None
    min_outlets: int | None = None

    def selection(self) -> Selection:
        """The filters checked, in order: dates (E040), dyad (E041), type (E043)."""
        check_dates(self.date_from, self.date_to)
        return Selection(
            date_from=self.date_from,
            date_to=self.date_to,
            actor=self.actor,
            dyad=check_dyad(self.dyad),
            type=check_type(self.type),
            modality=self.modality,
            min_outlets=self.min_outlets,
        )


def _filters(
    date_from: DateParam = None,
    date_to: DateParam = None,
    actor: ActorParam = None,
    dyad: DyadParam = None,
    type: TypeParam = None,
    modality: Modality | None = None,
    min_outlets: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> Filters:
    """The event and cluster filters of a request's query string."""
    return Filters(date_from, date_to, actor, dyad, type, modality, min_outlets)


@dataclass(frozen=True, slots=True)
class Paging:
    """Where a list page starts (``cursor``, None for the first) and its size."""

    cursor: str | None
    limit: int


def _paging(cursor: Cursor = None, limit: Limit = 100) -> Paging:
    return Paging(cursor, limit)


FilterArgs = Annotated[Filters, Depends(_filters)]
PageArgs = Annotated[Paging, Depends(_paging)]


class Page(BaseModel):
    """A page of results; ``next_cursor`` is null on the last page."""

    items: list[dict[str, Any]]
    next_cursor: str | None
