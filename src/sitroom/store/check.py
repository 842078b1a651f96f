"""Is this file a sound sitroom store? What DuckDB says when it is not, in our own codes.

A store is *damaged* when DuckDB cannot read some of its blocks (a checksum that does not
match, a file cut short, a header overwritten) and *foreign* when it is a DuckDB file that
sitroom did not write (no ``_migrations`` table, or tables without the columns sitroom reads).
Both are E033; a store held by another process is E034. :func:`check_store` reads every row
of every table once, so that damage anywhere is found before a page or an export meets it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from sitroom.errors import E, SitroomError
from sitroom.store.migrations import MIGRATIONS

#: DuckDB's own error type: what a query on a damaged store raises.
DatabaseError = duckdb.Error

#: The tables sitroom writes, which every sound store has.
STORE_TABLES = (
    "_migrations", "articles", "inputs", "sentences", "mentions", "actors", "quotes", "events",
    "runs", "clusters", "claims",
)  # fmt: skip

_LOCKED = ("could not set lock", "conflicting lock")


def store_error(exc: BaseException, path: str, where: str = "") -> SitroomError:
    """Our coded error for what DuckDB raised on the store at ``path`` (``where``: which part
    was being read)."""
    detail = where + " ".join(str(exc).split())[:300]
    if any(word in detail.lower() for word in _LOCKED):
        found = re.search(r"PID (\d+)", detail)
        return SitroomError(
            E.E034, path=path, detail=f"process {found[1]}" if found else where + "another process"
        )
    return SitroomError(E.E033, path=path, detail=detail)


@dataclass
class StoreCheck:
    """The verdict on a store: ``problems`` empty when sound; rows counted per table."""

    path: str
    problems: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    unfinished_runs: int = 0
    unprocessed: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "ok": self.ok,
            "problems": list(self.problems),
            "rows": dict(self.rows),
            "unfinished_runs": self.unfinished_runs,
            "unprocessed": self.unprocessed,
        }


def foreign_reason(con: duckdb.DuckDBPyConnection) -> str | None:
    """Why a DuckDB file is not a sitroom store (None when it is one, or is empty)."""
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    if not tables or "_migrations" in tables:
        return None
    shown = ", ".join(sorted(tables)[:5]) + (", ..." if len(tables) > 5 else "")
    return f"a DuckDB file of another program (tables: {shown}; no _migrations table)"


def _expected_columns() -> dict[str, list[str]]:
    con = duckdb.connect(":memory:")
    try:
        MIGRATIONS.apply(con)
        return {t: _columns(con, t) for t in STORE_TABLES}
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]


def check_store(path: str) -> StoreCheck:
    """Open ``path`` read-only and read all of it; never raises for what it finds.

    Raises E001 when there is no file and E034 when another process holds it."""
    if not Path(path).is_file():
        raise SitroomError(E.E001, path=path)
    try:
        con = duckdb.connect(path, read_only=True)
    except duckdb.Error as exc:
        err = store_error(exc, path)
        if err.code is E.E034:
            raise err from exc
        return StoreCheck(path, problems=[err.message])
    try:
        return check_connection(con, path)
    finally:
        con.close()


_CHECKED: dict[tuple[str, int, int], StoreCheck] = {}


def check_once(con: duckdb.DuckDBPyConnection, path: str, generation: int = 0) -> StoreCheck:
    """:func:`check_connection`, remembered while the file keeps its size and time (what a
    server's health answer reads: the whole store is read on the first call only). A served
    snapshot (``generation`` set, :mod:`sitroom.store.live`) is remembered by its generation:
    the file at ``path`` may already be a newer one that this connection does not read."""
    try:
        st = Path(path).stat()
    except OSError as exc:
        return StoreCheck(path, problems=[E.E033.render(path=path, detail=str(exc))])
    key: tuple[str, int, int] = (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)
    if generation:
        key = (str(Path(path).resolve()), generation, -1)
    if key not in _CHECKED:
        _CHECKED[key] = check_connection(con, path)
    return _CHECKED[key]


def check_connection(con: duckdb.DuckDBPyConnection, path: str) -> StoreCheck:
    """Check the store open on ``con`` (see :func:`check_store`)."""
    result = StoreCheck(path)
    try:
        reason = foreign_reason(con)
    except duckdb.Error as exc:
        result.problems.append(store_error(exc, result.path).message)
        return result
    if reason:
        result.problems.append(E.E033.render(path=result.path, detail=reason))
        return result
    for table, columns in _expected_columns().items():
        try:
            have = _columns(con, table)
        except duckdb.Error:
            result.problems.append(
                E.E033.render(path=result.path, detail=f"table {table} is missing")
            )
            continue
        if missing := [c for c in columns if c not in have]:
            detail = f"table {table} lacks columns {', '.join(missing)}"
            result.problems.append(E.E033.render(path=result.path, detail=detail))
            continue
        try:  # every value of every column read once: a damaged block anywhere shows
            row = con.execute(f"SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM {table}")
            result.rows[table] = int(row.fetchone()[0])  # type: ignore[index]
        except duckdb.Error as exc:
            result.problems.append(store_error(exc, result.path, f"table {table}: ").message)
    if result.ok:
        result.unfinished_runs = _scalar(con, "SELECT count(*) FROM runs WHERE status = 'running'")
        result.unprocessed = _scalar(
            con, "SELECT count(*) FROM articles WHERE processed_at IS NULL AND language = 'en'"
        )
    return result


def _scalar(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row else 0
