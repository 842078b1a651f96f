"""The escalation index of a dyad over a store filled with our own invented reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import ACTORS, ASSAULT, CONSULT, THREATEN, Corpus, daily_talks
from sitroom.errors import SitroomError
from sitroom.picture.escalation import (
    capped_weights,
    escalation,
    largest_changes,
    parse_dyad,
    weekly,
)
from sitroom.records import ActorRef


@pytest.fixture()
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    c = Corpus(tmp_path / "agg.duckdb")
    yield c
    c.store.close()


def test_escalation_peaks_and_alerts_on_the_attack_day(corpus: Corpus) -> None:
    daily_talks(corpus, range(1, 8), "2022-02")
    corpus.add(
        "Russian forces attacked Ukrainian positions at dawn.",
        "2022-02-08",
        ASSAULT,
        "attacked",
        ("Russian", "RUS"),
        ("Ukrainian", "UKR"),
    )
    one = escalation(corpus.store, "RUS-UKR")[-1]
    # one cluster is no index of its own (nor an alert): it moves the trailing level only
    assert one["index"] is None and one["alert"] is None and one["events"] == 1
    assert one["smoothed"] is not None
    corpus.add(
        "Russian jets bombed a Ukrainian fuel depot near the coast.",
        "2022-02-08",
        ASSAULT,
        "bombed",
        ("Russian", "RUS"),
        ("Ukrainian", "UKR"),
    )
    rows = escalation(corpus.store, "RUS-UKR")
    assert [r["date"] for r in rows] == [f"2022-02-{d:02d}" for d in range(1, 9)]
    attack = rows[-1]
    assert attack["index"] > 0 > rows[-2]["smoothed"] and attack["events"] == 2
    assert attack["alert"] == "rise"
    assert all(r["alert"] is None and r["index"] is None for r in rows[:-1])
    assert all(r["smoothed"] < 0 for r in rows[:-1])  # talks are cooperation: below zero
    assert rows[0]["events"] == 1
    assert rows[-1]["smoothed"] > rows[-2]["smoothed"]
    assert rows[-1]["articles"] == 2 and rows[0]["articles"] == 1  # the day's news volume


def test_a_low_confidence_event_is_left_out_and_one_cluster_cannot_carry_a_day(
    corpus: Corpus,
) -> None:
    daily_talks(corpus, range(1, 4), "2022-02")
    corpus.add(ATTACKS[0], "2022-02-04", ASSAULT, "shelled", ("Russian", "RUS"),
               ("Ukrainian", "UKR"))  # fmt: skip
    rows = escalation(corpus.store, "RUS-UKR")
    assert rows[-1]["events"] == 1
    assert escalation(corpus.store, "RUS-UKR", min_confidence=0.9) == []  # all are 0.8
    assert capped_weights([10.0, 1.0]) == [1.5, 1.0]  # at most the rest of the day plus 0.5
    assert capped_weights([10.0]) == [0.5]  # a lone cluster weighs half an event at most


def test_a_busy_day_of_talks_is_not_an_escalation(corpus: Corpus) -> None:
    for i in range(2):
        corpus.add(
            f"Russian and Ukrainian delegations talked in Minsk, round {i}.",
            "2022-02-01",
            CONSULT,
            "talked",
            ("Russian", "RUS"),
            ("Ukrainian", "UKR"),
        )
    for i in range(6):
        corpus.add(
            f"Russian and Ukrainian envoys met again, report {i}.",
            "2022-02-02",
            CONSULT,
            "met",
            ("Russian", "RUS"),
            ("Ukrainian", "UKR"),
        )
    quiet, busy = escalation(corpus.store, "RUS-UKR")
    assert busy["index"] <= quiet["index"] < 0


def test_escalation_counts_people_for_their_state_and_respects_order(corpus: Corpus) -> None:
    corpus.add(
        "Putin threatened Ukraine with retaliation.",
        "2022-02-20",
        THREATEN,
        "threatened",
        ("Putin", "putin"),
        ("Ukraine", "UKR"),
    )
    corpus.add(
        "Ukraine accused Russia of shelling.",
        "2022-02-21",
        ("ACCUSE", -2.0),
        "accused",
        ("Ukraine", "UKR"),
        ("Russia", "RUS"),
    )
    corpus.add(
        "Russia did not attack Ukraine, officials said.",
        "2022-02-22",
        ASSAULT,
        "attack",
        ("Russia", "RUS"),
        ("Ukraine", "UKR"),
        modality="negated",
    )
    both = escalation(corpus.store, "RUS-UKR")
    assert [r["events"] for r in both] == [1, 1]  # the negated attack (22nd) is excluded
    ordered = escalation(corpus.store, "RUS-UKR", ordered=True)
    assert [r["events"] for r in ordered] == [1]
    reverse = escalation(corpus.store, "UKR-RUS", ordered=True)
    assert sum(r["events"] for r in reverse) == 1
    assert escalation(corpus.store, "RUS-NATO") == []
    window = escalation(corpus.store, "RUS-UKR", "2022-02-19", "2022-02-23")
    assert [r["events"] for r in window] == [0, 1, 1, 0, 0]
    assert window[0]["index"] is None and window[3]["index"] is None


def test_dyad_parsing() -> None:
    assert parse_dyad("RUS-UKR") == ("RUS", "UKR")
    assert parse_dyad("vladimir-putin:UKR") == ("vladimir-putin", "UKR")
    for bad in ("RUS", "RUS-", "RUS-RUS", "a-b-c"):
        with pytest.raises(SitroomError, match="E041"):
            parse_dyad(bad)


ATTACKS = (
    "Russian artillery shelled Ukrainian positions near the river.",
    "Russian troops stormed a Ukrainian checkpoint before dawn.",
    "Russian jets struck a Ukrainian airfield in the south.",
    "Russian tanks advanced on Ukrainian lines from the north.",
)


def test_a_day_of_corroborated_attacks_moves_the_index_more_than_one_thin_report(
    corpus: Corpus,
) -> None:
    daily_talks(corpus, range(1, 8), "2022-02")
    corpus.add(ATTACKS[0], "2022-02-04", ASSAULT, "shelled", ("Russian", "RUS"),
               ("Ukrainian", "UKR"))  # fmt: skip
    for text in ATTACKS:
        for outlet in ("Harbor Daily", "Northern Ledger", "Lakeside Post"):
            verb = text.split()[2]
            corpus.add(text, "2022-02-09", ASSAULT, verb, ("Russian", "RUS"),
                       ("Ukrainian", "UKR"), outlet=outlet)  # fmt: skip
    rows = escalation(corpus.store, "RUS-UKR")
    (top, *_rest) = largest_changes(rows)
    assert top["date"] == "2022-02-09" and top["change"] > 0
    by_day = {r["date"]: r for r in rows}
    thin_jump = by_day["2022-02-04"]["index"] - by_day["2022-02-03"]["smoothed"]
    assert 0 < thin_jump < top["change"] / 2
    assert by_day["2022-02-09"]["index"] > 5  # close to the attacks' own conflict score


def test_one_strong_cluster_among_quiet_days_is_neither_a_top_day_nor_a_rise(
    corpus: Corpus,
) -> None:
    for day in range(1, 8):  # a quiet week: two different meetings a day
        for text in (
            "Russian and Ukrainian envoys met in Minsk about the ceasefire",
            "Ukrainian grain traders met Russian port officials on shipping fees",
        ):
            corpus.add(f"{text}, day {day}.",
                       f"2022-02-{day:02d}", CONSULT, "met", ("Russian", "RUS"),
                       ("Ukrainian", "UKR"))  # fmt: skip
    for outlet in ("Harbor Daily", "Northern Ledger", "Lakeside Post", "Valley Herald"):
        corpus.add(ATTACKS[2], "2022-02-08", ASSAULT, "struck", ("Russian", "RUS"),
                   ("Ukrainian", "UKR"), outlet=outlet)  # fmt: skip
    rows = escalation(corpus.store, "RUS-UKR")
    by_day = {r["date"]: r for r in rows}
    strike = by_day["2022-02-08"]
    assert strike["events"] == 1 and strike["index"] is None and strike["alert"] is None
    assert all(c["date"] != "2022-02-08" for c in largest_changes(rows, n=len(rows)))
    # the strike still shows in the trailing level, a little: one report is not a trend
    assert by_day["2022-02-07"]["smoothed"] < strike["smoothed"] < 0.5 * 10
    quiet = [by_day[f"2022-02-{d:02d}"] for d in range(1, 8)]
    assert all(r["events"] == 2 and r["index"] is not None and r["index"] < 0 for r in quiet)


def test_weekly_aggregation_weights_days_by_their_events() -> None:
    rows = [
        {"date": "2022-02-21", "index": 2.0, "smoothed": 2.0, "events": 1, "alert": None},
        {"date": "2022-02-24", "index": 8.0, "smoothed": 5.0, "events": 3, "alert": "rise"},
        {"date": "2022-02-27", "index": None, "smoothed": 5.0, "events": 0, "alert": None},
        {"date": "2022-02-28", "index": 6.0, "smoothed": 6.0, "events": 2, "alert": None},
    ]
    assert weekly(rows) == [
        {"week": "2022-02-21", "index": 6.5, "events": 4, "alerts": 1},
        {"week": "2022-02-28", "index": 6.0, "events": 2, "alerts": 0},
    ]


def test_recognising_a_breakaway_republic_raises_the_parent_dyad_index(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ACTORS, "DPR", ActorRef("DPR", "Donetsk republic", "UKR", "PRE"))
    daily_talks(corpus, range(1, 4), "2022-02")
    corpus.add("Russia recognised the Donetsk republic.", "2022-02-04", ("SUPPORT", 3.4),
               "recognised", ("Russia", "RUS"), ("Donetsk republic", "DPR"))  # fmt: skip
    rows = escalation(corpus.store, "RUS-UKR")
    # support for a separatist entity is not cooperation with the state it broke away from
    assert [r["date"] for r in rows if r["events"]] == [
        "2022-02-01", "2022-02-02", "2022-02-03"]  # fmt: skip
