"""Corroboration: one cluster per real-world event across outlets; accusations paired with
the accused's denials. Texts are our own invented crisis sentences."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builders import fill, make_article, make_event, make_quote
from conftest import SEEDS, require
from sitroom.picture.corroborate import (
    TextUnit,
    build_clusters,
    claims,
    cluster_events,
    clusters,
    pair_claims,
)
from sitroom.records import Event
from sitroom.store.store import Store

WARN = (
    "The Kremlin warned NATO on Monday that it would answer with military measures"
    " if the alliance moved closer to its borders."
)
WARN_OTHER = "Russia threatened the alliance with a military response, officials in Moscow said."
ACCUSE = "Washington accused Moscow of massing troops near the Ukrainian frontier."
DENY = "Moscow denied the accusation and called it baseless."
FRANCE = "Paris rejected the idea of new sanctions against Moscow."


def _threat_event(
    article_id: str, text: str, sentence: str, date: str, target: str = "NATO"
) -> Event:
    tgt_surface = "NATO" if "NATO" in sentence else "alliance"
    if target != "NATO":
        tgt_surface = "Ukraine"
    src_surface = "Kremlin" if "Kremlin" in sentence else "Russia"
    return make_event(
        article_id,
        text,
        sentence,
        "warned" if "warned" in sentence else "threatened",
        "THREATEN",
        [(src_surface, "RUS")],
        [(tgt_surface, target)],
        date,
    )


def _threat(
    article_id: str, text: str, sentence: str, date: str, target: str = "NATO"
) -> dict[str, Any]:
    return _threat_event(article_id, text, sentence, date, target).to_dict()


ARTICLES: dict[str, dict[str, Any]] = {
    "a1": {"outlet": "Harbor Daily", "copy_group": "wire-1", "date": "2022-01-10"},
    "a2": {"outlet": "Lakeside Post", "copy_group": "wire-1", "date": "2022-01-10"},
    "a3": {"outlet": "Northern Ledger", "copy_group": None, "date": "2022-01-11"},
    "a4": {"outlet": "Harbor Daily", "copy_group": None, "date": "2022-01-11"},
}


def test_same_event_across_outlets_is_one_cluster_and_wire_copies_count_once() -> None:
    events = [
        _threat("a1", WARN, WARN, "2022-01-10"),
        _threat("a2", WARN, WARN, "2022-01-10"),
        _threat("a3", WARN_OTHER, WARN_OTHER, "2022-01-10"),  # reported a day later
    ]
    found = cluster_events(events, ARTICLES)
    assert len(found) == 1
    c = found[0]
    assert sorted(c.event_ids) == sorted(e["event_id"] for e in events)
    assert c.article_ids and set(c.article_ids) == {"a1", "a2", "a3"}
    assert c.n_outlets == 2  # a1 and a2 are the same wire copy
    assert c.source == ["RUS"] and c.target == ["NATO"]
    assert c.first_reported == "2022-01-10" and c.last_reported == "2022-01-11"
    assert c.summary in {WARN, WARN_OTHER}
    assert c.confidence > 0.8  # two independent reports are surer than one


def test_same_outlet_twice_counts_once() -> None:
    events = [
        _threat("a1", WARN, WARN, "2022-01-10"),
        _threat("a4", WARN_OTHER, WARN_OTHER, "2022-01-10"),
    ]
    (c,) = cluster_events(events, {"a1": {"outlet": "Harbor Daily"}, "a4": ARTICLES["a4"]})
    assert c.n_outlets == 1
    assert c.outlets == ["Harbor Daily"]


def test_different_dyad_type_date_or_polarity_stay_apart() -> None:
    base = _threat("a1", WARN, WARN, "2022-01-10")
    other_target = make_event(
        "a3",
        "Russia threatened Ukraine.",
        "Russia threatened Ukraine.",
        "threatened",
        "THREATEN",
        [("Russia", "RUS")],
        [("Ukraine", "UKR")],
        "2022-01-10",
    ).to_dict()
    later = _threat("a3", WARN_OTHER, WARN_OTHER, "2022-01-20")
    other_type = {**_threat("a2", WARN, WARN, "2022-01-10"), "type": "ACCUSE", "event_id": "x"}
    negated = {**_threat("a2", WARN, WARN, "2022-01-10"), "modality": "negated", "event_id": "y"}
    found = cluster_events([base, other_target, later, other_type, negated], ARTICLES)
    assert len(found) == 5
    assert all(c.n_outlets == 1 for c in found)


def test_clusters_do_not_creep_across_a_week_of_daily_reports() -> None:
    days = [f"2022-01-{d:02d}" for d in range(10, 17)]
    events = [
        {**_threat("a1", WARN, WARN, d), "event_id": f"e{i}", "article_id": f"n{i}"}
        for i, d in enumerate(days)
    ]
    found = cluster_events(events, {})
    assert len(found) >= 3
    assert max(len(c.event_ids) for c in found) <= 3


def _accusation(article_id: str, text: str) -> Event:
    return make_event(article_id, text, ACCUSE, "accused", "ACCUSE", [("Washington", "USA")],
                      [("Moscow", "RUS")], "2022-01-10")  # fmt: skip


def _denial(article_id: str, text: str, date: str) -> Event:
    return make_event(article_id, text, DENY, "denied", "REJECT", [("Moscow", "RUS")], [], date)


def _accused_and_denied(deny_article: str, deny_date: str) -> list[dict[str, Any]]:
    """An accusation of Moscow, its denial and a bystander's rejection in one text."""
    text = f"{ACCUSE} {DENY} {FRANCE}"
    bystander = make_event("a1", text, FRANCE, "rejected", "REJECT", [("Paris", "FRA")],
                           [("Moscow", "RUS")], "2022-01-10")  # fmt: skip
    events = (_accusation("a1", text), _denial(deny_article, text, deny_date), bystander)
    return [e.to_dict() for e in events]


