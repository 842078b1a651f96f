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

import errno
import fnmatch
import hashlib
import os
import re
import stat
from collections.abc import Callable, Container, Generator, Iterator, Sequence
from glob import iglob
from pathlib import Path

from sitroom.config import IngestSettings
from sitroom.errors import E
from sitroom.ingest import archives
from sitroom.ingest.decode import DecodeError, Item, decode_bytes, hidden, reject, shown
from sitroom.ingest.feeds import read_feed, read_warc
from sitroom.ingest.html import html_document
from sitroom.ingest.limits import Scope
from sitroom.ingest.rows import read_csv, read_jsonl
from sitroom.records import RawDocument, Rejected

SKIPPED_CODES = frozenset({E.E011.name})  # Rejected codes that mean "nothing to ingest"
# Rejected codes that are warnings about a file whose records were read (and are stored)
WARNING_CODES = frozenset({E.E017.name, E.E018.name})

TEXT_EXT = frozenset({".txt", ".text", ".md", ""})
HTML_EXT = frozenset({".html", ".htm", ".xhtml", ".shtml"})
JSONL_EXT = frozenset({".jsonl", ".ndjson", ".json"})
CSV_EXT = frozenset({".csv", ".tsv"})
FEED_EXT = frozenset({".rss", ".atom", ".xml"})
GLOB_CHARS = re.compile(r"[*?\[]")


# --------------------------------------------------------------------------- paths


def _path_error(path: str | Path, exc: OSError, folder: bool = False) -> Rejected:
    """An OSError met on a path as an input error: a loop, an unreadable folder or file."""
    detail = exc.strerror or str(exc)
    if exc.errno == errno.ELOOP:
        return reject(str(path), E.E013, detail=detail)
    return reject(str(path), E.E012 if folder else E.E006, detail=detail)


def _listing(folder: Path) -> tuple[list[os.DirEntry[str]], tuple[int, int]] | Rejected:
    """A folder's entries in name order and its identity (device, inode), or why not."""
    try:
        st = folder.stat()
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return _path_error(folder, exc, folder=True)
    return entries, (st.st_dev, st.st_ino)


def _walk(root: Path) -> Iterator[Path | Rejected]:
    """Files under ``root``, recursively, in path order, hidden files and folders skipped.

    A folder that cannot be listed, an entry that cannot be examined and a symbolic link
    back to a folder being walked (a loop) are yielded as ``Rejected``; the walk goes on.
    Iterative, so that folders nested thousands deep do not exhaust the stack.
    """
    first = _listing(root)
    if isinstance(first, Rejected):
        yield first
        return
    entries, ident = first
    stack = [(iter(entries), {ident: str(root)})]
    while stack:
        pending, chain = stack[-1]
        entry = next(pending, None)
        if entry is None:
            stack.pop()
            continue
        if hidden(entry.name):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError as exc:
            yield _path_error(entry.path, exc)
            continue
        if not is_dir:
            yield Path(entry.path)
            continue
        listing = _listing(Path(entry.path))
        if isinstance(listing, Rejected):
            yield listing
        elif listing[1] in chain:
            yield reject(entry.path, E.E013, detail=f"leads back to {chain[listing[1]]}")
        else:
            stack.append((iter(listing[0]), {**chain, listing[1]: entry.path}))


def _glob_parts(relative: Sequence[str], pattern: Sequence[str]) -> bool:
    """Whether path components match glob components (``**``: any number of folders)."""
    if not pattern:
        return not relative
    if pattern[0] == "**":
        return any(_glob_parts(relative[k:], pattern[1:]) for k in range(len(relative) + 1))
    return (
        bool(relative)
        and fnmatch.fnmatchcase(relative[0], pattern[0])
        and _glob_parts(relative[1:], pattern[1:])
    )


def _glob(spec: str) -> Iterator[Path | Rejected]:
    """Files matching a glob pattern, in order; matching folders are walked.

    A recursive pattern (``**``) over a tree with a symbolic-link loop is matched against
    a loop-safe walk instead of :func:`glob.iglob`, which would follow the loop.
    """
    parts = Path(spec).parts
    if "**" in parts:
        fixed = next(i for i, p in enumerate(parts) if GLOB_CHARS.search(p))
        base = Path(*parts[:fixed])
        walked = list(_walk(base))
        if any(isinstance(w, Rejected) and w.code == E.E013.name for w in walked):
            for item in walked:
                if isinstance(item, Rejected) or _glob_parts(
                    item.relative_to(base).parts, parts[fixed:]
                ):
                    yield item
            return
    for match in sorted(iglob(spec, recursive=True)):  # noqa: PTH207 (absolute patterns)
        p = Path(match)
        if p.is_dir():
            yield from _walk(p)
        elif not hidden(p.name):
            yield p


