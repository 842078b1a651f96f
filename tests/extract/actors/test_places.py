"""Places: cities and regions as places of their state (no sector); places named only as
locations are marked so; agreements and formats named after a place are no actors; capitals
stay governments unless named as places."""

from __future__ import annotations

from extract.actors.support import find, ident, run
from sitroom.extract.actors.places import place_country
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_place_country_reads_our_list_then_petrarchs() -> None:
    assert place_country("Mariupol") == "UKR"  # ours: PETRARCH2 does not list it
    assert place_country("Kharkov") == "UKR"  # both
    assert place_country("Chechnya") == "RUS"  # PETRARCH2's
    assert place_country("Nowhereville") is None


def test_a_shelled_city_stands_for_its_state(parser: Parser, resolver: ActorResolver) -> None:
    m = find(run(parser, resolver, "Russian troops shelled Mariupol overnight."), "Mariupol")
    assert (m.kind, m.how) == ("place", "place")
    assert ident(m) == ("UKR", "UKR", None)


def test_a_location_is_marked_as_one(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Fighting went on near Izium and in the Donetsk region.")
    for text in ("Izium", "Donetsk region"):
        m = find(ms, text)
        assert (m.kind, m.how, ident(m)[1:]) == ("place", "location", ("UKR", None))
    m = find(run(parser, resolver, "Aid reached people in the city of Mykolaiv."), "Mykolaiv")
    assert m.how == "location"


def test_capitals_are_governments_unless_named_as_places(
    parser: Parser, resolver: ActorResolver
) -> None:
    ms = run(parser, resolver, "Moscow said talks in Kyiv would wait. The Kremlin agreed.")
    assert (find(ms, "Moscow").kind, ident(find(ms, "Moscow"))[2]) == ("metonym", "GOV")
    assert ident(find(ms, "Kremlin"))[2] == "GOV"
    kyiv = find(ms, "Kyiv")
    assert (kyiv.kind, kyiv.how, ident(kyiv)[2]) == ("place", "location", None)  # no government
    region = find(run(parser, resolver, "Shells hit the Kyiv region."), "Kyiv region")
    assert (region.kind, ident(region)[2]) == ("place", None)


def test_agreements_formats_and_meetings_are_no_actors(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "Putin said the Minsk agreements must be kept. The Normandy format met in Paris. "
        "The Istanbul talks ended."
    )
    named = {m.text for m in run(parser, resolver, text)}
    assert not named & {"Minsk", "Normandy format", "Istanbul"}


def test_a_title_with_a_city_places_the_person(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Melitopol Mayor Ivan Fedorov was freed.", date="2022-03-16")
    assert ident(find(ms, "Melitopol Mayor Ivan Fedorov"))[1] == "UKR"
