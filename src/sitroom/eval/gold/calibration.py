"""The event gold's labels for calibrating event confidence.

:func:`labelled_events` runs sitroom on the documents behind the items of ``gold/events`` (as
:func:`~sitroom.eval.gold.events.evaluate_gold_events` does) and labels each system event
whose trigger lies in an item: *fully right* when it is matched to a gold event (GUIDELINE
§8.1) with the right source, target and modality (the type is right by the matching); wrong
when it is a false positive or a matched event with any of those wrong; duplicates (neither
true nor false in the scoring) are left out. :func:`calibration_model` fits
:mod:`sitroom.extract.events.confidence` on the tuning half and gives the reliability table
of both halves. Only figures come out of here: no error listing of either half.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.config import Settings
from sitroom.eval.gold.common import SplitChoice, wanted
from sitroom.eval.gold.events import (
    GoldItem,
    SideKeys,
    build_documents,
    doc_key,
    gold_event,
    load_gold,
    placement,
    system_event,
)
from sitroom.eval.gold.events_score import match_item, sides_right
from sitroom.eval.gold.system import SystemDoc, run_system
from sitroom.eval.gold.texts import SharedTexts
from sitroom.extract.actors.base import ActorBase
from sitroom.extract.events import confidence as conf
from sitroom.records import Event


@dataclass(frozen=True)
class Labelled:
    split: str
    event: Event
    right: bool


def _item_labels(g: GoldItem, sysdoc: SystemDoc, keys: SideKeys) -> list[Labelled]:
    where = placement(g, sysdoc)
    events = sysdoc.extraction.events if sysdoc.extraction is not None else []
    kept = [
        (ev, s)
        for ev in events
        if (s := system_event(ev, where, keys, g.item.doc_date)) is not None
    ]
    gold = [gold_event(g, e) for e in g.events]
    m = match_item(gold, [s for _, s in kept], tuple(g.region))
    out: list[Labelled] = []
    for gi, si in m.pairs:
        src, tgt = sides_right(gold[gi], kept[si][1])
        ok = src and tgt and gold[gi].modality == kept[si][1].modality
        out.append(Labelled(g.item.split, kept[si][0], ok))
    out.extend(Labelled(g.item.split, kept[si][0], False) for si in m.false_positives)
    return out


def labelled_events(
    gold_dir: Path,
    settings: Settings,
    *,
    shared: Path | None = None,
    split: SplitChoice = "all",
    parse_cache: Path | None = None,
) -> list[Labelled]:
    """Every system event of the gold's items (of ``split``), labelled fully right or not."""
    texts = SharedTexts(shared)
    gold = [g for g in load_gold(gold_dir, texts) if wanted(g.item.split, split)]
    sysdocs = run_system(build_documents(gold, texts, settings), settings, parse_cache)
    keys = SideKeys(ActorBase.load([Path(p) for p in settings.actor_files]))
    out: list[Labelled] = []
    for g in gold:
        out.extend(_item_labels(g, sysdocs[doc_key(g.item)], keys))
    return out


#: The L2 penalties :func:`choose_l2` tries.
L2_GRID = (0.3, 1.0, 3.0, 10.0)


def _log_loss(p: float, y: bool) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return -math.log(p if y else 1 - p)


def choose_l2(
    samples: list[tuple[dict[str, float], bool]], grid: tuple[float, ...] = L2_GRID, folds: int = 5
) -> tuple[float, dict[float, float]]:
    """The penalty of ``grid`` with the lowest mean log loss in ``folds``-fold cross-validation
    over ``samples`` (item ``k`` in fold ``k % folds``: deterministic), and each one's loss."""
    losses: dict[float, float] = {}
    for l2 in grid:
        total = 0.0
        for f in range(folds):
            train = [s for k, s in enumerate(samples) if k % folds != f]
            held = [s for k, s in enumerate(samples) if k % folds == f]
            w, b = conf.fit(train, l2=l2, steps=1500)
            for x, y in held:
                z = b + sum(wi * x.get(n, 0.0) for n, wi in zip(conf.FEATURES, w, strict=True))
                total += _log_loss(conf.sigmoid(z), y)
        losses[l2] = round(total / max(1, len(samples)), 4)
    return min(grid, key=lambda g: (losses[g], g)), losses


def calibration_model(
    labelled: list[Labelled], coder: str, *, gold: str, l2: float | None = None
) -> conf.ConfidenceModel:
    """The confidence model of ``coder`` fitted on the tuning half of ``labelled`` (with the
    penalty ``l2``, or the one :func:`choose_l2` picks on that half), with the reliability
    table of each half under its own probabilities."""
    tune = [(conf.features(x.event), x.right) for x in labelled if x.split == "tune"]
    cv: dict[float, float] = {}
    if l2 is None:
        l2, cv = choose_l2(tune)
    weights, bias = conf.fit(tune, l2=l2)
    model = conf.ConfidenceModel(
        coder=coder,
        description=(
            "Calibrated event confidence: a logistic model of whether an event of this coder"
            " is fully right (type, source, target, modality) on gold/events, fitted on the"
            " tuning half by scripts/calibrate_events.py; reliability of both halves."
        ),
        features=list(conf.FEATURES),
        weights=[round(w, 4) for w in weights],
        bias=round(bias, 4),
        l2=l2,
        fitted_on={
            "gold": gold,
            "split": "tune",
            "events": len(tune),
            "fully_right": sum(y for _, y in tune),
            **{f"cv_log_loss_l2_{g:g}": loss for g, loss in cv.items()},
        },
        reliability={},
    )
    for half in ("tune", "check"):
        scored = [(model.probability(x.event), x.right) for x in labelled if x.split == half]
        model.reliability[half] = conf.reliability(scored)
    return model


def reliability_markdown(model: conf.ConfidenceModel) -> str:
    """The reliability table of both halves as a Markdown table."""
    lines = [
        "| confidence | tune: events | tune: fully right | check: events | check: fully right |",
        "|---|---:|---:|---:|---:|",
    ]
    tune, check = model.reliability.get("tune", []), model.reliability.get("check", [])
    for t, c in zip(tune, check, strict=False):
        lines.append(
            f"| {t.lo:.1f}-{t.hi:.1f} | {t.count} | {_share(t)} | {c.count} | {_share(c)} |"
        )
    return "\n".join(lines)


def _share(b: Any) -> str:
    return "-" if b.share_right is None else f"{b.share_right:.2f}"
