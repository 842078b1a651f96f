"""Role nouns: antecedents, office holders, the speaker's president, the alliance; which offices
each role noun fits, and the role-noun vocabulary's checks."""

from __future__ import annotations

import json

import pytest

from extract.actors.support import find, ident, run
from sitroom import vocab
from sitroom.errors import SitroomError
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.extract.actors.roles import RoleSpec, office_matches, role_nouns
from sitroom.nlp import Parser


def test_role_nouns(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "NATO warned of costs. Stoltenberg spoke after Vladimir Putin called Biden. "
        "The alliance will meet again, the Russian strongman was told, and the president "
        "listened."
    )
    ms = run(parser, resolver, text)
    assert ident(find(ms, "The alliance"))[0] == "NATO"
    assert ident(find(ms, "the Russian strongman"))[0] == "putin-vladimir"
    # Two presidents were named before; the one in subject position ("Putin called") wins.
    assert ident(find(ms, "the president"))[0] == "putin-vladimir"


def test_a_role_noun_with_two_competing_antecedents_stays_unresolved(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Joe Biden called and Vladimir Putin answered. The president was calm."
    assert find(run(parser, resolver, text), "The president").actor is None


def test_role_noun_without_antecedent_stays_unresolved(
    parser: Parser, resolver: ActorResolver
) -> None:
    ms = run(parser, resolver, "Officials said the alliance had not replied to the letter.")
    assert find(ms, "the alliance").actor is None


def test_deputy_minister_and_diplomat(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "Russian Deputy Foreign Minister Alexander Grushko spoke after the session. "
        "The diplomat said talks were hard. The deputy foreign minister then left."
    )
    ms = run(parser, resolver, text, date="2022-01-13")
    assert ident(find(ms, "The diplomat"))[0] == "grushko-alexander"
    assert ident(find(ms, "The deputy foreign minister"))[0] == "grushko-alexander"


def test_the_president_in_a_quote_is_the_speakers(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "President Joe Biden spoke to Vladimir Putin for an hour on Tuesday.\n\n"
        "“The president was very direct with him,” Secretary of State Antony Blinken said."
    )
    ms = run(parser, resolver, text, "2021-12-08")
    assert ident(find(ms, "The president"))[0] == "biden-joe"
    plain = run(parser, resolver, "Biden spoke to Vladimir Putin. The president was calm.")
    assert ident(find(plain, "The president"))[0] == "biden-joe"  # the subject, not the nearest


def test_the_alliance_named_later(parser: Parser, resolver: ActorResolver) -> None:
    text = "Moscow warned the alliance on Monday. NATO said it would not give in."
    assert ident(find(run(parser, resolver, text), "the alliance"))[0] == "NATO"


# ----------------------------------------------------------------------------- offices


def spec(*phrase: str) -> RoleSpec:
    return role_nouns()[phrase]


def test_a_word_role_fits_the_office_but_not_its_deputy() -> None:
    assert office_matches(spec("foreign", "minister"), "Minister of Foreign Affairs", "GOV")
    assert not office_matches(spec("foreign", "minister"), "Deputy Foreign Minister", "GOV")
    assert office_matches(spec("deputy", "foreign", "minister"), "Deputy Foreign Minister", "GOV")
    assert office_matches(spec("defense", "minister"), "Minister of Defense", "MIL")
    assert office_matches(spec("president"), "President of Russia", "GOV")
    assert not office_matches(spec("president"), "Vice President of the United States", "GOV")
    assert not office_matches(spec("minister"), "Chief of Staff to the President", "GOV")


def test_office_classes() -> None:
    diplomat, head = spec("diplomat"), spec("leader")
    assert office_matches(diplomat, "Minister of Foreign Affairs", "GOV")
    assert office_matches(diplomat, "Secretary of State", "GOV")
    assert office_matches(diplomat, "Permanent Representative to NATO", "GOV")
    assert not office_matches(diplomat, "Permanent Representative to NATO", "LEG")
    assert office_matches(head, "Prime Minister of the United Kingdom", "GOV")
    assert office_matches(head, "King of Jordan", "GOV")
    assert not office_matches(head, "Deputy Prime Minister", "GOV")
    assert not office_matches(head, "Chancellor of the Exchequer", "GOV")
    assert office_matches(spec("spokesman"), "Kremlin spokesman", "GOV")
    assert office_matches(spec("spokesperson"), "White House Press Secretary", "GOV")
    assert office_matches(spec("general"), "Chief of the General Staff", "MIL")
    assert not office_matches(spec("general"), "Minister of Defence", "GOV")
    assert office_matches(spec("senator"), "Senator from Texas", "LEG")
    assert not office_matches(spec("senator"), "Senator from Texas", "GOV")


def test_a_role_noun_file_names_one_target_and_known_classes() -> None:
    def role_file(roles: list[dict[str, object]]) -> str:
        return json.dumps(
            {"schema_version": 1, "kind": "role_nouns", "description": "d", "used_by": ["x"],
             "roles": roles, "office_classes": {"head": {"any_words": ["leader"]}}}
        )  # fmt: skip

    ok = vocab.parse(role_file([{"phrase": ["leader"], "office_class": "head"}]), "r.json")
    assert isinstance(ok, vocab.RoleNouns)
    with pytest.raises(SitroomError, match=r"E051: .*one of office_words"):
        vocab.parse(
            role_file([{"phrase": ["leader"], "office_class": "head", "office_words": ["x"]}]),
            "r.json",
        )
    with pytest.raises(SitroomError, match=r"E051: .*unknown office_class 'boss'"):
        vocab.parse(role_file([{"phrase": ["boss"], "office_class": "boss"}]), "r.json")
    with pytest.raises(SitroomError, match=r"E051: .*listed twice"):
        vocab.parse(role_file([{"phrase": ["king"], "office_words": ["king"]}] * 2), "r.json")


def test_a_state_s_office_is_its_holder_however_the_state_is_named(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = (
        "The President of Russia proposed a dialogue with Minsk. "
        "Russia's foreign minister said the talks would begin in January. "
        "German defence minister sees no sign of a withdrawal. "
        "A German general said nothing."
    )
    ms = run(parser, resolver, text, date="2022-03-01")
    assert ident(find(ms, "The President of Russia"))[0] == "putin-vladimir"
    assert ident(find(ms, "Russia's foreign minister"))[0] == "lavrov-sergey"
    assert ident(find(ms, "German defence minister"))[0] == "lambrecht-christine"
    # an indefinite "a German general" is some general of Germany, no particular person
    last = text.index("A German general")
    assert all(m.actor is None or m.actor.actor_id != "lambrecht-christine" for m in ms
               if m.start >= last)  # fmt: skip
