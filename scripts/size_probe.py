"""Time and peak memory of sitroom on oversized inputs that stay under the limits.

    python scripts/size_probe.py [--mb 15] [--members 5] [--member-mb 19] [--out DIR]

Writes, in DIR (a temporary folder by default), inputs made of sentences we write: one plain
text file of ``--mb`` MB (under the 20 MB file limit) and a zip of ``--members`` highly
compressible members of ``--member-mb`` MB each. Each case runs ``sitroom ingest`` and then
``sitroom process`` in a fresh process (so that its peak memory is its own) and prints one
line per step: seconds, peak RSS in MB, exit code and the command's last line.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

WHO = [
    "Foreign Minister Sergei Lavrov",
    "President Volodymyr Zelensky",
    "NATO Secretary General Jens Stoltenberg",
    "Secretary of State Antony Blinken",
    "The Kremlin spokesman",
]
ACTS = [
    "said on {day} that talks would resume in Geneva.",
    "accused the other side of shelling villages near Donetsk on {day}.",
    "told reporters that troops would stay at the border.",
    "warned that sanctions would follow any attack.",
    "denied that an invasion was planned.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def long_text(n_bytes: int, seed: int = 7) -> str:
    """A report of about ``n_bytes``: dated once at the top, then paragraphs of statements."""
    rng = random.Random(seed)
    paragraphs, size, n = [], 0, 0
    while size < n_bytes:
        sentences = [
            f"{rng.choice(WHO)} {rng.choice(ACTS).format(day=rng.choice(DAYS))} Item {n}-{k}."
            for k in range(rng.randint(2, 6))
        ]
        paragraphs.append(" ".join(sentences))
        size += len(paragraphs[-1]) + 2
        n += 1
    return "A very long report\n2022-01-12\n\n" + "\n\n".join(paragraphs) + "\n"


def write_inputs(out: Path, mb: float, members: int, member_mb: float) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    big = out / "long_report.txt"
    big.write_text(long_text(int(mb * 1_000_000)), encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for k in range(members):
            z.writestr(f"member_{k}.txt", long_text(int(member_mb * 1_000_000), seed=k))
    bundle = out / "bundle.zip"
    bundle.write_bytes(buf.getvalue())
    return {"long text": big, "zip of members": bundle}


def run(args: list[str]) -> tuple[float, float, float, int, str]:
    """Seconds, CPU seconds and peak RSS (MB) of the child, exit code, last line of stderr.
    CPU seconds are what to compare on a shared machine; wall seconds depend on the load."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "sitroom.cli", *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    # ru_maxrss of children is the largest so far: run each case in its own probe for a
    # smaller figure after a larger one
    return seconds, cpu, after.ru_maxrss / 1024, proc.returncode, lines[-1] if lines else ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=15.0, help="size of the long text, MB")
    ap.add_argument("--members", type=int, default=5, help="members of the zip")
    ap.add_argument("--member-mb", type=float, default=19.0, help="size of each member, MB")
    ap.add_argument("--out", type=Path, help="folder for inputs and stores (default: temporary)")
    ap.add_argument("--only", choices=["text", "zip"], help="run one case only")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="sitroom-size-"))
    inputs = write_inputs(out, args.mb, args.members, args.member_mb)
    for name, path in inputs.items():
        if args.only and not name.startswith({"text": "long", "zip": "zip"}[args.only]):
            continue
        size = path.stat().st_size / 1e6
        db = out / f"{path.stem}.duckdb"
        db.unlink(missing_ok=True)
        for step in (["ingest", str(path)], ["process"]):
            seconds, cpu, peak, code, last = run([*step, "--db", str(db)])
            sys.stdout.write(
                f"{name} ({size:.1f} MB) {step[0]}: {seconds:.1f} s ({cpu:.1f} s CPU),"
                f" peak RSS {peak:.0f} MB, exit {code}: {last[:160]}\n"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()
