"""Rendering: the Jinja2 environment and templates, highlighted text, charts, and the
standalone pages (timeline, daily briefing) made from the picture's data.

Every article text, title and quote goes through Jinja2's autoescaping; highlighted text is
built by slicing the article at span offsets and escaping each piece (:func:`highlight`).
Chart data is embedded as JSON (``tojson`` escapes ``<``, ``>`` and ``&``) and drawn by
plotly, whose JavaScript is served from the installed ``plotly`` package at
``/static/plotly-<version>.min.js``: nothing is loaded from another host. The briefing's
charts are inline SVG (:func:`sparkline`), so the page prints and works offline.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from sitroom.picture.briefing import TopCluster, briefing
from sitroom.picture.timeline import TimelineDay
from sitroom.store.listings import QuadCount
from sitroom.store.store import Store
from sitroom.web.markdown import report_markdown

TEMPLATES = Path(__file__).parent / "templates"
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
QUAD_COLOURS = {1: "#2f9e44", 2: "#1971c2", 3: "#f08c00", 4: "#c92a2a"}
DYAD_COLOURS = ("#c92a2a", "#1971c2", "#2f9e44", "#7048e8", "#e8590c")
SPARK_W = 220
SPARK_H = 48


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["highlight_evidence"] = highlight_evidence
    env.globals["plotly_src"] = plotly_src
    env.globals["quad_names"] = QUAD_NAMES
    return env


def render(template: str, **context: Any) -> str:
    """Render one of the package's templates (autoescape on)."""
    return _env().get_template(template).render(**context)


@functools.lru_cache(maxsize=1)
def plotly_js() -> tuple[str, str]:
    """(version, minified JavaScript) of the installed plotly package."""
    import plotly  # type: ignore[import-untyped]
    from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

    return str(plotly.__version__), str(get_plotlyjs())


def plotly_src() -> str:
    """The URL our pages load plotly.js from (versioned, so it can be cached for good)."""
    import importlib.metadata

    return f"/static/plotly-{importlib.metadata.version('plotly')}.min.js"


# --------------------------------------------------------------------------- highlighting


@dataclass(frozen=True, slots=True)
class Mark:
    """A span of text to highlight: ``classes`` for CSS, ``anchor`` an element id."""

    start: int
    end: int
    classes: str
    anchor: str | None = None


def highlight(text: str, marks: Sequence[Mark]) -> Markup:
    """``text`` escaped, with each mark's stretch wrapped in ``<mark class=...>``.

    The text is cut at every mark boundary; each piece is escaped and wrapped with the classes
    of all marks covering it, so overlapping spans (an event inside a quote) both show.
    Marks outside the text are clipped; an anchor ``<span id>`` opens each mark.
    """
    n = len(text)
    clipped = [
        Mark(max(0, m.start), min(n, m.end), m.classes, m.anchor) for m in marks if m.start < n
    ]
    cuts = sorted({0, n, *(m.start for m in clipped), *(m.end for m in clipped)})
    out: list[str] = []
    for lo, hi in itertools.pairwise(cuts):
        for m in clipped:
            if m.start == lo and m.anchor:
                out.append(f'<span class="anchor" id="{escape(m.anchor)}"></span>')
        piece = str(escape(text[lo:hi]))
        classes = sorted(
            {c for m in clipped if m.start <= lo and hi <= m.end for c in m.classes.split()}
        )
        out.append(
            f'<mark class="{escape(" ".join(classes))}">{piece}</mark>' if classes else piece
        )
    return Markup("".join(out))


def highlight_evidence(evidence: dict[str, Any] | None) -> Markup:
    """An evidence sentence with its trigger highlighted (offsets are article offsets)."""
    if not evidence:
        return Markup("")
    text = str(evidence.get("text") or "")
    trig = evidence.get("trigger") or {}
    start = int(trig.get("start", -1)) - int(evidence.get("start", 0))
    end = start + len(str(trig.get("text", "")))
    if text[start:end] != trig.get("text") and trig.get("text"):
        start = text.find(str(trig["text"]))
        end = start + len(str(trig["text"]))
    marks = [Mark(start, end, "trigger")] if 0 <= start < end else []
    return highlight(text, marks)


def article_marks(
    events: Sequence[dict[str, Any]], quotes: Sequence[dict[str, Any]], selected: str | None
) -> list[Mark]:
    """The marks of an article's quotes (and cues) and events (and triggers), the
    ``selected`` one (an event or quote id) marked so."""
    marks: list[Mark] = []
    for q in quotes:
        sel = " selected" if q["quote_id"] == selected else ""
        c = q["content"]
        marks.append(Mark(c["start"], c["end"], "quote" + sel, f"q-{q['quote_id']}"))
        if q.get("cue"):
            marks.append(Mark(q["cue"]["start"], q["cue"]["end"], "cue"))
    for ev in events:
        sel = " selected" if ev["event_id"] == selected else ""
        e = ev["evidence"]
        marks.append(Mark(e["start"], e["end"], "evidence" + sel, f"ev-{ev['event_id']}"))
        t = e.get("trigger")
        if t:
            marks.append(Mark(t["start"], t["end"], "trigger"))
    return marks


