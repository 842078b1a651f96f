"""The facts two reports of one event must not contradict: the places named as its sides and
the numbers it reports.

Two strikes on two towns are two events, and so are two tallies of one war ("165 children
killed since the invasion", "167 children killed"): reports differ when both name places and
none is shared, when both name days ("On November 8", "On November 9") and none is shared, or
when each reports a number the other does not. Numbers of dates and times
("March 8, 2022", "(07.04.22 08:40)") are no facts of the event.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from sitroom import vocab
from sitroom.picture.wording import content_words
from sitroom.records import Event

_MONTH = r"(?:" + "|".join(m.lower() for m in calendar.month_abbr[1:]) + r")[a-z]*\.?"
#: A day named with its month ("November 8", "8 November")
DAY_RE = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH + r")|\b(" + _MONTH + r")\s+(\d{1,2})\b",
    re.I,
)
#: Dates and times: a day and month either way round, a year, a d.m.y date, an h:m time
DATE_RE = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"|\b" + _MONTH + r"\s+\d{1,2}\b"
    r"|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b|\b\d{1,2}:\d{2}\b|\b(?:19|20)\d\d\b",
    re.I,
)
NUMBER_RE = re.compile(r"\d[\d,]*")


def numbers(text: str) -> frozenset[str]:
    """The numbers ``text`` reports, without those of its dates and times."""
    return frozenset(n.replace(",", "") for n in NUMBER_RE.findall(DATE_RE.sub(" ", text)))


def days(text: str) -> frozenset[str]:
    """The days ``text`` names with their month, as ``mon-d`` ("nov-8")."""
    out = set()
    for m in DAY_RE.finditer(text):
        day, month = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        out.add(f"{month[:3].lower()}-{int(day)}")
    return frozenset(out)


@cache
def _place_nouns() -> frozenset[str]:
    return vocab.word_set("actors_place_nouns")


@dataclass(frozen=True)
class Facts:
    places: frozenset[str]
    numbers: frozenset[str]
    days: frozenset[str] = frozenset()

    def contradicts(self, other: Facts) -> bool:
        """Other places only, other named days only, or each a number the other lacks."""
        return bool(
            (self.places and other.places and not self.places & other.places)
            or (self.days and other.days and not self.days & other.days)
            or (self.numbers - other.numbers and other.numbers - self.numbers)
        )


def facts_of(ev: Event) -> Facts:
    """The places named as the event's sides (their names: "Donetsk region" and "Kharkiv
    region" are two places), the numbers and the named days of its evidence."""
    places = content_words(" ".join(m.text for m in (*ev.source, *ev.target) if m.kind == "place"))
    text = ev.evidence.text
    return Facts(places - _place_nouns(), numbers(text), days(text))
