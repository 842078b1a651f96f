"""Shared fixtures: the parser (loaded once), paths to ../shared, and small stores."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

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


def pytest_report_header(config: pytest.Config) -> str:
    if SHARED.is_dir():
        return f"shared data: {SHARED}"
    return (
        f"shared data: NOT FOUND at {SHARED}: the evaluation gates and the tests on shared texts"
        " will be SKIPPED (put the shared folder beside the checkout, as ../shared)"
    )


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """Say loudly which tests were skipped and why, grouped by reason: a green run with the
    gates skipped is not a green run with the gates passed."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: Counter[str] = Counter()
    for rep in skipped:
        longrepr = getattr(rep, "longrepr", None)
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    write = terminalreporter.write_line
    terminalreporter.section(f"SKIPPED: {len(skipped)} tests did not run", sep="!", bold=True)
    if not SHARED.is_dir():
        write(f"../shared is missing ({SHARED}): evaluation gates and shared-data tests skipped")
    for reason, n in reasons.most_common():
        write(f"{n:4d}  {reason}")
