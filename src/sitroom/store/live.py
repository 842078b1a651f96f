"""Live serving: a server keeps answering from a store while writers add articles to it.

DuckDB lets one process write a file and no other process open it meanwhile (several
processes may read it, read-only). sitroom therefore serves **snapshots**:

- ``sitroom serve`` opens the store read-only (:class:`LiveStore`) and announces itself in a
  sidecar file ``<db>.serving`` (JSON: pid, host, port, started) while it runs
  (:func:`announce`).
- A writer opens the store with :func:`writable_store`. Writers take turns through an
  exclusive lock on ``<db>.write-lock``. With no live server the writer works on the file in
  place, as before. With a live server it copies the file to ``<db>.next-<pid>``, works on the
  copy and, when it is done (or stops on an error: what it committed is kept, as in place),
  renames the copy over ``<db>`` in one step (``os.replace``). A writer killed before that
  leaves the served file as it was; its copy is removed by the next writer.
- The server notices the new file (its inode, size or modification time changed) within
  ``check_every`` seconds (a watcher thread looks, :meth:`LiveStore.watch`; without it, the
  next request after that delay looks), opens it read-only
  through a hard link of its own (DuckDB would otherwise hand back the instance it already
  has open under that path) and swaps it in. Requests already running finish on the old
  snapshot, which is closed when its last reader is done. Each snapshot has a
  ``generation`` number, so that what is computed from one (the picture's caches) is
  dropped with it.

``watch``, ``poll`` and any other writer use the same two calls::

    from sitroom.store.live import writable_store

    with writable_store(db) as store:   # a read-write Store
        ingest_paths(store, paths, settings)
        process(store, settings)
    # now published: a server of ``db`` serves it from its next request on

:func:`serving_info` tells whether a server is serving a store (and where). The cost of a
publication is one copy of the store file (measured in the README); readers never wait for
writers, and a writer never waits for readers.
"""

from __future__ import annotations

import contextlib
import fcntl
import itertools
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sitroom.errors import E, SitroomError
from sitroom.store.store import Store

SERVING_SUFFIX = ".serving"
LOCK_SUFFIX = ".write-lock"
NEXT_SUFFIX = ".next-"
CHECK_EVERY = 0.5


@dataclass(frozen=True, slots=True)
class ServingInfo:
    """A running server of a store, as its sidecar file tells."""

    pid: int
    host: str
    port: int
    started: str

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def serving_info(db: str | Path) -> ServingInfo | None:
    """The server serving ``db`` now, or None (no sidecar, an unreadable one, or its
    process is gone)."""
    side = Path(str(db) + SERVING_SUFFIX)
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
        info = ServingInfo(int(data["pid"]), str(data["host"]), int(data["port"]),
                           str(data.get("started", "")))  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if _pid_alive(info.pid) else None


@contextlib.contextmanager
def announce(db: str | Path, host: str, port: int) -> Iterator[ServingInfo]:
    """Write the sidecar that tells writers this process serves ``db``; removed on exit."""
    side = Path(str(db) + SERVING_SUFFIX)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    info = ServingInfo(os.getpid(), host, port, started)
    tmp = side.with_name(side.name + f".{os.getpid()}")
    tmp.write_text(json.dumps({"pid": info.pid, "host": host, "port": port,
                               "started": started}), encoding="utf-8")  # fmt: skip
    tmp.replace(side)
    try:
        yield info
    finally:
        with contextlib.suppress(OSError):
            current = json.loads(side.read_text(encoding="utf-8"))
            if int(current.get("pid", -1)) == os.getpid():
                side.unlink()


