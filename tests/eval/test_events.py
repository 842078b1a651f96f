"""Evaluation gate for the events coder: fails when a score drops below its pinned floor."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import REPO, SHARED
from sitroom.eval.events import fallback_mentions, macro_f1, score_events
from sitroom.extract.events.registry import get_coder
from sitroom.nlp import Parser
from sitroom.records import (
    ActorRef,
    Event,
    Evidence,
    Mention,
    ParsedArticle,
    Quote,
    Span,
)

BASELINE = json.loads((REPO / "tests" / "eval_baseline_events.json").read_text(encoding="utf-8"))


def test_macro_f1_counts_every_gold_label() -> None:
    assert macro_f1(["A", "A", "B"], ["A", "A", "B"]) == 1.0
    assert macro_f1(["A", "B"], ["A", "A"]) == pytest.approx((2 / 3 + 0) / 2)


def test_fallback_mentions_give_countries() -> None:
    parsed = Parser().parse_text("Hungarian officials met the leaders of Romania in Budapest.")
    countries = {m.actor.country for m in fallback_mentions(parsed) if m.actor}
    assert {"HUN", "ROU"} <= countries


def test_plover_dev_scores_stay_above_floor() -> None:
    entry = BASELINE["plover_gsr_dev"]
    path = SHARED / entry["file"]
    if not path.is_file():
        pytest.skip("PLOVER dev data not present")
    scores = score_events(path, coder=get_coder(entry["coder"])).to_dict()
    for metric, floor in entry["floor"].items():
        assert scores[metric] >= floor, f"{metric} fell to {scores[metric]} (floor {floor})"


def test_quad_scores_of_the_rules_coder_stay_above_floor() -> None:
    entry = BASELINE["conflibert_quad"]
    path = SHARED / entry["file"]
    if not path.is_file():
        pytest.skip("ConfliBERT-style data not present")
    from sitroom.eval.events import score_quad

    scores = score_quad(path, coder=get_coder(entry["coder"])).to_dict()
    for metric, floor in entry["floor"].items():
        assert scores[metric] >= floor, f"{metric} fell to {scores[metric]} (floor {floor})"


# --------------------------------------------------------------------------- how gold is matched

PACT = "Japan and the European Union signed a trade pact on Monday."
JPN = ActorRef("JPN", "Japan", "JPN", "GOV")
EU = ActorRef("EU", "European Union", None, "IGO")
RUS = ActorRef("RUS", "Russia", "RUS", "GOV")


def _m(ref: ActorRef) -> Mention:
    return Mention(ref.name, 0, len(ref.name), ref, "name", 0, 1)


def _event(source: list[ActorRef], target: list[ActorRef]) -> Event:
    trigger = Span("signed", 34, 40)
    return Event(
        "e", "a", "AGREE", None, "asserted", [_m(r) for r in source], [_m(r) for r in target],
        None, "day", None, None, None, None, Evidence(PACT, 0, len(PACT), trigger), 0.5, "stub",
    )  # fmt: skip


class _Stub:
    name = "stub"

    def __init__(self, events: list[Event]) -> None:
        self.events = events

    def code(
        self, parsed: ParsedArticle, mentions: Sequence[Mention], quotes: Sequence[Quote]
    ) -> list[Event]:
        return list(self.events)


@pytest.fixture(scope="module")
def pact_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    row = {
        "id": "t1", "text": PACT, "date": "2022-01-10", "event": "AGREE",
        "source": [{"actorText": "Japan", "code": "JAP"}],  # the old CAMEO code of Japan
        "target": [{"actorText": "European Union", "code": "IGO"}],
    }  # fmt: skip
    path = tmp_path_factory.mktemp("gold") / "pact.jsonl"
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def test_dyad_must_come_from_one_event(pact_file: Path) -> None:
    split = _Stub([_event([JPN], []), _event([RUS], [EU])])
    scores = score_events(pact_file, coder=split)
    assert (scores.source_agreement, scores.target_agreement) == (1.0, 1.0)
    assert scores.dyad_agreement == 0.0
    whole = score_events(pact_file, coder=_Stub([_event([RUS], []), _event([JPN], [EU])]))
    assert whole.dyad_agreement == 1.0


def test_organisation_codes_match_by_family_and_coordination_counts(pact_file: Path) -> None:
    joint = score_events(pact_file, coder=_Stub([_event([JPN, EU], [])]))
    assert joint.dyad_agreement == 1.0  # "Japan and the EU signed": both sides of the pact
    alone = score_events(pact_file, coder=_Stub([_event([EU], [JPN])]))
    assert alone.source_agreement == 0.0  # the roles reversed are not the gold dyad
    state = ActorRef("FRA", "France", "FRA", "IGO")
    assert score_events(pact_file, coder=_Stub([_event([JPN], [state])])).target_agreement == 0.0
