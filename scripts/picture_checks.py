"""Report the picture checks of issue 15 on a store: the escalation index's largest rise and
whether its top days rest on more than one cluster, per dyad, over a window.

    .venv/bin/python scripts/picture_checks.py --db STORE [--from 2021-11-01 --to 2022-03-31]
        [--dyad RUS-UKR --dyad RUS-USA] [--min-confidence 0.5]

Prints one JSON document. A day is robust when it holds at least two clusters and leaving
out its heaviest cluster changes its value by less than half (docs/escalation.md).
"""

from __future__ import annotations

import argparse
import json
import sys

from sitroom.eval.picture import index_checks
from sitroom.picture.escalation import MIN_CONFIDENCE
from sitroom.store.store import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--from", dest="date_from", default="2021-11-01")
    ap.add_argument("--to", dest="date_to", default="2022-03-31")
    ap.add_argument("--dyad", action="append", default=None)
    ap.add_argument("--min-confidence", type=float, default=MIN_CONFIDENCE)
    args = ap.parse_args(argv)
    store = Store(args.db, read_only=True)
    try:
        out = [
            index_checks(store, d, args.date_from, args.date_to, min_confidence=args.min_confidence)
            for d in args.dyad or ["RUS-UKR", "RUS-USA"]
        ]
    finally:
        store.close()
    json.dump(out, sys.stdout, indent=1, ensure_ascii=False, default=str)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