@contextlib.contextmanager
def _write_lock(db: Path) -> Iterator[None]:
    db.parent.mkdir(parents=True, exist_ok=True)
    with open(str(db) + LOCK_SUFFIX, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _remove_stale_copies(db: Path) -> None:
    for stale in db.parent.glob(db.name + NEXT_SUFFIX + "*"):
        with contextlib.suppress(OSError):
            stale.unlink()


@dataclass(slots=True)
class Publication:
    """What a :func:`writable_store` did: ``server`` is the server it published to (None
    when it wrote in place) and ``copy_seconds`` the time the snapshot copy took."""

    server: ServingInfo | None = None
    copy_seconds: float = 0.0
    publish_seconds: float = 0.0


@contextlib.contextmanager
def writable_store(db: str | Path, publication: Publication | None = None) -> Iterator[Store]:
    """A read-write :class:`Store` of ``db``, published to a live server on exit (see the
    module's docstring). ``publication``, when given, is filled in with what happened."""
    path = Path(db)
    pub = publication if publication is not None else Publication()
    with _write_lock(path):
        _remove_stale_copies(path)
        pub.server = serving_info(path) if path.exists() else None
        if pub.server is None:
            with Store(path) as store:
                yield store
            return
        work = path.with_name(path.name + NEXT_SUFFIX + str(os.getpid()))
        started = time.perf_counter()
        shutil.copyfile(path, work)
        pub.copy_seconds = time.perf_counter() - started
        opened = False
        try:
            with Store(work) as store:
                opened = True
                yield store
        finally:
            # what the writer committed is published even when it stops on an error,
            # as a write in place would have kept it
            if opened:
                started = time.perf_counter()
                _publish(work, path)
                pub.publish_seconds = time.perf_counter() - started
            with contextlib.suppress(OSError):
                work.unlink()


def _publish(work: Path, path: Path) -> None:
    fd = os.open(work, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    work.replace(path)


# --------------------------------------------------------------------------- the reader


def _stat_key(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = Path(path).stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


_LINKS = itertools.count(1)
_GENERATIONS = itertools.count(1)  # unique in the process, so caches can key on them


def open_snapshot(path: str) -> Store:
    """The store at ``path`` opened read-only under a name of its own (a hard link removed
    once open), so that a replaced file is opened afresh. Falls back to the path itself
    where a link cannot be made."""
    link = f"{path}.read-{os.getpid()}-{next(_LINKS)}"
    try:
        os.link(path, link)
    except OSError:
        return Store(path, read_only=True)
    try:
        store = Store(link, read_only=True)
    finally:
        with contextlib.suppress(OSError):
            Path(link).unlink()
    store.path = path
    return store


class _Snapshot:
    def __init__(self, store: Store, key: tuple[int, int, int, int] | None, generation: int):
        self.store = store
        self.key = key
        self.generation = generation
        self.readers = 0
        self.retired = False


class LiveStore:
    """The store a server reads: one read-only snapshot at a time, swapped for a newer file
    when a writer publishes one (see the module's docstring). Thread-safe."""

    def __init__(self, path: str, *, check_every: float = CHECK_EVERY) -> None:
        if not Path(path).is_file():
            raise SitroomError(E.E001, path=path)
        self.path = path
        self.check_every = check_every
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        key = _stat_key(path)
        self._current = _Snapshot(open_snapshot(path), key, next(_GENERATIONS))
        self._checked = time.monotonic()
        self.swaps = 0
        #: Called (with no lock held) after each swap, e.g. to compute caches afresh.
        self.on_swap: Callable[[], None] | None = None

    @property
    def generation(self) -> int:
        """The number of the snapshot served now (unique in the process, growing)."""
        return self._current.generation

    def current(self) -> int:
        """The generation served now, after a look for a newer file when it is due (unless
        a watcher thread looks, :meth:`watch`)."""
        if self._watcher is None and time.monotonic() - self._checked >= self.check_every:
            self.refresh()
        return self._current.generation

    def watch(self) -> None:
        """Look for a newer file every ``check_every`` seconds in a thread of its own, so
        that no request pays for opening a new snapshot; stopped by :meth:`close`."""
        if self._watcher is not None:
            return

        def loop() -> None:
            while not self._stop.wait(self.check_every):
                with contextlib.suppress(Exception):  # tried again at the next look
                    self.refresh()

        self._watcher = threading.Thread(target=loop, name="sitroom-live-watch", daemon=True)
        self._watcher.start()

    @contextlib.contextmanager
    def reader(self) -> Iterator[Store]:
        """A cursor on the newest snapshot, for one request; its ``generation`` is set."""
        self.current()
        with self._lock:
            snap = self._current
            snap.readers += 1
        view = snap.store.view()
        view.generation = snap.generation
        try:
            yield view
        finally:
            view.close()
            with self._lock:
                snap.readers -= 1
                done = snap.retired and snap.readers == 0
            if done:
                snap.store.close()

    def refresh(self) -> bool:
        """Look at the file now; swap in a newer one. True when it swapped. A file that
        cannot be opened yet (a writer holds it in place) is tried again at the next look."""
        if not self._refreshing.acquire(blocking=False):
            return False  # another request is looking
        try:
            self._checked = time.monotonic()
            key = _stat_key(self.path)
            if key is None or key == self._current.key:
                return False
            try:
                store = open_snapshot(self.path)
            except SitroomError:
                return False
            self._swap(store, key)
        finally:
            self._refreshing.release()
        if self.on_swap is not None:
            self.on_swap()
        return True

    def _swap(self, store: Store, key: tuple[int, int, int, int]) -> None:
        with self._lock:
            old = self._current
            self._current = _Snapshot(store, key, next(_GENERATIONS))
            old.retired = True
            close_old = old.readers == 0
            self.swaps += 1
        if close_old:
            old.store.close()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None
        with self._lock:
            snap = self._current
            snap.retired = True
            close = snap.readers == 0
        if close:
            snap.store.close()
