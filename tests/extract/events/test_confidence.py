"""Calibrated event confidence: features, the fitted model, its file, and where it applies."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from builders import make_event
from sitroom.errors import E, SitroomError
from sitroom.extract.events import confidence as conf
from sitroom.records import Event, Provenance

TEXT = "Russia reportedly attacked Ukraine on Monday, officials said."
SENT = TEXT


def _event(**prov: object) -> Event:
    ev = make_event("a1", TEXT, SENT, "attacked", "ASSAULT", [("Russia", "RUS")],
                    [("Ukraine", "UKR")], "2022-02-24", quad_class=4)  # fmt: skip
    fields: dict[str, object] = {
        "rule": "lexicon:verb/attack", "trigger": "attack", "clause_kind": "main",
        "source": ("name",), "target": ("name",),
    }  # fmt: skip
    fields.update(prov)
    ev.provenance = Provenance(**fields)  # type: ignore[arg-type]
    return ev


def test_features_read_the_rule_the_sides_and_the_sentence() -> None:
    f = conf.features(_event())
    assert set(f) == set(conf.FEATURES)
    assert f["has_source"] == f["has_target"] == 1.0
    assert f["source_named"] == f["target_named"] == 1.0
    assert f["hedged"] == 1.0  # "reportedly"
    assert f["political_actor"] == 1.0
    assert f["quad_material_conflict"] == 1.0
    assert f["noun_trigger"] == f["reported"] == f["negated"] == 0.0
    g = conf.features(_event(rule="lexicon:noun/attack", target=("coreference",),
                             clause_kind="reported"))  # fmt: skip
    assert g["noun_trigger"] == g["target_indirect"] == g["reported"] == 1.0
    assert g["target_named"] == 0.0


def test_an_event_without_provenance_still_has_features() -> None:
    ev = _event()
    ev.provenance = None
    f = conf.features(ev)
    assert f["has_source"] == 1.0 and f["source_named"] == 0.0


def _synthetic(n: int, seed: int) -> list[tuple[dict[str, float], bool]]:
    """Events right 80 % of the time with a named source, 20 % without."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        named = rnd.random() < 0.5
        f = dict.fromkeys(conf.FEATURES, 0.0)
        f["source_named"] = float(named)
        out.append((f, rnd.random() < (0.8 if named else 0.2)))
    return out


def test_the_fitted_model_is_calibrated_on_held_out_data() -> None:
    weights, bias = conf.fit(_synthetic(400, 1), l2=1.0, steps=500)
    model = conf.ConfidenceModel(
        coder="test.v1", features=list(conf.FEATURES), weights=weights, bias=bias, l2=1.0,
        fitted_on={}, reliability={},
    )  # fmt: skip
    assert weights[conf.FEATURES.index("source_named")] > 1.0
    held_out = _synthetic(2000, 2)
    p_named = conf.sigmoid(bias + weights[conf.FEATURES.index("source_named")])
    p_not = conf.sigmoid(bias)
    assert abs(p_named - 0.8) < 0.07 and abs(p_not - 0.2) < 0.07
    bins = conf.reliability([(p_named if f["source_named"] else p_not, y) for f, y in held_out])
    assert sum(b.count for b in bins) == 2000
    for b in bins:
        if b.count:
            assert b.share_right is not None and b.mean_confidence is not None
            assert abs(b.share_right - b.mean_confidence) < 0.06
    assert model.probability(_event()) == pytest.approx(p_named, abs=1e-9)  # only the source


def _write_model(path: Path, coder: str, weight: float) -> None:
    w = [0.0] * len(conf.FEATURES)
    w[conf.FEATURES.index("hedged")] = weight
    model = conf.ConfidenceModel(
        coder=coder, features=list(conf.FEATURES), weights=w, bias=0.0, l2=1.0,
        fitted_on={"split": "tune"}, reliability={"tune": [], "check": []},
    )  # fmt: skip
    path.write_text(json.dumps(model.model_dump()), encoding="utf-8")


def test_calibrate_applies_a_coder_model_and_never_touches_a_released_coder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conf, "model_path", lambda coder: tmp_path / f"m_{coder}.json")
    conf.load_model.cache_clear()
    try:
        for coder in ("test.v9", "rules.v1"):
            _write_model(tmp_path / f"m_{coder}.json", coder, -2.0)
        (ev,) = conf.calibrate([_event()], "test.v9")
        assert ev.confidence == pytest.approx(conf.sigmoid(-2.0), abs=1e-4)
        before = _event().confidence
        (frozen,) = conf.calibrate([_event()], "rules.v1")
        assert frozen.confidence == before
        (none,) = conf.calibrate([_event()], "no.model.v1")
        assert none.confidence == before
    finally:
        conf.load_model.cache_clear()


def test_a_broken_model_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"coder": "x"}', encoding="utf-8")
    with pytest.raises(SitroomError) as info:
        conf.read_model(path)
    assert info.value.code is E.E051
    _write_model(path, "x", 1.0)
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["weights"] = raw["weights"][:-1]
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(SitroomError):
        conf.read_model(path)


def test_shipped_models_are_valid_and_for_new_coders_only() -> None:
    data = conf.model_path("x").parent
    for path in sorted(data.glob("events_confidence_*.json")):
        model = conf.read_model(path)
        assert model.coder not in conf.FROZEN
        assert path.name == f"events_confidence_{model.coder}.json"
        assert set(model.reliability) == {"tune", "check"}
        assert model.fitted_on["split"] == "tune"


def test_the_reliability_table_bins_every_confidence() -> None:
    bins = conf.reliability([(0.0, False), (0.19, True), (0.5, True), (1.0, True)])
    assert [b.count for b in bins] == [2, 0, 1, 0, 1]
    assert bins[0].share_right == 0.5 and bins[1].share_right is None
    assert bins[4].hi == 1.0
