"""Pronouns: he and she only to a person of compatible gender, subjects first, none when two
compete; its and it to the state that speaks; they to groups."""

from __future__ import annotations

from extract.actors.support import find, ident, run
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_she_is_not_given_to_a_man(parser: Parser, resolver: ActorResolver) -> None:
    text = "Sergei Shoigu met Lloyd Austin in Geneva. We want calm, she said."
    she = find(run(parser, resolver, text), "she")
    assert she.actor is None and she.antecedent is None


def test_he_goes_to_the_subject_not_the_nearest_name(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Joe Biden spoke to Vladimir Putin by phone. He said the call was useful."
    he = find(run(parser, resolver, text), "He")
    assert ident(he)[0] == "biden-joe"
    assert he.how == "coreference" and he.antecedent == 0


def test_two_competing_subjects_leave_he_unresolved(
    parser: Parser, resolver: ActorResolver
) -> None:
    # The main clause's subject is an unnamed official, an "if" clause names Putin: either
    # could be "he", so no answer rather than a wrong one (seed 001's Shoigu sentence).
    text = (
        "Washington is weighing new export controls if Vladimir Putin moves troops, "
        "a Biden administration official told reporters. "
        "He offered no evidence for the claim."
    )
    he = find(run(parser, resolver, text), "He")
    assert he.actor is None and he.how == "unresolved"


def test_a_named_main_clause_subject_wins(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "“The president is studying the replies,” Dmitry Peskov told reporters. "
        "He added that talks would go on."
    )
    assert ident(find(run(parser, resolver, text), "He"))[0] == "peskov-dmitry"


def test_in_his_speech_is_the_subject_after_it(parser: Parser, resolver: ActorResolver) -> None:
    text = "Joe Biden met reporters. In his speech, Vladimir Putin warned the West."
    assert ident(find(run(parser, resolver, text), "his"))[0] == "putin-vladimir"


def test_its_and_it_go_to_the_state_that_speaks(parser: Parser, resolver: ActorResolver) -> None:
    ms = run(parser, resolver, "Russia says its forces destroyed four depots in the east.")
    assert ident(find(ms, "its forces"))[:3] == ("RUS", "RUS", "MIL")
    ms = run(parser, resolver, "Moscow said it would respond to the letter.")
    assert ident(find(ms, "it"))[1] == "RUS"
    ms = run(parser, resolver, "Kyiv denies the claim and its allies back it.", date="2022-03-01")
    assert not [m for m in ms if m.text == "it"]  # "back it": no actor


def test_its_in_a_conjunct_belongs_to_the_first_conjunct(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Ukraine says it is Russia and its proxies who refuse to talk."
    assert ident(find(run(parser, resolver, text), "its"))[0] == "RUS"


def test_they_goes_to_a_group_not_to_a_state(parser: Parser, resolver: ActorResolver) -> None:
    text = (
        "The Russians, according to Ukrainian intelligence, have spent most of their "
        "missiles, which they had stored for years."
    )
    ms = run(parser, resolver, text, date="2022-09-10")
    assert ident(find(ms, "their"))[1] == "RUS"
    ms = run(parser, resolver, "Russia rejected the plan. They called it a provocation.")
    assert find(ms, "They").actor is None


def test_its_in_a_to_clause_is_its_understood_subject(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "NATO members called on Russia to withdraw its troops from the border."
    troops = find(run(parser, resolver, text), "its troops")
    assert ident(troops)[:3] == ("RUS", "RUS", "MIL") and troops.how == "agent+possessive"
    assert troops.antecedent == text.index("Russia")


def test_a_reflexive_is_the_subject_of_its_own_clause(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Volodymyr Zelensky said that Oleksii Reznikov had proved himself in the post."
    assert ident(find(run(parser, resolver, text), "himself"))[0] == "reznikov-oleksii"


def test_subjects_of_the_pronouns_own_sentence_compete(
    parser: Parser, resolver: ActorResolver
) -> None:
    text = "Volodymyr Zelensky stressed that every resident has the right to protect his home."
    assert find(run(parser, resolver, text), "his").actor is None
