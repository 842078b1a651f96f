"""Versioned schema migrations for the DuckDB store.

Each migration is a function registered with :meth:`Migrations.__call__` under a name;
applied names are recorded in ``_migrations`` so that applying them again does nothing.
A migration never changes once released: a schema change is a new migration.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

Migration = Callable[[Any], None]


@dataclass
class Migrations:
    """An ordered list of named migrations."""

    name: str
    steps: list[tuple[str, Migration]] = field(default_factory=list)

    def __call__(self, fn: Migration) -> Migration:
        self.steps.append((fn.__name__, fn))
        return fn

    def pending(self, con: Any) -> list[str]:
        self._ensure_table(con)
        done = {
            r[0]
            for r in con.execute(
                "SELECT name FROM _migrations WHERE migration_set = ?", [self.name]
            ).fetchall()
        }
        return [name for name, _ in self.steps if name not in done]

    def apply(self, con: Any) -> list[str]:
        """Apply every pending migration, each in its own transaction; return their names."""
        todo = set(self.pending(con))
        applied = []
        for name, fn in self.steps:
            if name not in todo:
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                fn(con)
                con.execute(
                    "INSERT INTO _migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
                    [self.name, name, datetime.now(UTC).replace(tzinfo=None)],
                )
                con.execute("COMMIT")
            except Exception:
                con.execute("ROLLBACK")
                raise
            applied.append(name)
        return applied

    @staticmethod
    def _ensure_table(con: Any) -> None:
        con.execute(
            "CREATE TABLE IF NOT EXISTS _migrations ("
            " migration_set VARCHAR, name VARCHAR, applied_at TIMESTAMP,"
            " PRIMARY KEY (migration_set, name))"
        )


MIGRATIONS = Migrations("sitroom")


@MIGRATIONS
def m001_initial(con: Any) -> None:
    con.execute(
        """
        CREATE TABLE runs (
            run_id VARCHAR PRIMARY KEY, command VARCHAR, started_at TIMESTAMP,
            finished_at TIMESTAMP, status VARCHAR, stats VARCHAR)
        """
    )
    con.execute(
        """
        CREATE TABLE inputs (
            content_hash VARCHAR PRIMARY KEY, source_path VARCHAR, fmt VARCHAR,
            status VARCHAR, article_id VARCHAR, code VARCHAR, reason VARCHAR,
            run_id VARCHAR, seen_at TIMESTAMP)
        """
    )
    con.execute(
        """
        CREATE TABLE articles (
            article_id VARCHAR PRIMARY KEY, source_path VARCHAR, url VARCHAR, outlet VARCHAR,
            title VARCHAR, byline VARCHAR, kicker VARCHAR, date DATE, date_precision VARCHAR,
            date_confidence DOUBLE, date_conflict BOOLEAN, date_candidates VARCHAR,
            language VARCHAR, foreign_fragments VARCHAR, removed_lines VARCHAR, text VARCHAR,
            raw_hash VARCHAR, fmt VARCHAR, copy_group VARCHAR, duplicate_of VARCHAR,
            run_id VARCHAR, ingested_at TIMESTAMP, processed_at TIMESTAMP)
        """
    )
    con.execute(
        """
        CREATE TABLE sentences (
            article_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER,
            PRIMARY KEY (article_id, idx))
        """
    )
    con.execute(
        """
        CREATE TABLE actors (
            actor_id VARCHAR PRIMARY KEY, name VARCHAR, country VARCHAR, sector VARCHAR,
            role VARCHAR, inferred BOOLEAN, evidence VARCHAR, first_article_id VARCHAR,
            n_mentions INTEGER)
        """
    )
    con.execute(
        """
        CREATE TABLE mentions (
            article_id VARCHAR, start_char INTEGER, end_char INTEGER, text VARCHAR,
            actor_id VARCHAR, kind VARCHAR, confidence DOUBLE, antecedent INTEGER,
            PRIMARY KEY (article_id, start_char))
        """
    )
    con.execute(
        """
        CREATE TABLE quotes (
            quote_id VARCHAR PRIMARY KEY, article_id VARCHAR, kind VARCHAR,
            cue VARCHAR, content VARCHAR, source VARCHAR, speaker VARCHAR,
            speaker_id VARCHAR, content_start INTEGER, confidence DOUBLE, date DATE)
        """
    )
    con.execute(
        """
        CREATE TABLE events (
            event_id VARCHAR PRIMARY KEY, article_id VARCHAR, type VARCHAR, mode VARCHAR,
            modality VARCHAR, source VARCHAR, target VARCHAR, source_ids VARCHAR[],
            target_ids VARCHAR[], date DATE, date_precision VARCHAR, location VARCHAR,
            cameo VARCHAR, goldstein DOUBLE, quad_class INTEGER, evidence VARCHAR,
            evidence_start INTEGER, confidence DOUBLE, coder VARCHAR, speaker VARCHAR)
        """
    )


@MIGRATIONS
def m002_picture(con: Any) -> None:
    """Event clusters and contested claims (built by the corroborate stage)."""
    con.execute(
        """
        CREATE TABLE clusters (
            cluster_id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, modality VARCHAR,
            source VARCHAR[], target VARCHAR[], date DATE, event_ids VARCHAR[],
            article_ids VARCHAR[], outlets VARCHAR[], n_outlets INTEGER,
            first_reported DATE, last_reported DATE, confidence DOUBLE, summary VARCHAR,
            goldstein DOUBLE, quad_class INTEGER)
        """
    )
    con.execute(
        """
        CREATE TABLE claims (
            claim_id VARCHAR PRIMARY KEY, claim VARCHAR, response VARCHAR, date DATE)
        """
    )


@MIGRATIONS
def m003_event_provenance(con: Any) -> None:
    """Each event's provenance (the rule that fired, its clause, how each side was found) as
    JSON text; NULL for events coded before it was recorded."""
    con.execute("ALTER TABLE events ADD COLUMN IF NOT EXISTS provenance VARCHAR")


@MIGRATIONS
def m005_article_coder(con: Any) -> None:
    """The event coder that last coded each article (NULL: processed before it was recorded),
    so that ``process --recode`` finds the articles another coder coded."""
    con.execute("ALTER TABLE articles ADD COLUMN IF NOT EXISTS coder VARCHAR")


@MIGRATIONS
def m006_quote_speaker_how(con: Any) -> None:
    """How each quote's speaker was found (``Quote.speaker_how``); NULL for quotes extracted
    before it was recorded."""
    con.execute("ALTER TABLE quotes ADD COLUMN IF NOT EXISTS speaker_how VARCHAR")


@MIGRATIONS
def m007_picture_state(con: Any) -> None:
    """The version of the rules the stored picture was built with, so that ``process`` can
    update it for new articles only, and rebuild it whole when the rules changed."""
    con.execute("CREATE TABLE IF NOT EXISTS picture_state (key VARCHAR PRIMARY KEY, value VARCHAR)")
