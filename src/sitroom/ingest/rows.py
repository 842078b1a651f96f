"""Record files: JSON lines, JSON arrays and CSV/TSV, one document per record.

Field names come from the settings (``title_field``, ``text_fields``...); each record is keyed
``<file hash>:<record>`` so that a second run skips the records it already has.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Container, Iterable, Iterator
from typing import Any

from sitroom.config import IngestSettings
from sitroom.errors import E
from sitroom.ingest.decode import Item, reject
from sitroom.records import RawDocument, Rejected


def _lookup(row: dict[str, Any], name: str) -> str:
    """A field by name, case-insensitively; "" when absent or empty."""
    value = row.get(name)
    if value is None:
        lowered = {str(k).strip().lower(): v for k, v in row.items()}
        value = lowered.get(name.lower())
    return "" if value is None else str(value).strip()


def _opens_with(text: str, title: str) -> bool:
    """True when ``text`` starts with ``title`` (whitespace and case aside)."""
    head = " ".join(text[: len(title) + 200].split()).lower()
    return head.startswith(" ".join(title.split()).lower())


def record_document(
    source: str, row: dict[str, Any], fmt: str, key: str, record: int, s: IngestSettings
) -> Item:
    """A JSON or CSV record as a document, field names from the settings."""
    text = next((v for f in s.text_fields if (v := _lookup(row, f))), "")
    title = _lookup(row, s.title_field)
    meta = {
        "title": title,
        "date": _lookup(row, s.date_field),
        "url": _lookup(row, s.url_field),
        "outlet": _lookup(row, s.outlet_field),
    }
    meta = {k: v for k, v in meta.items() if v}
    if not text and title:
        text, meta["headline_only"] = title, "1"
    elif s.headline_in_text and title and not _opens_with(text, title):
        text = f"{title}\n\n{text}"
    if not text:  # nothing to ingest: skipped, reported under its own code (not malformed)
        fields = "/".join(s.text_fields)
        return reject(source, E.E011, fmt=fmt, record=record, fields=fields)
    if "date" in meta:
        meta["date_provenance"] = "container"
    return RawDocument(f"{source}#{record}", text, fmt, key, record, meta=meta)


def _records(
    source: str,
    rows: Iterable[tuple[int, Any]],
    fmt: str,
    digest: str,
    s: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    for record, row in rows:
        key = f"{digest}:{record}"
        if key in skip:
            continue
        if isinstance(row, Rejected):
            yield row
        elif not isinstance(row, dict):
            yield reject(source, E.E007, fmt=fmt, record=record, detail="not an object")
        else:
            yield record_document(source, row, fmt, key, record, s)


def _json_rows(source: str, text: str) -> Iterator[tuple[int, Any]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except json.JSONDecodeError as exc:
            yield 0, reject(source, E.E007, fmt="json", record=0, detail=exc.msg)
            return
        yield from enumerate(items if isinstance(items, list) else [items])
        return
    for record, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            yield record, json.loads(line)
        except json.JSONDecodeError as exc:
            yield record, reject(source, E.E007, fmt="jsonl", record=record, detail=exc.msg)


def read_jsonl(
    source: str, text: str, digest: str, s: IngestSettings, skip: Container[str]
) -> Iterator[Item]:
    yield from _records(source, _json_rows(source, text), "jsonl", digest, s, skip)


def _csv_rows(source: str, text: str, tab: bool, limit: int) -> Iterator[tuple[int, Any]]:
    csv.field_size_limit(max(limit, csv.field_size_limit()))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if tab else ",")
    record = 0
    try:
        for record, row in enumerate(reader):
            if None in row:
                detail = f"{len(row[None])} more cells than the header"  # type: ignore[index]
                yield record, reject(source, E.E007, fmt="csv", record=record, detail=detail)
            else:
                yield record, row
    except csv.Error as exc:
        yield record, reject(source, E.E007, fmt="csv", record=record + 1, detail=str(exc))


def read_csv(
    source: str, text: str, digest: str, s: IngestSettings, skip: Container[str], tab: bool
) -> Iterator[Item]:
    rows = _csv_rows(source, text, tab, s.max_bytes)
    yield from _records(source, rows, "csv", digest, s, skip)
