"""Each coded event says why it exists: the rule that fired, its clause, how its sides were
found. Sentences we wrote, coded by the whole extraction (actors stage included)."""

from __future__ import annotations

import pytest

from sitroom.extract.events.learned import model_built
from sitroom.nlp import Parser
from sitroom.pipeline import Extractor
from sitroom.records import Event, Provenance, Span


def _events(parser: Parser, text: str, coder: str = "rules.v1") -> list[Event]:
    parsed = parser.parse_text(text, date="2022-03-01")
    return Extractor(coder=coder).extract(parsed).events


def _one(events: list[Event], etype: str) -> Event:
    found = [e for e in events if e.type == etype]
    assert found, [(e.type, e.evidence.trigger.text) for e in events]
    return found[0]


def test_a_plain_verb_names_its_lexicon_entry_and_how_the_sides_were_found(
    parser: Parser,
) -> None:
    ev = _one(_events(parser, "Russia attacked Ukraine on Monday."), "ASSAULT")
    prov = ev.provenance
    assert prov is not None
    assert prov.rule == "lexicon:verb/attack"
    assert prov.trigger == "attack"
    assert prov.clause_kind == "main"
    assert prov.source == ("name",) and prov.target == ("name",)
    assert "rule: lexicon:verb/attack" in prov.summary()


def test_a_refined_sense_names_the_refinement(parser: Parser) -> None:
    ev = _one(_events(parser, "The United States imposed sanctions on Russia."), "SANCTION")
    assert ev.provenance is not None
    assert ev.provenance.rule.startswith("lexicon:verb/impose+")


def test_a_pronoun_side_is_marked_as_coreference_and_a_reported_clause_as_reported(
    parser: Parser,
) -> None:
    events = _events(
        parser, "Vladimir Putin met Olaf Scholz in Moscow. He said Russia would not attack Ukraine."
    )
    assault = _one(events, "ASSAULT")
    assert assault.provenance is not None
    assert assault.provenance.clause_kind == "reported"
    assert assault.provenance.clause is not None
    assert "attack Ukraine" in assault.provenance.clause.text
    assert "He said" not in assault.provenance.clause.text


def test_provenance_round_trips_through_the_contract() -> None:
    prov = Provenance(
        rule="lexicon:verb/attack",
        trigger="attack",
        clause=Span("Russia attacked Ukraine", 0, 23),
        clause_kind="main",
        source=("name",),
        target=("coreference",),
        steps=("intent",),
    )
    assert Provenance.from_dict(prov.to_dict()) == prov
    assert prov.summary() == (
        "rule: lexicon:verb/attack; source: name; target: coreference; then: intent"
    )


@pytest.mark.skipif(not model_built(), reason="quad model not built (make quad-model)")
def test_the_hybrid_coder_keeps_the_rules_provenance(parser: Parser) -> None:
    events = _events(parser, "Russia attacked Ukraine on Monday.", coder="hybrid.v1")
    assert all(e.provenance is not None and e.provenance.rule for e in events)
