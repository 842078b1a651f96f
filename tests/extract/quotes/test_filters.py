"""What does not count as an attribution (the quote gold's guideline): topic-only talk of a
meeting's participants, memory, the one acted on in a passive, a bare relative pronoun.
Sentences are ours."""

from __future__ import annotations

import pytest

from sitroom.extract.actors.resolver import ActorResolver
from sitroom.extract.quotes.rules import extract_quotes
from sitroom.nlp import Parser
from sitroom.records import Quote


def quotes(parser: Parser, resolver: ActorResolver, text: str) -> list[Quote]:
    parsed = parser.parse_text(text, date="2022-09-01")
    return extract_quotes(parsed, resolver.resolve(parsed)[0])


@pytest.mark.parametrize(
    "text",
    [
        "The parties discussed the situation in the region and the prospects of the talks.",
        "They also touched upon the preservation of the nuclear deal with Iran.",
        "We will always remember him as a courageous man who fought the invaders.",
    ],
)
def test_topic_only_talk_and_memory_are_not_attributions(
    parser: Parser, resolver: ActorResolver, text: str
) -> None:
    assert quotes(parser, resolver, text) == []


def test_the_one_acted_on_is_not_what_was_said(parser: Parser, resolver: ActorResolver) -> None:
    qs = quotes(parser, resolver, "They are threatened with reprisals if they refuse.")
    assert all(q.content.text != "They" for q in qs)
    qs = quotes(parser, resolver, "Russia was shocked by the murder of the journalist.")
    assert all(q.content.text != "Russia" for q in qs)


def test_a_criticised_plan_is_still_the_content(parser: Parser, resolver: ActorResolver) -> None:
    qs = quotes(parser, resolver, "The plan was criticised by the opposition on Monday.")
    assert [q.content.text for q in qs] == ["The plan"]


def test_speech_verbs_still_count(parser: Parser, resolver: ActorResolver) -> None:
    qs = quotes(parser, resolver, "The minister said the talks would resume in March.")
    assert [q.content.text for q in qs] == ["the talks would resume in March"]


@pytest.mark.parametrize(
    "text",
    [
        "The prime minister informed his Polish counterpart about the outcome of the vote.",
        "The governor observed the drills of the river flotilla near the port.",
        "Tribunal prosecutor aims to show war criminals can't escape justice",
        "It is too early for a verdict, but it is safe to say that the bridge will not reopen.",
        "It is hard to judge yet, but it’s fair to say that the drones miss more than they hit.",
        "The mayor informed his Slovak colleague about the measures taken the day before to "
        "protect the water supply of the city.",
    ],
)
def test_topic_watching_aims_and_impersonal_say_are_not_attributions(
    parser: Parser, resolver: ActorResolver, text: str
) -> None:
    assert quotes(parser, resolver, text) == []


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("The prime minister informed his counterpart that the border would close.", "border"),
        ("The governor observed that the drills had gone well.", "drills had gone well"),
        ("He was quick to say that the talks had failed.", "talks had failed"),
    ],
)
def test_the_same_verbs_with_what_was_said_still_count(
    parser: Parser, resolver: ActorResolver, text: str, content: str
) -> None:
    assert any(content in q.content.text for q in quotes(parser, resolver, text))
