"""Table rows and the records they hold: JSON columns, dates, and rows read back as records.

Nested values (spans, actor lists, date candidates) are kept as JSON text, so that a row read
back gives exactly the contract's shape (:func:`row_to_event`) or the record
(:func:`row_to_article`).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sitroom.records import Article, DateCandidate


def now() -> datetime:
    """The current time in UTC, without a time zone (as DuckDB's TIMESTAMP keeps it)."""
    return datetime.now(UTC).replace(tzinfo=None)


def dumps(value: Any) -> str | None:
    """``value`` as JSON text for a column (None stays NULL)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def loads(value: str | None) -> Any:
    """The value of a JSON text column (NULL gives None)."""
    return None if value is None else json.loads(value)


def as_date(value: str | None) -> date | None:
    """An ISO date string as a ``datetime.date`` (so Arrow gives DuckDB a DATE column)."""
    if not value:
        return None
    return date.fromisoformat(value[:10])


def iso_date(value: date | None) -> str | None:
    """A DATE column's value as YYYY-MM-DD."""
    return value.isoformat() if value else None


def row_to_event(r: dict[str, Any]) -> dict[str, Any]:
    """An ``events`` row in the export contract's shape (confidence as stored)."""
    return {
        "event_id": r["event_id"],
        "article_id": r["article_id"],
        "type": r["type"],
        "mode": r["mode"],
        "modality": r["modality"],
        "source": loads(r["source"]),
        "target": loads(r["target"]),
        "date": iso_date(r["date"]),
        "date_precision": r["date_precision"],
        "location": loads(r["location"]),
        "cameo": r["cameo"],
        "goldstein": r["goldstein"],
        "quad_class": r["quad_class"],
        "evidence": loads(r["evidence"]),
        "confidence": r["confidence"],
        "coder": r["coder"],
        "speaker": loads(r["speaker"]),
        "provenance": loads(r.get("provenance")),
    }


def row_to_quote(r: dict[str, Any]) -> dict[str, Any]:
    """A ``quotes`` row in the export contract's shape (confidence as stored)."""
    return {
        "quote_id": r["quote_id"],
        "article_id": r["article_id"],
        "kind": r["kind"],
        "cue": loads(r["cue"]),
        "content": loads(r["content"]),
        "source": loads(r["source"]),
        "speaker": loads(r["speaker"]),
        "confidence": r["confidence"],
        "speaker_how": r.get("speaker_how") or "",
    }


def row_to_article(r: dict[str, Any]) -> Article:
    """An ``articles`` row as the record the pipeline stages pass on."""
    return Article(
        article_id=r["article_id"],
        source_path=r["source_path"],
        text=r["text"],
        title=r["title"],
        url=r["url"],
        outlet=r["outlet"],
        byline=r["byline"],
        kicker=r["kicker"],
        date=iso_date(r["date"]),
        date_precision=r["date_precision"],
        date_confidence=r["date_confidence"] or 0.0,
        date_conflict=bool(r["date_conflict"]),
        date_candidates=[DateCandidate(**c) for c in loads(r["date_candidates"]) or []],
        language=r["language"],
        foreign_fragments=loads(r["foreign_fragments"]) or [],
        removed_lines=loads(r["removed_lines"]) or [],
        raw_hash=r["raw_hash"] or "",
        fmt=r["fmt"] or "text",
        copy_group=r["copy_group"],
        duplicate_of=r["duplicate_of"],
    )


def article_row(a: Article, run_id: str, at: datetime) -> list[Any]:
    """The values of an ``articles`` row (``processed_at`` left NULL) for article ``a``."""
    return [
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
        dumps([c.to_dict() for c in a.date_candidates]),
        a.language,
        dumps(a.foreign_fragments),
        dumps(a.removed_lines),
        a.text,
        a.raw_hash,
        a.fmt,
        a.copy_group,
        a.duplicate_of,
        run_id,
        at,
    ]
