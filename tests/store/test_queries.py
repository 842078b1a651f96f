"""The picture's queries: typed records that read back exactly what was stored."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from builders import ACTORS, actor_records, fill, make_article, make_event, make_quote
from sitroom.config import EventsSettings
from sitroom.records import Claim, Extraction, Mention, ParsedArticle, Sentence
from sitroom.store import queries
from sitroom.store.store import Store

TEXT = "Moscow warned Kyiv on Monday. Kyiv said it would not yield."


def _store(path: Path) -> Store:
    store = Store(path)
    art = make_article("a1", TEXT, "2022-01-10", title="Warning", outlet="Harbor Daily")
    warn = make_event("a1", TEXT, "Moscow warned Kyiv on Monday.", "warned", "THREATEN",
                      [("Moscow", "RUS")], [("Kyiv", "UKR")], "2022-01-10", goldstein=-4.4,
                      confidence=0.123456789)  # fmt: skip
    quote = replace(make_quote("q1", "a1", TEXT, "said", "it would not yield", "UKR"),
                    confidence=0.98765432)  # fmt: skip
    fill(store, [(art, [warn], [quote])], actors=actor_records("RUS", "UKR"))
    kyiv = TEXT.index("Kyiv")
    parsed = ParsedArticle(art, [], [Sentence(0, 0, 29, 0, 5), Sentence(1, 30, len(TEXT), 5, 12)],
                           [])  # fmt: skip
    mention = Mention("Kyiv", kyiv, kyiv + 4, ACTORS["UKR"], "metonym", 2, 3)
    store.add_extractions([Extraction(parsed, [mention], [], [quote], [warn])])
    return store


def test_events_and_quotes_read_back_as_records_exactly(tmp_path: Path) -> None:
    with _store(tmp_path / "q.duckdb") as store:
        (ev,) = queries.events(store)
        assert ev.confidence == 0.123456789  # as stored, not rounded
        assert [e.to_dict(digits=None) for e in queries.events(store)] == store.events()
        assert queries.events_by_id(store, ["nope", ev.event_id]) == {ev.event_id: ev}
        (dq,) = queries.dated_quotes(store)
        assert dq.date == "2022-01-10"
        assert [dq.quote.to_dict(digits=None)] == store.quotes()
        (day,) = queries.day_quotes(store, "2022-01-10", None, "UKR")
        assert (day.title, day.outlet) == ("Warning", "Harbor Daily")
        assert queries.day_quotes(store, None, None, "RUS") == []


def test_articles_mentions_and_sentences(tmp_path: Path) -> None:
    with _store(tmp_path / "q.duckdb") as store:
        (meta,) = queries.article_meta(store, ["a1"]).values()
        assert (meta.outlet, meta.date, meta.title) == ("Harbor Daily", "2022-01-10", "Warning")
        assert queries.article_meta(store, []) == {}
        (m,) = queries.actor_mentions(store)["a1"]
        assert (m.start, m.actor.actor_id, m.actor.country) == (TEXT.index("Kyiv"), "UKR", "UKR")
        first, second = queries.sentences(store)
        assert first.text == "Moscow warned Kyiv on Monday." and second.start == 30
        assert str(first.day) == "2022-01-10"
        ((src, tgt),) = queries.event_sides(store)
        assert src[0].actor == ACTORS["RUS"] and tgt[0].text == "Kyiv"


def test_the_picture_tables_are_replaced_and_read_back(tmp_path: Path) -> None:
    from sitroom.picture.clusters import cluster_events

    with _store(tmp_path / "q.duckdb") as store:
        found = cluster_events(queries.events(store), queries.article_meta(store))
        claim = Claim("k1", {"date": "2022-01-10", "actors": ["RUS"], "accused": ["UKR"]},
                      {"actors": ["UKR"], "kind": "denial"})  # fmt: skip
        queries.replace_picture(store, found, [claim])
        assert queries.clusters(store) == found
        assert queries.clusters(store, type="threaten", actor="UKR", min_outlets=1) == found
        assert queries.clusters(store, date_from="2022-01-11") == []
        assert queries.claims(store, actor="UKR") == [claim]
        assert queries.claims(store, actor="USA") == []
        assert queries.principal_dyads(store, 3) == ["RUS-UKR"]
        queries.replace_picture(store, [], [])
        assert store.count("clusters") == store.count("claims") == 0


def test_events_below_the_threshold_stay_stored_but_do_not_count(tmp_path: Path) -> None:
    with _store(tmp_path / "q.duckdb") as store:  # one event, confidence 0.123
        assert len(queries.events(store)) == 1
        assert queries.counted_events(store, EventsSettings()) == queries.events(store)
        assert queries.counted_events(store, EventsSettings(min_confidence=0.5)) == []
        assert len(queries.counted_events(store, EventsSettings(min_confidence=0.1))) == 1
        assert queries.dyad_events(store, "RUS", "UKR", None, None, min_confidence=0.5) == []
        assert len(queries.dyad_events(store, "RUS", "UKR", None, None)) == 1
        assert len(store.events(min_confidence=0.5)) == 0 and store.count("events") == 1
