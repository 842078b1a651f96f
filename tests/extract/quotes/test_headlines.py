"""Headline and lead forms: "Name: words" only when Name speaks; listing furniture never inside
a content. Sentences are ours."""

from __future__ import annotations

import pytest

from sitroom.extract.actors.resolver import ActorResolver
from sitroom.extract.quotes.headlines import _cut_furniture, _named_label
from sitroom.extract.quotes.rules import extract_quotes
from sitroom.nlp import Parser
from sitroom.records import Quote


def quotes(parser: Parser, resolver: ActorResolver, text: str) -> list[Quote]:
    parsed = parser.parse_text(text, date="2022-04-19")
    return extract_quotes(parsed, resolver.resolve(parsed)[0])


def colon_quotes(qs: list[Quote]) -> list[Quote]:
    return [q for q in qs if q.cue.text == ":"]


@pytest.mark.parametrize(
    "headline",
    [
        "Occupied Mariupol: There are explosions in the city centre",
        "Successes of the Ukrainian military: The army is advancing near Huliaipole",
    ],
)
def test_a_place_or_a_topic_before_a_colon_is_no_speaker(
    parser: Parser, resolver: ActorResolver, headline: str
) -> None:
    text = headline + "\n\nThe city council met on Tuesday to discuss the repairs."
    assert colon_quotes(quotes(parser, resolver, text)) == []


def test_a_person_before_a_colon_speaks(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Zelensky: We will rebuild every city the occupiers destroyed\n\n"
        "The president spoke in his evening address on Monday."
    )
    (q,) = [q for q in quotes(parser, resolver, text) if "rebuild" in q.content.text]
    assert q.speaker is not None and q.speaker.actor_id == "zelensky-volodymyr"
    assert q.content.text == "We will rebuild every city the occupiers destroyed"


def test_listing_furniture_is_cut_from_a_content() -> None:
    text = "The occupiers are digging trenches (19.04.22 11:26) « War in Ukraine | Censor.NET"
    assert text[: _cut_furniture(text, 0, len(text))] == "The occupiers are digging trenches"
    plain = "Talks resumed on 19.04.22 at 11:26 in Istanbul."
    assert _cut_furniture(plain, 0, len(plain)) == len(plain)
    two = "He left (19.04.22 11:26) « News | Site\n\nHe came back"
    assert _cut_furniture(two, 0, len(two)) == len(two)  # a content going on is kept


@pytest.mark.parametrize(
    ("line", "speaks"),
    [
        ("Sanders: Clinton needs to get away from all of this", True),
        ("Regional Military Administration: The occupiers are digging trenches", True),
        ("occupied Mariupol: There are explosions and gunfire", False),
        ("War in Ukraine: Google Maps will show panoramas of the ruins", False),
    ],
)
def test_a_label_no_actor_matched_speaks_unless_a_place_or_a_topic(
    parser: Parser, line: str, speaks: bool
) -> None:
    parsed = parser.parse_text(line + "\n\nMore follows.")
    assert (_named_label(parsed, line.index(":"), []) is not None) is speaks
