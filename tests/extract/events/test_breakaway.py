"""Tests of the breakaway rules: cooperation with a breakaway part of a state is conflict
with the state."""

from __future__ import annotations

import pytest

from extract.events.coding import code, ids, mentions_from_entities, one
from sitroom.extract.events.coder import RulesCoder
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Mention, ParsedArticle


def _with_breakaway(
    parser: Parser, text: str, phrase: str, ref: ActorRef
) -> tuple[ParsedArticle, list[Mention]]:
    """The sentence's entity mentions, the ``phrase`` (a breakaway entity) resolved to ``ref``
    as the actors stage does (country = the parent state, sector PRE or REB)."""
    parsed = parser.parse_text(text, date="2022-02-22")
    start = text.index(phrase)
    end = start + len(phrase)
    toks = [t.i for t in parsed.tokens if t.start >= start and t.end <= end]
    others = [m for m in mentions_from_entities(parsed) if m.end <= start or m.start >= end]
    own = Mention(phrase, start, end, ref, "name", toks[0], toks[-1] + 1)
    return parsed, sorted([*others, own], key=lambda m: m.start)


DPR = ActorRef("DPR", "Donetsk People's Republic", "UKR", "PRE")


def test_recognising_a_breakaway_republic_is_conflict_with_its_parent_state(
    parser: Parser,
) -> None:
    text = "Russia formally recognised the Donetsk People's Republic on Monday."
    parsed, mentions = _with_breakaway(parser, text, "Donetsk People's Republic", DPR)
    events = RulesCoder().code(parsed, mentions, [])
    support = one(events, "SUPPORT")  # towards the republic itself, still support
    assert ids(support.target) == {"DPR"}
    reject = one(events, "REJECT")  # towards Ukraine, a rejection of its sovereignty
    assert ids(reject.source) == {"RUS"}
    assert ids(reject.target) == {"UKR"}
    assert reject.goldstein is not None and reject.goldstein < 0
    assert reject.quad_class == 3  # verbal conflict
    assert reject.modality == support.modality == "asserted"
    assert reject.date == support.date


def test_treaty_with_separatists_is_conflict_with_the_state_they_left(parser: Parser) -> None:
    text = "Moscow signed a friendship treaty with the separatists of Abkhazia on Tuesday."
    rebels = ActorRef("GEO", "Georgian separatists", "GEO", "REB")
    parsed, mentions = _with_breakaway(parser, text, "the separatists of Abkhazia", rebels)
    events = RulesCoder().code(parsed, mentions, [])
    reject = one(events, "REJECT")
    assert ids(reject.source) == {"RUS"}
    assert [m.actor.sector for m in reject.target if m.actor] == ["GOV"]
    assert ids(reject.target) == {"GEO"}
    assert {e.type for e in events} & {"AGREE", "SUPPORT"}  # the treaty itself is kept


def test_a_state_settling_with_its_own_separatists_is_not_conflict(parser: Parser) -> None:
    text = "Ukraine signed an agreement with the Donetsk People's Republic on Tuesday."
    parsed, mentions = _with_breakaway(parser, text, "Donetsk People's Republic", DPR)
    events = RulesCoder().code(parsed, mentions, [])
    assert {e.type for e in events} & {"AGREE", "SUPPORT"}
    assert "REJECT" not in {e.type for e in events}


def test_recognising_occupied_parts_of_a_state_challenges_the_state(parser: Parser) -> None:
    text = (
        "Moscow's recognition of the self-proclaimed entities in two parts of eastern Ukraine"
        " angered Kyiv."
    )
    rec = [e for e in code(parser, text) if e.evidence.trigger.text == "recognition"]
    assert [(e.type, ids(e.target)) for e in rec] == [("REJECT", {"UKR"})]


def test_leaving_a_treaty_is_a_rejection_not_a_retreat(parser: Parser) -> None:
    events = code(parser, "Belarus withdrew from the border treaty with Lithuania.")
    assert "RETREAT" not in {e.type for e in events}
    assert ids(one(events, "REJECT").source) == {"BLR"}


def test_refusing_to_recognise_is_no_challenge(parser: Parser) -> None:
    text = "Germany will never recognise the Donetsk People's Republic."
    parsed, mentions = _with_breakaway(parser, text, "Donetsk People's Republic", DPR)
    events = RulesCoder().code(parsed, mentions, [])
    assert all(e.modality == "negated" for e in events if e.type in ("SUPPORT", "REJECT"))


@pytest.mark.parametrize(
    "text",
    [
        "Moscow recognised the breakaway Ukrainian regions as independent states on Monday.",
        "The Kremlin signed friendship treaties with Ukraine's self-proclaimed separatist"
        " republics.",
    ],
)
def test_cooperation_with_a_breakaway_part_of_a_named_state_is_conflict(
    parser: Parser, text: str
) -> None:
    # the actors stage gives these phrases the state itself (Ukraine), not a separatist actor
    events = code(parser, text, "2022-02-22")
    towards_ukraine = [e for e in events if ids(e.target) == {"UKR"}]
    assert towards_ukraine, [(e.type, ids(e.target)) for e in events]
    assert all(e.type == "REJECT" and (e.goldstein or 0) < 0 for e in towards_ukraine)
    assert all(ids(e.source) == {"RUS"} for e in towards_ukraine)


def test_support_for_a_whole_state_stays_cooperation(parser: Parser) -> None:
    events = code(parser, "Germany strongly supported Ukraine's government on Monday.")
    assert one(events, "SUPPORT").goldstein is not None
    assert "REJECT" not in {e.type for e in events}
