"""Publication-date candidates, with their provenance, and the choice among them.

Candidates come from what a document carries (header line, ``date`` line, URL path,
container field, HTML metadata, dateline) and from what its text says (explicit dates
mentioned, weekday cues such as "told reporters Tuesday"). :func:`choose_date` picks one
with a precision and a confidence and flags a conflict when strong candidates disagree.

A date mentioned without a year ("on January 12", "between Jan. 21 and 25") is placed in
the year closest to a reference date when one is known (a strong candidate of the same
document, or the dates of the other articles of the run); otherwise it is placed after the
latest fully written date of the text (news style writes the year only for dates outside
the current year). The estimate is never today's date.

Numeric dates ("17.05.22", "05.03.2022", "3/4/22") are read in the order of the outlet's
convention (:func:`numeric_order`): from the outlet, its host or the text's language where known
(Ukrainian, Russian and most European outlets write day first, US outlets month first); else
from a value of the same text that can be read only one way ("25.03.22"); else day first for
dotted dates, as in most of Europe, and month first for slashed ones. A value impossible in that
order but possible in the other is read the other way. A two-digit year takes the century that
puts it nearest the reference year (the publication date, or today) without going past the
year after it (:func:`full_year`): "22" is never 1922 in news published after 2000.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from sitroom.numdates import (
    NUMERIC,
    Order,
    numeric_dates,
    read_numeric,
)
from sitroom.records import DateCandidate, DatePrecision

MONTHS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS: tuple[str, ...] = (
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
)
# provenance -> weight of a candidate of that kind (how much it usually tells the truth)
WEIGHTS: dict[str, float] = {
    "date_line": 0.9,
    "container": 0.9,
    "html": 0.8,
    "url": 0.8,
    "dateline": 0.7,
    "header": 0.6,
    "mention": 0.2,
    "weekday": 0.3,
    "context": 0.1,
}
STRONG = frozenset({"date_line", "container", "html", "url", "dateline", "header"})

_M = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|"
    r"July?|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
FULL_MDY = re.compile(rf"\b{_M}\s+{_DAY},?\s+{_YEAR}\b")
FULL_DMY = re.compile(rf"\b{_DAY}\s+{_M},?\s+{_YEAR}\b")
RANGE_MD = re.compile(
    rf"\b(?:between|from)\s+{_M}\s+[0-3]?\d(?:st|nd|rd|th)?\s+(?:and|to|-|–)\s+"
    r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s*\d{4})"
)
BARE_MD = re.compile(rf"\b{_M}\s+{_DAY}\b(?!,?\s*\d{{4}})(?![\d:])")
BARE_DM = re.compile(rf"\b{_DAY}\s+{_M}\b(?!,?\s*\d{{4}})")
ISO_IN_TEXT = re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
WEEKDAY_CUE = re.compile(
    r"(?<!\blast )(?<!\bnext )(?<!\bthis )(?<!\bcoming )(?<!\bfollowing )"
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
RELATIVE_CUE = re.compile(
    r"\b(?:this|last|next|earlier this|later this) (?:week|month|year)\b|\b(?:yesterday|today)\b",
    re.IGNORECASE,
)
# talk of "next year" as the near future, or of the year's end: written late in a year
LATE_YEAR_CUE = re.compile(
    r"\b(?:early|start of|beginning of|first (?:half|quarter|months?) of|by|until|in) next year\b|"
    r"\b(?:the )?(?:very )?(?:start|beginning) of next year\b|"
    r"\b(?:end of (?:this|the) year|year-end|before the new year|new year holidays?)\b",
    re.IGNORECASE,
)
URL_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})([-/_.]?)([01]\d)\2([0-3]\d)(?!\d)")
URL_YM = re.compile(r"/((?:19|20)\d{2})/([01]\d)/")
DATELINE = re.compile(rf"^[A-Z][A-Z .'’-]{{2,40}}(?:,\s*[A-Za-z .]+)?,\s*{_M}\s+{_DAY}\b")
COMPACT = re.compile(r"^((?:19|20)\d{2})([01]\d)([0-3]\d)$")
SLASHED = re.compile(r"^([0-3]?\d)/([0-3]?\d)/((?:19|20)\d{2})$")
DOTTED_VALUE = re.compile(r"^([0-3]?\d)\.([0-3]?\d)\.((?:19|20)\d{2}|\d{2})(?:[ ,T]+[\d:.]+)?$")

# a numeric timestamp opening the body: "10.09.22 11:01 - ", "(17.05.22)"
NUMERIC_DATELINE = re.compile(
    r"^\(?(?P<date>[0-3]?\d([./])[0-3]?\d\2(?:(?:19|20)\d{2}|\d{2}))(?:,?\s+\d{1,2}:\d{2})?\)?"
    r"\s*(?:[-–—|:]|$)"
)


# a publication date is never more than a few days after the reference date (time zones)
FUTURE_DAYS = 3


@dataclass(frozen=True, slots=True)
class Mention:
    """A date written in the text; ``year`` is None when the text gave none."""

    month: int
    day: int
    year: int | None
    evidence: str
    start: int


@dataclass(slots=True)
class DateChoice:
    value: str | None
    precision: DatePrecision
    confidence: float
    conflict: bool
    candidates: list[DateCandidate] = field(default_factory=list)


def _month(name: str) -> int:
    return MONTHS[name[:3].lower()]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_value(value: str) -> date | None:
    """Parse a date field as containers write it (ISO, YYYYMMDD, MM/DD/YYYY, prose, RFC 2822)."""
    value = value.strip()
    if not value:
        return None
    m = COMPACT.match(value)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = SLASHED.match(value)
    if m:  # containers write month first ("02/15/2022"); a day above 12 says otherwise
        return read_numeric(m[1], m[2], m[3], "/", "mdy")
    m = DOTTED_VALUE.match(value)
    if m:  # day first, as everywhere dots are used
        return read_numeric(m[1], m[2], m[3], ".", "dmy")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for rx in (FULL_MDY, FULL_DMY, ISO_IN_TEXT):
        m = rx.search(value)
        if m:
            return _safe_date(int(m["year"]), _month_of(m["month"]), int(m["day"]))
    return _dateparser(value)


def _month_of(text: str) -> int:
    return int(text) if text.isdigit() else _month(text)


def _dateparser(value: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        value,
        languages=["en"],
        settings={"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    return parsed.date() if parsed else None


def candidate(
    value: date, provenance: str, evidence: str, precision: DatePrecision = "day"
) -> DateCandidate:
    return DateCandidate(
        value=value.isoformat(),
        precision=precision,
        provenance=provenance,
        weight=WEIGHTS.get(provenance, 0.5),
        evidence=evidence[:120],
    )


def url_candidates(url: str | None) -> list[DateCandidate]:
    """A date in the URL path (``/2021-12-21/``, ``/2021/12/22/``, ``/20211222``)."""
    if not url:
        return []
    path = urlsplit(url).path
    m = URL_YMD.search(path)
    if m:
        d = _safe_date(int(m[1]), int(m[3]), int(m[4]))
        if d:
            return [candidate(d, "url", url)]
    m = URL_YM.search(path)
    if m:
        d = _safe_date(int(m[1]), int(m[2]), 1)
        if d:
            return [candidate(d, "url", url, precision="month")]
    return []


def find_mentions(
    text: str, order: Order | None = None, reference_year: int | None = None
) -> list[Mention]:
    """Explicit dates the text mentions, with or without a year, in text order; numeric
    ones ("17.05.22") read in ``order`` with two-digit years near ``reference_year``."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for n in numeric_dates(text):
        d = read_numeric(n["a"], n["b"], n["y"], n["sep"], order, reference_year)
        if d is not None:
            taken.append((n.start(), n.end()))
            found.append(Mention(d.month, d.day, d.year, n.group(0), n.start()))

    patterns = (
        (FULL_MDY, True),
        (FULL_DMY, True),
        (ISO_IN_TEXT, True),
        (RANGE_MD, False),
        (BARE_MD, False),
        (BARE_DM, False),
    )
    for rx, has_year in patterns:
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            day = int(m["day"])
            month = _month_of(m["month"])
            year = int(m["year"]) if has_year else None
            if not 1 <= day <= 31 or (year and not _safe_date(year, month, day)):
                continue
            taken.append((m.start(), m.end()))
            found.append(Mention(month, day, year, m.group(0), m.start()))
    return sorted(found, key=lambda x: x.start)


