"""Property: every reader, fed random or mutated bytes, gives documents or rejections.

Never an exception, and never the reader-failure code E060 (the safety net that keeps a run
going when a reader has a bug); every rejection is one line. Short runs (``FUZZ_EXAMPLES``
per format and kind, derandomized) so that ``make test`` stays fast; raise the number
through ``SITROOM_FUZZ_EXAMPLES`` to search longer.
"""

from __future__ import annotations

import gzip
import io
import os
import tarfile
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.config import IngestSettings
from sitroom.ingest.readers import iter_documents
from sitroom.records import RawDocument, Rejected

FUZZ_EXAMPLES = int(os.environ.get("SITROOM_FUZZ_EXAMPLES", "50"))
ARTICLE = b"Officials said on Monday that the ceasefire line had been quiet overnight.\n"
PAGE = (
    b"<html><head><title>Envoys meet</title><meta name='date' content='2022-01-18'></head>"
    b"<body><article><h1>Envoys meet</h1><p>" + ARTICLE + b"</p><p>Monitors reported no"
    b" shelling near the river crossing, the mission said.</p></article></body></html>"
)


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a.txt", ARTICLE)
        z.writestr("b/items.jsonl", b'{"title": "T", "text": "Body text here."}\n')
    return buf.getvalue()


def _tar() -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as t:
        for name, data in (("a.txt", ARTICLE), ("p.html", PAGE)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for i in range(2):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        record = writer.create_warc_record(
            f"https://example.com/{i}", "response", payload=io.BytesIO(PAGE), http_headers=headers
        )
        writer.write_record(record)
    return buf.getvalue()


# format -> (file name, a valid input to mutate)
SEEDS: dict[str, tuple[str, bytes]] = {
    "text": ("in.txt", ARTICLE * 3),
    "html": ("in.html", PAGE),
    "jsonl": (
        "in.jsonl",
        b'{"title": "Envoys meet", "text": "Envoys met.", "date": "2022-01-18"}\n'
        b'{"title": "Talks", "text": null}\n[1, 2]\n',
    ),
    "csv": ("in.csv", b'title,text,date\nEnvoys meet,"Envoys met, twice.",2022-01-18\nT,,\n'),
    "feed": (
        "in.rss",
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        b"<title>Envoys meet</title><link>https://example.com/1</link><description>&lt;p&gt;"
        + ARTICLE
        + b"&lt;/p&gt;</description><pubDate>Tue, 18 Jan 2022 10:00:00 GMT</pubDate></item>"
        b"</channel></rss>",
    ),
    "warc": ("in.warc.gz", _warc()),
    "gz": ("in.txt.gz", gzip.compress(ARTICLE * 3)),
    "zip": ("in.zip", _zip()),
    "tar": ("in.tar.gz", _tar()),
}


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few bytes flipped, deleted, inserted or duplicated, or cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "delete", "insert", "cut", "repeat"]))
        if op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif op == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=16))
        elif op == "cut":
            del data[at:]
        else:
            data[at:at] = data[at : at + draw(st.integers(1, 64))] * draw(st.integers(2, 8))
    return bytes(data)


def _read(name: str, data: bytes) -> list[RawDocument | Rejected]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        return list(iter_documents([path], IngestSettings.model_validate({"max_bytes": 200_000})))


def _check(items: list[RawDocument | Rejected]) -> None:
    for item in items:
        assert isinstance(item, RawDocument | Rejected)
        if isinstance(item, Rejected):
            assert item.code != "E060", item.reason  # the safety net: a reader's bug
            line = f"{item.source_path}: {item.code}: {item.reason}"
            assert "\n" not in line and "\r" not in line


FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_random_bytes_give_documents_or_rejections(fmt: str, data: st.DataObject) -> None:
    name, _ = SEEDS[fmt]
    _check(_read(name, data.draw(st.binary(max_size=4096))))


@pytest.mark.parametrize("fmt", sorted(SEEDS))
@FUZZ
@given(data=st.data())
def test_mutated_inputs_give_documents_or_rejections(fmt: str, data: st.DataObject) -> None:
    name, seed = SEEDS[fmt]
    _check(_read(name, data.draw(mutated(seed))))


@pytest.mark.parametrize("fmt", sorted(SEEDS))
def test_the_seeds_themselves_are_read(fmt: str) -> None:
    name, seed = SEEDS[fmt]
    items = _read(name, seed)
    _check(items)
    assert any(isinstance(i, RawDocument) for i in items)
