"""Checks of the picture against outside scores: rank correlation and weekly agreement."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.errors import SitroomError
from sitroom.eval.picture import read_daily_scores, spearman, weekly_agreement


def test_spearman_on_monotone_reversed_and_tied_series() -> None:
    assert spearman([1, 2, 3, 4], [10, 20, 35, 90]) == 1.0
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == -1.0
    assert spearman([1, 1, 2], [5, 5, 9]) == 1.0
    assert spearman([1, 2], [1, 2]) is None


def test_weekly_index_agrees_with_an_outside_daily_score(tmp_path: Path) -> None:
    rows = [
        {"date": "2022-02-14", "index": 1.0, "events": 2, "alert": None},
        {"date": "2022-02-21", "index": 3.0, "events": 1, "alert": None},
        {"date": "2022-02-24", "index": 8.0, "events": 5, "alert": "rise"},
        {"date": "2022-03-01", "index": 7.0, "events": 4, "alert": None},
    ]
    path = tmp_path / "scores.csv"
    path.write_text(
        "date,score\n2022-02-15,0.5\n2022-02-22,2\n2022-02-25,9\n2022-03-02,4\n", encoding="utf-8"
    )
    outside = read_daily_scores(path)
    result = weekly_agreement(rows, outside)
    assert result == {"weeks": 3, "rho": 1.0}
    with pytest.raises(SitroomError):
        read_daily_scores(tmp_path / "missing.csv")


def test_the_shipped_crisis_file_validates_and_its_days_fall_in_its_window() -> None:
    from sitroom.eval.picture import load_crisis

    crisis = load_crisis("ukraine-2021-22")
    assert "RUS-UKR" in crisis.dyads
    assert all(
        crisis.window.date_from <= day <= crisis.window.date_to for day in crisis.turning_points
    )
    assert crisis.turning_points["2022-02-24"].startswith("Russian invasion")


def test_a_crisis_file_with_a_mistyped_key_is_refused(tmp_path: Path) -> None:
    from sitroom.eval.picture import load_crisis

    path = tmp_path / "c.json"
    path.write_text(
        '{"name": "n", "description": "d", "dyads": ["A-B"], "turning_point": {},'
        ' "window": {"from": "2022-01-01", "to": "2022-02-01"}, "turning_points": {}}',
        encoding="utf-8",
    )
    with pytest.raises(SitroomError, match="E022"):
        load_crisis(path)
    with pytest.raises(SitroomError, match="E001"):
        load_crisis(tmp_path / "missing.json")
