"""Evaluation gate for the events coder: fails when a score drops below its pinned floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.evaluate_events import fallback_mentions, macro_f1, score_events
from sitroom.nlp import Parser

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
BASELINE = json.loads((ROOT / "tests" / "eval_baseline_events.json").read_text(encoding="utf-8"))


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
    scores = score_events(path).to_dict()
    for metric, floor in entry["floor"].items():
        assert scores[metric] >= floor, f"{metric} fell to {scores[metric]} (floor {floor})"


def test_quad_scores_of_the_rules_coder_stay_above_floor() -> None:
    entry = BASELINE["conflibert_quad"]
    path = SHARED / entry["file"]
    if not path.is_file():
        pytest.skip("ConfliBERT-style data not present")
    from sitroom.evaluate_events import score_quad

    scores = score_quad(path).to_dict()
    for metric, floor in entry["floor"].items():
        assert scores[metric] >= floor, f"{metric} fell to {scores[metric]} (floor {floor})"
