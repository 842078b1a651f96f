"""A tiny HTTP server on 127.0.0.1 in a thread, serving pages the test sets, and logging
each request (path and user agent)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Site:
    base: str = ""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # path -> (type, body)
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, user agent)
    delay: float = 0.0

    def put(self, path: str, body: str, kind: str = "text/html; charset=utf-8") -> str:
        self.pages[path] = (kind, body.encode("utf-8"))
        return self.base + path

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@contextmanager
def serve() -> Iterator[Site]:
    site = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append((self.path, self.headers.get("User-Agent", "")))
            if site.delay:
                time.sleep(site.delay)
            found = site.pages.get(self.path)
            if found is None:
                self.send_error(404)
                return
            kind, body = found
            try:
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout, a size limit): what the test wants

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, date) items."""
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate>"
        f"<description>{t}</description></item>"
        for t, link, d in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>http://example.org/</link>"
        f"<description>test feed</description>{body}</channel></rss>"
    )


def page(title: str, paragraphs: list[str]) -> str:
    """A news page: navigation, the article, a footer."""
    paras = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title}</title></head><body>"
        '<nav><a href="/">Home</a> | <a href="/world">World</a></nav>'
        f"<article><h1>{title}</h1>{paras}</article>"
        "<footer>All rights reserved by the test outlet.</footer></body></html>"
    )
