"""Fixtures of the events tests."""

from __future__ import annotations

import pytest

from sitroom.extract.actors.resolver import ActorResolver


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    """The real actors stage (the packaged actor base)."""
    return ActorResolver()
