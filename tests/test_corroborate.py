"""Corroboration: one cluster per real-world event across outlets; accusations paired with
the accused's denials. Texts are our own invented crisis sentences."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitroom.corroborate import (
    build_clusters,
    claims,
    cluster_events,
    clusters,
    pair_claims,
)
from sitroom.records import (
    ActorRef,
    Article,
    Event,
    Evidence,
    Extraction,
    Mention,
    Modality,
    ParsedArticle,
    Quote,
    Span,
)
from sitroom.store import Store

ACTORS = {
    "RUS": ActorRef("RUS", "Russia", "RUS", "GOV"),
    "USA": ActorRef("USA", "United States", "USA", "GOV"),
    "NATO": ActorRef("NATO", "NATO", None, "IGO"),
    "UKR": ActorRef("UKR", "Ukraine", "UKR", "GOV"),
    "FRA": ActorRef("FRA", "France", "FRA", "GOV"),
    "GBR": ActorRef("GBR", "United Kingdom", "GBR", "GOV"),
}


def _span(text: str, sub: str, after: int = 0) -> Span:
    start = text.index(sub, after)
    return Span(sub, start, start + len(sub))


def make_event(
    article_id: str,
    text: str,
    sentence: str,
    trigger: str,
    type_: str,
    src: list[tuple[str, str]],
    tgt: list[tuple[str, str]],
    date: str,
    *,
    event_id: str | None = None,
    modality: Modality = "asserted",
    goldstein: float | None = None,
    confidence: float = 0.8,
) -> Event:
    """An event whose evidence is ``sentence`` in ``text``; actors are (surface, id) pairs."""
    sent = _span(text, sentence)

    def mentions(pairs: list[tuple[str, str]]) -> list[Mention]:
        out = []
        for surface, actor_id in pairs:
            sp = _span(text, surface, sent.start)
            out.append(Mention(surface, sp.start, sp.end, ACTORS[actor_id], "name", 0, 1))
        return out

    return Event(
        event_id=event_id or f"{article_id}-{type_}-{sent.start}",
        article_id=article_id,
        type=type_,
        mode=None,
        modality=modality,
        source=mentions(src),
        target=mentions(tgt),
        date=date,
        date_precision="day",
        location=None,
        cameo=None,
        goldstein=goldstein,
        quad_class=None,
        evidence=Evidence(sent.text, sent.start, sent.end, _span(text, trigger, sent.start)),
        confidence=confidence,
        coder="test",
    )


WARN = (
    "The Kremlin warned NATO on Monday that it would answer with military measures"
    " if the alliance moved closer to its borders."
)
WARN_OTHER = "Russia threatened the alliance with a military response, officials in Moscow said."
ACCUSE = "Washington accused Moscow of massing troops near the Ukrainian frontier."
DENY = "Moscow denied the accusation and called it baseless."
FRANCE = "Paris rejected the idea of new sanctions against Moscow."


def _threat(
    article_id: str, text: str, sentence: str, date: str, target: str = "NATO"
) -> dict[str, Any]:
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
    ).to_dict()


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


def test_accusation_paired_with_denial_by_the_accused() -> None:
    text = f"{ACCUSE} {DENY} {FRANCE}"
    acc = make_event(
        "a1",
        text,
        ACCUSE,
        "accused",
        "ACCUSE",
        [("Washington", "USA")],
        [("Moscow", "RUS")],
        "2022-01-10",
    ).to_dict()
    deny = make_event(
        "a1", text, DENY, "denied", "REJECT", [("Moscow", "RUS")], [], "2022-01-11"
    ).to_dict()
    bystander = make_event(
        "a1",
        text,
        FRANCE,
        "rejected",
        "REJECT",
        [("Paris", "FRA")],
        [("Moscow", "RUS")],
        "2022-01-10",
    ).to_dict()
    (claim,) = pair_claims([acc, deny, bystander], [])
    assert claim.claim["actors"] == ["USA"]
    assert claim.claim["accused"] == ["RUS"]
    assert claim.claim["evidence"]["text"] == ACCUSE
    assert claim.response["actors"] == ["RUS"]
    assert claim.response["kind"] == "denial"
    assert claim.response["date"] == "2022-01-11"
    assert claim.response["evidence"]["trigger"]["text"] == "denied"


def test_no_claim_without_a_timely_answer_from_the_accused() -> None:
    text = f"{ACCUSE} {DENY} {FRANCE}"
    acc = make_event(
        "a1",
        text,
        ACCUSE,
        "accused",
        "ACCUSE",
        [("Washington", "USA")],
        [("Moscow", "RUS")],
        "2022-01-10",
    ).to_dict()
    late = make_event(
        "a2", text, DENY, "denied", "REJECT", [("Moscow", "RUS")], [], "2022-02-20"
    ).to_dict()
    bystander = make_event(
        "a1",
        text,
        FRANCE,
        "rejected",
        "REJECT",
        [("Paris", "FRA")],
        [("Moscow", "RUS")],
        "2022-01-10",
    ).to_dict()
    assert pair_claims([acc, late, bystander], []) == []


def _quote(
    qid: str, article_id: str, text: str, cue: str, content: str, speaker: str
) -> dict[str, Any]:
    return Quote(
        qid,
        article_id,
        "indirect",
        _span(text, cue),
        _span(text, content),
        None,
        ACTORS[speaker],
        0.9,
    ).to_dict()


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


# --------------------------------------------------------------------------- with a store


def _store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "c.duckdb")
    arts = []
    texts = {"a1": f"{WARN} {ACCUSE} {DENY}", "a2": WARN, "a3": WARN_OTHER}
    for aid, text in texts.items():
        meta = ARTICLES[aid]
        arts.append(
            Article(
                aid,
                f"{aid}.txt",
                text,
                title=f"Title {aid}",
                outlet=meta["outlet"],
                date=meta["date"],
                date_precision="day",
                copy_group=meta["copy_group"],
            )
        )
    run = store.start_run("test")
    store.add_ingested([(a, f"h-{a.article_id}") for a in arts], [], run)
    t1 = texts["a1"]
    events = {
        "a1": [
            make_event(
                "a1",
                t1,
                WARN,
                "warned",
                "THREATEN",
                [("Kremlin", "RUS")],
                [("NATO", "NATO")],
                "2022-01-10",
            ),
            make_event(
                "a1",
                t1,
                ACCUSE,
                "accused",
                "ACCUSE",
                [("Washington", "USA")],
                [("Moscow", "RUS")],
                "2022-01-10",
            ),
            make_event("a1", t1, DENY, "denied", "REJECT", [("Moscow", "RUS")], [], "2022-01-10"),
        ],
        "a2": [
            make_event(
                "a2",
                WARN,
                WARN,
                "warned",
                "THREATEN",
                [("Kremlin", "RUS")],
                [("NATO", "NATO")],
                "2022-01-10",
            )
        ],
        "a3": [
            make_event(
                "a3",
                WARN_OTHER,
                WARN_OTHER,
                "threatened",
                "THREATEN",
                [("Russia", "RUS")],
                [("alliance", "NATO")],
                "2022-01-10",
            )
        ],
    }
    store.add_extractions(
        Extraction(ParsedArticle(a, [], [], []), [], [], [], events[a.article_id]) for a in arts
    )
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
    acc = make_event(
        "n1",
        text,
        acc_sentence,
        "accused",
        "ACCUSE",
        [("London", "GBR")],
        [("Moscow", "RUS")],
        "2022-01-20",
    ).to_dict()
    alleged = make_event(
        "n1",
        text,
        "Moscow of planning an attack on Ukraine",
        "attack",
        "ASSAULT",
        [("Moscow", "RUS")],
        [("Ukraine", "UKR")],
        "2022-01-20",
        event_id="inner",
        modality="future",
    ).to_dict()
    denial = make_event(
        "n1",
        text,
        "Russia has no plans to attack Ukraine, the Kremlin said.",
        "attack",
        "ASSAULT",
        [("Russia", "RUS")],
        [("Ukraine", "UKR")],
        "2022-01-20",
        event_id="deny",
        modality="negated",
    ).to_dict()
    unrelated = make_event(
        "n1",
        text,
        "Russia did not agree to new talks.",
        "agree",
        "AGREE",
        [("Russia", "RUS")],
        [],
        "2022-01-20",
        event_id="other",
        modality="negated",
    ).to_dict()
    (claim,) = pair_claims([acc, alleged, denial, unrelated], [])
    assert claim.response["event_id"] == "deny"
    assert claim.response["kind"] == "denial"
    assert pair_claims([acc, alleged, unrelated], []) == []
