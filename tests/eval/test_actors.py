"""The actor-country scorer, and the gate that keeps PLOVER dev accuracy above its floor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import REPO, SHARED
from sitroom.eval.actors import code_matches, gold_pieces, score_actor_countries
from sitroom.nlp import Parser
from sitroom.records import ActorRef, Mention

BASELINE = json.loads((REPO / "tests" / "eval_baseline_actors.json").read_text(encoding="utf-8"))


def mention(country: str | None, sector: str | None) -> Mention:
    return Mention("x", 0, 1, ActorRef("x", "x", country, sector), "name", 0, 1)


def test_gold_pieces_are_found_in_the_sentence() -> None:
    text = "Greek and Turkish troops  withdrew from the line, Athens said."
    assert gold_pieces(text, "Turkish troops") == [(10, 24)]
    assert gold_pieces(text, "Greek ... troops") == [(0, 5), (18, 24)]
    assert gold_pieces(text, "Greek troops") == [(0, 5)]  # coordinated: its first word
    assert gold_pieces(text, "Cypriot police") == []


def test_codes_compare_states_old_codes_and_non_state_families() -> None:
    assert code_matches("RUS", mention("RUS", "GOV"))
    assert not code_matches("RUS", mention("UKR", "GOV"))
    assert code_matches("JAP", mention("JPN", None))
    assert code_matches("IGO", mention(None, "IGO"))
    assert code_matches("IGO", mention(None, "NGO"))
    assert not code_matches("IGO", mention("USA", "GOV"))
    assert code_matches("IMG", mention(None, "REB"))
    assert not code_matches("IMG", mention("AFG", "REB"))


def test_score_on_a_small_file(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "date": "2003-04-02", "text": "Syrian officials accused Israel of shelling "
         "villages, the Arab League said.",
         "source": [{"actorText": "Syrian officials", "code": "SYR"}],
         "target": [{"actorText": "Israel", "code": "ISR"}]},
        {"id": "b", "date": "2003-04-02", "text": "Rebels in the hills fired on a convoy.",
         "source": [{"actorText": "Rebels", "code": "COL"}], "target": []},
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    scores = score_actor_countries(path, Parser())
    assert (scores["actors"], scores["correct"]) == (3, 2)
    assert scores["misses"][0]["actorText"] == "Rebels"


def test_plover_dev_actor_countries_stay_above_floor() -> None:
    entry = BASELINE["plover_gsr_dev"]
    path = SHARED / entry["file"]
    if not path.is_file():
        pytest.skip("PLOVER dev data not present")
    scores = score_actor_countries(path)
    assert scores["accuracy"] >= entry["floor"]["accuracy"], scores["misses"]
