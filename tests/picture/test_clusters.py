"""Clusters: one cluster per real-world event across outlets. Texts are our own invented
crisis sentences."""

from __future__ import annotations

from dataclasses import replace

from builders import (
    ARTICLES,
    WARN,
    WARN_OTHER,
    dated,
    make_event,
    make_quote,
    meta,
    threat,
)
from sitroom.picture.clusters import cluster_events
from sitroom.records import TextUnit
from sitroom.store.queries import DatedQuote

#: WARN in another outlet's words: the same act, told with most of the same words
WARN_RETOLD = (
    "Russia warned the alliance it would answer with military measures should NATO move"
    " closer to Russian borders, officials in Moscow said."
)


def test_same_event_across_outlets_is_one_cluster_and_wire_copies_count_once() -> None:
    events = [
        threat("a1", WARN, WARN, "2022-01-10"),
        threat("a2", WARN, WARN, "2022-01-10"),
        threat("a3", WARN_RETOLD, WARN_RETOLD, "2022-01-10"),  # reported a day later
    ]
    found = cluster_events(events, ARTICLES)
    assert len(found) == 1
    c = found[0]
    assert sorted(c.event_ids) == sorted(e.event_id for e in events)
    assert c.article_ids and set(c.article_ids) == {"a1", "a2", "a3"}
    assert c.n_outlets == 2  # a1 and a2 are the same wire copy
    assert c.source == ["RUS"] and c.target == ["NATO"]
    assert c.first_reported == "2022-01-10" and c.last_reported == "2022-01-11"
    assert c.summary in {WARN, WARN_RETOLD}
    assert c.confidence > 0.8  # two independent reports are surer than one


def test_same_type_sides_and_day_are_not_enough_without_close_wording() -> None:
    """Two threats of Russia against NATO on one day, told in different words, may be two
    acts: type and date alone do not make one event."""
    events = [
        threat("a1", WARN, WARN, "2022-01-10"),
        threat("a3", WARN_OTHER, WARN_OTHER, "2022-01-10"),
    ]
    assert len(cluster_events(events, ARTICLES)) == 2


def test_a_headline_repeated_in_its_article_is_one_report() -> None:
    text = f"{WARN}\n\n{WARN}"
    first = threat("a3", text, WARN, "2022-01-10")
    again = make_event("a3", text, WARN, "warned", "THREATEN", [("Kremlin", "RUS")],
                       [("NATO", "NATO")], "2022-01-10", event_id="again")  # fmt: skip
    again = replace(again, evidence=replace(again.evidence, start=len(WARN) + 2,
                                            end=2 * len(WARN) + 2))  # fmt: skip
    (c,) = cluster_events([first, again], ARTICLES)
    assert c.n_outlets == 1 and c.article_ids == ["a3"]


def test_same_outlet_twice_counts_once() -> None:
    events = [
        threat("a1", WARN, WARN, "2022-01-10"),
        threat("a4", WARN_RETOLD, WARN_RETOLD, "2022-01-10"),
    ]
    (c,) = cluster_events(events, {"a1": meta("a1", outlet="Harbor Daily"), "a4": ARTICLES["a4"]})
    assert c.n_outlets == 1
    assert c.outlets == ["Harbor Daily"]


def test_different_dyad_type_date_or_polarity_stay_apart() -> None:
    base = threat("a1", WARN, WARN, "2022-01-10")
    other_target = make_event(
        "a3",
        "Russia threatened Ukraine.",
        "Russia threatened Ukraine.",
        "threatened",
        "THREATEN",
        [("Russia", "RUS")],
        [("Ukraine", "UKR")],
        "2022-01-10",
    )
    later = threat("a3", WARN_OTHER, WARN_OTHER, "2022-01-20")
    other_type = replace(threat("a2", WARN, WARN, "2022-01-10"), type="ACCUSE", event_id="x")
    negated = replace(threat("a2", WARN, WARN, "2022-01-10"), modality="negated", event_id="y")
    found = cluster_events([base, other_target, later, other_type, negated], ARTICLES)
    assert len(found) == 5
    assert all(c.n_outlets == 1 for c in found)


