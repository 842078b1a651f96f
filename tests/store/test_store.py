from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sitroom.records import (
    ActorRef,
    Article,
    DateCandidate,
    Event,
    Evidence,
    Extraction,
    Mention,
    ParsedArticle,
    Provenance,
    Quote,
    Rejected,
    Span,
)
from sitroom.store.store import ARTICLE_EXPORT_FIELDS, Store

TEXT = "Kyiv said on Monday it was ready for talks. Moscow rejected the offer."


def _article(aid: str = "a1", text: str = TEXT, date: str = "2022-01-10") -> Article:
    return Article(
        article_id=aid,
        source_path=f"/in/{aid}.txt",
        text=text,
        title="Offer of talks",
        date=date,
        date_precision="day",
        date_candidates=[DateCandidate(date, "day", "header", 0.9, "20220110")],
    )


def _span(text: str, needle: str) -> Span:
    start = text.index(needle)
    return Span(needle, start, start + len(needle))


def _extraction(article: Article) -> Extraction:
    text = article.text
    ukr = ActorRef("UKR", "Ukraine", "UKR", "GOV")
    rus = ActorRef("RUS", "Russia", "RUS", "GOV")
    kyiv = _span(text, "Kyiv")
    moscow = _span(text, "Moscow")
    m_kyiv = Mention(kyiv.text, kyiv.start, kyiv.end, ukr, "metonym", 0, 1)
    m_moscow = Mention(moscow.text, moscow.start, moscow.end, rus, "metonym", 10, 11)
    quote = Quote(
        "q1", article.article_id, "indirect", _span(text, "said"),
        _span(text, "it was ready for talks"), kyiv, ukr, 0.8,
    )  # fmt: skip
    sent2 = _span(text, "Moscow rejected the offer.")
    event = Event(
        event_id="e1", article_id=article.article_id, type="REJECT", mode=None,
        modality="asserted", source=[m_moscow], target=[m_kyiv], date=article.date,
        date_precision="day", location=None, cameo="12", goldstein=-4.0, quad_class=3,
        evidence=Evidence(sent2.text, sent2.start, sent2.end, _span(text, "rejected")),
        confidence=0.7, coder="rules.v1",
    )  # fmt: skip
    parsed = ParsedArticle(article, [], [], [])
    return Extraction(parsed, [m_kyiv, m_moscow], [], [quote], [event])


def test_ingest_batch_is_stored_and_second_time_adds_nothing(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        run = store.start_run("test")
        bad = Rejected("/in/bad.bin", "E003", "E003: binary file")
        counts = store.add_ingested([(_article(), "h1")], [(bad, "h2", "text")], run)
        assert (counts.added, counts.rejected) == (1, 1)
        again = store.add_ingested([(_article(), "h1")], [], run)
        assert (again.added, again.already_seen) == (0, 1)
        assert store.count("articles") == 1
        assert store.quarantined()[0]["reason"] == "E003: binary file"
        assert "h1" in store.known_input_hashes()


def test_articles_export_follows_the_contract(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add_ingested([(_article(), "h1")], [], store.start_run("t"))
        (rec,) = list(store.articles())
    assert set(ARTICLE_EXPORT_FIELDS) <= set(rec)
    assert "date_conflict" in ARTICLE_EXPORT_FIELDS and "date_candidates" in ARTICLE_EXPORT_FIELDS
    assert rec["date"] == "2022-01-10"
    assert rec["date_candidates"][0]["provenance"] == "header"


def test_extractions_replace_previous_results_and_filter(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add_ingested([(_article(), "h1")], [], store.start_run("t"))
        assert store.unprocessed_ids() == ["a1"]
        (article,) = store.load_articles(["a1"])
        assert article.date_candidates[0].evidence == "20220110"
        store.add_extractions([_extraction(article)])
        store.add_extractions([_extraction(article)])  # re-processing replaces, never doubles
        assert store.unprocessed_ids() == []
        assert store.count("events") == 1 and store.count("quotes") == 1
        (ev,) = store.events(actor="RUS")
        assert ev["type"] == "REJECT"
        assert ev["evidence"]["trigger"]["text"] == "rejected"
        assert ev["source"][0]["actor_id"] == "RUS"
        assert store.events(actor="USA") == []
        assert store.events(date_from="2022-01-11") == []
        assert len(store.events(date_from="2022-01-10", date_to="2022-01-10", type="reject")) == 1
        (q,) = store.quotes(speaker="UKR")
        assert TEXT[q["content"]["start"] : q["content"]["end"]] == q["content"]["text"]


def test_failed_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add_ingested([(_article(), "h1")], [], store.start_run("t"))
        (article,) = store.load_articles(["a1"])
        broken = _extraction(article)
        broken.quotes.append(None)  # type: ignore[arg-type]
        with pytest.raises(AttributeError):
            store.add_extractions([broken])
        assert store.count("events") == 0
        assert store.unprocessed_ids() == ["a1"]


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    with Store(path, read_only=True) as store, pytest.raises(duckdb.Error):
        store.start_run("x")


def test_an_event_provenance_is_stored_and_read_back(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        store.add_ingested([(_article(), "h1")], [], store.start_run("t"))
        (article,) = store.load_articles(["a1"])
        res = _extraction(article)
        prov = Provenance(
            "lexicon:verb/reject", "reject", _span(TEXT, "Moscow rejected the offer"), "main",
            ("capital",), ("coreference",),
        )  # fmt: skip
        res.events[0].provenance = prov
        store.add_extractions([res])
        (ev,) = store.events()
        assert ev["provenance"]["rule"] == "lexicon:verb/reject"
        assert ev["provenance"]["target"] == ["coreference"]
        assert Event.from_dict(ev).provenance == prov
