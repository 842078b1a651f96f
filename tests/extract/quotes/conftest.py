"""Shared fixtures of the quote tests: one parser and one actor resolver per module."""

from __future__ import annotations

import pytest

from sitroom.extract.actors.resolver import ActorResolver
from sitroom.nlp import Parser


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser()


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()