def weekday_cues(text: str) -> Counter[int]:
    """How often each weekday is named as a plain cue ("said Tuesday", "on Thursday")."""
    return Counter(WEEKDAYS.index(m.group(1)) for m in WEEKDAY_CUE.finditer(text))


def dateline_mention(text: str) -> Mention | None:
    """A dateline such as "KYIV, Jan. 12 (Reuters) -" at the start of the body."""
    m = DATELINE.match(text)
    if not m:
        return None
    return Mention(_month(m["month"]), int(m["day"]), None, m.group(0), 0)


def numeric_dateline(
    text: str, order: Order | None = None, reference: date | None = None
) -> DateCandidate | None:
    """A numeric timestamp opening the body ("10.09.22 11:01 - ..."), as some outlets stamp
    their items: the publication date, unless it would lie days after ``reference``
    (or today)."""
    m = NUMERIC_DATELINE.match(text)
    n = NUMERIC.match(m["date"]) if m else None
    if m is None or n is None:
        return None
    ref = reference or date.today()
    d = read_numeric(n["a"], n["b"], n["y"], n["sep"], order, ref.year)
    if d is None or d > ref + timedelta(days=FUTURE_DAYS):
        return None
    return candidate(d, "dateline", m.group(0).strip())


def resolve_year(month: int, day: int, reference: date) -> date | None:
    """The date ``month``/``day`` in the year that puts it closest to ``reference``."""
    options = [_safe_date(reference.year + k, month, day) for k in (-1, 0, 1)]
    valid = [d for d in options if d is not None]
    if not valid:
        return None
    return min(valid, key=lambda d: abs((d - reference).days))


