"""How long the overview takes to load in chromium, from a server just started on a store.

    .venv/bin/python scripts/first_load.py --db STORE [--runs 5]

Starts `sitroom serve` on 127.0.0.1, opens the overview in Debian's chromium (Playwright,
``/usr/bin/chromium``; never a downloaded browser) in a fresh browser context each time (no
cached stylesheet), and prints the time to the ``load`` event of the first visit (the
server's caches cold) and of the next ones, with the bytes transferred. Stops the server.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from load import free_port, say, start_server, stop_server

CHROMIUM = "/usr/bin/chromium"
SIZE_JS = (
    "[...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]"
    ".reduce((n, e) => n + e.encodedBodySize, 0)"
)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    port = free_port()
    server: subprocess.Popen[bytes] = start_server(args.db, port, [])
    times: list[float] = []
    sizes: list[int] = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for _ in range(args.runs):
                context = browser.new_context(viewport={"width": 1200, "height": 900})
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/", wait_until="load")
                times.append(time.perf_counter() - started)
                sizes.append(int(page.evaluate(SIZE_JS)))
                context.close()
            browser.close()
    finally:
        stop_server(server)
    out = {
        "first_load_s": round(times[0], 3),
        "next_loads_s": [round(t, 3) for t in times[1:]],
        "bytes": sizes[0],
    }
    say(json.dumps(out))


if __name__ == "__main__":
    main()
