"""Fixtures of the actors tests: one resolver on the packaged base (the parser is the suite's)."""

from __future__ import annotations

import pytest

from sitroom.extract.actors.resolver import ActorResolver


@pytest.fixture(scope="session")
def resolver() -> ActorResolver:
    return ActorResolver()
