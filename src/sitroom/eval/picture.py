"""Checks of the crisis picture against the world: what the escalation index and the timeline
show around known turning points, and how a weekly index agrees with an outside daily score.

Nothing here is tuned to particular dates: the turning points are inputs, and the figures
are read off the same index an analyst gets from ``sitroom escalation``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sitroom.errors import E, SitroomError
from sitroom.picture.escalation import escalation, largest_changes, weekly
from sitroom.picture.timeline import timeline
from sitroom.store.store import Store

DYADS = ("RUS-UKR", "RUS-USA", "RUS-NATO")
TURNING_POINTS: Mapping[str, str] = {
    "2022-01-10": "Geneva talks (US-Russia strategic stability dialogue)",
    "2022-01-12": "NATO-Russia Council, Brussels",
    "2022-01-13": "OSCE Permanent Council, Vienna",
    "2022-02-21": "Russia recognises the Donetsk and Luhansk 'republics'",
    "2022-02-24": "Russian invasion of Ukraine",
}


def _around(rows: Sequence[Mapping[str, Any]], day: str, days: int) -> list[dict[str, Any]]:
    centre = date.fromisoformat(day)
    lo, hi = centre - timedelta(days=days), centre + timedelta(days=days)
    return [dict(r) for r in rows if lo <= date.fromisoformat(str(r["date"])) <= hi]


def world_check(
    store: Store,
    dyads: Iterable[str] = DYADS,
    points: Mapping[str, str] = TURNING_POINTS,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    days_around: int = 2,
) -> dict[str, Any]:
    """Per dyad: the index rows around each turning point, its five largest day-to-day
    changes (with the rank of each turning point among all changes), and its weekly series."""
    out: dict[str, Any] = {}
    for dyad in dyads:
        rows = escalation(store, dyad, date_from, date_to)
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
