"""Event date resolution against the article date."""

from __future__ import annotations

import pytest

from sitroom.extract.events.dates import Prefer, event_date, precision_of, resolve_expression
from sitroom.extract.events.syntax import climb
from sitroom.nlp import Parser
from sitroom.records import Article


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


# --------------------------------------------------------------------------- numeric dates


@pytest.mark.parametrize(
    ("expression", "article", "order", "expected"),
    [
        ("(17.05.22)", "2022-05-17", None, "2022-05-17"),  # never 1922, never 2122
        ("10.09.22 09:19", "2022-09-10", None, "2022-09-10"),  # dotted: day first
        ("10.09.22 09:19", "2022-09-10", "dmy", "2022-09-10"),
        ("4.15.22", "2022-04-15", "mdy", "2022-04-15"),
        ("3.4.22", "2022-03-04", "mdy", "2022-03-04"),  # a US outlet: month first
        ("05.03.2022", "2022-03-10", "dmy", "2022-03-05"),
        ("on 05.03.22", "2022-03-10", "dmy", "2022-03-05"),
        ("31.12.99", "2022-01-04", "dmy", "1999-12-31"),  # the nearest century in the past
    ],
)
def test_numeric_dates_by_the_outlets_convention(
    expression: str, article: str, order: str | None, expected: str
) -> None:
    r = resolve_expression(expression, article, "past", order)  # type: ignore[arg-type]
    assert r is not None and (r.date, r.precision) == (expected, "day")


def test_figures_without_a_year_and_unwritten_far_years_are_not_dates() -> None:
    assert resolve_expression("12.04", "2022-05-17") is None  # a time or a number as often
    assert resolve_expression("the 1990s", "2022-05-17") is None  # a span
    assert resolve_expression("1922", "2022-05-17") == resolve_expression("1922", None)
    assert resolved("in 1922", "2022-05-17") == ("1922-01-01", "year")  # written: kept


def test_a_past_act_is_never_dated_months_after_its_article() -> None:
    # "February 24" in a September article: 2022 (198 days before), not 2023 (167 after)
    assert resolved("on February 24", "2022-09-10") == ("2022-02-24", "day")
    assert resolved("in March", "2022-09-10") == ("2022-03-01", "month")
    assert resolved("on September 12", "2022-09-10") == ("2022-09-12", "day")  # a few days
    # a future act still falls nearest
    assert resolved("in March", "2022-09-10", "future") == ("2023-03-01", "month")


# --------------------------------------------------------------------------- acts in the background