def test_accusation_paired_with_denial_by_the_accused() -> None:
    (claim,) = pair_claims(_accused_and_denied("a1", "2022-01-11"), [])
    assert claim.claim["actors"] == ["USA"]
    assert claim.claim["accused"] == ["RUS"]
    assert claim.claim["evidence"]["text"] == ACCUSE
    assert claim.response["actors"] == ["RUS"]
    assert claim.response["kind"] == "denial"
    assert claim.response["date"] == "2022-01-11"
    assert claim.response["evidence"]["trigger"]["text"] == "denied"


def test_no_claim_without_a_timely_answer_from_the_accused() -> None:
    assert pair_claims(_accused_and_denied("a2", "2022-02-20"), []) == []


def test_another_articles_denial_must_be_about_the_accusation() -> None:
    acc = _accusation("a1", ACCUSE)
    on_topic = "Moscow denied massing troops near the Ukrainian frontier."
    off_topic = "Moscow denied that its tennis federation had broken any doping rule."
    for text, paired in ((on_topic, True), (off_topic, False)):
        denial = make_event("a3", text, text, "denied", "REJECT", [("Moscow", "RUS")], [],
                            "2022-01-11")  # fmt: skip
        found = pair_claims([acc.to_dict(), denial.to_dict()], [])
        assert bool(found) is paired, text


def _quote(
    qid: str, article_id: str, text: str, cue: str, content: str, speaker: str
) -> dict[str, Any]:
    return make_quote(qid, article_id, text, cue, content, speaker).to_dict()


def test_accusation_quote_answered_by_a_denying_quote() -> None:
    text = (
        "A State Department spokesman alleged that Russian units were massing near the border."
        " The Russian embassy said the report was completely false."
    )
    inner = "Russian units were massing near the border"
    mobilize = make_event(
        "q1", text, inner, "massing", "MOBILIZE", [("Russian units", "RUS")], [], "2022-01-12"
    ).to_dict()
    accusing = _quote("qa", "q1", text, "alleged", inner, "USA")
    denying = _quote("qb", "q1", text, "said", "the report was completely false", "RUS")
    (claim,) = pair_claims([mobilize], [accusing, denying], articles={"q1": {"date": "2022-01-12"}})
    assert claim.claim["quote_id"] == "qa"
    assert claim.claim["accused"] == ["RUS"]
    assert claim.response["quote_id"] == "qb"
    assert claim.response["kind"] == "denial"
    assert claim.response["date"] == "2022-01-12"


