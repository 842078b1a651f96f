"""The daily briefing: one day of the crisis on a page, as standalone HTML or Markdown.

:func:`render_report` gathers the day's most important event clusters with their evidence
sentence, the change of the escalation index of each principal dyad over the last two weeks
(with a small inline SVG chart, so the page prints and works offline), the contested claims
first made that day, and the day's key quotes. The HTML has print CSS (A4, no cards split
across pages), so "print to PDF" from a browser gives a clean briefing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Any, Literal

from markupsafe import Markup, escape

from sitroom.picture import aggregate, corroborate
from sitroom.store.store import Store
from sitroom.web.app import Filters, principal_dyads, render, top_clusters

WINDOW_DAYS = 14
TOP_EVENTS = 8
SPARK_W = 220
SPARK_H = 48


@dataclass(frozen=True, slots=True)
class DyadChange:
    """The escalation of one dyad around the report day."""

    dyad: str
    rows: list[dict[str, Any]]
    today: float | None
    week_before: float | None
    events_today: int
    alert: str | None

    @property
    def delta(self) -> float | None:
        if self.today is None or self.week_before is None:
            return None
        return round(self.today - self.week_before, 3)


def _last_value(rows: list[dict[str, Any]], key: str) -> float | None:
    vals = [r[key] for r in rows if r[key] is not None]
    return float(vals[-1]) if vals else None


def escalation_changes(store: Store, day: str, dyads: list[str] | None = None) -> list[DyadChange]:
    """Each principal dyad's smoothed index on ``day`` against seven days earlier."""
    start = (Date.fromisoformat(day) - timedelta(days=WINDOW_DAYS - 1)).isoformat()
    week = (Date.fromisoformat(day) - timedelta(days=7)).isoformat()
    out = []
    for dyad in dyads if dyads is not None else principal_dyads(store):
        rows = aggregate.escalation(store, dyad, start, day)
        today = rows[-1] if rows else None
        out.append(
            DyadChange(
                dyad=dyad,
                rows=rows,
                today=_last_value(rows, "smoothed"),
                week_before=_last_value([r for r in rows if r["date"] <= week], "smoothed"),
                events_today=int(today["events"]) if today else 0,
                alert=today["alert"] if today else None,
            )
        )
    return out


def sparkline(rows: list[dict[str, Any]], label: str) -> Markup:
    """An inline SVG line of the smoothed index, alerts as dots, zero as a dashed line."""
    pts = [(i, r["smoothed"]) for i, r in enumerate(rows) if r["smoothed"] is not None]
    head = (
        f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{SPARK_W}" '
        f'height="{SPARK_H}" viewBox="0 0 {SPARK_W} {SPARK_H}" role="img" '
        f'aria-label="{escape(label)}">'
    )
    if not pts:
        return Markup(head + "</svg>")
    lo = min(0.0, *(v for _, v in pts))
    hi = max(0.0, *(v for _, v in pts))
    span = (hi - lo) or 1.0
    step = (SPARK_W - 8) / max(1, len(rows) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return 4 + i * step, SPARK_H - 4 - (v - lo) / span * (SPARK_H - 8)

    line = " ".join("{:.1f},{:.1f}".format(*xy(i, v)) for i, v in pts)
    zero = xy(0, 0.0)[1]
    parts = [
        head,
        f'<line x1="0" x2="{SPARK_W}" y1="{zero:.1f}" y2="{zero:.1f}" stroke="#adb5bd" '
        'stroke-dasharray="3 3"/>',
        f'<polyline fill="none" stroke="#1d232b" stroke-width="1.6" points="{line}"/>',
    ]
    for i, v in pts:
        x, y = xy(i, v)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6" fill="#1d232b"/>')
    for i, r in enumerate(rows):
        if r["alert"] and r["index"] is not None:
            x, y = xy(i, float(r["index"]))
            colour = "#c92a2a" if r["alert"] == "rise" else "#2f9e44"
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}"/>')
    return Markup("".join(parts) + "</svg>")