def test_clusters_do_not_creep_across_a_week_of_daily_reports() -> None:
    days = [f"2022-01-{d:02d}" for d in range(10, 17)]
    events = [
        replace(threat("a1", WARN, WARN, d), event_id=f"e{i}", article_id=f"n{i}")
        for i, d in enumerate(days)
    ]
    found = cluster_events(events, {})
    assert len(found) >= 3
    assert max(len(c.event_ids) for c in found) <= 3


# --------------------------------------------------------------------------- statements, wording


STATEMENT_A = (
    "The West must grasp that we have no room left to step back, and we cannot let them"
    " station rockets on our doorstep, the Russian leader told generals on Tuesday."
)
STATEMENT_B = "They must grasp that we have no room left to step back any further."
PHONE_A = "The Russian president discussed gas supplies by telephone with the French leader."
PHONE_B = "The Russian president discussed border security by telephone with the German chancellor."


def _quote(
    qid: str, article_id: str, text: str, cue: str, content: str, speaker: str
) -> DatedQuote:
    return dated(make_quote(qid, article_id, text, cue, content, speaker))


def test_one_statement_in_two_translations_is_one_cluster_with_two_outlets() -> None:
    text_a, text_b = STATEMENT_A, f"Officials spoke in Moscow. {STATEMENT_B}"
    threat_ = make_event("a3", text_a, STATEMENT_A, "station", "THREATEN",
                         [("Russian", "RUS")], [], "2022-01-11")  # fmt: skip
    mobilize = make_event("a3", text_a, STATEMENT_A, "rockets", "MOBILIZE",
                          [("Russian", "RUS")], [], "2022-01-11", confidence=0.7)  # fmt: skip
    # the other outlet quotes a part of it, coded with the same type, its source unresolved
    retold = make_event("a4", text_b, STATEMENT_B, "step back", "THREATEN",
                        [], [], "2022-01-12")  # fmt: skip
    quote = _quote("qs", "a3", text_a, "told", STATEMENT_A.split(", the Russian")[0], "RUS")
    part = _quote("qp", "a4", text_b, "must", STATEMENT_B.rstrip("."), "RUS")
    (one,) = cluster_events([threat_, mobilize, retold], ARTICLES, quotes=[quote, part])
    assert one.n_outlets == 2 and set(one.article_ids) == {"a3", "a4"}
    assert one.type == "THREATEN" and one.source == ["RUS"]
    # without the quote the two events of one sentence are two happenings
    assert len(cluster_events([threat_, mobilize], ARTICLES)) == 2
    # coded as another type, or with the other side as its source, it is not that event
    other = replace(retold, type="RETREAT", event_id="r")
    assert len(cluster_events([threat_, mobilize, other], ARTICLES, quotes=[quote, part])) == 2
    ukr = make_event("a4", text_b, STATEMENT_B, "step back", "THREATEN", [("They", "UKR")], [],
                     "2022-01-12")  # fmt: skip
    assert len(cluster_events([threat_, mobilize, ukr], ARTICLES, quotes=[quote, part])) == 2
    # as a plain report (no quote), a fragment is not the same wording as the statement
    assert len(cluster_events([threat_, mobilize, retold], ARTICLES, quotes=[quote])) == 2


