"""Web captures: RSS/Atom feeds (feedparser, given the file's bytes) and WARC archives."""

from __future__ import annotations

import io
from collections.abc import Container, Iterator
from typing import Any

from sitroom.errors import E
from sitroom.ingest.decode import DecodeError, Item, decode_bytes, reject
from sitroom.ingest.html import html_document, strip_tags
from sitroom.records import RawDocument


def read_feed(source: str, data: bytes, digest: str, skip: Container[str]) -> Iterator[Item]:
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a file object: never a URL to fetch
    outlet = str(parsed.feed.get("title", "") or "")
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
        if not text:
            yield reject(source, E.E011, fmt="feed", record=record, fields="summary")
            continue
        yield RawDocument(f"{source}#{record}", text, "feed", key, record, meta=meta)


def read_warc(source: str, data: bytes, digest: str, skip: Container[str]) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    record = -1
    try:
        for rec in ArchiveIterator(io.BytesIO(data)):
            if rec.rec_type != "response":
                continue
            ctype = rec.http_headers.get_header("Content-Type") if rec.http_headers else ""
            if ctype and "html" not in ctype.lower():
                continue
            record += 1
            key = f"{digest}:{record}"
            payload = rec.content_stream().read()
            if key in skip or not payload:
                continue
            yield _warc_item(source, rec, payload, key, record)
    except Exception as exc:  # warcio raises plain exceptions on truncated archives
        yield reject(source, E.E007, fmt="warc", record=record + 1, detail=str(exc)[:200])


def _warc_item(source: str, rec: Any, payload: bytes, key: str, record: int) -> Item:
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    meta = {"url": url, "crawl_date": rec.rec_headers.get_header("WARC-Date") or ""}
    try:
        html, encoding = decode_bytes(payload)
    except DecodeError as exc:
        return reject(f"{source}#{record}", exc.code, detail=exc.detail)
    return html_document(f"{source}#{record}", html, key, encoding, record, meta)
