"""Containers: ``.gz``, ``.zip``, ``.tar`` and ``.tar.gz`` files of any input format.

Each member is handed back to the format dispatcher of :mod:`sitroom.ingest.readers`
(passed in as ``dispatch``, so that this module does not import its caller) under the key
``<file hash>:<member>``, one level deeper (:class:`~sitroom.ingest.limits.Scope`).

Members are read into memory only, never written to disk. What an input file unpacks counts
against one budget (E015 past it: the rest of the file is not read); a member larger than
``max_bytes`` is E004; a member whose name is absolute or climbs out with ``..``, and a
link or device, is E016 (reported, not read); hidden members (``.DS_Store``, ``__MACOSX/``)
are skipped like hidden files.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import re
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator

from sitroom.errors import E
from sitroom.ingest.decode import Item, hidden, reject, shown
from sitroom.ingest.limits import Scope
from sitroom.records import Rejected

#: The dispatcher: (source, name, data, key, scope) -> documents or rejections.
Dispatch = Callable[[str, str, bytes, str, Scope], Iterator[Item]]

DRIVE = re.compile(r"^[A-Za-z]:")
# decompressors of a compressed tar stream, by the stream's first bytes
TAR_COMPRESSION: tuple[tuple[bytes, Callable[[io.BytesIO], io.BufferedIOBase]], ...] = (
    (b"\x1f\x8b", lambda fh: gzip.GzipFile(fileobj=fh)),
    (b"BZh", bz2.BZ2File),
    (b"\xfd7zXZ\x00", lzma.LZMAFile),
)
# what a damaged or hostile archive makes the standard library raise
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    tarfile.TarError,
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    ValueError,
    RuntimeError,  # an encrypted zip member
    NotImplementedError,  # a zip compression method the standard library lacks
)


def unsafe_name(name: str) -> str | None:
    """Why a member's name could not be honoured on disk (empty, absolute, or climbing out
    of the archive with ``..``, with either slash), or None."""
    if not name:
        return "an empty name"
    if name.startswith(("/", "\\")) or DRIVE.match(name):
        return "an absolute path"
    if ".." in name.replace("\\", "/").split("/"):
        return "a name that leads outside the archive (..)"
    return None


def _hidden_member(name: str) -> bool:
    """A member in or under a hidden folder, or hidden itself (a ``./`` prefix aside)."""
    return any(hidden(p) for p in name.split("/") if p not in ("", "."))


def _over(where: str, scope: Scope) -> Rejected:
    return reject(where, E.E015, limit=scope.settings.unpacked_limit)


def _member(
    dispatch: Dispatch, source: str, member: str, data: bytes, digest: str, scope: Scope
) -> Iterator[Item]:
    name = shown(member)
    key = f"{digest}:{name}"
    where = f"{source}!{name}"
    if key in scope.skip:
        return
    if not data:
        yield reject(where, E.E002)
        return
    yield from dispatch(where, member, data, key, scope.inner())


def read_gz(
    dispatch: Dispatch, source: str, name: str, data: bytes, digest: str, scope: Scope
) -> Iterator[Item]:
    limit = scope.settings.max_bytes
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            inner = fh.read(limit + 1)
    except (OSError, EOFError, zlib.error) as exc:
        yield reject(source, E.E010, detail=str(exc))
        return
    if len(inner) > limit:
        yield reject(source, E.E004, size=f"more than {limit}", limit=limit)
        return
    if not inner:
        yield reject(source, E.E002)
        return
    if not scope.budget.take(len(inner)):
        yield _over(source, scope)
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    yield from dispatch(source, inner_name, inner, digest, scope.inner())


def _zip_link(info: zipfile.ZipInfo) -> str | None:
    mode = info.external_attr >> 16
    if info.create_system == 3 and (stat.S_ISLNK(mode) or stat.S_ISCHR(mode)):
        return "a symbolic link or device"
    return None


def read_zip(
    dispatch: Dispatch, source: str, data: bytes, digest: str, scope: Scope
) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ARCHIVE_ERRORS as exc:
        yield reject(source, E.E010, detail=str(exc))
        return
    limit = scope.settings.max_bytes
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            if scope.budget.spent:  # reported where it ran out, maybe in a nested archive
                return
            where = f"{source}!{shown(info.filename)}"
            why = unsafe_name(info.filename) or _zip_link(info)
            if why:
                yield reject(where, E.E016, detail=why)
                continue
            if info.is_dir() or _hidden_member(info.filename):
                continue
            if info.file_size > limit:
                yield reject(where, E.E004, size=info.file_size, limit=limit)
                continue
            if not scope.budget.take(info.file_size):  # zipfile reads no more than declared
                yield _over(where, scope)
                return
            try:
                blob = archive.read(info)
            except ARCHIVE_ERRORS as exc:
                yield reject(where, E.E010, detail=str(exc))
                continue
            yield from _member(dispatch, source, info.filename, blob, digest, scope)


def _tar_stream(data: bytes, scope: Scope) -> bytes | None:
    """The tar stream itself: decompressed (counted against the budget; None past it), or
    ``data`` when it is a plain tar."""
    for magic, opener in TAR_COMPRESSION:
        if data.startswith(magic):
            with opener(io.BytesIO(data)) as fh:
                raw = fh.read(scope.budget.left + 1)
            return raw if scope.budget.take(len(raw)) else None
    return data


def _tar_kind(info: tarfile.TarInfo) -> str | None:
    if info.issym() or info.islnk():
        return f"a link to {info.linkname}"
    if info.ischr() or info.isblk() or info.isfifo():
        return "a device or pipe"
    return None


def read_tar(
    dispatch: Dispatch, source: str, data: bytes, digest: str, scope: Scope
) -> Iterator[Item]:
    try:
        raw = _tar_stream(data, scope)
        if raw is None:
            yield _over(source, scope)
            return
        archive = tarfile.open(fileobj=io.BytesIO(raw), mode="r:")  # noqa: SIM115 (closed below)
        members = sorted(archive.getmembers(), key=lambda m: m.name)
    except ARCHIVE_ERRORS as exc:
        yield reject(source, E.E010, detail=str(exc))
        return
    with archive:
        yield from _tar_members(dispatch, source, archive, members, digest, scope)


def _tar_members(
    dispatch: Dispatch,
    source: str,
    archive: tarfile.TarFile,
    members: list[tarfile.TarInfo],
    digest: str,
    scope: Scope,
) -> Iterator[Item]:
    limit = scope.settings.max_bytes
    for info in members:
        if scope.budget.spent:
            return
        where = f"{source}!{shown(info.name)}"
        why = unsafe_name(info.name) or _tar_kind(info)
        if why:
            yield reject(where, E.E016, detail=why)
            continue
        if not info.isfile() or _hidden_member(info.name):
            continue
        if info.size > limit:
            yield reject(where, E.E004, size=info.size, limit=limit)
            continue
        try:
            fh = archive.extractfile(info)
            blob = fh.read() if fh is not None else b""
        except ARCHIVE_ERRORS as exc:
            yield reject(where, E.E010, detail=str(exc))
            continue
        yield from _member(dispatch, source, info.name, blob, digest, scope)
