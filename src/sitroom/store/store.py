"""The store: one DuckDB file (embedded, nothing to start) with versioned migrations.

Writes of a batch are one transaction. Nested records (spans, actor lists, candidates) are
kept as JSON text so that exports give back exactly the contract's shape.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb

from sitroom.errors import E, SitroomError
from sitroom.records import Article, DateCandidate, Extraction, Rejected
from sitroom.store.migrations import MIGRATIONS

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


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _dumps(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


def _loads(value: str | None) -> Any:
    return None if value is None else json.loads(value)


@dataclass
class IngestCounts:
    added: int = 0
    duplicates: int = 0
    already_seen: int = 0
    rejected: int = 0


class Store:
    """A sitroom database. Use as a context manager; migrations run on open."""

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = str(path)
        self.read_only = read_only
        try:
            if read_only:
                self.con = duckdb.connect(self.path, read_only=True)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self.con = duckdb.connect(self.path)
                MIGRATIONS.apply(self.con)
        except duckdb.Error as exc:
            raise SitroomError(E.E006, detail=f"{self.path}: {exc}") from exc

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

    def count(self, table: str) -> int:
        if table not in {
            "articles",
            "inputs",
            "quotes",
            "events",
            "actors",
            "mentions",
            "sentences",
            "runs",
            "clusters",
            "claims",
        }:
            raise ValueError(table)
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0

    # ------------------------------------------------------------------ runs
    def start_run(self, command: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute(
            "INSERT INTO runs VALUES (?, ?, ?, NULL, 'running', NULL)",
            [run_id, command, _now()],
        )
        return run_id

    def finish_run(self, run_id: str, status: str, stats: dict[str, Any]) -> None:
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, stats = ? WHERE run_id = ?",
            [_now(), status, _dumps(stats), run_id],
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
    ) -> IngestCounts:
        """Store a batch of new articles (with their input hash) and rejected inputs
        (with their hash and format) in one transaction."""
        counts = IngestCounts()
        now = _now()
        self.con.execute("BEGIN TRANSACTION")
        try:
            for art, content_hash in articles:
                status = "duplicate" if art.duplicate_of else "ingested"
                exists = self.con.execute(
                    "SELECT 1 FROM articles WHERE article_id = ?", [art.article_id]
                ).fetchone()
                if exists:
                    status = "already_stored"
                    counts.already_seen += 1
                else:
                    self._insert_article(art, run_id, now)
                    counts.added += 1
                    if art.duplicate_of:
                        counts.duplicates += 1
                self._insert_input(
                    content_hash, art.source_path, art.fmt, status, art.article_id, None, None,
                    run_id, now,
                )  # fmt: skip
                self._insert_file_key(content_hash, art.source_path, art.fmt, run_id, now)
            for rej, content_hash, fmt in rejected:
                counts.rejected += 1
                self._insert_input(
                    content_hash, rej.source_path, fmt, "quarantined", None, rej.code,
                    rej.reason, run_id, now,
                )  # fmt: skip
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return counts

    def _insert_file_key(
        self, content_hash: str, source_path: str, fmt: str, run_id: str, now: datetime
    ) -> None:
        """Record the whole file's hash of a multi-document file so it is never parsed again."""
        if ":" not in content_hash:
            return
        file_hash = content_hash.split(":", 1)[0]
        file_path = source_path.split("#", 1)[0].split("!", 1)[0]
        self._insert_input(file_hash, file_path, fmt, "file", None, None, None, run_id, now)

    def _insert_input(self, *values: Any) -> None:
        self.con.execute(
            "INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            list(values),
        )

    def _insert_article(self, a: Article, run_id: str, now: datetime) -> None:
        self.con.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
            " ?, ?, ?, ?, ?, NULL)",
            [
                a.article_id,
                a.source_path,
                a.url,
                a.outlet,
                a.title,
                a.byline,
                a.kicker,
                a.date,
                a.date_precision,
                a.date_confidence,
                a.date_conflict,
                _dumps([c.to_dict() for c in a.date_candidates]),
                a.language,
                _dumps(a.foreign_fragments),
                _dumps(a.removed_lines),
                a.text,
                a.raw_hash,
                a.fmt,
                a.copy_group,
                a.duplicate_of,
                run_id,
                now,
            ],
        )

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
        by_id = {r["article_id"]: _row_to_article(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    def add_extractions(self, results: Iterable[Extraction]) -> dict[str, int]:
        """Replace the extraction results of a batch of articles, in one transaction.

        Rows are gathered per table and written with one bulk insert each (row-by-row
        inserts cost DuckDB about 150 ms per article)."""
        rows = _ExtractionRows()
        for res in results:
            rows.add(res)
        counts = {
            "articles": len(rows.article_ids),
            "quotes": len(rows.tables["quotes"]),
            "events": len(rows.tables["events"]),
            "mentions": len(rows.tables["mentions"]),
        }
        if not rows.article_ids:
            return counts
        self.con.execute("BEGIN TRANSACTION")
        try:
            ids = list(rows.article_ids)
            for table in ("sentences", "mentions", "quotes", "events"):
                self.con.execute(
                    f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids]
                )
            for table, table_rows in rows.tables.items():
                self._bulk_insert(table, table_rows)
            self.con.execute(
                "UPDATE articles SET processed_at = ? WHERE article_id IN (SELECT unnest(?))",
                [_now(), ids],
            )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        return counts

    def _bulk_insert(self, table: str, rows: dict[Any, tuple[Any, ...]]) -> None:
        if not rows:
            return
        import pyarrow as pa

        cols = [d[0] for d in self.con.execute(f"SELECT * FROM {table} LIMIT 0").description]
        data = list(zip(*rows.values(), strict=True))
        arrow = pa.table({c: list(v) for c, v in zip(cols, data, strict=True)})
        self.con.register("_sitroom_rows", arrow)
        try:
            self.con.execute(
                f"INSERT INTO {table} SELECT * FROM _sitroom_rows ON CONFLICT DO NOTHING"
            )
        finally:
            self.con.unregister("_sitroom_rows")

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
                out["date_candidates"] = _loads(rec["date_candidates"]) or []
                out["duplicate_of"] = rec["duplicate_of"]
                out["copy_group"] = rec["copy_group"]
                if not with_text:
                    out.pop("text")
                yield out

    def article(self, article_id: str) -> dict[str, Any] | None:
        rows = self._rows("SELECT * FROM articles WHERE article_id = ?", [article_id])
        if not rows:
            return None
        rec = rows[0]
        for key in ("date_candidates", "foreign_fragments", "removed_lines"):
            rec[key] = _loads(rec[key])
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
        sql += " ORDER BY q.date NULLS LAST, q.article_id, q.content_start"
        sql += _paging(limit, offset)
        out = []
        for r in self._rows(sql, params):
            out.append(
                {
                    "quote_id": r["quote_id"],
                    "article_id": r["article_id"],
                    "kind": r["kind"],
                    "cue": _loads(r["cue"]),
                    "content": _loads(r["content"]),
                    "source": _loads(r["source"]),
                    "speaker": _loads(r["speaker"]),
                    "confidence": r["confidence"],
                }
            )
        return out

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
    ) -> list[dict[str, Any]]:
        where, params = date_filter("date", date_from, date_to)
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
        sql += _paging(limit, offset)
        return [_row_to_event(r) for r in self._rows(sql, params)]

    def actors(self) -> list[dict[str, Any]]:
        return self._rows(
            "SELECT actor_id, name, country, sector, role, inferred, evidence, n_mentions"
            " FROM actors ORDER BY n_mentions DESC, actor_id"
        )