def dated(
    parser: Parser,
    text: str,
    trigger: str,
    article: str = "2022-06-10",
    url: str | None = None,
    prefer: Prefer = "past",
) -> tuple[str | None, str]:
    """The date :func:`event_date` gives the act triggered by the word ``trigger``."""
    art = Article(
        article_id=f"t-{abs(hash((text, article, url)))}",
        source_path="",
        text=text,
        date=article,
        date_precision="day",
        url=url,
    )
    parsed = parser.parse(art)
    i = next(t.i for t in parsed.tokens if t.text == trigger)
    anchors = [k for k, _ in climb(parsed, i)[:6]]
    return event_date(parsed, parsed.tokens[i].sent, anchors, prefer)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # "since <date>" gives that date, with its precision
        (
            "At least 12 civilians have been killed since February 24, the governor said.",
            "killed",
            ("2022-02-24", "day"),
        ),
        (
            "Russian troops have shelled the village since March.",
            "shelled",
            ("2022-03-01", "month"),
        ),
        # "since <a well-known event>": the date of that event
        (
            "The prosecutors said 430 children have been killed since the invasion.",
            "killed",
            ("2022-02-24", "day"),
        ),
        (
            "399 children have been killed in Ukraine since the Russian invasion started.",
            "killed",
            ("2022-02-24", "day"),
        ),
        (
            "Ukraine has lost 10,000 soldiers since the start of the full-scale war.",
            "lost",
            ("2022-02-24", "day"),
        ),
        (
            "Ukrainian forces have shot down 200 drones since Russia annexed Crimea.",
            "shot",
            ("2014-01-01", "year"),
        ),
        # the invasion itself
        ("Russia's invasion of Ukraine has displaced millions.", "invasion", ("2022-02-24", "day")),
        # "since" anything else: unknown, never the article's date
        ("Russian troops have shelled the town since the summit.", "shelled", (None, "unknown")),
        # another time the text gives, with its precision
        ("Russian forces shelled Kharkiv earlier this year.", "shelled", ("2022-01-01", "year")),
        (
            "Russia recognized the two breakaway regions last month.",
            "recognized",
            ("2022-05-01", "month"),
        ),
        # spans and a vague past: unknown
        ("Russian forces have shelled the region for months.", "shelled", (None, "unknown")),
        ("Zelensky earlier accused Russia of genocide.", "accused", (None, "unknown")),
        (
            "Russian troops had occupied the town before they retreated.",
            "occupied",
            (None, "unknown"),
        ),
        # a killing found later: the finding is dated, the killing is not
        (
            "The body of a man killed by Russian soldiers was found in a well on Tuesday.",
            "killed",
            (None, "unknown"),
        ),
        (
            "The body of a man killed by Russian soldiers was found in a well on Tuesday.",
            "found",
            ("2022-06-07", "day"),
        ),
        # the day's news keeps the article date
        (
            "Russian forces shelled the region over the past 24 hours.",
            "shelled",
            ("2022-06-10", "day"),
        ),
        ("Russian troops shelled Kharkiv.", "shelled", ("2022-06-10", "day")),
        (
            "Since Russia refuses to negotiate, Ukraine attacked the bridge.",
            "attacked",
            ("2022-06-10", "day"),
        ),  # a reason, not a time
    ],
)
def test_acts_in_the_background_are_not_dated_to_the_article(
    parser: Parser, text: str, trigger: str, expected: tuple[str | None, str]
) -> None:
    assert dated(parser, text, trigger) == expected


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        # an act that is the starting point of another is in the background too
        (
            "Three weeks since the town hall was shelled by Russian troops, rescuers found it.",
            "shelled",
            (None, "unknown"),
        ),
        (
            "Ukraine has lost 10,000 soldiers since Russia invaded in the winter.",
            "invaded",
            ("2022-02-24", "day"),
        ),
        # "since" that bounds a ranking says nothing of the act's time
        (
            "Russia launches the biggest air strikes since the start of the war.",
            "launches",
            ("2022-06-10", "day"),
        ),
        # a DATE entity that runs on or lists two names of one day
        (
            "Today, August 22, a group of ecologists visited the Chernihiv region.",
            "visited",
            ("2022-08-22", "day"),
        ),
        (
            "Eight years since Russia has annexed Crimea.",
            "annexed",
            ("2014-01-01", "year"),
        ),
        # nor a span that bounds a ranking, or a vague past of the clause above
        (
            "This meeting of the Council was the first in the past two and a half years.",
            "meeting",
            ("2022-06-10", "day"),
        ),
        (
            "His words mirrored those used previously by Ryabkov, who has warned Kyiv.",
            "warned",
            ("2022-06-10", "day"),
        ),
        # a span of another verb's clause does not make the act a background one
        (
            "The invaders destroyed all of the buses purchased over the past five years.",
            "destroyed",
            ("2022-06-10", "day"),
        ),
    ],
)
def test_starting_points_rankings_and_run_on_dates(
    parser: Parser, text: str, trigger: str, expected: tuple[str | None, str]
) -> None:
    article = "2022-08-22" if "August 22" in text else "2022-06-10"
    assert dated(parser, text, trigger, article) == expected


def test_before_the_full_scale_invasion_the_invasion_is_not_dated_to_it(parser: Parser) -> None:
    text = "Russia's invasion of Ukraine would displace millions."
    assert dated(parser, text, "invasion", "2022-01-10") == ("2022-01-10", "day")


def test_another_invasion_is_not_the_full_scale_one(parser: Parser) -> None:
    text = "The invasion of Iraq has cost thousands of lives, the minister said."
    assert dated(parser, text, "invasion") == ("2022-06-10", "day")
    text = "Ukraine has lost land since Russia invaded Crimea."
    assert dated(parser, text, "lost") == (None, "unknown")
    # the invader named is still the full-scale invasion
    text = "Since the start of Russia's full-scale invasion, the invaders destroyed 122 clinics."
    assert dated(parser, text, "destroyed") == ("2022-02-24", "day")
    text = "The wind farms were shut down as a result of the invasion of the Russian Federation."
    assert dated(parser, text, "invasion") == ("2022-02-24", "day")


def test_numeric_dates_in_the_sentence_date_the_act(parser: Parser) -> None:
    text = "Russian forces shelled Kharkiv on 05.03.22, the mayor said."
    censor = "https://censor.net/en/news/1"
    assert dated(parser, text, "shelled", "2022-03-10", censor) == ("2022-03-05", "day")
    text = "Russian forces shelled Kharkiv on 3.4.22, the mayor said."
    msnbc = "https://www.msnbc.com/x"
    assert dated(parser, text, "shelled", "2022-04-10", msnbc) == ("2022-03-04", "day")
