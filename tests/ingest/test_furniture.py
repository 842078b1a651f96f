"""Listing furniture (site tags, time stamps, closing mastheads) is cut off at ingestion.
The headlines and leads are our own invented texts in the shape of two news sites' listings."""

from __future__ import annotations

from typing import Any

from sitroom.config import IngestSettings
from sitroom.ingest.furniture import strip_furniture
from sitroom.ingest.normalize import normalize
from sitroom.ingest.rows import record_document
from sitroom.records import Article, RawDocument


def _record(row: dict[str, Any]) -> Article:
    s = IngestSettings.model_validate(
        {"title_field": "title", "text_fields": ["desc"], "date_field": "Date"}
    )
    doc = record_document("listing.csv", row, "csv", "h:0", 0, s)
    assert isinstance(doc, RawDocument)
    art = normalize(doc)
    assert isinstance(art, Article)
    return art


def test_a_site_tag_leaves_the_headline_the_title_and_the_text() -> None:
    art = _record(
        {
            "title": "Drone debris fell on a school in Sumy, no one hurt (14.03.22 10:05)"
            " « War in Ukraine | Gazette.NET",
            "desc": "14.03.22 10:05 - Drone debris fell on a school in Sumy, no one hurt."
            " Firefighters put out a small blaze on the roof, the regional council said.",
            "Date": "03/14/2022",
        }
    )
    assert art.title == "Drone debris fell on a school in Sumy, no one hurt (14.03.22 10:05)"
    assert "«" not in art.text and "Gazette" not in art.text and "War in Ukraine" not in art.text
    # the time stamp stays: it dates the record
    assert art.text.startswith("Drone debris fell on a school in Sumy, no one hurt (14.03.22")
    assert art.date == "2022-03-14"
    assert any(r.startswith("furniture: « War in Ukraine") for r in art.removed_lines)


def test_a_closing_masthead_of_a_known_outlet_goes_and_other_dashes_stay() -> None:
    art = _record(
        {
            "title": "Grain convoy reaches Odesa port",
            "desc": "Forty lorries of wheat reached the port on Tuesday. — Ukrinform.",
            "Date": "08/02/2022",
        }
    )
    assert art.text.endswith("Forty lorries of wheat reached the port on Tuesday.")
    kept, cut = strip_furniture("The mayor met the envoy — a first since spring.")
    assert kept == "The mayor met the envoy — a first since spring." and cut == []


def test_a_line_that_is_only_furniture_is_left_to_the_line_rules() -> None:
    assert strip_furniture("« World | Gazette.NET") == ("« World | Gazette.NET", [])
    kept, cut = strip_furniture("Talks resume in Istanbul « World | Gazette.NET")
    assert kept == "Talks resume in Istanbul" and cut == ["« World | Gazette.NET"]
