"""Crash safety: ``ingest`` and ``process`` killed (``kill -9``, or Ctrl-C) at random points
and run again end with the store an uninterrupted run gives: no article, quote or event lost
or doubled, and a file cut off half-way is read again, not taken as read.

Each trial forks a child that runs the stage over a store whose connection counts the
statements it sends; at a statement drawn at random (several seeds) the child kills itself
with SIGKILL (or raises KeyboardInterrupt, as Ctrl-C does), inside or between transactions.
The parent then runs the stage to its end, sometimes after a second interrupted attempt, and
compares the store with the uninterrupted one. The inputs are short reports we wrote.
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitroom import pipeline
from sitroom.config import Settings
from sitroom.picture.corroborate import stored_clusters
from sitroom.pipeline import Extractor, ingest_paths, process
from sitroom.store.store import Store

SEEDS = (11, 23)
KILLS_PER_SEED = 3  # per stage: 2 seeds x 3 = 6 kill points, each with its own interrupt

PEOPLE = [
    ("Russian Foreign Minister Sergei Lavrov", "Moscow", "Kyiv"),
    ("Ukrainian President Volodymyr Zelensky", "Kyiv", "Moscow"),
    ("NATO Secretary General Jens Stoltenberg", "the alliance", "Russia"),
    ("US Secretary of State Antony Blinken", "Washington", "Moscow"),
]
ACTS = [
    "{who} said on {day} that {own} would not attack {other}.",
    '"We are ready to talk," {who} told reporters on {day}, adding that {own} wanted a deal.',
    "{who} accused {other} of shelling villages near the border on {day}.",
    "{who} said {own} would send more troops to the border, officials said on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def report(n: int) -> str:
    who, own, other = PEOPLE[n % len(PEOPLE)]
    lines = [
        act.format(who=who, own=own, other=other, day=DAYS[(n + k) % len(DAYS)])
        for k, act in enumerate(ACTS[: 2 + n % 3])
    ]
    return f"Report number {n} from the border talks. " + " ".join(lines)


def write_inputs(root: Path) -> list[Path]:
    """Single texts, a JSON lines file of several records, a zip of two texts and a text
    dated only by the others (normalized at the end of the run)."""
    root.mkdir()
    for n in range(3):
        (root / f"text_{n}.txt").write_text(
            f"Border talks, day {n}\n2022-01-1{n}\n\n{report(n)}\n", encoding="utf-8"
        )
    rows = [
        {"title": f"Wire {n}", "text": report(n), "date": f"2022-01-{12 + n % 5:02d}"}
        for n in range(3, 11)
    ]
    (root / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in (11, 12):
            z.writestr(f"zipped_{n}.txt", f"Zipped {n}\n2022-01-20\n\n{report(n)}\n")
    (root / "bundle.zip").write_bytes(buf.getvalue())
    (root / "undated.txt").write_text(
        "Talks resume\n\nDelegations said on Thursday that talks which opened on January 10"
        f" would resume. {report(13)}\n",
        encoding="utf-8",
    )
    return [root]


class CountingConnection:
    """A DuckDB connection that counts statements and interrupts at the ``stop_at``-th."""

    def __init__(self, con: Any, stop_at: int | None, how: str) -> None:
        self._con, self.stop_at, self.how, self.calls = con, stop_at, how, 0

    def _tick(self) -> None:
        self.calls += 1
        if self.stop_at is not None and self.calls >= self.stop_at:
            if self.how == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            raise KeyboardInterrupt

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        self._tick()
        return self._con.execute(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


Stage = Callable[[Store], object]


def run_counted(db: Path, stage: Stage, stop_at: int | None = None, how: str = "kill") -> int:
    """Run ``stage`` on ``db``; return the statements it sent (None: no interruption)."""
    store = Store(db)
    counting = CountingConnection(store.con, stop_at, how)
    store.con = counting  # type: ignore[assignment]
    try:
        stage(store)
    finally:
        store.con = counting._con
        store.close()
    return counting.calls


def interrupted(db: Path, stage: Stage, stop_at: int, how: str, may_finish: bool = False) -> None:
    """Run ``stage`` in a forked child stopped at statement ``stop_at`` (``may_finish``: a
    resumed run may have fewer statements left than that and end normally)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 0
        try:
            run_counted(db, stage, stop_at, how)
        except KeyboardInterrupt:
            code = 130
        except BaseException:
            code = 70
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    if may_finish and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return
    if how == "kill":
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    else:
        assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 130


def contents(db: Path) -> dict[str, list[str]]:
    """What a user would count: articles, quotes, events, clusters (sorted lists: a doubled
    record shows twice)."""
    with Store(db, read_only=True) as store:
        return {
            "articles": sorted(a["article_id"] for a in store.articles(with_text=False)),
            "quotes": sorted(q["quote_id"] for q in store.quotes()),
            "events": sorted(e["event_id"] for e in store.events()),
            "clusters": sorted(",".join(sorted(c.event_ids)) for c in stored_clusters(store)),
        }


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor.from_settings(Settings())


@pytest.fixture(autouse=True)
def preloaded(monkeypatch: pytest.MonkeyPatch, parser: Any, extractor: Extractor) -> None:
    """The parser and extractor loaded once; the forked children inherit them."""
    monkeypatch.setattr(pipeline, "_make_parser", lambda settings: parser)
    monkeypatch.setattr(Extractor, "from_settings", classmethod(lambda cls, s: extractor))


def test_ingest_and_process_survive_kills_at_random_points(tmp_path: Path) -> None:
    base = tmp_path
    inputs = write_inputs(base / "in")

    def ingest(store: Store) -> object:
        return ingest_paths(store, inputs, Settings(), batch_size=3)

    def proc(store: Store) -> object:
        return process(store, Settings(), chunk=3)

    clean = base / "clean.duckdb"
    n_ingest = run_counted(clean, ingest)
    ingested = base / "ingested.duckdb"
    shutil.copy(clean, ingested)  # the starting point of every process trial
    n_process = run_counted(clean, proc)
    expected = contents(clean)
    assert len(expected["articles"]) == 14 and expected["quotes"] and expected["events"]
    with Store(clean) as store:  # a third run reads nothing again
        assert ingest_paths(store, inputs, Settings()).documents == 0

    trials = 0
    for seed in SEEDS:
        rng = random.Random(seed)
        for k in range(KILLS_PER_SEED):
            stages = (("ingest", ingest, n_ingest), ("process", proc, n_process))
            for stage_name, stage, total in stages:
                db = base / f"{stage_name}-{seed}-{k}.duckdb"
                if stage_name == "process":
                    shutil.copy(ingested, db)
                how = "kill" if k != 1 else "interrupt"
                interrupted(db, stage, rng.randint(1, total), how)
                if k == 2:  # interrupted again while resuming
                    interrupted(db, stage, rng.randint(1, total // 2), "kill", may_finish=True)
                if stage_name == "ingest":
                    run_counted(db, ingest)
                run_counted(db, proc)
                got = contents(db)
                for kind in expected:
                    assert got[kind] == expected[kind], (stage_name, seed, k, kind)
                trials += 1
    assert trials == 2 * len(SEEDS) * KILLS_PER_SEED
