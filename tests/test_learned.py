"""Tests of the learned quad classifier and the ``hybrid.v1`` coder (model built from a toy)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitroom.errors import E, SitroomError
from sitroom.learned import HybridCoder, QuadClassifier, features
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Mention

SHARED_MODEL = Path(__file__).resolve().parents[1] / "src" / "sitroom" / "models" / "quad_v1.json"


def toy_model(tmp_path: Path) -> Path:
    """Two features: "w:shelled" means material conflict (4), "w:thanked" verbal coop (1)."""
    model = {
        "name": "toy",
        "labels": [0, 1, 2, 3, 4],
        "vocabulary": {"w:shelled": 0, "w:thanked": 1},
        "idf": [1.0, 1.0],
        "coef": [[0, 0], [-2, 6], [0, 0], [0, 0], [6, -2]],
        "intercept": [0.5, 0, 0, 0, 0],
        "trained_on": "toy",
    }
    path = tmp_path / "toy.json"
    path.write_text(json.dumps(model), encoding="utf-8")
    return path


def test_features_mix_words_bigrams_chars_and_rule_types() -> None:
    feats = features("Troops shelled the town.", ["troop", "shell"], ["ASSAULT"])
    assert {"w:shelled", "b:troops_shelled", "l:shell", "t:ASSAULT", "c: sh"} <= set(feats)
    assert features("Troops shelled the town.") == features("Troops shelled the town.")


def test_classifier_predicts_from_weights(tmp_path: Path) -> None:
    clf = QuadClassifier.load(toy_model(tmp_path))
    assert clf.predict(["w:shelled"])[0] == 4
    assert clf.predict(["w:thanked"])[0] == 1
    assert clf.predict(["w:unknown"])[0] == 0  # nothing known: the intercept decides
    assert abs(sum(clf.proba(["w:shelled"])) - 1.0) < 1e-9


def test_missing_model_is_an_expected_error(tmp_path: Path) -> None:
    with pytest.raises(SitroomError) as err:
        QuadClassifier.load(tmp_path / "absent.json")
    assert err.value.code is E.E023


def test_hybrid_ranks_events_the_classifier_agrees_with(parser: Parser, tmp_path: Path) -> None:
    parsed = parser.parse_text("Russia thanked France and shelled Ukraine on Monday.")
    refs = {"Russia": "RUS", "France": "FRA", "Ukraine": "UKR"}
    mentions = [
        Mention(e.text, e.start, e.end, ActorRef(refs[e.text], e.text, refs[e.text], "GOV"),
                "name", e.token_start, e.token_end)
        for e in parsed.entities
        if e.text in refs
    ]  # fmt: skip
    coder = HybridCoder(toy_model(tmp_path))
    events = coder.code(parsed, mentions, [])
    assert {e.type for e in events} >= {"SUPPORT", "ASSAULT"}
    assert all(e.coder == "hybrid.v1" for e in events)
    assert coder.sentence_quad(parsed, events) in (1, 4)
    first = events[0]
    assert first.quad_class == coder.sentence_quad(parsed, events)


@pytest.mark.skipif(not SHARED_MODEL.is_file(), reason="quad model not built (make quad-model)")
def test_built_model_separates_clear_cases(parser: Parser) -> None:
    coder = HybridCoder()
    for text, quad in (
        ("Artillery units shelled the border villages overnight, killing four people.", 4),
        ("The two ministers praised each other's efforts and pledged closer ties.", 1),
    ):
        parsed = parser.parse_text(text)
        assert coder.sentence_quad(parsed, []) == quad, text