def _weekday_fits(d: date, cues: Counter[int]) -> bool:
    """Same-day or next-day reporting of a weekday the text names."""
    return d.weekday() in cues or (d - timedelta(days=1)).weekday() in cues


def _score(value: str, cands: list[DateCandidate], cues: Counter[int]) -> float:
    same = [c for c in cands if c.value == value]
    score = max(c.weight for c in same) + 0.25 * (len({c.provenance for c in same}) - 1)
    if cues and _weekday_fits(date.fromisoformat(value), cues):
        score += 0.3
    return score


def _disagrees(c: DateCandidate, best: date) -> bool:
    """A strong candidate more than a day off the choice (or in another month)."""
    d = date.fromisoformat(c.value)
    if c.precision == "day":
        return abs((d - best).days) > 1 and c.weight >= 0.5
    return (d.year, d.month) != (best.year, best.month)


def _choose_strong(strong: list[DateCandidate], cues: Counter[int]) -> DateChoice:
    days = [c for c in strong if c.precision == "day"] or strong
    scores = {c.value: _score(c.value, days, cues) for c in days}
    best = max(scores, key=lambda v: (scores[v], v))
    best_d = date.fromisoformat(best)
    best_c = next(c for c in days if c.value == best)
    conflict = any(_disagrees(c, best_d) for c in strong)
    confidence = min(0.99, scores[best] / 1.2)
    if conflict:
        confidence *= 0.8
    return DateChoice(best, best_c.precision, round(confidence, 3), conflict)


def _resolve_mentions(
    mentions: list[Mention], reference: date | None
) -> list[tuple[date, Mention]]:
    full = [date(m.year, m.month, m.day) for m in mentions if m.year]
    out: list[tuple[date, Mention]] = []
    for m in mentions:
        if m.year:
            out.append((date(m.year, m.month, m.day), m))
            continue
        if reference is not None:
            d = resolve_year(m.month, m.day, reference)
        elif full:
            # news style: a full date is outside the publication year, a bare one inside it
            d = _safe_date(max(full).year + 1, m.month, m.day)
        else:
            d = None
        if d is not None:
            out.append((d, m))
    return out


def late_year_month(reference: date) -> date:
    """The month among October to December (of the reference's year or the one before)
    closest to ``reference``: where a story that talks of "early next year" belongs."""
    options = [date(y, m, 1) for y in (reference.year - 1, reference.year) for m in (10, 11, 12)]
    return min(options, key=lambda d: (abs((d - reference.replace(day=1)).days), -d.toordinal()))


