"""Print a random sample of the stored picture for an analyst to judge: multi-outlet
clusters with every member's outlet, date, type, sides and evidence, or contested claims.

    .venv/bin/python scripts/picture_sample.py --db STORE clusters [--n 20] [--seed 15]
    .venv/bin/python scripts/picture_sample.py --db STORE claims [--from D --to D] [--n 30]
"""

from __future__ import annotations

import argparse
import random
import sys

from sitroom.picture.corroborate import stored_claims, stored_clusters
from sitroom.store import queries
from sitroom.store.store import Store


def _clusters(store: Store, n: int, seed: int, out: list[str]) -> None:
    multi = stored_clusters(store, min_outlets=2)
    out.append(f"multi-outlet clusters: {len(multi)} (seed {seed}, sample {n})")
    events = {}
    picked = random.Random(seed).sample(multi, min(n, len(multi)))
    for c in picked:
        events.update(queries.events_by_id(store, c.event_ids))
    meta = queries.article_meta(store, [a for c in picked for a in c.article_ids])
    for k, c in enumerate(picked, 1):
        out.append(f"\n#{k} {c.cluster_id} {c.type} {c.date} {c.source}->{c.target}"
                   f" outlets={c.n_outlets} {c.outlets}")  # fmt: skip
        for eid in c.event_ids:
            e = events.get(eid)
            if e is None:
                continue
            m = meta.get(e.article_id)
            src = [x.text for x in e.source]
            tgt = [x.text for x in e.target]
            text = " ".join(e.evidence.text.split())[:200]
            out.append(f"   [{m.outlet if m else '?'} {m.date if m else '?'}] {e.type}"
                       f" {src}->{tgt} | {text}")  # fmt: skip
        extra = [a for a in c.article_ids if a not in {events[e].article_id for e in c.event_ids
                                                       if e in events}]  # fmt: skip
        for a in extra:
            m = meta.get(a)
            out.append(
                f"   [{m.outlet if m else '?'}] (sentence) {(m.title or '')[:150] if m else ''}"
            )


def _claims(store: Store, n: int, seed: int, lo: str | None, hi: str | None,
            out: list[str]) -> None:  # fmt: skip
    found = stored_claims(store, date_from=lo, date_to=hi)
    out.append(f"claims {lo}..{hi}: {len(found)} (seed {seed}, sample {n})")
    for k, c in enumerate(random.Random(seed).sample(found, min(n, len(found))), 1):
        a, r = c.claim, c.response
        out.append(f"\n#{k} {a['date']} {a['actors']} accuses {a['accused']}: "
                   f"{' '.join(a['text'].split())[:260]}")  # fmt: skip
        same = "same article" if r["article_id"] == a["article_id"] else "other article"
        out.append(f"   {r['kind']} {r['date']} by {r['actors']} ({same}): "
                   f"{' '.join(r['text'].split())[:260]}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("what", choices=["clusters", "claims"])
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=15)
    ap.add_argument("--from", dest="date_from")
    ap.add_argument("--to", dest="date_to")
    args = ap.parse_args(argv)
    out: list[str] = []
    with Store(args.db, read_only=True) as store:
        if args.what == "clusters":
            _clusters(store, args.n, args.seed, out)
        else:
            _claims(store, args.n, args.seed, args.date_from, args.date_to, out)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