def _expand_one(spec: str | Path) -> Iterator[Path | Rejected]:
    path = Path(spec)
    try:
        st = path.stat()
    except ValueError:  # a NUL byte: no file has that name
        yield reject(str(spec), E.E001, path=spec)
        return
    except OSError as exc:
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            yield _path_error(path, exc)
            return
        found = False
        if GLOB_CHARS.search(str(spec)):
            for item in _glob(str(spec)):
                found = True
                yield item
        if not found:
            yield reject(str(spec), E.E001, path=spec)
        return
    if stat.S_ISDIR(st.st_mode):
        yield from _walk(path)
    else:
        yield path


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path]:
    """Files named by ``paths``: files, directories (recursively, sorted) and glob patterns.

    Paths that name nothing or cannot be read are left out (:func:`iter_documents` reports
    them)."""
    for spec in paths:
        for item in _expand_one(spec):
            if isinstance(item, Path):
                yield item


def iter_documents(
    paths: Sequence[str | Path],
    settings: IngestSettings | None = None,
    skip_hashes: Container[str] = (),
    on_file_done: Callable[[str], None] | None = None,
) -> Iterator[RawDocument | Rejected]:
    """Stream documents from ``paths``; a file whose hash is in ``skip_hashes`` is not parsed.

    ``on_file_done(digest)`` is called once every document of a file has been yielded (never
    for a file cut short by an error): only then may a caller record the whole file as read,
    so that a run stopped half-way through a file reads the rest of it the next time.

    Records of multi-record files are skipped one by one when their own hash is listed.
    A path that names nothing yields ``Rejected`` E001; a path that cannot be walked or read
    (a symbolic-link loop, an unreadable folder or file) yields its own ``Rejected`` and the
    other paths are still read. Names in ``source_path`` are shown escaped (:func:`shown`).
    """
    settings = settings or IngestSettings.model_validate({})
    for spec in paths:
        for item in _expand_one(spec):
            if isinstance(item, Rejected):
                yield item
            else:
                digest = yield from read_file(item, settings, skip_hashes)
                if digest is not None and on_file_done is not None:
                    on_file_done(digest)


def read_file(
    path: Path, settings: IngestSettings, skip_hashes: Container[str] = ()
) -> Generator[Item, None, str | None]:
    """Read one file (once) and yield what it holds; return its hash once all is yielded
    (None when the file could not be read to its end).

    Whatever goes wrong inside becomes a ``Rejected`` of this file: a reader that fails on
    hostile bytes (E060) never stops the run."""
    source = shown(str(path))
    try:
        st = path.stat()
    except OSError as exc:
        yield _path_error(source, exc)
        return None
    if not stat.S_ISREG(st.st_mode):
        yield reject(source, E.E006, detail="not a regular file (a pipe, socket or device)")
        return None
    if st.st_size > settings.max_bytes:
        yield reject(source, E.E004, size=st.st_size, limit=settings.max_bytes)
        return None
    if st.st_size == 0:
        yield reject(source, E.E002)
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read(settings.max_bytes + 1)  # the file may have grown since stat()
    except OSError as exc:
        yield _path_error(source, exc)
        return None
    if len(data) > settings.max_bytes:
        yield reject(
            source, E.E004, size=f"more than {settings.max_bytes}", limit=settings.max_bytes
        )
        return None
    digest = hashlib.sha256(data).hexdigest()
    if digest in skip_hashes:
        return digest
    try:
        yield from _dispatch(source, path.name, data, digest, Scope.start(settings, skip_hashes))
    except Exception as exc:  # a reader's bug on hostile bytes: this file only, a code
        yield reject(source, E.E060, detail=f"{type(exc).__name__}: {exc}"[:300])
    return digest


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


def _dispatch(source: str, name: str, data: bytes, digest: str, scope: Scope) -> Iterator[Item]:
    fmt = detect_format(name, data)
    if fmt in ("gz", "zip", "tar") and scope.depth >= scope.settings.max_archive_depth:
        yield reject(source, E.E014, limit=scope.settings.max_archive_depth)
    elif fmt == "gz":
        yield from archives.read_gz(_dispatch, source, name, data, digest, scope)
    elif fmt == "zip":
        yield from archives.read_zip(_dispatch, source, data, digest, scope)
    elif fmt == "tar":
        yield from archives.read_tar(_dispatch, source, data, digest, scope)
    elif fmt == "warc":
        yield from read_warc(source, data, digest, scope)
    else:
        yield from _read_textual(source, fmt, data, digest, scope.settings, scope.skip)


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
