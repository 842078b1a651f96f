"""Writers for exported records: JSON lines, CSV and Parquet.

Records are the contract dicts of DESIGN.md. JSON lines keep them as they are; CSV writes
nested values (spans, actor lists) as JSON text in their column; Parquet keeps nested values
as JSON text too, so that every format round-trips to the same records.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from sitroom.errors import E, SitroomError

FORMATS = ("jsonl", "csv", "parquet")


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


@contextmanager
def _open_out(out: Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: Path | None) -> int:
    """Write ``records`` as ``fmt`` to ``out`` (stdout when None); return how many."""
    if fmt not in FORMATS:
        raise SitroomError(E.E031, fmt=fmt, known=", ".join(FORMATS))
    if fmt == "parquet":
        if out is None:
            raise SitroomError(E.E022, detail="--format parquet needs --out FILE")
        return _write_parquet(records, out)
    n = 0
    with _open_out(out) as fh:
        if fmt == "jsonl":
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
                n += 1
        else:
            writer: csv.DictWriter[str] | None = None
            for rec in records:
                if writer is None:
                    writer = csv.DictWriter(fh, fieldnames=list(rec))
                    writer.writeheader()
                writer.writerow({k: _flat(v) for k, v in rec.items()})
                n += 1
    return n


def _write_parquet(records: Iterable[dict[str, Any]], out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = [{k: _flat(v) for k, v in rec.items()} for rec in records]
    out.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows) if rows else pa.table({})
    pq.write_table(table, out)
    return len(rows)
