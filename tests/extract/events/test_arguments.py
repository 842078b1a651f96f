"""Tests of who did it to whom: subjects, targets, unresolved agents and hyphenated pairs."""

from __future__ import annotations

import pytest

from extract.events.coding import code, hand_mentions, ids, one
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.extract.events.coder import RulesCoder
from sitroom.nlp import Parser
from sitroom.records import Event, Mention


def test_opposed_to_is_said_by_its_subject(parser: Parser) -> None:
    reject = one(
        code(parser, "France is opposed to Chinese mediation, a spokesman said."), "REJECT"
    )
    assert ids(reject.source) == {"FRA"}
    assert "FRA" not in ids(reject.target)


def test_purpose_clause_keeps_the_main_subject_not_the_reporter(parser: Parser) -> None:
    text = "France has mobilized donors across Europe to help support Ukraine, an aide said."
    support = one(code(parser, text), "SUPPORT")
    assert ids(support.source) == {"FRA"}
    assert ids(support.target) == {"UKR"}


def test_threat_targets_who_must_meet_the_condition(parser: Parser) -> None:
    text = "Russia threatened to cut gas supplies unless Ukraine paid its debts within a week."
    threat = one(code(parser, text), "THREATEN")
    assert ids(threat.source) == {"RUS"}
    assert ids(threat.target) == {"UKR"}


def test_noun_trigger_takes_the_target_of_its_verb(parser: Parser) -> None:
    aid = one(code(parser, "Germany has granted asylum to two Russian journalists."), "AID")
    assert (ids(aid.source), ids(aid.target)) == ({"DEU"}, {"RUS"})
    text = "China undertook a mediation mission between Russia and Ukraine."
    mediation = one(code(parser, text), "CONSULT")
    assert ids(mediation.source) == {"CHN"}
    assert ids(mediation.target) == {"RUS", "UKR"}


def test_passive_target_inside_its_noun_phrase(parser: Parser) -> None:
    text = "A field hospital for Ukrainian soldiers was attacked by Russian forces on Sunday."
    attack = one(code(parser, text), "ASSAULT")
    assert (ids(attack.source), ids(attack.target)) == ({"RUS"}, {"UKR"})


def test_group_located_by_a_participle_phrase(parser: Parser) -> None:
    events = code(parser, "A newspaper based in Kyiv has defied a ban by Russia.")
    defied = one(events, "REJECT")
    assert (ids(defied.source), ids(defied.target)) == ({"UKR"}, {"RUS"})


def test_domestic_event_keeps_its_same_country_target(parser: Parser) -> None:
    parsed = parser.parse_text("Ukrainian police confiscated weapons from separatist rebels.")
    ms = hand_mentions(
        parsed,
        {"Ukrainian police": ("UKR", "UKR", "COP"), "separatist rebels": ("UKR", "UKR", "REB")},
    )
    ev = next(e for e in RulesCoder().code(parsed, ms, []) if e.type in ("COERCE", "SANCTION"))
    assert [m.text for m in ev.source] == ["Ukrainian police"]
    assert [m.text for m in ev.target] == ["separatist rebels"]
    same = parser.parse_text("Russia said Moscow would defend its borders.")
    ms = hand_mentions(same, {"Russia": ("RUS", "RUS", "GOV"), "Moscow": ("RUS", "RUS", "GOV")})
    for e in RulesCoder().code(same, ms, []):
        assert not ids(e.source) & ids(e.target)  # one actor is not its own target


def test_unresolved_actor_keeps_the_event(parser: Parser) -> None:
    events = code(parser, "Rebel commanders agreed to a ceasefire with Kyiv on Sunday.")
    agree = one(events, "AGREE")
    assert agree.source and agree.source[0].actor is None
    assert "commanders" in agree.source[0].text


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def resolved(parser: Parser, resolver: ActorResolver, text: str) -> list[Event]:
    """Code ``text`` with the mentions the actors stage really gives."""
    parsed = parser.parse_text(text, date="2022-01-10")
    mentions, _ = resolver.resolve(parsed)
    return RulesCoder().code(parsed, mentions, [])


def ordered(mentions: list[Mention]) -> list[str]:
    return [m.actor.actor_id for m in mentions if m.actor]


@pytest.mark.parametrize(
    ("text", "etype", "source", "target"),
    [
        ("Ukraine-Russia talks opened in Istanbul on Tuesday.", "CONSULT", ["UKR"], ["RUS"]),
        ("The Russia/Ukraine talks stalled again.", "CONSULT", ["RUS"], ["UKR"]),
        ("Security was tight for the Germany - France summit.", "CONSULT", ["DEU"], ["FRA"]),
        ("China-EU consultations on trade resumed in Brussels.", "CONSULT", ["CHN"], ["EU"]),
        ("The US-Russia strategic stability dialogue resumed.", "CONSULT", ["USA"], ["RUS"]),
        ("Armenia-Azerbaijan clashes erupted on the border.", "ASSAULT", ["ARM"], ["AZE"]),
        ("The Russia-NATO meeting ended without progress.", "CONSULT", ["RUS"], ["NATO"]),
        ("A Turkey-Russia-Iran summit opened in Tehran.", "CONSULT", ["TUR"], ["RUS", "IRN"]),
    ],
)
def test_hyphenated_pair_before_an_event_noun_is_source_and_target(
    parser: Parser,
    resolver: ActorResolver,
    text: str,
    etype: str,
    source: list[str],
    target: list[str],
) -> None:
    ev = one(resolved(parser, resolver, text), etype)
    assert (ordered(ev.source), ordered(ev.target)) == (source, target)


def test_hyphenated_pair_of_leaders_keeps_their_order(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Reporters waited outside before the Lavrov-Blinken meeting in Geneva."
    ev = one(resolved(parser, resolver, text), "CONSULT")
    assert len(ev.source) == len(ev.target) == 1
    assert "lavrov" in ev.source[0].text.lower()
    assert "blinken" in ev.target[0].text.lower()


def test_pair_stands_for_an_unnamed_subject_of_held_talks(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Diplomats from both sides held U.S.-Russia talks in Vienna on Monday."
    ev = one(resolved(parser, resolver, text), "CONSULT")
    assert (ordered(ev.source), ordered(ev.target)) == (["USA"], ["RUS"])  # not Austria


def test_named_subject_of_held_talks_stays_the_source(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Russia held Russia-China talks on energy in Moscow."
    ev = one(resolved(parser, resolver, text), "CONSULT")
    assert ordered(ev.source) == ["RUS"]
    assert "CHN" in ordered(ev.target)


def test_council_with_a_hyphen_in_its_name_stays_one_actor(
    parser: Parser, resolver: ActorResolver
) -> None:
    ev = one(
        resolved(parser, resolver, "The NATO-Russia Council meeting was postponed."), "CONSULT"
    )
    assert ordered(ev.source) == ["NRC"]
    assert not {"NATO", "RUS"} & set(ordered(ev.target))
