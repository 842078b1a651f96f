"""The rules' shared helpers."""

from __future__ import annotations


def test_capital_us_is_the_country_not_the_pronoun() -> None:
    from sitroom.extract.quotes.candidate import _words

    assert "us" not in _words("The US sent more troops, officials said.")
    assert "us" in _words("They told us to leave.")