def test_a_transcript_turn_is_no_accusation() -> None:
    filler = " ".join(f"Point {k} of the agenda concerns the grain harvest." for k in range(20))
    inner = "Russian units were massing near the border"
    turn = f"{filler} Our partners alleged that {inner}. {filler}"
    text = f"Antony Blinken: {turn} The Russian embassy said the report was completely false."
    mobilize = make_event(
        "q1", text, inner, "massing", "MOBILIZE", [("Russian units", "RUS")], [], "2022-01-12"
    ).to_dict()
    turn_quote = _quote("qt", "q1", text, ":", turn, "USA")
    denying = _quote("qb", "q1", text, "said", "the report was completely false", "RUS")
    assert (
        pair_claims([mobilize], [turn_quote, denying], articles={"q1": {"date": "2022-01-12"}})
        == []
    )
    # the same words as a quote of their own are an accusation
    accusing = _quote("qa", "q1", text, "alleged", inner, "USA")
    (claim,) = pair_claims([mobilize], [accusing, denying], articles={"q1": {"date": "2022-01-12"}})
    assert claim.claim["quote_id"] == "qa"


# --------------------------------------------------------------------------- with a store


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "c.duckdb")
    texts = {"a1": f"{WARN} {ACCUSE} {DENY}", "a2": WARN, "a3": WARN_OTHER}
    t1 = texts["a1"]
    events = {
        "a1": [
            _threat_event("a1", t1, WARN, "2022-01-10"),
            _accusation("a1", t1),
            _denial("a1", t1, "2022-01-10"),
        ],
        "a2": [_threat_event("a2", WARN, WARN, "2022-01-10")],
        "a3": [_threat_event("a3", WARN_OTHER, WARN_OTHER, "2022-01-10")],
    }
    items = []
    for aid, text in texts.items():
        meta = ARTICLES[aid]
        art = make_article(aid, text, meta["date"], title=f"Title {aid}", outlet=meta["outlet"],
                           copy_group=meta["copy_group"])  # fmt: skip
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


def test_a_negated_act_answers_only_an_accusation_of_that_act() -> None:
    text = (
        "London accused Moscow of planning an attack on Ukraine."
        " Russia has no plans to attack Ukraine, the Kremlin said."
        " Russia did not agree to new talks."
    )
    acc_sentence = "London accused Moscow of planning an attack on Ukraine."

    def event(
        sentence: str,
        trigger: str,
        type_: str,
        src: list[tuple[str, str]],
        tgt: list[tuple[str, str]],
        **kw: Any,
    ) -> dict[str, Any]:
        return make_event("n1", text, sentence, trigger, type_, src, tgt, "2022-01-20",
                          **kw).to_dict()  # fmt: skip

    acc = event(acc_sentence, "accused", "ACCUSE", [("London", "GBR")], [("Moscow", "RUS")])
    alleged = event("Moscow of planning an attack on Ukraine", "attack", "ASSAULT",
                    [("Moscow", "RUS")], [("Ukraine", "UKR")], event_id="inner",
                    modality="future")  # fmt: skip
    denial = event("Russia has no plans to attack Ukraine, the Kremlin said.", "attack", "ASSAULT",
                   [("Russia", "RUS")], [("Ukraine", "UKR")], event_id="deny",
                   modality="negated")  # fmt: skip
    unrelated = event("Russia did not agree to new talks.", "agree", "AGREE", [("Russia", "RUS")],
                      [], event_id="other", modality="negated")  # fmt: skip
    (claim,) = pair_claims([acc, alleged, denial, unrelated], [])
    assert claim.response["event_id"] == "deny"
    assert claim.response["kind"] == "denial"
    # a negated act inside the accusation's own sentence is part of it, not an answer
    own = event(acc_sentence, "attack", "ASSAULT", [("Moscow", "RUS")], [("Ukraine", "UKR")],
                event_id="own", modality="negated")  # fmt: skip
    assert pair_claims([acc, alleged, own], []) == []
    assert pair_claims([acc, alleged, unrelated], []) == []


# --------------------------------------------------------------------------- statements, wording


STATEMENT_A = (
    "The West must grasp that we have no room left to step back, and we cannot let them"
    " station rockets on our doorstep, the Russian leader told generals on Tuesday."
)
STATEMENT_B = "They must grasp that we have no room left to step back any further."
PHONE_A = "The Russian president discussed gas supplies by telephone with the French leader."
PHONE_B = "The Russian president discussed border security by telephone with the German chancellor."


