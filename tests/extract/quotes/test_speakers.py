"""Speakers through the actors stage: the head of the source, an appositive name, the head's own
phrase and never a clause describing it; how each speaker was found. Sentences are ours."""

from __future__ import annotations

import pytest

from sitroom.extract.actors.resolver import ActorResolver
from sitroom.extract.quotes.rules import extract_quotes
from sitroom.nlp import Parser
from sitroom.records import Quote


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def quotes(
    parser: Parser, resolver: ActorResolver, text: str, date: str = "2022-02-10"
) -> list[Quote]:
    parsed = parser.parse_text(text, date=date)
    return extract_quotes(parsed, resolver.resolve(parsed)[0])


def saying(qs: list[Quote], words: str) -> Quote:
    found = [q for q in qs if words in q.content.text]
    assert found, [q.content.text for q in qs]
    return found[0]


def who(q: Quote) -> str | None:
    return q.speaker.actor_id if q.speaker else None


def test_an_appositive_name_is_the_speaker_not_the_body_in_the_title(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "The chief of the Belarusian armed forces’ General Staff, Viktor Gulevich, said on "
        "Thursday that the Russian troops would leave once the exercise is over."
    )
    q = saying(quotes(parser, resolver, text), "troops would leave")
    assert who(q) == "gulevich-viktor"
    assert q.speaker_how.startswith("appositive:")


def test_an_office_named_by_its_state_is_its_holder(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Russia's foreign minister said the Kremlin would begin separate talks with NATO."
    q = saying(quotes(parser, resolver, text, "2021-12-20"), "separate talks")
    assert who(q) == "lavrov-sergey"
    assert q.speaker_how == "head:office"


def test_a_place_in_a_clause_about_the_speaker_is_not_the_speaker(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "Olena Marchuk, who lives with her children in Kharkiv, near the Russian border, said "
        "she wanted the whole world to watch."
    )
    q = saying(quotes(parser, resolver, text), "whole world")
    assert q.speaker is None or q.speaker.country != "RUS"
    assert q.speaker is None or q.speaker.actor_id != "UKR"


def test_the_body_in_the_head_s_own_phrase_speaks_for_an_unnamed_official(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "The head of the Kharkiv regional administration said the shelling had not stopped."
    q = saying(quotes(parser, resolver, text), "shelling")
    assert q.speaker is not None and q.speaker.country == "UKR"
    assert q.speaker_how.startswith("phrase:")


def test_speaker_how_is_kept_by_the_record(parser: Parser, resolver: ActorResolver) -> None:
    q = saying(quotes(parser, resolver, "Vladimir Putin said the talks were useful."), "useful")
    assert q.speaker_how == "head:name"
    assert Quote.from_dict(q.to_dict()).speaker_how == "head:name"
    unnamed = saying(quotes(parser, resolver, "Someone said it was late."), "late")
    assert unnamed.speaker is None and unnamed.speaker_how == "unresolved"


def test_the_participants_of_a_reported_conversation_are_its_principal(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "Vladimir Putin had a telephone conversation with President of France Emmanuel "
        "Macron. The leaders agreed to keep these issues on the agenda. The parties also "
        "stressed that the ceasefire in Libya must hold. They noted the importance of the talks."
    )
    qs = quotes(parser, resolver, text, "2021-12-20")
    for words in ("on the agenda", "ceasefire in Libya", "importance of the talks"):
        q = saying(qs, words)
        assert who(q) == "putin-vladimir", words
        assert q.speaker_how.startswith("principal:")


def test_they_with_no_participants_before_stays_unknown(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "The talks in Geneva ended late. They said the next round would be in March."
    q = saying(quotes(parser, resolver, text), "next round")
    assert q.speaker is None


def test_a_message_speaks_for_its_sender(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Vladimir Putin sent a message of condolences to the President of Greece. "
        "The message says that he will be remembered as a courageous man."
    )
    q = saying(quotes(parser, resolver, text, "2021-12-20"), "courageous")
    assert who(q) == "putin-vladimir"
    assert q.speaker_how.startswith("sender:")


def test_a_people_by_its_demonym_is_no_speaker_but_the_russians_may_be_the_state(
    parser: Parser, resolver: ActorResolver
) -> None:
    qs = quotes(parser, resolver, "Ukrainians are calling for the bridge to be rebuilt soon.")
    q = saying(qs, "bridge to be rebuilt")
    assert who(q) is None and q.speaker_how == "people"
    q = saying(quotes(parser, resolver, "Many Russians say the prices have doubled."), "prices")
    assert who(q) is None
    qs = quotes(parser, resolver, "The Americans said they would send more troops to Poland.")
    assert who(saying(qs, "more troops")) == "USA"


def test_we_and_i_in_a_transcript_turn_are_the_turns_speaker(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "President of Russia Vladimir Putin: Good afternoon, colleagues. We agreed that the "
        "talks would go on in Minsk next month."
    )
    q = next(q for q in quotes(parser, resolver, text) if q.cue.text == "agreed")
    assert who(q) == "putin-vladimir"
    assert q.speaker_how == "turn:name"


def test_he_said_after_a_long_quotation_is_the_person_named_before_it(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "New funds are being set up in Ukraine. This was announced by President Volodymyr "
        'Zelenskyy in his evening address. "We have held out for a week. For our homes. For '
        'our land. We stood firm. We already know how we will rebuild the towns," he said.'
    )
    q = saying(quotes(parser, resolver, text), "held out for a week")
    assert who(q) == "zelensky-volodymyr"
    assert q.speaker_how == "pronoun:past-quotation"
    two = (
        'Vladimir Putin spoke after Olaf Scholz arrived in Moscow. "The talks took hours. '
        'It was long. The issues were hard. We agreed on little," he said.'
    )
    assert who(saying(quotes(parser, resolver, two), "talks took hours")) is None


def test_an_unlisted_person_named_in_full_speaks_by_the_slug_of_the_name(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Maria Petrova, who lives near the station, said the bridge was closed all week."
    q = saying(quotes(parser, resolver, text), "bridge was closed")
    assert who(q) == "petrova-maria"
    assert q.speaker_how == "head:unlisted"
