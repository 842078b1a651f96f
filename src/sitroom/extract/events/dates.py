"""Event dates: the time expressions spaCy found, resolved against the article date.

Only the DATE entities of the event's own sentence are read (never a search over the whole
text). Each is cleaned of hedges ("early", "as soon as"), parsed by dateparser with the
article date as the relative base and a past/future preference from the event's tense, and
given a precision (day, week, month, year). Coarser dates are normalised to their first day
(Monday for weeks). Without a usable expression the article date and its precision are used.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from sitroom.records import DatePrecision, ParsedArticle

Prefer = Literal["past", "future"]

_HEDGE = re.compile(
    r"^(?:(?:on|in|at|by|from|since|until|as (?:early|late|soon) as|early|late|mid-?|earlier|"
    r"later|the (?:very )?(?:start|beginning|end|middle) of|the)\s*)+",
    re.IGNORECASE,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?(?:\s|$)", re.IGNORECASE
)
_DAY_WORDS = re.compile(r"\b(?:today|tomorrow|yesterday|tonight)\b", re.IGNORECASE)
_DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a few|several|half)\b.*"
    r"\b(?:days?|weeks?|months?|years?|decades?|hours?)\b",
    re.IGNORECASE,
)


_DAY_RANGE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*\d{1,2}(?:st|nd|rd|th)?\b")
_YEAR = re.compile(r"\b\d{4}\b")


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    date: str
    precision: DatePrecision
    expression: str


def precision_of(expression: str) -> DatePrecision:
    """How precise a time expression is, from its words."""
    low = expression.lower()
    if any(d in low for d in _WEEKDAYS) or _DAY_WORDS.search(low):
        return "day"
    if _MONTHS.search(low + " "):
        return "day" if re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", low) else "month"
    if "week" in low:
        return "week"
    if "month" in low:
        return "month"
    if "year" in low or re.fullmatch(r"\d{4}", low.strip()):
        return "year"
    return "day"


def _normalise(value: dt.date, precision: DatePrecision) -> str:
    if precision == "week":
        value = value - dt.timedelta(days=value.weekday())
    elif precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = value.replace(month=1, day=1)
    return value.isoformat()


@functools.lru_cache(maxsize=4096)
def resolve_expression(
    expression: str, article_date: str | None, prefer: Prefer = "past"
) -> ResolvedDate | None:
    """Resolve one time expression ("last week", "on January 12") or ``None`` if unusable."""
    import dateparser

    cleaned = _HEDGE.sub("", expression.strip()).strip(" ,.")
    cleaned = _DAY_RANGE.sub(r"\1", cleaned)  # "December 15-16": the first day
    if not cleaned or (
        _DURATION.search(cleaned) and not re.search(r"\b(?:ago|next|last)\b", cleaned)
    ):
        return None
    base = _parse_iso(article_date)
    precision = precision_of(cleaned)
    if base is not None and precision == "day" and cleaned.lower() == _WEEKDAYS[base.weekday()]:
        return ResolvedDate(base.isoformat(), "day", expression)  # "said Tuesday" on a Tuesday
    settings: dict[str, object] = {"PREFER_DATES_FROM": prefer, "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime.combine(base, dt.time())
    parsed = dateparser.parse(cleaned, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    value = parsed.date()
    if "next year" in cleaned.lower() and base is not None:
        value = value.replace(year=base.year + 1)
    elif base is not None and _MONTHS.search(cleaned.lower() + " ") and not _YEAR.search(cleaned):
        value = _nearest_year(value, base, prefer)
    return ResolvedDate(_normalise(value, precision), precision, expression)


def _nearest_year(value: dt.date, base: dt.date, prefer: Prefer) -> dt.date:
    """A month and day named without a year ("on January 31") fall in the year that puts them
    nearest the article date; the event's tense breaks a tie."""
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(value.replace(year=year))
        except ValueError:  # 29 February
            continue
    if not options:
        return value

    def distance(d: dt.date) -> tuple[int, int]:
        wrong_side = (d > base) if prefer == "past" else (d < base)
        return abs((d - base).days), int(wrong_side)

    return min(options, key=distance)


def _parse_iso(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _is_under(parsed: ParsedArticle, i: int, anchor: int) -> bool:
    """True when token ``i`` hangs (not through a relative clause) under ``anchor``."""
    seen = 0
    while seen < 64:
        if i == anchor:
            return True
        tok = parsed.tokens[i]
        if tok.head == i or tok.dep in ("relcl", "acl"):
            return False
        i = tok.head
        seen += 1
    return False


def event_date(
    parsed: ParsedArticle, sentence_index: int, anchors: list[int], prefer: Prefer
) -> tuple[str | None, DatePrecision]:
    """The date of an event triggered at ``anchors[0]`` (its clause heads follow).

    DATE entities under the trigger or its clause heads win, nearest first; others in the
    sentence are not used (they usually date something else). Falls back to the article date.
    """
    article = parsed.article
    sent = parsed.sentences[sentence_index]
    candidates: list[tuple[int, int, ResolvedDate]] = []
    for ent in parsed.entities:
        if ent.label != "DATE" or not (sent.token_start <= ent.token_start < sent.token_end):
            continue
        root = _entity_root(parsed, ent.token_start, ent.token_end)
        if _dates_a_noun(parsed, root, anchors[0]):
            continue
        rank = next((k for k, a in enumerate(anchors) if _is_under(parsed, root, a)), None)
        if rank is None:
            continue
        resolved = resolve_expression(ent.text, article.date, prefer)
        if resolved is not None:
            candidates.append((rank, abs(root - anchors[0]), resolved))
    if candidates:
        best = min(candidates, key=lambda c: (c[0], c[1]))[2]
        return best.date, best.precision
    if article.date:
        return article.date, article.date_precision if article.date_precision else "day"
    return None, "unknown"


_NOMINAL_MODIFIER = frozenset({"amod", "compound", "nummod", "nmod", "poss"})


def _dates_a_noun(parsed: ParsedArticle, root: int, trigger: int) -> bool:
    """ "the 1962 missile crisis", "last year's summit": the date names another thing."""
    tok = parsed.tokens[root]
    return tok.dep in _NOMINAL_MODIFIER and tok.head != trigger and tok.head != root


def _entity_root(parsed: ParsedArticle, start: int, end: int) -> int:
    for i in range(start, end):
        head = parsed.tokens[i].head
        if not (start <= head < end) or head == i:
            return i
    return start
