"""Titles: titles join a person's mention; unlisted people are inferred from titles."""

from __future__ import annotations

import pytest

from extract.actors.support import find, ident, run
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_title_name_pronoun_and_capital(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Ukrainian Foreign Minister Dmytro Kuleba met his Polish counterpart in Warsaw on "
        "Monday. He said Kyiv was ready to keep talking to Moscow."
    )
    ms = run(parser, resolver, text)
    kuleba = find(ms, "Ukrainian Foreign Minister Dmytro Kuleba")
    assert ident(kuleba) == ("kuleba-dmytro", "UKR", "GOV")
    he = find(ms, "He")
    assert he.kind == "pronoun" and he.antecedent == kuleba.start
    assert ident(he)[0] == "kuleba-dmytro"
    assert ident(find(ms, "Kyiv")) == ("UKR", "UKR", "GOV")
    assert ident(find(ms, "Moscow")) == ("RUS", "RUS", "GOV")
    warsaw = find(ms, "Warsaw")  # "met ... in Warsaw": where, not who
    assert (warsaw.kind, warsaw.how, ident(warsaw)) == ("place", "location", ("POL", "POL", None))


@pytest.mark.parametrize(
    ("text", "name", "country", "sector"),
    [
        ("Kyiv Mayor Oleh Bondarenko said shelters were open.", "Oleh Bondarenko", "UKR", "GOV"),
        (
            "Lithuanian Deputy Defence Minister Tomas Vaitkus visited the base.",
            "Tomas Vaitkus",
            "LTU",
            "MIL",
        ),
        ("Pentagon spokesman Mark Delaney declined to comment.", "Mark Delaney", "USA", "MIL"),
        (
            "Ivan Sokolov, the Kremlin spokesman, said no date was set.",
            "Ivan Sokolov",
            "RUS",
            "GOV",
        ),
        (
            "NATO Deputy Spokesperson Piers Holloway said allies were united.",
            "Piers Holloway",
            None,
            "IGO",
        ),
    ],
)
def test_unlisted_people_are_inferred_from_titles(
    parser: Parser,
    resolver: ActorResolver,
    text: str,
    name: str,
    country: str | None,
    sector: str,
) -> None:
    mentions, actors = resolver.resolve(parser.parse_text(text, date="2022-01-10"))
    person = [a for a in actors if a.name == name]
    assert person, [a.name for a in actors]
    assert (person[0].country, person[0].sector) == (country, sector)
    assert person[0].inferred and person[0].evidence
    assert any(m.actor and m.actor.actor_id == person[0].actor_id for m in mentions)


def test_inferred_person_surname_and_she(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Assistant Secretary of State Laura Whitfield spoke to reporters. Whitfield said the "
        "offer stood. She said Washington would wait."
    )
    ms = run(parser, resolver, text)
    first = next(m for m in ms if m.text.endswith("Laura Whitfield"))
    assert ident(first)[1:] == ("USA", "GOV")
    assert ident(find(ms, "Whitfield"))[0] == ident(first)[0]
    she = find(ms, "She")
    assert she.actor is not None and she.actor.actor_id == ident(first)[0]


def test_a_list_of_titled_names(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Russian Defence Minister Sergei Shoigu chaired the meeting with Commander-in-Chief of "
        "the Navy Nikolai Yevmenov, Commander of the Strategic Missile Forces Sergei Karakayev."
    )
    ms = run(parser, resolver, text, "2021-11-02")
    navy = find(ms, "Commander-in-Chief of the Navy Nikolai Yevmenov")  # "-in-", "of the"
    assert ident(navy)[0] == "yevmenov-nikolai" and ident(navy)[2] == "MIL"
    # the next title in the list is Karakayev's own, not an appositive of Yevmenov
    assert ident(find(ms, "Commander of the Strategic Missile Forces Sergei Karakayev"))[0] == (
        "karakayev-sergei"
    )
