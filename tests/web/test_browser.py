"""The dashboard in a real browser: Playwright driving Debian's chromium against a live server.

Skipped (with the reason) when playwright or /usr/bin/chromium is missing; ``make test``
installs both. Screenshots of every page go to ``$SITROOM_SCREENSHOTS`` (default: a pytest
temporary folder, printed in the test's output).
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from builders import XSS, build_web_store

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PAGES = {
    "overview": "/?date=2022-01-10",
    "events": "/events?date=2022-01-10",
    "timeline": "/timeline",
    "actors": "/actors",
    "actor": "/actors/RUS",
    "evidence": "/articles/art1?event=art1-accuse#ev-art1-accuse",
    "claims": "/claims",
    "search": "/search?q=Moscow",
    "api-docs": "/docs",
}

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    from sitroom.web.app import create_app

    db = tmp_path_factory.mktemp("browser") / "b.duckdb"
    build_web_store(db)
    port = _free_port()
    config = uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = b.new_context(viewport={"width": 1200, "height": 900})
        yield context  # one context: the stylesheet is fetched once, then cached
        context.close()
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("SITROOM_SCREENSHOTS")
    out = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    out.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {out}")
    return out


class Watch:
    """A page with its console errors, uncaught exceptions, failed requests and dialogs."""

    def __init__(self, browser: Any) -> None:
        self.page = browser.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.problems.append(f"pageerror: {exc}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("dialog", self._dialog)

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.problems.append(f"console: {msg.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def watch(browser: Any) -> Iterator[Watch]:
    w = Watch(browser)
    yield w
    w.page.close()


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_loads_without_errors(watch: Watch, base_url: str, shots: Path,
                                         name: str) -> None:  # fmt: skip
    resp = watch.page.goto(base_url + PAGES[name], wait_until="networkidle")
    assert resp is not None and resp.status == 200
    assert watch.page.locator("main h1").count() == 1
    watch.page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert watch.problems == []
    assert watch.dialogs == []


def test_charts_show_without_any_script(watch: Watch, base_url: str) -> None:
    hosts: set[str] = set()
    watch.page.on("request", lambda r: hosts.add(r.url.split("/")[2]))
    watch.page.goto(base_url + "/?date=2022-01-10", wait_until="networkidle")
    lines = watch.page.locator("#chart-escalation svg polyline.series").count()
    bars = watch.page.locator("#chart-quads svg rect.bar").count()
    assert lines >= 1 and bars >= 2  # a dyad's line; verbal and material conflict bars
    box = watch.page.locator("#chart-escalation svg").bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 80
    assert hosts == {base_url.split("/")[2]}  # nothing fetched from another host
    assert watch.page.evaluate("document.querySelectorAll('script').length") == 0
    assert watch.problems == []  # the CSP blocked nothing the page needs


def test_a_filter_changes_the_rows_and_survives_reload(watch: Watch, base_url: str) -> None:
    page = watch.page
    page.goto(base_url + "/?date=2022-01-10", wait_until="networkidle")
    assert page.locator(".card.cluster").count() == 3
    page.fill("input[name=actor]", "USA")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "actor=USA" in page.url
    assert page.locator(".card.cluster").count() == 1
    page.reload()
    assert page.locator("input[name=actor]").input_value() == "USA"
    assert page.locator(".card.cluster").count() == 1
    assert "accused" in page.locator(".card.cluster").inner_text()


def test_clicking_an_event_opens_its_evidence_highlighted(watch: Watch, base_url: str) -> None:
    page = watch.page
    page.goto(base_url + "/?date=2022-01-10&actor=USA", wait_until="networkidle")
    with page.expect_navigation():
        page.click(".card.cluster a.evidence-link")
    assert "/articles/art1" in page.url and "event=art1-accuse" in page.url
    selected = page.locator(".article-text mark.selected")
    assert selected.count() >= 1
    assert selected.first.is_visible()
    text = "".join(selected.all_inner_texts())
    assert text == "Washington accused Moscow of massing troops near the frontier."
    trigger = page.locator(".article-text mark.selected.trigger")
    assert trigger.inner_text() == "accused"
    colour = trigger.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert watch.problems == []


def test_a_script_headline_stays_text(watch: Watch, base_url: str) -> None:
    page = watch.page
    for url in (
        "/articles/art1",
        "/events?date=2022-01-10",
        "/?date=2022-01-10",
        "/search?q=Moscow",
    ):
        page.goto(base_url + url, wait_until="networkidle")
        assert XSS in page.locator("main").inner_text(), url
    assert watch.dialogs == []  # alert(1) never ran
    page.goto(base_url + "/articles/art1", wait_until="networkidle")
    assert page.title().startswith("Kremlin warns alliance " + XSS)
    assert page.evaluate("document.querySelectorAll('script').length") == 0


def test_screenshots_were_written(shots: Path) -> None:
    if not any(shots.glob("*.png")):
        pytest.skip("run with the page tests to get screenshots")
    for png in shots.glob("*.png"):
        assert png.stat().st_size > 5_000, png
