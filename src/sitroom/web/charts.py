"""The overview's charts as inline SVG drawn on the server: no JavaScript, nothing to
download, so the page shows at once and its Content-Security-Policy allows no script.

Each point and bar carries a ``<title>`` (the browser's tooltip) with its date and value.
All text is escaped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

WIDTH = 900
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 28, 26
X_LABELS = 7


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    """About ``n`` round values spanning ``lo``..``hi``."""
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / n
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.floor(lo / step) * step
    return [round(first + i * step, 6) for i in range(n + 3) if first + i * step <= hi + step]


def _fmt(v: float) -> str:
    return f"{v:g}"


class _Frame:
    """Maps dates (by index) and values to SVG coordinates and draws the axes."""

    def __init__(self, dates: Sequence[str], lo: float, hi: float, height: int) -> None:
        self.dates = list(dates)
        self.ticks = _ticks(lo, hi)
        self.lo, self.hi = self.ticks[0], self.ticks[-1]
        self.height = height
        self.inner_w = WIDTH - LEFT - RIGHT
        self.inner_h = height - TOP - BOTTOM
        self.slot = self.inner_w / max(1, len(self.dates))

    def x(self, i: int) -> float:
        return LEFT + (i + 0.5) * self.slot

    def y(self, v: float) -> float:
        return TOP + (self.hi - v) / ((self.hi - self.lo) or 1.0) * self.inner_h

    def axes(self) -> list[str]:
        out = []
        for t in self.ticks:
            y = self.y(t)
            dash = "" if t == 0 else ' stroke-dasharray="2 3"'
            out.append(
                f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                f'stroke="#ced4da"{dash}/>'
                f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{_fmt(t)}</text>'
            )
        step = max(1, math.ceil(len(self.dates) / X_LABELS))
        for i in range(0, len(self.dates), step):
            out.append(
                f'<text x="{self.x(i):.1f}" y="{self.height - 8}" text-anchor="middle">'
                f"{escape(self.dates[i])}</text>"
            )
        return out


def _svg(height: int, label: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
        f'{height}" width="100%" role="img" aria-label="{escape(label)}" '
        'font-size="11" font-family="system-ui, sans-serif" fill="#1d232b">'
    )
    return Markup(head + "".join(body) + "</svg>")


def _legend(items: Sequence[tuple[str, str]]) -> list[str]:
    out, x = [], LEFT
    for name, colour in items:
        out.append(
            f'<rect class="legend" x="{x}" y="6" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="15">{escape(name)}</text>'
        )
        x += 24 + 7 * len(name)
    return out


def _volume_bars(
    series: dict[str, list[dict[str, Any]]], frame: _Frame, pos: dict[str, int]
) -> list[str]:
    """The news volume of each day (stored articles, the rows' ``articles``) as pale bars
    from the foot of the chart, scaled to its height, so that a rise in volume is not read
    as escalation."""
    volume: dict[str, int] = {}
    for rows in series.values():
        for r in rows:
            if r.get("articles") is not None:
                volume[str(r["date"])] = int(r["articles"])
    top = max(volume.values(), default=0)
    if not top:
        return []
    out = []
    foot = frame.height - BOTTOM
    for day, n in sorted(volume.items()):
        h = frame.inner_h * n / top
        x = frame.x(pos[day]) - frame.slot * 0.4
        out.append(
            f'<rect class="volume" x="{x:.1f}" y="{foot - h:.1f}" width="{frame.slot * 0.8:.1f}" '
            f'height="{h:.1f}" fill="#adb5bd" fill-opacity="0.35"><title>{escape(day)}: '
            f"{n} articles</title></rect>"
        )
    return out


def line_chart(
    series: dict[str, list[dict[str, Any]]], colours: Sequence[str], height: int = 260
) -> Markup:
    """The smoothed index of each dyad as a line, alerts as triangles at the day's index,
    the day's news volume as pale bars behind them."""
    dates = sorted({str(r["date"]) for rows in series.values() for r in rows})
    pos = {d: i for i, d in enumerate(dates)}
    values = [
        float(v)
        for rows in series.values()
        for r in rows
        for v in (r["smoothed"], r["index"] if r["alert"] else None)
        if v is not None
    ]
    frame = _Frame(dates, min([0.0, *values]), max([0.0, *values]), height)
    body = frame.axes() + _volume_bars(series, frame, pos)
    legend = []
    for n, (dyad, rows) in enumerate(series.items()):
        colour = colours[n % len(colours)]
        legend.append((dyad, colour))
        pts = [
            (pos[str(r["date"])], float(r["smoothed"])) for r in rows if r["smoothed"] is not None
        ]
        line = " ".join(f"{frame.x(i):.1f},{frame.y(v):.1f}" for i, v in pts)
        body.append(
            f'<polyline class="series" data-dyad="{escape(dyad)}" fill="none" '
            f'stroke="{colour}" stroke-width="2" points="{line}"/>'
        )
        for i, v in pts:
            body.append(
                f'<circle cx="{frame.x(i):.1f}" cy="{frame.y(v):.1f}" r="2.2" '
                f'fill="{colour}"><title>{escape(dyad)} {escape(dates[i])}: '
                f"{_fmt(v)}</title></circle>"
            )
        for r in rows:
            if r["alert"] and r["index"] is not None:
                x, y = frame.x(pos[str(r["date"])]), frame.y(float(r["index"]))
                tip = -6 if r["alert"] == "rise" else 6
                body.append(
                    f'<path class="alert {escape(r["alert"])}" d="M{x - 6:.1f},'
                    f'{y - tip:.1f} L{x + 6:.1f},{y - tip:.1f} L{x:.1f},{y + tip:.1f} Z" '
                    f'fill="{colour}"><title>{escape(r["alert"])} alert, {escape(dyad)} '
                    f"{escape(str(r['date']))}: index {r['index']}</title></path>"
                )
    return _svg(height, "escalation index by dyad", body + _legend(legend))


def stacked_bars(
    rows: Sequence[tuple[str, int, int]],
    names: dict[int, str],
    colours: dict[int, str],
    height: int = 220,
) -> Markup:
    """Bars per day stacked by class: ``rows`` are (date, class, count)."""
    dates = sorted({d for d, _, _ in rows})
    pos = {d: i for i, d in enumerate(dates)}
    totals: dict[str, int] = {}
    for d, _, n in rows:
        totals[d] = totals.get(d, 0) + n
    frame = _Frame(dates, 0.0, float(max(totals.values(), default=1)), height)
    body = frame.axes()
    base: dict[str, float] = dict.fromkeys(dates, 0.0)
    width = max(1.0, frame.slot * 0.8)
    for cls in sorted(names):
        for d, c, n in rows:
            if c != cls or n <= 0:
                continue
            y0, y1 = frame.y(base[d]), frame.y(base[d] + n)
            base[d] += n
            body.append(
                f'<rect class="bar q{cls}" x="{frame.x(pos[d]) - width / 2:.1f}" '
                f'y="{y1:.1f}" width="{width:.1f}" height="{max(0.5, y0 - y1):.1f}" '
                f'fill="{colours[cls]}"><title>{escape(d)}: {n} '
                f"{escape(names[cls])}</title></rect>"
            )
    legend = [(names[c], colours[c]) for c in sorted(names)]
    return _svg(height, "event clusters per day by quad class", body + _legend(legend))
