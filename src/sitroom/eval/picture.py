"""Checks of the crisis picture against the world: what the escalation index and the timeline
show around known turning points, and how a weekly index agrees with an outside daily score.

Nothing here is tuned to particular dates: the turning points are inputs, and the figures
are read off the same index an analyst gets from ``sitroom escalation``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from sitroom.errors import E, SitroomError
from sitroom.picture.escalation import (
    MIN_CONFIDENCE,
    by_day,
    cluster_weight,
    day_index,
    day_sums,
    dyad_clusters,
    escalation,
    largest_changes,
    prior_level,
    weekly,
)
from sitroom.picture.timeline import timeline
from sitroom.store.store import Store

CRISES = resources.files("sitroom.eval").joinpath("crises")


class Window(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    date_from: str = Field(alias="from")
    date_to: str = Field(alias="to")


class Crisis(BaseModel):
    """What the world checks need to know of one crisis: its dyads, its window, the days the
    picture must show and the words that name its meetings in a timeline."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = 1
    name: str
    description: str
    dyads: list[str]
    window: Window
    turning_points: dict[str, str]
    timeline_terms: dict[str, list[str]] = {}


def load_crisis(name_or_path: str | Path) -> Crisis:
    """A crisis file: a path, or the name of one shipped in ``sitroom/eval/crises``
    (``ukraine-2021-22``)."""
    path = Path(name_or_path)
    try:
        if path.suffix == ".json" or path.exists():
            text = path.read_text(encoding="utf-8")
        else:
            text = CRISES.joinpath(f"{name_or_path}.json").read_text(encoding="utf-8")
        return Crisis.model_validate_json(text)
    except OSError as exc:
        raise SitroomError(E.E001, path=str(name_or_path)) from exc
    except ValidationError as exc:
        raise SitroomError(E.E022, detail=f"{name_or_path}: {exc.errors()[0]['msg']}") from exc


def _around(rows: Sequence[Mapping[str, Any]], day: str, days: int) -> list[dict[str, Any]]:
    centre = date.fromisoformat(day)
    lo, hi = centre - timedelta(days=days), centre + timedelta(days=days)
    return [dict(r) for r in rows if lo <= date.fromisoformat(str(r["date"])) <= hi]


def world_check(store: Store, crisis: Crisis, *, days_around: int = 2) -> dict[str, Any]:
    """Per dyad of the crisis, over its window: the index rows around each turning point, its
    five largest day-to-day changes (with the rank of each turning point among all changes),
    and its weekly series."""
    out: dict[str, Any] = {}
    points = crisis.turning_points
    for dyad in crisis.dyads:
        rows = escalation(store, dyad, crisis.window.date_from, crisis.window.date_to)
        changes = largest_changes(rows, n=len(rows))
        rank = {c["date"]: i + 1 for i, c in enumerate(changes)}
        out[dyad] = {
            "days_with_events": sum(1 for r in rows if r["events"]),
            "largest_changes": changes[:5],
            "turning_points": {
                day: {
                    "label": label,
                    "change_rank": rank.get(day),
                    "rows": _around(rows, day, days_around),
                }
                for day, label in points.items()
            },
            "weekly": weekly(rows),
        }
    return out