def cluster_view(top: TopCluster) -> dict[str, Any]:
    """A top cluster as the templates show it: the cluster's fields, its ``evidence``, its
    representative event ``rep`` and that event's ``article``."""
    return {**top.cluster.to_dict(), "evidence": top.evidence, "rep": top.rep,
            "article": top.article}  # fmt: skip


# --------------------------------------------------------------------------- charts


def escalation_chart(series: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """A plotly figure (data and layout as plain JSON) of the smoothed index per dyad, with
    the news volume of each day (stored articles) as grey bars on a second axis, so that a
    rise in volume is not read as escalation."""
    data: list[dict[str, Any]] = []
    volume: dict[str, int] = {}
    for rows in series.values():
        for r in rows:
            if r.get("articles") is not None:
                volume[str(r["date"])] = int(r["articles"])
    if volume:
        days = sorted(volume)
        data.append(
            {
                "type": "bar",
                "name": "articles per day",
                "x": days,
                "y": [volume[d] for d in days],
                "yaxis": "y2",
                "marker": {"color": "rgba(150,150,150,0.35)"},
                "hovertemplate": "%{y} articles %{x}",
            }
        )
    for i, (dyad, rows) in enumerate(series.items()):
        colour = DYAD_COLOURS[i % len(DYAD_COLOURS)]
        data.append(
            {
                "type": "scatter",
                "mode": "lines",
                "name": dyad,
                "x": [r["date"] for r in rows],
                "y": [r["smoothed"] for r in rows],
                "line": {"color": colour, "width": 2},
                "connectgaps": True,
            }
        )
        for kind, symbol in (("rise", "triangle-up"), ("fall", "triangle-down")):
            hits = [r for r in rows if r["alert"] == kind]
            if hits:
                data.append(
                    {
                        "type": "scatter",
                        "mode": "markers",
                        "name": f"{dyad} {kind}",
                        "x": [r["date"] for r in hits],
                        "y": [r["index"] for r in hits],
                        "marker": {"symbol": symbol, "size": 11, "color": colour},
                        "showlegend": False,
                        "hovertemplate": f"{kind} alert %{{x}}",
                    }
                )
    layout = {
        "margin": {"l": 40, "r": 40, "t": 10, "b": 30},
        "height": 260,
        "yaxis": {"title": {"text": "conflict index"}, "zeroline": True},
        "yaxis2": {
            "title": {"text": "articles"},
            "overlaying": "y",
            "side": "right",
            "showgrid": False,
        },
        "legend": {"orientation": "h", "y": 1.12},
    }
    return {"data": data, "layout": layout}


def quad_chart(rows: Sequence[QuadCount]) -> dict[str, Any]:
    """A stacked bar figure of clusters per day by quad class."""
    data = []
    for qc, name in QUAD_NAMES.items():
        sel = [r for r in rows if r.quad_class == qc]
        data.append(
            {
                "type": "bar",
                "name": name,
                "x": [r.date for r in sel],
                "y": [r.n for r in sel],
                "marker": {"color": QUAD_COLOURS[qc]},
            }
        )
    layout = {
        "barmode": "stack",
        "height": 220,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 30},
        "legend": {"orientation": "h", "y": 1.15},
    }
    return {"data": data, "layout": layout}


def sparkline(rows: Sequence[dict[str, Any]], label: str) -> Markup:
    """An inline SVG line of the smoothed index, alerts as dots, zero as a dashed line."""
    pts = [(i, v) for i, r in enumerate(rows) if (v := r["smoothed"]) is not None]
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


# --------------------------------------------------------------------------- standalone pages


def timeline_html(days: list[TimelineDay]) -> str:
    """The timeline as a standalone HTML page (all text escaped)."""
    return render("timeline.html", days=days, standalone=True, filters={})


def render_report(store: Store, date: str, fmt: Literal["html", "md"] = "html") -> str:
    """The daily briefing of ``date`` (YYYY-MM-DD) as standalone HTML or Markdown: top
    events with evidence, escalation changes with charts, new contested claims, key quotes.
    The HTML has print CSS (A4, no cards split across pages), so "print to PDF" from a
    browser gives a clean briefing.

    Raises SitroomError E040 for a malformed date. A day without data gives a short
    briefing that says so.
    """
    data = briefing(store, date)
    if fmt == "md":
        return report_markdown(data)
    return render(
        "report.html", sparkline=sparkline, date=data.date,
        top=[cluster_view(t) for t in data.top], changes=data.changes, claims=data.claims,
        quotes=data.quotes,
    )  # fmt: skip
