"""Web captures: RSS/Atom feeds (feedparser, given the file's bytes) and WARC archives."""

from __future__ import annotations

import io
from collections.abc import Container, Iterator
from typing import Any

from sitroom.errors import E
from sitroom.ingest.decode import DecodeError, Item, decode_bytes, reject
from sitroom.ingest.html import html_document, strip_tags
from sitroom.ingest.limits import Scope
from sitroom.records import RawDocument

BLOCK = 1 << 16


def read_feed(source: str, data: bytes, digest: str, skip: Container[str]) -> Iterator[Item]:
    """Each entry is a document; an entry with a title and no text is stored by its headline
    (one E017 warning for the file says how many); a feed that does not parse is E007."""
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a file object: never a URL to fetch
    if not parsed.entries and parsed.get("bozo"):
        detail = str(parsed.get("bozo_exception", "not a feed"))[:200]
        yield reject(source, E.E007, fmt="feed", record=0, detail=detail)
        return
    outlet = str(parsed.feed.get("title", "") or "")
    headlines = 0
    for record, entry in enumerate(parsed.entries):
        key = f"{digest}:{record}"
        if key in skip:
            continue
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        text = strip_tags(str(body or ""))
        meta = {
            "title": strip_tags(str(entry.get("title", ""))),
            "url": str(entry.get("link", "")),
            "date": str(entry.get("published", "") or entry.get("updated", "")),
            "outlet": outlet,
        }
        meta = {k: v for k, v in meta.items() if v}
        if "date" in meta:
            meta["date_provenance"] = "container"
        if not text and "title" in meta:
            text, meta["headline_only"] = meta["title"], "1"
            headlines += 1
        if not text:
            yield reject(source, E.E011, fmt="feed", record=record, fields="summary")
            continue
        yield RawDocument(f"{source}#{record}", text, "feed", key, record, meta=meta)
    if headlines:
        yield reject(source, E.E017, count=headlines, fmt="feed", fields="summary or content")


def read_warc(source: str, data: bytes, digest: str, scope: Scope) -> Iterator[Item]:
    """HTML response records as documents. A record cut short (or an archive that ends
    inside one) is E007 and ends the file: the records before it are kept. A gzipped WARC
    counts what it unpacks against the file's budget (E015)."""
    from warcio.archiveiterator import ArchiveIterator

    record = -1
    packed = data[:2] == b"\x1f\x8b"
    records = ArchiveIterator(io.BytesIO(data))
    try:
        for rec in records:
            length = int(rec.length or 0)
            if packed and not scope.budget.take(length):
                yield reject(f"{source}#{record + 1}", E.E015, limit=scope.settings.unpacked_limit)
                return
            if _is_page(rec):
                record += 1
                item = _warc_record(source, rec, f"{digest}:{record}", record, scope)
            else:
                item = None
            while rec.raw_stream.read(BLOCK):  # to the end of the record, nothing kept
                pass
            missing = getattr(rec.raw_stream, "limit", 0)
            if missing > 0:
                got = f"{length - missing} of {length} bytes"
                detail = f"cut short ({rec.rec_type} record, {got})"
                yield reject(source, E.E007, fmt="warc", record=max(record, 0), detail=detail)
                return
            if item is not None:
                yield item
    except Exception as exc:  # warcio raises plain exceptions on truncated archives
        yield reject(source, E.E007, fmt="warc", record=record + 1, detail=str(exc)[:200])
        return
    if data[records.offset :].strip():
        detail = "cut short (the archive ends inside a record)"
        yield reject(source, E.E007, fmt="warc", record=record + 1, detail=detail)


def _is_page(rec: Any) -> bool:
    if rec.rec_type != "response":
        return False
    ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else ""
    return not ctype or "html" in ctype.lower()


def _warc_record(source: str, rec: Any, key: str, record: int, scope: Scope) -> Item | None:
    """The page of one response record (None when already stored or empty)."""
    if key in scope.skip:
        return None
    limit = scope.settings.max_bytes
    payload = rec.content_stream().read(limit + 1)  # decoded (chunked, gzip) and bounded
    if len(payload) > limit:
        return reject(f"{source}#{record}", E.E004, size=f"more than {limit}", limit=limit)
    if len(payload) > int(rec.length or 0) and not scope.budget.take(len(payload)):
        return reject(f"{source}#{record}", E.E015, limit=scope.settings.unpacked_limit)
    if not payload:
        return None
    return _warc_item(source, rec, payload, key, record)


def _warc_item(source: str, rec: Any, payload: bytes, key: str, record: int) -> Item:
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    meta = {"url": url, "crawl_date": rec.rec_headers.get_header("WARC-Date") or ""}
    try:
        html, encoding = decode_bytes(payload)
    except DecodeError as exc:
        return reject(f"{source}#{record}", exc.code, detail=exc.detail)
    return html_document(f"{source}#{record}", html, key, encoding, record, meta)
