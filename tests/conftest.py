"""Shared fixtures: the parser (loaded once), paths to ../shared, and small stores."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"


def require(path: Path) -> Path:
    """Skip the calling test when a piece of ../shared is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def parser():  # type: ignore[no-untyped-def]
    from sitroom.nlp import Parser

    return Parser()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require(SEEDS)
