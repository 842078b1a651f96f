from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from sitroom.store.migrations import MIGRATIONS, Migrations
from sitroom.store.store import Store


def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    first = MIGRATIONS.apply(con)
    assert first == [name for name, _ in MIGRATIONS.steps]
    assert MIGRATIONS.apply(con) == []
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    for needed in ("articles", "sentences", "actors", "mentions", "quotes", "events", "runs"):
        assert needed in tables


def test_failed_migration_rolls_back_and_is_not_recorded(tmp_path: Path) -> None:
    con = duckdb.connect(str(tmp_path / "m.duckdb"))
    steps = Migrations("test")

    @steps
    def m1_good(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("CREATE TABLE a (x INTEGER)")

    @steps
    def m2_bad(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("CREATE TABLE b (x INTEGER)")
        c.execute("SELECT * FROM no_such_table")

    with pytest.raises(duckdb.CatalogException):
        steps.apply(con)
    assert steps.pending(con) == ["m2_bad"]
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert "a" in tables and "b" not in tables


def test_reopening_a_store_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.start_run("test")
    with Store(path) as store:
        assert store.count("runs") == 1


def _store_at(path: Path, *names: str) -> duckdb.DuckDBPyConnection:
    """A connection to a new store holding only the migrations ``names`` (an older sitroom's)."""
    con = duckdb.connect(str(path))
    old = Migrations("sitroom")
    old.steps = [(n, fn) for n, fn in MIGRATIONS.steps if n in names]
    old.apply(con)
    return con


def test_a_store_from_before_provenance_gains_the_column_and_keeps_its_events(
    tmp_path: Path,
) -> None:
    con = _store_at(tmp_path / "old.duckdb", "m001_initial", "m002_picture")
    con.execute(
        "INSERT INTO events (event_id, article_id, type, modality, source, target, evidence,"
        " confidence, coder) VALUES ('e1', 'a1', 'ASSAULT', 'asserted', '[]', '[]',"
        ' \'{"text": "x", "start": 0, "end": 1, "trigger": {"text": "x", "start": 0, "end": 1}}\','
        " 0.5, 'rules.v1')"
    )
    con.close()
    with Store(tmp_path / "old.duckdb") as store:
        (ev,) = store.events()
        assert ev["provenance"] is None and ev["coder"] == "rules.v1"
    with Store(tmp_path / "old.duckdb") as store:  # re-opening applies nothing twice
        assert store.count("events") == 1


def test_a_store_from_before_speaker_how_gains_the_column_and_keeps_its_quotes(
    tmp_path: Path,
) -> None:
    con = _store_at(tmp_path / "old.duckdb", "m001_initial", "m002_picture")
    con.execute(
        "INSERT INTO quotes (quote_id, article_id, kind, cue, content, source, speaker,"
        " speaker_id, content_start, confidence) VALUES ('q1', 'a1', 'direct',"
        ' \'{"text": "said", "start": 0, "end": 4}\', \'{"text": "x", "start": 5, "end": 6}\','
        " 'null', 'null', NULL, 5, 0.5)"
    )
    con.close()
    with Store(tmp_path / "old.duckdb") as store:
        (q,) = store.quotes()
        assert q["speaker_how"] == "" and q["kind"] == "direct"
    with Store(tmp_path / "old.duckdb") as store:  # re-opening applies nothing twice
        assert store.count("quotes") == 1
