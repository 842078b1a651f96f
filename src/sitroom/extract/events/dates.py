"""Event dates: the time expressions spaCy found, resolved against the article date.

Only the DATE entities of the event's own sentence are read (never a search over the whole
text). Each is cleaned of hedges ("early", "as soon as"), parsed by dateparser with the
article date as the relative base and a past/future preference from the event's tense, and
given a precision (day, week, month, year). Coarser dates are normalised to their first day
(Monday for weeks). Numeric dates ("17.05.22") are read in the order of the outlet's convention
(:func:`sitroom.numdates.numeric_order`), a two-digit year in the century nearest the article
date. A month and day without a year fall in the year nearest the article date, but a past act
never more than a few days after it.

Without an expression of its own, an act takes the article date, unless it is in the background:

* "since <date>" gives that date; "since <a well-known event>" (the full-scale invasion) gives
  its date (:data:`KNOWN_STARTS`), which also dates the invasion itself; any other "since" leaves
  the date unknown;
* a span of time ("for years", "over the past months", "in recent weeks") or a vague past
  ("earlier", "recently", "previously") leaves it unknown, as does the past perfect ("had
  shelled");
* a past act inside a clause that modifies a noun ("the body of a man killed by ...") is not
  dated by the time of the clause that governs it ("... was found on Tuesday"): with such
  another explicit time in the sentence, its own date is unknown.

Unknown is ``(None, "unknown")``: never the article's date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Literal

from sitroom.numdates import NUMERIC, Order, numeric_dates, numeric_order, read_numeric
from sitroom.records import Article, DatePrecision, ParsedArticle

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
# a numeric date written alone, perhaps with a time and in brackets: "(10.09.22 09:19)"
_NUMERIC_ALONE = re.compile(
    rf"\(?\s*(?:{NUMERIC.pattern})(?:,?\s*\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*\)?"
)
# day and month in figures without a year ("12.04"): as often a time or a number as a date
_FIGURES = re.compile(r"\(?\s*\d{1,2}[./]\d{1,2}\s*\)?")
# "for months", "in recent days", "over the past weeks": spans
_PLURAL_UNIT = re.compile(r"\b(?:days|weeks|months|years|decades|centuries)\b", re.IGNORECASE)
# decades ("the 1990s") are spans, not dates
_DECADE = re.compile(r"\b(?:1[89]|20)\d0'?s\b|\b(?:nineteen|twenty)-?\w+ies\b", re.IGNORECASE)
# durations of a day or less report the day's news ("over the past 24 hours", "overnight")
_A_DAY = re.compile(
    r"\b(?:(?:the )?past|last|previous) (?:day|24 hours|night)\b|\b(?:24|twenty-four) hours\b|"
    r"\bovernight\b|\b(?:during|in) the (?:day|night)\b",
    re.IGNORECASE,
)
# a past act is never dated more than this many days after its article
FUTURE_DAYS = 3


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


def _is_span(cleaned: str) -> bool:
    """A stretch of time rather than a point ("two years", "the 1990s"), unless placed by
    "ago", "next" or "last" ("two days ago")."""
    if _DECADE.search(cleaned) or (_PLURAL_UNIT.search(cleaned) and "ago" not in cleaned.lower()):
        return True
    return bool(_DURATION.search(cleaned) and not re.search(r"\b(?:ago|next|last)\b", cleaned))


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
    expression: str, article_date: str | None, prefer: Prefer = "past", order: Order | None = None
) -> ResolvedDate | None:
    """Resolve one time expression ("last week", "on January 12", "17.05.22") or ``None`` if
    unusable; ``order`` is the order of the outlet's numeric dates (None: the default)."""
    import dateparser

    cleaned = _HEDGE.sub("", expression.strip()).strip(" ,.")
    cleaned = _DAY_RANGE.sub(r"\1", cleaned)  # "December 15-16": the first day
    if not cleaned or _is_span(cleaned):
        return None
    base = _parse_iso(article_date)
    numeric = _NUMERIC_ALONE.fullmatch(cleaned)
    if numeric is not None:
        year = base.year if base is not None else None
        d = read_numeric(numeric["a"], numeric["b"], numeric["y"], numeric["sep"], order, year)
        return ResolvedDate(d.isoformat(), "day", expression) if d else None
    if _FIGURES.fullmatch(cleaned):
        return None
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
    if (
        base is not None
        and not _YEAR.search(cleaned)
        and "ago" not in cleaned.lower()
        and abs(value.year - base.year) > 1
    ):
        return None  # a year nobody wrote, far from the article's: a misreading
    return ResolvedDate(_normalise(value, precision), precision, expression)


