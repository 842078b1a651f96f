"""A large store for load tests, made from a small one: copies of every article with its
events, quotes, mentions, sentences and clusters, each copy a week later than the last.

    .venv/bin/python scripts/scale_store.py --db SMALL --out LARGE [--copies 85]

85 copies of a store of the first 200 presidential releases (30 days) give 17,000 articles
over about 20 months, the size of the store of both shared corpora, with its texts repeated
(so its search, events per day and clusters are denser than real news). For measuring the
server only: the copies are not real news.
"""

from __future__ import annotations

import argparse
import shutil
import sys

import duckdb

TABLES = ("articles", "events", "quotes", "mentions", "sentences", "clusters")
COPY = {
    "articles": "article_id || '-' || k AS article_id, date + 7 * k AS date,"
    " copy_group || '-' || k AS copy_group, duplicate_of || '-' || k AS duplicate_of,"
    " raw_hash || '-' || k AS raw_hash",
    "events": "event_id || '-' || k AS event_id, article_id || '-' || k AS article_id,"
    " date + 7 * k AS date",
    "quotes": "quote_id || '-' || k AS quote_id, article_id || '-' || k AS article_id,"
    " date + 7 * k AS date",
    "mentions": "article_id || '-' || k AS article_id",
    "sentences": "article_id || '-' || k AS article_id",
    "clusters": "cluster_id || '-' || k AS cluster_id, date + 7 * k AS date,"
    " list_transform(event_ids, lambda x: x || '-' || k) AS event_ids,"
    " list_transform(article_ids, lambda x: x || '-' || k) AS article_ids,"
    " first_reported + 7 * k AS first_reported, last_reported + 7 * k AS last_reported",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--copies", type=int, default=85)
    args = ap.parse_args()
    shutil.copyfile(args.db, args.out)
    con = duckdb.connect(args.out)
    copies = f"(SELECT CAST(range AS INTEGER) AS k FROM range(1, {int(args.copies)})) r"
    for table in TABLES:
        con.execute(f"CREATE TEMP TABLE base_{table} AS SELECT * FROM {table}")
        con.execute(f"INSERT INTO {table} SELECT b.* REPLACE ({COPY[table]})"
                    f" FROM base_{table} b, {copies}")  # fmt: skip
    counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone() for t in TABLES}
    con.close()
    sys.stdout.write(", ".join(f"{c[0] if c else 0} {t}" for t, c in counts.items()) + "\n")


if __name__ == "__main__":
    main()
