"""Helpers for the actors tests: run the resolver on a sentence, find a mention, name its actor.

Sentences are invented for these tests; seed checks read ../shared/seeds and skip without it.
"""

from __future__ import annotations

import pytest

from conftest import SHARED
from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser
from sitroom.records import Mention


def run(
    parser: Parser, resolver: ActorResolver, text: str, date: str = "2021-12-21"
) -> list[Mention]:
    mentions, _ = resolver.resolve(parser.parse_text(text, date=date))
    return mentions


def find(mentions: list[Mention], text: str, nth: int = 0) -> Mention:
    found = [m for m in mentions if m.text == text]
    assert len(found) > nth, f"{text!r} not among {[m.text for m in mentions]}"
    return found[nth]


def ident(m: Mention) -> tuple[str | None, str | None, str | None]:
    assert m.actor is not None, f"{m.text!r} unresolved"
    return m.actor.actor_id, m.actor.country, m.actor.sector


def seed(name: str) -> str:
    files = sorted((SHARED / "seeds").glob(f"{name}_*.txt"))
    if not files:
        pytest.skip("shared seeds not available")
    return files[0].read_text(encoding="utf-8")
