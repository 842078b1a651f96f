"""The app's ASGI middleware (plain ASGI, no per-request task as Starlette's base class has):
the write guard and the security headers of every response."""

from __future__ import annotations

import json
from typing import Any

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

#: The pages load nothing but their own stylesheet and inline SVG: no script runs at all.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (errors included)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class WriteGuard:
    """Read-only unless a token is configured; writes need ``Authorization: Bearer``."""

    def __init__(self, app: Any, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in READ_METHODS:
            await self.app(scope, receive, send)
            return
        if self.token is None:
            await _json(send, 403, "this server is read-only")
            return
        headers = dict(scope.get("headers", []))
        if headers.get(b"authorization") != f"Bearer {self.token}".encode():
            await _json(send, 401, "missing or wrong API token")
            return
        await self.app(scope, receive, send)


async def _json(send: Any, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})  # fmt: skip
    await send({"type": "http.response.body", "body": body})