def _context_estimate(cues: Counter[int], reference: date | None, text: str) -> DateChoice:
    """Nothing dated in the text: a contemporaneous story (weekday or "this month" cues)
    is placed in the month of the run's reference date, with a low confidence; one that
    speaks of "early next year" in the late-year month closest to that reference."""
    late = LATE_YEAR_CUE.search(text)
    if reference is None or not (cues or late or RELATIVE_CUE.search(text)):
        return DateChoice(None, "unknown", 0.0, False)
    month = reference.replace(day=1)
    evidence = f"month of the run's reference date {reference.isoformat()}"
    if late:
        month = late_year_month(reference)
        evidence = f"{late.group(0)!r}: late in the year, near {reference.isoformat()}"
    return DateChoice(
        month.isoformat(), "month", 0.15, False, [candidate(month, "context", evidence, "month")]
    )


def _estimate(
    resolved: list[tuple[date, Mention]],
    cues: Counter[int],
    reference: date | None,
    text: str = "",
) -> DateChoice:
    """No strong candidate: the latest date the text mentions, moved to the cued weekday."""
    if reference is not None:
        resolved = [(d, m) for d, m in resolved if d <= reference + timedelta(days=60)]
    if not resolved:
        return _context_estimate(cues, reference, text)
    latest, mention = max(resolved, key=lambda x: x[0])
    # without a reference, the year of a year-less mention is only a lower bound
    guessed_year = reference is None and mention.year is None
    factor = 0.5 if guessed_year else 1.0
    note = " (year unsure: after the latest dated mention)" if guessed_year else ""
    extra: list[DateCandidate] = []
    if cues:
        top = max(cues.values())
        weekday = next(w for w in range(7) if cues[w] == top)
        shift = (weekday - latest.weekday()) % 7
        estimate = latest + timedelta(days=shift)
        evidence = f"{WEEKDAYS[weekday]} on or after {mention.evidence}{note}"
        extra.append(candidate(estimate, "weekday", evidence))
        return DateChoice(estimate.isoformat(), "day", 0.3 * factor, False, extra)
    return DateChoice(latest.replace(day=1).isoformat(), "month", 0.2 * factor, False, extra)


def _dateline_candidates(
    text: str, reference: date | None, order: Order | None = None
) -> list[DateCandidate]:
    stamp = numeric_dateline(text, order, reference)
    if stamp is not None:
        return [stamp]
    line = dateline_mention(text)
    if line is None or reference is None:
        return []
    d = resolve_year(line.month, line.day, reference)
    return [candidate(d, "dateline", line.evidence)] if d else []


def choose_date(
    given: list[DateCandidate],
    text: str,
    extra_text: str = "",
    reference: str | None = None,
    order: Order | None = None,
    body_start: int = 0,
) -> DateChoice:
    """Choose the publication date among ``given`` candidates and the text's own cues.

    ``text`` is the article body; ``extra_text`` holds removed lines (captions) whose dates
    still bound the publication date from below; ``reference`` is an ISO date known from the
    context (other articles of the run) used only to place year-less mentions; ``order`` is
    the order of the text's numeric dates (:func:`numeric_order`); ``body_start`` is where the
    body proper starts, after a headline kept in the text (a dateline opens the body proper).
    """
    cues = weekday_cues(text)
    ref = date.fromisoformat(reference) if reference else None
    strong = [c for c in given if c.provenance in STRONG]
    if not strong:
        strong = _dateline_candidates(text[body_start:], ref, order)
    choice = _choose_strong(strong, cues) if strong else None
    anchor = date.fromisoformat(choice.value) if choice and choice.value else ref
    year = anchor.year if anchor else None
    mentions = find_mentions(text, order, year) + find_mentions(extra_text, order, year)
    resolved = _resolve_mentions(mentions, anchor)
    if choice is None:
        choice = _estimate(resolved, cues, ref, text)
    choice.candidates = (
        list(given)
        + [c for c in strong if c not in given]
        + list(dict.fromkeys(candidate(d, "mention", m.evidence) for d, m in resolved))
        + choice.candidates
    )
    return choice
