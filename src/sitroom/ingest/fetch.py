"""Polling feeds over HTTP: the only part of sitroom that reaches the network.

A :class:`Fetcher` asks politely: one user agent that says what it is, a timeout, a size
limit (a longer answer is not read past it), and a delay between two requests to the same
host. :func:`poll_feed` reads an RSS or Atom feed, then fetches each linked page not seen
before and extracts its main text with trafilatura (:func:`~sitroom.ingest.html.html_document`).
A page is keyed by the hash of its link (``url-<sha256>``), so a link already stored is never
fetched again; a page that cannot be fetched is set aside (E070) and tried again next time.
"""

from __future__ import annotations

import hashlib
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field

from sitroom.errors import E, SitroomError
from sitroom.ingest.decode import DecodeError, Item, decode_bytes, reject, shown
from sitroom.ingest.html import html_document, strip_tags
from sitroom.records import RawDocument, Rejected


def link_key(url: str) -> str:
    """The input key of a fetched page: the hash of its link (no colon: not a file record)."""
    return "url-" + hashlib.sha256(url.strip().encode("utf-8")).hexdigest()


@dataclass
class Fetcher:
    """HTTP GET with a user agent, a timeout, a size limit and a per-host delay."""

    user_agent: str
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    host_delay: float = 1.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)

    def get(self, url: str) -> bytes:
        """The body at ``url`` (http or https only); E070 on any failure or a body too big."""
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise SitroomError(E.E070, url=url, detail="not an http(s) address")
        self._wait(parts.netloc)
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as resp:
                size = resp.headers.get("Content-Length")
                if size and size.isdigit() and int(size) > self.max_bytes:
                    raise SitroomError(E.E070, url=url, detail=self._too_big(size))
                data: bytes = resp.read(self.max_bytes + 1)
        except SitroomError:
            raise
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise SitroomError(E.E070, url=url, detail=str(exc)[:200]) from exc
        finally:
            self._last[parts.netloc] = self.clock()
        if len(data) > self.max_bytes:
            raise SitroomError(E.E070, url=url, detail=self._too_big(f"more than {self.max_bytes}"))
        return data

    def _too_big(self, size: str) -> str:
        return f"{size} bytes, limit {self.max_bytes} (raise poll.max_bytes)"

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            remaining = self.host_delay - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)


@dataclass(frozen=True)
class FeedEntry:
    link: str
    meta: dict[str, str]
    summary: str


def feed_entries(data: bytes) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed, with what the feed says of each; E007 if the bytes
    are no feed."""
    import io

    import feedparser

    parsed = feedparser.parse(io.BytesIO(data))  # a file object: feedparser fetches nothing
    if not parsed.entries and parsed.get("bozo"):
        detail = str(parsed.get("bozo_exception", "not a feed"))[:200]
        raise SitroomError(E.E007, fmt="feed", record=0, detail=detail)
    outlet = str(parsed.feed.get("title", "") or "")
    out: list[FeedEntry] = []
    for entry in parsed.entries:
        meta = {
            "title": strip_tags(str(entry.get("title", ""))),
            "url": str(entry.get("link", "")).strip(),
            "date": str(entry.get("published" if "published" in entry else "updated", "")),
            "outlet": outlet,
        }
        meta = {k: v for k, v in meta.items() if v}
        if "date" in meta:
            meta["date_provenance"] = "container"
        body = entry.get("content", [{}])[0].get("value") or entry.get("summary", "")
        out.append(FeedEntry(meta.get("url", ""), meta, strip_tags(str(body or ""))))
    return out


def poll_feed(feed_url: str, fetcher: Fetcher, seen: Container[str]) -> Iterator[Item]:
    """Documents for the entries of the feed at ``feed_url`` whose link is not in ``seen``:
    the linked page's main text, or the entry's own text when it has no link. A feed or page
    that cannot be fetched or read is a ``Rejected`` (E070, E007, E008)."""
    try:
        entries = feed_entries(fetcher.get(feed_url))
    except SitroomError as exc:
        yield _set_aside(feed_url, exc)
        return
    for record, entry in enumerate(entries):
        if not entry.link:
            if entry.summary:
                key = link_key(f"{feed_url}#{entry.meta.get('title', '')}#{entry.summary}")
                if key not in seen:
                    yield RawDocument(f"{feed_url}#{record}", entry.summary, "feed", key, record,
                                      meta=entry.meta)  # fmt: skip
            continue
        key = link_key(entry.link)
        if key in seen:
            continue
        yield _page(entry, key, fetcher)


def _page(entry: FeedEntry, key: str, fetcher: Fetcher) -> Item:
    try:
        data = fetcher.get(entry.link)
    except SitroomError as exc:
        return _set_aside(entry.link, exc)
    try:
        html, encoding = decode_bytes(data)
    except DecodeError as exc:
        return reject(entry.link, exc.code, detail=exc.detail)
    return html_document(entry.link, html, key, encoding, meta=dict(entry.meta))


def _set_aside(url: str, exc: SitroomError) -> Rejected:
    """``exc`` as the reason ``url`` is set aside (the message without its code)."""
    return Rejected(shown(url), exc.code.name, shown(exc.message.split(": ", 1)[-1]))
