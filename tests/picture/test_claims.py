"""Claims: accusations paired with the accused's denials. Texts are our own invented crisis
sentences."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from builders import (
    ACCUSE,
    DENY,
    FRANCE,
    accusation,
    dated,
    denial,
    make_event,
    make_quote,
    meta,
)
from sitroom.picture import claims
from sitroom.picture.claims import pair_claims
from sitroom.records import ActorRef, Event, TextUnit
from sitroom.store.queries import ActorMention, DatedQuote


def _accused_and_denied(deny_article: str, deny_date: str) -> list[Event]:
    """An accusation of Moscow, its denial and a bystander's rejection in one text."""
    text = f"{ACCUSE} {DENY} {FRANCE}"
    bystander = make_event("a1", text, FRANCE, "rejected", "REJECT", [("Paris", "FRA")],
                           [("Moscow", "RUS")], "2022-01-10")  # fmt: skip
    return [accusation("a1", text), denial(deny_article, text, deny_date), bystander]


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
    acc = accusation("a1", ACCUSE)
    on_topic = "Moscow denied massing troops near the Ukrainian frontier."
    off_topic = "Moscow denied that its tennis federation had broken any doping rule."
    for text, paired in ((on_topic, True), (off_topic, False)):
        deny = make_event("a3", text, text, "denied", "REJECT", [("Moscow", "RUS")], [],
                          "2022-01-11")  # fmt: skip
        found = pair_claims([acc, deny], [])
        assert bool(found) is paired, text


def _quote(
    qid: str, article_id: str, text: str, cue: str, content: str, speaker: str
) -> DatedQuote:
    return dated(make_quote(qid, article_id, text, cue, content, speaker))


def test_accusation_quote_answered_by_a_denying_quote() -> None:
    text = (
        "A State Department spokesman alleged that Russian units were massing near the border."
        " The Russian embassy said the report was completely false."
    )
    inner = "Russian units were massing near the border"
    mobilize = make_event(
        "q1", text, inner, "massing", "MOBILIZE", [("Russian units", "RUS")], [], "2022-01-12"
    )
    accusing = _quote("qa", "q1", text, "alleged", inner, "USA")
    denying = _quote("qb", "q1", text, "said", "the report was completely false", "RUS")
    arts = {"q1": meta("q1", date="2022-01-12")}
    (claim,) = pair_claims([mobilize], [accusing, denying], articles=arts)
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
    )
    turn_quote = _quote("qt", "q1", text, ":", turn, "USA")
    denying = _quote("qb", "q1", text, "said", "the report was completely false", "RUS")
    arts = {"q1": meta("q1", date="2022-01-12")}
    assert pair_claims([mobilize], [turn_quote, denying], articles=arts) == []
    # the same words as a quote of their own are an accusation
    own = f"Antony Blinken alleged that {inner}. The Russian embassy said the report was false."
    mobilize = make_event(
        "q1", own, inner, "massing", "MOBILIZE", [("Russian units", "RUS")], [], "2022-01-12"
    )
    accusing = _quote("qa", "q1", own, "alleged", inner, "USA")
    denying = _quote("qb", "q1", own, "said", "the report was false", "RUS")
    (claim,) = pair_claims([mobilize], [accusing, denying], articles=arts)
    assert claim.claim["quote_id"] == "qa"


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
    ) -> Event:
        return make_event("n1", text, sentence, trigger, type_, src, tgt, "2022-01-20", **kw)

    acc = event(acc_sentence, "accused", "ACCUSE", [("London", "GBR")], [("Moscow", "RUS")])
    alleged = event("Moscow of planning an attack on Ukraine", "attack", "ASSAULT",
                    [("Moscow", "RUS")], [("Ukraine", "UKR")], event_id="inner",
                    modality="future")  # fmt: skip
    deny = event("Russia has no plans to attack Ukraine, the Kremlin said.", "attack", "ASSAULT",
                 [("Russia", "RUS")], [("Ukraine", "UKR")], event_id="deny",
                 modality="negated")  # fmt: skip
    unrelated = event("Russia did not agree to new talks.", "agree", "AGREE", [("Russia", "RUS")],
                      [], event_id="other", modality="negated")  # fmt: skip
    (claim,) = pair_claims([acc, alleged, deny, unrelated], [])
    assert claim.response["event_id"] == "deny"
    assert claim.response["kind"] == "denial"
    # a negated act inside the accusation's own sentence is part of it, not an answer
    own = event(acc_sentence, "attack", "ASSAULT", [("Moscow", "RUS")], [("Ukraine", "UKR")],
                event_id="own", modality="negated")  # fmt: skip
    assert pair_claims([acc, alleged, own], []) == []
    assert pair_claims([acc, alleged, unrelated], []) == []


