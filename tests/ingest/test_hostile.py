"""Hostile and broken inputs: every bad path is an input error with a code, the run goes on.

Each input is written here, in ``tmp_path``: symbolic-link loops, archives nested hundreds
deep or unpacking past the limits, members named outside the archive, WARC records cut
short, records without text, file names with control characters.
"""

from __future__ import annotations

import io
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.config import IngestSettings
from sitroom.ingest import readers
from sitroom.ingest.readers import iter_documents
from sitroom.records import RawDocument, Rejected

ARTICLE = "Officials said on Monday that the ceasefire line had been quiet overnight.\n"


def docs(paths: list[str | Path], **settings: object) -> list[RawDocument | Rejected]:
    return list(iter_documents(paths, IngestSettings.model_validate(settings)))


def codes(items: list[RawDocument | Rejected]) -> list[str]:
    return [i.code for i in items if isinstance(i, Rejected)]


def texts(items: list[RawDocument | Rejected]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def one_line(rej: Rejected) -> bool:
    shown = f"{rej.source_path}: {rej.code}: {rej.reason}"
    return "\n" not in shown and "\r" not in shown and "\x1b" not in shown


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def tar_of(members: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as t:  # type: ignore[call-overload]
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


# --------------------------------------------------------------------------- paths


def _loops(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(ARTICLE + "More.\n", encoding="utf-8")
    (root / "self").symlink_to("self")  # resolving it fails: [Errno 40]
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)  # back to its parent
    return root


def test_symlink_loops_in_a_folder_are_rejected_and_the_rest_is_read(tmp_path: Path) -> None:
    root = _loops(tmp_path)
    out = docs([root])
    names = sorted(Path(d.source_path).relative_to(root).as_posix() for d in texts(out))
    assert names == ["a.txt", "sub/b.txt"]  # each once: the loop is not followed
    rejected = {Path(r.source_path).name: r for r in out if isinstance(r, Rejected)}
    assert {k: v.code for k, v in rejected.items()} == {"self": "E013", "up": "E013"}
    assert all(one_line(r) for r in rejected.values())


def test_a_recursive_glob_does_not_follow_a_symlink_loop(tmp_path: Path) -> None:
    root = _loops(tmp_path)
    out = docs([str(root / "**" / "*.txt")])
    names = sorted(Path(d.source_path).relative_to(root).as_posix() for d in texts(out))
    assert names == ["a.txt", "sub/b.txt"]
    assert codes(out) == ["E013", "E013"]  # self, and sub/up


def test_a_loop_named_on_the_command_line_is_a_loop_not_a_missing_file(tmp_path: Path) -> None:
    (tmp_path / "self").symlink_to("self")
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    out = docs([tmp_path / "self", good])
    assert codes(out) == ["E013"] and len(texts(out)) == 1


def test_an_unlistable_folder_is_rejected_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "z.txt").write_text(ARTICLE, encoding="utf-8")
    real = os.scandir

    def scandir(path: object) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    out = docs([tmp_path])
    assert codes(out) == ["E012"] and "Permission denied" in out[0].reason
    assert [Path(d.source_path).name for d in texts(out)] == ["z.txt"]


def test_a_file_that_fails_to_read_is_rejected_and_the_run_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE + "B.\n", encoding="utf-8")

    def failing(file: object, *args: object, **kwargs: object) -> object:
        if str(file).endswith("a.txt"):
            raise OSError(5, "Input/output error", str(file))
        return open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(readers, "open", failing, raising=False)
    out = docs([tmp_path])
    assert codes(out) == ["E006"] and "Input/output error" in out[0].reason
    assert [Path(d.source_path).name for d in texts(out)] == ["b.txt"]


def test_a_pipe_in_a_folder_is_rejected_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "z.txt").write_text(ARTICLE, encoding="utf-8")
    out = docs([tmp_path])
    assert codes(out) == ["E006"] and "not a regular file" in out[0].reason
    assert len(texts(out)) == 1


# --------------------------------------------------------------------------- names shown escaped


def test_file_and_member_names_are_shown_escaped(tmp_path: Path) -> None:
    (tmp_path / "bad\nname.txt").write_bytes(b"")
    (tmp_path / "bell\x07.zip").write_bytes(zip_of({"red\x1b[31m.txt": b""}))
    out = docs([tmp_path])
    assert codes(out) == ["E002", "E002"]
    assert all(one_line(r) for r in out if isinstance(r, Rejected))
    shown = sorted(Path(r.source_path).name for r in out)
    assert shown == ["bad\\nname.txt", "bell\\x07.zip!red\\x1b[31m.txt"]


def test_undecodable_file_names_are_escaped_and_stored(tmp_path: Path) -> None:
    from sitroom.cli import cli

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / os.fsdecode(b"caf\xe9.txt")).write_bytes(ARTICLE.encode())
    (folder / os.fsdecode(b"empty\xff.txt")).write_bytes(b"")
    out = docs([folder])
    assert sorted(Path(i.source_path).name for i in out) == ["caf\\xe9.txt", "empty\\xff.txt"]
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(tmp_path / "s.duckdb")])
    assert result.exit_code == 1, result.output
    assert "empty\\xff.txt: E002: empty file" in result.output
    assert "1 articles added" in result.output


def test_a_reader_that_fails_rejects_its_file_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise KeyError("a bug\nin a reader")

    monkeypatch.setattr(readers, "read_jsonl", broken)
    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n', encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE, encoding="utf-8")
    out = docs([tmp_path])
    assert codes(out) == ["E060"] and "KeyError" in out[0].reason and one_line(out[0])
    assert [Path(d.source_path).name for d in texts(out)] == ["b.txt"]
