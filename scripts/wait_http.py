"""Wait until a URL answers (any HTTP status), or give up after a time: ``make demo`` uses it
to say "dashboard: ..." only once the server in the background is listening.

    python scripts/wait_http.py http://127.0.0.1:8000/api/health [--timeout 30]

Exit 0 when it answered, 1 when it did not in time.
"""

from __future__ import annotations

import argparse
import sys
import time
import urllib.error
import urllib.request


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):
            return True
    except urllib.error.HTTPError:
        return True  # it answered, with an error status
    except OSError:
        return False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url")
    ap.add_argument("--timeout", type=float, default=30.0, help="seconds to wait")
    args = ap.parse_args()
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        if answers(args.url):
            return 0
        time.sleep(0.3)
    return 1


if __name__ == "__main__":
    sys.exit(main())
