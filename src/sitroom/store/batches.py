"""The store's two batch writes, each one transaction: a batch of ingested articles with the
inputs they came from, and the extraction results of a batch of articles.

Extraction rows are gathered per table and written with one bulk insert each through Arrow
(row-by-row inserts cost DuckDB about 150 ms per article).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import duckdb

from sitroom.records import Article, Extraction, Rejected
from sitroom.store.rows import article_row, as_date, dumps, now

#: The tables an extraction writes, in the order they are cleared and filled.
EXTRACTION_TABLES = ("sentences", "mentions", "actors", "quotes", "events")


@dataclass
class IngestCounts:
    added: int = 0
    duplicates: int = 0
    already_seen: int = 0
    rejected: int = 0


def write_ingested(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[tuple[Article, str]],
    rejected: Sequence[tuple[Rejected, str, str]],
    run_id: str,
    files: Sequence[tuple[str, str, str]] = (),
) -> IngestCounts:
    """Store new articles (with their input hash), rejected inputs (with their hash and
    format) and files read to their end (hash, path, format: never parsed again) in one
    transaction; an article already stored is only recorded as an input."""
    counts = IngestCounts()
    at = now()
    stored = _stored_ids(con, [art.article_id for art, _ in articles])
    new_rows: dict[Any, tuple[Any, ...]] = {}
    inputs: dict[Any, tuple[Any, ...]] = {}  # first one wins, as ON CONFLICT DO NOTHING
    for art, content_hash in articles:
        status = "duplicate" if art.duplicate_of else "ingested"
        if art.article_id in stored or art.article_id in new_rows:
            status = "already_stored"
            counts.already_seen += 1
        else:
            row = article_row(art, run_id, at)
            row[7] = as_date(art.date)  # a DATE column for Arrow, as DuckDB cast the string
            new_rows[art.article_id] = (*row, None, None)  # processed_at, coder
            counts.added += 1
            if art.duplicate_of:
                counts.duplicates += 1
        inputs.setdefault(
            content_hash,
            (content_hash, art.source_path, art.fmt, status, art.article_id, None, None,
             run_id, at),
        )  # fmt: skip
    counts.rejected += _other_inputs(inputs, rejected, files, run_id, at)
    con.execute("BEGIN TRANSACTION")
    try:
        _bulk_insert(con, "articles", new_rows)
        _bulk_insert(con, "inputs", inputs)
        con.execute("COMMIT")
    except BaseException:  # an interrupt (Ctrl-C) too: nothing of the batch stays
        con.execute("ROLLBACK")
        raise
    return counts


def _other_inputs(
    inputs: dict[Any, tuple[Any, ...]],
    rejected: Sequence[tuple[Rejected, str, str]],
    files: Sequence[tuple[str, str, str]],
    run_id: str,
    at: Any,
) -> int:
    """Add the ``inputs`` rows of rejected inputs and of files read whole; the number of
    rejected ones."""
    for rej, content_hash, fmt in rejected:
        inputs.setdefault(
            content_hash,
            (content_hash, rej.source_path, fmt, "quarantined", None, rej.code, rej.reason,
             run_id, at),
        )  # fmt: skip
    for file_hash, file_path, fmt in files:
        inputs.setdefault(
            file_hash, (file_hash, file_path, fmt, "file", None, None, None, run_id, at)
        )
    return len(rejected)


def _stored_ids(con: duckdb.DuckDBPyConnection, ids: list[str]) -> set[str]:
    """Those of ``ids`` that name a stored article (one query for a whole batch)."""
    if not ids:
        return set()
    sql = "SELECT article_id FROM articles WHERE article_id IN (SELECT unnest(?))"
    return {row[0] for row in con.execute(sql, [ids]).fetchall()}


def write_extractions(
    con: duckdb.DuckDBPyConnection, results: Iterable[Extraction], coder: str | None = None
) -> dict[str, int]:
    """Replace the extraction results of a batch of articles, in one transaction (recording
    ``coder`` as the coder of those articles); return how many articles, quotes, events and
    mentions were written."""
    rows = ExtractionRows()
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
    con.execute("BEGIN TRANSACTION")
    try:
        ids = list(rows.article_ids)
        for table in ("sentences", "mentions", "quotes", "events"):
            con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
        for table, table_rows in rows.tables.items():
            _bulk_insert(con, table, table_rows)
        con.execute(
            "UPDATE articles SET processed_at = ?, coder = ? WHERE article_id IN"
            " (SELECT unnest(?))",
            [now(), coder, ids],
        )
        con.execute("COMMIT")
    except BaseException:  # an interrupt (Ctrl-C) too: nothing of the batch stays
        con.execute("ROLLBACK")
        raise
    return counts


def _bulk_insert(
    con: duckdb.DuckDBPyConnection, table: str, rows: dict[Any, tuple[Any, ...]]
) -> None:
    if not rows:
        return
    import pyarrow as pa

    cols = [d[0] for d in con.execute(f"SELECT * FROM {table} LIMIT 0").description]
    data = list(zip(*rows.values(), strict=True))
    arrow = pa.table({c: list(v) for c, v in zip(cols, data, strict=True)})
    con.register("_sitroom_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} SELECT * FROM _sitroom_rows ON CONFLICT DO NOTHING")
    finally:
        con.unregister("_sitroom_rows")


class ExtractionRows:
    """Rows of a batch of extractions, per table, keyed by primary key (first one wins)."""

    def __init__(self) -> None:
        self.article_ids: dict[str, None] = {}
        self.tables: dict[str, dict[Any, tuple[Any, ...]]] = {t: {} for t in EXTRACTION_TABLES}

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
                (q.quote_id, aid, q.kind, dumps(d["cue"]), dumps(d["content"]),
                 dumps(d["source"]), dumps(d["speaker"]),
                 q.speaker.actor_id if q.speaker else None, q.content.start, q.confidence,
                 as_date(date), q.speaker_how),
            )  # fmt: skip
        for ev in res.events:
            d = ev.to_dict()
            t["events"].setdefault(
                ev.event_id,
                (ev.event_id, aid, ev.type, ev.mode, ev.modality, dumps(d["source"]),
                 dumps(d["target"]), _actor_ids(d["source"]), _actor_ids(d["target"]),
                 as_date(ev.date), ev.date_precision, dumps(d["location"]), ev.cameo,
                 ev.goldstein, ev.quad_class, dumps(d["evidence"]), ev.evidence.start,
                 ev.confidence, ev.coder, dumps(d["speaker"]), dumps(d["provenance"])),
            )  # fmt: skip


def _actor_ids(actors: list[dict[str, Any]]) -> list[str]:
    return sorted({a["actor_id"] for a in actors if a.get("actor_id")})
