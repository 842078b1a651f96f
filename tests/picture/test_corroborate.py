"""Corroboration over a store: the clusters and claims tables built from stored events and
read back, on our own invented reports and on the seed articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import (
    ACCUSE,
    ARTICLES,
    DENY,
    WARN,
    accusation,
    denial,
    fill,
    make_article,
    threat,
)
from conftest import SEEDS, require
from sitroom.picture.corroborate import build_clusters, claims, clusters
from sitroom.store.store import Store

# --------------------------------------------------------------------------- with a store

WARN_RETOLD = (
    "Russia warned the alliance it would answer with military measures should NATO move"
    " closer to Russian borders, officials in Moscow said."
)


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "c.duckdb")
    texts = {"a1": f"{WARN} {ACCUSE} {DENY}", "a2": WARN, "a3": WARN_RETOLD}
    t1 = texts["a1"]
    events = {
        "a1": [
            threat("a1", t1, WARN, "2022-01-10"),
            accusation("a1", t1),
            denial("a1", t1, "2022-01-10"),
        ],
        "a2": [threat("a2", WARN, WARN, "2022-01-10")],
        "a3": [threat("a3", WARN_RETOLD, WARN_RETOLD, "2022-01-10")],
    }
    items = []
    for aid, text in texts.items():
        meta = ARTICLES[aid]
        art = make_article(aid, text, meta.date or "", title=f"Title {aid}", outlet=meta.outlet,
                           copy_group=meta.copy_group)  # fmt: skip
        items.append((art, events[aid], []))
    fill(store, items, run=store.start_run("test"))
    return store


def test_build_clusters_fills_the_tables_and_is_repeatable(tmp_path: Path) -> None:
    with _store(tmp_path) as store:
        assert build_clusters(store) == (3, 1)
        assert build_clusters(store) == (3, 1)
        assert store.count("clusters") == 3 and store.count("claims") == 1
        threat = clusters(store, type="threaten")
        assert len(threat) == 1
        assert threat[0]["n_outlets"] == 2
        assert threat[0]["date"] == "2022-01-10"
        assert set(threat[0]["article_ids"]) == {"a1", "a2", "a3"}
        assert [c["type"] for c in clusters(store, min_outlets=2)] == ["THREATEN"]
        assert clusters(store, actor="NATO") == threat
        assert clusters(store, date_from="2022-01-11") == []
        (claim,) = claims(store, actor="USA")
        assert claim["claim"]["actors"] == ["USA"] and claim["response"]["actors"] == ["RUS"]
        assert claims(store, actor="FRA") == []


def test_new_articles_update_only_their_days_and_match_a_full_rebuild(tmp_path: Path) -> None:
    far = "Russia threatened Ukraine with retaliation over the drills in the spring."
    with _store(tmp_path) as store:
        assert build_clusters(store, ["a1"]) == (3, 1)  # never built: built whole
        spring = make_article("a9", far, "2022-04-20", title="Spring", outlet="Far Gazette")
        fill(store, [(spring, [threat("a9", far, far, "2022-04-20", target="UKR")], [])],
             run=store.start_run("test"))  # fmt: skip
        january = {c["cluster_id"] for c in clusters(store, date_to="2022-01-31")}
        assert build_clusters(store, ["a9"]) == (4, 1)
        assert {c["cluster_id"] for c in clusters(store, date_to="2022-01-31")} == january
        updated = sorted(c["cluster_id"] for c in clusters(store))
        assert build_clusters(store) == (4, 1)
        assert sorted(c["cluster_id"] for c in clusters(store)) == updated
        assert build_clusters(store, []) == (4, 1)  # nothing new: nothing to do


# --------------------------------------------------------------------------- seeds


@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    seeds = require(SEEDS)
    from sitroom.config import Settings
    from sitroom.pipeline import ingest_paths, process

    db = tmp_path_factory.mktemp("seeds") / "seeds.duckdb"
    with Store(db) as store:
        # the two articles that share wire copy are enough, and keep the test quick
        ingest_paths(store, sorted(seeds.glob("00[01]_*.txt")), Settings())
        process(store, Settings())
    with Store(db, read_only=True) as store:
        yield store


def _seed(store: Store) -> dict[str, str]:
    return {a["article_id"]: Path(a["source_path"]).name[:3] for a in store.articles()}


@pytest.mark.parametrize("words", ["nowhere", "military-technical"])
def test_seed_statements_shared_by_two_outlets_are_single_clusters(
    seeds_store: Store, words: str
) -> None:
    names = _seed(seeds_store)
    found = clusters(seeds_store)
    texts = {e["event_id"]: e["evidence"]["text"] for e in seeds_store.events()}
    holding = [c for c in found if any(words in texts[e] for e in c["event_ids"])]
    assert len(holding) == 1, [c["summary"] for c in holding]
    assert {names[a] for a in holding[0]["article_ids"]} == {"000", "001"}
    assert holding[0]["n_outlets"] == 2


def test_seed_accusations_and_denials_are_contested_claims(seeds_store: Store) -> None:
    found = claims(seeds_store)
    invasion = [
        k for k in found
        if "invasion" in k["claim"]["text"] and "RUS" in k["claim"]["accused"]
        and "RUS" in k["response"]["actors"]
    ]  # fmt: skip
    assert invasion, found
    contractors = [
        k for k in found
        if "contractors" in k["claim"]["text"] and "USA" in k["claim"]["accused"]
        and "completely false" in k["response"]["text"] and "USA" in k["response"]["actors"]
    ]  # fmt: skip
    assert contractors, found
