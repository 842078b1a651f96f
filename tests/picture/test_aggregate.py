"""Timeline and escalation index over a store filled with our own invented reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from builders import ACTORS, fill, make_article, make_event, make_quote, span
from sitroom.errors import SitroomError
from sitroom.picture.aggregate import (
    Salience,
    escalation,
    importance,
    largest_changes,
    parse_dyad,
    salience,
    story_sizes,
    timeline,
    timeline_html,
    timeline_markdown,
    weekly,
)
from sitroom.picture.corroborate import build_clusters
from sitroom.records import ActorRef, Modality
from sitroom.store.store import Store

# (type, goldstein) of the events below; scores in the Goldstein range
CONSULT, THREATEN, ASSAULT = ("CONSULT", 1.0), ("THREATEN", -4.4), ("ASSAULT", -10.0)


class Corpus:
    """A store filled article by article: one sentence and one event per article."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.n = 0

    def add(
        self,
        text: str,
        date: str,
        kind: tuple[str, float],
        trigger: str,
        src: tuple[str, str],
        tgt: tuple[str, str],
        *,
        outlet: str | None = None,
        modality: Modality = "asserted",
        quotes: tuple[tuple[str, str, str], ...] = (),
        title: str | None = None,
    ) -> str:
        self.n += 1
        aid = f"art{self.n:03d}"
        art = make_article(
            aid, text, date, title=title or f"Report {self.n}", outlet=outlet or f"Outlet {self.n}"
        )
        qs = [
            make_quote(f"{aid}-q{i}", aid, text, cue, content, who, kind="direct")
            for i, (cue, content, who) in enumerate(quotes)
        ]
        ev = make_event(
            aid,
            text,
            text,
            trigger,
            kind[0],
            [src],
            [tgt],
            date,
            event_id=f"{aid}-e{span(text, trigger).start}",
            modality=modality,
            goldstein=kind[1],
        )
        fill(self.store, [(art, [ev], qs)])
        return aid


@pytest.fixture()
def corpus(tmp_path: Path) -> Iterator[Corpus]:
    c = Corpus(tmp_path / "agg.duckdb")
    yield c
    c.store.close()


TALKS = (
    "Russian and Ukrainian envoys met in Minsk to discuss prisoner exchanges.",
    "A Russian delegation met Ukrainian officials over gas transit fees.",
    "Ukrainian negotiators met their Russian counterparts by video link.",
    "Russian diplomats met a Ukrainian deputy minister at the border crossing.",
    "The Ukrainian ambassador met Russian officials about grain shipments.",
    "Russian and Ukrainian military observers met near the contact line.",
    "Ukrainian and Russian water engineers met over the canal dispute.",
)


def _daily_talks(c: Corpus, days: range, month: str = "2022-01") -> None:
    for i, d in enumerate(days):
        c.add(
            TALKS[i % len(TALKS)],
            f"{month}-{d:02d}",
            CONSULT,
            "met",
            ("Russian", "RUS"),
            ("Ukrainian", "UKR"),
        )


def test_timeline_ranks_the_day_and_carries_evidence_and_quotes(corpus: Corpus) -> None:
    _daily_talks(corpus, range(10, 11))
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
    _daily_talks(corpus, range(10, 12))
    assert [d["date"] for d in timeline(corpus.store)] == ["2022-01-10", "2022-01-11"]
    with pytest.raises(SitroomError, match="E040"):
        timeline(corpus.store, date_from="10/01/2022")


def test_escalation_peaks_and_alerts_on_the_attack_day(corpus: Corpus) -> None:
    _daily_talks(corpus, range(1, 8), "2022-02")
    corpus.add(
        "Russian forces attacked Ukrainian positions at dawn.",
        "2022-02-08",
        ASSAULT,
        "attacked",
        ("Russian", "RUS"),
        ("Ukrainian", "UKR"),
    )
    rows = escalation(corpus.store, "RUS-UKR")
    assert [r["date"] for r in rows] == [f"2022-02-{d:02d}" for d in range(1, 9)]
    attack = rows[-1]
    assert attack["index"] == max(r["index"] for r in rows) and attack["index"] > 0
    assert attack["alert"] == "rise"
    assert all(r["alert"] is None for r in rows[:-1])
    assert all(r["index"] < 0 for r in rows[:-1])  # talks are cooperation: below zero
    assert rows[0]["events"] == 1
    assert rows[-1]["smoothed"] > rows[-2]["smoothed"]


