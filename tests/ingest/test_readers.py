"""Ingest: every input shape read once, bad files rejected with a code, never a crash."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import tarfile
import zipfile
from pathlib import Path

import pytest

from conftest import REPO, SHARED
from sitroom.config import IngestSettings
from sitroom.ingest.decode import decode_bytes
from sitroom.ingest.readers import expand_paths, iter_documents
from sitroom.records import RawDocument, Rejected

FIXTURES = REPO / "tests" / "fixtures" / "ingest"
ARTICLE = (
    "Officials said on Monday that the ceasefire line had been quiet overnight.\n"
    "Monitors reported no shelling near the river crossing.\n"
)


def docs(paths: list[str | Path], **settings: object) -> list[RawDocument | Rejected]:
    s = IngestSettings.model_validate(settings)
    return list(iter_documents(paths, s))


def test_plain_text_is_read_once_and_keyed_by_the_hash_of_its_bytes() -> None:
    path = FIXTURES / "header.txt"
    [doc] = docs([path])
    assert isinstance(doc, RawDocument)
    assert doc.fmt == "text"
    assert doc.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert doc.text.startswith("Baltic ministers press")


def test_known_hash_is_skipped_without_parsing() -> None:
    path = FIXTURES / "header.txt"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert list(iter_documents([path], skip_hashes={digest})) == []


def test_directory_walk_is_sorted_recursive_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(ARTICLE)
    (tmp_path / "one.txt").write_text(ARTICLE + "More.\n")
    (tmp_path / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(ARTICLE)
    names = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert names == ["b/two.txt", "one.txt"]
    globbed = [p.name for p in expand_paths([str(tmp_path / "*.txt")])]
    assert globbed == ["one.txt"]


def test_missing_path_is_reported(tmp_path: Path) -> None:
    [rej] = docs([tmp_path / "nope.txt"])
    assert isinstance(rej, Rejected) and rej.code == "E001"


def test_bad_files_are_rejected_with_their_codes(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "big.txt").write_text(ARTICLE * 50)
    (tmp_path / "noise.txt").write_bytes(bytes(range(1, 32)) * 20)
    (tmp_path / "good.txt").write_text(ARTICLE)
    out = {Path(d.source_path).name: d for d in docs([tmp_path], max_bytes=1000)}
    assert {k: v.code for k, v in out.items() if isinstance(v, Rejected)} == {
        "empty.txt": "E002",
        "image.txt": "E003",
        "big.txt": "E004",
        "noise.txt": "E005",
    }
    assert isinstance(out["good.txt"], RawDocument)
    assert "1000" in out["big.txt"].reason


def test_unreadable_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as a user who can read anything")
        [rej] = docs([path])
        assert isinstance(rej, Rejected) and rej.code == "E006"
    finally:
        path.chmod(0o644)


def test_windows_1252_and_latin_1_are_decoded_not_rejected(tmp_path: Path) -> None:
    (tmp_path / "cp.txt").write_bytes(b"The caf\xe9 owner said: \x93quoted words\x94 today.\n")
    (tmp_path / "latin.txt").write_bytes(b"Se\xf1or Garc\xeda said the talks went well.\x81\n")
    out = {Path(d.source_path).name: d for d in docs([tmp_path])}
    cp = out["cp.txt"]
    assert isinstance(cp, RawDocument)
    assert cp.encoding == "cp1252"
    assert "café owner said: “quoted words” today." in cp.text
    latin = out["latin.txt"]
    assert isinstance(latin, RawDocument) and "Señor García" in latin.text


def test_utf8_bom_and_utf16_decode() -> None:
    assert decode_bytes(b"\xef\xbb\xbfKyiv")[0] == "Kyiv"
    assert decode_bytes("Kyiv said".encode("utf-16"))[0] == "Kyiv said"


def test_html_page_gives_main_text_title_and_html_date() -> None:
    [doc] = docs([FIXTURES / "page.html"])
    assert isinstance(doc, RawDocument) and doc.fmt == "html"
    assert "agreed on Tuesday to meet again in Vienna" in doc.text
    assert "Celebrity chef" not in doc.text and "All rights reserved" not in doc.text
    assert doc.meta["title"] == "Envoys agree to meet again in Vienna"
    assert doc.meta["date"] == "2022-01-18" and doc.meta["date_provenance"] == "html"
    assert doc.html is not None


def test_json_lines_records_and_malformed_line() -> None:
    out = docs([FIXTURES / "items.jsonl"])
    good = [d for d in out if isinstance(d, RawDocument)]
    bad = [d for d in out if isinstance(d, Rejected)]
    assert [d.meta.get("title") for d in good] == [
        "Ministers meet in Riga",
        "Parliament debates aid",
    ]
    # the "body" field, opened by the headline as a paragraph of its own
    assert good[1].text.startswith("Parliament debates aid\n\nLawmakers debated")
    assert good[0].meta["outlet"] == "Example Wire" and good[0].meta["date"] == "2022-02-07"
    assert good[0].content_hash.endswith(":0") and good[1].content_hash.endswith(":1")
    assert [b.code for b in bad] == ["E007"] and "record 2" in bad[0].reason


def test_headline_in_text_can_be_switched_off_and_is_not_repeated(tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    rows = [
        {"title": "Envoys meet in Vienna", "text": "Envoys met in Vienna on Friday."},
        {"title": "Talks end", "text": "Talks end\n\nThe talks ended without a deal."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    on = [d.text for d in docs([path]) if isinstance(d, RawDocument)]
    assert on == [
        "Envoys meet in Vienna\n\nEnvoys met in Vienna on Friday.",
        "Talks end\n\nThe talks ended without a deal.",
    ]
    off = [d.text for d in docs([path], headline_in_text=False) if isinstance(d, RawDocument)]
    assert off[0] == "Envoys met in Vienna on Friday."


def test_csv_with_a_field_mapping() -> None:
    out = docs(
        [FIXTURES / "items.csv"],
        title_field="headline",
        text_fields=["story"],
        date_field="published",
        url_field="link",
        outlet_field="site",
    )
    assert all(isinstance(d, RawDocument) for d in out) and len(out) == 2
    first = out[0]
    assert isinstance(first, RawDocument)
    assert first.meta == {
        "title": "Pipeline work paused",
        "date": "02/15/2022",
        "url": "https://example.net/pipeline",
        "outlet": "example.net",
        "date_provenance": "container",
    }


def test_feed_items_become_documents_with_links() -> None:
    out = docs([FIXTURES / "feed.xml"])
    assert [d.fmt for d in out if isinstance(d, RawDocument)] == ["feed", "feed"]
    first = out[0]
    assert isinstance(first, RawDocument)
    assert first.text.startswith("Aviation authorities closed the airspace")
    assert "<p>" not in first.text
    assert first.meta["url"] == "https://newswire.example.com/2022/02/11/airspace"
    assert first.meta["outlet"] == "Example Newswire"


def test_gzip_zip_and_tar_members_are_read(tmp_path: Path) -> None:
    raw = (FIXTURES / "header.txt").read_bytes()
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(raw))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("inner/items.jsonl", (FIXTURES / "items.jsonl").read_bytes())
        z.writestr("__MACOSX/._items.jsonl", b"\x00\x01junk")
    (tmp_path / "b.zip").write_bytes(buf.getvalue())
    tbuf = io.BytesIO()
    with tarfile.open(fileobj=tbuf, mode="w:gz") as t:
        info = tarfile.TarInfo("page.html")
        data = (FIXTURES / "page.html").read_bytes()
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
    (tmp_path / "c.tar.gz").write_bytes(tbuf.getvalue())
    out = docs([tmp_path])
    fmts = [
        (Path(d.source_path.split("!")[0]).name, d.fmt) for d in out if isinstance(d, RawDocument)
    ]
    assert fmts == [
        ("a.txt.gz", "text"),
        ("b.zip", "jsonl"),
        ("b.zip", "jsonl"),
        ("c.tar.gz", "html"),
    ]
    assert out[0].text.startswith("Baltic ministers") if isinstance(out[0], RawDocument) else False


def test_warc_response_records_are_extracted(tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    payload = (FIXTURES / "page.html").read_bytes()
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0"
    )
    record = writer.create_warc_record(
        "https://www.example-courier.com/world/2022/01/18/envoys-vienna",
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
    )
    writer.write_record(record)
    (tmp_path / "crawl.warc.gz").write_bytes(buf.getvalue())
    [doc] = docs([tmp_path / "crawl.warc.gz"])
    assert isinstance(doc, RawDocument) and doc.fmt == "html"
    assert "meet again in Vienna" in doc.text
    assert doc.meta["url"].endswith("/envoys-vienna")


def test_record_with_a_title_only_is_headline_and_an_empty_one_is_skipped(
    tmp_path: Path,
) -> None:
    path = tmp_path / "leads.csv"
    path.write_text(
        "title,text,date\n"
        "Airspace closed to civilian flights,,2022-02-24\n"
        ",,2022-02-25\n"
        "Talks resume,Envoys met again on Friday.,2022-02-26\n",
        encoding="utf-8",
    )
    out = docs([path])
    assert isinstance(out[0], RawDocument) and out[0].text == "Airspace closed to civilian flights"
    assert out[0].meta["headline_only"] == "1"
    assert isinstance(out[1], Rejected) and out[1].code == "E011" and "record 1" in out[1].reason
    assert isinstance(out[2], RawDocument)


CORPORA = SHARED / "data" / "corpora"


def test_shared_corpora_ingest_without_rejection_and_with_dates() -> None:
    from sitroom.ingest.normalize import normalize
    from sitroom.ingest.readers import SKIPPED_CODES, WARNING_CODES

    releases = CORPORA / "presidential_releases_2021-11_2022-03.jsonl"
    ruwa = CORPORA / "RUWA_01.08.23.csv.zip"
    if not (releases.exists() and ruwa.exists()):
        pytest.skip("shared corpora absent")
    mapping = {"text_fields": ["desc"], "url_field": "src", "outlet_field": "Site"}
    for path, options, stride in ((releases, {}, 6), (ruwa, mapping, 20)):
        items = docs([path], date_field="Date" if options else "date", **options)
        said = SKIPPED_CODES | WARNING_CODES  # RUWA's headline-only rows: one E017 warning
        bad = [i for i in items if isinstance(i, Rejected) and i.code not in said]
        assert not bad
        good = [i for i in items if isinstance(i, RawDocument)]
        assert len(good) >= (904 if path == releases else 16000)
        for doc in good[::stride]:
            art = normalize(doc)
            assert not isinstance(art, Rejected), doc.source_path
            assert art.date and art.date_precision == "day"
