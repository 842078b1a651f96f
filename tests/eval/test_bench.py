"""The benchmark's stage clocks: every stage is timed and the shares follow their definition."""

from __future__ import annotations

import pytest

from sitroom.config import Settings
from sitroom.eval.bench import BenchResult, stage_shares, time_stages

TEXTS = [
    "The foreign minister said on Monday that his country would not send troops to the border.",
    '"We are ready for talks," the envoy told reporters in Vienna after the meeting.',
]


def test_every_stage_is_timed(parser: object) -> None:
    spent = time_stages(TEXTS, Settings())
    assert set(spent) == {"parse", "actors", "quotes", "events"}
    assert all(v > 0 for v in spent.values())


def _result(variant: str, seconds: float, stages: dict[str, float]) -> BenchResult:
    return BenchResult(variant, 2, 20, seconds, 20 / seconds, 100.0, 1, stages)


def test_stage_share_is_time_added_to_the_rest_of_the_run() -> None:
    results = [
        _result("sitroom extract", 10.0, {"parse": 6.0, "quotes": 2.0, "events": 1.0}),
        _result("sitroom ingest+process+store", 12.0, {}),
    ]
    shares = stage_shares(results)
    assert shares["quotes"] == pytest.approx(100 * 2 / 10, abs=0.05)
    assert shares["events"] == pytest.approx(100 * 1 / 11, abs=0.05)
    assert "parse" not in shares


def test_no_shares_without_the_stored_run() -> None:
    assert stage_shares([_result("sitroom extract", 10.0, {"quotes": 2.0})]) == {}