def test_a_busy_day_of_talks_is_not_an_escalation(corpus: Corpus) -> None:
    _daily_talks(corpus, range(1, 2), "2022-02")
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


def test_timeline_html_is_a_standalone_page_with_escaped_text(corpus: Corpus) -> None:
    corpus.add(
        "Moscow warned Kyiv of consequences.",
        "2022-01-10",
        THREATEN,
        "warned",
        ("Moscow", "RUS"),
        ("Kyiv", "UKR"),
        title="Alarm <script>alert(1)</script>",
    )
    html = timeline_html(timeline(corpus.store))
    assert html.startswith("<!doctype html>")
    assert "<script>" not in html
    assert "Alarm &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<mark class="trigger">warned</mark>' in html


ATTACKS = (
    "Russian artillery shelled Ukrainian positions near the river.",
    "Russian troops stormed a Ukrainian checkpoint before dawn.",
    "Russian jets struck a Ukrainian airfield in the south.",
    "Russian tanks advanced on Ukrainian lines from the north.",
)


def test_a_day_of_corroborated_attacks_moves_the_index_more_than_one_thin_report(
    corpus: Corpus,
) -> None:
    _daily_talks(corpus, range(1, 8), "2022-02")
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
    thin_jump = by_day["2022-02-04"]["index"] - by_day["2022-02-03"]["index"]
    assert 0 < thin_jump < top["change"] / 2
    assert by_day["2022-02-09"]["index"] > 5  # close to the attacks' own conflict score


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


# --------------------------------------------------------------------------- ranking rule


def _ranked(c: Corpus, day: str) -> list[str]:
    """The day's timeline entries as their evidence sentences, best first."""
    (entry,) = timeline(c.store, date_from=day, date_to=day)
    return [e["evidence"]["text"] for e in entry["events"]]


def test_principal_dyads_come_from_the_data(corpus: Corpus) -> None:
    _daily_talks(corpus, range(1, 6))  # RUS-UKR: the crisis dyad of this store
    corpus.add("France met Britain over fishing rights.", "2022-01-07", CONSULT, "met",
               ("France", "FRA"), ("Britain", "GBR"))  # fmt: skip
    sal = salience(corpus.store)
    assert sal.dyads[frozenset({"RUS", "UKR"})] == 1.0
    assert 0 < sal.dyads[frozenset({"FRA", "GBR"})] < 1.0
    assert sal.code("vladimir-putin") == "vladimir-putin"  # not seen in any event yet


def test_talks_of_the_principals_outrank_other_dyads_and_domestic_acts(corpus: Corpus) -> None:
    _daily_talks(corpus, range(1, 6))
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
    between = importance({**base, "source": ["putin"], "target": ["UKR"]}, sal)
    domestic = importance({**base, "source": ["putin"], "target": ["RUS"]}, sal)
    unknown = importance({**base, "source": ["RUS"], "target": []}, sal)
    implied = importance({**base, "source": ["RUS"], "target": []}, sal, named={"RUS", "UKR"})
    other = importance({**base, "source": ["FRA"], "target": ["GBR"]}, sal)
    assert between > implied > unknown
    assert between > other > domestic
    three = importance({**base, "source": ["FRA"], "target": ["GBR"], "n_outlets": 3}, sal)
    assert three > other  # corroboration still counts


def test_recognising_a_breakaway_republic_raises_the_parent_dyad_index(
    corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ACTORS, "DPR", ActorRef("DPR", "Donetsk republic", "UKR", "PRE"))
    _daily_talks(corpus, range(1, 4), "2022-02")
    corpus.add("Russia recognised the Donetsk republic.", "2022-02-04", ("SUPPORT", 3.4),
               "recognised", ("Russia", "RUS"), ("Donetsk republic", "DPR"))  # fmt: skip
    rows = escalation(corpus.store, "RUS-UKR")
    # support for a separatist entity is not cooperation with the state it broke away from
    assert [r["date"] for r in rows if r["events"]] == [
        "2022-02-01", "2022-02-02", "2022-02-03"]  # fmt: skip


def _cl(type_: str, day: str, articles: list[str]) -> dict[str, object]:
    return {"type": type_, "date": day, "article_ids": articles}


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
    talks = {"type": "CONSULT", "goldstein": 1.0, "modality": "asserted", "n_outlets": 1,
             "source": ["RUS"], "target": ["USA"], "article_ids": ["a1"]}  # fmt: skip
    lone, told_thrice = importance(talks, sal, story=1), importance(talks, sal, story=3)
    assert told_thrice > lone
    assert importance(talks, sal, story=0) == lone  # no story known: no change
