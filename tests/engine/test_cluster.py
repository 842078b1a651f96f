"""The Dask engine gives exactly the records of the local engine (on the seed articles)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sitroom.config import Settings
from sitroom.pipeline import ingest_paths, process
from sitroom.store.store import Store

pytest.importorskip("distributed")

#: Fields that record when something was written, not what was found.
CLOCKS = {"ingested_at", "processed_at", "run_id"}


def _exports(db: Path) -> dict[str, list[dict[str, Any]]]:
    with Store(db, read_only=True) as store:
        tables = {
            "articles": list(store.articles()),
            "quotes": list(store.quotes()),
            "events": list(store.events()),
            "actors": list(store.actors()),
        }
    return {
        name: sorted(({k: v for k, v in row.items() if k not in CLOCKS} for row in rows), key=repr)
        for name, rows in tables.items()
    }


def _run(db: Path, seeds: Path, settings: Settings) -> dict[str, list[dict[str, Any]]]:
    with Store(db) as store:
        ingest_paths(store, [seeds], settings)
        report = process(store, settings)
    assert report.articles == 5
    return _exports(db)


@pytest.mark.slow
def test_dask_engine_writes_the_records_of_the_local_engine(
    tmp_path: Path, seeds_dir: Path
) -> None:
    local = _run(tmp_path / "local.duckdb", seeds_dir, Settings())
    settings = Settings()
    settings.engine.name, settings.engine.workers, settings.engine.chunk = "dask", 2, 2
    dask = _run(tmp_path / "dask.duckdb", seeds_dir, settings)
    assert len(local["events"]) > 0 and len(local["quotes"]) > 0
    for table in local:
        assert dask[table] == local[table], table
