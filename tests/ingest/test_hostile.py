"""Hostile and broken inputs: every bad path is an input error with a code, the run goes on.

Each input is written here, in ``tmp_path``: symbolic-link loops, archives nested hundreds
deep or unpacking past the limits, members named outside the archive, WARC records cut
short, records without text, file names with control characters.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.config import IngestSettings, Settings, load_settings
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


# --------------------------------------------------------------------------- archive limits


def nested_zip(depth: int, inner: bytes = ARTICLE.encode()) -> bytes:
    data, name = inner, "a.txt"
    for level in range(depth):
        data, name = zip_of({name: data}), f"level{level}.zip"
    return data


def test_a_zip_nested_hundreds_deep_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "deep.zip").write_bytes(nested_zip(400))
    (tmp_path / "z.txt").write_text(ARTICLE, encoding="utf-8")
    out = docs([tmp_path])
    assert codes(out) == ["E014"]
    [rej] = [r for r in out if isinstance(r, Rejected)]
    assert rej.source_path.count("!") == 5 and "5" in rej.reason and one_line(rej)
    assert [Path(d.source_path).name for d in texts(out)] == ["z.txt"]


def test_archive_depth_up_to_the_limit_is_read_and_is_a_setting(tmp_path: Path) -> None:
    path = tmp_path / "three.zip"
    path.write_bytes(nested_zip(3))
    [doc] = docs([path])
    assert isinstance(doc, RawDocument) and doc.source_path.count("!") == 3
    assert codes(docs([path], max_archive_depth=2)) == ["E014"]
    env = {"SITROOM_INGEST__MAX_ARCHIVE_DEPTH": "2", "SITROOM_INGEST__MAX_UNPACKED_BYTES": "77"}
    settings = load_settings(environ=env).ingest
    assert (settings.max_archive_depth, settings.max_unpacked_bytes) == (2, 77)


def test_total_unpacked_size_of_a_zip_is_limited(tmp_path: Path) -> None:
    members = {f"m{i}.txt": (ARTICLE * 4).encode() for i in range(5)}  # 300 bytes each
    path = tmp_path / "many.zip"
    path.write_bytes(zip_of(members))
    out = docs([path], max_bytes=900, max_unpacked_bytes=1000)
    assert len(texts(out)) == 3  # the members within the limit are read
    assert codes(out) == ["E015"]  # then one error, and nothing more from the file
    assert "1000" in out[-1].reason and out[-1].source_path.endswith("many.zip!m3.txt")
    # the default total is five times max_bytes
    assert IngestSettings.model_validate({"max_bytes": 300}).unpacked_limit == 1500
    assert len(texts(docs([path], max_bytes=900))) == 5


def test_total_unpacked_size_counts_nested_archives(tmp_path: Path) -> None:
    inner = zip_of({f"m{i}.txt": (ARTICLE * 4).encode() for i in range(3)})
    path = tmp_path / "outer.zip"
    path.write_bytes(zip_of({"x.zip": inner, "y.zip": inner}))
    out = docs([path], max_bytes=2000, max_unpacked_bytes=1600)
    assert codes(out) == ["E015"] and len(texts(out)) < 6


def test_a_gzip_bomb_inside_a_tar_stops_at_the_total(tmp_path: Path) -> None:
    zeros = b"\0" * 3_000_000  # compresses to a few kilobytes
    path = tmp_path / "bomb.tar.gz"
    path.write_bytes(tar_of({f"z{i}.bin": zeros for i in range(10)}))
    assert path.stat().st_size < 100_000
    out = docs([path], max_bytes=5_000_000, max_unpacked_bytes=10_000_000)
    assert codes(out) == ["E015"] and one_line(out[0])


def test_a_tar_with_dot_slash_member_names_is_read(tmp_path: Path) -> None:
    path = tmp_path / "dot.tar"
    path.write_bytes(tar_of({"./a.txt": ARTICLE.encode(), "./.hidden": b"x"}, mode="w"))
    [doc] = docs([path])
    assert isinstance(doc, RawDocument) and doc.source_path.endswith("dot.tar!./a.txt")


# --------------------------------------------------------------------------- unsafe members


def test_zip_members_named_outside_the_archive_are_rejected_never_written(
    tmp_path: Path,
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = work / "evil.zip"
    path.write_bytes(
        zip_of(
            {
                "../../evil.txt": ARTICLE.encode(),
                "/tmp/abs-evil.txt": ARTICLE.encode(),
                "ok/..\\..\\win-evil.txt": ARTICLE.encode(),
                "good.txt": ARTICLE.encode(),
            }
        )
    )
    with zipfile.ZipFile(path, "a") as z:
        z.writestr(zipfile.ZipInfo(""), ARTICLE)  # a name zipfile itself trips over
    before = sorted(p.as_posix() for p in tmp_path.rglob("*"))
    out = docs([path])
    assert [Path(d.source_path).name for d in texts(out)] == ["evil.zip!good.txt"]
    rejected = [r for r in out if isinstance(r, Rejected)]
    assert [r.code for r in rejected] == ["E016", "E016", "E016", "E016"]
    assert {r.source_path.split("!", 1)[1] for r in rejected} == {
        "",
        "../../evil.txt",
        "/tmp/abs-evil.txt",
        "ok/..\\..\\win-evil.txt",
    }
    assert all("never written" in r.reason for r in rejected)
    assert sorted(p.as_posix() for p in tmp_path.rglob("*")) == before
    assert not Path("/tmp/abs-evil.txt").exists()


def test_tar_members_outside_the_archive_and_links_are_rejected(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        for name in ("../evil.txt", "/abs.txt", "good.txt"):
            info = tarfile.TarInfo(name)
            info.size = len(ARTICLE)
            t.addfile(info, io.BytesIO(ARTICLE.encode()))
        link = tarfile.TarInfo("passwd.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        t.addfile(link)
    path = tmp_path / "evil.tar"
    path.write_bytes(buf.getvalue())
    out = docs([path])
    assert [d.source_path.split("!")[1] for d in texts(out)] == ["good.txt"]
    assert codes(out) == ["E016", "E016", "E016"]


# --------------------------------------------------------------------------- WARC


def _warc(n: int, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (
        "<html><head><title>Envoys meet</title></head><body><article>"
        + "".join(f"<p>{ARTICLE} Paragraph {i} of the report.</p>" for i in range(8))
        + "</article></body></html>"
    ).encode()
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for i in range(n):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(
            writer.create_warc_record(
                f"https://example.com/{i}",
                "response",
                payload=io.BytesIO(page),
                http_headers=headers,
            )
        )
    return buf.getvalue()


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("keep", [0.95, 0.8])
def test_a_warc_record_cut_short_is_reported_and_the_records_before_it_kept(
    tmp_path: Path, gz: bool, keep: float
) -> None:
    data = _warc(3, gz)
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(data[: int(len(data) * keep)])
    out = docs([path])
    assert len(texts(out)) == 2
    assert codes(out) == ["E007"]
    assert "record 2" in out[-1].reason and "cut short" in out[-1].reason


def test_a_whole_warc_gives_no_error(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_warc(3, True))
    out = docs([path])
    assert len(texts(out)) == 3 and codes(out) == []


# --------------------------------------------------------------------------- records without text


def test_json_lines_with_null_text_are_headlines_with_one_warning_per_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "wire.jsonl"
    rows = [
        {"title": "Airspace closed", "text": None},
        {"title": "Envoys meet", "text": "Envoys met in Vienna on Friday."},
        {"title": "Talks resume", "text": None},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    out = docs([path])
    first = texts(out)[0]
    assert first.text == "Airspace closed" and first.meta["headline_only"] == "1"
    [warning] = [r for r in out if isinstance(r, Rejected)]
    assert warning.code == "E017" and warning.code in readers.WARNING_CODES
    assert "2 jsonl records" in warning.reason and "headline only" in warning.reason
    assert warning.source_path == str(path)


def test_a_csv_without_a_text_column_is_one_warning_not_one_per_row(tmp_path: Path) -> None:
    path = tmp_path / "heads.csv"
    path.write_text(
        "title,story,date\n" + "".join(f"Headline {i},Story {i},2022-02-2{i}\n" for i in range(5)),
        encoding="utf-8",
    )
    out = docs([path])
    assert len(texts(out)) == 5 and all(d.meta["headline_only"] == "1" for d in texts(out))
    [warning] = [r for r in out if isinstance(r, Rejected)]
    assert warning.code == "E018" and warning.code in readers.WARNING_CODES
    assert "text/body" in warning.reason and "story" in warning.reason  # says what there is


def test_a_csv_with_neither_text_nor_title_column_is_rejected_once(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n3,4\n5,6\n", encoding="utf-8")
    out = docs([path])
    assert codes(out) == ["E019"] and len(out) == 1 and out[0].code not in readers.WARNING_CODES


def test_feed_items_with_a_title_only_are_headlines_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "heads.rss"
    items = "".join(
        f"<item><title>Headline {i}</title><link>https://example.com/{i}</link></item>"
        for i in range(3)
    )
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{items}'
        "</channel></rss>",
        encoding="utf-8",
    )
    out = docs([path])
    assert len(texts(out)) == 3
    assert codes(out) == ["E017"] and "3 feed records" in out[-1].reason


def test_warnings_are_printed_counted_not_quarantined(tmp_path: Path) -> None:
    from sitroom.cli import cli
    from sitroom.pipeline import ingest_paths
    from sitroom.store.store import Store

    path = tmp_path / "wire.jsonl"
    rows = [
        {"title": "Airspace closed to civilian flights", "text": None, "date": "2022-02-24"},
        {"title": "Envoys meet", "text": "Envoys met in Vienna on Friday.", "date": "2022-02-25"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        report = ingest_paths(store, [path], Settings())
        assert report.added == 2 and report.documents == 2
        assert report.rejected == [] and [w.code for w in report.warnings] == ["E017"]
        assert store.quarantined() == []
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(tmp_path / "t.duckdb")])
    assert result.exit_code == 0
    assert f"warning: {path}: E017:" in result.output and "1 warning" in result.output


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


# --------------------------------------------------------------------------- malformed records


def test_json_nested_too_deep_or_with_huge_numbers_is_malformed(tmp_path: Path) -> None:
    (tmp_path / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    (tmp_path / "deep.jsonl").write_text('{"a": ' * 50_000 + "\n", encoding="utf-8")
    (tmp_path / "num.jsonl").write_text('{"title": "x", "n": ' + "9" * 5000 + "}\n")
    out = docs([tmp_path])
    assert codes(out) == ["E007", "E007", "E007"]


def test_gzip_of_an_empty_or_cut_stream_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE.encode() * 50)[:40])
    out = docs([tmp_path])
    assert codes(out) == ["E010"]


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