class _ExtractionRows:
    """Rows of a batch of extractions, per table, keyed by primary key (first one wins)."""

    def __init__(self) -> None:
        self.article_ids: dict[str, None] = {}
        self.tables: dict[str, dict[Any, tuple[Any, ...]]] = {
            "sentences": {},
            "mentions": {},
            "actors": {},
            "quotes": {},
            "events": {},
        }

    def add(self, res: Extraction) -> None:
        aid = res.parsed.article.article_id
        date = res.parsed.article.date
        self.article_ids[aid] = None
        t = self.tables
        for s in res.parsed.sentences:
            t["sentences"].setdefault((aid, s.index), (aid, s.index, s.start, s.end))
        for m in res.mentions:
            t["mentions"].setdefault(
                (aid, m.start),
                (aid, m.start, m.end, m.text, m.actor.actor_id if m.actor else None, m.kind,
                 m.confidence, m.antecedent),
            )  # fmt: skip
        for a in res.actors:
            t["actors"].setdefault(
                a.actor_id,
                (a.actor_id, a.name, a.country, a.sector, a.role, a.inferred, a.evidence, aid, 0),
            )
        for q in res.quotes:
            d = q.to_dict()
            t["quotes"].setdefault(
                q.quote_id,
                (q.quote_id, aid, q.kind, _dumps(d["cue"]), _dumps(d["content"]),
                 _dumps(d["source"]), _dumps(d["speaker"]),
                 q.speaker.actor_id if q.speaker else None, q.content.start, q.confidence,
                 _date(date)),
            )  # fmt: skip
        for ev in res.events:
            d = ev.to_dict()
            t["events"].setdefault(
                ev.event_id,
                (ev.event_id, aid, ev.type, ev.mode, ev.modality, _dumps(d["source"]),
                 _dumps(d["target"]), _actor_ids(d["source"]), _actor_ids(d["target"]),
                 _date(ev.date), ev.date_precision, _dumps(d["location"]), ev.cameo,
                 ev.goldstein, ev.quad_class, _dumps(d["evidence"]), ev.evidence.start,
                 ev.confidence, ev.coder, _dumps(d["speaker"])),
            )  # fmt: skip


