"""Screenshots of every dashboard page and the daily briefing, for the README.

    .venv/bin/sitroom run src/sitroom/sample --db demo-out/sitroom.duckdb
    .venv/bin/python scripts/screenshots.py --db demo-out/sitroom.duckdb --out docs/screenshots

Starts the dashboard on a free port of 127.0.0.1, drives Debian's chromium with Playwright
(/usr/bin/chromium, never a downloaded browser) and writes one PNG per page.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from sitroom.store.store import Store
from sitroom.web.app import create_app
from sitroom.web.render import render_report

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update"]  # fmt: skip


def pages(db: str) -> tuple[dict[str, str], str]:
    """The page URLs to shoot, chosen from the data, and the latest day."""
    with Store(db, read_only=True) as st:
        row = st.con.execute("SELECT CAST(max(date) AS VARCHAR) FROM clusters").fetchone()
        day = str(row[0]) if row else ""
        actor = st.con.execute(
            "SELECT actor_id FROM actors ORDER BY n_mentions DESC, actor_id LIMIT 1"
        ).fetchone()
        ev = st.con.execute(
            "SELECT article_id, event_id FROM events WHERE date = CAST(? AS DATE)"
            " ORDER BY abs(coalesce(goldstein, 0)) DESC, event_id LIMIT 1",
            [day],
        ).fetchone()
    urls = {
        "overview": "/",
        "events": f"/events?date={day}",
        "timeline": "/timeline",
        "actors": "/actors",
        "claims": "/claims",
        "search": "/search?q=sanctions",
        "api-docs": "/docs",
    }
    if actor:
        urls["actor"] = f"/actors/{actor[0]}"
    if ev:
        urls["evidence"] = f"/articles/{ev[0]}?event={ev[1]}#ev-{ev[1]}"
    return urls, day


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="demo-out/sitroom.duckdb")
    ap.add_argument("--out", default="docs/screenshots")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    urls, day = pages(args.db)
    with Store(args.db, read_only=True) as st:
        report = render_report(st, day)
    report_file = Path(tempfile.mkdtemp()) / "report.html"
    report_file.write_text(report, encoding="utf-8")

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            for name, url in urls.items():
                page.goto(f"http://127.0.0.1:{port}{url}", wait_until="networkidle")
                page.screenshot(path=str(out / f"{name}.png"), full_page=name != "api-docs")
            page.goto(report_file.as_uri(), wait_until="load")
            page.screenshot(path=str(out / "report.png"), full_page=True)
            browser.close()
    finally:
        server.should_exit = True
    print(f"{len(urls) + 1} screenshots in {out}")  # noqa: T201


if __name__ == "__main__":
    main()
