"""Streaming intake: a watched folder and polled feeds, processed into the store as they come.

Both run in passes. A pass opens the store only when it has something to add, ingests the
new documents, processes them (one engine, so one loaded model, serves every pass) and closes
the store again, so that other commands can read it between passes. ``once`` runs one pass;
otherwise passes repeat until ``stop`` is set (or Ctrl-C stops the caller), and each waits for
the next in ``stop.wait``.

**watch** finds new and changed files by their modification time and size (a file is taken
once it has not changed for ``settle`` seconds, so a file still being written is not read
half-way); watchdog, when installed, wakes the loop as soon as something changes in the
folder, and the scan every ``every`` seconds is the fallback. What a changed file now holds is
ingested like any input (a file whose bytes were ingested before is not read again).

**poll** fetches each feed, then each linked page not stored before (see
:mod:`sitroom.ingest.fetch`), every ``every`` seconds.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.engine import Engine
from sitroom.pipeline import (
    IngestReport,
    ProcessReport,
    copy_finder,
    ingest_items,
    ingest_paths,
    process,
)
from sitroom.records import RawDocument, Rejected
from sitroom.store.store import Store

#: Opens the store for one pass: a :class:`Store`, or a context manager that gives one (the
#: CLI's, which writes through a live server's snapshots when one serves the store).
StoreOpener = Callable[[], contextlib.AbstractContextManager[Store]]


@dataclass
class PassReport:
    """What one pass found and did."""

    found: int
    ingest: IngestReport | None = None
    process: ProcessReport | None = None


OnPass = Callable[[PassReport], None]


class FolderScan:
    """New and changed files under a folder, by (modification time, size)."""

    def __init__(self, folder: Path, settle: float = 1.0) -> None:
        self.folder, self.settle = folder, settle
        self.known: dict[Path, tuple[int, int]] = {}

    def _files(self) -> Iterator[tuple[Path, os.stat_result]]:
        for root, dirs, files in os.walk(self.folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith("."):
                    continue
                path = Path(root) / name
                with contextlib.suppress(OSError):  # gone between the listing and the look
                    yield path, path.stat()

    def changed(self, now: float | None = None) -> tuple[list[Path], bool]:
        """Files new or changed since the last call, and whether some are still settling
        (changed too recently to be read: the next call takes them)."""
        now = time.time() if now is None else now
        out: list[Path] = []
        waiting = False
        for path, st in self._files():
            mark = (st.st_mtime_ns, st.st_size)
            if self.known.get(path) == mark:
                continue
            if now - st.st_mtime < self.settle:
                waiting = True
                continue
            self.known[path] = mark
            out.append(path)
        return out, waiting


def _wake_on_change(folder: Path, wake: threading.Event) -> Any:
    """A started watchdog observer that sets ``wake`` on any change under ``folder``, or
    None when watchdog is not installed (the loop then scans every interval)."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer
    except ImportError:
        return None

    class Handler(FileSystemEventHandler):  # type: ignore[misc]
        def on_any_event(self, event: Any) -> None:
            wake.set()

    observer = Observer()
    observer.schedule(Handler(), str(folder), recursive=True)
    observer.start()
    return observer


class _Writer:
    """Writes the passes of one loop: one engine, and one copy finder (built from the store at
    the first pass, then kept up to date by each ingest) so that a pass does not hash the
    whole store again. Articles another writer adds meanwhile are not known to it."""

    def __init__(self, open_store: StoreOpener, settings: Settings, engine: Engine) -> None:
        self.open_store, self.settings, self.engine = open_store, settings, engine
        self.deduper: Any = None

    def write(self, add: Callable[..., IngestReport]) -> tuple[IngestReport, ProcessReport | None]:
        with self.open_store() as store:
            if self.deduper is None:
                self.deduper = copy_finder(store)
            report = add(store, deduper=self.deduper)
            done = process(store, self.settings, engine=self.engine) if report.added else None
        return report, done


def watch_folder(
    folder: Path,
    open_store: StoreOpener,
    settings: Settings,
    engine: Engine,
    *,
    once: bool = False,
    every: float = 2.0,
    settle: float = 1.0,
    on_pass: OnPass | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Ingest and process the files of ``folder`` as they appear or change; with ``once``,
    one pass over what is there (a file changed less than ``settle`` seconds ago is waited
    for, then read)."""
    stop = stop or threading.Event()
    wake = threading.Event()
    scan = FolderScan(folder, settle)
    writer = _Writer(open_store, settings, engine)
    observer = None if once else _wake_on_change(folder, wake)
    try:
        while True:
            wake.clear()
            paths, waiting = scan.changed()
            report = PassReport(found=len(paths))
            if paths:
                add = functools.partial(ingest_paths, paths=paths, settings=settings)
                report.ingest, report.process = writer.write(add)
            if on_pass is not None:
                on_pass(report)
            if (once and not waiting) or stop.is_set():
                return  # --once still waits for the files being written to settle
            _wait(stop, wake, min(every, settle) if waiting else every)
            if stop.is_set():
                return
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)


def _wait(stop: threading.Event, wake: threading.Event, seconds: float) -> None:
    """Sleep up to ``seconds``, waking early when ``stop`` or ``wake`` is set."""
    deadline = time.monotonic() + seconds
    while not stop.is_set() and not wake.is_set():
        left = deadline - time.monotonic()
        if left <= 0:
            return
        stop.wait(min(left, 0.2))


def poll_feeds(
    feed_urls: Sequence[str],
    open_store: StoreOpener,
    settings: Settings,
    engine: Engine,
    *,
    once: bool = False,
    every: float | None = None,
    on_pass: OnPass | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Fetch the feeds and their new pages every ``every`` seconds (``poll.every``)."""
    from sitroom.ingest.fetch import Fetcher, poll_feed

    stop = stop or threading.Event()
    poll = settings.poll
    fetcher = Fetcher(poll.user_agent, poll.timeout, poll.max_bytes, poll.host_delay)
    label = "poll " + " ".join(feed_urls)
    writer = _Writer(open_store, settings, engine)
    while True:
        with open_store() as store:
            seen = store.known_input_hashes()
        items: list[RawDocument | Rejected] = []
        for url in feed_urls:
            items.extend(poll_feed(url, fetcher, seen))
        report = PassReport(found=len(items))
        if items:
            add = functools.partial(ingest_items, items=items, label=label)
            report.ingest, report.process = writer.write(add)
        if on_pass is not None:
            on_pass(report)
        if once or stop.wait(poll.every if every is None else every):
            return
