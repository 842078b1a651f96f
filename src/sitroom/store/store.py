"""The store: one DuckDB file (embedded, nothing to start) with versioned migrations.

Writes of a batch are one transaction. Nested records (spans, actor lists, candidates) are
kept as JSON text so that exports give back exactly the contract's shape.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from sitroom.errors import E, SitroomError
from sitroom.records import Article, Extraction, Rejected
from sitroom.store.batches import IngestCounts as IngestCounts  # the pipeline imports it here
from sitroom.store.batches import write_extractions, write_ingested
from sitroom.store.check import StoreCheck, check_once, foreign_reason, store_error
from sitroom.store.migrations import MIGRATIONS
from sitroom.store.rows import dumps, loads, now, row_to_article, row_to_event, row_to_quote

ARTICLE_EXPORT_FIELDS = (
    "article_id",
    "source_path",
    "url",
    "outlet",
    "title",
    "byline",
    "date",
    "date_precision",
    "date_conflict",
    "date_candidates",
    "language",
    "text",
)


#: The tables :meth:`Store.count` counts.
TABLES = frozenset(
    {"articles", "inputs", "quotes", "events", "actors", "mentions", "sentences", "runs",
     "clusters", "claims"}
)  # fmt: skip


class Store:
    """A sitroom database. Use as a context manager; migrations run on open."""

    #: The snapshot a served view reads (set by :class:`sitroom.store.live.LiveStore`).
    generation: int = 0

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            if read_only:
                self.con = duckdb.connect(self.path, read_only=True)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.con = duckdb.connect(self.path)
        except duckdb.Error as exc:
            raise store_error(exc, self.path) from exc
        try:
            if reason := foreign_reason(self.con):  # never write sitroom's tables into it
                raise SitroomError(E.E033, path=self.path, detail=reason)
            if not read_only:
                MIGRATIONS.apply(self.con)
        except (duckdb.Error, SitroomError) as exc:
            self.con.close()
            if isinstance(exc, SitroomError):
                raise
            raise store_error(exc, self.path) from exc

    # ------------------------------------------------------------------ lifecycle
    def view(self) -> Store:
        """This store on a cursor of its own: cheap, and safe for a reader in another thread
        (opening the file again costs about 100 ms). Close the view when done."""
        view = Store.__new__(Store)
        view.path, view.read_only, view.con = self.path, self.read_only, self.con.cursor()
        return view

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, list(params))
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def health(self) -> StoreCheck:
        """Is the store sound? All of it is read on the first call, then remembered while
        the file is unchanged (:func:`sitroom.store.check.check_once`)."""
        return check_once(self.con, self.path, self.generation)

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise ValueError(table)
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ runs
    def start_run(self, command: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, NULL, 'running', NULL)",
            [run_id, command, now()],
        )
        return run_id

    def finish_run(self, run_id: str, status: str, stats: dict[str, Any]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE run_id = ?",
            [now(), status, dumps(stats), run_id],
        )

    # ------------------------------------------------------------------ ingest
    def known_input_hashes(self) -> set[str]:
        return {r[0] for r in self.con.execute("SELECT content_hash FROM inputs").fetchall()}

    def iter_dedupe_keys(self) -> Iterator[tuple[str, str, str | None, str | None]]:
        """(article_id, text, outlet, copy_group) of stored articles, to seed the deduper."""
        cur = self.con.cursor()
        cur.execute(
            "SELECT article_id, text, outlet, copy_group FROM articles ORDER BY ingested_at"
        )
        while batch := cur.fetchmany(256):
            for row in batch:
                yield row[0], row[1], row[2], row[3]

    def confident_dates(self, limit: int = 200) -> list[str]:
        """Day-precision dates the store is sure of (latest ingested first): the reference
        that dates a text saying only "Jan. 21" or "Thursday"."""
        rows = self.con.execute(
            "SELECT date FROM articles WHERE date IS NOT NULL AND date_precision = 'day'"
            " AND date_confidence >= 0.6 ORDER BY ingested_at DESC LIMIT ?",
            [limit],
        ).fetchall()
        return [r[0].isoformat() for r in reversed(rows)]

    def add_ingested(
        self,
        articles: Sequence[tuple[Article, str]],
        rejected: Sequence[tuple[Rejected, str, str]],
        run_id: str,
        files: Sequence[tuple[str, str, str]] = (),
    ) -> IngestCounts:
        """Store a batch of new articles (with their input hash), rejected inputs (with
        their hash and format) and the files read to their end (hash, path, format) in one
        transaction."""
        return write_ingested(self.con, articles, rejected, run_id, files)

    def quarantined(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT source_path, code, reason, seen_at FROM inputs"
            " WHERE status = 'quarantined' ORDER BY seen_at, source_path"
        )

    # ------------------------------------------------------------------ processing
    def unprocessed_ids(
        self, *, language: str = "en", include_duplicates: bool = True
    ) -> list[str]:
        sql = "SELECT article_id FROM articles WHERE processed_at IS NULL AND language = ?"
        if not include_duplicates:
            sql += " AND duplicate_of IS NULL"
        return [
            r[0] for r in self.con.execute(sql + " ORDER BY ingested_at", [language]).fetchall()
        ]

    def load_articles(self, ids: Sequence[str]) -> list[Article]:
        if not ids:
            return []
        rows = self._rows(
            "SELECT * FROM articles WHERE article_id IN (SELECT unnest(?))", [list(ids)]
        )
        by_id = {r["article_id"]: row_to_article(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def add_extractions(
        self, results: Iterable[Extraction], coder: str | None = None
    ) -> dict[str, int]:
        """Replace the extraction results of a batch of articles, in one transaction;
        ``coder`` is recorded as the event coder of those articles."""
        return write_extractions(self.con, results, coder)

    def recode_ids(self, coder: str, *, language: str = "en") -> list[str]:
        """Processed articles whose events another coder than ``coder`` made: recorded as
        coded by another, or (processed before the coder was recorded) with an event of
        another coder or with no event at all."""
        return [
            r[0]
            for r in self.con.execute(
                "SELECT a.article_id FROM articles a WHERE a.processed_at IS NOT NULL"
                " AND a.language = ? AND (a.coder <> ? OR (a.coder IS NULL AND ("
                " NOT EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.article_id)"
                " OR EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.article_id"
                " AND e.coder IS DISTINCT FROM ?)))) ORDER BY a.ingested_at, a.article_id",
                [language, coder, coder],
            ).fetchall()
        ]

    def refresh_actor_counts(self) -> None:
        self.con.execute(
            "UPDATE actors SET n_mentions = (SELECT count(*) FROM mentions m"
            " WHERE m.actor_id = actors.actor_id)"
        )

    # ------------------------------------------------------------------ reading
    def articles(self, *, with_text: bool = True) -> Iterator[dict[str, Any]]:
        """Articles in the export contract's shape, streamed."""
        cur = self.con.cursor()
        cur.execute("SELECT * FROM articles ORDER BY date NULLS LAST, article_id")
        cols = [d[0] for d in cur.description]
        while batch := cur.fetchmany(256):
            for row in batch:
                rec = dict(zip(cols, row, strict=True))
                out = {k: rec[k] for k in ARTICLE_EXPORT_FIELDS}
                out["date"] = rec["date"].isoformat() if rec["date"] else None
                out["date_candidates"] = loads(rec["date_candidates"]) or []
                out["duplicate_of"] = rec["duplicate_of"]
                out["copy_group"] = rec["copy_group"]
                if not with_text:
                    out.pop("text")
                yield out

    def article(self, article_id: str) -> dict[str, Any] | None:
        """Every column of an article (JSON columns read, date as text), or None."""
        rows = self._rows("SELECT * FROM articles WHERE article_id = ?", [article_id])
        if not rows:
            return None
        rec = rows[0]
        for key in ("date_candidates", "foreign_fragments", "removed_lines"):
            rec[key] = loads(rec[key])
        rec["date"] = rec["date"].isoformat() if rec["date"] else None
        return rec

    def quotes(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        speaker: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Quotes in the export contract's shape, by date, article and position (then id, so that
        two quotes at one position always come in the same order)."""
        where, params = date_filter("q.date", date_from, date_to)
        if speaker:
            where.append("q.speaker_id = ?")
            params.append(speaker)
        if article_id:
            where.append("q.article_id = ?")
            params.append(article_id)
        sql = "SELECT q.* FROM quotes q"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY q.date NULLS LAST, q.article_id, q.content_start, q.quote_id"
        sql += paging(limit, offset)
        return [row_to_quote(r) for r in self._rows(sql, params)]

    def events(
        self,
        *,
        date_from: str | None = None,
        date_to: str | None = None,
        actor: str | None = None,
        type: str | None = None,
        article_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
        min_confidence: float = 0.0,
    ) -> list[dict[str, Any]]:
        """Events in the export contract's shape (``type`` in any case, ``actor`` on either
        side, confidence at least ``min_confidence``), by date, article and position."""
        where, params = date_filter("date", date_from, date_to)
        if min_confidence > 0:
            where.append("confidence >= ?")
            params.append(min_confidence)
        if actor:
            where.append("(list_contains(source_ids, ?) OR list_contains(target_ids, ?))")
            params += [actor, actor]
        if type:
            where.append("type = ?")
            params.append(type.upper())
        if article_id:
            where.append("article_id = ?")
            params.append(article_id)
        sql = "SELECT * FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date NULLS LAST, article_id, evidence_start, event_id"
        sql += paging(limit, offset)
        return [row_to_event(r) for r in self._rows(sql, params)]

    def actors(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT actor_id, name, country, sector, role, inferred, evidence, n_mentions"
            " FROM actors ORDER BY n_mentions DESC, actor_id"
        )


def date_filter(
    column: str, date_from: str | None, date_to: str | None
) -> tuple[list[str], list[Any]]:
    """SQL conditions and parameters keeping ``column`` within the given days."""
    where: list[str] = []
    params: list[Any] = []
    if date_from:
        where.append(f"{column} >= CAST(? AS DATE)")
        params.append(date_from)
    if date_to:
        where.append(f"{column} <= CAST(? AS DATE)")
        params.append(date_to)
    return where, params


def paging(limit: int | None, offset: int) -> str:
    """The LIMIT clause of a page (nothing when ``limit`` is None)."""
    if limit is None:
        return ""
    return f" LIMIT {int(limit)} OFFSET {int(offset)}"
