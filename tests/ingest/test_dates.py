"""Publication dates: numeric dates by the outlet's convention, two-digit years, datelines."""

from __future__ import annotations

from datetime import date

import pytest

from sitroom import numdates
from sitroom.config import IngestSettings
from sitroom.ingest import dates
from sitroom.ingest.normalize import normalize
from sitroom.ingest.rows import record_document
from sitroom.records import Article, RawDocument

# --------------------------------------------------------------------------- two-digit years


@pytest.mark.parametrize(
    ("yy", "reference", "expected"),
    [
        (22, 2022, 2022),  # "17.05.22" in 2022 news is never 1922
        (21, 2022, 2021),
        (23, 2022, 2023),  # next year: a schedule
        (0, 2022, 2000),
        (99, 2022, 1999),  # nearest, and 2099 lies in the future
        (50, 2022, 1950),  # 2050 is nearer but decades ahead
        (1, 2000, 2001),
        (98, 2001, 1998),
    ],
)
def test_a_two_digit_year_takes_the_century_nearest_the_publication(
    yy: int, reference: int, expected: int
) -> None:
    assert numdates.full_year(yy, reference) == expected


def test_without_a_publication_date_two_digit_years_are_placed_near_today() -> None:
    this_year = date.today().year
    assert numdates.full_year(this_year % 100) == this_year
    assert numdates.full_year(22) == 2022
    assert numdates.full_year(99) == 1999


# --------------------------------------------------------------------------- the order


@pytest.mark.parametrize(
    ("url", "outlet", "language", "expected"),
    [
        ("https://censor.net/en/news/3366227/x", None, "en", "dmy"),
        ("https://www.ukrinform.net/rubric-ato/3602664-x.html", None, "en", "dmy"),
        (None, "www.msnbc.com", "en", "mdy"),  # the RUWA Site field
        ("https://www.msnbc.com/rachel-maddow-show/x", None, "en", "mdy"),
        ("https://www.bbc.co.uk/news/world-europe-1", None, "en", "dmy"),  # country domain
        ("https://example.com.ua/news/1", None, "en", "dmy"),
        ("https://www.state.gov/briefing", None, "en", "mdy"),
        (None, "kremlin", "en", "dmy"),  # the releases' outlet field
        ("https://www.reuters.com/world/x", None, "en", None),  # unknown: decided elsewhere
        (None, None, "uk", "dmy"),  # Ukrainian text
        (None, None, "ru", "dmy"),
        (None, None, "en", None),
    ],
)
def test_the_outlet_host_or_language_gives_the_order_of_numeric_dates(
    url: str | None, outlet: str | None, language: str, expected: str | None
) -> None:
    assert numdates.outlet_order(url, outlet, language) == expected


def test_an_unambiguous_value_of_the_text_gives_the_order() -> None:
    assert numdates.text_order("Talks were held on 25.03.22 and again on 03.04.22.") == "dmy"
    assert numdates.text_order("Friday's report, 4.15.22, and Monday's, 4.4.22.") == "mdy"
    assert numdates.text_order("Talks on 03.04.22 and 05.06.22.") is None  # all ambiguous
    assert numdates.text_order("On 25.03.22 and on 04.15.22.") is None  # they disagree
    # the outlet comes first, the text's own values second
    text = "The strike of 03.04.22 was confirmed on 13.04.22."
    assert numdates.numeric_order(text, url="https://www.msnbc.com/x") == "mdy"
    assert numdates.numeric_order(text, url="https://www.reuters.com/x") == "dmy"


@pytest.mark.parametrize(
    ("parts", "order", "expected"),
    [
        (("05", "03", "22", "."), None, "2022-03-05"),  # dotted: day first, as in Europe
        (("3", "4", "22", "/"), None, "2022-03-04"),  # slashed: month first
        (("3", "4", "22", "."), "mdy", "2022-03-04"),  # a US outlet's dotted date
        (("05", "03", "2022", "/"), "dmy", "2022-03-05"),
        (("25", "03", "22", "/"), "mdy", "2022-03-25"),  # impossible as month first
        (("4", "15", "22", "."), "dmy", "2022-04-15"),
        (("31", "31", "22", "."), None, None),
    ],
)
def test_numeric_dates_read_in_that_order_or_the_only_possible_one(
    parts: tuple[str, str, str, str], order: dates.Order | None, expected: str | None
) -> None:
    got = numdates.read_numeric(*parts, order, 2022)
    assert (got.isoformat() if got else None) == expected


