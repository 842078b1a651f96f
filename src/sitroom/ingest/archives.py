"""Containers: ``.gz``, ``.zip``, ``.tar`` and ``.tar.gz`` files of any input format.

Each member is handed back to the format dispatcher of :mod:`sitroom.ingest.readers`
(passed in as ``dispatch``, so that this module does not import its caller) under the key
``<file hash>:<member>``.
"""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile
from collections.abc import Callable, Container, Iterator

from sitroom.config import IngestSettings
from sitroom.errors import E
from sitroom.ingest.decode import Item, hidden, reject

#: The dispatcher: (source, name, data, key, settings, skip) -> documents or rejections.
Dispatch = Callable[[str, str, bytes, str, IngestSettings, Container[str]], Iterator[Item]]


def read_gz(
    dispatch: Dispatch,
    source: str,
    name: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            inner = fh.read(settings.max_bytes + 1)
    except (OSError, EOFError) as exc:
        yield reject(source, E.E010, detail=str(exc))
        return
    if len(inner) > settings.max_bytes:
        yield reject(
            source, E.E004, size=f"more than {settings.max_bytes}", limit=settings.max_bytes
        )
        return
    if not inner:
        yield reject(source, E.E002)
        return
    inner_name = name[:-3] if name.lower().endswith(".gz") else name
    yield from dispatch(source, inner_name, inner, digest, settings, skip)


def _member(
    dispatch: Dispatch,
    source: str,
    member: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    key = f"{digest}:{member}"
    where = f"{source}!{member}"
    if key in skip:
        return
    if not data:
        yield reject(where, E.E002)
        return
    yield from dispatch(where, member, data, key, settings, skip)


def read_zip(
    dispatch: Dispatch,
    source: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        yield reject(source, E.E010, detail=str(exc))
        return
    with archive:
        for info in sorted(archive.infolist(), key=lambda i: i.filename):
            parts = info.filename.split("/")
            if info.is_dir() or any(hidden(p) for p in parts):
                continue
            if info.file_size > settings.max_bytes:
                where = f"{source}!{info.filename}"
                yield reject(where, E.E004, size=info.file_size, limit=settings.max_bytes)
                continue
            try:
                blob = archive.read(info)
            except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                yield reject(f"{source}!{info.filename}", E.E010, detail=str(exc))
                continue
            yield from _member(dispatch, source, info.filename, blob, digest, settings, skip)


def read_tar(
    dispatch: Dispatch,
    source: str,
    data: bytes,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as archive:
            yield from _tar_members(dispatch, source, archive, digest, settings, skip)
    except (tarfile.TarError, OSError, EOFError) as exc:
        yield reject(source, E.E010, detail=str(exc))


def _tar_members(
    dispatch: Dispatch,
    source: str,
    archive: tarfile.TarFile,
    digest: str,
    settings: IngestSettings,
    skip: Container[str],
) -> Iterator[Item]:
    members = sorted((m for m in archive.getmembers() if m.isfile()), key=lambda m: m.name)
    for info in members:
        if any(hidden(p) for p in info.name.split("/")):
            continue
        if info.size > settings.max_bytes:
            where = f"{source}!{info.name}"
            yield reject(where, E.E004, size=info.size, limit=settings.max_bytes)
            continue
        fh = archive.extractfile(info)
        blob = fh.read() if fh is not None else b""
        yield from _member(dispatch, source, info.name, blob, digest, settings, skip)
