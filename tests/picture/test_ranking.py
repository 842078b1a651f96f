"""Ranking within a day: principal dyads from the data, and the factors of importance."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builders import ASSAULT, CONSULT, Corpus, daily_talks
from sitroom.picture.corroborate import build_clusters
from sitroom.picture.ranking import Salience, importance, salience, story_sizes
from sitroom.picture.timeline import timeline
from sitroom.records import Cluster


def _cluster(**fields: Any) -> Cluster:
    """A cluster with the given fields; the rest empty (one outlet, no articles)."""
    base: dict[str, Any] = {
        "cluster_id": "c", "type": "CONSULT", "mode": None, "modality": "asserted",
        "source": [], "target": [], "date": None, "event_ids": [], "article_ids": [],
        "outlets": [], "n_outlets": 1, "first_reported": None, "last_reported": None,
        "confidence": 0.0, "summary": "",
    }  # fmt: skip
    return Cluster(**{**base, **fields})


@pytest.fixture()
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    c = Corpus(tmp_path / "agg.duckdb")
    yield c
    c.store.close()


def _ranked(c: Corpus, day: str) -> list[str]:
    """The day's timeline entries as their evidence sentences, best first."""
    (entry,) = timeline(c.store, date_from=day, date_to=day)
    return [e["evidence"]["text"] for e in entry["events"]]


def test_principal_dyads_come_from_the_data(corpus: Corpus) -> None:
    daily_talks(corpus, range(1, 6))  # RUS-UKR: the crisis dyad of this store
    corpus.add("France met Britain over fishing rights.", "2022-01-07", CONSULT, "met",
               ("France", "FRA"), ("Britain", "GBR"))  # fmt: skip
    sal = salience(corpus.store)
    assert sal.dyads[frozenset({"RUS", "UKR"})] == 1.0
    assert 0 < sal.dyads[frozenset({"FRA", "GBR"})] < 1.0
    assert sal.code("vladimir-putin") == "vladimir-putin"  # not seen in any event yet


def test_talks_of_the_principals_outrank_other_dyads_and_domestic_acts(corpus: Corpus) -> None:
    daily_talks(corpus, range(1, 6))
    day = "2022-01-20"
    talks = "Russian diplomats met Ukrainian envoys in Vienna."
    other = "France met Britain over fishing rights."
    domestic = "Putin attacked Russia's governors in a televised rant."
    one_sided = "Russia attacked, officials said."
    corpus.add(other, day, CONSULT, "met", ("France", "FRA"), ("Britain", "GBR"))
    corpus.add(domestic, day, ASSAULT, "attacked", ("Putin", "putin"), ("Russia", "RUS"))
    corpus.add(talks, day, CONSULT, "met", ("Russian", "RUS"), ("Ukrainian", "UKR"))
    corpus.add(one_sided, day, ASSAULT, "attacked", ("Russia", "RUS"), ("officials", "RUS"))
    build_clusters(corpus.store)
    ranked = _ranked(corpus, day)
    # a meeting of the crisis's principal dyad beats a meeting of an unrelated pair, and a
    # violent-sounding but domestic act (Putin against his own state) comes last
    assert ranked.index(talks) < ranked.index(other) < ranked.index(domestic)


def test_importance_weighs_interaction_principals_and_corroboration() -> None:
    sal = Salience({"putin": "RUS"}, {frozenset({"RUS", "UKR"}): 1.0})
    base = {"type": "CONSULT", "goldstein": 1.0, "modality": "asserted", "n_outlets": 1}
    between = importance(_cluster(**base, source=["putin"], target=["UKR"]), sal)
    domestic = importance(_cluster(**base, source=["putin"], target=["RUS"]), sal)
    unknown = importance(_cluster(**base, source=["RUS"], target=[]), sal)
    implied = importance(_cluster(**base, source=["RUS"], target=[]), sal, named={"RUS", "UKR"})
    other = importance(_cluster(**base, source=["FRA"], target=["GBR"]), sal)
    assert between > implied > unknown
    assert between > other > domestic
    three = importance(_cluster(**{**base, "n_outlets": 3}, source=["FRA"], target=["GBR"]), sal)
    assert three > other  # corroboration still counts


def _cl(type_: str, day: str, articles: list[str]) -> Cluster:
    return _cluster(type=type_, date=day, article_ids=articles)


def test_story_counts_articles_of_the_same_act_between_the_same_parties_around_the_day() -> None:
    found = [
        _cl("CONSULT", "2022-01-10", ["a1"]),  # Russia and the US meet
        _cl("CONSULT", "2022-01-11", ["a2", "a3"]),  # the same talks, told otherwise
        _cl("CONSULT", "2022-01-13", ["a4"]),  # two days later: another story
        _cl("ASSAULT", "2022-01-10", ["a5"]),  # same parties, another act
        _cl("CONSULT", "2022-01-10", ["a6"]),  # only one party in common
    ]
    rus_usa = frozenset({"RUS", "USA"})
    parties = [rus_usa, rus_usa, rus_usa, rus_usa, frozenset({"RUS", "FRA"})]
    assert story_sizes(found, parties) == [3, 3, 1, 1, 1]


def test_a_wider_story_ranks_higher_than_the_same_lone_report() -> None:
    sal = Salience({}, {frozenset({"RUS", "USA"}): 1.0})
    talks = _cluster(type="CONSULT", goldstein=1.0, modality="asserted", n_outlets=1,
                     source=["RUS"], target=["USA"], article_ids=["a1"])  # fmt: skip
    lone, told_thrice = importance(talks, sal, story=1), importance(talks, sal, story=3)
    assert told_thrice > lone
    assert importance(talks, sal, story=0) == lone  # no story known: no change
