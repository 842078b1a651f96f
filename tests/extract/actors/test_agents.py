"""Agents: agent nouns as actors with the country their phrase or sentence gives, else none;
named armed forces; the spokesman of a named principal; the West."""

from __future__ import annotations

from extract.actors.support import find, ident, run
from sitroom.extract.actors.groups import agent_table
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_agent_table_layers_ours_over_petrarchs() -> None:
    table = agent_table()
    assert table["civilians"] == "CVL" and table["police"] == "COP"
    assert table["border guards"] == "COP"  # ours; PETRARCH2 says MIL
    assert table["spokesman"] == "GOV"  # ours; PETRARCH2 codes it media
    assert table["doctors"] == "MED"  # PETRARCH2's health code, read as PLOVER's
    assert "uprising" not in table and "village" not in table  # excluded


def test_country_from_a_word_in_the_phrase(parser: Parser, resolver: ActorResolver) -> None:
    cases = {
        "Russian occupiers stole the equipment.": ("Russian occupiers", ("RUS", "RUS", "MIL")),
        "Belarus's army stayed home.": ("Belarus's army", ("BLR", "BLR", "MIL")),
        "Kharkiv residents fled the shelling.": ("residents", ("UKR", "UKR", "CVL")),
        "Civilians in Chernihiv were evacuated.": ("Civilians", ("UKR", "UKR", "CVL")),
        "The Armed Forces of Ukraine repelled the attack.": (
            "Armed Forces of Ukraine",
            ("UKR", "UKR", "MIL"),
        ),
    }
    for text, (span, expected) in cases.items():
        assert ident(find(run(parser, resolver, text, "2022-03-10"), span)) == expected, text


def test_country_from_the_places_of_the_sentence(parser: Parser, resolver: ActorResolver) -> None:
    text = "Four civilians were wounded in Russia's shelling of the Kherson region."
    m = find(run(parser, resolver, text, "2022-05-10"), "Four civilians")
    assert ident(m) == ("UKR", "UKR", "CVL") and m.how == "agent+sentence"


def test_no_country_is_guessed(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Russians killed two civilians. Troops entered the town.")
    for text in ("two civilians", "Troops"):
        m = find(ms, text)
        assert (m.kind, m.actor, m.how) == ("agent", None, "agent")
    m = find(run(parser, resolver, "The leaders of Russia and Belarus met."), "leaders")
    assert m.actor is None  # two countries: neither


def test_named_armed_forces(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "The AFU pushed back. Rosgvardia units arrived.", "2022-03-10")
    assert ident(find(ms, "AFU")) == ("UKR", "UKR", "MIL")
    assert ident(find(ms, "Rosgvardia"))[:2] == ("RUS", "RUS")


def test_a_spokesman_for_a_principal_is_not_the_principal(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "A spokesman for President Vladimir Putin said there was little optimism, but he "
        "left the door open. Dmitry Peskov, the Kremlin spokesman, said the reply would come."
    )
    ms = run(parser, resolver, text, "2022-01-27")
    spokesman = find(ms, "spokesman")
    assert ident(spokesman) == ("peskov-dmitry", "RUS", "GOV")  # named later in the article
    assert ident(find(ms, "he"))[0] == "peskov-dmitry"
    alone = run(parser, resolver, "A spokesman for President Vladimir Putin said no.", "2022-01-27")
    assert ident(find(alone, "spokesman")) == ("RUS", "RUS", "GOV")  # unnamed, of his government


def test_a_foreign_general_is_a_person_of_the_army(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "A Belarusian general said the drills were over. He left.")
    general = find(ms, "Belarusian general")
    assert ident(general) == ("BLR", "BLR", "MIL")
    assert ident(find(ms, "He")) == ("BLR", "BLR", "MIL")


def test_a_press_secretary_of_a_named_person(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Zelensky's press secretary said the trip was on.", "2022-03-10")
    assert ident(find(ms, "press secretary")) == ("UKR", "UKR", "GOV")
    assert ident(find(ms, "Zelensky"))[0] == "zelensky-volodymyr"


def test_the_west(parser: Parser, resolver: ActorResolver) -> None:
    text = "The West must act now. Western partners sent aid to the West Bank."
    ms = run(parser, resolver, text)
    assert [m.text for m in ms if m.actor and m.actor.actor_id == "WEST"] == [
        "West",
        "Western partners",
    ]


def test_of_two_named_spokesmen_the_principals_own(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "A spokesman for President Vladimir Putin said talks could go on. Russian foreign "
        "ministry spokesman Andrei Zaitsev said the same. Dmitry Peskov, the Kremlin "
        "spokesman, added that the reply would come soon."
    )
    spokesman = find(run(parser, resolver, text, "2022-01-27"), "spokesman")
    assert ident(spokesman)[0] == "peskov-dmitry" and spokesman.how == "role"


def test_members_of_a_format_are_the_format(parser: Parser, resolver: ActorResolver) -> None:
    text = "The participants in the Crimea Platform called on Russia to withdraw."
    assert ident(find(run(parser, resolver, text, "2022-08-23"), "participants"))[0] == (
        "CRIMEA-PLATFORM"
    )


def test_a_capitalised_title_before_a_name_is_no_agent(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Chief of Staff of the Presidential Executive Office Anton Vaino attended."
    ms = run(parser, resolver, text, "2021-11-04")
    assert not [m for m in ms if m.kind == "agent"]
    assert [ident(m)[0] for m in ms] == ["vaino-anton"]
