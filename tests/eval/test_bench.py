"""The benchmark's stage clocks: every stage is timed and the shares follow their definition."""

from __future__ import annotations

import pytest

from sitroom.config import Settings
from sitroom.eval.bench import (
    BASELINE,
    STORED,
    BenchResult,
    goals,
    plan,
    ratios,
    stage_shares,
    time_stages,
)

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


def test_one_invocation_plans_every_variant_on_1_and_2_processes() -> None:
    variants = {(v.kind, v.processes, v.engine) for v in plan(2)}
    assert variants == {
        ("baseline", 1, "local"), ("baseline", 2, "local"), ("split", 2, "local"),
        ("extract", 1, "local"), ("extract", 2, "local"),
        ("stored", 1, "local"), ("stored", 2, "local"),
        ("stored", 1, "dask"), ("stored", 2, "dask"),
    }  # fmt: skip
    dask2 = next(v for v in plan(2) if v.engine == "dask" and v.processes == 2)
    s = dask2.settings(Settings())
    assert (s.engine.name, s.engine.workers, s.nlp.processes) == ("dask", 2, 1)


def test_ratios_compare_variants_of_the_same_invocation() -> None:
    def r(variant: str, seconds: float, processes: int = 1, engine: str = "local") -> BenchResult:
        return BenchResult(variant, 2, 20, seconds, 20 / seconds, 100.0, processes, {}, engine)

    results = [
        r(BASELINE, 20.0), r(BASELINE, 16.0, 2), r(STORED, 40.0), r(STORED, 25.0, 2),
        r(STORED, 36.0, 1, "dask"), r(STORED, 20.0, 2, "dask"),
    ]  # fmt: skip
    got = ratios(results)
    assert got["stored run / bare spaCy throughput, 1 process"] == 0.5
    assert got["bare spaCy, n_process=2 vs 1"] == 1.25
    assert got["stored run, --processes 2 vs 1"] == 1.6
    assert got["stored run, dask 2 workers vs 1"] == 1.8
    assert got["stored run, dask 2 workers vs local 1 process"] == 2.0
    assert not any("split" in label for label in got)  # not measured: not reported


def test_goals_say_met_only_when_the_figures_reach_them() -> None:
    short = goals(
        {
            "stored run / bare spaCy throughput, 1 process": 0.75,
            "stored run / bare spaCy, processor seconds, 1 process": 0.62,
            "stored run, --processes 2 vs 1": 1.5,
            "stored run, dask 2 workers vs 1": 0.9,
        }
    )
    throughput, speedup = short.values()
    assert throughput.endswith("not met")  # the processor-time ratio is short of 0.7
    assert speedup.endswith(": met")  # 2 processes suffice, whatever Dask does
    assert goals({"stored run, dask 2 workers vs 1": 1.2}) == {
        "2 processes or 2 Dask workers >= 1.4 times one": "local None, dask 1.2: not met"
    }
    assert goals({}) == {}