def test_one_statement_in_two_translations_is_one_cluster_with_two_outlets() -> None:
    text_a, text_b = STATEMENT_A, f"Officials spoke in Moscow. {STATEMENT_B}"
    threat = make_event("a3", text_a, STATEMENT_A, "station", "THREATEN",
                        [("Russian", "RUS")], [], "2022-01-11")  # fmt: skip
    mobilize = make_event("a3", text_a, STATEMENT_A, "rockets", "MOBILIZE",
                          [("Russian", "RUS")], [], "2022-01-11", confidence=0.7)  # fmt: skip
    # the other outlet's wording was coded as another type with a wrong actor
    retreat = make_event("a4", text_b, STATEMENT_B, "step back", "RETREAT",
                         [("They", "UKR")], [], "2022-01-12")  # fmt: skip
    quote = _quote("qs", "a3", text_a, "told", STATEMENT_A.split(", the Russian")[0], "RUS")
    found = cluster_events(
        [e.to_dict() for e in (threat, mobilize, retreat)], ARTICLES, quotes=[quote]
    )
    (one,) = found
    assert one.n_outlets == 2 and set(one.article_ids) == {"a3", "a4"}
    assert one.type == "THREATEN" and one.source == ["RUS"]
    # without the quote the two events of one sentence are two happenings
    assert len(cluster_events([threat.to_dict(), mobilize.to_dict()], ARTICLES)) == 2


def test_a_transcript_turn_is_not_one_statement() -> None:
    first = "We will station new rockets on our western border this spring."
    second = "Our troops also moved two brigades towards the frontier last week."
    filler = " ".join(
        f"Item {k} of the agenda concerns the harvest in the south." for k in range(12)
    )
    turn = f"{first} {filler} {second}"
    text = f"Vladimir Putin: {turn}"
    threat = make_event("a3", text, first, "station", "THREATEN", [("our", "RUS")], [],
                        "2022-01-11")  # fmt: skip
    mobilize = make_event("a3", text, second, "moved", "MOBILIZE", [("Our troops", "RUS")], [],
                          "2022-01-11")  # fmt: skip
    quote = _quote("qt", "a3", text, ":", turn, "RUS")
    found = cluster_events([threat.to_dict(), mobilize.to_dict()], ARTICLES, quotes=[quote])
    assert sorted(c.type for c in found) == ["MOBILIZE", "THREATEN"]


def test_an_uncoded_sentence_of_another_outlet_counts_as_a_report() -> None:
    threat = make_event("a3", STATEMENT_A, STATEMENT_A, "station", "THREATEN",
                        [("Russian", "RUS")], [], "2022-01-11")  # fmt: skip
    other = TextUnit("a4", 0, len(STATEMENT_B), STATEMENT_B, None)
    unrelated = TextUnit("a1", 0, len(PHONE_A), PHONE_A, None)
    (one,) = cluster_events([threat.to_dict()], ARTICLES, sentences=[other, unrelated])
    assert one.article_ids == ["a3", "a4"] and one.n_outlets == 2
    assert one.outlets == ["Harbor Daily", "Northern Ledger"]


def test_similar_but_different_calls_on_one_day_stay_apart() -> None:
    text = f"{PHONE_A} {PHONE_B}"
    calls = [
        make_event("a3", PHONE_A, PHONE_A, "discussed", "CONSULT",
                   [("Russian", "RUS")], [("French", "FRA")], "2022-01-11"),
        make_event("a4", text, PHONE_B, "discussed", "CONSULT",
                   [("Russian", "RUS")], [("German", "GBR")], "2022-01-11"),
    ]  # fmt: skip
    assert len(cluster_events([e.to_dict() for e in calls], ARTICLES)) == 2


