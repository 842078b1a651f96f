"""How the command line fails: one line and an exit code that tells the kind of failure.

0 success, 1 some inputs rejected, 2 usage, 3 an error stopped the command, 4 a damaged or
foreign store (E033), 5 a bug (E061, the traceback in a file), 130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner

from builders import build_web_store
from sitroom import pipeline
from sitroom.cli import cli
from store.test_check import damaged_copy

READERS = [
    ["check"],
    ["articles", "export"],
    ["quotes", "export"],
    ["events", "export"],
    ["actors", "export"],
    ["clusters", "export"],
    ["claims", "export", "--format", "csv"],
    ["timeline"],
    ["timeline", "--format", "json"],
    ["escalation", "--dyad", "RUS-UKR"],
    ["report", "--date", "2022-01-12"],
]


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def one_error_line(result: Any, code: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert lines and all(ln.startswith(f"error: {code}: ") for ln in lines), result.stderr
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("failing")
    sound = base / "sound.duckdb"
    build_web_store(sound)
    text = base / "text.duckdb"
    text.write_bytes(b"a text file, not a database\n" * 40)
    foreign = base / "foreign.duckdb"
    con = duckdb.connect(str(foreign))
    con.execute("CREATE TABLE t (a INTEGER)")
    con.close()
    return {
        "sound": sound,
        "damaged": damaged_copy(sound, base / "damaged.duckdb"),
        "text": text,
        "foreign": foreign,
    }


@pytest.mark.parametrize("kind", ["damaged", "text", "foreign"])
@pytest.mark.parametrize("args", READERS, ids=" ".join)
def test_a_bad_store_is_one_line_and_exit_4(
    stores: dict[str, Path], kind: str, args: list[str]
) -> None:
    result = invoke(*args, "--db", str(stores[kind]))
    assert result.exit_code == 4, result.output
    one_error_line(result, "E033")


def test_check_says_a_sound_store_is_sound(stores: dict[str, Path]) -> None:
    result = invoke("check", "--db", str(stores["sound"]))
    assert result.exit_code == 0
    assert "is sound: 2 articles" in result.stdout


def test_writers_on_a_bad_store_stop_with_exit_4(stores: dict[str, Path], tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Officials met in Geneva on Monday to discuss the border.\n")
    for kind in ("text", "foreign"):
        for args in (["ingest", str(article)], ["process"]):
            result = invoke(*args, "--db", str(stores[kind]))
            assert result.exit_code == 4, (kind, args, result.output)
            one_error_line(result, "E033")


def test_ctrl_c_is_exit_130_with_a_word_on_resuming(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "ingest_paths", interrupted)
    article = tmp_path / "a.txt"
    article.write_text("Officials met in Geneva on Monday.\n")
    result = invoke("ingest", str(article), "--db", str(tmp_path / "s.duckdb"))
    assert result.exit_code == 130
    assert "run the same command again" in result.stderr


def test_a_bug_is_one_line_exit_5_and_a_traceback_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "ingest_paths", broken)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    article = tmp_path / "a.txt"
    article.write_text("Officials met in Geneva on Monday.\n")
    result = invoke("ingest", str(article), "--db", str(tmp_path / "s.duckdb"))
    assert result.exit_code == 5
    one_error_line(result, "E061")
    assert "ZeroDivisionError" in result.stderr
    (trace,) = tmp_path.glob("sitroom-error-*.txt")
    assert "ZeroDivisionError" in trace.read_text()
