"""Time and peak memory of whole runs (`sitroom run`) as the input grows, and as the store grows.

    .venv/bin/python scripts/scaling.py table [--sizes 1000 4000 16000]
    .venv/bin/python scripts/scaling.py store --store BOTH.duckdb [--items 500]

``table`` runs the first N items of the RUWA corpus (``../shared/data/corpora``, with the
field mapping of the README) for each N, each in a fresh process into a fresh store, and
prints a markdown table: wall-clock seconds, processor seconds (user + system of the run's
process and its children) and peak RSS, with the growth of the peak over the first row.

``store`` runs the last ``--items`` RUWA items twice, each in a fresh process: into an empty
store, and into a copy of ``--store`` (a store that holds them already, such as the store of
both shared corpora) from which those items' articles were deleted first, so that both runs
process the same new articles. The original store is never written. The items of a run are
written to a CSV file of their own, so its file hash is new to the store.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
CORPORA = Path("../shared/data/corpora")  # beside the checkout, as sitroom bench looks
RUWA = (CORPORA if CORPORA.is_dir() else ROOT.parent / CORPORA) / "RUWA_01.08.23.csv.zip"
FIELDS = ["--text-field", "desc", "--title-field", "title", "--date-field", "Date"]
FIELDS += ["--url-field", "src", "--outlet-field", "Site"]
TABLES = ("sentences", "mentions", "quotes", "events", "articles")


def sitroom() -> str:
    """The sitroom command of the interpreter running this script."""
    return str(Path(sys.executable).with_name("sitroom"))


def ruwa_rows(corpus: Path) -> tuple[list[str], list[list[str]]]:
    """The header and the rows of the corpus's CSV member."""
    csv.field_size_limit(sys.maxsize)
    with zipfile.ZipFile(corpus) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".csv") and "__MACOSX" not in n)
        with zf.open(name) as fh:
            reader = csv.reader(io.TextIOWrapper(fh, encoding="utf-8", newline=""))
            header = next(reader)
            return header, list(reader)


def write_rows(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def measure(src: Path, db: Path) -> dict[str, float]:
    """``sitroom run src --db db`` in a fresh process: seconds, CPU seconds, peak RSS (MB)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sitroom(), "run", str(src), *FIELDS, "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    if status != 0:
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise SystemExit(f"sitroom run failed ({status}): {err[-2000:]}")
    with duckdb.connect(str(db), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM articles WHERE processed_at IS NOT NULL").fetchone()
    return {
        "seconds": round(seconds, 1),
        "cpu": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_mb": round(usage.ru_maxrss / 1024, 1),
        "articles": float(row[0] if row else 0),
    }


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def table(sizes: list[int], corpus: Path) -> None:
    header, rows = ruwa_rows(corpus)
    say("| items | articles processed | seconds | CPU seconds | peak RSS MB | peak vs first |")
    say("|---|---|---|---|---|---|")
    first = None
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            src = write_rows(Path(tmp) / f"ruwa_{n}.csv", header, rows[:n])
            m = measure(src, Path(tmp) / "scale.duckdb")
        first = first or m["peak_mb"]
        growth = f"{100 * (m['peak_mb'] / first - 1):+.1f} %"
        say(
            f"| {n:,} | {int(m['articles']):,} | {m['seconds']} | {m['cpu']} | {m['peak_mb']}"
            f" | {growth} |"
        )


def store_growth(store: Path, items: int, corpus: Path) -> None:
    header, rows = ruwa_rows(corpus)
    with tempfile.TemporaryDirectory() as tmp:
        src = write_rows(Path(tmp) / f"ruwa_last_{items}.csv", header, rows[-items:])
        empty = Path(tmp) / "empty.duckdb"
        alone = measure(src, empty)
        with duckdb.connect(str(empty), read_only=True) as con:
            ids = [r[0] for r in con.execute("SELECT article_id FROM articles").fetchall()]
        big = Path(tmp) / "big.duckdb"
        shutil.copyfile(store, big)  # the original is never written
        with duckdb.connect(str(big)) as con:
            before = con.execute("SELECT count(*) FROM articles").fetchone()
            for t in TABLES:
                con.execute(f"DELETE FROM {t} WHERE article_id IN (SELECT unnest(?))", [ids])
        added = measure(src, big)
        with duckdb.connect(str(big), read_only=True) as con:
            sql = "SELECT count(*) FROM articles WHERE processed_at IS NOT NULL AND article_id IN"
            row = con.execute(sql + " (SELECT unnest(?))", [ids]).fetchone()
        added["articles"] = float(row[0] if row else 0)  # of the run's own articles
    stored = int(before[0]) - len(ids) if before else 0
    say("| store before the run | articles processed | seconds | CPU seconds | peak RSS MB |")
    say("|---|---|---|---|---|")
    for label, m in (("empty", alone), (f"{stored:,} articles", added)):
        cells = [label, f"{int(m['articles']):,}", m["seconds"], m["cpu"], m["peak_mb"]]
        say("| " + " | ".join(str(c) for c in cells) + " |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("table", help="time and peak memory at several input sizes")
    t.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000, 16000])
    t.add_argument("--corpus", type=Path, default=RUWA)
    s = sub.add_parser("store", help="the same new items into an empty and into a full store")
    s.add_argument("--store", type=Path, required=True)
    s.add_argument("--items", type=int, default=500)
    s.add_argument("--corpus", type=Path, default=RUWA)
    args = ap.parse_args()
    if not args.corpus.is_file():
        raise SystemExit(f"corpus not found: {args.corpus}")
    if args.cmd == "table":
        table(args.sizes, args.corpus)
    else:
        store_growth(args.store, args.items, args.corpus)


if __name__ == "__main__":
    main()
