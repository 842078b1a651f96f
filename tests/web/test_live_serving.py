"""The live situation room: `sitroom ingest` adds articles to a store that a running server
serves, and the server answers throughout and then shows them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from builders import build_web_store
from sitroom.store.live import announce

SRC = str(Path(__file__).resolve().parents[2] / "src")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    import uvicorn

    from sitroom.web.app import create_app

    db = tmp_path / "live.duckdb"
    build_web_store(db)
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    with announce(db, "127.0.0.1", port):
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.05)
        yield db, f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(timeout=10)


class Poller(threading.Thread):
    """Requests the health, articles and overview routes in a loop, recording each answer."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.base = base
        self.stop = threading.Event()
        self.answers: list[tuple[str, int, float]] = []

    def run(self) -> None:
        with httpx.Client(base_url=self.base, timeout=30) as client:
            while not self.stop.is_set():
                for url in ("/api/health", "/api/articles?limit=5", "/"):
                    started = time.perf_counter()
                    status = client.get(url).status_code
                    self.answers.append((url, status, time.perf_counter() - started))


def _sitroom(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run([sys.executable, "-m", "sitroom.cli", *args], capture_output=True,
                          text=True, env=env, timeout=300, check=False)  # fmt: skip


def test_articles_ingested_while_serving_appear_and_the_server_answers_throughout(
    served: tuple[Path, str], tmp_path: Path
) -> None:
    db, base = served
    before = httpx.get(base + "/api/health").json()["articles"]
    listed = httpx.get(base + "/api/articles").json()["items"]  # now in the response cache
    poller = Poller(base)
    poller.start()
    time.sleep(0.3)
    news = tmp_path / "news"
    news.mkdir()
    for i in range(3):
        (news / f"report{i}.txt").write_text(
            f"Border talks, day {i}\n\nDiplomats from both sides met again on day {i} of the"
            " talks and agreed to meet once more next week, officials said.\n",
            encoding="utf-8",
        )
    done = _sitroom("ingest", str(news), "--db", str(db))
    during = len(poller.answers)
    time.sleep(0.8)  # the server looks for a new snapshot every half second
    poller.stop.set()
    poller.join(timeout=30)
    assert done.returncode == 0, done.stderr
    assert "published to the server" in done.stderr
    after = httpx.get(base + "/api/health").json()["articles"]
    assert after == before + 3
    titles = {a["title"] for a in httpx.get(base + "/api/articles").json()["items"]}
    assert {"Border talks, day 0", "Border talks, day 2"} <= titles  # the same URL, new answer
    assert len(titles) == len(listed) + 3
    assert during > 0  # it answered while the ingest ran
    failed = [(u, s) for u, s, _ in poller.answers if s != 200]
    assert failed == []


def test_a_writer_holding_the_store_in_place_is_a_clear_error_for_serve(tmp_path: Path) -> None:
    db = tmp_path / "held.duckdb"
    build_web_store(db)
    script = (
        "import sys, duckdb; con = duckdb.connect(sys.argv[1]); print('held', flush=True);"
        " sys.stdin.read()"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = _sitroom("serve", "--db", str(db), "--port", str(_free_port()))
    finally:
        holder.communicate("", timeout=30)
    assert done.returncode == 3
    assert "E034" in done.stderr and "in use by process" in done.stderr
    assert "Traceback" not in done.stderr
