"""Denials that hold what they deny ("Moscow denied carrying out the strike"). Texts are our
own invented crisis sentences."""

from __future__ import annotations

from builders import dated, make_event, make_quote, meta
from sitroom.picture.claims import pair_claims
from sitroom.picture.denials import denied_act
from sitroom.records import ActorRef, TextUnit
from sitroom.store.queries import ActorMention

STATES = {"Kyiv": "UKR", "Moscow": "RUS", "Russian": "RUS", "Ukrainian": "UKR"}


def _claims(text: str, names: list[str]) -> list[dict[str, object]]:
    """Pair the claims of one sentence whose named actors are ``names`` (in order)."""
    mentions, at = [], 0
    for name in names:
        start = text.index(name, at)
        code = STATES[name]
        kind = "adjective" if name.endswith("ian") else "name"
        mentions.append(ActorMention(start, start + len(name), ActorRef(code, name, code, None),
                                     kind))  # fmt: skip
        at = start + len(name)
    unit = TextUnit("d1", 0, len(text), text, None)
    found = pair_claims([], [], mentions={"d1": mentions}, sentences=[unit])
    return [{"accuser": c.claim["actors"], "accused": c.claim["accused"],
             "responder": c.response["actors"], "kind": c.response["kind"]}
            for c in found]  # fmt: skip


def test_a_denied_strike_is_a_claim_by_the_side_that_reported_it() -> None:
    text = "Kyiv said a hospital was shelled overnight; Moscow denied carrying out the strike."
    assert _claims(text, ["Kyiv", "Moscow"]) == [
        {"accuser": ["UKR"], "accused": ["RUS"], "responder": ["RUS"], "kind": "denial"}
    ]


def test_a_denied_involvement_without_an_accuser_names_the_accused() -> None:
    text = "Moscow denied any involvement in the outage of Ukrainian bank websites."
    assert _claims(text, ["Moscow"]) == [
        {"accuser": [], "accused": ["RUS"], "responder": ["RUS"], "kind": "denial"}
    ]


def test_what_is_not_a_denial_of_an_act_makes_no_claim() -> None:
    for text, names in (
        ("Russian diplomats were denied entry to the summit in Kyiv.", ["Russian", "Kyiv"]),
        ("Moscow denied the request for a new round of talks.", ["Moscow"]),
        ("Kyiv urged the agency to refute reports that its inspectors had left.", ["Kyiv"]),
        # Moscow owns the claims called false: it is not Moscow's denial
        ("Moscow's false claims about laboratories were repeated on television.", ["Moscow"]),
    ):
        assert _claims(text, names) == [], text


def test_who_answers_for_another_is_not_the_accused() -> None:
    text = "Moscow rejected the accusation that Kyiv had shelled the plant."
    assert _claims(text, ["Moscow", "Kyiv"]) == []
    # the denier's own case ("Kyiv rejects Moscow's genocide claim, asks the court ...")
    text = "Kyiv rejected Moscow's genocide claim, asked the Ukrainian court to rule."
    assert _claims(text, ["Kyiv", "Moscow", "Ukrainian"]) == [
        {"accuser": ["RUS"], "accused": ["UKR"], "responder": ["UKR"], "kind": "denial"}
    ]


def test_a_false_thing_of_an_actor_is_no_denial_by_it() -> None:
    text = "Moscow is spreading a false story about laboratories in Kyiv."
    assert _claims(text, ["Moscow", "Kyiv"]) == []


def test_the_denied_objects_that_hold_an_accusation() -> None:
    held = ("denied shelling the town", "denies the bombing", "denied responsibility for",
            "dismissed the allegation of an attack", "decried a fake report on alleged shelling",
            "denial of stocking munitions", "rejected Kyiv's genocide claim")  # fmt: skip
    for text in held:
        assert denied_act(f"The ministry {text} on Monday.") is not None, text
    for text in ("denied a visa", "denied the request", "was denied access", "denied during",
                 "rejected the offer of talks", "to deny allegations that",
                 "denied the report that the border was crossed",
                 "refuted Moscow's claims of full control over the town",
                 "refuted Moscow's fake report on seizing the town"):  # fmt: skip
        assert denied_act(f"The ministry {text} on Monday.") is None, text


def test_a_side_reporting_its_own_strike_accuses_nobody() -> None:
    def pairs(content: str, src: tuple[str, str]) -> int:
        text = f"Moscow said {content}. Kyiv called the claim fake."
        strike = make_event("o1", text, content, "destroyed", "ASSAULT", [src],
                            [("Ukraine", "UKR")], "2022-07-22")  # fmt: skip
        quote = dated(make_quote("qo", "o1", text, "said", content, "RUS"))
        kyiv = text.index("Kyiv")
        ment = {"o1": [ActorMention(0, 6, ActorRef("RUS", "Russia", "RUS", None), "name"),
                       ActorMention(kyiv, kyiv + 4, ActorRef("UKR", "Ukraine", "UKR", None),
                                    "name")]}  # fmt: skip
        ment["o1"].append(
            ActorMention(
                text.index("Ukraine"),
                text.index("Ukraine") + 7,
                ActorRef("UKR", "Ukraine", "UKR", None),
                "name",
            )
        )
        reply = text.index("Kyiv called")
        unit = TextUnit("o1", reply, len(text), text[reply:], None)
        arts = {"o1": meta("o1", date="2022-07-22")}
        found = pair_claims([strike], [quote], articles=arts, mentions=ment, sentences=[unit])
        return len(found)

    # Moscow reporting its own strike is a claim, not an accusation of Kyiv
    assert pairs("its forces destroyed four launchers in Ukraine", ("its forces", "RUS")) == 0
    # Moscow saying Ukrainian units shelled a village accuses Kyiv, who answers
    assert pairs("Ukrainian units destroyed a school in Ukraine", ("Ukrainian units", "UKR")) == 1
