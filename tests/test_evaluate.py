"""Quote scoring: the metric itself, and the PolNeAR dev gate when the data is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.brat import BratAttribution, BratSpan
from sitroom.evaluate import QuoteScores, annotate_quotes, score_quotes, score_quotes_document

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV = SHARED / "data" / "polnear" / "dev"
TEXT = "Officials said the border will reopen soon. Others doubt it."


def att(
    src: tuple[int, int] | None, cue: tuple[int, int], content: tuple[int, int]
) -> BratAttribution:
    def sp(kind: str, r: tuple[int, int]) -> BratSpan:
        return BratSpan(kind, (r,), TEXT[r[0] : r[1]])

    return BratAttribution(
        "E1",
        "Attribution",
        sp("Source", src) if src else None,
        sp("Cue", cue),
        sp("Content", content),
    )


GOLD = [att((0, 9), (10, 14), (15, 42)), att((44, 50), (51, 56), (57, 59))]


def test_perfect_prediction_scores_100() -> None:
    scores = QuoteScores()
    score_quotes_document(GOLD, GOLD, TEXT, scores)
    for role in ("source", "cue", "content"):
        assert scores.exact[role].f1 == pytest.approx(100.0)
    assert scores.who_said_what.f1 == pytest.approx(100.0)


def test_boundary_error_counts_for_overlap_not_exact() -> None:
    pred = [att((0, 9), (10, 14), (15, 43)), att((44, 50), (51, 56), (57, 59))]
    scores = QuoteScores()
    score_quotes_document(pred, GOLD, TEXT, scores)
    assert scores.exact["content"].f1 == pytest.approx(50.0)
    assert scores.overlap["content"].f1 == pytest.approx(100.0)
    assert scores.who_said_what.f1 == pytest.approx(100.0)
    assert scores.who_said_what_strict.f1 == pytest.approx(50.0)


def test_wrong_speaker_fails_who_said_what() -> None:
    pred = [att((44, 50), (10, 14), (15, 42))]
    scores = QuoteScores()
    score_quotes_document(pred, GOLD, TEXT, scores)
    assert scores.who_said_what.tp_pred == 0
    assert scores.exact["content"].precision == pytest.approx(100.0)
    assert scores.exact["content"].recall == pytest.approx(50.0)


def test_missing_predictions_score_zero(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    (gold / "text").mkdir(parents=True)
    (gold / "attributions").mkdir()
    (gold / "text" / "a.txt").write_text(TEXT, encoding="utf-8")
    (gold / "attributions" / "a_x1.ann").write_text(
        "T1\tSource 0 9\tOfficials\nT2\tCue 10 14\tsaid\n"
        "T3\tContent 15 42\tthe border will reopen soon\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8",
    )
    scores = score_quotes(tmp_path / "none", gold)
    assert scores.documents == 1
    assert scores.exact["source"].recall == 0.0
    assert scores.exact["source"].n_gold == 1


@pytest.mark.slow
def test_polnear_dev_gate(tmp_path: Path) -> None:
    """The evaluation gate: the floors below may only be raised, never lowered silently."""
    if not (DEV / "text").is_dir():
        pytest.skip("PolNeAR dev data not present")
    from sitroom.nlp import Parser

    baseline = json.loads((ROOT / "tests" / "eval_baseline.json").read_text())["quotes"]
    annotate_quotes(sorted((DEV / "text").glob("*.txt")), tmp_path, Parser())
    scores = score_quotes(tmp_path, DEV)
    assert scores.documents == 84
    floors = {"source": 61.0, "cue": 57.5, "content": 42.5}
    for role, floor in floors.items():
        assert scores.exact[role].f1 >= floor, (role, scores.to_dict())
        assert floor <= baseline["exact_f1"][role]
    assert scores.who_said_what.f1 >= 58.0
