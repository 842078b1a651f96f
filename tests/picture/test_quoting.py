"""How quotes are shown: one pair of marks around direct quotes only."""

from __future__ import annotations

import pytest

from sitroom.picture.quoting import shown_quote


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        ("“I hope the talks will go on,”", "“I hope the talks will go on”"),
        ('"We are ready."', "“We are ready.”"),
        ("«Nobody wants a war»", "“Nobody wants a war”"),
        ("We will not retreat", "“We will not retreat”"),
    ],
)
def test_a_direct_quote_has_one_pair_of_marks(content: str, shown: str) -> None:
    assert shown_quote("direct", content) == shown


@pytest.mark.parametrize("kind", ["indirect", "unmarked", "mixed"])
def test_other_kinds_are_shown_as_reported_without_marks_added(kind: str) -> None:
    assert shown_quote(kind, "the talks would go on") == "the talks would go on"
    mixed = "the sanctions were “a declaration of war”"
    assert shown_quote(kind, mixed) == mixed  # a mixed quote keeps the marks it quotes


def test_line_breaks_inside_a_quote_are_shown_as_spaces() -> None:
    assert shown_quote("indirect", "talks\n\nwould go on") == "talks would go on"