def test_a_bare_claim_is_answered_by_a_sentence_that_calls_it_false() -> None:
    claim_text = "Moscow said American mercenaries were shelling villages in the east."
    reply = "A Pentagon spokesman called the claim completely false."
    text = f"{claim_text} {reply}"
    content = "American mercenaries were shelling villages in the east"
    shelling = make_event("k1", text, content, "shelling", "ASSAULT",
                          [("American", "USA")], [], "2022-01-12")  # fmt: skip
    quote = _quote("qk", "k1", text, "said", content, "RUS")
    ment = {
        "k1": [
            {"start": 0, "end": 6, "actor_id": "RUS", "name": "Russia", "country": "RUS"},
            {"start": 12, "end": 20, "actor_id": "USA", "name": "United States",
             "country": "USA"},
            {"start": text.index("Pentagon"), "end": text.index("Pentagon") + 8,
             "actor_id": "USA", "name": "United States", "country": "USA"},
        ]
    }  # fmt: skip
    start = text.index(reply)
    unit = TextUnit("k1", start, start + len(reply), reply, None)
    arts = {"k1": {"date": "2022-01-12"}}
    (claim,) = pair_claims([shelling.to_dict()], [quote], articles=arts, mentions=ment,
                           sentences=[unit])  # fmt: skip
    assert claim.claim["quote_id"] == "qk" and "USA" in claim.claim["accused"]
    assert claim.response["kind"] == "denial" and "USA" in claim.response["actors"]
    assert claim.response["evidence"]["trigger"]["text"] == "false"
    # the same reply printed by another article does not answer a bare claim
    other = {"k2": [{**m, "start": m["start"] - start, "end": m["end"] - start}
                    for m in ment["k1"][2:]]}  # fmt: skip
    far = TextUnit("k2", 0, len(reply), reply, None)
    assert pair_claims([shelling.to_dict()], [quote], articles=arts,
                       mentions={"k1": ment["k1"][:2], **other}, sentences=[far]) == []  # fmt: skip


def test_rejecting_a_demand_does_not_answer_an_accusation() -> None:
    accuse = "Moscow accused NATO of aggression near its borders."
    refuse = "NATO rejected the Russian demands on Wednesday."
    text = f"{accuse} {refuse}"
    acc = make_event("r1", text, accuse, "accused", "ACCUSE", [("Moscow", "RUS")],
                     [("NATO", "NATO")], "2022-01-12")  # fmt: skip
    rej = make_event("r1", text, refuse, "rejected", "REJECT", [("NATO", "NATO")],
                     [("Russian", "RUS")], "2022-01-12")  # fmt: skip
    assert pair_claims([acc.to_dict(), rej.to_dict()], []) == []


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


def test_talks_reported_from_either_side_and_by_a_minister_are_one_cluster() -> None:
    """A meeting has no direction: "Russia met the US" and "the US met Russia" (or met through
    a Russian leader) on the same day report one happening; an attack does not merge so."""
    one = "Russian and American diplomats met in Geneva on Monday."
    other = "American envoys held talks with Putin's team in Geneva."
    talks = [
        make_event("a1", one, one, "met", "CONSULT", [("Russian", "RUS")],
                   [("American", "USA")], "2022-01-10").to_dict(),
        make_event("a3", other, other, "talks", "CONSULT", [("American", "USA")],
                   [("Putin", "putin")], "2022-01-10").to_dict(),
    ]  # fmt: skip
    (c,) = cluster_events(talks, ARTICLES)
    assert c.n_outlets == 2
    assert set(c.source) == {"RUS", "vladimir-putin"} and c.target == ["USA"]
    hit = "Russian artillery hit a convoy of American volunteers at dawn."
    back = "American gunners attacked Russian positions near the river."
    attacks = [
        make_event("a1", hit, hit, "hit", "ASSAULT", [("Russian", "RUS")],
                   [("American", "USA")], "2022-01-10").to_dict(),
        make_event("a3", back, back, "attacked", "ASSAULT", [("American", "USA")],
                   [("Russian", "RUS")], "2022-01-10").to_dict(),
    ]  # fmt: skip
    assert len(cluster_events(attacks, ARTICLES)) == 2


def test_a_meeting_naming_one_side_does_not_join_talks_between_two() -> None:
    """A talk with governors names no other side: on the day of the alliance's talks with
    Russia it is not those talks."""
    home = "The president discussed the harvest with several governors this week."
    talks = "NATO held talks with Russia on arms control in Brussels on Wednesday."
    events = [
        make_event("a1", home, home, "discussed", "CONSULT", [("president", "putin")], [],
                   "2022-01-12").to_dict(),
        make_event("a3", talks, talks, "talks", "CONSULT", [("NATO", "NATO")],
                   [("Russia", "RUS")], "2022-01-12").to_dict(),
    ]  # fmt: skip
    assert len(cluster_events(events, ARTICLES)) == 2