def _nearest_year(value: dt.date, base: dt.date, prefer: Prefer) -> dt.date:
    """A month and day named without a year ("on January 31") fall in the year that puts them
    nearest the article date, never more than a few days after it for a past act; the
    event's tense breaks a tie."""
    options = []
    for year in (base.year - 1, base.year, base.year + 1):
        try:
            options.append(value.replace(year=year))
        except ValueError:  # 29 February
            continue
    if prefer == "past":
        options = [d for d in options if d <= base + dt.timedelta(days=FUTURE_DAYS)] or options
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


# well-known starting points a text names without a date ("since the invasion"): the pattern
# over the words of the phrase, the date, its precision, and the first article date for which
# the phrase means it (before the full-scale invasion, "the invasion" is only feared)
KNOWN_STARTS: tuple[tuple[re.Pattern[str], str, DatePrecision, str], ...] = (
    (
        re.compile(r"\binva(?:sion|ded?|ding)\b|\bfull[- ]scale\b", re.IGNORECASE),
        "2022-02-24",
        "day",
        "2022-02-24",
    ),
    (
        re.compile(r"\bannex(?:ation|ed)?\b.*\bcrimea\b|\bcrimea\b.*\bannex", re.IGNORECASE),
        "2014-01-01",
        "year",
        "2014-03-18",
    ),
)
# a phrase that names another invasion ("the invasion of Iraq", "invaded Crimea") names
# another start
_ELSEWHERE = re.compile(
    r"\b(?:Iraq|Afghanistan|Georgia|Crimea|Kuwait|Czechoslovakia|Hungary|Poland|Normandy|"
    r"Grenada|Panama|Lebanon|Syria|Gaza|Israel|Taiwan|Cyprus|Tibet|Finland)\b"
)
# adverbs that put an act in an unspecified past
_VAGUE_PAST = frozenset({"earlier", "recently", "previously", "formerly", "lately"})
_PAST_TAGS = frozenset({"VBD", "VBN"})
Dated = tuple[str | None, DatePrecision]
UNKNOWN: Dated = (None, "unknown")


_ORDERS: dict[tuple[str, int, str | None, str | None, str], Order | None] = {}


def _order_of(article: Article) -> Order | None:
    """The order of the article's numeric dates, worked out once per article (snippets
    share an id: the key holds the text's hash, which Python keeps with the string)."""
    key = (article.article_id, hash(article.text), article.url, article.outlet, article.language)
    if key not in _ORDERS:
        if len(_ORDERS) >= 1024:
            _ORDERS.clear()
        _ORDERS[key] = numeric_order(article.text, article.url, article.outlet, article.language)
    return _ORDERS[key]


def event_date(
    parsed: ParsedArticle, sentence_index: int, anchors: list[int], prefer: Prefer
) -> Dated:
    """The date of an event triggered at ``anchors[0]`` (its clause heads follow).

    DATE entities under the trigger or its clause heads win, nearest first; others in the
    sentence are not used (they usually date something else), nor, for an act in a clause
    that modifies a noun, those of the clauses above that noun. Without one, an act in the
    background (module docstring) gets the date of what it is dated from, or none; any
    other act the article date.
    """
    article = parsed.article
    sent = parsed.sentences[sentence_index]
    own = _own_clause(parsed, anchors)
    order = _order_of(article)
    candidates: list[tuple[int, int, ResolvedDate]] = []
    spans = False
    for ent in parsed.entities:
        if ent.label != "DATE" or not (sent.token_start <= ent.token_start < sent.token_end):
            continue
        root = _entity_root(parsed, ent.token_start, ent.token_end)
        if _dates_a_noun(parsed, root, anchors[0]):
            continue
        rank = next((k for k, a in enumerate(own) if _is_under(parsed, root, a)), None)
        if rank is None:
            continue
        resolved = _resolve_entity(ent.text, article.date, prefer, order)
        if resolved is not None:
            candidates.append((rank, abs(root - anchors[0]), resolved))
        elif _is_span(_HEDGE.sub("", ent.text.strip())) and not _A_DAY.search(ent.text):
            verb = _governing_verb(parsed, root)
            ranked = verb is not None and _ranked(parsed, verb, ent.token_start)
            spans = spans or (verb == _clause_verb(parsed, own) and not ranked)
    candidates += _numeric_candidates(parsed, sent.start, sent.end, anchors[0], own, order)
    if candidates:
        best = min(candidates, key=lambda c: (c[0], c[1]))[2]
        return best.date, best.precision
    if prefer == "past":
        background = _background(parsed, sent.token_start, sent.token_end, anchors, own, spans)
        if background is not None:
            return background
    if article.date:
        return article.date, article.date_precision if article.date_precision else "day"
    return UNKNOWN


