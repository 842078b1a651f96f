"""Numeric dates ("17.05.22", "05.03.2022", "3/4/22") and the order in which an outlet writes them.

Shared by the ingest stage (publication dates) and the events stage (dates of acts), so it sits
beside ``records`` as foundation: it imports nothing of the pipeline. An outlet's convention comes
from its host, its country-code domain or the text's language (:func:`outlet_order`), else from a
value of the same text that can be read only one way (:func:`text_order`). A two-digit year takes
the century nearest the reference year without going past the year after it (:func:`full_year`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal
from urllib.parse import urlsplit

Order = Literal["dmy", "mdy"]
# "17.05.22", "05.03.2022", "3/4/22": day and month in either order, a year of 2 or 4 digits;
# never inside a longer run of numbers (versions, IP addresses, decimals, fractions)
NUMERIC = re.compile(
    r"(?<![\w.,/:-])(?P<a>[0-3]?\d)(?P<sep>[./])(?P<b>[0-3]?\d)(?P=sep)"
    r"(?P<y>(?:19|20)\d{2}|\d{2})"
    r"(?![\w/:-]|[.,]\d)"
)
# numbers that label things rather than date them ("clause 3.2.18", "No. 12.04.22")
NUMBERED = re.compile(
    r"\b(?:clause|article|art|section|sec|paragraph|para|item|point|part|chapter|version|"
    r"ver|v|no|nos|number|rule|table|figure|fig|p|pp|page|resolution|decree|law|code|§)"
    r"\.?\s*(?:№\s*)?$",
    re.IGNORECASE,
)


def _listed(words: str) -> list[str]:
    return words.split()


# hosts (any subdomain too) of outlets whose numeric dates are day first or month first,
# beyond what the country-code domain says
HOST_ORDER: dict[str, Order] = {
    **dict.fromkeys(
        _listed(
            "censor.net ukrinform.net unian.info unian.net kyivindependent.com kyivpost.com "
            "euromaidanpress.com rt.com tass.com news-front.info meduza.io themoscowtimes.com "
            "interfax.com sputniknews.com aljazeera.com aljazeera.net bbc.com theguardian.com "
            "euronews.com dw.com france24.com rferl.org"
        ),
        "dmy",
    ),
    **dict.fromkeys(
        _listed(
            "msnbc.com nbcnews.com cnn.com nytimes.com washingtonpost.com foxnews.com apnews.com "
            "politico.com wsj.com npr.org cbsnews.com abcnews.go.com usatoday.com stripes.com "
            "thehill.com axios.com voanews.com latimes.com chicagotribune.com nypost.com "
            "newsweek.com vox.com theatlantic.com defensenews.com militarytimes.com"
        ),
        "mdy",
    ),
    "kremlin": "dmy",  # the releases' outlet field
}
# country-code domains of countries writing the day first (Europe, the former USSR, most of
# the Commonwealth); .us, .gov and .mil write the month first
TLD_ORDER: dict[str, Order] = {
    **dict.fromkeys(
        _listed(
            "ua ru by md kz ge am az uz kg tj tm pl de fr it es pt nl be lu at ch cz sk hu ro bg "
            "lt lv ee fi se no dk is uk ie gr cy tr rs hr si ba me mk al eu in au nz za il"
        ),
        "dmy",
    ),
    **dict.fromkeys(("us", "gov", "mil"), "mdy"),
}
# languages whose numeric dates are day first
DMY_LANGUAGES = frozenset(
    _listed(
        "uk ru be pl de fr it es pt nl cs sk hu ro bg lt lv et fi sv no nb nn da el tr sr hr sl "
        "mk sq ka hy az kk"
    )
)
# a two-digit year may lie at most in the year after the reference year (a schedule)
FUTURE_YEARS = 1


def _host(value: str | None) -> str:
    """The host of a URL, or an outlet field that is a host ("www.msnbc.com"), lower case."""
    value = (value or "").strip().lower()
    if "://" in value:
        value = urlsplit(value).hostname or ""
    return value.removeprefix("www.")


def outlet_order(
    url: str | None = None, outlet: str | None = None, language: str | None = None
) -> Order | None:
    """The order of numeric dates an outlet is known to write: from its host (a listed
    outlet, else its country-code domain), else the outlet field (a host or a listed name),
    else the text's language; None when none of them tells."""
    for host in (_host(url), _host(outlet)):
        parts = host.split(".") if host else []
        for k in range(len(parts)):
            order = HOST_ORDER.get(".".join(parts[k:]))
            if order:
                return order
        if len(parts) > 1 and parts[-1] in TLD_ORDER:
            return TLD_ORDER[parts[-1]]
    return "dmy" if language in DMY_LANGUAGES else None


def numeric_dates(text: str) -> list[re.Match[str]]:
    """Numeric dates with a year written in ``text`` ("17.05.22", "3/4/2022"), not those that
    number a clause or a section ("clause 3.2.18")."""
    return [
        m
        for m in NUMERIC.finditer(text)
        if not NUMBERED.search(text[max(0, m.start() - 20) : m.start()])
    ]


def text_order(text: str) -> Order | None:
    """The order the text's own unambiguous numeric dates show ("25.03.22": day first);
    None when there are none or they disagree."""
    seen: set[Order] = set()
    for m in numeric_dates(text):
        a, b = int(m["a"]), int(m["b"])
        if a > 12 and 1 <= b <= 12:
            seen.add("dmy")
        elif b > 12 and 1 <= a <= 12:
            seen.add("mdy")
    return seen.pop() if len(seen) == 1 else None


def numeric_order(
    text: str, url: str | None = None, outlet: str | None = None, language: str | None = None
) -> Order | None:
    """The order in which to read the ambiguous numeric dates of a text: the outlet's
    convention where known (:func:`outlet_order`), else the text's own (:func:`text_order`);
    None leaves the default (day first when dotted, month first when slashed)."""
    return outlet_order(url, outlet, language) or text_order(text)


def full_year(yy: int, reference_year: int | None = None) -> int:
    """The four-digit year of a two-digit one: the century that puts it nearest the
    reference year (the publication year; today's when unknown), never more than
    :data:`FUTURE_YEARS` after it ("22" in 2022 is 2022, "99" is 1999, "50" is 1950)."""
    ref = reference_year or date.today().year
    base = ref - ref % 100
    options = [y for y in (base - 100 + yy, base + yy, base + 100 + yy) if y <= ref + FUTURE_YEARS]
    return min(options, key=lambda y: abs(y - ref))


def read_numeric(
    a: str, b: str, year: str, sep: str, order: Order | None, reference_year: int | None = None
) -> date | None:
    """The date of the numeric parts ``a``/``b``/``year``: in ``order`` (by default day
    first when dotted, month first when slashed), the other way when only that is valid."""
    y = int(year) if len(year) == 4 else full_year(int(year), reference_year)
    first = order or ("dmy" if sep == "." else "mdy")
    day, month = (int(a), int(b)) if first == "dmy" else (int(b), int(a))
    return _safe_date(y, month, day) or _safe_date(y, day, month)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
