"""HTML extraction benchmark: word 4-gram F1 of the ingest stage's extraction against gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO
from sitroom.errors import SitroomError
from sitroom.eval.extract import load_gold, prf, score_extraction
from sitroom.ingest.html import extract_html

FIXTURES = REPO / "tests" / "fixtures" / "extract"
BODY = "Troops left the border area on Monday after the talks ended without a deal."


def test_identical_text_scores_one_and_case_and_wrapping_do_not_matter() -> None:
    assert prf(BODY, BODY)["f1"] == 1.0
    assert prf(BODY.upper().replace(" ", "\n"), BODY)["f1"] == 1.0


def test_missing_half_costs_recall_and_junk_costs_precision() -> None:
    words = BODY.split()
    half = prf(" ".join(words[:7]), BODY)
    assert half["precision"] == 1.0 and half["recall"] < 0.5
    junk = prf(BODY + " Subscribe now for only one euro a month and read all stories", BODY)
    assert junk["recall"] == 1.0 and junk["precision"] < 0.6
    assert prf("", BODY)["f1"] == 0.0


def test_gold_in_both_shapes_and_bad_gold_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps({"a.html": {"articleBody": "x y"}, "b": "z"}))
    assert load_gold(path) == {"a.html": "x y", "b": "z"}
    path.write_text(json.dumps({"a.html": {"title": "no body"}}))
    with pytest.raises(SitroomError):
        load_gold(path)


@pytest.mark.parametrize("split", ["tune", "heldout"])
def test_extraction_keeps_the_body_and_drops_page_furniture(split: str) -> None:
    result = score_extraction(FIXTURES / split, FIXTURES / split / "gold.json")
    assert result["pages"] >= 2 and not result["missing"]
    assert result["f1"] >= 0.96 and result["micro"]["f1"] >= 0.96
    assert all(page["f1"] >= 0.9 for page in result["per_page"].values())


def test_layout_table_page_and_no_comments_or_related_links() -> None:
    page = (FIXTURES / "tune" / "legacy_tables.html").read_text("latin-1")
    text = extract_html(page)
    assert text.startswith("The county emergency office lifted its flood warning")
    assert "LATEST HEADLINES" not in text and "Printer-friendly" not in text
    blog = extract_html((FIXTURES / "heldout" / "blog_post.html").read_text("utf-8"))
    assert "boarding itself will be the problem" not in blog  # a reader's comment
    assert "War-risk premiums explained" not in blog  # a related-post link
    assert "Inspections will take place at anchor" in blog  # a list item of the body


def test_markup_free_input_is_never_taken_for_a_url() -> None:
    assert extract_html("https://example.com/story") == ""
