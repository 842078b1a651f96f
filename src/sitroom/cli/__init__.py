"""The ``sitroom`` command line: a thin click layer over the library.

``commands`` holds the group and the commands that feed and read the store, ``picture`` the
timeline, escalation and briefing commands, ``evaluate`` the scores and the benchmark;
``common`` what they share, and the exit codes: 0 success; 1 the run finished but some inputs
were rejected (quarantined); 2 usage error; 3 an error stopped the command; 4 a damaged or
foreign store; 5 a bug; 130 interrupted.
"""

from __future__ import annotations

from sitroom.cli import evaluate, intake, picture
from sitroom.cli.commands import cli

__all__ = ["cli", "evaluate", "intake", "main", "picture"]


def main() -> None:
    cli(prog_name="sitroom")
