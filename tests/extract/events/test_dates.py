"""Event date resolution against the article date."""

from __future__ import annotations

import pytest

from sitroom.extract.events.dates import Prefer, precision_of, resolve_expression


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


@pytest.mark.parametrize(
    ("expression", "article", "prefer", "expected"),
    [
        ("December 15-16", "2021-12-15", "future", "2021-12-15"),
        ("Monday, January 31", "2022-01-31", "future", "2022-01-31"),
        ("14 January", "2022-02-02", "future", "2022-01-14"),
        ("January 10", "2021-12-28", "future", "2022-01-10"),
        ("December 30", "2022-01-04", "past", "2021-12-30"),
    ],
)
def test_a_day_named_without_a_year_falls_nearest_the_article_date(
    expression: str, article: str, prefer: str, expected: str
) -> None:
    resolved = resolve_expression(expression, article, prefer)  # type: ignore[arg-type]
    assert resolved is not None
    assert resolved.date == expected
