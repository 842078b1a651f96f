"""A damaged or foreign store is found (``check_store``), named E033, and never written into."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from builders import build_web_store
from sitroom.errors import SitroomError
from sitroom.store.check import check_store
from sitroom.store.store import Store


def damaged_copy(src: Path, dst: Path) -> Path:
    """``src`` with one byte flipped in every storage block after the first: the file still
    opens, and the rows of some tables no longer read (DuckDB's block checksums)."""
    data = bytearray(src.read_bytes())
    for offset in range(12288 + 262144, len(data), 262144):
        data[offset + 100] ^= 0xFF
    dst.write_bytes(bytes(data))
    return dst


@pytest.fixture(scope="module")
def sound(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("check") / "sound.duckdb"
    build_web_store(path)
    return path


def test_a_sound_store_passes_with_its_rows(sound: Path) -> None:
    verdict = check_store(str(sound))
    assert verdict.ok, verdict.problems
    assert verdict.rows["articles"] == 2 and verdict.rows["events"] == 4


def test_damaged_blocks_are_found_and_named(sound: Path, tmp_path: Path) -> None:
    bad = damaged_copy(sound, tmp_path / "bad.duckdb")
    with Store(bad, read_only=True) as store:  # opens: the damage is in the rows
        assert store.count("articles") == 2
    verdict = check_store(str(bad))
    assert not verdict.ok
    assert all(p.startswith("E033: ") and "\n" not in p for p in verdict.problems)
    assert any("checksum" in p for p in verdict.problems)


@pytest.mark.parametrize(
    "content", [b"not a database at all\n" * 50, b"\x00" * 8192], ids=["text", "zeros"]
)
def test_a_file_that_is_no_database_is_e033_on_open(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.duckdb"
    path.write_bytes(content)
    for read_only in (True, False):
        with pytest.raises(SitroomError, match=r"^E033: "):
            Store(path, read_only=read_only)
    assert not check_store(str(path)).ok


def test_a_store_cut_short_is_damaged(sound: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.duckdb"
    data = sound.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert not check_store(str(cut)).ok


def test_a_foreign_duckdb_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE measurements (station VARCHAR, value DOUBLE)")
    con.close()
    with pytest.raises(SitroomError, match=r"E033: .*another program"):
        Store(path)
    con = duckdb.connect(str(path), read_only=True)
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    con.close()
    assert tables == {"measurements"}
    assert "another program" in check_store(str(path)).problems[0]


def test_a_store_missing_a_table_is_reported(sound: Path, tmp_path: Path) -> None:
    path = tmp_path / "dropped.duckdb"
    path.write_bytes(sound.read_bytes())
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE claims")
    con.close()
    verdict = check_store(str(path))
    assert verdict.problems == [
        f"E033: the store {path} is damaged or is not a sitroom store: table claims is missing"
        " (`sitroom check` reads all of it; restore a copy or build a new store with"
        " `sitroom run`)"
    ]
