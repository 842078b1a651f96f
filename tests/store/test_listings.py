"""The API's listings: pages in a fixed order behind an opaque cursor, filters, counts."""

from __future__ import annotations

import pytest

from builders import build_web_store
from sitroom.errors import SitroomError
from sitroom.store import listings
from sitroom.store.listings import Selection, decode_cursor, encode_cursor
from sitroom.store.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("listings") / "l.duckdb"
    build_web_store(path)
    return Store(path, read_only=True)


def test_a_cursor_carries_its_sort_key_and_refuses_anything_else() -> None:
    key = ["2022-01-10", "art1", 12, "e1"]
    assert decode_cursor(encode_cursor(key), 4) == key
    for bad in ("not-a-cursor", encode_cursor(["x"]), encode_cursor([True, 1])):
        with pytest.raises(SitroomError, match="E042"):
            decode_cursor(bad, 2)


def test_pages_walk_every_event_once_in_order(store: Store) -> None:
    whole, nxt = listings.event_page(store, Selection())
    assert nxt is None and len(whole) == 4
    seen, cursor = [], None
    for _ in range(5):
        page, cursor = listings.event_page(store, Selection(), cursor, 1)
        seen += page
        if cursor is None:
            break
    assert seen == whole


def test_selections_filter_events_and_clusters(store: Store) -> None:
    def ids(sel: Selection) -> list[str]:
        return sorted(e.event_id for e in listings.event_page(store, sel)[0])

    assert ids(Selection(dyad=("NATO", "RUS"))) == ["art1-threaten", "art2-consult"]
    assert ids(Selection(type="ACCUSE")) == ["art1-accuse"]
    assert ids(Selection(date_from="2022-01-11")) == ["art2-consult"]
    (accuse,) = listings.cluster_page(store, Selection(actor="USA"))[0]
    assert accuse.type == "ACCUSE"
    assert listings.cluster_page(store, Selection(min_outlets=2))[0] == []


def test_actor_profile_days_and_counts(store: Store) -> None:
    prof = listings.actor_profile(store, "RUS")
    assert prof is not None
    assert {e.event_id for e in prof.as_source} == {"art1-threaten", "art1-reject"}
    assert [q.quote_id for q in prof.statements] == ["art1-q"]
    assert {d.other for d in prof.dyads} == {"NATO", "USA"}
    assert listings.actor_profile(store, "NOPE") is None
    assert listings.latest_day(store) == "2022-01-12"
    assert listings.neighbour_days(store, "2022-01-11") == ("2022-01-10", "2022-01-12")
    counts = listings.quad_counts(store, "2022-01-10", "2022-01-10")
    assert sum(c.n for c in counts) == 3
    (hit,) = listings.search_articles(store, ["brussels"], None, None, None, 10)[0]
    assert hit.article_id == "art2" and "Brussels" in hit.snippet
