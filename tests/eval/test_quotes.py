"""Quote scoring: the metric itself, and the PolNeAR dev gate when the data is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, SHARED
from sitroom.eval.quotes import (
    QuoteScores,
    make_stripped_copy,
    polnear_half,
    score_quotes,
    score_quotes_document,
    strip_marks_text,
)
from sitroom.extract.quotes.brat import BratAttribution, BratSpan
from sitroom.pipeline import annotate_quotes

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


#: Exact F1 floors on PolNeAR dev (just under what was measured; see eval_baseline.json).
FLOORS = {"source": 74.0, "cue": 71.2, "content": 56.0}
STRIPPED_FLOORS = {"source": 72.8, "cue": 69.7, "content": 47.2}
WHO_FLOORS = {"plain": 70.3, "stripped": 68.6}

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


def test_polnear_halves_are_fixed_and_split_the_articles(tmp_path: Path) -> None:
    names = [f"outlet_2016-09-{d:02d}_story_{d:04x}" for d in range(1, 31)]
    halves = [polnear_half(n) for n in names]
    assert set(halves) == {"tune", "check"}
    assert halves == [polnear_half(n) for n in names]  # the same every time
    gold = tmp_path / "gold"
    (gold / "text").mkdir(parents=True)
    (gold / "attributions").mkdir()
    for n in names[:6]:
        (gold / "text" / f"{n}.txt").write_text(TEXT, encoding="utf-8")
        (gold / "attributions" / f"{n}_x1.ann").write_text("", encoding="utf-8")
    counts = [score_quotes(tmp_path / "none", gold, h).documents for h in ("tune", "check")]
    assert sum(counts) == 6 and counts == [halves[:6].count("tune"), halves[:6].count("check")]


def test_strip_marks_deletes_marks_and_dashes_but_keeps_hyphens() -> None:
    text = '“We don’t want war” — she said – in a "pro-Western" tone -- twice.'
    out, new_pos = strip_marks_text(text)
    assert out == "We dont want war  she said  in a pro-Western tone  twice."
    start = text.index("want")
    assert out[new_pos[start] : new_pos[start + 4]] == "want"
    assert new_pos[len(text)] == len(out)


def test_stripped_copy_shifts_gold_offsets(tmp_path: Path) -> None:
    text = "“We won’t retreat,” Ivanov said.\nOfficials said it’s over."
    gold = tmp_path / "gold"
    (gold / "text").mkdir(parents=True)
    (gold / "attributions").mkdir()
    (gold / "text" / "a.txt").write_text(text, encoding="utf-8")
    content = (0, text.index(" Ivanov"))
    src = (text.index("Ivanov"), text.index(" said"))
    second = (text.index("it’s"), len(text) - 1)
    (gold / "attributions" / "a_x1.ann").write_text(
        f"T1\tSource {src[0]} {src[1]}\tIvanov\nT2\tContent {content[0]} {content[1]}\tx\n"
        f"T3\tContent {second[0]} {second[1]}\ty\n"
        "E1\tAttribution:T4 Source:T1 Content:T2\n",
        encoding="utf-8",
    )
    out = make_stripped_copy(gold, tmp_path / "stripped")
    new_text = (out / "text" / "a.txt").read_text(encoding="utf-8")
    assert new_text == "We wont retreat, Ivanov said.\nOfficials said its over."
    lines = (out / "attributions" / "a_x1.ann").read_text(encoding="utf-8").splitlines()
    spans = {ln.split("\t")[0]: ln.split("\t")[1].split()[1:] for ln in lines if ln[0] == "T"}
    assert new_text[int(spans["T1"][0]) : int(spans["T1"][1])] == "Ivanov"
    assert new_text[int(spans["T2"][0]) : int(spans["T2"][1])] == "We wont retreat,"
    assert new_text[int(spans["T3"][0]) : int(spans["T3"][1])] == "its over"


@pytest.mark.slow
def test_polnear_dev_gate(tmp_path: Path) -> None:
    """The evaluation gate, as written and stripped of its marks: the floors below may only
    be raised, never lowered silently."""
    if not (DEV / "text").is_dir():
        pytest.skip("PolNeAR dev data not present")
    from sitroom.nlp import Parser

    baseline = json.loads((REPO / "tests" / "eval_baseline.json").read_text())["quotes"]
    parser = Parser()
    stripped = make_stripped_copy(DEV, tmp_path / "stripped")
    runs = {"plain": (DEV, FLOORS), "stripped": (stripped, STRIPPED_FLOORS)}
    for name, (gold, floors) in runs.items():
        out = tmp_path / f"pred-{name}"
        annotate_quotes(sorted((gold / "text").glob("*.txt")), out, parser)
        scores = score_quotes(out, gold)
        assert scores.documents == 84
        pinned = baseline["exact_f1"] if name == "plain" else baseline["stripped_marks"]["exact_f1"]
        for role, floor in floors.items():
            assert scores.exact[role].f1 >= floor, (name, role, scores.to_dict())
            assert floor <= pinned[role]
        assert scores.who_said_what.f1 >= WHO_FLOORS[name], (name, scores.to_dict())