def _mention(start: int, end: int, actor_id: str, name: str, country: str) -> ActorMention:
    return ActorMention(start, end, ActorRef(actor_id, name, country, None))


def test_a_bare_claim_is_answered_by_a_sentence_that_calls_it_false() -> None:
    claim_text = "Moscow said American mercenaries were shelling villages in the east."
    reply = "A Pentagon spokesman called the claim completely false."
    text = f"{claim_text} {reply}"
    content = "American mercenaries were shelling villages in the east"
    shelling = make_event("k1", text, content, "shelling", "ASSAULT",
                          [("American", "USA")], [], "2022-01-12")  # fmt: skip
    quote = _quote("qk", "k1", text, "said", content, "RUS")
    pentagon = text.index("Pentagon")
    ment = {
        "k1": [
            _mention(0, 6, "RUS", "Russia", "RUS"),
            _mention(12, 20, "USA", "United States", "USA"),
            _mention(pentagon, pentagon + 8, "USA", "United States", "USA"),
        ]
    }
    start = text.index(reply)
    unit = TextUnit("k1", start, start + len(reply), reply, None)
    arts = {"k1": meta("k1", date="2022-01-12")}
    (claim,) = pair_claims([shelling], [quote], articles=arts, mentions=ment,
                           sentences=[unit])  # fmt: skip
    assert claim.claim["quote_id"] == "qk" and "USA" in claim.claim["accused"]
    assert claim.response["kind"] == "denial" and "USA" in claim.response["actors"]
    assert claim.response["evidence"]["trigger"]["text"] == "false"
    # the same reply printed by another article does not answer a bare claim
    other = {"k2": [replace(m, start=m.start - start, end=m.end - start)
                    for m in ment["k1"][2:]]}  # fmt: skip
    far = TextUnit("k2", 0, len(reply), reply, None)
    assert pair_claims([shelling], [quote], articles=arts,
                       mentions={"k1": ment["k1"][:2], **other}, sentences=[far]) == []  # fmt: skip


def test_rejecting_a_demand_does_not_answer_an_accusation() -> None:
    accuse = "Moscow accused NATO of aggression near its borders."
    refuse = "NATO rejected the Russian demands on Wednesday."
    text = f"{accuse} {refuse}"
    acc = make_event("r1", text, accuse, "accused", "ACCUSE", [("Moscow", "RUS")],
                     [("NATO", "NATO")], "2022-01-12")  # fmt: skip
    rej = make_event("r1", text, refuse, "rejected", "REJECT", [("NATO", "NATO")],
                     [("Russian", "RUS")], "2022-01-12")  # fmt: skip
    assert pair_claims([acc, rej], []) == []


def test_the_word_lists_build_the_patterns_the_pairing_uses() -> None:
    """The accusation and denial words are vocabulary files; the regular expressions built
    from them (a noun "claims" is no accusation, a "false flag" no denial)."""
    assert claims.accuse_words().pattern == (
        r"\b(accus\w*|alleg\w*|blam\w*|claim(?:ed|ing)\b|claims? that|charg(?:e|ed|es|ing)\b"
        r"|fabricat\w*)"
    )
    assert claims.deny_words().pattern == (
        r"\b(den(?:y|ies|ied|ying|ial)|reject\w*|dismiss\w*|refut\w*|rebuff\w*|debunk\w*"
        r"|ruled? out"
        r"|rules out|completely false(?!\s+flag)|false(?!\s+flag)|untrue|baseless|groundless"
        r"|unfounded|nonsense"
        r"|lies?\b|fake|propaganda|no (?:such )?plans?|not (?:planning|going to))"
    )
    assert claims.refers_words().pattern == (
        r"\b(accusations?|allegations?|claims?|assertions?|charges?|reports?|rumou?rs?)\b"
    )
    assert claims.denial_words().pattern == (
        r"\b(den(?:y|ies|ied|ying|ial)|false(?!\s+flag)|untrue|not true|baseless|groundless"
        r"|unfounded|lies?|no plans?)\b"
    )
    assert all(p.flags & 2 for p in (claims.accuse_words(), claims.denial_words()))  # re.I
    assert claims.hostile_types() == {
        "ASSAULT", "COERCE", "MOBILIZE", "THREATEN", "SANCTION", "PROTEST"}  # fmt: skip
