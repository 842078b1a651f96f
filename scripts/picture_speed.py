"""Time the picture's rebuild on a store (WRITES to it: use a copy).

    .venv/bin/python scripts/picture_speed.py --db COPY.duckdb [--sample 100] [--seed 15]

1. the whole picture (clusters and claims) rebuilt from the stored events;
2. the update ``sitroom process`` makes after adding articles: the ``--sample`` newest
   stored articles (or, with ``--random``, a random sample, ``--seed``) taken as if just
   added, so only their days are rebuilt (picture.corroborate.update_days); it reports the
   time and how many clusters were replaced, against the whole.

Prints one JSON document.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

from sitroom.picture.corroborate import build_clusters, update_days
from sitroom.store import queries
from sitroom.store.store import Store


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--sample", type=int, default=100)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--random", action="store_true", help="a random sample, not the newest")
    args = ap.parse_args(argv)
    store = Store(args.db)
    try:
        t0 = time.perf_counter()
        full = build_clusters(store)
        t1 = time.perf_counter()
        meta = queries.article_meta(store)
        ids = sorted(meta)
        if args.random:
            picked = random.Random(args.seed).sample(ids, min(args.sample, len(ids)))
        else:
            newest = sorted(ids, key=lambda a: (meta[a].date or "", a))
            picked = newest[-args.sample :]
        t2 = time.perf_counter()
        days = sorted(queries.article_days(store, picked))
        replaced, written, pairs = update_days(store, days)
        t3 = time.perf_counter()
        after_counts = queries.picture_counts(store)
    finally:
        store.close()
    out = {
        "articles": len(ids),
        "full_rebuild_s": round(t1 - t0, 1),
        "clusters": full[0],
        "claims": full[1],
        "update": {
            "articles": len(picked),
            "days": len(days),
            "seconds": round(t3 - t2, 1),
            "clusters_replaced": replaced,
            "clusters_written": written,
            "claims_written": pairs,
            "clusters_after": after_counts[0],
            "claims_after": after_counts[1],
        },
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
