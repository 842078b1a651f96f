"""Quoted passages found by their marks."""

from __future__ import annotations

from sitroom.extract.quotes.marks import quote_regions


def test_quote_regions_pairs_marks() -> None:
    text = "He said “yes” and \"no\" and ''maybe''.\nAn unclosed “mark here."
    assert [text[a:b] for a, b in quote_regions(text)] == ["“yes”", '"no"', "''maybe''"]