_PIECES = re.compile(r"\s+[-–—]\s+|,\s*")


def _resolve_entity(
    text: str, article_date: str | None, prefer: Prefer, order: Order | None
) -> ResolvedDate | None:
    """A DATE entity resolved whole, else by its first piece that resolves ("Today, August
    22"; "June 5 - police", where the entity ran on)."""
    whole = resolve_expression(text, article_date, prefer, order)
    if whole is not None or not _PIECES.search(text):
        return whole
    for piece in _PIECES.split(text):
        if piece.strip() and not _is_span(piece):
            found = resolve_expression(piece, article_date, prefer, order)
            if found is not None:
                return ResolvedDate(found.date, found.precision, text)
    return None


def _governing_verb(parsed: ParsedArticle, i: int) -> int | None:
    """The nearest verb at or above token ``i``."""
    for _ in range(64):
        tok = parsed.tokens[i]
        if tok.pos in ("VERB", "AUX"):
            return i
        if tok.head == i:
            return None
        i = tok.head
    return None


def _numeric_candidates(
    parsed: ParsedArticle, start: int, end: int, trigger: int, own: list[int], order: Order | None
) -> list[tuple[int, int, ResolvedDate]]:
    """Numeric dates of the sentence ("on 05.03.22", which spaCy seldom marks as DATE) under
    the act's own clause, ranked as DATE entities are."""
    out: list[tuple[int, int, ResolvedDate]] = []
    article_date = _parse_iso(parsed.article.date)
    year = article_date.year if article_date is not None else None
    for m in numeric_dates(parsed.text[start:end]):
        root = parsed.token_at(start + m.start())
        if root is None or _dates_a_noun(parsed, root, trigger):
            continue
        rank = next((k for k, a in enumerate(own) if _is_under(parsed, root, a)), None)
        d = read_numeric(m["a"], m["b"], m["y"], m["sep"], order, year)
        if rank is not None and d is not None:
            out.append((rank, abs(root - trigger), ResolvedDate(d.isoformat(), "day", m.group(0))))
    return out


def _own_clause(parsed: ParsedArticle, anchors: list[int]) -> list[int]:
    """The anchors up to a past participle that modifies a noun ("a man killed by
    soldiers": a done act, not dated by the clause above the noun), or up to the object of
    "since" ("killed since the invasion": the invasion's own clause is itself)."""
    for k, a in enumerate(anchors):
        tok = parsed.tokens[a]
        head = parsed.tokens[tok.head]
        if tok.dep == "acl" and tok.tag == "VBN" and head.pos in ("NOUN", "PROPN"):
            return anchors[: k + 1]
        if _starts_since(parsed, a):
            return anchors[: k + 1]
    return anchors


def _starts_since(parsed: ParsedArticle, i: int) -> bool:
    """True when token ``i`` heads what a temporal "since" governs: its object ("since
    the invasion") or a past clause ("since Russia invaded")."""
    tok = parsed.tokens[i]
    if tok.dep == "pobj":
        return parsed.tokens[tok.head].text.lower() == "since"
    return (
        tok.dep in ("advcl", "ROOT")  # "Eight years since Russia annexed Crimea."
        and (tok.tag in _PAST_TAGS or _has_past_aux(parsed, i))
        and any(
            parsed.tokens[m].text.lower() == "since" and parsed.tokens[m].dep == "mark"
            for m in parsed.children(i)
        )
    )


def _background(
    parsed: ParsedArticle,
    sent_start: int,
    sent_end: int,
    anchors: list[int],
    own: list[int],
    spans: bool,
) -> Dated | None:
    """The date of an act in the background, or None when the act is not in it."""
    article_date = parsed.article.date
    trigger = parsed.tokens[anchors[0]]
    if _KNOWN_NOUN.search(trigger.text) and trigger.pos in ("NOUN", "PROPN"):
        known = _known_start(_words(parsed, parsed.subtree(anchors[0])), article_date)
        if known is not None:
            return known  # "the invasion" names the act that started on that day
    if _starts_since(parsed, own[-1]):
        # the act is the starting point of another ("since the city was shelled")
        return _known_start(_words(parsed, parsed.subtree(own[-1])), article_date) or UNKNOWN
    since = _since(parsed, own)
    if since is not None:
        return _known_start(since, article_date) or UNKNOWN
    if spans or _vague_past(parsed, own) or _past_perfect(parsed, own):
        return UNKNOWN
    if (
        len(own) < len(anchors)
        and _past(parsed, own)
        and _dated_elsewhere(parsed, sent_start, sent_end, own)
    ):
        return UNKNOWN
    return None


