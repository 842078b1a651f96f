"""Fit the calibrated event confidence of one coder on the tuning half of ``gold/events``.

    .venv/bin/python scripts/calibrate_events.py --coder rules.v2
        [--parse-cache DIR] [--l2 X] [--out FILE] [--gold gold/events] [--shared ../shared]

Runs sitroom with the coder on the gold's documents, labels every event in an item fully right
(type, source, target and modality match a gold event) or not, fits the logistic model of
:mod:`sitroom.extract.events.confidence` on the tuning half only (its L2 penalty chosen by
5-fold cross-validation within that half unless ``--l2`` is given) and writes it, with the
reliability table of both halves, to ``src/sitroom/data/events_confidence_<coder>.json`` (the
file the coder's confidence then comes from). Prints the tables as Markdown. Prints figures
only: it lists no event of either half. Deterministic (plain gradient descent from zeros).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sitroom.config import load_settings
from sitroom.eval.gold.calibration import (
    calibration_model,
    labelled_events,
    reliability_markdown,
)
from sitroom.extract.events.confidence import FROZEN, model_path

ROOT = Path(__file__).resolve().parents[1]


def _shown(gold: Path) -> str:
    """The gold folder as the model file records it (relative to the repository if inside)."""
    try:
        return str(gold.resolve().relative_to(ROOT))
    except ValueError:
        return str(gold)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--coder", required=True)
    ap.add_argument("--gold", type=Path, default=ROOT / "gold" / "events")
    ap.add_argument("--shared", type=Path, default=None)
    ap.add_argument("--parse-cache", type=Path, default=None)
    ap.add_argument(
        "--l2", type=float, default=None, help="L2 penalty (default: chosen by 5-fold CV on tune)"
    )
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    if args.coder in FROZEN and args.out is None:
        sys.stderr.write(f"{args.coder} is released: its confidence never changes; give --out\n")
        return 2
    settings = load_settings(coder=args.coder)
    labelled = labelled_events(
        args.gold, settings, shared=args.shared, parse_cache=args.parse_cache
    )
    model = calibration_model(labelled, args.coder, gold=_shown(args.gold), l2=args.l2)
    out = args.out or model_path(args.coder)
    out.write_text(
        json.dumps(model.model_dump(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    weights = sorted(zip(model.features, model.weights, strict=True), key=lambda p: -abs(p[1]))
    sys.stdout.write(
        f"{args.coder}: {len(labelled)} events labelled; model written to {out}\n"
        + reliability_markdown(model)
        + "\nweights: "
        + ", ".join(f"{n} {w:+.2f}" for n, w in weights)
        + f"; bias {model.bias:+.2f}; l2 {model.l2:g}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