def _date(value: str | None) -> Any:
    """An ISO date string as a ``datetime.date`` (so Arrow gives DuckDB a DATE column)."""
    if not value:
        return None
    from datetime import date

    return date.fromisoformat(value[:10])


def _actor_ids(actors: list[dict[str, Any]]) -> list[str]:
    return sorted({a["actor_id"] for a in actors if a.get("actor_id")})


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


def _paging(limit: int | None, offset: int) -> str:
    if limit is None:
        return ""
    return f" LIMIT {int(limit)} OFFSET {int(offset)}"


def _row_to_event(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_id": r["event_id"],
        "article_id": r["article_id"],
        "type": r["type"],
        "mode": r["mode"],
        "modality": r["modality"],
        "source": _loads(r["source"]),
        "target": _loads(r["target"]),
        "date": r["date"].isoformat() if r["date"] else None,
        "date_precision": r["date_precision"],
        "location": _loads(r["location"]),
        "cameo": r["cameo"],
        "goldstein": r["goldstein"],
        "quad_class": r["quad_class"],
        "evidence": _loads(r["evidence"]),
        "confidence": r["confidence"],
        "coder": r["coder"],
        "speaker": _loads(r["speaker"]),
    }


def _row_to_article(r: dict[str, Any]) -> Article:
    return Article(
        article_id=r["article_id"],
        source_path=r["source_path"],
        text=r["text"],
        title=r["title"],
        url=r["url"],
        outlet=r["outlet"],
        byline=r["byline"],
        kicker=r["kicker"],
        date=r["date"].isoformat() if r["date"] else None,
        date_precision=r["date_precision"],
        date_confidence=r["date_confidence"] or 0.0,
        date_conflict=bool(r["date_conflict"]),
        date_candidates=[DateCandidate(**c) for c in _loads(r["date_candidates"]) or []],
        language=r["language"],
        foreign_fragments=_loads(r["foreign_fragments"]) or [],
        removed_lines=_loads(r["removed_lines"]) or [],
        raw_hash=r["raw_hash"] or "",
        fmt=r["fmt"] or "text",
        copy_group=r["copy_group"],
        duplicate_of=r["duplicate_of"],
    )