def timeline_mentions(
    store: Store, date_from: str, date_to: str, terms: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """For each named happening, the days whose timeline entries (summaries, evidence,
    titles, key quotes) mention one of its ``terms`` (case-insensitive)."""
    found: dict[str, list[str]] = {name: [] for name in terms}
    for day in timeline(store, date_from, date_to):
        texts = [str(e.get("summary") or "") for e in day["events"]]
        texts += [str((e.get("evidence") or {}).get("title") or "") for e in day["events"]]
        texts += [q["content"]["text"] for q in day["quotes"]]
        blob = " ".join(texts).lower()
        for name, words in terms.items():
            if any(w.lower() in blob for w in words):
                found[name].append(day["date"])
    return found


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation (ties get their mean rank); None under three pairs."""
    if len(xs) != len(ys) or len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return round(cov / (vx * vy), 3) if vx and vy else None


def read_daily_scores(path: Path, date_field: str = "date", value_field: str = "score") -> (
    dict[str, float]
):  # fmt: skip
    """A CSV of outside daily scores (``date,score``) as ``{YYYY-MM-DD: score}``."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return {str(r[date_field])[:10]: float(r[value_field]) for r in csv.DictReader(fh)}
    except OSError as exc:
        raise SitroomError(E.E006, detail=f"{path}: {exc}") from exc
    except (KeyError, ValueError) as exc:
        raise SitroomError(E.E007, fmt="csv", record="?", detail=f"{path}: {exc}") from exc


def weekly_agreement(
    rows: Sequence[Mapping[str, Any]], outside: Mapping[str, float]
) -> dict[str, Any]:
    """Spearman rho between the weekly index and the weekly mean of an outside daily score,
    over the weeks both have."""
    ours = {w["week"]: w["index"] for w in weekly(rows) if w["index"] is not None}
    theirs: dict[str, list[float]] = {}
    for day, value in outside.items():
        d = date.fromisoformat(day)
        theirs.setdefault((d - timedelta(days=d.weekday())).isoformat(), []).append(value)
    weeks = sorted(set(ours) & set(theirs))
    xs = [float(ours[w]) for w in weeks]
    ys = [sum(theirs[w]) / len(theirs[w]) for w in weeks]
    return {"weeks": len(weeks), "rho": spearman(xs, ys)}


def _leave_largest_out(
    day: date, clusters: Sequence[Any], sums: Mapping[date, Sequence[float]]
) -> dict[str, Any]:
    """A day's index with and without its heaviest cluster (same prior level)."""
    level = prior_level(sums, day)
    value = day_index(day_sums(clusters), level)
    heaviest = max(clusters, key=cluster_weight)
    rest = [c for c in clusters if c is not heaviest]
    without = day_index(day_sums(rest), level) if rest else None
    change = None if without is None else abs(value - without)
    return {
        "date": day.isoformat(),
        "index": round(value, 3),
        "clusters": len(clusters),
        "without_largest": None if without is None else round(without, 3),
        "largest": heaviest.summary,
        "robust": bool(rest) and change is not None and change < abs(value) / 2,
    }


def index_checks(
    store: Store,
    dyad: str,
    date_from: str,
    date_to: str,
    *,
    min_confidence: float = MIN_CONFIDENCE,
    top: int = 5,
) -> dict[str, Any]:
    """The checks of issue 15 on one dyad's index over a window: its largest rise, and for
    its ``top`` days by index and by rise whether each rests on more than one cluster
    (at least two clusters, and leaving out the heaviest changes the day's value by less
    than half)."""
    rows = escalation(store, dyad, date_from, date_to, min_confidence=min_confidence)
    days = by_day(dyad_clusters(store, dyad, date_from, date_to, min_confidence=min_confidence))
    sums = {d: day_sums(cs) for d, cs in days.items()}
    changes = [c for c in largest_changes(rows, n=len(rows)) if c["change"] > 0]
    rises = sorted(changes, key=lambda c: -c["change"])[:top]
    by_value = sorted((r for r in rows if r["index"] is not None), key=lambda r: -r["index"])
    check = {
        name: [_leave_largest_out(d, days[d], sums) for d in picked]
        for name, picked in (
            ("top_days", [date.fromisoformat(r["date"]) for r in by_value[:top]]),
            ("top_rises", [date.fromisoformat(c["date"]) for c in rises]),
        )
    }
    return {
        "dyad": dyad,
        "days_with_events": sum(1 for r in rows if r["events"]),
        "largest_rise": rises[0] if rises else None,
        "alerts": [r["date"] for r in rows if r["alert"]],
        **check,
        "all_robust": all(d["robust"] for v in check.values() for d in v),
    }
