"""Event date resolution against the article date."""

from __future__ import annotations

from sitroom.eventdates import Prefer, precision_of, resolve_expression


def resolved(text: str, base: str, prefer: Prefer = "past") -> tuple[str, str]:
    r = resolve_expression(text, base, prefer)
    assert r is not None, text
    return r.date, r.precision


def test_relative_expressions() -> None:
    base = "2021-12-21"  # a Tuesday
    assert resolved("Tuesday", base) == (base, "day")
    assert resolved("last week", base) == ("2021-12-13", "week")
    assert resolved("next month", base, "future") == ("2022-01-01", "month")
    assert resolved("early next year", base, "future") == ("2022-01-01", "year")
    assert resolved("on January 12", "2022-01-13") == ("2022-01-12", "day")
    assert resolved("Friday", base) == ("2021-12-17", "day")
    assert resolve_expression("two and a half years", base) is None


def test_precision_words() -> None:
    assert precision_of("Dec. 11, 2020") == "day"
    assert precision_of("March") == "month"
    assert precision_of("1997") == "year"
    assert precision_of("this week") == "week"
