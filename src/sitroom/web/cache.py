"""Caches of what the server computes from a store snapshot.

A served snapshot never changes (:mod:`sitroom.store.live`: a writer publishes a new file,
with a new ``generation``), so whatever is computed from it holds until the next swap:

- :func:`memo` keeps the picture's costly parts (the escalation series of a dyad over a range,
  the principal dyads, the latest day, the table counts) per generation: the escalation of
  ``RUS-UKR`` is computed once per store version, not per request. Concurrent requests for
  the same value wait for the one computing it instead of computing it again.
- :class:`ResponseCache` (ASGI middleware) keeps the bodies of successful GET answers per
  generation and URL, within a byte budget, least recently used first out.

Generations are unique in the process, so entries of a replaced snapshot are never served
for a newer one; they age out of the LRU.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sitroom.store.store import Store

T = TypeVar("T")

MEMO_ENTRIES = 512  # values can be large (a ten-year escalation series): keep few
RESPONSE_BYTES = 96 * 1024 * 1024
MAX_RESPONSE = 4 * 1024 * 1024
UNCACHED_PATHS = ("/api/health", "/api/code")


class _Memo:
    def __init__(self, entries: int) -> None:
        self.entries = entries
        self.lock = threading.Lock()
        self.values: OrderedDict[Hashable, Any] = OrderedDict()
        self.pending: dict[Hashable, threading.Event] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        while True:
            with self.lock:
                if key in self.values:
                    self.values.move_to_end(key)
                    self.hits += 1
                    return self.values[key]  # type: ignore[no-any-return]
                waiting = self.pending.get(key)
                if waiting is None:
                    self.pending[key] = threading.Event()
                    self.misses += 1
                    break
            waiting.wait()
        try:
            value = compute()
            with self.lock:
                self.values[key] = value
                while len(self.values) > self.entries:
                    self.values.popitem(last=False)
            return value
        finally:
            with self.lock:
                self.pending.pop(key).set()


_MEMO = _Memo(MEMO_ENTRIES)


def memo(st: Store, key: tuple[Hashable, ...], compute: Callable[[], T]) -> T:
    """``compute()`` once per snapshot of ``st`` and ``key`` (uncached for a store that is
    not a served snapshot, generation 0)."""
    if not st.generation:
        return compute()
    return _MEMO.get((st.generation, *key), compute)


class ResponseCache:
    """ASGI middleware: replays a successful GET answer computed from the same snapshot.

    ``generation()`` gives the snapshot served now (looking for a newer one first)."""

    def __init__(self, app: Any, generation: Callable[[], int],
                 budget: int = RESPONSE_BYTES) -> None:  # fmt: skip
        self.app = app
        self.generation = generation
        self.budget = budget
        self.used = 0
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple[int, str], tuple[dict[str, Any], bytes]] = OrderedDict()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] in UNCACHED_PATHS:
            await self.app(scope, receive, send)
            return
        key = (self.generation(), scope["path"] + "?" + scope["query_string"].decode("latin-1"))
        with self.lock:
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
        if hit is not None:
            start, body = hit
            await send(start)
            await send({"type": "http.response.body", "body": body})
            return
        await self.app(scope, receive, self._recorder(key, send))

    def _recorder(self, key: tuple[int, str], send: Any) -> Any:
        parts: list[bytes] = []
        state: dict[str, Any] = {"start": None, "ok": True, "size": 0}

        async def record(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                state["start"] = message
                state["ok"] = message["status"] == 200
            elif message["type"] == "http.response.body" and state["ok"]:
                body = message.get("body", b"")
                state["size"] += len(body)
                state["ok"] = state["size"] <= MAX_RESPONSE
                parts.append(body)
                if state["ok"] and not message.get("more_body", False):
                    self._keep(key, state["start"], b"".join(parts))
            await send(message)

        return record

    def _keep(self, key: tuple[int, str], start: dict[str, Any], body: bytes) -> None:
        with self.lock:
            if key in self.entries:
                return
            self.entries[key] = (start, body)
            self.used += _size(key, body)
            while self.used > self.budget and self.entries:
                old_key, (_, old) = self.entries.popitem(last=False)
                self.used -= _size(old_key, old)


def _size(key: tuple[int, str], body: bytes) -> int:
    """What an entry costs the budget: its body and its URL (a long query string counts)."""
    return len(body) + len(key[1]) + 200
