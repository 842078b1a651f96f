"""The offline gazetteer."""

from __future__ import annotations

from sitroom.extract.events.places import iso3, lookup, to_location


def test_moscow_is_the_russian_capital() -> None:
    place = lookup("Moscow")
    assert place is not None and place.country == "RUS"
    assert place.lat is not None and 55 < place.lat < 56


def test_context_and_aliases() -> None:
    kiev, ukraine = lookup("Kiev"), lookup("Ukraine")
    assert kiev is not None and kiev.country == "UKR"
    assert ukraine is not None and ukraine.is_country
    assert iso3("be") == "BEL"
    loc = to_location("Brussels")
    assert (loc.country, loc.name) == ("BEL", "Brussels")
    unknown = to_location("the Defense Ministry", country="RUS")
    assert (unknown.country, unknown.lat) == ("RUS", None)