_KNOWN_NOUN = re.compile(r"^inva(?:sion|sions)$", re.IGNORECASE)


def _known_start(phrase: str, article_date: str | None) -> Dated | None:
    """The date of the well-known start ``phrase`` names (:data:`KNOWN_STARTS`), if any."""
    for k, (pattern, value, precision, meant_from) in enumerate(KNOWN_STARTS):
        if k == 0 and _ELSEWHERE.search(phrase):
            continue
        if pattern.search(phrase) and article_date and article_date[:10] >= meant_from:
            return value, precision
    return None


def _since(parsed: ParsedArticle, own: list[int]) -> str | None:
    """The words of a temporal "since" phrase or clause hanging from the act's own clause
    ("since the invasion", "since Russia invaded"); None without one. A "since" clause in
    the present ("since Russia refuses") gives a reason, not a time; "the biggest strikes
    since ..." bounds a ranking."""
    for a in own:
        for c in parsed.children(a):
            tok = parsed.tokens[c]
            if tok.text.lower() == "since" and tok.dep == "prep":
                if _ranked(parsed, a, c):
                    continue
                return _words(parsed, parsed.subtree(c)[1:]) or None
            if _starts_since(parsed, c) and c not in own:
                return _words(parsed, parsed.subtree(c))
    return None


_RANKING = frozenset({"first", "second", "third", "only", "last", "such"})


def _ranked(parsed: ParsedArticle, anchor: int, before: int) -> bool:
    """ "the biggest strikes since ...", "the second such attack since ...", "the first
    meeting in the past two years": the time bounds a ranking, not the act."""
    return any(
        parsed.tokens[i].tag in ("JJS", "RBS") or parsed.tokens[i].text.lower() in _RANKING
        for i in parsed.subtree(anchor)
        if i < before
    )


def _words(parsed: ParsedArticle, tokens: list[int]) -> str:
    """The text from the first to the last of ``tokens``, as written."""
    if not tokens:
        return ""
    return parsed.text[parsed.tokens[tokens[0]].start : parsed.tokens[tokens[-1]].end]


def _vague_past(parsed: ParsedArticle, own: list[int]) -> bool:
    """ "earlier", "recently" on the act's own clause (up to its verb)."""
    verb = _clause_verb(parsed, own)
    clause = own[: own.index(verb) + 1] if verb is not None else own[:1]
    return any(
        parsed.tokens[c].text.lower() in _VAGUE_PAST and parsed.tokens[c].dep == "advmod"
        for a in clause
        for c in parsed.children(a)
    )


def _clause_verb(parsed: ParsedArticle, own: list[int]) -> int | None:
    return next((a for a in own if parsed.tokens[a].pos in ("VERB", "AUX")), None)


def _has_past_aux(parsed: ParsedArticle, verb: int) -> bool:
    return any(
        parsed.tokens[c].dep in ("aux", "auxpass") and parsed.tokens[c].tag == "VBD"
        for c in parsed.children(verb)
    )


def _past_perfect(parsed: ParsedArticle, own: list[int]) -> bool:
    """ "had shelled", "had been killed": an act before the time the text speaks of."""
    verb = _clause_verb(parsed, own)
    if verb is None or parsed.tokens[verb].tag != "VBN":
        return False
    return any(
        parsed.tokens[c].dep == "aux"
        and parsed.tokens[c].lemma == "have"
        and parsed.tokens[c].tag == "VBD"
        for c in parsed.children(verb)
    )


def _past(parsed: ParsedArticle, own: list[int]) -> bool:
    verb = _clause_verb(parsed, own)
    return verb is not None and (
        parsed.tokens[verb].tag in _PAST_TAGS or _has_past_aux(parsed, verb)
    )


def _dated_elsewhere(parsed: ParsedArticle, sent_start: int, sent_end: int, own: list[int]) -> bool:
    """True when the sentence gives an explicit time outside the act's own clause."""
    for ent in parsed.entities:
        if ent.label != "DATE" or not (sent_start <= ent.token_start < sent_end):
            continue
        root = _entity_root(parsed, ent.token_start, ent.token_end)
        if not any(_is_under(parsed, root, a) for a in own):
            return True
    return False


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