def test_numeric_dates_in_a_text_but_not_numbers_that_label_things() -> None:
    text = (
        "Clause 3.2.18 of the agreement, version 1.2.22 and decree No. 12.04.22 aside, "
        "the strike (17.05.22) hit 3.5 km away; the talks of 05.03.2022 failed; 1.5.2.22."
    )
    found = [m.group(0) for m in numdates.numeric_dates(text)]
    assert found == ["17.05.22", "05.03.2022"]
    mentions = dates.find_mentions(text, "dmy", 2022)
    assert [(m.year, m.month, m.day) for m in mentions] == [(2022, 5, 17), (2022, 3, 5)]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02/15/2022", "2022-02-15"),  # containers write month first (RUWA's Date)
        ("25/03/2022", "2022-03-25"),  # unless the day says otherwise
        ("10.09.2022", "2022-09-10"),  # dotted: day first
        ("10.09.22 11:01", "2022-09-10"),
        ("2022-09-10T11:01:00Z", "2022-09-10"),
    ],
)
def test_container_date_fields(value: str, expected: str) -> None:
    got = dates.parse_date_value(value)
    assert got is not None and got.isoformat() == expected


# --------------------------------------------------------------------------- datelines


def test_a_numeric_timestamp_opening_the_body_is_the_publication_date() -> None:
    text = "10.09.22 11:01 - The Prosecutor General's Office said 383 children had died."
    choice = dates.choose_date([], text, order="dmy")
    assert (choice.value, choice.precision) == ("2022-09-10", "day")
    assert any(c.provenance == "dateline" for c in choice.candidates)
    # after a headline kept in the text, the body proper opens the dateline
    head = "Children killed in the war (10.09.22 11:01)\n\n"
    choice = dates.choose_date([], head + text, order="dmy", body_start=len(head))
    assert choice.value == "2022-09-10" and choice.precision == "day"


def test_a_timestamp_days_after_the_reference_is_no_publication_date() -> None:
    stamp = dates.numeric_dateline("28.09.22 10:00 - Talks resumed.", "dmy", date(2022, 9, 10))
    assert stamp is None
    stamp = dates.numeric_dateline("11.09.22 10:00 - Talks resumed.", "dmy", date(2022, 9, 10))
    assert stamp is not None and stamp.value == "2022-09-11"


def _record(row: dict[str, str]) -> Article:
    s = IngestSettings.model_validate(
        {
            "title_field": "title",
            "text_fields": ["desc"],
            "date_field": "Date",
            "url_field": "src",
            "outlet_field": "Site",
        }
    )
    doc = record_document("ruwa.csv", row, "csv", "h:0", 0, s)
    assert isinstance(doc, RawDocument)
    art = normalize(doc)
    assert isinstance(art, Article)
    return art


def test_an_undated_record_of_a_ukrainian_outlet_is_dated_by_its_stamp() -> None:
    art = _record(
        {
            "title": "Shelling of Kharkiv region (05.03.22 09:19)",
            "desc": "05.03.22 09:19 - Russian troops shelled villages in the Kharkiv region.",
            "src": "https://censor.net/en/news/1",
            "Site": "censor.net",
        }
    )
    assert art.text.startswith("Shelling of Kharkiv region (05.03.22 09:19)\n\n")
    assert (art.date, art.date_precision) == ("2022-03-05", "day")  # not 3 May, not 1922


def test_an_undated_record_of_a_us_outlet_reads_month_first() -> None:
    art = _record(
        {
            "title": "Friday's Mini-Report, 3.4.22",
            "desc": "Today's edition of quick hits.",
            "src": "https://www.msnbc.com/rachel-maddow-show/maddowblog/x",
            "Site": "www.msnbc.com",
        }
    )
    assert art.date == "2022-03-04"  # a Friday: 4 March, not 3 April
    assert any(c.evidence == "3.4.22" for c in art.date_candidates)


def test_a_container_date_is_kept_and_numeric_mentions_are_candidates() -> None:
    art = _record(
        {
            "title": "Talks in Istanbul",
            "desc": "The delegations met on 29.03.22 and agreed to meet again.",
            "Date": "03/30/2022",
            "src": "https://www.ukrinform.net/rubric-polytics/1.html",
            "Site": "ukrinform.net",
        }
    )
    assert art.date == "2022-03-30"
    assert [c.value for c in art.date_candidates if c.provenance == "mention"] == ["2022-03-29"]
