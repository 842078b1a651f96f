"""Streaming intake: a watched folder and a polled feed (served on 127.0.0.1 by the test)
end up in the store as they change; the loops stop when told."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from httpserve import page, rss, serve
from sitroom.config import Settings
from sitroom.engine.local import LocalEngine
from sitroom.store.store import Store
from sitroom.stream import FolderScan, PassReport, poll_feeds, watch_folder

GENEVA = (
    "Talks resume in Geneva\n\nDelegations of Russia and Ukraine met in Geneva on Monday for a"
    ' second round of talks on prisoner exchanges. "We agreed to meet again next week," the'
    " head of one delegation told reporters.\n"
)
SANCTIONS = (
    "New sanctions adopted\n\nThe European Union adopted a new package of sanctions on Russia on"
    " Tuesday, targeting banks and exporters of dual-use goods. The foreign minister warned of"
    " further steps if the troops did not withdraw.\n"
)
CEASEFIRE = (
    "Ceasefire talks stall\n\nNegotiators failed on Wednesday to agree on a ceasefire along the"
    " front line, the mediators said, and both sides accused each other of shelling.\n"
)


def test_folder_scan_finds_new_and_changed_files_once_they_settle(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("one", encoding="utf-8")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    scan = FolderScan(tmp_path, settle=1.0)
    now = time.time()
    assert scan.changed(now) == ([], True)  # just written: not read half-way
    assert scan.changed(now + 2) == ([a], False)
    assert scan.changed(now + 3) == ([], False)
    sub = tmp_path / "sub"
    sub.mkdir()
    b = sub / "b.txt"
    b.write_text("two", encoding="utf-8")
    a.write_text("one, then more", encoding="utf-8")
    assert scan.changed(time.time() + 2) == ([a, b], False)


def _store(db: Path) -> Store:
    return Store(db)


def _titles(db: Path) -> list[str]:
    with Store(db, read_only=True) as store:
        return sorted(a["title"] or "" for a in store.articles(with_text=False))


def _settings(db: Path) -> Settings:
    settings = Settings(db=str(db))
    settings.poll.host_delay = 0.0
    return settings


@pytest.mark.slow
def test_watch_processes_files_dropped_into_the_folder_until_stopped(tmp_path: Path) -> None:
    folder, db = tmp_path / "inbox", tmp_path / "s.duckdb"
    folder.mkdir()
    (folder / "geneva.txt").write_text(GENEVA, encoding="utf-8")
    settings = _settings(db)
    engine = LocalEngine(settings)
    passes: list[PassReport] = []
    stop = threading.Event()
    loop = threading.Thread(
        target=watch_folder,
        args=(folder, lambda: _store(db), settings, engine),
        kwargs={"every": 0.3, "settle": 0.2, "on_pass": passes.append, "stop": stop},
    )
    loop.start()
    try:
        _until(lambda: _added(passes) == 1)
        (folder / "sanctions.txt").write_text(SANCTIONS, encoding="utf-8")
        _until(lambda: _added(passes) == 2)
        (folder / "copy.txt").write_text(GENEVA, encoding="utf-8")  # same text: no new article
        (folder / "geneva.txt").write_text(GENEVA + "\nUpdated: " + CEASEFIRE, encoding="utf-8")
        _until(lambda: sum(p.found for p in passes) >= 4)
    finally:
        stop.set()
        loop.join(timeout=30)
    assert not loop.is_alive()
    with Store(db, read_only=True) as store:
        events, processed = store.count("events"), len(store.unprocessed_ids())
    assert processed == 0 and events > 0
    assert _titles(db) == sorted(
        ["Talks resume in Geneva", "Talks resume in Geneva", "New sanctions adopted"]
    )


def _added(passes: list[PassReport]) -> int:
    return sum(p.ingest.added for p in passes if p.ingest)


def _until(condition: object, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


@pytest.mark.slow
def test_poll_adds_the_new_items_of_a_feed_and_fetches_each_page_once(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    settings = _settings(db)
    engine = LocalEngine(settings)
    with serve() as site:
        items = [("Talks resume in Geneva", site.put("/a", _page(GENEVA)), "")]
        feed = site.put("/feed.xml", rss("Test Wire", items))
        poll_feeds([feed], lambda: _store(db), settings, engine, once=True)
        assert _titles(db) == ["Talks resume in Geneva"]
        items.append(("New sanctions adopted", site.put("/b", _page(SANCTIONS)), ""))
        site.put("/feed.xml", rss("Test Wire", items))
        passes: list[PassReport] = []
        poll_feeds([feed], lambda: _store(db), settings, engine, once=True, on_pass=passes.append)
    assert site.paths() == ["/feed.xml", "/a", "/feed.xml", "/b"]
    assert _titles(db) == ["New sanctions adopted", "Talks resume in Geneva"]
    (done,) = passes
    assert done.process is not None and done.process.articles == 1
    with Store(db, read_only=True) as store:
        assert store.count("events") > 0 and not store.unprocessed_ids()


def _page(text: str) -> str:
    title, body = text.split("\n\n", 1)
    return page(title, [p for p in body.split(". ") if p])


def test_a_poll_loop_stops_when_told(tmp_path: Path) -> None:
    """Between passes the loop only waits: setting stop ends it at once."""
    db = tmp_path / "s.duckdb"
    settings = _settings(db)
    stop = threading.Event()

    class NoEngine:
        def extract_chunks(self, chunks: object) -> list[object]:
            return []

        def close(self) -> None:
            pass

    with serve() as site:
        feed = site.put("/feed.xml", rss("Empty", []))
        loop = threading.Thread(
            target=poll_feeds,
            args=([feed], lambda: _store(db), settings, NoEngine()),
            kwargs={"every": 60.0, "stop": stop},
        )
        loop.start()
        _until(lambda: site.paths() == ["/feed.xml"], 20)
        started = time.monotonic()
        stop.set()
        loop.join(timeout=10)
    assert not loop.is_alive() and time.monotonic() - started < 5
    assert db.exists()


@pytest.mark.slow
def test_a_file_dropped_into_a_watched_folder_is_served_while_the_server_answers(
    tmp_path: Path,
) -> None:
    """A store served by a live server: watch writes through the server's snapshots, the
    new article is listed by the API a few seconds after its pass, and every request made
    meanwhile is answered."""
    import socket

    import httpx
    import uvicorn

    from builders import build_web_store
    from sitroom.store.live import announce, writable_store
    from sitroom.web.app import create_app

    db, folder = tmp_path / "live.duckdb", tmp_path / "inbox"
    folder.mkdir()
    build_web_store(db)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    )
    serving = threading.Thread(target=server.run, daemon=True)
    settings = _settings(db)
    engine = LocalEngine(settings)
    stop, passes = threading.Event(), []
    base = f"http://127.0.0.1:{port}"
    with announce(db, "127.0.0.1", port):
        serving.start()
        _until(lambda: server.started, 20)
        before = httpx.get(base + "/api/health").json()["articles"]
        watcher = threading.Thread(
            target=watch_folder,
            args=(folder, lambda: writable_store(db), settings, engine),
            kwargs={"every": 0.5, "settle": 0.3, "on_pass": passes.append, "stop": stop},
        )
        watcher.start()
        statuses: list[int] = []
        try:
            (folder / "sanctions.txt").write_text(SANCTIONS, encoding="utf-8")
            dropped = time.monotonic()
            _until(lambda: _added(passes) == 1)
            written = time.monotonic()

            def listed() -> bool:
                statuses.append(httpx.get(base + "/api/health").status_code)
                return bool(httpx.get(base + "/api/health").json()["articles"] == before + 1)

            _until(listed, 30)
            seen = time.monotonic()
        finally:
            stop.set()
            watcher.join(timeout=30)
            server.should_exit = True
            serving.join(timeout=10)
    assert set(statuses) == {200}
    assert seen - written < 10, f"visible {seen - written:.1f} s after its pass"
    assert written - dropped < 120
