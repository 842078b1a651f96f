"""The daily timeline over a store filled with our own invented reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import CONSULT, THREATEN, Corpus, daily_talks
from sitroom.errors import SitroomError
from sitroom.picture.corroborate import build_clusters
from sitroom.picture.timeline import timeline
from sitroom.web.markdown import timeline_markdown


@pytest.fixture()
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    c = Corpus(tmp_path / "agg.duckdb")
    yield c
    c.store.close()


def test_timeline_ranks_the_day_and_carries_evidence_and_quotes(corpus: Corpus) -> None:
    daily_talks(corpus, range(10, 11))
    warn = "Moscow warned Kyiv of consequences, and the Kremlin said: we will not wait forever."
    for outlet in ("Harbor Daily", "Northern Ledger", "Lakeside Post"):
        corpus.add(
            warn,
            "2022-01-10",
            THREATEN,
            "warned",
            ("Moscow", "RUS"),
            ("Kyiv", "UKR"),
            outlet=outlet,
            quotes=(("said", "we will not wait forever", "RUS"),),
        )
    corpus.add(
        "NATO met Russia in Brussels.",
        "2022-01-12",
        CONSULT,
        "met",
        ("NATO", "NATO"),
        ("Russia", "RUS"),
    )
    build_clusters(corpus.store)
    days = timeline(corpus.store)
    assert [d["date"] for d in days] == ["2022-01-10", "2022-01-12"]
    first = days[0]
    assert first["n_events"] == 2
    top = first["events"][0]
    assert top["type"] == "THREATEN" and top["n_outlets"] == 3  # corroborated threat ranks first
    assert top["evidence"]["text"] == warn
    assert top["evidence"]["trigger"]["text"] == "warned"
    assert top["evidence"]["article_id"].startswith("art")
    assert [q["content"]["text"] for q in first["quotes"]] == ["we will not wait forever"]
    only_nato = timeline(corpus.store, actor="NATO")
    assert [d["date"] for d in only_nato] == ["2022-01-12"]
    assert timeline(corpus.store, date_from="2022-01-11", date_to="2022-01-31")[0]["date"] == (
        "2022-01-12"
    )
    md = timeline_markdown(days)
    assert "## 2022-01-10" in md and "## 2022-01-12" in md
    assert md.index("THREATEN") < md.index("## 2022-01-12")
    assert "3 outlets" in md


def test_timeline_works_before_clusters_are_built_and_rejects_bad_dates(corpus: Corpus) -> None:
    daily_talks(corpus, range(10, 12))
    assert [d["date"] for d in timeline(corpus.store)] == ["2022-01-10", "2022-01-11"]
    with pytest.raises(SitroomError, match="E040"):
        timeline(corpus.store, date_from="10/01/2022")
