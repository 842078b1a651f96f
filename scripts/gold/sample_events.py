"""Draw the items of the real-news event gold standard: gold/events/items.jsonl.

    .venv/bin/python scripts/gold/sample_events.py [--out gold/events/items.jsonl] [--check]

Deterministic: one ``random.Random(20261207)`` drives every draw, in this order:

1. RUWA (``data/corpora/RUWA_01.08.23.csv.zip``): the eligible rows are those whose ``title``
   or ``desc`` is not blank; they are sorted by the integer value of the CSV's first, unnamed
   column ``''`` and ``rng.sample`` takes 150. An item is the whole row (title and desc), id
   ``ruwa-<row>``.
2. Presidential releases (``data/corpora/presidential_releases_2021-11_2022-03.jsonl``): every
   line's ``text`` is split with ``texts.split_sentences`` (regex + abbreviation guard, see
   events_texts.py); sentences under 4 words are skipped; the list is ordered by (line, start) and
   ``rng.sample`` takes 130, so each sentence of the corpus has the same chance. Id
   ``pres-<line>-<start>``.
3. Seeds (``seeds/*.txt``, sorted by file name, offsets into the file read as UTF-8): same
   splitter and filter, ordered by (file, start); ``rng.sample`` takes 40. Id
   ``seed-<file stem>-<start>``.
4. The 320 items are concatenated in that order and ``rng.shuffle``-d: the file order is this
   shuffled sample order (annotator a takes items 1-160, annotator b 161-320).
5. ``double``: ``rng.sample`` of a fifth of the positions (64 of 320) marks the items a third
   annotator codes independently.

``split`` does not use the generator: an item is ``tune`` when the SHA-256 of its ``item_id``
(UTF-8), read as a hexadecimal number, is even, else ``check``.

``doc_date``: RUWA ``Date`` (mm/dd/yyyy) as ISO; a release's ``date`` cut to its first 10
characters (the UTC day of the record); a seed's own header date (``YYYYMMDD`` on line 2, or a
leading ``date YYYY-MM-DD``), null when the file has none.

``--check`` regenerates the sample and compares it with the existing file instead of writing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path
from typing import Any

import events_texts as texts
from events_schema import Item

SEED = 20261207
N_RUWA = 150
N_PRES = 130
N_SEED = 40
DOUBLE_FRACTION = 5  # one item in five
MIN_WORDS = 4
DEFAULT_OUT = texts.REPO / "gold" / "events" / "items.jsonl"


def split_of(item_id: str) -> str:
    digest = hashlib.sha256(item_id.encode("utf-8")).hexdigest()
    return "tune" if int(digest, 16) % 2 == 0 else "check"


def _sentence_pool(docs: list[tuple[Any, str]]) -> list[tuple[Any, int, int]]:
    pool: list[tuple[Any, int, int]] = []
    for doc, text in docs:
        for s in texts.split_sentences(text):
            if texts.n_words(text[s.start : s.end]) >= MIN_WORDS:
                pool.append((doc, s.start, s.end))
    return pool


def draw(shared: Path = texts.SHARED) -> list[Item]:
    rng = random.Random(SEED)
    rows = texts.ruwa_rows(shared)
    eligible = sorted(
        (r for r in rows.values() if r.title.strip() or r.desc.strip()), key=lambda r: int(r.row)
    )
    drafts: list[dict[str, Any]] = []
    for r in rng.sample(eligible, N_RUWA):
        drafts.append(
            {
                "item_id": f"ruwa-{r.row}",
                "corpus": "ruwa",
                "doc": r.row,
                "fields": list(texts.RUWA_FIELDS),
                "doc_date": r.date,
            }
        )
    rel = texts.releases(shared)
    for line, start, end in rng.sample(_sentence_pool([(r.line, r.text) for r in rel]), N_PRES):
        drafts.append(
            {
                "item_id": f"pres-{line}-{start}",
                "corpus": "pres",
                "doc": line,
                "field": "text",
                "start": start,
                "end": end,
                "doc_date": rel[line].date[:10],
            }
        )
    names = list(texts.seed_names(shared))
    seed_docs = [(n, texts.seed_text(n, shared)) for n in names]
    for name, start, end in rng.sample(_sentence_pool(seed_docs), N_SEED):
        drafts.append(
            {
                "item_id": f"seed-{Path(name).stem}-{start}",
                "corpus": "seed",
                "doc": name,
                "field": "text",
                "start": start,
                "end": end,
                "doc_date": texts.seed_date(name, shared),
            }
        )
    rng.shuffle(drafts)
    double = set(rng.sample(range(len(drafts)), len(drafts) // DOUBLE_FRACTION))
    items = [
        Item(**d, split=split_of(d["item_id"]), double=i in double)  # type: ignore[arg-type]
        for i, d in enumerate(drafts)
    ]
    if len({it.item_id for it in items}) != len(items):
        raise SystemExit("duplicate item ids in the sample")
    return items


def dump(items: list[Item]) -> str:
    lines = []
    for it in items:
        rec = {k: v for k, v in it.model_dump().items() if v is not None or k == "doc_date"}
        lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--shared", type=Path, default=texts.SHARED)
    ap.add_argument("--check", action="store_true", help="compare with --out, do not write")
    args = ap.parse_args(argv)
    text = dump(draw(args.shared))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        sys.stderr.write(f"{args.out}: {'identical' if same else 'DIFFERENT'}\n")
        return 0 if same else 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    sys.stderr.write(f"{len(text.splitlines())} items -> {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
