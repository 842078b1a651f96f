"""Fitting the calibrated event confidence from labelled gold events (synthetic labels)."""

from __future__ import annotations

from builders import make_event
from sitroom.eval.gold.calibration import (
    Labelled,
    calibration_model,
    choose_l2,
    reliability_markdown,
)
from sitroom.extract.events import confidence as conf
from sitroom.records import Event, Provenance

TEXT = "Russia attacked Ukraine. Talks were held in Minsk."


def _event(named: bool) -> Event:
    ev = make_event("a1", TEXT, "Russia attacked Ukraine.", "attacked", "ASSAULT",
                    [("Russia", "RUS")], [("Ukraine", "UKR")], "2022-02-24")  # fmt: skip
    how = "name" if named else "coreference"
    ev.provenance = Provenance("lexicon:verb/attack", "attack", None, "main", (how,), ("name",))
    return ev


def _labelled(split: str, n: int) -> list[Labelled]:
    """Named sources right 3 times in 4, pronoun sources 1 time in 4."""
    out = []
    for k in range(n):
        named = k % 2 == 0
        right = (k // 2) % 4 != 0 if named else (k // 2) % 4 == 0
        out.append(Labelled(split, _event(named), right))
    return out


def test_the_model_is_fitted_on_the_tuning_half_and_tables_both() -> None:
    data = _labelled("tune", 80) + _labelled("check", 40)
    model = calibration_model(data, "test.v1", gold="gold/events", l2=1.0)
    assert model.fitted_on["events"] == 80 and model.fitted_on["split"] == "tune"
    assert sum(b.count for b in model.reliability["tune"]) == 80
    assert sum(b.count for b in model.reliability["check"]) == 40
    assert model.probability(_event(True)) > 0.65 > 0.35 > model.probability(_event(False))
    table = reliability_markdown(model)
    assert table.count("\n") == 6 and "| 0.6-0.8 |" in table


def test_the_penalty_is_chosen_within_the_tuning_half() -> None:
    samples = [(conf.features(x.event), x.right) for x in _labelled("tune", 40)]
    best, losses = choose_l2(samples, grid=(0.3, 30.0), folds=4)
    assert set(losses) == {0.3, 30.0} and best == min(losses, key=lambda g: losses[g])
