"""Pronouns: he and she only to a person of compatible gender."""

from __future__ import annotations

from extract.actors.support import find, run
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


def test_she_is_not_given_to_a_man(parser: Parser, resolver: ActorResolver) -> None:
    text = "Sergei Shoigu met Lloyd Austin in Geneva. We want calm, she said."
    she = find(run(parser, resolver, text), "she")
    assert she.actor is None and she.antecedent is None
