from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sitroom.errors import SitroomError
from sitroom.store.export import write_records

RECORDS = [
    {"id": "a", "span": {"text": "talks", "start": 3, "end": 8}, "n": 1},
    {"id": "b", "span": {"text": "ruled out", "start": 10, "end": 19}, "n": 2},
]


def test_jsonl_keeps_nested_records(tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    assert write_records(RECORDS, "jsonl", out) == 2
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert lines == RECORDS


def test_csv_writes_nested_values_as_json(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    write_records(RECORDS, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert json.loads(rows[1]["span"])["text"] == "ruled out"


def test_parquet_round_trips(tmp_path: Path) -> None:
    out = tmp_path / "x.parquet"
    write_records(RECORDS, "parquet", out)
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == ["a", "b"]
    assert json.loads(table[0]["span"])["end"] == 8


def test_unknown_format_and_parquet_to_stdout_are_clear_errors() -> None:
    with pytest.raises(SitroomError, match="E031"):
        write_records(RECORDS, "xml", None)
    with pytest.raises(SitroomError, match="--out"):
        write_records(RECORDS, "parquet", None)