def test_a_transcript_turn_is_not_one_statement() -> None:
    first = "We will station new rockets on our western border this spring."
    second = "Our troops also moved two brigades towards the frontier last week."
    filler = " ".join(
        f"Item {k} of the agenda concerns the harvest in the south." for k in range(12)
    )
    turn = f"{first} {filler} {second}"
    text = f"Vladimir Putin: {turn}"
    threat_ = make_event("a3", text, first, "station", "THREATEN", [("our", "RUS")], [],
                         "2022-01-11")  # fmt: skip
    mobilize = make_event("a3", text, second, "moved", "MOBILIZE", [("Our troops", "RUS")], [],
                          "2022-01-11")  # fmt: skip
    quote = _quote("qt", "a3", text, ":", turn, "RUS")
    found = cluster_events([threat_, mobilize], ARTICLES, quotes=[quote])
    assert sorted(c.type for c in found) == ["MOBILIZE", "THREATEN"]


def test_an_uncoded_sentence_of_another_outlet_counts_as_a_report() -> None:
    threat_ = make_event("a3", STATEMENT_A, STATEMENT_A, "station", "THREATEN",
                         [("Russian", "RUS")], [], "2022-01-11")  # fmt: skip
    other = TextUnit("a4", 0, len(STATEMENT_B), STATEMENT_B, None)
    unrelated = TextUnit("a1", 0, len(PHONE_A), PHONE_A, None)
    quote = _quote("qs", "a3", STATEMENT_A, "told", STATEMENT_A.split(", the Russian")[0], "RUS")
    # the other outlet quotes the same speaker saying a part of it
    part = _quote("qp", "a4", STATEMENT_B, "must", STATEMENT_B.rstrip("."), "RUS")
    (alone,) = cluster_events([threat_], ARTICLES, sentences=[other, unrelated], quotes=[quote])
    assert alone.article_ids == ["a3"]  # unquoted, a fragment is not the same wording
    (one,) = cluster_events([threat_], ARTICLES, sentences=[other, unrelated],
                            quotes=[quote, part])  # fmt: skip
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
    assert len(cluster_events(calls, ARTICLES)) == 2


def test_talks_reported_from_either_side_and_by_a_minister_are_one_cluster() -> None:
    """A meeting has no direction: "Russia met the US" and "the US met Russia" (or met through
    a Russian leader) on the same day report one happening; an attack does not merge so."""
    one = "Russian and American diplomats met in Geneva on Monday over missile deployments."
    other = "American envoys met Putin's team in Geneva over missile deployments."
    talks = [
        make_event("a1", one, one, "met", "CONSULT", [("Russian", "RUS")],
                   [("American", "USA")], "2022-01-10"),
        make_event("a3", other, other, "met", "CONSULT", [("American", "USA")],
                   [("Putin", "putin")], "2022-01-10"),
    ]  # fmt: skip
    (c,) = cluster_events(talks, ARTICLES)
    assert c.n_outlets == 2
    assert set(c.source) == {"RUS", "vladimir-putin"} and c.target == ["USA"]
    hit = "Russian artillery hit a convoy of American volunteers at dawn."
    back = "American gunners attacked Russian positions near the river."
    attacks = [
        make_event("a1", hit, hit, "hit", "ASSAULT", [("Russian", "RUS")],
                   [("American", "USA")], "2022-01-10"),
        make_event("a3", back, back, "attacked", "ASSAULT", [("American", "USA")],
                   [("Russian", "RUS")], "2022-01-10"),
    ]  # fmt: skip
    assert len(cluster_events(attacks, ARTICLES)) == 2


def test_a_meeting_naming_one_side_does_not_join_talks_between_two() -> None:
    """A talk with governors names no other side: on the day of the alliance's talks with
    Russia it is not those talks."""
    home = "The president discussed the harvest with several governors this week."
    talks = "NATO held talks with Russia on arms control in Brussels on Wednesday."
    events = [
        make_event("a1", home, home, "discussed", "CONSULT", [("president", "putin")], [],
                   "2022-01-12"),
        make_event("a3", talks, talks, "talks", "CONSULT", [("NATO", "NATO")],
                   [("Russia", "RUS")], "2022-01-12"),
    ]  # fmt: skip
    assert len(cluster_events(events, ARTICLES)) == 2
