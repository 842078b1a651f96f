"""Ingest: read input files once and yield raw documents, or rejections with a reason.

The format modules do the reading: :mod:`~sitroom.ingest.html`, :mod:`~sitroom.ingest.rows`
(JSON lines, CSV), :mod:`~sitroom.ingest.feeds` (feeds, WARC), :mod:`~sitroom.ingest.archives`;
this module expands paths, reads each file once and dispatches its bytes by format.

Formats: plain text, HTML (trafilatura with ``favor_precision`` + htmldate, always given the
HTML, never a URL), JSON lines / JSON arrays and CSV/TSV with configurable field names,
WARC (warcio), RSS/Atom (feedparser on the file's bytes), and ``.gz``, ``.zip``, ``.tar``,
``.tar.gz`` containers of any of these. Each file is read once; its SHA-256 is the key of
what it yields (``<hash>`` for a one-document file, ``<hash>:<record>`` for records,
``<hash>:<member>`` inside archives) so a second run can skip what it already has.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Container, Iterator, Sequence
from glob import iglob
from pathlib import Path

from sitroom.config import IngestSettings
from sitroom.errors import E
from sitroom.ingest import archives
from sitroom.ingest.decode import DecodeError, Item, decode_bytes, hidden, reject
from sitroom.ingest.feeds import read_feed, read_warc
from sitroom.ingest.html import html_document
from sitroom.ingest.rows import read_csv, read_jsonl
from sitroom.records import RawDocument, Rejected

SKIPPED_CODES = frozenset({E.E011.name})  # Rejected codes that mean "nothing to ingest"

TEXT_EXT = frozenset({".txt", ".text", ".md", ""})
HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_EXT = frozenset({".jsonl", ".ndjson", ".json"})
CSV_EXT = frozenset({".csv", ".tsv"})
FEED_EXT = frozenset({".rss", ".atom", ".xml"})
GLOB_CHARS = re.compile(r"[*?\[]")


# --------------------------------------------------------------------------- paths


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root``, recursively, in path order, hidden files and folders skipped."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if hidden(entry.name):
            continue
        if entry.is_dir():
            yield from _walk(Path(entry.path))
        else:
            yield Path(entry.path)


def _expand_one(spec: str | Path) -> Iterator[Path]:
    path = Path(spec)
    if path.is_dir():
        yield from _walk(path)
    elif path.exists():
        yield path
    elif GLOB_CHARS.search(str(spec)):
        for match in sorted(iglob(str(spec), recursive=True)):  # noqa: PTH207 (absolute patterns)
            p = Path(match)
            if p.is_dir():
                yield from _walk(p)
            elif not hidden(p.name):
                yield p


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named by ``paths``: files, directories (recursively, sorted) and glob patterns."""
    for spec in paths:
        yield from _expand_one(spec)


def iter_documents(
    paths: Sequence[str | Path],
    settings: IngestSettings | None = None,
    skip_hashes: Container[str] = (),
) -> Iterator[RawDocument | Rejected]:
    """Stream documents from ``paths``; a file whose hash is in ``skip_hashes`` is not parsed.

    Records of multi-record files are skipped one by one when their own hash is listed.
    A path that names nothing yields ``Rejected`` E001.
    """
    settings = settings or IngestSettings.model_validate({})
    for spec in paths:
        found = False
        for path in _expand_one(spec):
            found = True
            yield from read_file(path, settings, skip_hashes)
        if not found and not Path(spec).exists():
            yield reject(str(spec), E.E001, path=spec)


def read_file(
    path: Path, settings: IngestSettings, skip_hashes: Container[str] = ()
) -> Iterator[Item]:
    """Read one file (once) and yield what it holds."""
    source = str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield reject(source, E.E006, detail=exc.strerror or str(exc))
        return
    if size > settings.max_bytes:
        yield reject(source, E.E004, size=size, limit=settings.max_bytes)
        return
    if size == 0:
        yield reject(source, E.E002)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield reject(source, E.E006, detail=exc.strerror or str(exc))
        return
    digest = hashlib.sha256(data).hexdigest()
    if digest in skip_hashes:
        return
    yield from _dispatch(source, path.name, data, digest, settings, skip_hashes)


# --------------------------------------------------------------------------- formats


def detect_format(name: str, data: bytes) -> str:
    """Format of a file from its name, then from its first bytes."""
    low = name.lower()
    if low.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    if low.endswith((".tar", ".tar.gz", ".tgz")):
        return "tar"
    if low.endswith(".zip") or data[:4] == b"PK\x03\x04":
        return "zip"
    if low.endswith(".gz") or data[:2] == b"\x1f\x8b":
        return "gz"
    suffix = Path(low).suffix
    head = data[:4096].lstrip().lower()
    if suffix in FEED_EXT or head.startswith(b"<?xml"):
        if any(tag in head for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "feed"
        if suffix in FEED_EXT:
            return "html"
    if suffix in HTML_EXT or head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if suffix in JSONL_EXT:
        return "jsonl"
    if suffix in CSV_EXT:
        return "csv"
    return "text"


def _dispatch(
    source: str,
    name: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    fmt = detect_format(name, data)
    if fmt == "gz":
        yield from archives.read_gz(_dispatch, source, name, data, digest, settings, skip)
    elif fmt == "zip":
        yield from archives.read_zip(_dispatch, source, data, digest, settings, skip)
    elif fmt == "tar":
        yield from archives.read_tar(_dispatch, source, data, digest, settings, skip)
    elif fmt == "warc":
        yield from read_warc(source, data, digest, skip)
    else:
        yield from _read_textual(source, fmt, data, digest, settings, skip)


def _read_textual(
    source: str,
    fmt: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    try:
        text, encoding = decode_bytes(data)
    except DecodeError as exc:
        yield reject(source, exc.code, detail=exc.detail)
        return
    if fmt == "feed":
        yield from read_feed(source, data, digest, skip)
    elif fmt == "jsonl":
        yield from read_jsonl(source, text, digest, settings, skip)
    elif fmt == "csv":
        yield from read_csv(source, text, digest, settings, skip, source.endswith(".tsv"))
    elif fmt == "html":
        yield html_document(source, text, digest, encoding)
    elif not text.strip():
        yield reject(source, E.E002)
    else:
        yield RawDocument(source, text, "text", digest, encoding=encoding)
