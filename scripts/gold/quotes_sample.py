"""Draw the units of the quote gold standard: ``gold/quotes/units.jsonl``.

    .venv/bin/python scripts/gold/quotes_sample.py [--n 400] [--out gold/quotes/units.jsonl]

A unit is a passage in which every attribution is annotated (GUIDELINE.md, section 1):

* RUWA: one row (title and lead, joined as in :mod:`quotes_texts`); rows whose title and lead
  are both blank are never drawn.
* presidential releases: one passage of a release (:func:`quotes_texts.passages`; the releases
  have no paragraph breaks left). A release is drawn uniformly, then one of its passages, so
  short news releases weigh as much as long transcripts.
* seeds: one non-blank line (a paragraph) of one of the five seeds, all lines equally likely.

The stream is drawn with ``random.Random(20261208)``. For each rank, one draw ``r`` picks the
source (``r < 0.45`` RUWA, ``r < 0.85`` presidential, otherwise seeds), then the unit is drawn
from that source, drawing again while it repeats an earlier unit (a source with no unit left
hands its turn to the next source in that order). Nothing else touches the generator, so the
stream only depends on the seed and on ``../shared``; a longer ``--n`` extends it without
changing its beginning.

Per unit:

* ``split``: ``tune`` when the first 8 hex digits of
  ``sha256("sitroom-quotes-split:" + doc_id)`` are even, else ``check``. Hashing the document,
  not the unit, keeps all units of one article in the same split.
* ``double``: ``true`` when the first 8 hex digits of ``sha256("sitroom-quotes-double:" +
  unit_id)`` are divisible by 5 - the fixed fifth that a second annotator redoes.
* ``sha``: the first 12 hex digits of the SHA-256 of the unit's text, to notice a changed copy.

Unit ids: ``ruwa:<id>``, ``pres:<line>:<start>-<end>``, ``seed:<stem>:<start>-<end>``; the
offsets are those of the unit in its document (``doc_id`` is the id without the offsets).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Callable
from pathlib import Path

from quotes_schema import Unit, write_jsonl
from quotes_texts import (
    GOLD_DIR,
    get_doc,
    lines,
    passages,
    pres_count,
    ruwa_ids,
    seed_stems,
    text_hash,
)

SEED = 20261208
SHARES: tuple[tuple[str, float], ...] = (("ruwa", 0.45), ("pres", 0.85), ("seed", 1.0))


def _h(prefix: str, key: str) -> int:
    return int(hashlib.sha256(f"{prefix}{key}".encode()).hexdigest()[:8], 16)


def split_of(doc_id: str) -> str:
    return "tune" if _h("sitroom-quotes-split:", doc_id) % 2 == 0 else "check"


def is_double(unit_id: str) -> bool:
    return _h("sitroom-quotes-double:", unit_id) % 5 == 0


def _make(rank: int, source: str, doc_id: str, start: int, end: int) -> Unit:
    unit_id = doc_id if source == "ruwa" else f"{doc_id}:{start}-{end}"
    text = get_doc(doc_id).text
    return Unit.model_validate(
        {
            "unit_id": unit_id,
            "rank": rank,
            "source": source,
            "doc_id": doc_id,
            "start": start,
            "end": end,
            "split": split_of(doc_id),
            "double": is_double(unit_id),
            "sha": text_hash(text[start:end]),
        }
    )


class Stream:
    """The deterministic stream of units (see the module docstring)."""

    def __init__(self) -> None:
        self.rng = random.Random(SEED)
        self.seen: set[tuple[str, int, int]] = set()
        self.ruwa = [i for i in ruwa_ids() if get_doc(f"ruwa:{i}").text.strip()]
        self.n_pres = pres_count()
        self.seed_units = [
            (f"seed:{stem}", s, e)
            for stem in seed_stems()
            for s, e in lines(get_doc(f"seed:{stem}").text)
        ]
        self.exhausted: set[str] = set()

    def _draw_ruwa(self) -> tuple[str, int, int]:
        doc_id = f"ruwa:{self.rng.choice(self.ruwa)}"
        text = get_doc(doc_id).text
        start = len(text) - len(text.lstrip())
        return doc_id, start, len(text.rstrip())

    def _draw_pres(self) -> tuple[str, int, int]:
        doc_id = f"pres:{self.rng.randrange(self.n_pres)}"
        ps = passages(get_doc(doc_id).text)
        s, e = ps[self.rng.randrange(len(ps))]
        return doc_id, s, e

    def _draw_seed(self) -> tuple[str, int, int]:
        return self.seed_units[self.rng.randrange(len(self.seed_units))]

    def _left(self, source: str) -> bool:
        if source == "seed":
            return any(u not in self.seen for u in self.seed_units)
        return True

    def next(self, rank: int) -> Unit:
        r = self.rng.random()
        order = [name for name, _ in SHARES]
        first = next(i for i, (_, bound) in enumerate(SHARES) if r < bound)
        for source in order[first:] + order[:first]:
            if not self._left(source):
                continue
            draw: Callable[[], tuple[str, int, int]] = getattr(self, f"_draw_{source}")
            unit = draw()
            while unit in self.seen:
                unit = draw()
            self.seen.add(unit)
            return _make(rank, source, *unit)
        raise RuntimeError("no unit left in any source")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--n", type=int, default=400, help="units to write (default 400)")
    ap.add_argument("--out", type=Path, default=GOLD_DIR / "units.jsonl")
    args = ap.parse_args(argv)
    stream = Stream()
    units = [stream.next(rank) for rank in range(args.n)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(args.out, units)
    by = {(s, sp): 0 for s in ("ruwa", "pres", "seed") for sp in ("tune", "check")}
    for u in units:
        by[u.source, u.split] += 1
    doubles = sum(u.double for u in units)
    sys.stdout.write(f"{len(units)} units -> {args.out}; doubles {doubles}; {by}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
