"""Tests of modality (negated, hypothetical, future) and of acts embedded in a request."""

from __future__ import annotations

from extract.events.coding import code, ids, one
from sitroom.nlp import Parser


def test_conditional_sanctions_are_hypothetical(parser: Parser) -> None:
    events = code(
        parser, "If Moscow moves more troops to the border, Washington will impose sanctions."
    )
    # a conditional, intended sanction is coded the PLOVER way: a THREATEN (restrict)
    threat = one(events, "THREATEN")
    assert ids(threat.source) == {"USA"}
    assert threat.modality == "hypothetical"
    assert (threat.mode, threat.cameo, threat.quad_class) == ("restrict", "1312", 3)
    mobilize = one(events, "MOBILIZE")
    assert mobilize.mode == "troops"
    assert ids(mobilize.source) == {"RUS"}
    assert mobilize.modality == "hypothetical"


def test_demand_refined_by_requested_withdrawal(parser: Parser) -> None:
    events = code(parser, "Russia demanded last week that NATO withdraw its forces from Romania.")
    assert [e.type for e in events] == ["REQUEST"]
    request = events[0]
    assert ids(request.source) == {"RUS"}
    assert "NATO" in ids(request.target)
    assert request.mode == "yield"
    assert (request.date, request.date_precision) == ("2022-01-03", "week")


def test_an_obligation_is_not_an_act_that_happened(parser: Parser) -> None:
    events = code(parser, "Poland must stop blocking fuel deliveries to Lithuania.")
    assert events and all(e.modality == "hypothetical" for e in events)


def test_a_meeting_before_a_negated_statement_still_happened(parser: Parser) -> None:
    text = (
        "After meeting Russian diplomats in Geneva, the American envoy could not say whether"
        " Moscow would pull back its troops."
    )
    assert one(code(parser, text), "CONSULT").modality == "asserted"


def test_acts_asked_for_belong_to_the_request(parser: Parser) -> None:
    asked = code(parser, "The Polish minister asked Germany to send tanks to Ukraine.")
    assert [e.type for e in asked] == ["REQUEST"]
    called = code(parser, "Ukraine called on the world to recognise Russia as an aggressor state.")
    assert "SUPPORT" not in {e.type for e in called}
    assert ids(one(called, "REQUEST").source) == {"UKR"}


def test_an_act_in_an_adjunct_of_a_rejection_is_not_negated(parser: Parser) -> None:
    # "violate" is a REJECT verb, but the mobilisation is its means, not what is rejected
    text = "By moving tanks into the buffer zone, Russia is violating the ceasefire with Ukraine."
    events = code(parser, text)
    assert one(events, "REJECT").modality == "asserted"
    assert one(events, "MOBILIZE").modality == "asserted"
    assert one(events, "RETREAT").modality == "negated"  # the ceasefire it violates


def test_an_act_only_in_prospect_is_hypothetical(parser: Parser) -> None:
    for text in (
        "The threat of a Russian invasion of Ukraine has grown this month.",
        "Fears of a Russian attack on Ukraine rose on Monday.",
        "Kyiv braced for a possible Russian invasion of Ukraine.",
    ):
        assault = one(code(parser, text), "ASSAULT")
        assert assault.modality == "hypothetical", text
    began = code(parser, "The Russian invasion of Ukraine began at dawn.")
    assert one(began, "ASSAULT").modality == "asserted"
