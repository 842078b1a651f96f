"""Tests of the learned quad classifier and the ``hybrid.v1`` coder (model built from a toy)."""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pytest

from conftest import REPO
from sitroom.errors import E, SitroomError
from sitroom.extract.events.learned import (
    HybridCoder,
    QuadClassifier,
    QuadModelFile,
    features,
    syntax_features,
    text_features,
)
from sitroom.extract.events.registry import get_coder
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Mention

ACTORS = ("The army", "Rebel fighters", "The navy", "Militia units", "The president")
PLACES = ("Valdor", "the northern province", "Kessel", "the capital")
SHARED_MODEL = REPO / "src" / "sitroom" / "models" / "quad_v1.json"


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


def test_features_mix_words_bigrams_lemmas_and_rule_types() -> None:
    feats = features("Troops shelled the town.", ["troop", "shell"], ["ASSAULT"])
    assert {"w:shelled", "b:troops_shelled", "l:shell", "t:ASSAULT"} <= set(feats)
    assert features("Troops shelled the town.") == features("Troops shelled the town.")


def test_syntax_features_see_root_object_negation_and_modals(parser: Parser) -> None:
    parsed = parser.parse_text("The rebels will not release the hostages.")
    feats = set(syntax_features(parsed, parsed.sentences[0]))
    assert {"r:release", "ro:release_hostage", "rneg:release", "neg", "md:will"} <= feats
    assert "speech" not in feats


def test_syntax_features_see_the_reported_act_inside_speech(parser: Parser) -> None:
    parsed = parser.parse_text("The minister said that the army had bombed the camp.")
    feats = set(syntax_features(parsed, parsed.sentences[0]))
    assert {"r:say", "speech", "s:bomb", "so:bomb_camp"} <= feats


def test_text_features_carry_the_rules_coders_events(parser: Parser) -> None:
    parsed = parser.parse_text("Troops shelled the border town on Monday.")
    coder = get_coder("rules.v1")
    events = coder.code(parsed, [], [])
    assert any(e.type == "ASSAULT" for e in events)
    assert {"t:ASSAULT", "e:ASSAULT:asserted", "q:4:asserted"} <= set(text_features(parsed, events))


def test_classifier_predicts_from_weights(tmp_path: Path) -> None:
    clf = QuadClassifier.load(toy_model(tmp_path))
    assert clf.predict(["w:shelled"])[0] == 4
    assert clf.predict(["w:thanked"])[0] == 1
    assert clf.predict(["w:unknown"])[0] == 0  # nothing known: the intercept decides
    assert abs(sum(clf.proba(["w:shelled"])) - 1.0) < 1e-9


def test_model_file_rejects_unknown_fields(tmp_path: Path) -> None:
    model = json.loads(toy_model(tmp_path).read_text(encoding="utf-8"))
    assert QuadModelFile.model_validate(model).labels == [0, 1, 2, 3, 4]
    with pytest.raises(ValueError):
        QuadModelFile.model_validate({**model, "pickle": "no"})
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**model, "pickle": "no"}), encoding="utf-8")
    with pytest.raises(SitroomError) as err:
        QuadClassifier.load(bad)
    assert err.value.code is E.E023


def test_a_model_trained_on_invented_sentences_codes_an_obvious_one(
    parser: Parser, tmp_path: Path
) -> None:
    """Train through the project's own script on sentences written for this test."""
    pytest.importorskip("sklearn")
    scripts = str(REPO / "scripts")
    sys.path.insert(0, scripts)
    try:
        import train_quad
    finally:
        sys.path.remove(scripts)
    texts, labels = [], []
    for actor, place in itertools.product(ACTORS, PLACES):
        texts += [
            f"{actor} shelled villages near {place} overnight.",
            f"{actor} welcomed the peace proposal from {place}.",
            f"{actor} denounced the leaders of {place} in a speech.",
        ]
        labels += [4, 1, 3]
    vec, clf = train_quad.fit(train_quad.featurize(train_quad.parse(texts)), labels)
    path = tmp_path / "quad.json"
    path.write_text(json.dumps(train_quad.to_json(vec, clf, "invented")), encoding="utf-8")
    coder = HybridCoder(path)
    for text, quad in (
        ("Government artillery shelled the outskirts of Port Selim.", 4),
        ("The council welcomed the proposal.", 1),
    ):
        parsed = parser.parse_text(text)
        events = coder.rules.code(parsed, [], [])
        assert coder.sentence_quad(parsed, events) == quad, text


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
        assert coder.sentence_quad(parsed, coder.rules.code(parsed, [], [])) == quad, text