def gather(store: Store, day: str) -> dict[str, Any]:
    """Everything the briefing of ``day`` shows, as plain data."""
    corroborate.check_date(day)
    timeline = aggregate.timeline(store, day, day)
    return {
        "date": day,
        "top": top_clusters(store, day, Filters(), TOP_EVENTS),
        "changes": escalation_changes(store, day),
        "claims": corroborate.claims(store, date_from=day, date_to=day),
        "quotes": timeline[0]["quotes"] if timeline else [],
    }


def render_report(store: Store, date: str, fmt: Literal["html", "md"] = "html") -> str:
    """The daily briefing of ``date`` (YYYY-MM-DD) as standalone HTML or Markdown.

    Raises SitroomError E040 for a malformed date. A day without data gives a short
    briefing that says so.
    """
    data = gather(store, date)
    if fmt == "md":
        return _markdown(data)
    return render("report.html", sparkline=sparkline, **data)


# --------------------------------------------------------------------------- Markdown


def _md(text: Any) -> str:
    """One line of text with Markdown's active characters escaped."""
    flat = re.sub(r"\s+", " ", "" if text is None else str(text)).strip()
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", flat)


def _side(c: dict[str, Any]) -> str:
    src = ", ".join(c.get("source") or []) or "?"
    tgt = ", ".join(c.get("target") or []) or "?"
    return f"{_md(src)} → {_md(tgt)}"


def _md_top(top: list[dict[str, Any]]) -> list[str]:
    lines = ["## Top events", ""]
    for c in top:
        ev = c.get("evidence") or {}
        art = c.get("article") or {}
        mod = "" if c["modality"] == "asserted" else f" ({c['modality']})"
        lines.append(f"- **{_md(c['type'])}**{mod} {_side(c)}, {c['n_outlets']} outlet(s)")
        lines.append(f"  > {_md(ev.get('text') or c.get('summary'))}")
        lines.append(f"  — {_md(art.get('title') or 'article')}, {_md(art.get('outlet') or '')}")
    return [*lines, ""] if top else [*lines, "No event clusters on this day.", ""]


def _md_changes(changes: list[DyadChange]) -> list[str]:
    head = "| dyad | smoothed index | 7 days before | change | events today | alert today |"
    lines = ["## Escalation", "", head]
    lines.append("|---|---|---|---|---|---|")
    for ch in changes:
        cells = [ch.dyad, ch.today, ch.week_before, ch.delta, ch.events_today, ch.alert or ""]
        lines.append("| " + " | ".join(_md("" if v is None else v) for v in cells) + " |")
    return [*lines, ""]


def _md_claims(claims: list[dict[str, Any]]) -> list[str]:
    lines = ["## New contested claims", ""]
    for c in claims:
        for label, side in (("Claim", c["claim"]), (c["response"]["kind"], c["response"])):
            who = ", ".join(side.get("actors") or []) or "?"
            lines.append(f"- **{_md(label)}** ({_md(who)}): {_md(side.get('text'))}")
        lines.append("")
    return lines if claims else [*lines, "None.", ""]


def _md_quotes(quotes: list[dict[str, Any]]) -> list[str]:
    lines = ["## Key quotes", ""]
    for q in quotes:
        who = (q.get("speaker") or {}).get("name") or "Unattributed"
        said = _md(q["content"]["text"]).strip('"“”')
        lines.append(f"- **{_md(who)}**: “{said}” ({_md(q.get('outlet'))})")
    return [*lines, ""] if quotes else [*lines, "None.", ""]


def _markdown(data: dict[str, Any]) -> str:
    lines = [f"# sitroom daily briefing: {data['date']}", ""]
    lines += _md_top(data["top"])
    lines += _md_changes(data["changes"])
    lines += _md_claims(data["claims"])
    lines += _md_quotes(data["quotes"])
    return "\n".join(lines).rstrip() + "\n"
