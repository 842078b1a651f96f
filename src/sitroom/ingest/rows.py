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
    warning: Rejected | None = None,
) -> Iterator[Item]:
    """Documents of the records; when some were stored by their headline only (no text
    field), one warning for the file at the end: ``warning``, or E017 with their number."""
    headlines = 0
    for record, row in rows:
        key = f"{digest}:{record}"
        if key in skip:
            continue
        if isinstance(row, Rejected):
            yield row
        elif not isinstance(row, dict):
            yield reject(source, E.E007, fmt=fmt, record=record, detail="not an object")
        else:
            item = record_document(source, row, fmt, key, record, s)
            headlines += isinstance(item, RawDocument) and "headline_only" in item.meta
            yield item
    if headlines:
        fields = "/".join(s.text_fields)
        yield warning or reject(source, E.E017, count=headlines, fmt=fmt, fields=fields)


def _json_error(exc: ValueError | RecursionError) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return exc.msg if isinstance(exc, json.JSONDecodeError) else str(exc)[:200]


def _json_rows(source: str, text: str) -> Iterator[tuple[int, Any]]:
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            items = json.loads(stripped)
        except (ValueError, RecursionError) as exc:
            yield 0, reject(source, E.E007, fmt="json", record=0, detail=_json_error(exc))
            return
        yield from enumerate(items if isinstance(items, list) else [items])
        return
    for record, line in enumerate(text.splitlines()):
        if not line.strip():
            continue
        try:
            yield record, json.loads(line)
        except (ValueError, RecursionError) as exc:
            detail = _json_error(exc)
            yield record, reject(source, E.E007, fmt="jsonl", record=record, detail=detail)


def read_jsonl(
    source: str, text: str, digest: str, s: IngestSettings, skip: Container[str]
) -> Iterator[Item]:
    yield from _records(source, _json_rows(source, text), "jsonl", digest, s, skip)


def _csv_rows(source: str, reader: csv.DictReader[str]) -> Iterator[tuple[int, Any]]:
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


def _has_column(columns: list[str], name: str) -> bool:
    """As :func:`_lookup` finds a field: by its name, or case and spaces aside."""
    return name in columns or name.lower() in {str(c).strip().lower() for c in columns}


def read_csv(
    source: str, text: str, digest: str, s: IngestSettings, skip: Container[str], tab: bool
) -> Iterator[Item]:
    """CSV/TSV records. A header without any of the text fields is one warning for the file
    (E018: records stored by their headline only) or, without a title column either, one
    rejection (E019): not one message per row."""
    csv.field_size_limit(max(s.max_bytes, csv.field_size_limit()))
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter="\t" if tab else ",")
    try:
        columns = list(reader.fieldnames or [])
    except csv.Error as exc:
        yield reject(source, E.E007, fmt="csv", record=0, detail=str(exc))
        return
    warning = None
    if columns and not any(_has_column(columns, f) for f in s.text_fields):
        fmt = "tsv" if tab else "csv"
        fields, names = "/".join(s.text_fields), ", ".join(columns)[:200]
        if not _has_column(columns, s.title_field):
            title = s.title_field
            yield reject(source, E.E019, fields=fields, title=title, fmt=fmt, columns=names)
            return
        warning = reject(source, E.E018, fields=fields, fmt=fmt, columns=names)
    yield from _records(source, _csv_rows(source, reader), "csv", digest, s, skip, warning)
